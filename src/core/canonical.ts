import { createHash, hash } from 'node:crypto';

/**
 * JSON with object keys sorted and `undefined` members dropped, so equal values
 * always serialize (and hash) the same whatever order their keys were built in.
 */
export function canonicalJson(value: unknown, arrays?: Map<object, string>): string {
  // Every request's cache key is one of these, so the common shapes are written directly,
  // without a sorted copy of the value; anything unusual takes the copy, which defines the text.
  try {
    return write(value, arrays);
  } catch (err) {
    if (err !== UNUSUAL) throw err;
    return JSON.stringify(sortKeys(value));
  }
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

const UNUSUAL = Symbol('unusual');

/**
 * What `JSON.stringify(sortKeys(value))` gives, for strings, numbers, booleans, null, arrays and
 * plain objects. It throws UNUSUAL where that text would differ from a plain walk: a function,
 * symbol, bigint or top-level undefined; a key that is an array index (JSON puts those first, in
 * numeric order) or `__proto__` (the copy drops it); an object that is not plain. `arrays`, where
 * given, holds the text of arrays already written: for a caller that writes many values sharing
 * arrays (the requests of one item share its messages) in one synchronous pass, so none can change.
 */
function write(value: unknown, arrays: Map<object, string> | undefined): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        const known = arrays?.get(value);
        if (known !== undefined) return known;
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          const v: unknown = value[i];
          out += `${i === 0 ? '' : ','}${v === undefined ? 'null' : write(v, arrays)}`;
        }
        out += ']';
        arrays?.set(value, out);
        return out;
      }
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) throw UNUSUAL;
      const keys = sortedKeys(value);
      let out = '{';
      for (const key of keys) {
        const c = key.charCodeAt(0);
        if ((c >= 48 && c <= 57) || key === '__proto__') throw UNUSUAL;
        const v = (value as Record<string, unknown>)[key];
        if (v === undefined) continue;
        out += `${out === '{' ? '' : ','}${JSON.stringify(key)}:${write(v, arrays)}`;
      }
      return `${out}}`;
    }
    default:
      throw UNUSUAL;
  }
}

/**
 * Object.keys in the order sort() gives (UTF-16 code units), sorted by insertion when there are
 * few: a request's objects have two to five keys, and sort() allocated a work array for each,
 * about a sixth of what a large run allocated.
 */
function sortedKeys(value: object): string[] {
  const keys = Object.keys(value);
  if (keys.length > 16) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const k = keys[i]!;
    let j = i - 1;
    for (; j >= 0 && keys[j]! > k; j--) keys[j + 1] = keys[j]!;
    keys[j + 1] = k;
  }
  return keys;
}

export function sha256(data: string | Uint8Array): string {
  // The one-shot digest: a cache key per request makes this hot, and a Hash object costs more than the hashing.
  return typeof hash === 'function' ? hash('sha256', data, 'hex') : createHash('sha256').update(data).digest('hex');
}

/** `sha256:<hex>` over the canonical JSON of the parts: the form run.json uses for fingerprints. */
export function fingerprintOf(...parts: unknown[]): string {
  return `sha256:${sha256(canonicalJson(parts))}`;
}
