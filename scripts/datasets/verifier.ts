/**
 * The built-in verification set (datasets/verifier.jsonl): labelled (problem, response) pairs
 * for the `verifier` suite. Problems and solutions come from the rewardmath machinery; per
 * problem, four responses: the reference (label 1), the reference with its final answer written
 * in another equivalent form (label 1: `0.5` for ½, `12,000`, `x = 5`), and two flawed
 * solutions (label 0). The gold is written canonically (`\frac{a}{b}`, plain integers), so
 * a verifier that compares strings rejects the correct rewrites.
 */
import { deriveSeed, Rng } from '../../src/core/random.js';
import { buildRewardMath } from './rewardmath.js';
import { check, pick, sample, shuffle } from './util.js';

export interface VerifierRow {
  id: string;
  problem: string;
  gold: string;
  response: string;
  label: 0 | 1;
  subject: string;
}

export const VERIFIER_PROBLEMS = 30; // × 4 responses = 120 rows

const BOX = /\\boxed\{((?:[^{}]|\{[^{}]*\})*)\}/g;

/** "a/b" or "n" (the rewardmath answer form) as the gold: `\frac{a}{b}` (sign outside) or the integer. */
function goldOf(answer: string): string {
  const m = /^(-?)(\d+)\/(\d+)$/.exec(answer);
  return m ? `${m[1]}\\frac{${m[2]}}{${m[3]}}` : answer;
}

/** Whether a/b has a finite decimal expansion. */
function terminates(b: number): boolean {
  let d = b;
  for (const p of [2, 5]) while (d % p === 0) d /= p;
  return d === 1;
}

/** The same value written another way than the gold and the reference. */
function rewrite(rng: Rng, answer: string): string {
  const frac = /^(-?)(\d+)\/(\d+)$/.exec(answer);
  if (frac) {
    const [, sign, a, b] = frac;
    return terminates(Number(b)) ? `${sign}${String(Number(a) / Number(b))}` : `${sign}\\dfrac{${a}}{${b}}`;
  }
  const n = Number(answer);
  if (Math.abs(n) >= 1000) return n.toLocaleString('en-US');
  return pick(rng, [`x = ${answer}`, `${answer}.0`]);
}

/** A boxed answer's value, reading the forms `rewrite` writes (commas, `x =`, `.0`, \frac, \dfrac, a/b). */
export function valueOf(boxed: string): number {
  const s = boxed.replace(/\s+/g, '').replace(/^x=/, '').replace(/,/g, '');
  const f = /^(-?)\\d?frac\{(\d+)\}\{(\d+)\}$/.exec(s) ?? /^(-?)(\d+)\/(\d+)$/.exec(s);
  if (f) return (f[1] === '-' ? -1 : 1) * (Number(f[2]) / Number(f[3]));
  return Number(s);
}

const lastBox = (text: string): string => {
  const all = [...text.matchAll(BOX)];
  check(all.length > 0, `no boxed answer in: ${text.slice(-80)}`);
  return all[all.length - 1]![1]!;
};

function replaceLastBox(text: string, inner: string): string {
  const all = [...text.matchAll(BOX)];
  const last = all[all.length - 1]!;
  return text.slice(0, last.index) + `\\boxed{${inner}}` + text.slice(last.index! + last[0].length);
}

export function buildVerifier(seed: number): VerifierRow[] {
  const math = buildRewardMath(deriveSeed(seed, 'verifier', 'problems'), 2);
  const rng = new Rng(deriveSeed(seed, 'verifier', 'rows'));
  const chosen = shuffle(rng, math).slice(0, VERIFIER_PROBLEMS);
  const rows: VerifierRow[] = [];
  for (const m of chosen) {
    const reference = m.chosen.steps.join('\n');
    const gold = goldOf(m.answer);
    const responses: Array<[string, 0 | 1]> = [
      [reference, 1],
      [replaceLastBox(reference, rewrite(rng, m.answer)), 1],
      ...sample(rng, m.rejected, 2).map((r): [string, 0 | 1] => [r.steps.join('\n'), 0]),
    ];
    for (const [response, label] of shuffle(rng, responses)) {
      rows.push({ id: `verifier-${String(rows.length + 1).padStart(4, '0')}`, problem: m.problem, gold, response, label, subject: m.subject });
    }
  }
  validateVerifier(rows);
  return rows;
}

export function validateVerifier(rows: readonly VerifierRow[]): void {
  check(rows.length === VERIFIER_PROBLEMS * 4, `verifier: ${rows.length} rows`);
  const seen = new Set<string>();
  for (const r of rows) {
    check(!seen.has(r.response), `${r.id}: duplicate response`);
    seen.add(r.response);
    const right = Math.abs(valueOf(lastBox(r.response)) - valueOf(r.gold)) < 1e-12;
    check(Number.isFinite(valueOf(lastBox(r.response))), `${r.id}: unreadable answer ${lastBox(r.response)}`);
    check(right === (r.label === 1), `${r.id}: label ${r.label} but boxes ${lastBox(r.response)} (gold ${r.gold})`);
  }
  const rewritten = rows.filter((r) => r.label === 1 && lastBox(r.response).replace(/\s+/g, '') !== r.gold.replace(/\s+/g, '')).length;
  check(rewritten >= VERIFIER_PROBLEMS, `verifier: only ${rewritten} correct responses written differently from the gold`);
}

export function describeVerifier(rows: readonly VerifierRow[]): void {
  const subjects = new Map<string, number>();
  for (const r of rows) subjects.set(r.subject, (subjects.get(r.subject) ?? 0) + 1);
  const ones = rows.filter((r) => r.label === 1).length;
  console.log(`\nverifier.jsonl: ${rows.length} rows, ${ones} labelled correct, ${rows.length - ones} wrong`);
  console.log(`  subjects: ${[...subjects].map(([s, n]) => `${s}=${n}`).join(' ')}`);
}
