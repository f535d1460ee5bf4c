import t from 'tap';
import type { GateCase, GateOutcome } from '../../src/gate/outcome.js';
import { renderGateMarkdown } from '../../src/report/gate-markdown.js';
import { escapeMarkdownCell as markdownCell } from '../../src/report/escape.js';
import { renderGateText } from '../../src/report/gate-text.js';
import { renderJunit, xmlEscape } from '../../src/report/junit.js';
import { findAll, parseXml } from './fixtures/xml.js';

// The gate's renderers on a hand-made outcome whose ids carry every character that could break them.

const nasty = 'rm<b>&"quote\'|pipe\nnew\u0007bell';
const cases: GateCase[] = [
  {
    rule: 0,
    ruleName: 'floor & ceiling',
    model: nasty,
    suite: 'pairwise',
    subset: 'a|b',
    metric: 'accuracy',
    value: 0.75,
    higherIsBetter: true,
    pass: false,
    checks: [
      { kind: 'min', pass: true, observed: 0.75, threshold: 0.6, message: 'value 0.75 ≥ min 0.6' },
      { kind: 'max', pass: false, observed: 0.75, threshold: 0.7, message: 'value 0.75 > max 0.7 <script>' },
    ],
  },
  {
    rule: 0,
    ruleName: 'floor & ceiling',
    model: 'ok-rm',
    suite: 'pairwise',
    subset: 'all',
    metric: 'accuracy',
    value: 0.65,
    higherIsBetter: true,
    pass: true,
    checks: [{ kind: 'min', pass: true, observed: 0.65, threshold: 0.6, message: 'value 0.65 ≥ min 0.6' }],
  },
  {
    rule: 1,
    ruleName: 'rule 2',
    model: '*',
    suite: 'rewardmath',
    subset: 'all',
    metric: 'mrr',
    value: null,
    higherIsBetter: null,
    pass: false,
    checks: [{ kind: 'select', pass: false, observed: null, threshold: null, message: 'no result matches' }],
  },
];
const outcome: GateOutcome = { pass: false, candidate: 'runs/new/run.json', baseline: null, rules: 2, cases, checks: 4, failed: 2, warnings: ['old file'] };

t.test('JUnit: one testcase per (rule, row), failures carry the failed checks, every string escaped', async (t) => {
  const xml = parseXml(renderJunit(outcome));
  t.equal(xml.name, 'testsuites');
  t.same([xml.attrs.tests, xml.attrs.failures], ['3', '2']);
  const suites = findAll(xml, 'testsuite');
  t.same(
    suites.map((s) => [s.attrs.name, s.attrs.tests, s.attrs.failures]),
    [
      ['floor & ceiling', '2', '1'],
      ['rule 2', '1', '1'],
    ],
  );
  const tcs = findAll(xml, 'testcase');
  const bell = nasty.replace('\u0007', '\uFFFD');
  t.same(
    tcs.map((c) => [c.attrs.classname, c.attrs.name]),
    [
      ['rewardgauge.gate.pairwise', `${bell} / a|b / accuracy`],
      ['rewardgauge.gate.pairwise', 'ok-rm / all / accuracy'],
      ['rewardgauge.gate.rewardmath', '* / all / mrr'],
    ],
    'names round-trip, newline included; the control character XML cannot hold becomes U+FFFD',
  );
  const failures = tcs.map((c) => findAll(c, 'failure'));
  t.same(
    failures.map((f) => f.length),
    [1, 0, 1],
  );
  t.equal(failures[0]![0]!.attrs.message, 'max: value 0.75 > max 0.7 <script>');
  t.equal(failures[0]![0]!.attrs.type, 'max');
  t.match(failures[0]![0]!.text, /^FAIL max: observed 0\.75, threshold 0\.7/);
  t.match(findAll(tcs[0]!, 'system-out')[0]!.text, /PASS min: observed 0\.75, threshold 0\.6: value 0\.75 ≥ min 0\.6\nFAIL max/);
  t.equal(failures[2]![0]!.attrs.message, 'select: no result matches');
  t.equal(xmlEscape('a<b>&c'), 'a&lt;b&gt;&amp;c');
});

t.test('Markdown: headline verdict, one row per check, cells that cannot break the table', async (t) => {
  t.equal(markdownCell('a|b'), 'a\\|b');
  t.equal(markdownCell('<img src=x onerror=alert(1)>'), '&lt;img src=x onerror=alert(1)&gt;');
  t.equal(markdownCell('R&D'), 'R&amp;D');
  t.equal(markdownCell('two\nlines\r\nthree'), 'two<br>lines<br>three');
  t.equal(markdownCell('bow-*'), 'bow-\\*');
  t.equal(markdownCell('tab\there\u0007'), 'tab\uFFFDhere\uFFFD');
  const md = renderGateMarkdown(outcome);
  const lines = md.split('\n');
  t.equal(lines[0], '### ❌ FAIL: rewardgauge gate');
  t.match(md, /FAIL: 2 of 4 check\(s\) failed \(2 rule\(s\), 3 case\(s\)\)/);
  const rows = lines.filter((l) => l.startsWith('| '));
  t.equal(rows.length, 1 + 4, 'header + one row per check');
  // An unescaped | is a cell border: every row has the header's 11.
  const borders = (l: string): number => l.replace(/\\\|/g, '').split('|').length - 1;
  t.same(
    rows.map(borders),
    rows.map(() => 11),
  );
  t.notMatch(md, /<(?!br>)/, 'no raw < except our own line breaks');
  t.match(rows[1], /^\| ✅ PASS \| floor &amp; ceiling \| rm&lt;b&gt;&amp;"quote'\\\|pipe<br>new\uFFFDbell \| pairwise \| a\\\|b \|/);
  t.match(md, /- warning: old file/);
  const pass = renderGateMarkdown({ ...outcome, pass: true, failed: 0, cases: [cases[1]!], checks: 1 });
  t.match(pass, /^### ✅ PASS: rewardgauge gate\n\nPASS: all 1 check\(s\) hold/);
});

t.test('terminal text: a line per check and the verdict last; control characters shown as escapes', async (t) => {
  const text = renderGateText(outcome);
  const lines = text.trimEnd().split('\n');
  t.equal(lines.length, 1 + 1 + 4 + 1);
  t.match(
    lines[2],
    /^PASS\s+floor & ceiling\s+rm<b>&"quote'\|pipe\\x0anew\\x07bell \/ pairwise \/ a\|b \/ accuracy\s+min\s+0\.75\s+0\.6\s+value 0\.75 ≥ min 0\.6$/,
  );
  t.match(lines[5], /^FAIL\s+rule 2\s+\* \/ rewardmath \/ all \/ mrr\s+select\s+–\s+–\s+no result matches$/);
  t.equal(lines.at(-1), 'gate: FAIL: 2 of 4 check(s) failed (2 rule(s), 3 case(s))');
});
