import { createWriteStream } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rename, rm, stat, symlink } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { writeFileAtomic } from '../core/atomic-write.js';

/**
 * The Hub's own cache layout (huggingface_hub and @huggingface/hub share it), so files fetched
 * here are reused by Python tools and the other way round:
 *
 *   <cache>/datasets--<owner>--<name>/refs/<revision>          the commit a branch/tag pointed to
 *   <cache>/datasets--<owner>--<name>/blobs/<etag>             file contents, one per version
 *   <cache>/datasets--<owner>--<name>/snapshots/<commit>/<path> symlink to the blob
 *
 * plus one file of ours that the Hub's layout has no place for: the repo's file listing at a
 * commit (`.rewardgauge/trees/<commit>.json`), so that `/<split>` resolves with no request.
 * A commit's listing never changes, so it never goes stale.
 */

/** `HF_HUB_CACHE`, else `HUGGINGFACE_HUB_CACHE`, else `$HF_HOME/hub`, else `$XDG_CACHE_HOME/huggingface/hub`, else `~/.cache/huggingface/hub`. */
export function hubCacheDir(env: NodeJS.ProcessEnv): string {
  const home = env.HF_HOME || join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'huggingface');
  return env.HF_HUB_CACHE || env.HUGGINGFACE_HUB_CACHE || join(home, 'hub');
}

export interface RepoCache {
  dir: string;
  readRef(revision: string): Promise<string | undefined>;
  writeRef(revision: string, commit: string): Promise<void>;
  snapshotPath(commit: string, path: string): string;
  has(commit: string, path: string): Promise<boolean>;
  readTree(commit: string): Promise<string[] | undefined>;
  writeTree(commit: string, files: readonly string[]): Promise<void>;
  /** Files present in a snapshot folder (offline fallback when the listing is not ours, e.g. written by Python). */
  snapshotFiles(commit: string): Promise<string[] | undefined>;
  /** Stream `body` into blobs/<etag> (via a .incomplete file) and link the snapshot path to it. */
  store(commit: string, path: string, etag: string, body: WebReadableStream<Uint8Array>, onBytes: (n: number) => void): Promise<string>;
}

/** Through a temporary file and a rename (the project's one atomic writer), so a crash never leaves a half-written cache entry. */
const writeAtomic = (file: string, text: string): Promise<void> => writeFileAtomic(file, text, { durable: false });

async function exists(p: string): Promise<boolean> {
  try {
    // Follows the symlink: a dangling link is a miss. A folder is too: a path naming a folder of
    // files (hf://…/eval-set-scores) must be listed, not taken for a file already downloaded.
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}

async function walk(dir: string, base = dir): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p, base)));
    else out.push(relative(base, p).split('\\').join('/'));
  }
  return out;
}

/** `kind`: datasets (the `hf://datasets/` URIs) or models (the `hf:` adapter's Hub ids). */
export function repoCache(root: string, repo: string, kind: 'datasets' | 'models' = 'datasets'): RepoCache {
  const dir = join(root, `${kind}--${repo.split('/').join('--')}`);
  const snapshotPath = (commit: string, path: string): string => join(dir, 'snapshots', commit, ...path.split('/'));
  const treeFile = (commit: string): string => join(dir, '.rewardgauge', 'trees', `${commit}.json`);
  return {
    dir,
    async readRef(revision) {
      try {
        return (await readFile(join(dir, 'refs', ...revision.split('/')), 'utf8')).trim() || undefined;
      } catch {
        return undefined;
      }
    },
    writeRef: (revision, commit) => writeAtomic(join(dir, 'refs', ...revision.split('/')), commit),
    snapshotPath,
    has: (commit, path) => exists(snapshotPath(commit, path)),
    async readTree(commit) {
      try {
        const v: unknown = JSON.parse(await readFile(treeFile(commit), 'utf8'));
        return Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : undefined;
      } catch {
        return undefined;
      }
    },
    writeTree: (commit, files) => writeAtomic(treeFile(commit), `${JSON.stringify(files)}\n`),
    async snapshotFiles(commit) {
      try {
        return (await walk(join(dir, 'snapshots', commit))).sort();
      } catch {
        return undefined;
      }
    },
    async store(commit, path, etag, body, onBytes) {
      const blob = join(dir, 'blobs', etag);
      const pointer = snapshotPath(commit, path);
      await mkdir(dirname(blob), { recursive: true });
      await mkdir(dirname(pointer), { recursive: true });
      if (!(await exists(blob))) {
        const incomplete = `${blob}.incomplete`;
        const count = new Transform({
          transform(chunk: Buffer, _enc, cb) {
            onBytes(chunk.length);
            cb(null, chunk);
          },
        });
        try {
          await pipeline(Readable.fromWeb(body), count, createWriteStream(incomplete));
        } catch (err) {
          await rm(incomplete, { force: true });
          throw err;
        }
        await rename(incomplete, blob);
      } else {
        await body.cancel();
      }
      await rm(pointer, { force: true });
      // A relative link, like huggingface_hub's, so the cache folder can be moved; copy where links are not allowed.
      try {
        await symlink(relative(dirname(pointer), blob), pointer);
      } catch {
        await copyFile(blob, pointer);
      }
      return pointer;
    },
  };
}
