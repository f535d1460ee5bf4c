import { formatNumber as f, type GateCase, type GateOutcome } from '../gate/outcome.js';

/** JUnit XML for CI test reporters: one <testcase> per (rule, model, suite, subset, metric). Pure: outcome in, text out. */

/**
 * Escape text for XML element content. Characters XML 1.0 cannot hold at all (most C0 controls,
 * lone surrogates, U+FFFE/U+FFFF) become U+FFFD, since model ids and subset names come from user data.
 */
export function xmlEscape(s: string): string {
  return s
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r/g, '&#13;');
}

/** Escape text for an attribute value: also quotes, and whitespace that attribute normalisation would flatten to spaces. */
export function xmlAttribute(s: string): string {
  return xmlEscape(s).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;');
}

const attrs = (a: Record<string, string | number>): string =>
  Object.entries(a)
    .map(([k, v]) => ` ${k}="${xmlAttribute(String(v))}"`)
    .join('');

function testcase(c: GateCase): string[] {
  const head = `    <testcase${attrs({ classname: `rewardgauge.gate.${c.suite}`, name: `${c.model} / ${c.subset} / ${c.metric}` })}>`;
  const failed = c.checks.filter((k) => !k.pass);
  const lines = c.checks.map((k) => `${k.pass ? 'PASS' : 'FAIL'} ${k.kind}: observed ${f(k.observed)}, threshold ${f(k.threshold)}: ${k.message}`);
  const out = [head];
  // Most readers take one <failure> per test case, so the failed checks share it.
  if (failed.length > 0) {
    const message = failed.map((k) => `${k.kind}: ${k.message}`).join('; ');
    out.push(
      `      <failure${attrs({ message, type: failed.map((k) => k.kind).join(',') })}>${xmlEscape(lines.filter((l) => l.startsWith('FAIL')).join('\n'))}</failure>`,
    );
  }
  out.push(`      <system-out>${xmlEscape(lines.join('\n'))}</system-out>`, '    </testcase>');
  return out;
}

export function renderJunit(o: GateOutcome): string {
  const byRule = new Map<number, GateCase[]>();
  for (const c of o.cases) byRule.set(c.rule, [...(byRule.get(c.rule) ?? []), c]);
  const failures = (cs: readonly GateCase[]): number => cs.filter((c) => !c.pass).length;
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs({ name: 'rewardgauge gate', tests: o.cases.length, failures: failures(o.cases), errors: 0 })}>`,
  ];
  for (const cases of byRule.values()) {
    out.push(`  <testsuite${attrs({ name: cases[0]!.ruleName, tests: cases.length, failures: failures(cases), errors: 0, skipped: 0 })}>`);
    for (const c of cases) out.push(...testcase(c));
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}
