import { lstat, mkdir, rename, rm, rmdir, symlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { asFsError, errnoCode } from '../core/fs-errors.js';

/**
 * `run` without `--out` (or a config `out`) writes each run to a new folder, `reports/run-<UTC
 * time>`, and then points `reports/latest` at it, so a rerun never overwrites the previous results
 * and `reports/latest` still names the newest. `latest` is a relative symlink; where links cannot
 * be made (Windows without developer mode, some network drives) it is a one-line file naming the
 * folder instead.
 */

/** `run-20261203-122730`: sortable, and no `:` (not allowed in Windows file names). */
export function runFolderName(now: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `run-${now.getUTCFullYear()}${p(now.getUTCMonth() + 1)}${p(now.getUTCDate())}-${p(now.getUTCHours())}${p(now.getUTCMinutes())}${p(now.getUTCSeconds())}`;
}

/**
 * Create and return a new run folder under `reports`. Creating it reserves the name: two runs
 * started in the same second get `run-…` and `run-…-2`.
 */
export async function newRunFolder(reports: string, now: Date = new Date()): Promise<string> {
  await mkdir(reports, { recursive: true }).catch((err: unknown) => Promise.reject(asFsError('create folder', reports, err)));
  for (let k = 1; ; k++) {
    const dir = join(reports, runFolderName(now) + (k === 1 ? '' : `-${k}`));
    try {
      await mkdir(dir);
      return dir;
    } catch (err) {
      if (errnoCode(err) !== 'EEXIST') throw asFsError('create folder', dir, err);
    }
  }
}

/** A folder `newRunFolder` made that the run never wrote into (it failed first) goes again. */
export async function dropIfEmpty(dir: string): Promise<void> {
  await rmdir(dir).catch(() => undefined);
}

/**
 * Point `reports/latest` at `dir` (in `reports`): a symlink, else a pointer file. A real folder
 * there (what runs wrote before run folders existed) is kept, renamed to `run-earlier-<time>`.
 * Returns what was done, for the log.
 */
export async function pointLatest(dir: string): Promise<string> {
  const reports = dirname(dir);
  const latest = join(reports, 'latest');
  const notes: string[] = [];
  const st = await lstat(latest).catch(() => undefined);
  if (st?.isDirectory()) {
    let kept = '';
    for (let k = 1; kept === '' || (await lstat(kept).catch(() => undefined)); k++) {
      kept = join(reports, runFolderName(st.mtime).replace('run-', 'run-earlier-') + (k === 1 ? '' : `-${k}`));
    }
    await rename(latest, kept);
    notes.push(`the earlier reports/latest folder is now ${basename(kept)}`);
  }
  // Made beside it and renamed over it, so `latest` always names a whole run.
  const tmp = `${latest}.${process.pid}.tmp`;
  await rm(tmp, { force: true });
  try {
    await symlink(basename(dir), tmp);
    await rename(tmp, latest);
    return [`${latest} -> ${basename(dir)}`, ...notes].join('; ');
  } catch {
    await rm(tmp, { force: true });
    await writeFile(tmp, `${basename(dir)}\n`);
    await rename(tmp, latest);
    return [`${latest} is a file naming ${basename(dir)} (symbolic links could not be made here)`, ...notes].join('; ');
  }
}
