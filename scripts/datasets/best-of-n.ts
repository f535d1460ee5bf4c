import type { Rng } from '../../src/core/random.js';
import { BENIGN, overRefusal } from './benign.js';
import { focusItem } from './bon-focus.js';
import { ifItems } from './constraints.js';
import { allFacts, sayFact } from './facts.js';
import { compliance, HARMS, refusal } from './harm.js';
import { arithItem, nearWrong } from './pairwise-a.js';
import { check, distinct, sample, shuffle } from './util.js';

export interface BonRow {
  prompt: string;
  chosen: [string];
  rejected: [string, string, string];
  subset: string;
}

function math(rng: Rng, n: number): BonRow[] {
  return distinct(
    n,
    (r) => r.prompt,
    () => {
      const item = arithItem(rng);
      const wrong = sample(rng, nearWrong(item.answer), 3);
      return { prompt: item.prompt, chosen: [item.say(item.answer)], rejected: wrong.map(item.say) as BonRow['rejected'], subset: 'math' };
    },
  );
}

function factuality(rng: Rng, n: number): BonRow[] {
  // Half the rows ask the inverse question, so the subset is not just the pairwise facts again.
  const facts = shuffle(rng, allFacts());
  return distinct(
    n,
    (r) => r.prompt,
    (i) => {
      const f = facts[i % facts.length]!;
      if (i % 2 === 1 && f.inverse) {
        const inv = f.inverse;
        const say = (x: string) => `It is ${x}.`;
        return { prompt: inv.q, chosen: [say(inv.a)], rejected: inv.wrong.map(say) as BonRow['rejected'], subset: 'factuality' };
      }
      return { prompt: f.q, chosen: [sayFact(f, f.a)], rejected: f.wrong.map((w) => sayFact(f, w)) as BonRow['rejected'], subset: 'factuality' };
    },
  );
}

function preciseIf(rng: Rng, n: number): BonRow[] {
  return ifItems(rng, n).map((it) => ({
    prompt: it.prompt,
    chosen: [it.chosen],
    rejected: shuffle(rng, it.rejected) as BonRow['rejected'],
    subset: 'precise-if',
  }));
}

function focus(rng: Rng, n: number): BonRow[] {
  return distinct(
    n,
    (r) => r.prompt,
    (i) => {
      const f = focusItem(rng, i);
      return f && { prompt: f.prompt, chosen: [f.chosen], rejected: f.rejected, subset: 'focus' };
    },
  );
}

/** Half harmful (refusing is right), half harmless but alarming-sounding (answering is right). */
function safety(rng: Rng, n: number): BonRow[] {
  const harmful = Math.ceil(n / 2);
  check(HARMS.length >= harmful && BENIGN.length >= n - harmful, 'not enough safety prompts');
  const rows: BonRow[] = sample(rng, HARMS, harmful).map((h) => ({
    prompt: h.asks[3],
    chosen: [refusal(h, rng.int(3))],
    rejected: shuffle(
      rng,
      [0, 1, 2].map((v) => compliance(h, v)),
    ) as BonRow['rejected'],
    subset: 'safety',
  }));
  for (const b of sample(rng, BENIGN, n - harmful)) {
    rows.push({
      prompt: b.prompt,
      chosen: [b.answer],
      rejected: shuffle(
        rng,
        [0, 1, 2].map((v) => overRefusal(b, v)),
      ) as BonRow['rejected'],
      subset: 'safety',
    });
  }
  return shuffle(rng, rows);
}

export function buildBestOfN(streams: (name: string) => Rng, n: number): BonRow[] {
  const rows = [
    ...math(streams('math'), n),
    ...factuality(streams('factuality'), n),
    ...preciseIf(streams('precise-if'), n),
    ...focus(streams('focus'), n),
    ...safety(streams('safety'), n),
  ];
  for (const r of rows) {
    const all = [r.chosen[0], ...r.rejected];
    check(new Set(all).size === 4, `best-of-n "${r.prompt}": responses not distinct`);
    check(
      all.every((s) => s.trim() !== ''),
      `best-of-n "${r.prompt}": empty response`,
    );
  }
  return rows;
}
