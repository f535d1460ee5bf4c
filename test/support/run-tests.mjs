#!/usr/bin/env node
// The test command's runner: bundles each test file with esbuild, runs the bundles on plain node,
// `--jobs` at a time, and reports through summary-reporter.mjs. Tests are ordinary tap files
// (`npx tap test/x.test.ts` runs one as before). Why not tap's runner: it starts every file with
// three module-loader hooks (tsx, tap's processinfo, tap's mock), each of which costs a loader
// thread, and about 1 s of CPU per file went to them; a bundle on plain node starts in about
// 0.4 s (figures in docs/performance.md).
//
// Bundling keeps each module's own location: `import.meta.url` (and dirname, filename) are
// replaced by the source file's, so paths a module resolves next to itself stay right.
//
// Usage: node test/support/run-tests.mjs [--jobs N] [--tap] [--checks] [FILE|FOLDER...]   (default:
// test/**/*.test.ts; --tap prints the whole run's TAP instead of the summary; --checks also runs
// the format check and the type check, as one test point each, in the same job slots)
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PassThrough } from 'node:stream';
import { parseArgs } from 'node:util';
import * as esbuild from 'esbuild';
import SummaryReporter from './summary-reporter.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const outdir = join(root, '.test-build');
// Generous: a guard against a hung file on a loaded machine, not a speed check (as .taprc's timeout).
const TIMEOUT_S = 240;

const { values, positionals } = parseArgs({
  options: { jobs: { type: 'string' }, tap: { type: 'boolean' }, checks: { type: 'boolean' }, cpu: { type: 'boolean' } },
  allowPositionals: true,
});
// One job more than the cores, three at most: idle, a third job on two cores measured the same as
// two (within this machine's noise), but beside another CPU-bound process it takes a larger share
// of the cores (7 min 40 s → 7 min 3 s with a busy loop running; docs/performance.md).
const jobs = Math.max(1, Number(values.jobs ?? process.env.RG_TEST_JOBS ?? Math.min(3, availableParallelism() + 1)));
/** The test files under a folder (or the file itself), relative to the root. */
const testFiles = (path) =>
  statSync(path).isDirectory()
    ? readdirSync(path, { recursive: true })
        .map((f) => relative(root, join(path, String(f))))
        .filter((f) => f.endsWith('.test.ts'))
    : [relative(root, path)];
const files = [...new Set((positionals.length > 0 ? positionals : ['test']).flatMap((p) => testFiles(resolve(p))))].map((f) => f.split('\\').join('/')).sort();

// Worker threads: from source, each worker would register tsx and compile its modules again
// (about 0.75 s of CPU per worker, and tests start hundreds of session workers). So each worker
// entry is bundled once, and the module that starts it gets the bundle's location, where it
// looks for a compiled `./<worker>.js` as it does in dist/.
const WORKERS = { 'src/gpu/pool.ts': 'src/gpu/session-worker.ts', 'src/metrics/parallel-draws.ts': 'src/metrics/draw-worker.ts' };
const hostUrl = (path) => {
  const host = relative(root, path).split('\\').join('/');
  return host in WORKERS ? pathToFileURL(join(outdir, host.replace(/\.ts$/, '.js'))).href : undefined;
};

/** Each TypeScript source with its own location written in, instead of the bundle's (a worker host: its bundled worker's). */
const ownLocation = {
  name: 'own-location',
  setup(build) {
    build.onLoad({ filter: /\.[cm]?ts$/ }, (args) => {
      const url = hostUrl(args.path) ?? pathToFileURL(args.path).href;
      const text = readFileSync(args.path, 'utf8').replace(/\bimport\.meta\.(url|dirname|filename)\b/g, (_, k) =>
        JSON.stringify(k === 'url' ? url : k === 'dirname' ? dirname(args.path) : args.path),
      );
      return { contents: text, loader: 'ts' };
    });
  },
};

// tap itself is bundled (with everything it imports), the project's other packages stay outside:
// resolving and loading tap's few hundred modules cost about 0.25 s of CPU per test file, a
// bundled copy about 0.02 s. CommonJS inside tap's tree needs `require`, which the banner gives.
const TAP = /^(tap|@tapjs\/.*)$/;
const inNodeModules = (path) => path.split('\\').join('/').includes('/node_modules/');
const tapInside = {
  name: 'tap-inside',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('node:') || TAP.test(args.path.replace(/^(@[^/]+\/[^/]+|[^/]+).*$/, '$1'))) return undefined;
      // An import from a module already in the bundle (one of tap's) is bundled too.
      return inNodeModules(args.importer) ? undefined : { external: true };
    });
  },
};

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

