import { join } from 'node:path';
import t from 'tap';
import { root, tmp } from '../support/helpers.js';
import { cliIn } from '../support/in-process.js';

const pool = join(root, 'datasets', 'bon-pool.jsonl');

t.test('probe: bad PPO settings and a too-large --samples exit 2 with the flag named', async (t) => {
  const dir = tmp(t);
  const cases: [string[], RegExp][] = [
    [['--lr', '0'], /--lr must be a number in \(0, Infinity\), got "0"/],
    [['--heldout', '0.95'], /--heldout must be a number in \[0, 0\.9\], got "0\.95"/],
    [['--kl-coef', 'x'], /--kl-coef must be a number in \[0, Infinity\], got "x"/],
    [['--steps', '0'], /--steps must be an integer ≥ 1, got "0"/],
    [['--samples', '33'], /has 32 samples per prompt, fewer than the 33 asked for/],
  ];
  for (const [flags, message] of cases) {
    const r = await cliIn(['probe', 'ppo', '--pool', pool, '-m', 'heuristic:length', '--no-cache', '--out', join(dir, 'out'), ...flags]);
    t.equal(r.code, 2, flags.join(' '));
    t.match(r.stderr, message);
  }
  const r = await cliIn(['probe', 'dpo', '--pool', pool, '-m', 'heuristic:length']);
  t.equal(r.code, 2);
  t.match(r.stderr, /expected one of bon, ppo, got "dpo"/);
});

t.test('probe bon --samples K: curves up to n = K over the first K samples', async (t) => {
  const dir = tmp(t);
  const r = await cliIn([
    'probe',
    'bon',
    '--pool',
    pool,
    '-m',
    'heuristic:length',
    '--samples',
    '4',
    '--no-cache',
    '--bootstrap',
    '50',
    '--out',
    join(dir, 'out'),
    '-q',
  ]);
  t.equal(r.code, 0, r.stderr);
  const { readFileSync } = await import('node:fs');
  const run = JSON.parse(readFileSync(join(dir, 'out', 'run.json'), 'utf8')) as {
    suites: { options: Record<string, string> }[];
    results: { subset: string }[];
  };
  t.equal(run.suites[0]!.options.samples, '4');
  t.same([...new Set(run.results.map((x) => x.subset))].sort(), ['all', 'n=1', 'n=2', 'n=4']);
});
