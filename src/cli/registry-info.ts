import { adapters } from '../adapters/index.js';
import { suites } from '../benchmarks/index.js';
import type { Suite } from '../core/suite.js';

/**
 * What `rewardgauge ls` and the README's tables say about each adapter and suite, read from the
 * registries in one place: when the adapter module's shape changes (options declared with
 * defineAdapter instead of a name → text record), only adapterInfo changes.
 */

export interface OptionInfo {
  name: string;
  description: string;
}

export interface AdapterInfo {
  id: string;
  description: string;
  options: OptionInfo[];
}

export async function adapterInfo(id: string): Promise<AdapterInfo> {
  const mod = await adapters.load(id);
  return { id, description: mod.description, options: Object.entries(mod.options).map(([name, description]) => ({ name, description })) };
}

export const adapterIds = (): string[] => adapters.ids();

export type SuiteInfo = Pick<Suite, 'version' | 'description' | 'defaultData' | 'preset' | 'options' | 'metrics' | 'primaryMetric'> & { id: string };

export async function suiteInfo(id: string): Promise<SuiteInfo> {
  const { suite } = await suites.load(id);
  return { ...suite, id };
}

export const suiteIds = (): string[] => suites.ids();
