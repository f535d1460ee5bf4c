import { adapters } from '../adapters/index.js';
import { suites } from '../benchmarks/index.js';
import type { Suite } from '../core/suite.js';

/**
 * What `rewardgauge ls` and the README's tables say about each adapter and suite, read from the
 * registries in one place: when a module's shape changes, only these functions do.
 */

export interface OptionInfo {
  name: string;
  description: string;
  /** The expected value in short, e.g. `int ≥ 1`, `true|false`. */
  kind: string;
}

export interface AdapterInfo {
  id: string;
  description: string;
  options: OptionInfo[];
}

export async function adapterInfo(id: string): Promise<AdapterInfo> {
  const def = (await adapters.load(id)).default;
  return { id, description: def.description, options: Object.entries(def.options).map(([name, o]) => ({ name, description: o.description, kind: o.kind })) };
}

export const adapterIds = (): string[] => adapters.ids();

export type SuiteInfo = Pick<Suite, 'version' | 'description' | 'defaultData' | 'preset' | 'options' | 'metrics' | 'primaryMetric'> & { id: string };

export async function suiteInfo(id: string): Promise<SuiteInfo> {
  const { suite } = await suites.load(id);
  return { ...suite, id };
}

export const suiteIds = (): string[] => suites.ids();
