import { randomBytes } from 'node:crypto';
import * as fsp from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { asFsError, FsError } from './fs-errors.js';

/**
 * The one way outputs reach the disk: a temporary file beside the target, flushed, then renamed
 * over it. A reader (or a crash) sees the old file or the new one, never half of one; any
 * failure removes the temporary file and is an FsError naming the target (exit 2).
 */

/** What the writer needs of a file handle: Node's FileHandle, or a test's stand-in. */
export interface WriterHandle {
  writeFile(data: Uint8Array): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

/** The filesystem calls the writer makes, injectable so tests can fail any one of them. */
export interface WriterFs {
  mkdir(path: string, options: { recursive: true }): Promise<unknown>;
  open(path: string, flags: string, mode?: number): Promise<WriterHandle>;
  rename(from: string, to: string): Promise<void>;
  rm(path: string, options: { force: true }): Promise<void>;
  stat(path: string): Promise<{ isDirectory(): boolean }>;
}

export const nodeWriterFs: WriterFs = {
  mkdir: (p, o) => fsp.mkdir(p, o),
  open: (p, f, m) => fsp.open(p, f, m),
  rename: (a, b) => fsp.rename(a, b),
  rm: (p, o) => fsp.rm(p, o),
  stat: (p) => fsp.stat(p),
};

export interface WriteOptions {
  fs?: WriterFs;
  /** fsync the file before the rename (default true): a power cut then cannot leave an empty file under the old name. */
  durable?: boolean;
}

/** Text, or an iterable of pieces so a large scores.jsonl never has to be one string. */
export type Content = string | Uint8Array | Iterable<string>;

/** Pieces are written in chunks of about this size: few writes, bounded memory. */
const CHUNK = 1 << 20;

/** A written but not yet visible file: `commit` renames it into place, `discard` removes it. */
export interface Staged {
  readonly file: string;
  commit(): Promise<void>;
  discard(): Promise<void>;
}

async function writeContent(fh: WriterHandle, content: Content): Promise<void> {
  if (typeof content === 'string') return fh.writeFile(Buffer.from(content, 'utf8'));
  if (content instanceof Uint8Array) return fh.writeFile(content);
  let pending: string[] = [];
  let size = 0;
  for (const piece of content) {
    pending.push(piece);
    size += piece.length;
    if (size >= CHUNK) {
      await fh.writeFile(Buffer.from(pending.join(''), 'utf8'));
      pending = [];
      size = 0;
    }
  }
  if (pending.length > 0) await fh.writeFile(Buffer.from(pending.join(''), 'utf8'));
}

/** A temporary name beside `file`, hidden, unique per process and call. */
const tempName = (file: string): string => join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);

/** Create `dir` and its parents; an FsError naming it on failure. */
export async function ensureDir(dir: string, fs: WriterFs = nodeWriterFs): Promise<void> {
  try {
    await fs.mkdir(dir, { recursive: true });
  } catch (err) {
    throw asFsError('create folder', dir, err);
  }
}

/** Write `content` to a temporary file beside `file` (creating folders); nothing is visible until `commit`. */
export async function stageFile(file: string, content: Content, o: WriteOptions = {}): Promise<Staged> {
  const fs = o.fs ?? nodeWriterFs;
  await ensureDir(dirname(file), fs);
  const tmp = tempName(file);
  const discard = async (): Promise<void> => {
    // Best effort: the error that got us here is the one worth reporting.
    await fs.rm(tmp, { force: true }).catch(() => undefined);
  };
  try {
    const fh = await fs.open(tmp, 'wx', 0o666);
    try {
      await writeContent(fh, content);
      if (o.durable !== false) await fh.sync();
    } finally {
      await fh.close();
    }
  } catch (err) {
    await discard();
    throw asFsError('write', file, err);
  }
  return {
    file,
    discard,
    async commit() {
      try {
        await fs.rename(tmp, file);
      } catch (err) {
        await discard();
        throw asFsError('write', file, err);
      }
    },
  };
}

/** Replace `file` with `content` atomically. */
export async function writeFileAtomic(file: string, content: Content, o: WriteOptions = {}): Promise<void> {
  await (await stageFile(file, content, o)).commit();
}

/**
 * Replace several files so that either all are new or (when writing fails, as on a full disk) all
 * are as they were: every file is written before any is renamed, and they are renamed in order.
 */
export async function writeFilesAtomic(files: readonly { file: string; content: Content }[], o: WriteOptions = {}): Promise<void> {
  const staged: Staged[] = [];
  try {
    for (const f of files) staged.push(await stageFile(f.file, f.content, o));
  } catch (err) {
    for (const s of staged) await s.discard();
    throw err;
  }
  // A folder where a file goes fails only at the rename: find it before any file is replaced.
  for (const s of staged) {
    if ((await (o.fs ?? nodeWriterFs).stat(s.file).catch(() => undefined))?.isDirectory()) {
      for (const d of staged) await d.discard();
      throw new FsError('write', s.file, 'EISDIR');
    }
  }
  for (const [i, s] of staged.entries()) {
    try {
      await s.commit();
    } catch (err) {
      for (const rest of staged.slice(i + 1)) await rest.discard();
      throw err;
    }
  }
}
