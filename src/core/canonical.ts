import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted and `undefined` members dropped, so equal values
 * always serialize (and hash) the same whatever order their keys were built in.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
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

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** `sha256:<hex>` over the canonical JSON of the parts: the form run.json uses for fingerprints. */
export function fingerprintOf(...parts: unknown[]): string {
  return `sha256:${sha256(canonicalJson(parts))}`;
}
