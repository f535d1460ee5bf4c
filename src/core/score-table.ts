import type { RawScore } from './types.js';

/**
 * Scores by request hash, in typed arrays: a million-pair dataset makes two million cache
 * entries, and a Map of 64-character keys to numbers costs about 150 bytes each where this costs
 * about 40. A request key is a SHA-256 in hex; the table keeps 127 of its bits (open
 * addressing, linear probing), so two requests share an entry only if their hashes agree on
 * all of those. Step scores (arrays) and other keys (`tokens:…` facts) are few and sit in a Map beside it.
 *
 * The slots are split into 64 segments by another of the key's words, each doubling on its own:
 * a table that doubled whole held its old and new arrays at once, 48 and 96 MB as it passed
 * 1.26 million entries.
 */
export class ScoreTable {
  private readonly segments = Array.from({ length: SEGMENTS }, () => new Segment());
  private count = 0;
  private readonly others = new Map<string, RawScore>();

  get size(): number {
    return this.count;
  }

  get(key: string): RawScore | undefined {
    const k = ScoreTable.key(key);
    if (!k) return this.others.get(key);
    const seg = this.segments[k[1]! & (SEGMENTS - 1)]!;
    const i = seg.slot(k);
    if (!Segment.occupied(seg.words, i)) return undefined;
    const v = seg.values[i]!;
    return Number.isNaN(v) ? this.others.get(key) : v;
  }

  set(key: string, value: RawScore): void {
    const k = ScoreTable.key(key);
    if (!k) {
      if (!this.others.has(key)) this.count++;
      this.others.set(key, value);
      return;
    }
    const seg = this.segments[k[1]! & (SEGMENTS - 1)]!;
    if (seg.count + 1 > seg.values.length * 0.6) seg.grow();
    const i = seg.slot(k);
    if (!Segment.occupied(seg.words, i)) {
      seg.words.set(k, 4 * i);
      seg.count++;
      this.count++;
    }
    // Scores are finite (the scorer checks), so NaN can say "an array, in the side map".
    if (typeof value === 'number') seg.values[i] = value;
    else {
      seg.values[i] = NaN;
      this.others.set(key, value);
    }
  }

  private static readonly scratch = new Int32Array(4);

  /**
   * The key's words, or undefined for a key that is not a request hash. In one shared array,
   * valid until the next call: no allocation per lookup. Word 3's low bit is always set, so no
   * key is four zero words (the empty mark).
   */
  private static key(key: string): Int32Array | undefined {
    const k = ScoreTable.scratch;
    if (!parseHash(key, k)) return undefined;
    k[3]! |= 1;
    return k;
  }
}

const SEGMENTS = 64;

/** One segment's slots: four key words and a value each; word 0 picks the slot. */
class Segment {
  words = new Int32Array(4 * 64);
  values = new Float64Array(64);
  count = 0;

  /** The slot holding the key, or the empty slot where it would go (four zero words mark an empty slot). */
  slot(k: Int32Array): number {
    const mask = this.values.length - 1;
    const w = this.words;
    for (let i = k[0]! & mask; ; i = (i + 1) & mask) {
      const o = 4 * i;
      if (w[o] === 0 && w[o + 1] === 0 && w[o + 2] === 0 && w[o + 3] === 0) return i;
      if (w[o] === k[0] && w[o + 1] === k[1] && w[o + 2] === k[2] && w[o + 3] === k[3]) return i;
    }
  }

  static occupied(w: Int32Array, i: number): boolean {
    return w[4 * i] !== 0 || w[4 * i + 1] !== 0 || w[4 * i + 2] !== 0 || w[4 * i + 3] !== 0;
  }

  grow(): void {
    const { words, values } = this;
    this.words = new Int32Array(words.length * 2);
    this.values = new Float64Array(values.length * 2);
    for (let i = 0; i < values.length; i++) {
      if (!Segment.occupied(words, i)) continue;
      const k = words.subarray(4 * i, 4 * i + 4);
      const j = this.slot(k);
      this.words.set(k, 4 * j);
      this.values[j] = values[i]!;
    }
  }
}

/**
 * Reads the first 128 bits of a request hash (64 lowercase hex digits) into `k`; false for any
 * other key. A loop over char codes, not a regex and four parseInts: it runs three times per request.
 */
function parseHash(key: string, k: Int32Array): boolean {
  if (key.length !== 64) return false;
  for (let w = 0; w < 4; w++) {
    let x = 0;
    for (let i = 8 * w; i < 8 * w + 8; i++) {
      const d = hexDigit(key.charCodeAt(i));
      if (d < 0) return false;
      x = (x << 4) | d;
    }
    k[w] = x;
  }
  for (let i = 32; i < 64; i++) if (hexDigit(key.charCodeAt(i)) < 0) return false;
  return true;
}

/**
 * A set of request hashes by 63 of their bits, 8 bytes a slot: what a streamed run needs to count
 * distinct requests across chunks (a count, never a score, so a 2^-63 chance of merging two is harmless).
 */
export class KeySet {
  private words = new Int32Array(2 * 1024);
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Adds the key; false when it was there already. */
  add(key: string): boolean {
    if (this.count + 1 > (this.words.length / 2) * 0.6) this.grow();
    let hi = 0;
    let lo = 0;
    let i = 0;
    for (; i < 16; i++) {
      const d = hexDigit(key.charCodeAt(i));
      if (d < 0) break;
      if (i < 8) hi = (hi << 4) | d;
      else lo = (lo << 4) | d;
    }
    // Anything but 16 lowercase hex digits up front takes parseInt's reading, as it always did.
    if (i < 16) {
      hi = parseInt(key.slice(0, 8), 16) | 0;
      lo = parseInt(key.slice(8, 16), 16);
      if (Number.isNaN(parseInt(key.slice(0, 16), 16))) throw new Error(`KeySet: expected a hex hash, got "${key.slice(0, 40)}"`);
    }
    lo |= 1;
    i = this.slot(hi, lo);
    if (this.words[2 * i + 1] !== 0) return false;
    this.words[2 * i] = hi;
    this.words[2 * i + 1] = lo;
    this.count++;
    return true;
  }

  /** The slot holding (hi, lo), or the empty one where it goes; lo is odd, so 0 marks an empty slot. */
  private slot(hi: number, lo: number): number {
    const mask = this.words.length / 2 - 1;
    for (let i = hi & mask; ; i = (i + 1) & mask) {
      const l = this.words[2 * i + 1]!;
      if (l === 0 || (l === lo && this.words[2 * i] === hi)) return i;
    }
  }

  private grow(): void {
    const old = this.words;
    this.words = new Int32Array(old.length * 2);
    for (let i = 0; i < old.length; i += 2) {
      if (old[i + 1] === 0) continue;
      const j = this.slot(old[i]!, old[i + 1]!);
      this.words[2 * j] = old[i]!;
      this.words[2 * j + 1] = old[i + 1]!;
    }
  }
}

/** The value of a lowercase hex digit's char code, or -1. */
function hexDigit(c: number): number {
  return c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : -1;
}
