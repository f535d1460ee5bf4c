import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import t from 'tap';
import { root } from '../support/helpers.js';
import { cliIn } from '../support/in-process.js';
import { cli } from './fixtures/cli.js';

// Help, version and "did you mean": the CLI's front door.

const verbs: Record<string, string[]> = {
  run: [
    '--model',
    '--suite',
    '--data',
    '--out',
    '--config',
    '--shard',
    '--seed',
    '--concurrency',
    '--batch-size',
    '--bootstrap',
    '--ci-level',
    '--ties',
    '--cache-dir',
    '--no-cache',
    '--quiet',
  ],
  score: ['--model', '--prompt', '--response', '--input', '--cache-dir', '--no-cache'],
  validate: ['--kind', '--suite', 'FILE'],
  report: ['--out', '--format', '--title', '--weights', '--policy', '--baseline', 'RUN_DIR'],
  gate: ['--policy', '--baseline', '--junit', '--summary', 'RUN_DIR'],
  // probe's subcommands have a help each; probe's own lists them.
  probe: ['bon', 'ppo', 'rewardgauge probe <command> --help'],
  'probe bon': ['--pool', '--model', '--out', '--bootstrap', '--samples', '--seed'],
  'probe ppo': ['--pool', '--model', '--out', '--bootstrap', '--samples', '--steps', '--kl-coef', '--heldout'],
  merge: ['--out', '--quiet', 'SHARD_DIR'],
  verify: ['--input', '--tolerance', '--units', '--percent'],
  export: ['--out', '--layout', '--external-data', '--python', '--trust-remote-code', '--no-check', 'HF_DIR'],
  distance: ['--mdp', '--canonical', '--norm', '--json', '--model', '--gold', '--suite', '--out'],
  correlate: ['--benchmark', '--outcome', '--out', '--rbo-p', '--include-baselines', 'RUN_DIR'],
  ls: ['suites', 'adapters', 'metrics', 'aggregators'],
};

t.test('--help and -h on each verb: exit 0, usage names the verb and its flags', async (t) => {
  for (const [verb, flags] of Object.entries(verbs)) {
    const r = await cliIn([...verb.split(' '), '--help']);
    t.equal(r.code, 0, `${verb} --help exits 0`);
    t.equal(r.stderr, '', `${verb} --help writes nothing to stderr`);
    t.match(r.stdout, new RegExp(`^Usage: rewardgauge ${verb}\\b`), `${verb} --help starts with its usage line`);
    for (const f of flags) t.ok(r.stdout.includes(f), `${verb} --help mentions ${f}`);
    t.ok(r.stdout.includes('-h, --help'), `${verb} --help mentions -h, --help`);
    const short = await cliIn([...verb.split(' '), '-h']);
    t.equal(short.code, 0, `${verb} -h exits 0`);
    t.equal(short.stdout, r.stdout, `${verb} -h prints the same help`);
  }
});

// The built package's main() for every verb, in one process rather than a binary per verb: each
// verb's module graph loads from dist/ and prints what the sources print, with nothing on stderr.
t.test('the built CLI prints the same help for every verb, and nothing else', async (t) => {
  const script = `
    import { Writable } from 'node:stream';
    import { main } from ${JSON.stringify(pathToFileURL(join(root, 'dist', 'cli', 'main.js')).href)};
    const sink = () => { const s = { text: '' }; s.stream = new Writable({ write(c, _e, done) { s.text += c; done(); } }); return s; };
    const got = {};
    for (const verb of ${JSON.stringify(Object.keys(verbs))}) {
      const out = sink();
      const err = sink();
      const code = await main([...verb.split(' '), '--help'], { stdout: out.stream, stderr: err.stream, env: process.env, cwd: process.cwd() });
      got[verb] = { code, stdout: out.text, stderr: err.text };
    }
    process.stdout.write(JSON.stringify(got));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  t.equal(r.status, 0, r.stderr);
  t.equal(r.stderr, '', 'no warning from any module');
  const got = JSON.parse(r.stdout) as Record<string, { code: number; stdout: string; stderr: string }>;
  for (const verb of Object.keys(verbs)) {
    const want = await cliIn([...verb.split(' '), '--help']);
    t.same(got[verb], { code: 0, stdout: want.stdout, stderr: '' }, `${verb} --help from dist/`);
  }
});

t.test('--help after other flags still shows help', async (t) => {
  const r = cli(['run', '--model', 'heuristic:length', '--help']);
  t.equal(r.code, 0);
  t.match(r.stdout, /^Usage: rewardgauge run/);
});

t.test('global help lists every verb', async (t) => {
  for (const args of [['--help'], ['-h']]) {
    const r = cli(args);
    t.equal(r.code, 0, `${args.join(' ')} exits 0`);
    t.match(r.stdout, /Usage: rewardgauge <command>/);
    for (const verb of Object.keys(verbs).filter((v) => !v.includes(' ')))
      t.match(r.stdout, new RegExp(`^  ${verb}\\s`, 'm'), `${args.join(' ')} lists ${verb}`);
  }
});

t.test('bare rewardgauge prints help and exits 2', async (t) => {
  const r = cli([]);
  t.equal(r.code, 2);
  t.match(r.stdout, /Usage: rewardgauge <command>/);
  for (const verb of Object.keys(verbs).filter((v) => !v.includes(' '))) t.ok(r.stdout.includes(verb), `lists ${verb}`);
});

t.test('unknown verb "rn" exits 2 and suggests "run"', async (t) => {
  const r = cli(['rn']);
  t.equal(r.code, 2);
  t.match(r.stderr, /unknown command "rn"/);
  t.match(r.stderr, /did you mean "run"/i);
  t.equal(r.stdout, '');
});

t.test('a flag before any verb is a usage error', async (t) => {
  const r = cli(['--model', 'heuristic:length']);
  t.equal(r.code, 2);
  t.match(r.stderr, /expected a command/);
});

t.test('unknown flag "--modle" exits 2 and suggests --model', async (t) => {
  const r = cli(['run', '--modle', 'heuristic:length']);
  t.equal(r.code, 2);
  t.match(r.stderr, /unknown option "--modle"/);
  t.match(r.stderr, /did you mean "--model"/i);
  const s = cli(['score', '--promt', 'x']);
  t.equal(s.code, 2, 'score too');
  t.match(s.stderr, /did you mean "--prompt"/i);
});

t.test('a string flag without its value exits 2', async (t) => {
  const r = cli(['run', '--model']);
  t.equal(r.code, 2);
  t.match(r.stderr, /--model/);
});

t.test('--version prints the package version', async (t) => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  for (const flag of ['--version', '-v']) {
    const r = cli([flag]);
    t.equal(r.code, 0, `${flag} exits 0`);
    t.equal(r.stdout, `${pkg.version}\n`, `${flag} prints ${pkg.version}`);
  }
});
