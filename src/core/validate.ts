import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { Static, TSchema } from '@sinclair/typebox';
import { DataError, type DataLocation } from './errors.js';
import { describe } from './data-files.js';

const options = { allErrors: true, strict: true, allowUnionTypes: true } as const;
let countsCharacters: Ajv | undefined;
/**
 * For schemas whose string lengths only say "not empty" (minLength 0 or 1, no maxLength), where
 * counting UTF-16 units gives what counting characters does: ajv's character count walks every
 * string, and a data row's texts are long (it was most of the time spent checking a row). Ajv
 * calls the option deprecated and says so when built; that one line is dropped.
 */
const countsUnits = new Ajv({
  ...options,
  unicode: false,
  logger: {
    log: (...a: unknown[]) => console.log(...a),
    warn: (...a: unknown[]) => void (String(a[0]).startsWith('DEPRECATED: option unicode') || console.warn(...a)),
    error: (...a: unknown[]) => console.error(...a),
  },
});
const compiled = new WeakMap<TSchema, ValidateFunction>();

/** Whether the schema's only string length limits are minLength 0 or 1 (a `$ref` could hide others). */
function limitsOnlyEmptiness(schema: unknown): boolean {
  if (Array.isArray(schema)) return schema.every(limitsOnlyEmptiness);
  if (schema === null || typeof schema !== 'object') return true;
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'maxLength' || k === '$ref' || (k === 'minLength' && !(typeof v === 'number' && v <= 1))) return false;
    if (!limitsOnlyEmptiness(v)) return false;
  }
  return true;
}

function compile(schema: TSchema): ValidateFunction {
  let fn = compiled.get(schema);
  if (!fn) {
    fn = limitsOnlyEmptiness(schema) ? countsUnits.compile(schema) : (countsCharacters ??= new Ajv(options)).compile(schema);
    compiled.set(schema, fn);
  }
  return fn;
}

/** `/chosen/2/text` → `chosen[2].text` */
export function fieldPath(instancePath: string, extra?: string): string {
  const parts = instancePath.split('/').slice(1);
  if (extra !== undefined) parts.push(extra);
  let out = '';
  for (const raw of parts) {
    const p = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^\d+$/.test(p) ? `[${p}]` : out === '' ? p : `.${p}`;
  }
  return out;
}

function valueAt(root: unknown, instancePath: string): unknown {
  let v = root;
  for (const raw of instancePath.split('/').slice(1)) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[raw.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return v;
}

function expectation(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'type':
      return `expected ${String(p.type).replace(/,/g, ' or ')}`;
    case 'enum':
      return `expected one of ${(p.allowedValues as unknown[]).map((x) => JSON.stringify(x)).join(', ')}`;
    case 'const':
      return `expected ${JSON.stringify(p.allowedValue)}`;
    case 'minItems':
      return `expected at least ${String(p.limit)} item(s)`;
    case 'maxItems':
      return `expected at most ${String(p.limit)} item(s)`;
    case 'minLength':
      return p.limit === 1 ? 'expected a non-empty string' : `expected at least ${String(p.limit)} characters`;
    default:
      return e.message ?? e.keyword;
  }
}

/** One readable sentence for the most specific failure: the deepest path, alternatives merged. */
export function explain(errors: readonly ErrorObject[], value: unknown): { field: string; problem: string } {
  const missing = errors.find((e) => e.keyword === 'required');
  const extra = errors.find((e) => e.keyword === 'additionalProperties');
  const depth = (e: ErrorObject): number => e.instancePath.split('/').length;
  const deepest = errors.filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf').sort((a, b) => depth(b) - depth(a));
  const first = deepest[0] ?? errors[0];
  if (missing && (!first || depth(missing) >= depth(first))) {
    return { field: fieldPath(missing.instancePath, String(missing.params.missingProperty)), problem: 'missing required field' };
  }
  if (extra && (!first || depth(extra) >= depth(first))) {
    const name = String(extra.params.additionalProperty);
    return { field: fieldPath(extra.instancePath, name), problem: `unknown field "${name}"` };
  }
  if (!first) return { field: '', problem: 'invalid value' };
  const atSamePath = deepest.filter((e) => e.instancePath === first.instancePath && e.keyword === first.keyword);
  const wants = [...new Set(atSamePath.map(expectation))].join(', or ').replace(/, or expected /g, ' or ');
  return { field: fieldPath(first.instancePath), problem: `${wants}, got ${describe(valueAt(value, first.instancePath))}` };
}

/** Check `value` against `schema`; on failure throw a DataError naming the file, line and field. */
export function validateAt<S extends TSchema>(schema: S, value: unknown, where: DataLocation): Static<S> {
  const fn = compile(schema);
  if (fn(value)) return value as Static<S>;
  const { field, problem } = explain(fn.errors ?? [], value);
  const prefix = where.field ? `${where.field}${field && !field.startsWith('[') ? '.' : ''}` : '';
  throw new DataError({ ...where, field: prefix + field || undefined }, problem);
}

export function isValid(schema: TSchema, value: unknown): boolean {
  return compile(schema)(value);
}
