import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { bin, tmp, type CliResult } from '../support/helpers.js';
import { cacheLines, ok, readRun } from '../cli/fixtures/cli.js';
import { cliIn } from '../support/in-process.js';

// Filesystem failures end as exit 2 with the path and the operation, never "internal error" with a
// stack and exit 3 as before. The full disk and the read-only cache are real here: a 100 KiB tmpfs
// and a read-only bind mount, made inside a user and mount namespace (`unshare -Urm`, no root
// needed where the kernel allows unprivileged namespaces; skipped where it does not). A denied
// folder is real too: chmod, and as root `unshare -U` so the permission bits apply.

const base = ['--suite', 'pairwise', '--model', 'heuristic:random', '--quiet'];
const env = { ...process.env, CI: 'true', NODE_OPTIONS: '' };

/** In a fresh user+mount namespace: `setup` (shell), the CLI with `args`, then `after` (shell, its output to stderr); undefined when namespaces are unavailable. */
function cliInNamespace(setup: string, args: readonly string[], cwd: string, after = 'true'): CliResult | undefined {
  const probe = spawnSync('unshare', ['-Urm', 'sh', '-c', 'mount -t tmpfs -o size=4k none /mnt 2>/dev/null || mount -t tmpfs -o size=4k none "$0"', cwd], {
    encoding: 'utf8',
  });
  if (probe.status !== 0) return undefined;
  const script = `${setup} || exit 99; "$0" "$@"; rc=$?; { ${after}; } >&2; exit $rc`;
  const r = spawnSync('unshare', ['-Urm', 'sh', '-c', script, process.execPath, bin, ...args], { cwd, env, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

function usageError(t: Test, r: CliResult, message: string | RegExp): void {
  t.equal(r.code, 2, `exit 2\n${r.stderr}`);
  t.match(r.stderr, message);
  t.notMatch(r.stderr, /internal error|\n\s+at /, 'no stack trace');
}

const tmpFiles = (dir: string): string[] => readdirSync(dir).filter((f) => f.endsWith('.tmp'));

t.test('--out is a file (EEXIST) or under a file (ENOTDIR): exit 2 before any scoring', async (t) => {
  const dir = tmp(t);
  const file = join(dir, 'afile');
  writeFileSync(file, 'x');
  const cache = join(dir, 'cache');
  usageError(
    t,
    await cliIn(['run', ...base, '--out', file, '--cache-dir', cache]),
    `rewardgauge: error: cannot create folder ${file}: a file of that name is in the way (EEXIST)\n`,
  );
  usageError(
    t,
    await cliIn(['run', ...base, '--out', join(file, 'sub'), '--cache-dir', cache]),
    `cannot create folder ${join(file, 'sub')}: a part of the path is a file, not a folder (ENOTDIR); ${file} is a file`,
  );
  t.equal(cacheLines(cache), 0, 'refused before the model was asked anything');
  usageError(t, await cliIn(['report', join(dir, 'nowhere'), '--out', join(file, 'x.html')]), /error: /);
});

t.test('run.json is a folder (EISDIR): exit 2, the old scores.jsonl kept, no temporary file, the scores in the cache', async (t) => {
  const dir = tmp(t);
  const out = join(dir, 'out');
  mkdirSync(join(out, 'run.json'), { recursive: true });
  writeFileSync(join(out, 'scores.jsonl'), 'old\n');
  const cache = join(dir, 'cache');
  const r = await cliIn(['run', ...base, '--out', out, '--cache-dir', cache]);
  usageError(t, r, `cannot write ${join(out, 'run.json')}: it is a folder (EISDIR); the scores are in the score cache ${cache}`);
  t.equal(readFileSync(join(out, 'scores.jsonl'), 'utf8'), 'old\n', 'scores.jsonl is not replaced without its run.json');
  t.same(tmpFiles(out), [], 'no temporary file left');
  t.ok(cacheLines(cache) > 0, 'the scores were cached');
});

t.test('a full disk (real ENOSPC on a 100 KiB tmpfs): exit 2, nothing half-written, and the rerun asks no model', async (t) => {
  const dir = tmp(t);
  const mnt = join(dir, 'mnt');
  mkdirSync(mnt);
  const cache = join(dir, 'cache');
  // The built-in pairwise suite's scores.jsonl is far over the 40 KiB left after the padding.
  const setup = `mount -t tmpfs -o size=100k none '${mnt}' && head -c 61440 /dev/zero > '${mnt}/pad'`;
  // The mount goes with the namespace: what is left in --out is listed from inside it.
  const r = cliInNamespace(setup, ['run', ...base, '--out', join(mnt, 'out'), '--cache-dir', cache], dir, `echo "left in out: [$(ls -A '${mnt}/out')]"`);
  if (!r) return void t.pass('full disk', { skip: 'no user and mount namespaces here (unshare -Urm)' });
  usageError(
    t,
    r,
    `cannot write ${join(mnt, 'out', 'scores.jsonl')}: no space left on device (ENOSPC); the scores are in the score cache ${cache}: rerun with a writable --out`,
  );
  t.match(r.stderr, 'left in out: []\n', 'no temporary file left behind (before: a scores.jsonl.PID.tmp)');
  const again = await cliIn(['run', ...base.filter((a) => a !== '--quiet'), '--out', join(dir, 'out'), '--cache-dir', cache]);
  ok(t, again, 'the rerun elsewhere');
  t.match(again.stderr, /\b0 model calls\b/, 'everything came from the cache');
});

t.test('a folder that cannot be written (EACCES): exit 2 before scoring', async (t) => {
  const dir = tmp(t);
  const locked = join(dir, 'locked');
  mkdirSync(locked);
  chmodSync(locked, 0o555);
  t.teardown(() => chmodSync(locked, 0o755));
  const args = ['run', ...base, '--out', join(locked, 'out'), '--cache-dir', join(dir, 'cache')];
  // Root ignores permission bits; in a user namespace of its own it does not.
  const root = process.getuid?.() === 0;
  if (root && spawnSync('unshare', ['-U', 'true']).status !== 0)
    return void t.pass('EACCES', { skip: 'running as root, and cannot drop it here (unshare -U)' });
  const r = root
    ? spawnSync('unshare', ['-U', process.execPath, bin, ...args], { env, encoding: 'utf8' })
    : spawnSync(process.execPath, [bin, ...args], { env, encoding: 'utf8' });
  usageError(
    t,
    { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr },
    `cannot create folder ${join(locked, 'out')}: permission denied (EACCES)`,
  );
  t.equal(cacheLines(join(dir, 'cache')), 0, 'no model was asked');
});

t.test('a read-only cache (a real read-only mount): a fully cached run works, with a warning; new scores are kept for the run', async (t) => {
  const dir = tmp(t);
  const cache = join(dir, 'cache');
  const first = join(dir, 'first');
  ok(t, await cliIn(['run', ...base, '--out', first, '--cache-dir', cache]), 'the run that fills the cache');
  const file = readdirSync(cache).find((f) => f.endsWith('.jsonl'))!;
  const cached = readFileSync(join(cache, file), 'utf8');
  const ro = `mount --bind '${cache}' '${cache}' && mount -o remount,bind,ro '${cache}'`;
  const again = join(dir, 'again');
  const r = cliInNamespace(ro, ['run', ...base.filter((a) => a !== '--quiet'), '--out', again, '--cache-dir', cache], dir);
  if (!r) return void t.pass('read-only cache', { skip: 'no user and mount namespaces here (unshare -Urm)' });
  ok(t, r, 'the fully cached run on a read-only cache');
  t.match(
    r.stderr,
    `cache: warning: the score cache ${cache} cannot be written (read-only file system (EROFS)): scores come from it, but nothing new can be cached`,
  );
  t.match(r.stderr, /\b0 model calls\b/);
  t.same(readRun(again).results, readRun(first).results, 'the same results');
  // Something new to score (another seed): scored, reported, not cached.
  const fresh = cliInNamespace(ro, ['run', ...base.filter((a) => a !== '--quiet'), '--seed', '7', '--out', join(dir, 'seed7'), '--cache-dir', cache], dir)!;
  ok(t, fresh, 'a run with new scores on a read-only cache');
  t.match(fresh.stderr, /cannot be written \(read-only file system \(EROFS\)\)/);
  t.equal(readRun(join(dir, 'seed7')).results.length, readRun(first).results.length);
  t.equal(readFileSync(join(cache, file), 'utf8'), cached, 'the cache file is unchanged');
});
