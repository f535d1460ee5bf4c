import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { findAll, parseXml } from '../gate/fixtures/xml.js';
import { binary, items, writeRun } from '../gate/fixtures/runs.js';
import { tmp } from '../support/helpers.js';
import { cliIn } from '../support/in-process.js';

// `rewardgauge gate` end to end: exit codes, output, JUnit, the Markdown summary and $GITHUB_STEP_SUMMARY.

/** The summary variable is cleared unless a test sets it, so a CI runner's own summary is never touched. */
const gate = (args: string[], env: NodeJS.ProcessEnv = {}) => cliIn(['gate', ...args], { env: { GITHUB_STEP_SUMMARY: '', ...env } });

const dir = tmp(t);
// Baseline: prod at 160/200 = 0.8. Candidate: bow-1 at 156/200 = 0.78, bow-2 at 150/200 = 0.75, and the baseline model length.
const pairwise = (ones: number) => ({ pairwise: items(binary(200, ones)) });
const base = await writeRun(dir, 'prod', {
  models: [
    { id: 'prod', items: pairwise(160) },
    { id: 'length', baseline: true, items: pairwise(100) },
  ],
  suites: [{ id: 'pairwise' }],
});
const cand = await writeRun(dir, 'new', {
  models: [
    { id: 'bow-1', items: pairwise(156) },
    { id: 'bow-2', items: pairwise(150) },
    { id: 'length', baseline: true, items: pairwise(100) },
  ],
  suites: [{ id: 'pairwise' }],
});
const policy = (name: string, value: unknown): string => {
  const file = join(dir, name);
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  return file;
};

