import { adapters } from '../adapters/index.js';
import { suites } from '../benchmarks/index.js';
import { UsageError } from '../core/errors.js';
import { coreModelOptions } from '../core/models.js';
import { unknownNameMessage } from '../core/registry.js';
import { stepAggregatorIds } from '../metrics/step-aggregation.js';
import { defineCommand } from './command.js';

const topics = ['suites', 'adapters', 'metrics', 'aggregators'] as const;

const indent = (text: string, by = '    '): string => text.split('\n').map((l) => by + l).join('\n');
const optionLines = (options: Record<string, string>): string =>
  Object.entries(options)
    .map(([k, v]) => `?${k}=  ${v}`)
    .join('\n');

async function listSuites(): Promise<string> {
  const out: string[] = [];
  for (const id of suites.ids()) {
    const { suite } = await suites.load(id);
    out.push(`${id} (v${suite.version})  ${suite.description}`, `    built-in data: datasets/${suite.defaultData}`);
    const opts = Object.fromEntries(Object.entries(suite.options).map(([k, o]) => [k, `${o.description}${o.values ? ` (${o.values.join('|')})` : ''} [default: ${o.default || 'none'}]`]));
    if (Object.keys(opts).length) out.push(indent(optionLines(opts)));
  }
  return out.join('\n');
}

async function listAdapters(): Promise<string> {
  const out: string[] = [];
  for (const id of adapters.ids()) {
    const mod = await adapters.load(id);
    out.push(`${id}:  ${mod.description}`, indent(optionLines(mod.options)));
  }
  out.push('', 'options every model spec takes:', indent(optionLines(coreModelOptions)));
  return out.join('\n');
}

async function listMetrics(): Promise<string> {
  const out: string[] = [];
  for (const id of suites.ids()) {
    const { suite } = await suites.load(id);
    out.push(`${id}:`, ...suite.metrics.map((m) => `    ${m.id}${m.id === suite.primaryMetric ? ' (primary)' : ''}  ${m.description}${m.higherIsBetter ? '' : ' (lower is better)'}`));
  }
  return out.join('\n');
}

export const command = defineCommand({
  name: 'ls',
  description: 'List what is available: suites (with options and built-in data), adapters (model spec kinds), metrics (with formulas), step aggregators.',
  positionals: { usage: `[${topics.join('|')}]`, description: 'what to list [default: all]' },
  args: {},
  async run({ positionals, io }) {
    const wanted = positionals.length ? positionals : [...topics];
    for (const t of wanted) if (!(topics as readonly string[]).includes(t)) throw new UsageError(unknownNameMessage('topic', t, topics));
    const sections: Record<(typeof topics)[number], () => Promise<string>> = {
      suites: listSuites,
      adapters: listAdapters,
      metrics: listMetrics,
      aggregators: async () => `${stepAggregatorIds.join(', ')}  (use as ?aggregate=NAME on any model that returns step scores)`,
    };
    const parts = [];
    for (const t of wanted) parts.push(`${t.toUpperCase()}\n${await sections[t as (typeof topics)[number]]()}`);
    io.stdout.write(parts.join('\n\n') + '\n');
  },
});
