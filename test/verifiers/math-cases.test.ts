import t from 'tap';
import { verifyMath, type MathVerifyOptions } from '../../src/verifiers/math/verify.js';

// Each expectation is decided from the mathematics, not from running the verifier. An answer
// without "\boxed" is put in one; `raw` cases are whole responses (extraction is tested too).
type Case = [category: string, gold: string, answer: string, expected: boolean, options?: Partial<MathVerifyOptions>];

const cases: Case[] = [
  // fractions in every notation, reduced or not
  ['fraction', '\\frac{1}{3}', '\\frac{12}{36}', true],
  ['fraction', '1/3', '\\frac{12}{36}', true],
  ['fraction', '\\frac{1}{3}', '\\dfrac{1}{3}', true],
  ['fraction', '\\tfrac{2}{4}', '\\frac12', true],
  ['fraction', '\\frac{3}{4}', '3/4', true],
  ['fraction', '-\\frac{1}{2}', '\\frac{-1}{2}', true],
  ['fraction', '\\frac{1}{3}', '\\frac{1}{4}', false],
  ['fraction', '\\frac{2}{3}', '\\frac{3}{2}', false],
  ['fraction', '-\\frac{1}{2}', '\\frac{1}{2}', false],
  // decimals vs fractions, tolerance
  ['decimal', '\\frac{1}{2}', '0.5', true],
  ['decimal', '0.25', '\\frac{1}{4}', true],
  ['decimal', '2', '2.0', true],
  ['decimal', '2', '2.0001', false],
  ['decimal', '\\frac{1}{3}', '0.333', false],
  ['decimal', '\\frac{1}{3}', '0.3333333333333', true],
  ['decimal', '2', '2.0001', true, { tolerance: 1e-3 }],
  ['decimal', '3.14', '\\pi', false],
  ['decimal', '0.1', '.1', true],
  // integers: the classic false positive of substring and prefix matching
  ['integer', '1', '100', false],
  ['integer', '100', '1', false],
  ['integer', '10', '010', true],
  ['integer', '-3', '3', false],
  ['integer', '12', '21', false],
  // radicals
  ['radical', '4\\sqrt{2}', '\\sqrt{32}', true],
  ['radical', '\\sqrt{32}', '4\\sqrt2', true],
  ['radical', '\\frac{\\sqrt{2}}{2}', '\\frac{1}{\\sqrt{2}}', true],
  ['radical', '2\\sqrt{3}', '\\sqrt{12}', true],
  ['radical', '2\\sqrt{3}', '3\\sqrt{2}', false],
  ['radical', '\\sqrt[3]{8}', '2', true],
  ['radical', '\\sqrt{2}', '1.41421356', false],
  // scientific notation
  ['scientific', '1500', '1.5\\times10^{3}', true],
  ['scientific', '1.5 \\times 10^3', '1500', true],
  ['scientific', '0.0015', '1.5\\cdot 10^{-3}', true],
  ['scientific', '1500', '1.5\\times10^{4}', false],
  // thousands separators vs tuples
  ['thousands', '1000', '1,000', true],
  ['thousands', '10{,}000', '10000', true],
  ['thousands', '1000000', '1,000,000', true],
  ['thousands', '(1,2)', '(1,2)', true],
  ['thousands', '12', '1,2', false],
  ['thousands', '1000', '1,000.5', false],
  // \text, \left \right, degrees, dollars
  ['text', '\\text{Monday}', 'Monday', true],
  ['text', 'Monday', '\\text{Tuesday}', false],
  ['text', '\\text{(C)}', '(C)', true],
  ['text', 'C', '\\text{(C)}', true],
  ['text', 'C', 'D', false],
  ['delimiters', '\\left(1,2\\right)', '(1,2)', true],
  ['delimiters', '\\left[0,1\\right)', '[0,1)', true],
  ['degrees', '30', '30^\\circ', true],
  ['degrees', '45^{\\circ}', '45', true],
  ['degrees', '30', '60^\\circ', false],
  ['dollars', '5', '\\$5', true],
  ['dollars', '\\$1.50', '1.5', true],
  ['dollars', '5', '\\$50', false],
  // units: only stripped on request
  ['units', '5', '5\\text{ cm}', false],
  ['units', '5', '5\\text{ cm}', true, { stripUnits: true }],
  ['units', '12', '12 \\text{ square units}', true, { stripUnits: true }],
  ['units', '5', '6\\text{ cm}', false, { stripUnits: true }],
  // x = 5 vs 5
  ['equation', '5', 'x = 5', true],
  ['equation', 'x=5', '5', true],
  ['equation', '5', 'x = 6', false],
  ['equation', '\\frac{\\pi}{2}', '\\theta = \\frac{\\pi}{2}', true],
  // percent: only with the option may 50% mean 0.5
  ['percent', '0.5', '50\\%', false],
  ['percent', '0.5', '50\\%', true, { percent: true }],
  ['percent', '50', '50\\%', true],
  ['percent', '25\\%', '0.25', true, { percent: true }],
  ['percent', '0.5', '5\\%', false, { percent: true }],
  // sets (unordered), tuples (ordered), intervals (brackets matter)
  ['set', '\\{1,2\\}', '\\{2,1\\}', true],
  ['set', '\\{1,2,3\\}', '\\{3,1,2\\}', true],
  ['set', '\\{1,2\\}', '\\{1,3\\}', false],
  ['set', '\\{1,2\\}', '\\{1,2,3\\}', false],
  ['set', '1, 2', '2, 1', true],
  ['set', '\\pm 2', '2, -2', true],
  ['set', '\\pm 2', '2', false],
  ['tuple', '(1,2)', '(2,1)', false],
  ['tuple', '(1,2,3)', '(1, 2, 3)', true],
  ['tuple', '(\\frac{1}{2}, 3)', '(0.5, 3)', true],
  ['tuple', '(1,2)', '(1,2,3)', false],
  ['interval', '(1,2)', '[1,2]', false],
  ['interval', '[1,2)', '[1,2)', true],
  ['interval', '[1,2)', '(1,2]', false],
  ['interval', '(-\\infty, 3]', '(-\\infty,3]', true],
  ['interval', '(-\\infty,1)\\cup(2,\\infty)', '(2,\\infty)\\cup(-\\infty,1)', true],
  ['interval', '(-\\infty,1)\\cup(2,\\infty)', '(-\\infty,1]\\cup(2,\\infty)', false],
  // inequalities are the intervals they describe
  ['inequality', '(2,\\infty)', 'x > 2', true],
  ['inequality', 'x > 2', '(2, \\infty)', true],
  ['inequality', '[2,\\infty)', 'x \\geq 2', true],
  ['inequality', '(2,\\infty)', 'x \\ge 2', false],
  ['inequality', '(-\\infty, 5)', 'x < 5', true],
  ['inequality', '[-1, 3)', '-1 \\le x < 3', true],
  ['inequality', '(2,\\infty)', 'x < 2', false],
  // matrices
  ['matrix', '\\begin{pmatrix}1&2\\\\3&4\\end{pmatrix}', '\\begin{bmatrix}1 & 2 \\\\ 3 & 4\\end{bmatrix}', true],
  ['matrix', '\\begin{pmatrix}1&2\\\\3&4\\end{pmatrix}', '\\begin{pmatrix}1&3\\\\2&4\\end{pmatrix}', false],
  ['matrix', '\\begin{pmatrix}\\frac12\\\\0\\end{pmatrix}', '\\begin{pmatrix}0.5\\\\0\\end{pmatrix}', true],
  ['matrix', '\\begin{pmatrix}1\\\\2\\end{pmatrix}', '\\begin{pmatrix}1\\\\2\\\\0\\end{pmatrix}', false],
  // expressions and polynomial identities
  ['polynomial', 'x^2+2x+1', '(x+1)^2', true],
  ['polynomial', '(x+1)^2', 'x^2+1', false],
  ['polynomial', 'x^2-1', '(x-1)(x+1)', true],
  ['polynomial', '2x+3', '3+2x', true],
  ['polynomial', '2x+3', '2y+3', false],
  ['polynomial', '\\frac{x}{2}', '0.5x', true],
  ['expression', '2\\pi', '\\pi \\cdot 2', true],
  ['expression', '\\frac{\\pi}{4}', '\\pi/4', true],
  ['expression', '\\frac{\\pi}{4}', '\\frac{\\pi}{3}', false],
  ['expression', '10', '\\binom{5}{2}', true],
  ['expression', '1024', '2^{10}', true],
  ['expression', '3+2i', '2+3i', false],
  ['expression', '120', '5!', true],
  // extraction: the last box, fbox, answer statements, final numbers
  ['extraction', '7', 'raw:First \\boxed{7}.', true],
  ['extraction', '7', 'raw:We get \\boxed{\\frac{14}{2}} in the end.', true],
  ['extraction', '\\frac{1}{2}', 'raw:Nested: \\boxed{\\frac{\\sqrt{4}}{4}}', true],
  ['extraction', '7', 'raw:So the result is \\fbox{7}.', true],
  ['extraction', '7', 'raw:Adding them up, the final answer is $7$.', true],
  ['extraction', '7', 'raw:Answer: 8', false],
  ['extraction', '7', 'raw:3 + 4 = 7', true],
  ['extraction', '3', 'raw:Multiply both sides by 3 and simplify.', false],
];

for (const [category, gold, answer, expected, options] of cases) {
  const response = answer.startsWith('raw:') ? answer.slice(4) : `The answer is $\\boxed{${answer}}$.`;
  t.test(`${category}: ${gold} vs ${answer} → ${expected ? 'equal' : 'not equal'}${options ? ` ${JSON.stringify(options)}` : ''}`, async (t) => {
    const v = await verifyMath(gold, response, options);
    t.equal(v.correct, expected, `reason ${v.reason}, extracted ${JSON.stringify(v.extracted)}, gold ${v.normalizedGold}, answer ${v.normalizedAnswer}`);
  });
}

t.test('the table covers every category with at least 80 cases', async (t) => {
  t.ok(cases.length >= 80, `${cases.length} cases`);
  t.ok(cases.filter((c) => c[3]).length >= 30 && cases.filter((c) => !c[3]).length >= 30, 'both directions');
});
