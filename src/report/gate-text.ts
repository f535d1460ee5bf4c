import { escapeTerminal } from '../core/safe-text.js';
import { formatNumber as f, verdictLine, type GateOutcome } from '../gate/outcome.js';

/** The gate's terminal output: one line per (rule, result row, check), then the verdict. Pure: outcome in, text out. */
export function renderGateText(o: GateOutcome): string {
  const rows = o.cases.flatMap((c) =>
    c.checks.map((k) => [
      k.pass ? 'PASS' : 'FAIL',
      c.ruleName,
      `${c.model} / ${c.suite} / ${c.subset} / ${c.metric}`,
      k.kind,
      f(k.observed),
      f(k.threshold),
      k.message,
    ]),
  );
  const header = ['result', 'rule', 'model / suite / subset / metric', 'check', 'observed', 'threshold', 'detail'];
  // Control characters in model ids or subset names would garble a terminal; escaped before widths are measured.
  const cells = rows.map((r) => r.map(escapeTerminal));
  const widths = header.slice(0, -1).map((h, i) => Math.max([...h].length, ...cells.map((r) => [...r[i]!].length)));
  const line = (cs: readonly string[]): string =>
    cs
      .map((c, i) => (i < widths.length ? c.padEnd(widths[i]!) : c))
      .join('  ')
      .trimEnd();
  const against = o.baseline === null ? '' : ` against ${o.baseline}`;
  return [escapeTerminal(`gate: ${o.candidate}${against}`), line(header), ...cells.map(line), escapeTerminal(`gate: ${verdictLine(o)}`)].join('\n') + '\n';
}
