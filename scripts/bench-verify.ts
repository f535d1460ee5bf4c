/**
 * Time `verifier:math` on the 800 responses of math_cot_100_samples.jsonl (100 problems × 8) and
 * print its agreement with the file's own labels. Usage: tsx scripts/bench-verify.ts [FILE]
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { MathVerifier } from '../src/verifiers/math/verify.js';

const file = resolve(process.argv[2] ?? '../shared/data/math-verification/math_cot_100_samples.jsonl');
const rows = readFileSync(file, 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as { gt: string; response: string[]; score: boolean[] });

const start = performance.now();
const verifier = new MathVerifier();
let n = 0;
let agree = 0;
for (const row of rows) {
  for (const [i, response] of row.response.entries()) {
    const v = await verifier.verify(row.gt, response);
    n++;
    if (v.correct === row.score[i]) agree++;
  }
}
const seconds = (performance.now() - start) / 1000;
console.log(
  `verified ${n} responses in ${seconds.toFixed(2)} s (${((seconds * 1000) / n).toFixed(2)} ms each; the compute engine loads only when a pair needs it)`,
);
console.log(`agreement with the file's labels: ${agree}/${n} = ${(agree / n).toFixed(3)}`);
