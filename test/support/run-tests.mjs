#!/usr/bin/env node
// The test command's runner: bundles the test files (test-bundle.mjs), runs the bundles on plain
// node, `--jobs` at a time, cheap files several to a process (test-groups.mjs), and reports
// through summary-reporter.mjs. Tests are ordinary tap files (`npx tap test/x.test.ts` runs one as
// before).
//
// Usage: node test/support/run-tests.mjs [--jobs N] [--tap] [--checks] [--cpu] [--alone]
//        [--shuffle SEED] [--record] [FILE|FOLDER...]
// (default: test/**/*.test.ts). --tap prints the whole run's TAP instead of the summary; --checks
// also runs the format check and the type check, as one test point each, in the same job slots;
// --cpu prints each process's CPU seconds; --alone runs every file in a process of its own;
// --shuffle SEED mixes which files share a process, and their order (a test that passes only
// beside certain others shows up); --record runs every file alone and writes each one's CPU
// seconds to test-costs.json, which plans the groups and the order.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PassThrough } from 'node:stream';
import { parseArgs } from 'node:util';
import SummaryReporter from './summary-reporter.mjs';
import { bundleOf, bundleTests } from './test-bundle.mjs';
import { costsFile, exitDiag, groupResults, planJobs, readCosts } from './test-groups.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const outdir = join(root, '.test-build');
// Generous: a guard against a hung file on a loaded machine, not a speed check (as .taprc's timeout).
const TIMEOUT_S = 240;

const { values, positionals } = parseArgs({
  options: {
    jobs: { type: 'string' },
    tap: { type: 'boolean' },
    checks: { type: 'boolean' },
    cpu: { type: 'boolean' },
    alone: { type: 'boolean' },
    shuffle: { type: 'string' },
    record: { type: 'boolean' },
  },
  allowPositionals: true,
});
const cpu = values.cpu || values.record;
// Two jobs more than the cores. Many test files wait part of the time (on a child process, a
// server, the disk), and the extra jobs fill those gaps; beside another CPU-bound process they also
// take a larger share of the cores. On two cores, in a clean clone: idle, alternating, 3 jobs
// 198.9 and 188.5 s, 4 jobs 199.6 and 199.6 s; beside `node -e "for(;;){}"`, `npm test` 276 s
// with 3 and 240 s with 4 (docs/performance.md).
const jobs = Math.max(1, Number(values.jobs ?? process.env.RG_TEST_JOBS ?? availableParallelism() + 2));
/** The test files under a folder (or the file itself), relative to the root. */
const testFiles = (path) =>
  statSync(path).isDirectory()
    ? readdirSync(path, { recursive: true })
        .map((f) => relative(root, join(path, String(f))))
        .filter((f) => f.endsWith('.test.ts'))
    : [relative(root, path)];
const files = [...new Set((positionals.length > 0 ? positionals : ['test']).flatMap((p) => testFiles(resolve(p))))].map((f) => f.split('\\').join('/')).sort();

const texts = new Map(files.map((f) => [f, readFileSync(join(root, f), 'utf8')]));
/** The files whose text carries `marker`. */
const marked = (marker) => new Set(files.filter((f) => texts.get(f).includes(marker)));
// A file that imports modules by computed path (`import(`../src/${id}.js`)`) cannot be bundled:
// it says `// test-runner: unbundled` and runs through tsx, as under tap.
const unbundled = marked('// test-runner: unbundled');
// A file that spends most of its time waiting on timers (timeouts, stalled servers) says
// `// test-runner: waits` and runs in a lane of its own beside the --jobs ones, so its waiting
// does not hold a CPU's slot (served-bounds.test.ts: 15 s by the clock, 1.3 s of CPU).
const waits = marked('// test-runner: waits');
// A file that changes what its process shares (environment variables, the registries) says
// `// test-runner: alone`, and no other file runs in its process.
const alone = marked('// test-runner: alone');

// npm scripts run as test points: each prints nothing on success and its complaints on failure.
const CHECKS = values.checks ? { 'npm run format:check': ['run', '-s', 'format:check'], 'npm run typecheck': ['run', '-s', 'typecheck'] } : {};
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const planned = planJobs({
  names: [...Object.keys(CHECKS), ...files],
  costs: readCosts(root),
  canGroup: (f) => !(f in CHECKS) && !unbundled.has(f) && !waits.has(f) && !alone.has(f),
  grouping: !values.alone && !values.record,
  seed: values.shuffle === undefined ? undefined : Number(values.shuffle),
});
const queue = planned.map((j) => ({ ...j, waits: j.files.length === 1 && waits.has(j.name) }));
const groups = planned.filter((j) => j.group);
const total = planned.reduce((n, j) => n + j.files.length, 0);
await bundleTests({ root, outdir, files, unbundled, groups, timeoutS: TIMEOUT_S });

/** CPU seconds per process (a file alone, or a group), with --cpu. */
const cpuOf = new Map();

