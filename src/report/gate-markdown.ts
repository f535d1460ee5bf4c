import { formatNumber as f, verdictLine, type GateOutcome } from '../gate/outcome.js';
import { escapeMarkdownCell as markdownCell } from './escape.js';

/** The gate as Markdown, for a GitHub job summary or a PR comment. Pure: outcome in, text out. */

export function renderGateMarkdown(o: GateOutcome): string {
  const mark = (pass: boolean): string => (pass ? '✅ PASS' : '❌ FAIL');
  const lines = [`### ${mark(o.pass)}: rewardgauge gate`, '', markdownCell(verdictLine(o))];
  lines.push('', `Candidate: ${markdownCell(o.candidate)}${o.baseline === null ? '' : ` · baseline: ${markdownCell(o.baseline)}`}`, '');
  lines.push('| result | rule | model | suite | subset | metric | check | observed | threshold | detail |', '|---|---|---|---|---|---|---|---:|---:|---|');
  for (const c of o.cases) {
    for (const k of c.checks) {
      const cells = [mark(k.pass), c.ruleName, c.model, c.suite, c.subset, c.metric, k.kind, f(k.observed), f(k.threshold), k.message];
      lines.push(`| ${cells.map(markdownCell).join(' | ')} |`);
    }
  }
  if (o.warnings.length > 0) lines.push('', ...o.warnings.map((w) => `- warning: ${markdownCell(w)}`));
  return lines.join('\n') + '\n\n';
}
