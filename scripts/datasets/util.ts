import type { Rng } from '../../src/core/random.js';

export function pick<T>(rng: Rng, xs: readonly T[]): T {
  const x = xs[rng.int(xs.length)];
  if (x === undefined) throw new Error('pick from an empty list');
  return x;
}

/** Inclusive range. */
export function between(rng: Rng, lo: number, hi: number): number {
  return lo + rng.int(hi - lo + 1);
}

export function shuffle<T>(rng: Rng, xs: readonly T[]): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export function sample<T>(rng: Rng, xs: readonly T[], k: number): T[] {
  if (k > xs.length) throw new Error(`cannot sample ${k} of ${xs.length}`);
  return shuffle(rng, xs).slice(0, k);
}

/** Length in Unicode code points, the unit the heuristic baselines use. */
export function cpLen(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

export function mean(xs: readonly number[]): number {
  return xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length;
}

export function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function countWords(s: string): number {
  return s.split(/\s+/).filter((w) => /[A-Za-z0-9]/.test(w)).length;
}

/** Whole cents as "$12.05": no toLocaleString, so the output cannot depend on the machine. */
export function money(cents: number): string {
  if (!Number.isSafeInteger(cents) || cents < 0) throw new Error(`bad amount ${cents}`);
  return `$${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

/** Plausible misreadings of a number copied from a problem: off by one, a stray ten, swapped digits. */
export function misreadings(x: number): number[] {
  const out = [x + 1, x - 1, x + 10, x - 10];
  const s = String(x);
  if (s.length === 2 && s[0] !== s[1]) out.push(Number(`${s[1]}${s[0]}`));
  if (s.length === 4) out.push(Number(`${s.slice(0, 2)}${s[3]}${s[2]}`));
  return [...new Set(out)].filter((v) => v > 0 && v !== x);
}

/** Throws with the offending item named, so a broken template is found at generation time. */
export function check(cond: boolean, what: string): asserts cond {
  if (!cond) throw new Error(`dataset check failed: ${what}`);
}

/** Makes rows with unique prompts: draws until `count` distinct keys, or throws if the space is too small. */
export function distinct<T>(count: number, key: (t: T) => string, draw: (attempt: number) => T | null): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (let attempt = 0; out.length < count; attempt++) {
    if (attempt > count * 50) throw new Error(`only ${out.length} distinct items of ${count}`);
    const t = draw(attempt);
    if (t === null) continue;
    const k = key(t);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(t);
  }
  return out;
}