rmSync(outdir, { recursive: true, force: true });
const bundle = {
  outdir,
  outbase: root,
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Node parses every inline map of a module it loads under --enable-source-maps: maps without
  // the sources' text, and none for chunks of tap's code alone (see below), cost less per file.
  sourcemap: 'inline',
  sourcesContent: false,
  metafile: true,
  logLevel: 'warning',
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  plugins: [ownLocation, tapInside],
};
const built = await Promise.all([
  esbuild.build({ ...bundle, entryPoints: files.filter((f) => !unbundled.has(f)).map((f) => join(root, f)), outExtension: { '.js': '.mjs' } }),
  esbuild.build({ ...bundle, entryPoints: Object.values(WORKERS).map((f) => join(root, f)) }),
]);
// A chunk made only of packages (tap's) keeps no map: a stack trace through tap is not ours to read,
// and parsing its map cost each test file about 0.1 s of CPU.
for (const [out, { inputs }] of built.flatMap((b) => Object.entries(b.metafile.outputs))) {
  if (!out.endsWith('.map') && Object.keys(inputs).length > 0 && Object.keys(inputs).every((i) => i.includes('node_modules/'))) {
    const path = resolve(root, out);
    writeFileSync(path, readFileSync(path, 'utf8').replace(/\n\/\/# sourceMappingURL=data:[^\n]*\n?$/, '\n'));
  }
}

// The files that take longest, then the checks, start first, so that none of them is left running
// alone at the end. A stale entry only costs its place in the queue.
const SLOW = [
  'test/quickstart.test.ts',
  'test/package/pack.test.ts',
  'test/cli/local-models.test.ts',
  'test/cli/shard.test.ts',
  'test/report/browser.test.ts',
  'test/reference-models.test.ts',
  'test/cli/resume.test.ts',
  'test/cli/help.test.ts',
  'test/reliability/kill-anywhere.test.ts',
];
// npm scripts run as test points: each prints nothing on success and its complaints on failure.
const CHECKS = values.checks ? { 'npm run format:check': ['run', '-s', 'format:check'], 'npm run typecheck': ['run', '-s', 'typecheck'] } : {};
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const first = [...SLOW, ...Object.keys(CHECKS)];
const rank = (f) => (first.includes(f) ? first.indexOf(f) : first.length);
const queue = [...Object.keys(CHECKS), ...files].map((f, i) => ({ f, i, waits: waits.has(f) })).sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i);
const total = queue.length;

/** CPU seconds per file, with --cpu. */
const cpuOf = new Map();

/** Runs one bundle (or check); resolves with what it printed and how it ended. */
function runFile(file, childId) {
  const [cmd, args] =
    file in CHECKS
      ? [npm, CHECKS[file]]
      : [process.execPath, unbundled.has(file) ? ['--import=tsx', join(root, file)] : ['--enable-source-maps', join(outdir, file.replace(/\.ts$/, '.mjs'))]];
  const started = performance.now();
  // --cpu: GNU time reports each file's user + system CPU seconds, which, unlike wall time, do not grow when the machine is busy.
  const [run, runArgs] = values.cpu ? ['/usr/bin/time', ['-f', 'RG_CPU %U %S', cmd, ...args]] : [cmd, args];
  return new Promise((done) => {
    const child = spawn(run, runArgs, {
      cwd: root,
      env: { ...process.env, TAP: '1', TAP_CHILD_ID: String(childId), TAP_OMIT_VERSION: '1', TAP_TIMEOUT: String(TIMEOUT_S) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (err += d));
    // tap's own timeout ends a hung test from inside; this one ends a process that cannot.
    const timer = setTimeout(() => child.kill('SIGKILL'), (TIMEOUT_S + 30) * 1000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const cpu = /RG_CPU ([\d.]+) ([\d.]+)\s*$/.exec(err);
      if (cpu) {
        cpuOf.set(file, { user: Number(cpu[1]), system: Number(cpu[2]) });
        err = err.slice(0, cpu.index);
      }
      done({ file, out, err, code, signal, ms: performance.now() - started });
    });
  });
}

/** A file's TAP as tap's runner writes it: indented as a subtest, closed by a test point of the whole run. */
function asSubtest({ file, out, err, code, signal, ms }, n) {
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
  const diag = ok ? '' : `  ---\n  exitCode: ${code}\n  signal: ${signal}\n  stderr: ${JSON.stringify(err.slice(-4000))}\n  ...\n`;
  return { ok, text: `# Subtest: ${file}\n${body}\n${ok ? 'ok' : 'not ok'} ${n} - ${file} # time=${ms.toFixed(0)}ms\n${diag}\n` };
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
    const [{ f, i }] = queue.splice(k, 1);
    const { ok, text } = asSubtest(await runFile(f, i + 1), ++finished);
    if (!ok) failed = true;
    reporter.write(text);
  }
}
await Promise.all([...Array.from({ length: jobs }, () => worker(false)), worker(true)]);
reporter.end(`1..${total}\n`);
await ended;
if (values.cpu) {
  const sorted = [...cpuOf].map(([f, c]) => [f, c.user + c.system, c]).sort((a, b) => b[1] - a[1]);
  const sum = sorted.reduce((s, [, c]) => s + c, 0);
  // Every file's figures, for comparing runs: the 25 printed are the ones worth a look.
  writeFileSync(join(outdir, 'cpu.json'), `${JSON.stringify(Object.fromEntries(sorted.map(([f, , c]) => [f, c])), null, 1)}\n`);
  process.stderr.write(
    `\nCPU seconds (user + system), ${sorted.length} files, ${sum.toFixed(1)} in all (each file's in .test-build/cpu.json); the 25 largest:\n`,
  );
  for (const [f, c] of sorted.slice(0, 25)) process.stderr.write(`${c.toFixed(1).padStart(7)}  ${f}\n`);
}
process.exitCode = failed ? 1 : 0;