/** Runs one job (a file, a group of files or a check); resolves with what it printed and how it ended. */
function runJob(job, childId) {
  const { name, files: members } = job;
  const [cmd, args] =
    name in CHECKS
      ? [npm, CHECKS[name]]
      : [process.execPath, unbundled.has(name) ? ['--import=tsx', join(root, name)] : ['--enable-source-maps', bundleOf(outdir, job)]];
  const started = performance.now();
  // A group gets each of its files' time in turn; tap's own timeouts end a hung file from inside.
  const timeoutS = TIMEOUT_S * members.length;
  // --cpu: GNU time reports each process's user + system CPU seconds, which, unlike wall time, do not grow when the machine is busy.
  const [run, runArgs] = cpu ? ['/usr/bin/time', ['-f', 'RG_CPU %U %S', cmd, ...args]] : [cmd, args];
  return new Promise((done) => {
    const child = spawn(run, runArgs, {
      cwd: root,
      env: { ...process.env, TAP: '1', TAP_CHILD_ID: String(childId), TAP_OMIT_VERSION: '1', TAP_TIMEOUT: String(timeoutS) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (err += d));
    // This one ends a process that cannot end itself.
    const timer = setTimeout(() => child.kill('SIGKILL'), (timeoutS + 30) * 1000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const used = /RG_CPU ([\d.]+) ([\d.]+)\s*$/.exec(err);
      if (used) {
        cpuOf.set(name, { user: Number(used[1]), system: Number(used[2]), files: members.length });
        err = err.slice(0, used.index);
      }
      done({ out, err, code, signal, ms: performance.now() - started });
    });
  });
}

/** A file's TAP as tap's runner writes it: indented as a subtest, closed by a test point of the whole run. */
function asSubtest(file, { out, err, code, signal, ms }, n) {
  const ok = code === 0 && signal === null;
  // A check's output is not TAP: one test point, with what it printed when it failed.
  if (file in CHECKS) {
    const said = ok ? '' : `  ---\n  output: ${JSON.stringify(`${out}${err}`.slice(-4000))}\n  ...\n`;
    out = `${ok ? 'ok' : 'not ok'} 1 - ${file}\n${said}1..1\n`;
  }
  const body = out
    .replace(/\n$/, '')
    .split('\n')
    .map((l) => (l === '' ? '' : `    ${l}`))
    .join('\n');
  return closed(file, body, ok, ok ? [] : exitDiag({ code, signal, err }), ms, n);
}

const closed = (file, body, ok, diag, ms, n) => ({
  ok,
  text: `# Subtest: ${file}\n${body}\n${ok ? 'ok' : 'not ok'} ${n} - ${file} # time=${ms.toFixed(0)}ms\n${diag.map((l) => `${l}\n`).join('')}\n`,
});

/** A group's files as if each ran alone; files it never began go back in the queue, alone. */
function asSubtests(job, result, next) {
  const { reports, notBegun } = groupResults(job.files, result);
  for (const file of notBegun) queue.push({ name: file, files: [file], cost: 0, group: false, i: files.indexOf(file), waits: false });
  return reports.map((r) => closed(r.file, r.body, r.ok, r.diag, r.ms, next()));
}

const reporter = values.tap ? new PassThrough() : new SummaryReporter();
reporter.on('data', (d) => process.stdout.write(d));
const ended = new Promise((r) => reporter.on('end', r));
reporter.write('TAP version 14\n');
let failed = false;
let finished = 0;
/** Takes the next job of its lane until there is none. */
async function worker(lane) {
  for (;;) {
    const k = queue.findIndex((j) => j.waits === lane);
    if (k < 0) return;
    const [job] = queue.splice(k, 1);
    const result = await runJob(job, job.i + 1);
    const reports = job.group ? asSubtests(job, result, () => ++finished) : [asSubtest(job.name, result, ++finished)];
    for (const { ok, text } of reports) {
      if (!ok) failed = true;
      reporter.write(text);
    }
  }
}
await Promise.all([...Array.from({ length: jobs }, () => worker(false)), worker(true)]);
reporter.end(`1..${total}\n`);
await ended;
if (cpu) {
  const sorted = [...cpuOf].map(([f, c]) => [f, c.user + c.system, c]).sort((a, b) => b[1] - a[1]);
  const sum = sorted.reduce((s, [, c]) => s + c, 0);
  // Every process's figures, for comparing runs: the 25 printed are the ones worth a look.
  writeFileSync(join(outdir, 'cpu.json'), `${JSON.stringify(Object.fromEntries(sorted.map(([f, , c]) => [f, c])), null, 1)}\n`);
  process.stderr.write(
    `\nCPU seconds (user + system), ${sorted.length} processes, ${sum.toFixed(1)} in all (each one's in .test-build/cpu.json); the 25 largest:\n`,
  );
  for (const [f, c, { files: n }] of sorted.slice(0, 25)) process.stderr.write(`${c.toFixed(1).padStart(7)}  ${f}${n > 1 ? ` (${n} files)` : ''}\n`);
  // The runner's own share: bundling's JavaScript side and reading every file's TAP.
  const own = process.cpuUsage();
  process.stderr.write(`${((own.user + own.system) / 1e6).toFixed(1).padStart(7)}  this runner\n`);
  if (values.record) {
    // Tenths of a second: finer would only be this machine's noise.
    const costs = Object.fromEntries([...cpuOf].map(([f, c]) => [f, Math.round((c.user + c.system) * 10) / 10]));
    // A run of some files keeps the others' figures; a run of all of them drops files that are gone.
    const all = Object.entries(positionals.length > 0 ? { ...readCosts(root), ...costs } : costs).sort(([a], [b]) => (a < b ? -1 : 1));
    writeFileSync(costsFile(root), `${JSON.stringify(Object.fromEntries(all), null, 1)}\n`);
    process.stderr.write(`wrote ${sorted.length} files' CPU seconds to ${relative(root, costsFile(root))}\n`);
  }
}
process.exitCode = failed ? 1 : 0;
