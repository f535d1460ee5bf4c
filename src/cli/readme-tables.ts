import { isHubUri } from '../hub/uri.js';
import { adapterIds, adapterInfo, suiteIds, suiteInfo, type SuiteInfo } from './registry-info.js';

/**
 * The README's adapter and suite tables, written from the registries (`npm run readme`) so they
 * cannot drift from what `rewardgauge ls` prints; test/docs/readme-tables.test.ts fails when the
 * committed README differs. Each table sits between `<!-- NAME:start -->` and `<!-- NAME:end -->`.
 */

/** A Markdown table cell: pipes escaped, on one line. */
const cell = (text: string): string => text.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|');
const code = (text: string): string => `\`${text}\``;
const row = (cells: string[]): string => `| ${cells.map(cell).join(' | ')} |`;

export async function adapterTable(): Promise<string> {
  const lines = [row(['adapter', 'what it is', 'options']), '|---|---|---|'];
  for (const id of adapterIds()) {
    const a = await adapterInfo(id);
    lines.push(row([code(`${id}:`), a.description, a.options.map((o) => code(o.name)).join(', ') || '—']));
  }
  return lines.join('\n');
}

function suiteData(s: SuiteInfo): string {
  if (s.preset) return `${s.preset.dataset} (Hub preset, ${s.preset.split})`;
  return isHubUri(s.defaultData) ? s.defaultData : `built-in ${code(`datasets/${s.defaultData}`)}`;
}

export async function suiteTable(): Promise<string> {
  const lines = [row(['suite', 'what it measures', 'data', 'primary metric', 'options']), '|---|---|---|---|---|'];
  for (const id of suiteIds()) {
    const s = await suiteInfo(id);
    const options = Object.entries(s.options).map(([k, o]) => `${code(`?${k}=`)}${o.values ? ` (${o.values.join(', ')})` : ''}`);
    lines.push(row([code(id), s.description, suiteData(s), code(s.primaryMetric), options.join(', ') || '—']));
  }
  return lines.join('\n');
}

/** `text` with what lies between the markers of `name` replaced by `body`; a missing marker is an error, not a silent no-op. */
export function replaceBetween(text: string, name: string, body: string): string {
  const [start, end] = [`<!-- ${name}:start -->`, `<!-- ${name}:end -->`];
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i < 0 || j < i) throw new Error(`README: expected ${start} before ${end}`);
  return `${text.slice(0, i + start.length)}\n${body}\n${text.slice(j)}`;
}

/** The README with both tables as the registries have them now. */
export async function readmeWithTables(text: string): Promise<string> {
  return replaceBetween(replaceBetween(text, 'adapters', await adapterTable()), 'suites', await suiteTable());
}