t.test('every check holds → exit 0, a line per check and the verdict', async (t) => {
  const p = policy('pass.json', { rules: [{ model: 'bow-*', suite: 'pairwise', min: 0.7, maxDrop: 0.05 }] });
  const r = await gate([cand, '--policy', p, '--baseline', base]);
  t.equal(r.code, 0, r.stdout + r.stderr);
  const lines = r.stdout.trimEnd().split('\n');
  t.equal(lines.filter((l) => l.startsWith('PASS')).length, 4, 'bow-1 and bow-2 (not the baseline length), min and maxDrop each');
  t.match(r.stdout, /PASS\s+rule 1\s+bow-1 \/ pairwise \/ all \/ accuracy\s+maxDrop\s+0\.02\s+0\.05\s+drop 0\.02 ≤ maxDrop 0\.05 \(baseline prod 0\.8 → 0\.78/);
  t.match(r.stdout, /bow-2 \/ pairwise \/ all \/ accuracy\s+maxDrop\s+0\.05\s+0\.05/, 'drop 0.8 − 0.75 = 0.05 passes at maxDrop 0.05');
  t.notMatch(r.stdout, /length \//);
  t.equal(lines.at(-1), 'gate: PASS: all 4 check(s) hold (1 rule(s), 2 case(s))');
});

t.test('a failed check → exit 1; JUnit, --summary and $GITHUB_STEP_SUMMARY get the same outcome', async (t) => {
  const p = policy('fail.json', {
    rules: [
      { name: 'no regression', suite: 'pairwise', maxDrop: 0.03 },
      { model: 'length', suite: 'pairwise', max: 0.4 },
    ],
  });
  const [junit, summary, step] = ['out/gate.xml', 'out/summary.md', 'step.md'].map((f) => join(dir, f)) as [string, string, string];
  writeFileSync(step, '# an earlier step\n\n');
  const r = await gate([cand, '--policy', p, '--baseline', base, '--junit', junit, '--summary', summary], { GITHUB_STEP_SUMMARY: step });
  t.equal(r.code, 1, r.stdout + r.stderr);
  t.match(r.stdout, /^FAIL\s+no regression\s+bow-2 \/ pairwise \/ all \/ accuracy\s+maxDrop\s+0\.05\s+0\.03\s+drop 0\.05 > maxDrop 0\.03/m);
  t.match(r.stdout, /^FAIL\s+rule 2\s+length \/ pairwise \/ all \/ accuracy\s+max\s+0\.5\s+0\.4/m, 'a baseline model named exactly is gated');
  t.match(r.stdout, /gate: FAIL: 2 of 3 check\(s\) failed \(2 rule\(s\), 3 case\(s\)\)\n$/);

  const xml = parseXml(readFileSync(junit, 'utf8'));
  const cases = findAll(xml, 'testcase');
  t.same(
    cases.map((c) => [c.attrs.classname, c.attrs.name, findAll(c, 'failure').length]),
    [
      ['rewardgauge.gate.pairwise', 'bow-1 / all / accuracy', 0],
      ['rewardgauge.gate.pairwise', 'bow-2 / all / accuracy', 1],
      ['rewardgauge.gate.pairwise', 'length / all / accuracy', 1],
    ],
  );
  t.match(findAll(cases[1]!, 'failure')[0]!.attrs.message, /^maxDrop: drop 0\.05 > maxDrop 0\.03/);
  t.same([xml.attrs.tests, xml.attrs.failures], ['3', '2']);

  const md = readFileSync(summary, 'utf8');
  t.match(md, /^### ❌ FAIL: rewardgauge gate\n/);
  t.equal(md.split('\n').filter((l) => l.startsWith('| ')).length, 1 + 3);
  t.equal(readFileSync(step, 'utf8'), `# an earlier step\n\n${md}`, 'appended after what was there');
  await gate([cand, '--policy', p, '--baseline', base], { GITHUB_STEP_SUMMARY: step });
  t.equal(readFileSync(step, 'utf8'), `# an earlier step\n\n${md}${md}`, 'a second gate appends again');
});

t.test('a rule that selects nothing fails (exit 1) and says what there is', async (t) => {
  const p = policy('typo.json', { rules: [{ suite: 'pairwise', metric: 'accurcy', min: 0.6 }] });
  const r = await gate([cand, '--policy', p]);
  t.equal(r.code, 1);
  t.match(r.stdout, /FAIL .*select .*no result matches model=\* suite=pairwise subset=all metric=accurcy; available metrics: accuracy/);
});

t.test('bad policy → exit 2 naming the file and field, or the line of a JSON error', async (t) => {
  const schema = policy('schema.json', {
    rules: [
      { suite: 'pairwise', min: 0.5 },
      { suite: 'pairwise', maxDrop: '0.02' },
    ],
  });
  const r = await gate([cand, '--policy', schema, '--baseline', base]);
  t.equal(r.code, 2);
  t.equal(r.stdout, '', 'nothing checked');
  t.match(r.stderr, /schema\.json field "rules\[1\]\.maxDrop": expected number, got string "0\.02"/);
  const noCheck = await gate([cand, '--policy', policy('none.json', { rules: [{ suite: 'pairwise' }] })]);
  t.equal(noCheck.code, 2);
  t.match(noCheck.stderr, /none\.json field "rules\[0\]": a rule needs at least one check/);
  const syntax = await gate([cand, '--policy', policy('syntax.json', '{"rules": [\n  {"min": 0.5}\n  {"max": 1}\n]}')]);
  t.equal(syntax.code, 2);
  t.match(syntax.stderr, /syntax\.json:3:\d+: invalid JSON/);
  const missing = await gate([cand, '--policy', join(dir, 'absent.json')]);
  t.equal(missing.code, 2);
  t.match(missing.stderr, /absent\.json: file not found/);
});

t.test('usage and input errors → exit 2', async (t) => {
  const p = policy('drop.json', { rules: [{ suite: 'pairwise', maxDrop: 0.05 }] });
  const cases: [string, string[], RegExp][] = [
    ['no --policy', [cand], /--policy FILE is required/],
    ['no run folder', [join(dir, 'nope'), '--policy', p, '--baseline', base], /nope: no such run folder or run\.json/],
    ['no baseline folder', [cand, '--policy', p, '--baseline', join(dir, 'gone')], /gone: no such run folder or run\.json/],
    ['maxDrop without --baseline', [cand, '--policy', p], /rule 1 has maxDrop, which compares with a baseline run, but none was given \(--baseline RUN_DIR\)/],
    ['two run folders', [cand, base, '--policy', p], /expected one RUN_DIR, got 2/],
  ];
  for (const [what, args, message] of cases) {
    const r = await gate(args);
    t.equal(r.code, 2, what);
    t.match(r.stderr, message, what);
  }
  const broken = join(dir, 'broken-run.json');
  writeFileSync(broken, JSON.stringify({ schemaVersion: 1 }));
  const b = await gate([broken, '--policy', p, '--baseline', base]);
  t.equal(b.code, 2);
  t.match(b.stderr, /broken-run\.json field "tool": missing required field/);
});

t.test('noSignificantDrop needs scores.jsonl: missing or malformed → exit 2 with file and line', async (t) => {
  // bow-1 loses 4 of prod's items: a resample shows no drop when it draws none of them, (196/200)^200 ≈ 0.018 of the time,
  // which is above α = 0.01 (Q(0.99) of Δ is 0: no significant drop) and below α = 0.05 (significant).
  // 4000 resamples put the count of such resamples (mean 70, sd 8) far from both cut-offs (40 and 200).
  const p = policy('paired.json', { rules: [{ model: 'bow-1', suite: 'pairwise', noSignificantDrop: { alpha: 0.01, samples: 4000 } }] });
  const ok = await gate([cand, '--policy', p, '--baseline', base]);
  t.equal(ok.code, 0, ok.stdout + ok.stderr);
  t.match(
    ok.stdout,
    /PASS .*noSignificantDrop .*Q\(0\.99\) of Δ = 0 ≥ 0 \(Δ = -0\.02, 98% interval \[-0\.0\d+, 0\], n = 200 shared items, 4000 paired resamples, P\(Δ ≥ 0\) = 0\.0\d+, baseline prod\)/,
  );
  const strict = await gate([
    cand,
    '--policy',
    policy('paired-05.json', { rules: [{ model: 'bow-1', suite: 'pairwise', noSignificantDrop: { alpha: 0.05, samples: 4000 } }] }),
    '--baseline',
    base,
  ]);
  t.equal(strict.code, 1, strict.stdout);
  t.match(strict.stdout, /FAIL .*noSignificantDrop .*< 0: a significant drop/);
  const copy = await writeRun(dir, 'copy', { models: [{ id: 'prod', items: pairwise(160) }], suites: [{ id: 'pairwise' }] });
  appendFileSync(join(copy, 'scores.jsonl'), '{"model": "prod", "suite": "pairwise"\n');
  const bad = await gate([cand, '--policy', p, '--baseline', copy]);
  t.equal(bad.code, 2);
  t.match(bad.stderr, /copy\/scores\.jsonl:201:\d+: invalid JSON/);
  rmSync(join(copy, 'scores.jsonl'));
  const gone = await gate([cand, '--policy', p, '--baseline', copy]);
  t.equal(gone.code, 2);
  t.match(gone.stderr, /copy\/scores\.jsonl: file not found/);
});

t.test('on a real run of the trivial baselines: * selects none of them, an exact name does', async (t) => {
  const out = join(dir, 'real');
  const run = await cliIn([
    'run',
    '-m',
    'heuristic:length',
    '-m',
    'heuristic:random',
    '--suite',
    'pairwise',
    '--bootstrap',
    '50',
    '--out',
    out,
    '-q',
    '--no-cache',
  ]);
  t.equal(run.code, 0, run.stderr);
  const star = await gate([out, '--policy', policy('star.json', { rules: [{ min: 0 }] })]);
  t.equal(star.code, 1);
  t.match(star.stdout, /the models matching "\*" \(length, random\) are all marked baseline/);
  const named = await gate([
    out,
    '--policy',
    policy('named.json', { rules: [{ model: 'random', min: 0, max: 1, noSignificantDrop: { alpha: 0.05 } }] }),
    '--baseline',
    out,
  ]);
  t.equal(named.code, 0, named.stdout + named.stderr);
  t.match(named.stdout, /Δ = 0, 90% interval \[0, 0\]/, 'a run against itself');
  t.equal(named.stderr, '', 'files written today carry clusters: no warning');
});

t.test('a degenerate row fails instead of comparing 0 with 0: heuristic:constant against itself', async (t) => {
  const out = join(dir, 'constant');
  const run = await cliIn(['run', '-m', 'heuristic:constant', '--suite', 'pairwise', '--bootstrap', '20', '--out', out, '-q', '--no-cache']);
  t.equal(run.code, 0, run.stderr);
  // Every one of the 300 built-in pairs ties, so accuracy is 0 here and in the baseline: 0 ≥ min 0 and a drop of 0 used to pass.
  const junit = join(dir, 'constant.xml');
  const r = await gate([
    out,
    '--policy',
    policy('constant.json', { rules: [{ model: 'constant', suite: 'pairwise', min: 0, maxDrop: 0 }] }),
    '--baseline',
    out,
    '--junit',
    junit,
  ]);
  t.equal(r.code, 1, r.stdout + r.stderr);
  const why = 'not compared: this result is degenerate: all 300 compared items tied (the compared responses scored equal)';
  t.match(r.stdout, new RegExp(`^FAIL\\s+rule 1\\s+constant / pairwise / all / accuracy\\s+min\\s+–\\s+0\\s+${why.replace(/[()]/g, '\\$&')}$`, 'm'));
  t.match(r.stdout, /^FAIL\s+rule 1\s+constant \/ pairwise \/ all \/ accuracy\s+maxDrop\s+/m);
  t.match(r.stdout, /gate: FAIL: 2 of 2 check\(s\) failed/);
  t.match(findAll(parseXml(readFileSync(junit, 'utf8')), 'failure')[0]!.attrs.message, `min: ${why}`);
});

t.test('help: the verb is listed, and gate --help names its flags', async (t) => {
  t.match((await cliIn(['--help'])).stdout, /^ {2}gate {2,}Check a run against a release policy/m);
  const r = await gate(['--help']);
  t.equal(r.code, 0);
  t.match(r.stdout, /^Usage: rewardgauge gate \[options\] RUN_DIR\n/);
  for (const flag of ['--policy FILE', '--baseline RUN_DIR', '--junit FILE', '--summary FILE', 'GITHUB_STEP_SUMMARY']) t.ok(r.stdout.includes(flag), flag);
});
