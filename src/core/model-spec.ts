import { basename, extname } from 'node:path';
import { UsageError } from './errors.js';
import { expandHome } from './home-path.js';
import { redactUrlCredentials } from './safe-text.js';
import { unknownNameMessage } from './registry.js';
import type { ModelSpec } from './types.js';

/** A model as written in a config file: the object form of a spec string. */
export interface ModelSpecObject {
  adapter: string;
  target?: string;
  options?: Record<string, string | number | boolean>;
  id?: string;
}

/** Index of the first `ch` outside parentheses (ensemble specs nest other specs). */
function topLevelIndex(s: string, ch: string): number {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ch && depth === 0) return i;
  }
  return -1;
}

/**
 * Split `s` at every `ch` outside parentheses, e.g. the members of `mean(a:x?p=1,b:y)`'s inside.
 * Unbalanced parentheses are a usage error naming `source`.
 */
export function splitTopLevel(s: string, ch: string, source: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '(') depth++;
    else if (c === ')' && --depth < 0) break;
    else if (c === ch && depth === 0) {
      parts.push(s.slice(start, i));
      start = i + 1;
    }
  }
  if (depth !== 0) throw new UsageError(`model spec "${source}": unbalanced parentheses in "${s}"`);
  parts.push(s.slice(start));
  return parts;
}

/**
 * The one named parameter a parenthesised spec takes after its members, `(A,B;key=value)`, or
 * as `?key=value`: its text, or undefined when absent. Anything else, a key without a value, or
 * the key given twice (or both ways) is a usage error naming `what` (e.g. "ensemble").
 */
export function memberParameter(params: readonly string[], key: string, spec: Pick<ModelSpec, 'options' | 'source'>, what: string): string | undefined {
  let text: string | undefined;
  for (const p of params) {
    const eq = p.indexOf('=');
    const name = (eq < 0 ? p : p.slice(0, eq)).trim();
    if (name !== key) throw new UsageError(`model "${spec.source}": ${unknownNameMessage(`${what} parameter`, name, [key])}`);
    if (eq < 0) throw new UsageError(`model "${spec.source}": ${key} needs a value, e.g. ";${key}=0.5"`);
    if (text !== undefined) throw new UsageError(`model "${spec.source}": ${key} is given twice`);
    text = p.slice(eq + 1).trim();
  }
  if (spec.options[key] !== undefined) {
    if (text !== undefined) throw new UsageError(`model "${spec.source}": ${key} is given both inside the parentheses and as ?${key}=; give it once`);
    text = spec.options[key];
  }
  return text;
}

function parseOptions(query: string, source: string): Record<string, string> {
  const options: Record<string, string> = {};
  for (const part of query.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const rawKey = eq < 0 ? part : part.slice(0, eq);
    const rawValue = eq < 0 ? 'true' : part.slice(eq + 1);
    let key: string;
    let value: string;
    try {
      key = decodeURIComponent(rawKey);
      value = decodeURIComponent(rawValue);
    } catch {
      throw new UsageError(`model spec "${source}": option "${part}" is not valid percent-encoding`);
    }
    if (key === '') throw new UsageError(`model spec "${source}": empty option name in "${part}"`);
    options[key] = value;
  }
  return options;
}

/**
 * Parse `adapter:target?opt=v&opt2=w`.
 *
 * @example parseModelSpec('scores:runs/a.json?aggregate=prod')
 * // → { adapter: 'scores', target: 'runs/a.json', options: { aggregate: 'prod' }, source: '...' }
 */
export function parseModelSpec(source: string): ModelSpec {
  const colon = source.indexOf(':');
  if (colon <= 0) {
    throw new UsageError(`model spec "${source}" has no adapter prefix; expected ADAPTER:TARGET, e.g. "heuristic:length" or "scores:FILE"`);
  }
  const adapter = source.slice(0, colon);
  const rest = source.slice(colon + 1);
  const q = topLevelIndex(rest, '?');
  const target = q < 0 ? rest : rest.slice(0, q);
  const options = q < 0 ? {} : parseOptions(rest.slice(q + 1), source);
  const { id, ...others } = options;
  // `source` is what run.json, reports and messages show: a URL's credentials stay in `target` only.
  const spec: ModelSpec = { adapter, target: expandHome(target), options: homeInOptions(others), source: redactUrlCredentials(source) };
  if (id !== undefined) spec.id = id;
  return spec;
}

/** Option values that are home paths (`?tokenizer=~/tok`), expanded; nothing else starts with `~/`. */
const homeInOptions = (options: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(options).map(([k, v]) => [k, expandHome(v)]));

/** Parse a suite spec: `id` or `id?opt=v&opt2=w`. */
export function parseSuiteSpec(source: string): { id: string; options: Record<string, string> } {
  const q = source.indexOf('?');
  const id = q < 0 ? source : source.slice(0, q);
  if (id === '') throw new UsageError(`suite spec "${source}" has no suite id`);
  return { id, options: q < 0 ? {} : parseOptions(source.slice(q + 1), source) };
}

/** The config-file form of a spec. Option values are kept as strings, like the CLI form. */
export function modelSpecFromObject(obj: ModelSpecObject): ModelSpec {
  const options: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj.options ?? {})) options[k] = String(v);
  const query = Object.entries(options)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
  const target = obj.target ?? '';
  const spec: ModelSpec = {
    adapter: obj.adapter,
    target: expandHome(target),
    options: homeInOptions(options),
    source: redactUrlCredentials(`${obj.adapter}:${target}${query ? `?${query}` : ''}`),
  };
  if (obj.id !== undefined) spec.id = obj.id;
  return spec;
}

/** A short display id: the file or folder name without extension, or a URL's host. */
export function defaultModelId(spec: ModelSpec): string {
  if (spec.id) return spec.id;
  // A target that nests specs, `NAME(SPEC,…)` or `(SPEC,…)`, names no file: `ensemble:mean(onnx:models/a,…)`
  // is `ensemble-mean`, `hybrid:(verifier:math,…)` is `hybrid`. Core knows the grammar, not the adapters.
  const nested = /^([A-Za-z][\w-]*)?\(.*:.*\)$/s.exec(spec.target);
  if (nested) return nested[1] ? `${spec.adapter}-${nested[1]}` : spec.adapter;
  const t = spec.target.replace(/[/\\]+$/, '');
  if (/^[a-z]+:\/\//i.test(t)) {
    try {
      const url = new URL(t);
      return `${spec.adapter}-${url.host}`;
    } catch {
      return spec.adapter;
    }
  }
  if (t === '') return spec.adapter;
  const base = basename(t);
  // Only a real-looking extension goes (`.json`, `.onnx`), not a version (`Llama-3.1-8B`), and not on folders.
  const ext = extname(base);
  return /^\.[a-z][a-z0-9]{0,5}$/i.test(ext) && !/[/\\]$/.test(spec.target) ? base.slice(0, -ext.length) : base;
}

/** Make ids unique within a run by suffixing `-2`, `-3`, ... in order of appearance, never reusing an id. */
export function uniqueIds(ids: readonly string[]): string[] {
  const used = new Set<string>();
  return ids.map((id) => {
    let candidate = id;
    for (let n = 2; used.has(candidate); n++) candidate = `${id}-${n}`;
    used.add(candidate);
    return candidate;
  });
}
