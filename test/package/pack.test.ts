import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import type { RunFile } from '../../src/core/run-schema.js';
import { root, tmp, writeJsonl } from '../support/helpers.js';

/**
 * The package as a user gets it: `npm pack`, installed into an empty folder without network, then
 * the CLI through `npx rewardgauge` and the API through `import ... from 'rewardgauge'` with a
 * plugin. Slow (the install copies about 150 packages), so it is one file and one install.
 */

t.setTimeout(600_000);

// tap hooks every child through NODE_OPTIONS; npm and the installed CLI need none of it.
const env = { ...process.env, NODE_OPTIONS: '', CI: 'true', npm_config_update_notifier: 'false' };
const npm = (args: string[], cwd: string): SpawnSyncReturns<string> => spawnSync('npm', args, { cwd, env, encoding: 'utf8', timeout: 300_000 });

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  version: string;
  dependencies: Record<string, string>;
  bin: Record<string, string>;
};

/**
 * `npm install --offline` resolves version ranges from cached registry metadata, which a cache
 * filled by `npm ci` does not hold (it fetched tarballs by the lockfile's URLs). Then the same
 * offline install goes through a lockfile: the project's own lock, its dev packages left out, with
 * the tarball as the one dependency. The versions are the ones the project is tested with.
 */
function lockFor(tarball: string): object {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean; devOptional?: boolean }> };
  const packages: Record<string, unknown> = {
    '': { name: 'app', dependencies: { rewardgauge: `file:${tarball}` } },
    'node_modules/rewardgauge': { version: pkg.version, resolved: `file:${tarball}`, dependencies: pkg.dependencies, bin: pkg.bin },
  };
  for (const [path, entry] of Object.entries(lock.packages)) if (path !== '' && !entry.dev && !entry.devOptional) packages[path] = entry;
  return { name: 'app', lockfileVersion: 3, requires: true, packages };
}

/**
 * Install the tarball into `app`; returns how, or the npm errors when no offline way worked. The
 * lockfile way first: after `npm ci` (CI, a fresh clone) it is the one that works, and the plain
 * install's failed attempt cost 2.2 s of CPU in every test run.
 */
function install(app: string, tarball: string): { how: string } | { failed: string } {
  const flags = ['--offline', '--no-audit', '--no-fund', '--ignore-scripts'];
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, dependencies: { rewardgauge: `file:${tarball}` } }));
  writeFileSync(join(app, 'package-lock.json'), JSON.stringify(lockFor(tarball), null, 2));
  const locked = npm(['ci', ...flags], app);
  if (locked.status === 0) return { how: 'npm ci --offline with the project lockfile (the cache has tarballs but no registry metadata)' };
  rmSync(join(app, 'package-lock.json'));
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true }));
  const direct = npm(['install', ...flags, tarball], app);
  if (direct.status === 0) return { how: 'npm install --offline TARBALL' };
  if (!/ENOTCACHED/.test(locked.stderr)) return { failed: `${locked.stderr}\n${direct.stderr}`.trim() };
  link(app, tarball);
  return { how: "no install: the npm cache lacks packages, so the unpacked tarball is linked to this checkout's node_modules" };
}

/** The last resort without a full npm cache: the tarball unpacked as node_modules/rewardgauge, its dependencies linked from this checkout. */
function link(app: string, tarball: string): void {
  const modules = join(app, 'node_modules');
  rmSync(modules, { recursive: true, force: true });
  mkdirSync(join(modules, '.bin'), { recursive: true });
  execFileSync('tar', ['xzf', tarball, '-C', app]);
  renameSync(join(app, 'package'), join(modules, 'rewardgauge'));
  for (const name of readdirSync(join(root, 'node_modules'))) {
    if (!name.startsWith('.') && name !== 'rewardgauge') symlinkSync(join(root, 'node_modules', name), join(modules, name));
  }
  const bin = join(modules, 'rewardgauge', pkg.bin.rewardgauge!);
  chmodSync(bin, 0o755);
  symlinkSync(bin, join(modules, '.bin', 'rewardgauge'));
}

