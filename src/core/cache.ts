import { appendFile, mkdir, open, readFile, truncate } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { canonicalJson, sha256 } from './canonical.js';
import type { RawScore } from './types.js';
import type { Query } from './suite.js';

/**
 * The request fields that determine a score. The `key` (dataset identity) counts only for
 * models that look scores up by key; for the rest, identical text is one request everywhere.
 */
export function cacheKey(query: Query, byKey: boolean): string {
  const { key, ...content } = query.request;
  return sha256(canonicalJson({ kind: query.kind, ...content, ...(byKey ? { key } : {}) }));
}

export interface ScoreStore {
  get(key: string): RawScore | undefined;
  readonly size: number;
  /** Persist results as soon as they exist, so a crash loses at most the batch in flight. */
  put(entries: readonly (readonly [string, RawScore])[]): Promise<void>;
}

/** No cache (`--no-cache`): remember within the run only. */
export class MemoryStore implements ScoreStore {
  private readonly map = new Map<string, RawScore>();
  get(key: string): RawScore | undefined {
    return this.map.get(key);
  }
  get size(): number {
    return this.map.size;
  }
  async put(entries: readonly (readonly [string, RawScore])[]): Promise<void> {
    for (const [k, v] of entries) this.map.set(k, v);
  }
}

/**
 * An append-only JSON Lines file per model fingerprint: `{"k": <request hash>, "v": <score>}`.
 * Appends are whole lines in one write; a torn last line (a kill mid-write) is cut off on open,
 * so every complete line is kept and new lines never join a torn one.
 */
export class DiskStore implements ScoreStore {
  private readonly map = new Map<string, RawScore>();
  private constructor(readonly file: string) {}

  static async open(dir: string, fingerprint: string): Promise<DiskStore> {
    await mkdir(dir, { recursive: true });
    const store = new DiskStore(join(dir, `${sha256(fingerprint).slice(0, 32)}.jsonl`));
    await store.load();
    return store;
  }

  private async load(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    const end = text.lastIndexOf('\n') + 1;
    if (end < text.length) await truncate(this.file, Buffer.byteLength(text.slice(0, end)));
    for (const line of text.slice(0, end).split('\n')) {
      if (line === '') continue;
      try {
        const { k, v } = JSON.parse(line) as { k: string; v: RawScore };
        if (typeof k === 'string' && isFiniteScore(v)) this.map.set(k, v);
      } catch {
        // A line damaged some other way is skipped: it is recomputed, never trusted.
      }
    }
  }

  get(key: string): RawScore | undefined {
    return this.map.get(key);
  }

  get size(): number {
    return this.map.size;
  }

  async put(entries: readonly (readonly [string, RawScore])[]): Promise<void> {
    if (entries.length === 0) return;
    const text = entries.map(([k, v]) => JSON.stringify({ k, v })).join('\n') + '\n';
    await appendFile(this.file, text, 'utf8');
    for (const [k, v] of entries) this.map.set(k, v);
  }

  /** Flush to the device, so a finished run survives a power cut too. */
  async sync(): Promise<void> {
    const fh = await open(this.file, 'a');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  }
}

export function isFiniteScore(v: unknown): v is RawScore {
  if (typeof v === 'number') return Number.isFinite(v);
  return Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'number' && Number.isFinite(x));
}

/** The score store a run or probe uses: the disk cache under `cache.dir` (relative to `cwd`), or memory when the cache is off. */
export async function openStore(cache: { dir: string; enabled: boolean }, cwd: string, fingerprint: string): Promise<ScoreStore> {
  return cache.enabled ? DiskStore.open(resolve(cwd, cache.dir), fingerprint) : new MemoryStore();
}
