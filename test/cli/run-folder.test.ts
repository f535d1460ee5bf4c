import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { runFolderName } from '../../src/cli/run-folder.js';
import { cliIn } from '../support/in-process.js';
import { tmp, writeJsonl } from '../support/helpers.js';

/** `run` without --out: a new reports/run-<time> per run, reports/latest pointing to the newest. */

t.test('the folder name is the UTC time, sortable and without colons', async (t) => {
  t.equal(runFolderName(new Date(Date.UTC(2026, 11, 3, 9, 7, 5))), 'run-20261203-090705');
});

const pairs = [{ id: 'p1', prompt: 'q', chosen: 'a long answer', rejected: 'no' }];
const args = (data: string) => ['run', '--model', 'heuristic:length', '--suite', 'pairwise', '--data', data, '--no-cache', '--quiet'];
const runs = (cwd: string) =>
  readdirSync(join(cwd, 'reports'))
    .filter((f) => f.startsWith('run-'))
    .sort();

t.test('two runs without --out: two folders, latest links to the second, the first untouched', async (t) => {
  const cwd = tmp(t);
  const data = writeJsonl(cwd, 'p.jsonl', pairs);
  t.equal((await cliIn(args(data), { cwd })).code, 0);
  const [first] = runs(cwd);
  t.match(first, /^run-\d{8}-\d{6}$/);
  const firstRun = readFileSync(join(cwd, 'reports', first!, 'run.json'), 'utf8');
  const second = await cliIn(args(data), { cwd });
  t.equal(second.code, 0, second.stderr);
  const both = runs(cwd);
  t.equal(both.length, 2, both.join(', '));
  const newest = both.find((f) => f !== first)!;
  const latest = join(cwd, 'reports', 'latest');
  t.ok(lstatSync(latest).isSymbolicLink(), 'latest is a symlink');
  t.equal(readlinkSync(latest), newest, 'relative, to the newest run');
  t.ok(existsSync(join(latest, 'run.json')), 'reports/latest/run.json reads through it');
  t.equal(readFileSync(join(cwd, 'reports', first!, 'run.json'), 'utf8'), firstRun, 'the first run is not overwritten');
  t.match(second.stdout, new RegExp(`wrote reports/${newest}/run.json`));
});

t.test('a reports/latest folder from before is kept under another name', async (t) => {
  const cwd = tmp(t);
  const data = writeJsonl(cwd, 'p.jsonl', pairs);
  mkdirSync(join(cwd, 'reports', 'latest'), { recursive: true });
  writeFileSync(join(cwd, 'reports', 'latest', 'run.json'), 'old');
  const r = await cliIn(
    args(data).filter((a) => a !== '--quiet'),
    { cwd },
  );
  t.equal(r.code, 0, r.stderr);
  const earlier = readdirSync(join(cwd, 'reports')).filter((f) => f.startsWith('run-earlier-'));
  t.equal(earlier.length, 1);
  t.equal(readFileSync(join(cwd, 'reports', earlier[0]!, 'run.json'), 'utf8'), 'old', 'its contents kept');
  t.ok(lstatSync(join(cwd, 'reports', 'latest')).isSymbolicLink());
  t.match(r.stderr, /the earlier reports\/latest folder is now run-earlier-/);
});

t.test('explicit --out writes there and leaves reports/ alone; a failed run leaves no empty folder', async (t) => {
  const cwd = tmp(t);
  const data = writeJsonl(cwd, 'p.jsonl', pairs);
  t.equal((await cliIn([...args(data), '--out', 'mine'], { cwd })).code, 0);
  t.ok(existsSync(join(cwd, 'mine', 'run.json')));
  t.notOk(existsSync(join(cwd, 'reports')), 'no reports folder');
  // A scores file without the item's scores: the model fails after the folder was made.
  const scores = writeJsonl(cwd, 's.jsonl', [{ item: 'other', candidate: 'chosen', score: 1 }]);
  const bad = await cliIn(['run', '--model', `scores:${scores}`, '--suite', 'pairwise', '--data', data, '--no-cache', '--quiet'], { cwd });
  t.not(bad.code, 0);
  t.same(runs(cwd), [], 'no empty run folder left');
});
