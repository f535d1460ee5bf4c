import { UsageError } from '../core/errors.js';
import type { AdapterDef } from '../core/define-adapter.js';
import type { Suite } from '../core/suite.js';

/**
 * The shape checks a plugin's default export passes before it is registered. Built-ins are held to
 * the same contract by the type checker and test/architecture/registry.test.ts; a plugin may be
 * plain JavaScript, so here the contract is checked at load time, and every failure names the file.
 */

/** The id rule the built-ins follow (test/architecture/registry.test.ts). */
export const kebabCase = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

type Problems = string[];
const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const text = (p: Problems, o: Record<string, unknown>, key: string, where = key): void =>
  void (typeof o[key] === 'string' && o[key] !== '' ? undefined : p.push(`${where} must be a non-empty string`));
const fn = (p: Problems, o: Record<string, unknown>, key: string): void => void (typeof o[key] === 'function' || p.push(`${key} must be a function`));

function checkId(p: Problems, o: Record<string, unknown>): void {
  if (typeof o.id !== 'string') p.push('id must be a string');
  else if (!kebabCase.test(o.id)) p.push(`id "${o.id}" must be kebab-case (lower-case letters, digits and single hyphens, starting with a letter)`);
}

function fail(file: string, kind: string, p: Problems): void {
  if (p.length > 0) throw new UsageError(`plugin ${file}: not a valid ${kind}: ${p.join('; ')}`);
}

/** What `defineAdapter` declares: id, description, typed option declarations and `create`. */
export function checkAdapterDef(file: string, x: Record<string, unknown>): AdapterDef {
  const p: Problems = [];
  checkId(p, x);
  text(p, x, 'description');
  if (!isObject(x.options)) p.push('options must be an object of option declarations (opt.int, opt.string, …), {} when there are none');
  else {
    for (const [name, o] of Object.entries(x.options)) {
      if (!isObject(o)) p.push(`options.${name} must be an option declaration (opt.int, opt.string, …)`);
      else {
        text(p, o, 'description', `options.${name}.description`);
        if (typeof o.parse !== 'function') p.push(`options.${name}.parse must be a function (use the opt.* builders)`);
      }
    }
  }
  fn(p, x, 'create');
  fail(file, 'adapter', p);
  return x as unknown as AdapterDef;
}

/** What `defineSuite` declares: the fields the runner and run.json read, and a primary metric it defines. */
export function checkSuite(file: string, x: Record<string, unknown>): Suite {
  const p: Problems = [];
  checkId(p, x);
  text(p, x, 'version');
  text(p, x, 'description');
  text(p, x, 'defaultData');
  const metricIds: string[] = [];
  if (!Array.isArray(x.metrics) || x.metrics.length === 0) p.push('metrics must be a non-empty array of metric definitions');
  else {
    x.metrics.forEach((m: unknown, i) => {
      if (!isObject(m)) return void p.push(`metrics[${i}] must be an object`);
      text(p, m, 'id', `metrics[${i}].id`);
      text(p, m, 'description', `metrics[${i}].description`);
      if (typeof m.higherIsBetter !== 'boolean') p.push(`metrics[${i}].higherIsBetter must be true or false`);
      if (typeof m.id === 'string') metricIds.push(m.id);
    });
  }
  if (typeof x.primaryMetric !== 'string') p.push('primaryMetric must be a string');
  else if (metricIds.length > 0 && !metricIds.includes(x.primaryMetric))
    p.push(`primaryMetric "${x.primaryMetric}" is not one of metrics (${metricIds.join(', ')})`);
  if (!isObject(x.options)) p.push('options must be an object ({} when the suite has none)');
  else {
    for (const [name, o] of Object.entries(x.options)) {
      if (!isObject(o) || typeof o.description !== 'string' || typeof o.default !== 'string') {
        p.push(`options.${name} must be { description, default } with string values`);
      }
    }
  }
  for (const key of ['load', 'plan', 'outcome']) fn(p, x, key);
  for (const key of ['view', 'dataParts']) if (x[key] !== undefined) fn(p, x, key);
  fail(file, 'suite', p);
  return x as unknown as Suite;
}

/** What a plugin's default export is: an adapter has `create`; a suite has `plan` and `outcome`. */
export function pluginKind(file: string, x: unknown): 'adapter' | 'suite' {
  if (!isObject(x)) {
    throw new UsageError(
      `plugin ${file}: the default export must be an adapter (export default defineAdapter({...})) or a suite (export default defineSuite({...}))`,
    );
  }
  if ('create' in x) return 'adapter';
  if ('plan' in x || 'outcome' in x || 'load' in x) return 'suite';
  throw new UsageError(
    `plugin ${file}: the default export is neither an adapter (it has no create) nor a suite (it has no load, plan or outcome); use defineAdapter or defineSuite`,
  );
}
