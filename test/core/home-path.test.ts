import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { expandHome, expandHomeAfterName } from '../../src/core/home-path.js';
import { modelSpecFromObject, parseModelSpec } from '../../src/core/model-spec.js';
import { cliIn } from '../support/in-process.js';
import { setEnv, tmp, writeJsonl } from '../support/helpers.js';

/** `~` in specs, path flags and config paths is the home folder: no shell expands it there. */

t.test('expandHome: ~ and ~/x only', async (t) => {
  t.equal(expandHome('~', '/h'), '/h');
  t.equal(expandHome('~/a/b', '/h'), '/h/a/b');
  t.equal(expandHome('~user/a', '/h'), '~user/a', '~user is not ours to resolve');
  t.equal(expandHome('a/~/b', '/h'), 'a/~/b', 'only at the start');
  t.equal(expandHome('/abs', '/h'), '/abs');
  t.equal(expandHomeAfterName('pairwise=~/p.jsonl', '/h'), 'pairwise=/h/p.jsonl');
  t.equal(expandHomeAfterName('~/p.jsonl', '/h'), '/h/p.jsonl');
});

// os.homedir() reads $HOME on POSIX: point it at a scratch folder so nothing lands in the real home.
function fakeHome(t: Test): string {
  const home = tmp(t);
  setEnv(t, { HOME: home });
  return home;
}

t.test('model specs: the target and option values', async (t) => {
  const home = fakeHome(t);
  const s = parseModelSpec('onnx:~/models/rm?tokenizer=~/tok&device=cpu');
  t.equal(s.target, join(home, 'models/rm'));
  t.same(s.options, { tokenizer: join(home, 'tok'), device: 'cpu' });
  t.equal(s.source, 'onnx:~/models/rm?tokenizer=~/tok&device=cpu', 'run.json shows the spec as written');
  t.equal(modelSpecFromObject({ adapter: 'scores', target: '~/s.jsonl' }).target, join(home, 's.jsonl'));
  t.equal(parseModelSpec('heuristic:length').target, 'length');
});

t.test('a run with ~ in the spec, --data SUITE=~/…, --out=~/… and a config file', async (t) => {
  const home = fakeHome(t);
  const pairs = [1, 2, 3].map((k) => ({ id: `p${k}`, prompt: `q${k}`, chosen: 'a longer answer', rejected: 'short' }));
  writeJsonl(home, 'pairs.jsonl', pairs);
  writeJsonl(
    home,
    'scores.jsonl',
    pairs.flatMap((p) => [
      { item: p.id, candidate: 'chosen', score: 1 },
      { item: p.id, candidate: 'rejected', score: 0 },
    ]),
  );
  const cwd = tmp(t);
  const r = await cliIn(
    ['run', '--model', 'scores:~/scores.jsonl', '--suite', 'pairwise', '--data', 'pairwise=~/pairs.jsonl', '--out=~/out', '--no-cache', '--quiet'],
    {
      cwd,
    },
  );
  t.equal(r.code, 0, r.stderr);
  t.ok(existsSync(join(home, 'out', 'run.json')), 'written under the home folder');
  t.notOk(existsSync(join(cwd, '~')), 'no folder named ~');

  const config = join(cwd, 'c.json');
  writeFileSync(config, JSON.stringify({ models: ['scores:~/scores.jsonl'], suites: [{ id: 'pairwise', data: '~/pairs.jsonl' }], out: '~/from-config' }));
  const c = await cliIn(['run', '--config', config, '--no-cache', '--quiet'], { cwd });
  t.equal(c.code, 0, c.stderr);
  t.ok(existsSync(join(home, 'from-config', 'run.json')), 'the config file’s paths too');
});
