import t from 'tap';
import { createHash } from 'node:crypto';
import { canonicalJson, sha256 } from '../../src/core/canonical.js';
import { Rng } from '../../src/core/random.js';

/** The definition canonicalJson's direct writer must match byte for byte: cache keys and fingerprints are made of it. */
function reference(value: unknown): string {
  const sortKeys = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sortKeys);
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(v).sort()) {
        const x = (v as Record<string, unknown>)[key];
        if (x !== undefined) out[key] = sortKeys(x);
      }
      return out;
    }
    return v;
  };
  return JSON.stringify(sortKeys(value));
}

const keys = ['a', 'b', 'role', 'content', 'Z', '', 'é', '10', '9', '2a', '-1', '__proto__', 'toJSON', 'key', '\u2028', '\ud800'];
const strings = ['', 'x', 'say "hi"\n', '\\', '\u0000\u001f', 'naïve ☃', '\ud83d\ude00', '\ud800 lone', '\u2028\u2029', '<tag>'];
const numbers = [0, -0, 1, -1.5, 1e21, 1e-7, 123456789.125, NaN, Infinity, -Infinity, 2 ** 53 + 2];

function randomValue(r: Rng, depth: number): unknown {
  const pick = <T>(xs: readonly T[]): T => xs[r.nextUint32() % xs.length]!;
  const k = r.nextUint32() % (depth > 3 ? 6 : 10);
  if (k === 0) return pick(strings);
  if (k === 1) return pick(numbers);
  if (k === 2) return pick([true, false, null]);
  if (k === 3) return undefined;
  if (k === 4) return pick([() => 1, Symbol('s'), new Date(0), new Map([[1, 2]]), Object.create(null) as object]);
  if (k === 5) return pick(strings) + String(r.nextUint32());
  if (k <= 7) return Array.from({ length: r.nextUint32() % 4 }, () => randomValue(r, depth + 1));
  const o: Record<string, unknown> = {};
  for (let i = r.nextUint32() % 5; i > 0; i--)
    Object.defineProperty(o, pick(keys), { value: randomValue(r, depth + 1), enumerable: true, writable: true, configurable: true });
  return o;
}

t.test('canonicalJson is JSON.stringify of a key-sorted copy, for every kind of value', async (t) => {
  const r = new Rng(7);
  let differ = 0;
  for (let i = 0; i < 20_000; i++) {
    const v = randomValue(r, 0);
    if (canonicalJson(v) !== reference(v)) differ++;
  }
  t.equal(differ, 0);
  for (const v of [undefined, [undefined, () => 1], { a: undefined }, { 1: 'x', 0: 'y', b: [1, , 3] }, JSON.parse('{"__proto__": {"a": 1}, "b": 2}')]) {
    t.equal(canonicalJson(v), reference(v), String(reference(v)));
  }
  t.throws(() => canonicalJson({ a: 1n }), TypeError, 'a bigint still fails as JSON.stringify does');
});

t.test('canonicalJson with a memo of arrays: values that share arrays get the same text as without', async (t) => {
  const r = new Rng(11);
  const shared = Array.from({ length: 20 }, () => [randomValue(r, 1), randomValue(r, 1)]);
  const values = Array.from({ length: 2000 }, (_, i) => ({ messages: shared[i % 20], response: randomValue(r, 1), nested: [shared[(i * 7) % 20]] }));
  const memo = new Map<object, string>();
  t.same(
    values.map((v) => canonicalJson(v, memo)),
    values.map(reference),
  );
});

t.test('canonicalJson of a scoring request sorts its keys at every level', async (t) => {
  const request = { response: 'r', messages: [{ role: 'user', content: 'q' }], kind: 'score', context: { steps: ['a', 'b'], reference: undefined } };
  t.equal(canonicalJson(request), '{"context":{"steps":["a","b"]},"kind":"score","messages":[{"content":"q","role":"user"}],"response":"r"}');
});

t.test('sha256 is the hex digest of the UTF-8 bytes', async (t) => {
  for (const s of ['', 'abc', 'naïve ☃ \ud83d\ude00', '\ud800 lone surrogate']) t.equal(sha256(s), createHash('sha256').update(s).digest('hex'));
  const bytes = new Uint8Array([0, 1, 2, 255]);
  t.equal(sha256(bytes), createHash('sha256').update(bytes).digest('hex'));
});
