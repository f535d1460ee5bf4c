import t from 'tap';
import { decimalNumber, integerOrProblem } from '../../src/core/numbers.js';
import { convertArg } from '../../src/cli/arg-kinds.js';
import { createModel } from '../../src/run/models.js';
import { parseModelSpec } from '../../src/core/model-spec.js';

// Regression (issue 18): numeric flags and spec options take only values a double holds exactly
// and that make sense; `Number(text)` used to turn 9007199254740993 into …992 and "" into 0.

t.test('integers: decimal digits only, within ±(2^53 − 1)', async (t) => {
  t.equal(integerOrProblem('42', 0), 42);
  t.equal(integerOrProblem(' 7 ', 1), 7, 'surrounding blanks are fine');
  t.equal(integerOrProblem('9007199254740991', 0), 9007199254740991, '2^53 − 1 is exact');
  t.equal(integerOrProblem('-0', 0), 0);
  t.match(integerOrProblem('9007199254740993', 0), /within ±9007199254740991 \(larger ones are not stored exactly\)/);
  t.match(integerOrProblem('9007199254740992', 0), /not stored exactly/, '2^53 is where neighbours merge');
  for (const bad of ['', ' ', '1.5', '1e3', '0x10', 'NaN', 'Infinity', '--1']) t.equal(integerOrProblem(bad, 0), 'must be an integer ≥ 0', JSON.stringify(bad));
  t.equal(integerOrProblem('0', 1), 'must be an integer ≥ 1');
  t.equal(integerOrProblem('11', 0, 10), 'must be an integer in [0, 10]');
});

t.test('decimal numbers: finite, no hex or blanks', async (t) => {
  t.equal(decimalNumber('0.25'), 0.25);
  t.equal(decimalNumber('-1.5e-3'), -0.0015);
  t.equal(decimalNumber('.5'), 0.5);
  for (const bad of ['', '0x1', 'Infinity', '1e400', 'NaN', '1,5']) t.equal(decimalNumber(bad), undefined, JSON.stringify(bad));
});

t.test('flags: --seed beyond 2^53 − 1 is a usage error (exit 2), not a neighbouring seed', async (t) => {
  const intArg = (name: string, text: string, min: number) => convertArg(name, { type: 'int', min, description: '' }, text);
  const numberArg = (name: string, text: string, min: number, max: number) => convertArg(name, { type: 'number', min, max, description: '' }, text);
  t.throws(() => intArg('seed', '9007199254740993', 0), {
    exitCode: 2,
    message: '--seed must be an integer within ±9007199254740991 (larger ones are not stored exactly), got "9007199254740993"',
  });
  t.throws(() => intArg('concurrency', '', 1), { exitCode: 2, message: '--concurrency must be an integer ≥ 1, got ""' });
  t.equal(intArg('seed', '123', 0), 123);
  t.throws(() => numberArg('rbo-p', '0x1', 0, 1), { exitCode: 2, message: /--rbo-p must be a number in \[0, 1\], got "0x1"/ });
  t.equal(numberArg('rbo-p', '0.5', 0, 1), 0.5);
});

t.test('spec options: delayMs must be ≥ 0, batchSize and seeds exact', async (t) => {
  const load = (spec: string) => createModel(parseModelSpec(spec), { seed: 0, cwd: '.' });
  await t.rejects(load('heuristic:length?delayMs=-5'), { exitCode: 2, message: 'model "heuristic:length?delayMs=-5": delayMs must be a number ≥ 0, got "-5"' });
  await t.rejects(load('heuristic:length?delayMs=NaN'), { exitCode: 2, message: /delayMs must be a number ≥ 0/ });
  await t.rejects(load('heuristic:random?seed=9007199254740993'), { exitCode: 2, message: /seed must be an integer within ±9007199254740991/ });
  await t.rejects(load('heuristic:length?batchSize=1e400'), { exitCode: 2, message: /batchSize must be an integer ≥ 1, got "1e400"/ });
  t.equal((await load('heuristic:length?batchSize=8')).batchSize, 8);
  t.ok(await load('heuristic:length?delayMs=0'), 'delayMs=0 is fine');
});
