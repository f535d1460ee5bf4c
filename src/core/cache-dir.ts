import * as fsp from 'node:fs/promises';
import { constants } from 'node:fs';
import { dirname } from 'node:path';
import { UsageError } from './errors.js';
import { asFsError, describeFsCode, errnoCode, FsError, unwritableCodes } from './fs-errors.js';

/**
 * Opening the score cache folder, apart from the cache itself: bounded in time (a network mount
 * that never answers must not hang the run forever) and tolerant of a folder that cannot be
 * written (a fully cached run on a read-only cache has nothing to write, so it works; new scores
 * are then kept for this run only, with a warning).
 */

/** How long the first operations on the cache folder may take before the run gives up on it. */
export const CACHE_OPEN_TIMEOUT_MS = 30_000;

export interface CacheDirFs {
  mkdir(path: string, options: { recursive: true }): Promise<unknown>;
  access(path: string, mode: number): Promise<void>;
  stat(path: string): Promise<{ isFile(): boolean }>;
}

export interface CacheOpenOptions {
  /** Where warnings go (a folder that cannot be written); said once per callback and message. */
  warn?: CacheWarn;
  /** Injected by tests: a stand-in filesystem (one that never answers, say). */
  fs?: CacheDirFs;
  timeoutMs?: number;
}

export type CacheWarn = (message: string) => void;

const said = new WeakMap<CacheWarn, Set<string>>();

/** Every model of a run opens its own file in the same folder: one warning per folder is enough. */
export function warnOnce(warn: CacheWarn | undefined, message: string): void {
  if (!warn) return;
  const seen = said.get(warn) ?? new Set<string>();
  said.set(warn, seen);
  if (seen.has(message)) return;
  seen.add(message);
  warn(message);
}

/** Whether `warn` was told of a cache that cannot take new scores (so a message can say what survives). */
export function hasWarned(warn: CacheWarn): boolean {
  return (said.get(warn)?.size ?? 0) > 0;
}

const streamWarners = new WeakMap<object, CacheWarn>();

/** A warner writing to `stream`, the same function for the same stream (so warnOnce dedupes across models). */
export function warnTo(stream: NodeJS.WritableStream): CacheWarn {
  let w = streamWarners.get(stream);
  if (!w) streamWarners.set(stream, (w = (m) => void stream.write(`rewardgauge: warning: ${m}\n`)));
  return w;
}

function bounded<T>(p: Promise<T>, dir: string, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new FsError(
            'open the score cache folder',
            dir,
            'ETIMEDOUT',
            `nothing answered in ${ms / 1000} s (a network mount that is down?); pass another --cache-dir, or --no-cache`,
          ),
        ),
      ms,
    );
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** Why nothing can be written to the cache `dir`, or undefined when it can; creates it when missing. */
export async function openCacheDir(dir: string, file: string, o: CacheOpenOptions = {}): Promise<string | undefined> {
  const fs = o.fs ?? fsp;
  const ms = o.timeoutMs ?? CACHE_OPEN_TIMEOUT_MS;
  try {
    await bounded(fs.mkdir(dir, { recursive: true }), dir, ms);
  } catch (err) {
    const code = errnoCode(err);
    // A file in the way, or a path through a file, is a wrong --cache-dir: exit 2. Recursive mkdir in a read-only place can say ENOENT.
    if (err instanceof FsError || !code || !(unwritableCodes.has(code) || code === 'ENOENT')) throw asFsError('create the score cache folder', dir, err);
    return `the score cache folder ${dir} cannot be created (${describeFsCode(code === 'ENOENT' ? await whyNotWritable(fs, dir) : code)}): nothing this run scores can be cached`;
  }
  // A pipe or a device in the cache file's place would block the read below forever, where no timer can help.
  const st = await bounded(fs.stat(file), dir, ms).catch((err: unknown) =>
    errnoCode(err) === 'ENOENT' ? undefined : Promise.reject(asFsError('read the score cache', file, err)),
  );
  if (st && !st.isFile())
    throw new UsageError(
      `cannot read the score cache ${file}: it is not a regular file (a pipe, a device or a folder); remove it, or pass another --cache-dir`,
    );
  for (const p of [dir, file]) {
    try {
      await bounded(fs.access(p, constants.W_OK), dir, ms);
    } catch (err) {
      const code = errnoCode(err);
      if (err instanceof FsError) throw err;
      if (code === 'ENOENT') continue;
      return `the score cache ${p} cannot be written (${describeFsCode(code ?? String(err))}): scores come from it, but nothing new can be cached`;
    }
  }
  return undefined;
}

/** Recursive mkdir in a read-only place says ENOENT; the nearest existing parent says why. */
async function whyNotWritable(fs: CacheDirFs, dir: string): Promise<string> {
  for (let p = dirname(dir); ; p = dirname(p)) {
    const exists = await fs.access(p, constants.F_OK).then(
      () => true,
      () => false,
    );
    if (exists)
      return fs.access(p, constants.W_OK).then(
        () => 'ENOENT',
        (err: unknown) => errnoCode(err) ?? 'ENOENT',
      );
    if (dirname(p) === p) return 'ENOENT';
  }
}
