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
// Usage: node test/support/run-tests.mjs [--jobs N] [--tap] [FILE|FOLDER...]   (default: test/**/*.test.ts;
// --tap prints the whole run's TAP instead of the summary)
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
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

const { values, positionals } = parseArgs({ options: { jobs: { type: 'string' }, tap: { type: 'boolean' } }, allowPositionals: true });
const jobs = Math.max(1, Number(values.jobs ?? process.env.RG_TEST_JOBS ?? Math.min(2, availableParallelism())));
/** The test files under a folder (or the file itself), relative to the root. */
const testFiles = (path) =>
  statSync(path).isDirectory()
    ? readdirSync(path, { recursive: true })
        .map((f) => relative(root, join(path, String(f))))
        .filter((f) => f.endsWith('.test.ts'))
    : [relative(root, path)];
const files = [...new Set((positionals.length > 0 ? positionals : ['test']).flatMap((p) => testFiles(resolve(p))))].map((f) => f.split('\\').join('/')).sort();

/** Each TypeScript source with its own location written in, instead of the bundle's. */
const ownLocation = {
  name: 'own-location',
  setup(build) {
    build.onLoad({ filter: /\.[cm]?ts$/ }, (args) => {
      const url = pathToFileURL(args.path).href;
      const text = readFileSync(args.path, 'utf8').replace(/\bimport\.meta\.(url|dirname|filename)\b/g, (_, k) =>
        JSON.stringify(k === 'url' ? url : k === 'dirname' ? dirname(args.path) : args.path),
      );
      return { contents: text, loader: 'ts' };
    });
  },
};

// A file that imports modules by computed path (`import(`../src/${id}.js`)`) cannot be bundled:
// it says `// test-runner: unbundled` and runs through tsx, as under tap.
const UNBUNDLED = '// test-runner: unbundled';
const unbundled = new Set(files.filter((f) => readFileSync(join(root, f), 'utf8').includes(UNBUNDLED)));

rmSync(outdir, { recursive: true, force: true });
await esbuild.build({
  entryPoints: files.filter((f) => !unbundled.has(f)).map((f) => join(root, f)),
  outdir,
  outbase: root,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'inline',
  logLevel: 'warning',
  plugins: [ownLocation],
});

/** Runs one bundle; resolves with what it printed and how it ended. */
function runFile(file, childId) {
  const args = unbundled.has(file) ? ['--import=tsx', join(root, file)] : ['--enable-source-maps', join(outdir, file.replace(/\.ts$/, '.mjs'))];
  const started = performance.now();
  return new Promise((done) => {
    const child = spawn(process.execPath, args, {
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
      done({ file, out, err, code, signal, ms: performance.now() - started });
    });
  });
}

/** A file's TAP as tap's runner writes it: indented as a subtest, closed by a test point of the whole run. */
function asSubtest({ file, out, err, code, signal, ms }, n) {
  const ok = code === 0 && signal === null;
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
let next = 0;
let finished = 0;
async function worker() {
  while (next < files.length) {
    const i = next++;
    const { ok, text } = asSubtest(await runFile(files[i], i + 1), ++finished);
    if (!ok) failed = true;
    reporter.write(text);
  }
}
await Promise.all(Array.from({ length: Math.min(jobs, files.length) }, worker));
reporter.end(`1..${files.length}\n`);
await ended;
process.exitCode = failed ? 1 : 0;
