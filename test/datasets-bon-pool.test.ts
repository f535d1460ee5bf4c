import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { buildBonPool } from '../scripts/datasets/bon-pool.js';
import { root } from './support/helpers.js';

/** datasets/bon-pool.jsonl: reproducible, 32 samples a prompt, gold = boxed answer right, features unrelated to gold. */

interface Sample {
  response: string;
  gold: number;
  features: { length: number; confident: number; formatted: number };
}
interface Row {
  id: string;
  prompt: string;
  answer: string;
  subject: string;
  samples: Sample[];
}

const file = join(root, 'datasets', 'bon-pool.jsonl');
const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
const rows: Row[] =
  text.trim() === ''
    ? []
    : text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Row);

t.test('the file exists and equals a fresh build with the manifest seed', async (t) => {
  t.ok(existsSync(file), 'datasets/bon-pool.jsonl exists');
  const manifest = JSON.parse(readFileSync(join(root, 'datasets', 'manifest.json'), 'utf8')) as { seed: number; datasets: Record<string, { items: number }> };
  const fresh =
    buildBonPool(manifest.seed)
      .map((r) => JSON.stringify(r))
      .join('\n') + '\n';
  t.ok(fresh === text, 'byte-identical to buildBonPool(seed)');
  t.equal(manifest.datasets['bon-pool']?.items, rows.length, 'manifest item count');
});

t.test('at least 200 prompts, 32 distinct samples each', async (t) => {
  t.ok(rows.length >= 200, `${rows.length} prompts`);
  t.equal(new Set(rows.map((r) => r.prompt)).size, rows.length, 'prompts are unique');
  for (const r of rows) {
    if (r.samples.length !== 32 || new Set(r.samples.map((s) => s.response)).size !== 32) t.fail(`${r.id}: not 32 distinct samples`);
  }
});

// An independent answer check: pull out every \boxed{...}, read it and the answer as exact rationals.
const boxes = (s: string): string[] => {
  const out: string[] = [];
  for (let i = s.indexOf('\\boxed{'); i >= 0; i = s.indexOf('\\boxed{', i + 1)) {
    let depth = 0;
    let j = i + '\\boxed'.length;
    const start = j + 1;
    for (; j < s.length; j++) {
      if (s[j] === '{') depth++;
      else if (s[j] === '}' && --depth === 0) break;
    }
    out.push(s.slice(start, j));
  }
  return out;
};
const rational = (raw: string): [bigint, bigint] | null => {
  const x = raw.replace(/\\d?frac\{([^{}]*)\}\{([^{}]*)\}/g, '$1/$2').replace(/\s+/g, '');
  const frac = /^(-?\d+)\/(-?\d+)$/.exec(x);
  if (frac) return [BigInt(frac[1]!), BigInt(frac[2]!)];
  const dec = /^(-?)(\d+)(?:\.(\d+))?$/.exec(x);
  if (!dec) return null;
  const places = dec[3]?.length ?? 0;
  const n = BigInt(`${dec[2]}${dec[3] ?? ''}`);
  return [dec[1] === '-' ? -n : n, 10n ** BigInt(places)];
};
const same = (a: string, b: string): boolean => {
  const p = rational(a);
  const q = rational(b);
  return p !== null && q !== null && p[0] * q[1] === q[0] * p[1];
};

t.test('gold is 1 exactly when the one boxed answer equals the correct answer', async (t) => {
  let bad = 0;
  let multi = 0;
  for (const r of rows) {
    t.ok(rational(r.answer) !== null, `${r.id}: answer ${r.answer} is a number`);
    const correct = r.samples.filter((s) => s.gold === 1).length;
    if (correct < 1 || correct > 31) t.fail(`${r.id}: ${correct} correct samples leaves best-of-n nothing to do`);
    for (const s of r.samples) {
      const b = boxes(s.response);
      if (b.length !== 1) multi++;
      else if ((s.gold === 1) !== same(b[0]!, r.answer)) bad++;
      if (s.features.length !== [...s.response].length) t.fail(`${r.id}: length feature is not the response length`);
    }
  }
  t.equal(multi, 0, 'every response boxes exactly one answer');
  t.equal(bad, 0, 'gold agrees with the boxed-answer check');
  // The share of correct samples varies across prompts.
  t.ok(new Set(rows.map((r) => r.samples.filter((s) => s.gold === 1).length)).size >= 10, 'varied correct counts');
});

t.test('length, confidence and formatting are uncorrelated with gold', async (t) => {
  const all = rows.flatMap((r) => r.samples);
  const gold = all.map((s) => s.gold);
  const r = (xs: number[]): number => {
    const n = xs.length;
    const mx = xs.reduce((a, b) => a + b, 0) / n;
    const my = gold.reduce((a, b) => a + b, 0) / n;
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    xs.forEach((x, i) => {
      sxy += (x - mx) * (gold[i]! - my);
      sxx += (x - mx) ** 2;
      syy += (gold[i]! - my) ** 2;
    });
    return sxy / Math.sqrt(sxx * syy);
  };
  for (const k of ['length', 'confident', 'formatted'] as const) {
    const v = r(all.map((s) => s.features[k]));
    t.ok(Math.abs(v) < 0.05, `${k}: r = ${v.toFixed(4)}`);
  }
  // The binary features really vary, on correct and flawed samples alike.
  for (const k of ['confident', 'formatted'] as const) {
    for (const g of [0, 1]) {
      const xs = all.filter((s) => s.gold === g).map((s) => s.features[k]);
      const share = xs.reduce((a, b) => a + b, 0) / xs.length;
      t.ok(share > 0.4 && share < 0.6, `${k} share among gold=${g}: ${share.toFixed(3)}`);
    }
  }
});
