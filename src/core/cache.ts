import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { appendFile, open, truncate } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { canonicalJson, sha256 } from './canonical.js';
import { openCacheDir, warnOnce, type CacheOpenOptions, type CacheWarn } from './cache-dir.js';
import { asFsError, describeFsCode, errnoCode, unwritableCodes } from './fs-errors.js';
import { ScoreTable } from './score-table.js';
import type { RawScore } from './types.js';
import type { Query } from './suite.js';

/**
 * The request fields that determine a score. The `key` (dataset identity) counts only for
 * models that look scores up by key; for the rest, identical text is one request everywhere.
 */
export function cacheKey(query: Query, byKey: boolean, arrays?: Map<object, string>): string {
  const { key, ...content } = query.request;
  return sha256(canonicalJson({ kind: query.kind, ...content, ...(byKey ? { key } : {}) }, arrays));
}

/** cacheKey of each query: the requests of one item share its messages, whose text is written once. */
export function cacheKeys(queries: readonly Query[], byKey: boolean): string[] {
  const arrays = new Map<object, string>();
  return queries.map((q) => cacheKey(q, byKey, arrays));
}

export interface ScoreStore {
  get(key: string): RawScore | undefined;
  readonly size: number;
  /** Persist results as soon as they exist, so a crash loses at most the batch in flight. */
  put(entries: readonly (readonly [string, RawScore])[]): Promise<void>;
  /** A drill-down note (the model's `explain` line), kept so a rerun need not ask the model again. */
  note(key: string): string | undefined;
  putNotes(entries: readonly (readonly [string, string])[]): Promise<void>;
}

/** No cache (`--no-cache`): remember within the run only. */
export class MemoryStore implements ScoreStore {
  private readonly map = new ScoreTable();
  private readonly notes = new Map<string, string>();
  get(key: string): RawScore | undefined {
    return this.map.get(key);
  }
  get size(): number {
    return this.map.size;
  }
  async put(entries: readonly (readonly [string, RawScore])[]): Promise<void> {
    for (const [k, v] of entries) this.map.set(k, v);
  }
  note(key: string): string | undefined {
    return this.notes.get(key);
  }
  async putNotes(entries: readonly (readonly [string, string])[]): Promise<void> {
    for (const [k, n] of entries) this.notes.set(k, n);
  }
}

/**
 * An append-only JSON Lines file per model fingerprint: `{"k": <request hash>, "v": <score>}`, and
 * `{"k": …, "n": <note>}` for drill-down notes (older versions skip those lines as damaged).
 * Appends are whole lines in one write; a torn last line (a kill mid-write) is cut off on open,
 * so every complete line is kept and new lines never join a torn one.
 */
export class DiskStore implements ScoreStore {
  private readonly map = new ScoreTable();
  private readonly notes = new Map<string, string>();
  /** Why nothing more can be written (a read-only folder, a full disk): then scores are kept in memory only. */
  private unwritable: string | undefined;
  /** Whether this process appended anything: a fully cached run has nothing to flush. */
  private dirty = false;
  private constructor(
    readonly file: string,
    private readonly warn: CacheWarn | undefined,
  ) {}

  static async open(dir: string, fingerprint: string, o: CacheOpenOptions = {}): Promise<DiskStore> {
    const store = new DiskStore(join(dir, `${sha256(fingerprint).slice(0, 32)}.jsonl`), o.warn);
    store.stopWriting(await openCacheDir(dir, store.file, o));
    await store.load();
    return store;
  }

  /** From now on keep new entries in memory only, and say why once. */
  private stopWriting(reason: string | undefined): void {
    if (reason === undefined || this.unwritable !== undefined) return;
    this.unwritable = reason;
    warnOnce(this.warn, reason);
  }

  /** Lines waiting for the write in flight, each with the put that waits for it. */
  private queued: { text: string; settle: (failure?: { err: unknown }) => void }[] = [];
  private writing = false;

  /**
   * Append whole lines, in call order. Puts that come while a write is in flight share the next
   * one: concurrent batches then cost one append, not one each (a streamed run makes thousands).
   */
  private append(text: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queued.push({ text, settle: (failure) => (failure ? reject(failure.err) : resolve()) });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    while (this.queued.length > 0) {
      const group = this.queued;
      this.queued = [];
      let failure: { err: unknown } | undefined;
      try {
        await this.write(group.length === 1 ? group[0]!.text : group.map((g) => g.text).join(''));
      } catch (err) {
        failure = { err };
      }
      for (const g of group) g.settle(failure);
    }
    this.writing = false;
  }