t.test('the packed package installs offline and works from the CLI and the API, with a plugin', async (t) => {
  if (npm(['--version'], root).status !== 0) return void t.pass('npm is not available', { skip: 'needs npm on PATH' });
  if (!existsSync(join(root, 'dist', 'api', 'index.js'))) return void t.fail('dist/ is not built: run npm run build (npm test does)');
  const dir = tmp(t);
  // --ignore-scripts: `prepare` would rebuild dist/ while other test files run the built CLI.
  const packed = npm(['pack', '--ignore-scripts', '--json', '--pack-destination', dir], root);
  t.equal(packed.status, 0, packed.stderr);
  const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
  const files = info!.files.map((f) => f.path);
  for (const need of [
    'dist/api/index.js',
    'dist/api/index.d.ts',
    'dist/cli/bin.js',
    'datasets/pairwise.jsonl',
    'schemas/config.schema.json',
    'python/rewardgauge_hf/worker.py',
    'configs/quickstart.json',
  ]) {
    t.ok(files.includes(need), `the tarball holds ${need}`);
  }
  t.strictSame(
    files.filter((f) => /^(src|test|scripts|models)\//.test(f)),
    [],
    'no sources, tests or built models',
  );

  const app = join(dir, 'app');
  mkdirSync(app);
  const tarball = join(dir, info!.filename.replace(/^@.*\//, ''));
  const got = install(app, tarball);
  if ('failed' in got) return void t.fail(`no offline install worked:\n${got.failed}`);
  t.comment(`installed with ${got.how}`);
  t.ok(existsSync(join(app, 'node_modules', 'rewardgauge', 'dist', 'api', 'index.d.ts')));

  const run = spawnSync(
    'npx',
    ['--offline', 'rewardgauge', 'run', '--model', 'heuristic:length', '--suite', 'pairwise', '--out', 'out', '--no-cache', '--quiet'],
    {
      cwd: app,
      env,
      encoding: 'utf8',
      timeout: 120_000,
    },
  );
  t.equal(run.status, 0, run.stderr);
  const cliRun = JSON.parse(readFileSync(join(app, 'out', 'run.json'), 'utf8')) as RunFile;
  const dataLines = readFileSync(join(root, 'datasets', 'pairwise.jsonl'), 'utf8')
    .trim()
    .split('\n').length;
  t.equal(cliRun.suites[0]?.items, dataLines, 'the built-in data came with the package');

  // A plugin adapter that scores a response by its length in UTF-16 units, written as a user would.
  writeFileSync(
    join(app, 'len-plugin.mjs'),
    `import { defineAdapter, opt } from 'rewardgauge';
export default defineAdapter({
  id: 'my-len',
  description: 'response length',
  options: { scale: opt.number({ min: 0, description: 'multiplier', default: 1 }) },
  async create(spec, opts) {
    return { id: spec.id, spec: spec.source, fingerprint: 'my-len:' + opts.scale, batchSize: 8,
      async score(batch) { return batch.map((r) => r.response.length * opts.scale); } };
  },
});
`,
  );
  // Lengths 11 vs 5 (won), 2 vs 11 (lost), 6 vs 3 (won): accuracy 2/3.
  writeJsonl(app, 'pairs.jsonl', [
    { id: 'a', prompt: 'q1', chosen: 'long answer', rejected: 'short' },
    { id: 'b', prompt: 'q2', chosen: 'no', rejected: 'much longer' },
    { id: 'c', prompt: 'q3', chosen: 'yes it', rejected: 'yes' },
  ]);
  writeFileSync(
    join(app, 'script.mjs'),
    `import { evaluate, defineAdapter, defineSuite } from 'rewardgauge';
if (typeof defineAdapter !== 'function' || typeof defineSuite !== 'function') throw new Error('missing exports');
const run = await evaluate({
  models: ['my-len:x?scale=3'],
  suites: [{ id: 'pairwise', data: 'pairs.jsonl' }],
  plugins: ['./len-plugin.mjs'],
  cache: { enabled: false },
  bootstrap: { samples: 50 },
});
const row = run.results.find((r) => r.suite === 'pairwise' && r.metric === 'accuracy' && r.subset === 'all');
console.log(JSON.stringify({ value: row.value, n: row.n, fingerprint: run.models[0].fingerprint, plugins: run.config.plugins }));
`,
  );
  const script = spawnSync(process.execPath, ['script.mjs'], { cwd: app, env, encoding: 'utf8', timeout: 120_000 });
  t.equal(script.status, 0, script.stderr);
  const result = JSON.parse(script.stdout.trim().split('\n').at(-1)!) as {
    value: number;
    n: number;
    fingerprint: string;
    plugins: { file: string; id: string }[];
  };
  t.equal(result.value, 2 / 3);
  t.equal(result.n, 3);
  t.equal(result.fingerprint, 'my-len:3', 'opt.number parsed scale=3');
  t.match(result.plugins, [{ file: join(app, 'len-plugin.mjs'), id: 'my-len' }]);
  t.notOk(existsSync(join(app, 'reports')), 'evaluate without out writes nothing');

  // The declarations a TypeScript user compiles against, found through `exports` as NodeNext resolves them.
  writeFileSync(
    join(app, 'check.ts'),
    `import { evaluate, defineAdapter, defineMetric, defineSuite, opt, type Config, type RunFile, type ModelSpec, type RewardModel, type Suite } from 'rewardgauge';
const config: Config = { models: ['heuristic:length'], suites: ['pairwise'] };
export const run: Promise<RunFile> = evaluate(config, { out: 'o' });
export const metric = defineMetric({ id: 'm', description: 'd', higherIsBetter: true });
export const suite: Suite | undefined = undefined;
export const adapter = defineAdapter({
  id: 'a', description: 'd', options: { k: opt.int({ min: 1, default: 2, description: 'k' }) },
  async create(spec: ModelSpec, opts): Promise<RewardModel> {
    const k: number = opts.k;
    return { id: spec.source, spec: spec.source, fingerprint: String(k), batchSize: k };
  },
});
export { defineSuite };
`,
  );
  writeFileSync(
    join(app, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true, noEmit: true, skipLibCheck: true, types: [] },
      files: ['check.ts'],
    }),
  );
  const tsc = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', app], {
    cwd: app,
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  t.equal(tsc.status, 0, `a TypeScript user's file compiles against the package's types\n${tsc.stdout}`);
});
