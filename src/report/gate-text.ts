import { formatNumber as f, verdictLine, type GateOutcome } from '../gate/outcome.js';

/** The gate's terminal output: one line per (rule, result row, check), then the verdict. Pure: outcome in, text out. */
export function renderGateText(o: GateOutcome): string {
  const rows = o.cases.flatMap((c) =>
    c.checks.map((k) => [k.pass ? 'PASS' : 'FAIL', c.ruleName, `${c.model} / ${c.suite} / ${c.subset} / ${c.metric}`, k.kind, f(k.observed), f(k.threshold), k.message]),
  );
  const header = ['result', 'rule', 'model / suite / subset / metric', 'check', 'observed', 'threshold', 'detail'];
  const widths = header.slice(0, -1).map((h, i) => Math.max([...h].length, ...rows.map((r) => [...r[i]!].length)));
  // Control characters in model ids or subset names would garble a terminal.
  const clean = (s: string): string => s.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i < widths.length ? c.padEnd(widths[i]!) : c)).map(clean).join('  ').trimEnd();
  const against = o.baseline === null ? '' : ` against ${o.baseline}`;
  return [`gate: ${o.candidate}${against}`, line(header), ...rows.map(line), `gate: ${verdictLine(o)}`].join('\n') + '\n';
}
