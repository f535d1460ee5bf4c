import { suites } from '../benchmarks/index.js';
import { UsageError } from '../core/errors.js';
import { coreModelOptions } from '../run/models.js';
import { unknownNameMessage } from '../core/registry.js';
import type { Suite } from '../core/suite.js';
import { isHubUri } from '../hub/uri.js';
import { stepAggregatorIds } from '../metrics/step-aggregation.js';
import { defineCommand } from './command.js';
import { loadPluginFlags, PLUGIN_ARGS } from './plugin-args.js';
import { adapterIds, adapterInfo } from './registry-info.js';

const topics = ['suites', 'adapters', 'metrics', 'aggregators'] as const;

const indent = (text: string, by = '    '): string =>
  text
    .split('\n')
    .map((l) => by + l)
    .join('\n');
const optionLines = (options: Record<string, string>): string =>
  Object.entries(options)
    .map(([k, v]) => `?${k}=  ${v}`)
    .join('\n');

/** Where a suite's default data comes from: a preset's Hub source, row count and reference, or the built-in file. */
export function dataLines(suite: Pick<Suite, 'defaultData' | 'preset'>): string[] {
  const p = suite.preset;
  if (p) {
    const rows = p.rows === undefined ? '' : `, ${p.rows.toLocaleString('en-US')} rows`;
    return [`    preset: ${p.dataset}@${p.revision} ${p.split}${rows}`, `    reference: ${p.reference}`];
  }
  return [isHubUri(suite.defaultData) ? `    data: ${suite.defaultData}` : `    built-in data: datasets/${suite.defaultData}`];
}

/** One suite's entry in `ls suites`: id, version and description, its data, its options. */
export function suiteLines(id: string, suite: Pick<Suite, 'version' | 'description' | 'defaultData' | 'preset' | 'options'>): string[] {
  const out = [`${id} (v${suite.version})  ${suite.description}`, ...dataLines(suite)];
  const opts = Object.fromEntries(
    Object.entries(suite.options).map(([k, o]) => [k, `${o.description}${o.values ? ` (${o.values.join('|')})` : ''} [default: ${o.default || 'none'}]`]),
  );
  if (Object.keys(opts).length) out.push(indent(optionLines(opts)));
  return out;
}

async function listSuites(): Promise<string> {
  const out: string[] = [];
  for (const id of suites.ids()) out.push(...suiteLines(id, (await suites.load(id)).suite));
  return out.join('\n');
}

async function listAdapters(): Promise<string> {
  const out: string[] = [];
  for (const id of adapterIds()) {
    const info = await adapterInfo(id);
    out.push(`${id}:  ${info.description}`, indent(optionLines(Object.fromEntries(info.options.map((o) => [o.name, o.description])))));
  }
  out.push(
    '',
    'options every model spec takes:',
    indent(optionLines(Object.fromEntries(Object.entries(coreModelOptions).map(([name, o]) => [name, o.description])))),
  );
  return out.join('\n');
}

async function listMetrics(): Promise<string> {
  const out: string[] = [];
  for (const id of suites.ids()) {
    const { suite } = await suites.load(id);
    out.push(
      `${id}:`,
      ...suite.metrics.map(
        (m) => `    ${m.id}${m.id === suite.primaryMetric ? ' (primary)' : ''}  ${m.description}${m.higherIsBetter ? '' : ' (lower is better)'}`,
      ),
    );
  }
  return out.join('\n');
}

export const command = defineCommand({
  name: 'ls',
  description:
    'List what is available: suites (with options and their data: built-in file or Hub preset), adapters (model spec kinds), metrics (with formulas), step aggregators.',
  positionals: { usage: `[${topics.join('|')}]`, description: 'what to list [default: all]' },
  args: { ...PLUGIN_ARGS },
  async run({ args, positionals, io }) {
    await loadPluginFlags(args.plugin, io.cwd);
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
