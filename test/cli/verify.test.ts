import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { tmp, writeJsonl } from '../support/helpers.js';
import { cliIn } from '../support/in-process.js';

// `rewardgauge verify`: one JSON line per input line, in order.
const lines = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

t.test('verify --input prints verdicts in input order', async (t) => {
  const dir = tmp(t);
  const file = writeJsonl(dir, 'in.jsonl', [
    { gold: '\\frac{1}{3}', response: 'so \\boxed{\\frac{12}{36}}' },
    { gold: '(1,2)', response: '\\boxed{[1,2]}' },
    { gold: '5', response: 'no idea' },
    { gold: '0.5', response: '\\boxed{50\\%}' },
  ]);
  const r = await cliIn(['verify', '--input', file]);
  t.equal(r.code, 0, r.stderr);
  const out = lines(r.stdout);
  t.same(
    out.map((o) => [o.correct, o.extracted]),
    [
      [true, '\\frac{12}{36}'],
      [false, '[1,2]'],
      [false, null],
      [false, '50\\%'],
    ],
  );
  t.ok(out.every((o) => 'normalizedGold' in o && 'normalizedAnswer' in o && typeof o.reason === 'string'));
  t.equal(out[2]!.reason, 'no-answer');
  const pct = lines((await cliIn(['verify', '-i', file, '--percent', '--tolerance', '1e-6'])).stdout);
  t.equal(pct[3]!.correct, true, '--percent');
  const units = writeJsonl(dir, 'u.jsonl', [{ gold: '5', response: '\\boxed{5\\text{ cm}}' }]);
  t.equal(lines((await cliIn(['verify', '-i', units])).stdout)[0]!.correct, false);
  t.equal(lines((await cliIn(['verify', '-i', units, '--units', 'strip'])).stdout)[0]!.correct, true, '--units strip');
});

t.test('malformed input: exit 2 with line and field', async (t) => {
  const dir = tmp(t);
  const missing = join(dir, 'missing.jsonl');
  writeFileSync(missing, '{"gold":"1","response":"\\\\boxed{1}"}\n{"gold":"2"}\n');
  const r = await cliIn(['verify', '--input', missing]);
  t.equal(r.code, 2);
  t.match(r.stderr, /missing\.jsonl:2 field "response"/);
  const typed = join(dir, 'typed.jsonl');
  writeFileSync(typed, '{"gold":3,"response":"x"}\n');
  t.match((await cliIn(['verify', '-i', typed])).stderr, /typed\.jsonl:1 field "gold"/);
  const broken = join(dir, 'broken.jsonl');
  writeFileSync(broken, '{"gold":"1","response":"x"}\n{not json\n');
  const b = await cliIn(['verify', '-i', broken]);
  t.equal(b.code, 2);
  t.match(b.stderr, /broken\.jsonl:2/);
  t.equal((await cliIn(['verify'])).code, 2, 'no --input');
  t.equal((await cliIn(['verify', '-i', missing, '--units', 'drop'])).code, 2);
  t.equal((await cliIn(['verify', '-i', missing, '--tolerance', 'x'])).code, 2);
});
