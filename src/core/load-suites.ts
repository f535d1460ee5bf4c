import { isAbsolute, join, resolve } from 'node:path';
import { suites as suiteRegistry } from '../benchmarks/index.js';
import { UsageError } from './errors.js';
import { datasetsDir } from './paths.js';
import { unknownNameMessage } from './registry.js';
import type { RunPlan } from './runner.js';
import type { Item, LoadedDataset, Suite } from './suite.js';

/** A suite of a run with its options resolved and its data loaded (checked before any model loads). */
export interface LoadedSuite {
  suite: Suite;
  options: Record<string, string>;
  data: LoadedDataset<Item>;
}

/** Check options against what the suite declares and fill in defaults. */
export function resolveSuiteOptions(suite: Suite, given: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(given)) {
    const info = suite.options[name];
    if (!info) throw new UsageError(`suite "${suite.id}": ${unknownNameMessage('option', name, Object.keys(suite.options))}`);
    if (info.values && !info.values.includes(value)) {
      throw new UsageError(`suite "${suite.id}": option ${name} must be one of ${info.values.join(', ')}, got "${value}"`);
    }
    out[name] = value;
  }
  for (const [name, info] of Object.entries(suite.options)) out[name] ??= info.default;
  return out;
}

export async function loadSuites(plan: RunPlan): Promise<LoadedSuite[]> {
  const loaded: LoadedSuite[] = [];
  for (const sp of plan.suites) {
    const { suite } = await suiteRegistry.load(sp.id);
    const options = resolveSuiteOptions(suite, sp.options);
    const file = sp.data === undefined ? join(datasetsDir, suite.defaultData) : isAbsolute(sp.data) ? sp.data : resolve(plan.cwd, sp.data);
    loaded.push({ suite, options, data: await suite.load(file, options) });
  }
  return loaded;
}

