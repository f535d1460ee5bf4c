import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { join } from 'node:path';
import t from 'tap';
import { DiskStore } from '../../src/core/cache.js';
import type { CacheDirFs } from '../../src/core/cache-dir.js';
import { ExitCode } from '../../src/core/errors.js';
import { FsError } from '../../src/core/fs-errors.js';
import { tmp } from '../support/helpers.js';

// The score cache on a filesystem that misbehaves. What is real and what is simulated:
// - the never-answering folder is simulated (an injected mkdir whose promise never settles);
// - the read-only folder is simulated at the permission check (an injected access() saying EROFS);
// - the full disk is real: the cache file is made a symlink to /dev/full, whose writes fail with ENOSPC.
// test/reliability/filesystem.test.ts runs the same cases on a real read-only mount and a real full tmpfs where it can.

const fileFor = (dir: string, fp: string) => join(dir, `${createHash('sha256').update(fp).digest('hex').slice(0, 32)}.jsonl`);

const readOnly: CacheDirFs = {
  mkdir: (p, o) => fsp.mkdir(p, o),
  stat: (p) => fsp.stat(p),
  access: async (p, mode) => {
    if (mode & fsp.constants.W_OK) throw Object.assign(new Error(`EROFS: read-only file system, access '${p}'`), { code: 'EROFS', syscall: 'access', path: p });
    return fsp.access(p, mode);
  },
};

t.test('a cache folder that never answers: exit 2 naming it, not a hang', async (t) => {
  const dir = join(tmp(t), 'nfs-down');
  const never: CacheDirFs = { mkdir: () => new Promise(() => undefined), access: () => new Promise(() => undefined), stat: () => new Promise(() => undefined) };
  const err = await DiskStore.open(dir, 'fp', { fs: never, timeoutMs: 20 }).catch((e: unknown) => e);
  t.ok(err instanceof FsError, `an FsError: ${String(err)}`);
  t.equal((err as FsError).exitCode, ExitCode.badInput);
  t.equal((err as FsError).code, 'ETIMEDOUT');
  t.match((err as Error).message, `cannot open the score cache folder ${dir}: no answer (ETIMEDOUT)`);
  t.match((err as Error).message, /--no-cache/, 'says how to go on');
});

t.test('a read-only cache: every cached score is served, new ones kept in memory, one warning, the file untouched', async (t) => {
  const dir = tmp(t);
  const file = fileFor(dir, 'fp');
  const before = '{"k":"a","v":1}\n{"k":"b","v":[0.5,0.25]}\n{"k":"c","v":';
  writeFileSync(file, before);
  const warnings: string[] = [];
  const warn = (m: string) => void warnings.push(m);
  const s = await DiskStore.open(dir, 'fp', { fs: readOnly, warn });
  t.equal(s.size, 2, 'the complete lines are read');
  t.equal(s.get('a'), 1);
  t.same(s.get('b'), [0.5, 0.25]);
  await s.put([['d', 4]]);
  t.equal(s.get('d'), 4, 'a new score is kept for this run');
  await s.sync();
  t.equal(readFileSync(file, 'utf8'), before, 'not appended to, and the torn line is not cut');
  // A second model of the same run opens its own file in the same folder: no second warning.
  await DiskStore.open(dir, 'other-fp', { fs: readOnly, warn });
  t.equal(warnings.length, 1, `one warning: ${warnings.join(' | ')}`);
  t.match(warnings[0], `the score cache ${dir} cannot be written (read-only file system (EROFS)): scores come from it, but nothing new can be cached`);
});

t.test('a cache folder that cannot be created: a warning, and the run goes on without a cache', async (t) => {
  const dir = join(tmp(t), 'nope');
  const denied: CacheDirFs = {
    mkdir: async (p) => Promise.reject(Object.assign(new Error('EACCES'), { code: 'EACCES', syscall: 'mkdir', path: p })),
    access: (p, m) => fsp.access(p, m),
    stat: (p) => fsp.stat(p),
  };
  const warnings: string[] = [];
  const s = await DiskStore.open(dir, 'fp', { fs: denied, warn: (m) => void warnings.push(m) });
  await s.put([['a', 1]]);
  await s.sync();
  t.equal(s.get('a'), 1);
  t.notOk(existsSync(dir), 'nothing was created');
  t.match(warnings, [`the score cache folder ${dir} cannot be created (permission denied (EACCES)): nothing this run scores can be cached`]);
});

t.test('the disk fills up mid-run (real ENOSPC from /dev/full): caching stops with a warning, scoring goes on', async (t) => {
  if (!existsSync('/dev/full')) return void t.pass('needs /dev/full', { skip: 'no /dev/full here' });
  const dir = tmp(t);
  const warnings: string[] = [];
  const s = await DiskStore.open(dir, 'fp', { warn: (m) => void warnings.push(m) });
  await s.put([['a', 1]]);
  // From here every append to the cache file lands on a device that is always full.
  const file = fileFor(dir, 'fp');
  unlinkSync(file);
  symlinkSync('/dev/full', file);
  await s.put([['b', 2]]);
  await s.put([['c', 3]]);
  await s.sync();
  t.same(
    ['a', 'b', 'c'].map((k) => s.get(k)),
    [1, 2, 3],
    'every score is still answered in this run',
  );
  t.equal(warnings.length, 1, 'one warning, at the first failed append');
  t.match(warnings[0], `cannot write the score cache ${file} (no space left on device (ENOSPC)): what is scored from here on is not cached`);
});

t.test('a fully cached run never opens the cache for writing (a read-only file cannot fail it)', async (t) => {
  const dir = tmp(t);
  const first = await DiskStore.open(dir, 'fp');
  await first.put([['a', 1]]);
  await first.sync();
  // The reopened store only reads; were sync() to open the file for appending, /dev/full would make it fail.
  const again = await DiskStore.open(dir, 'fp');
  const file = fileFor(dir, 'fp');
  unlinkSync(file);
  if (existsSync('/dev/full')) symlinkSync('/dev/full', file);
  await again.put([]);
  await t.resolves(again.sync(), 'sync has nothing to flush');
  t.equal(again.get('a'), 1);
});

t.test('a file where the cache folder goes is a usage error naming it', async (t) => {
  const dir = join(tmp(t), 'afile');
  writeFileSync(dir, 'x');
  const err = await DiskStore.open(dir, 'fp').catch((e: unknown) => e);
  t.ok(err instanceof FsError, String(err));
  t.equal((err as Error).message, `cannot create the score cache folder ${dir}: a file of that name is in the way (EEXIST)`);
});

t.test("a pipe in the cache file's place (a real FIFO, whose open never returns): exit 2 naming it, before any read", async (t) => {
  const dir = tmp(t);
  const file = fileFor(dir, 'fp');
  const made = spawnSync('mkfifo', [file]);
  if (made.status !== 0) return void t.pass('FIFO', { skip: 'no mkfifo here' });
  const err = await DiskStore.open(dir, 'fp').catch((e: unknown) => e);
  t.equal((err as { exitCode?: number }).exitCode, ExitCode.badInput, String(err));
  t.equal(
    (err as Error).message,
    `cannot read the score cache ${file}: it is not a regular file (a pipe, a device or a folder); remove it, or pass another --cache-dir`,
  );
});
