import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { join } from 'node:path';
import t from 'tap';
import { nodeWriterFs, writeFileAtomic, writeFilesAtomic, type WriterFs } from '../../src/core/atomic-write.js';
import { ExitCode } from '../../src/core/errors.js';
import { FsError } from '../../src/core/fs-errors.js';
import { tmp } from '../support/helpers.js';

// The one writer every output goes through: all or nothing, and no temporary file left behind.
// ENOSPC here is the kernel's own error object, taken from a real write to /dev/full; only *where*
// it strikes (the second chunk of a file being written) is simulated, by an injected handle.

function realEnospc(): NodeJS.ErrnoException | undefined {
  try {
    writeFileSync('/dev/full', 'x');
  } catch (err) {
    return err as NodeJS.ErrnoException;
  }
  return undefined;
}

/** A filesystem whose file handles write the first chunk, then fail with `error` (after a real partial write). */
function failingSecondWrite(error: unknown): WriterFs {
  return {
    ...nodeWriterFs,
    async open(path, flags, mode) {
      const fh = await fsp.open(path, flags, mode);
      let writes = 0;
      return {
        writeFile: async (data) => {
          if (writes++ === 1) throw error;
          await fh.writeFile(data);
        },
        sync: () => fh.sync(),
        close: () => fh.close(),
      };
    },
  };
}

const listing = (dir: string): string[] => readdirSync(dir).sort();

t.test('writes a file, creating its folders, and replaces an old one whole', async (t) => {
  const dir = tmp(t);
  const file = join(dir, 'a', 'b', 'out.txt');
  await writeFileAtomic(file, 'first\n');
  t.equal(readFileSync(file, 'utf8'), 'first\n');
  await writeFileAtomic(file, ['x', 'y\n', 'z']);
  t.equal(readFileSync(file, 'utf8'), 'xy\nz', 'pieces are joined in order');
  t.same(listing(join(dir, 'a', 'b')), ['out.txt'], 'no temporary file beside it');
});

t.test('a full disk mid-write: exit 2 naming the target, the old file intact, the temporary file gone', async (t) => {
  const enospc = realEnospc();
  if (!enospc || enospc.code !== 'ENOSPC') return void t.pass('needs /dev/full', { skip: '/dev/full does not give ENOSPC here' });
  const dir = tmp(t);
  const file = join(dir, 'scores.jsonl');
  writeFileSync(file, 'old\n');
  // Over a chunk (1 MiB) in pieces, so the write really happens in two parts and the first lands on disk.
  const big = Array.from({ length: 3000 }, (_, i) => `{"line":${i},"pad":"${'p'.repeat(500)}"}\n`);
  const err = await writeFileAtomic(file, big, { fs: failingSecondWrite(enospc) }).catch((e: unknown) => e);
  t.ok(err instanceof FsError, 'an FsError');
  const e = err as FsError;
  t.equal(e.exitCode, ExitCode.badInput, 'exit 2, not 3');
  t.equal(e.code, 'ENOSPC');
  t.equal(e.message, `cannot write ${file}: no space left on device (ENOSPC)`);
  t.equal(readFileSync(file, 'utf8'), 'old\n', 'the old file is untouched');
  t.same(listing(dir), ['scores.jsonl'], 'the partly written temporary file was removed');
});

t.test('a folder where the file goes (EISDIR): nothing of a pair is replaced, nothing left behind', async (t) => {
  const dir = tmp(t);
  writeFileSync(join(dir, 'scores.jsonl'), 'old scores\n');
  mkdirSync(join(dir, 'run.json'));
  const err = await writeFilesAtomic([
    { file: join(dir, 'scores.jsonl'), content: 'new scores\n' },
    { file: join(dir, 'run.json'), content: '{}\n' },
  ]).catch((e: unknown) => e);
  t.ok(err instanceof FsError && err.code === 'EISDIR', `EISDIR: ${String(err)}`);
  t.match((err as Error).message, `cannot write ${join(dir, 'run.json')}: it is a folder (EISDIR)`);
  t.equal(readFileSync(join(dir, 'scores.jsonl'), 'utf8'), 'old scores\n', 'scores.jsonl not replaced by half a pair');
  t.same(listing(dir), ['run.json', 'scores.jsonl'], 'no temporary files');
});

t.test('the second file of a pair fails to write: the first is discarded, the old pair stays', async (t) => {
  const dir = tmp(t);
  writeFileSync(join(dir, 'scores.jsonl'), 'old scores\n');
  writeFileSync(join(dir, 'run.json'), 'old run\n');
  let opened = 0;
  const eacces = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
  const fs: WriterFs = { ...nodeWriterFs, open: async (p, f, m) => (opened++ === 1 ? Promise.reject(eacces) : nodeWriterFs.open(p, f, m)) };
  const err = await writeFilesAtomic(
    [
      { file: join(dir, 'scores.jsonl'), content: 'new scores\n' },
      { file: join(dir, 'run.json'), content: 'new run\n' },
    ],
    { fs },
  ).catch((e: unknown) => e);
  t.equal((err as Error).message, `cannot write ${join(dir, 'run.json')}: permission denied (EACCES)`);
  t.equal(readFileSync(join(dir, 'scores.jsonl'), 'utf8'), 'old scores\n');
  t.equal(readFileSync(join(dir, 'run.json'), 'utf8'), 'old run\n');
  t.same(listing(dir), ['run.json', 'scores.jsonl'], 'the staged scores.jsonl was removed');
});

t.test('the parent is a file: ENOTDIR / EEXIST as a usage error naming the folder', async (t) => {
  const dir = tmp(t);
  writeFileSync(join(dir, 'afile'), 'x');
  const err = await writeFileAtomic(join(dir, 'afile', 'sub', 'run.json'), '{}').catch((e: unknown) => e);
  t.ok(err instanceof FsError, String(err));
  t.equal((err as FsError).exitCode, ExitCode.badInput);
  t.match((err as Error).message, /^cannot create folder .*afile\/sub: a part of the path is a file, not a folder \(ENOTDIR\)$/);
});