  /** A place that cannot take the lines (EROFS, ENOSPC, ...) ends caching, not the run. */
  private async write(text: string): Promise<void> {
    if (this.unwritable !== undefined) return;
    try {
      await appendFile(this.file, text, 'utf8');
      this.dirty = true;
    } catch (err) {
      const code = errnoCode(err);
      if (!code || !unwritableCodes.has(code)) throw asFsError('write the score cache', this.file, err);
      this.stopWriting(`cannot write the score cache ${this.file} (${describeFsCode(code)}): what is scored from here on is not cached`);
    }
  }

  /** Cut a torn last line; in a cache that cannot be written it stays, and is skipped like any damaged line. */
  private async cutTornTail(bytes: number): Promise<void> {
    if (this.unwritable !== undefined) return;
    try {
      await truncate(this.file, bytes);
    } catch (err) {
      const code = errnoCode(err);
      if (!code || !unwritableCodes.has(code)) throw asFsError('repair the score cache', this.file, err);
      this.stopWriting(`the score cache ${this.file} cannot be written (${describeFsCode(code)}): scores come from it, but nothing new can be cached`);
    }
  }

  /** Read the file a chunk at a time: a cache grows with the datasets scored, and no buffer should hold all of it. */
  private async load(): Promise<void> {
    let end = 0;
    let size = 0;
    let carry: Buffer | undefined;
    try {
      for await (const chunk of createReadStream(this.file, { highWaterMark: 2 ** 20 }) as AsyncIterable<Buffer>) {
        let start = 0;
        for (let nl = chunk.indexOf(0x0a); nl !== -1; start = nl + 1, nl = chunk.indexOf(0x0a, start)) {
          this.loadLine(carry ? Buffer.concat([carry, chunk.subarray(start, nl)]) : chunk.subarray(start, nl));
          carry = undefined;
          end = size + nl + 1;
        }
        if (start < chunk.length) carry = carry ? Buffer.concat([carry, chunk.subarray(start)]) : Buffer.from(chunk.subarray(start));
        size += chunk.length;
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    // Cut in bytes: decoded text counts an invalid byte as U+FFFD (three bytes), which would cut
    // past the tear (or pad the file with NULs) and join the next append to the torn bytes.
    if (end < size) await this.cutTornTail(end);
  }

  private loadLine(raw: Buffer): void {
    // A line that is not UTF-8 was damaged: recomputed, never trusted.
    if (raw.length === 0 || !isUtf8(raw)) return;
    try {
      const { k, v, n } = JSON.parse(raw.toString('utf8')) as { k: string; v: RawScore; n?: unknown };
      if (typeof k === 'string' && isFiniteScore(v)) this.map.set(k, v);
      else if (typeof k === 'string' && typeof n === 'string') this.notes.set(k, n);
    } catch {
      // A line damaged some other way is skipped: it is recomputed, never trusted.
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
    // The text of JSON.stringify({ k, v }), without an object per entry.
    const text = entries.map(([k, v]) => `{"k":${JSON.stringify(k)},"v":${JSON.stringify(v)}}`).join('\n') + '\n';
    await this.append(text);
    for (const [k, v] of entries) this.map.set(k, v);
  }

  note(key: string): string | undefined {
    return this.notes.get(key);
  }

  async putNotes(entries: readonly (readonly [string, string])[]): Promise<void> {
    if (entries.length === 0) return;
    await this.append(entries.map(([k, n]) => JSON.stringify({ k, n })).join('\n') + '\n');
    for (const [k, n] of entries) this.notes.set(k, n);
  }

  /** Flush to the device, so a finished run survives a power cut too. */
  async sync(): Promise<void> {
    if (!this.dirty || this.unwritable !== undefined) return;
    try {
      const fh = await open(this.file, 'a');
      try {
        await fh.sync();
      } finally {
        await fh.close();
      }
    } catch (err) {
      // The scores are in memory and about to be written to run.json: a flush that fails costs durability, not the run.
      const code = errnoCode(err);
      if (!code) throw err;
      warnOnce(this.warn, `the score cache ${this.file} could not be flushed to disk (${describeFsCode(code)}): this run's new scores may not survive a crash`);
    }
  }
}

export function isFiniteScore(v: unknown): v is RawScore {
  if (typeof v === 'number') return Number.isFinite(v);
  return Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'number' && Number.isFinite(x));
}

/** The score store a run or probe uses: the disk cache under `cache.dir` (relative to `cwd`), or memory when the cache is off. */
export async function openStore(cache: { dir: string; enabled: boolean }, cwd: string, fingerprint: string, warn?: CacheWarn): Promise<ScoreStore> {
  return cache.enabled ? DiskStore.open(resolve(cwd, cache.dir), fingerprint, warn ? { warn } : {}) : new MemoryStore();
}
