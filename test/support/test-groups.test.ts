import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { bundleOf, bundleTests } from './test-bundle.mjs';
import { GROUP_BELOW_S, GROUP_CPU_S, groupResults, planJobs, splitGroup } from './test-groups.mjs';
import { root, tmp } from './helpers.js';

// The test command runs cheap test files several to a process (test/support/test-groups.mjs);
// these check that each file still passes, fails and cleans up as its own, and that the plan
// puts every file in exactly one job.

t.test('a group runs each file in a subtest of its own: its teardown before the next file, its failure its own', async (t) => {
  const dir = tmp(t);
  // The bundle inside the checkout, where its packages resolve (not .test-build/, which the runner running this test owns).
  mkdirSync(join(root, 'node_modules', '.cache'), { recursive: true });
  const build = mkdtempSync(join(root, 'node_modules', '.cache', 'rg-test-groups-'));
  t.teardown(() => rmSync(build, { recursive: true, force: true }));
  const files = ['first', 'second', 'exits'].map((f) => `test/fixtures/test-groups/${f}.ts`);
  const groups = [{ name: 'group-1', files, group: true }];
  await bundleTests({ root, outdir: build, files: [], unbundled: new Set(), groups, timeoutS: 60 });
  const log = join(dir, 'log.txt');
  writeFileSync(log, '');
  const run = spawnSync(process.execPath, [bundleOf(build, groups[0]!)], {
    env: { ...process.env, TAP: '1', TAP_OMIT_VERSION: '1', RG_GROUP_LOG: log },
    encoding: 'utf8',
  });
  t.equal(run.status, 1, 'the group failed (tap ends the process.exit(7) of the third file as a failure)');
  t.strictSame(readFileSync(log, 'utf8').trim().split('\n'), ['first: test', 'first: teardown', 'second: test']);

  const blocks = splitGroup(run.stdout);
  t.strictSame([...blocks.keys()], files, 'one block per file, named by it');
  t.match(blocks.get(files[0]!), { ok: true, ended: true });
  t.match(blocks.get(files[0]!)!.body.join('\n'), /^ {4}# Subtest: first passes$/m, "the file's tests are its block's subtests");
  t.match(blocks.get(files[1]!), { ok: false, ended: true });
  t.match(blocks.get(files[1]!)!.body.join('\n'), /^ {4}ok 1 - a top-level assertion$/m, "a top-level assertion is the file's");
  t.match(blocks.get(files[1]!)!.body.join('\n'), /not ok 1 - planted failure/);
  t.match(blocks.get(files[2]!), { ok: false, ended: true });

  const { reports, notBegun } = groupResults([...files, 'test/never.test.ts'], { out: run.stdout, err: run.stderr, code: run.status, signal: null });
  t.strictSame(
    reports.map((r) => [r.file, r.ok]),
    [
      [files[0], true],
      [files[1], false],
      [files[2], false],
    ],
  );
  t.strictSame(notBegun, ['test/never.test.ts'], 'a file never begun is handed back');
});

t.test('a file the process did not finish fails with its exit; the ones after it are handed back', async (t) => {
  const out = '# Subtest: a\n    ok 1 - x\n    1..1\nok 1 - a # time=1ms\n\n# Subtest: b\n    # Subtest: hangs\n';
  const { reports, notBegun } = groupResults(['a', 'b', 'c'], { out, err: 'killed', code: null, signal: 'SIGKILL' });
  t.strictSame(
    reports.map((r) => [r.file, r.ok]),
    [
      ['a', true],
      ['b', false],
    ],
  );
  t.match(reports[1]!.diag.join('\n'), /signal: SIGKILL/);
  t.strictSame(notBegun, ['c']);
});

t.test('a group whose files passed but whose process failed fails its last file', async (t) => {
  const out = '# Subtest: a\n    ok 1 - x\n    1..1\nok 1 - a # time=1ms\n\n# Subtest: b\n    ok 1 - y\n    1..1\nok 2 - b # time=2.5ms\n';
  const { reports } = groupResults(['a', 'b'], { out, err: 'boom', code: 1, signal: null });
  t.strictSame(
    reports.map((r) => [r.file, r.ok, r.ms]),
    [
      ['a', true, 1],
      ['b', false, 2.5],
    ],
  );
  t.match(reports[1]!.diag.join('\n'), /stderr: "boom"/);
  t.ok(groupResults(['a', 'b'], { out, err: '', code: 0, signal: null }).reports.every((r) => r.ok));
});

t.test('the plan: every file in exactly one job, groups only of cheap groupable files within the bound, costliest first', async (t) => {
  // Costs from a fixed sequence, so the packing is checked on many shapes without randomness.
  const names = Array.from({ length: 60 }, (_, k) => `f${String(k).padStart(2, '0')}`);
  const costs: Record<string, number> = {};
  names.forEach((f, k) => {
    if (k % 11 !== 5) costs[f] = ((k * 37) % 50) / 10;
  });
  const canGroup = (f: string) => !f.endsWith('3');
  for (const seed of [undefined, 1, 2]) {
    const jobs = planJobs({ names, costs, canGroup, seed });
    t.strictSame(jobs.flatMap((j) => j.files).sort(), names, `seed ${seed}: each file once`);
    for (const j of jobs.filter((j) => j.group)) {
      t.ok(
        j.files.every((f) => canGroup(f) && f in costs && costs[f]! < GROUP_BELOW_S),
        `${j.name}: cheap, known, groupable files`,
      );
      t.ok(j.cost <= GROUP_CPU_S + 1e-9, `${j.name}: ${j.cost} within ${GROUP_CPU_S}`);
    }
    const alone = jobs.filter((j) => !j.group).map((j) => j.name);
    const expectAlone = names.filter((f) => !canGroup(f) || !(f in costs) || costs[f]! >= GROUP_BELOW_S);
    t.strictSame(alone.sort(), expectAlone, `seed ${seed}: the rest alone`);
    t.ok(
      jobs.every((j, k) => k === 0 || jobs[k - 1]!.cost >= j.cost),
      'costliest first',
    );
  }
  const a = planJobs({ names, costs, canGroup, seed: 5 }).map((j) => j.files);
  t.strictSame(
    planJobs({ names, costs, canGroup, seed: 5 }).map((j) => j.files),
    a,
    'a seed gives the same plan twice',
  );
  t.notSame(
    planJobs({ names, costs, canGroup, seed: 6 }).map((j) => j.files),
    a,
    'another seed another',
  );
  t.ok(
    planJobs({ names, costs, canGroup, grouping: false }).every((j) => !j.group && j.files.length === 1 && j.name === j.files[0]),
    'without grouping every file is alone',
  );
});
