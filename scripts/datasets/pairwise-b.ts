import type { Rng } from '../../src/core/random.js';
import { Q } from './fraction.js';
import { ifItems } from './constraints.js';
import { compliance, HARMS, refusal } from './harm.js';
import type { PairRow } from './pairwise-a.js';
import { between, check, distinct, money, pick, shuffle } from './util.js';

/** A decimal for prose: exact when it terminates, else rounded to two places with "about". */
function dec(q: Q): string {
  return q.decimal() ?? `about ${q.roundTo(2).decimal()}`;
}
const hhmm = (min: number) => `${String(Math.floor(min / 60) % 24).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;

interface Detail {
  prompt: string;
  chosen: string;
  terse: string[];
}

const FAMILIES: Array<(r: Rng) => Detail> = [
  (r) => {
    const c = 5 * between(r, -6, 9);
    const m = Q.of(c * 9, 5);
    const f = m.add(32);
    const where = f.n < 32 ? 'below freezing, under 32 °F' : 'between those two values';
    return {
      prompt: pick(r, [`How do I convert ${c} °C to Fahrenheit?`, `What is ${c} degrees Celsius in Fahrenheit, and how do I work it out?`]),
      chosen: `To convert Celsius to Fahrenheit, multiply by 9/5 (which is 1.8) and then add 32.\n\n1. Multiply: ${c} × 1.8 = ${dec(m)}.\n2. Add 32: ${dec(m)} + 32 = ${dec(f)}.\n\nSo ${c} °C is ${dec(f)} °F. As a sanity check, water freezes at 0 °C (32 °F) and boils at 100 °C (212 °F), so ${c} °C should land ${where}, and it does.`,
      terse: ['You can use an online converter for that.', "There's a standard formula for it.", 'Just look it up on a conversion chart.'],
    };
  },
  (r) => {
    const [bill, pct, n] = [between(r, 40, 240), pick(r, [10, 15, 18, 20]), between(r, 2, 6)];
    const tip = bill * pct;
    const total = bill * 100 + tip;
    const [q, rem] = [Math.floor(total / n), total % n];
    const split =
      rem === 0
        ? `${money(total)} ÷ ${n} = ${money(q)} each.`
        : `${money(total)} ÷ ${n} comes to ${money(q)} each with ${rem} cent${rem > 1 ? 's' : ''} left over, so ${rem === 1 ? 'one person pays' : `${rem} people pay`} ${money(q + 1)}.`;
    return {
      prompt: `Our restaurant bill is ${money(bill * 100)} and we want to leave a ${pct}% tip, split evenly between ${n} people. How much does each person pay?`,
      chosen: `Here's the breakdown:\n\n- Tip: ${pct}% of ${money(bill * 100)} is ${money(tip)}.\n- Total with tip: ${money(bill * 100)} + ${money(tip)} = ${money(total)}.\n- Split ${n} ways: ${split}\n\nIf you'd rather keep it simple, everyone can round their share up to ${money(Math.ceil(total / n / 100) * 100)} and the few extra dollars go to the server as a slightly bigger tip.`,
      terse: ['Just split it evenly.', 'Add the tip and divide it up.', 'Use a tip calculator app.'],
    };
  },
  (r) => {
    const [a, b] = [between(r, 25, 70), between(r, 25, 60)];
    const cov = Q.of(pick(r, [15, 18, 20, 22, 24, 25]), 10);
    const area = Q.of(a * b, 100);
    const waste = area.mul(Q.of(11, 10));
    const ratio = waste.div(cov);
    const packs = Math.ceil(ratio.n / ratio.d);
    return {
      prompt: `My room is ${dec(Q.of(a, 10))} m by ${dec(Q.of(b, 10))} m and the laminate I like comes in packs covering ${dec(cov)} m² each. How many packs should I buy?`,
      chosen: `Work it out in three steps:\n\n1. Floor area: ${dec(Q.of(a, 10))} m × ${dec(Q.of(b, 10))} m = ${dec(area)} m².\n2. Add about 10% for cuts and offcuts: ${dec(area)} × 1.1 = ${dec(waste)} m².\n3. Packs: ${dec(waste)} ÷ ${dec(cov)} = ${dec(ratio)}, which rounds up to ${packs}.\n\nSo buy ${packs} packs. Always round up: you can't buy part of a pack, and running short halfway through (possibly from a different batch with a slightly different shade) is worse than having a few boards left over.`,
      terse: ['Measure the room and buy enough packs.', 'Just buy a few extra to be safe.', 'The shop can tell you how many you need.'],
    };
  },
  (r) => {
    const base = pick(r, [2, 4, 6]);
    const to = pick(
      r,
      [3, 5, 8, 9, 10, 12].filter((t) => t !== base && t % base !== 0),
    );
    const k = Q.of(to, base);
    const flour = 50 * between(r, 3, 8);
    const milk = 50 * between(r, 2, 8);
    const butter = 10 * between(r, 4, 12);
    const eggs = between(r, 1, 3);
    const e = k.mul(eggs);
    const eggLine = e.isInt ? `${e.n}` : `${dec(e)}; round to ${Math.max(1, e.roundTo(0).n)}, or beat one extra egg and add only part of it`;
    const factor = k.decimal() ?? `${to}/${base}`;
    return {
      prompt: `A recipe for ${base} servings uses ${flour} g of flour, ${milk} ml of milk, ${butter} g of butter and ${eggs} egg${eggs > 1 ? 's' : ''}. How much of each do I need for ${to} servings?`,
      chosen: `Scale every ingredient by ${to} ÷ ${base}, that is, multiply by ${factor}:\n\n- Flour: ${flour} g × ${factor} = ${dec(k.mul(flour))} g\n- Milk: ${milk} ml × ${factor} = ${dec(k.mul(milk))} ml\n- Butter: ${butter} g × ${factor} = ${dec(k.mul(butter))} g\n- Eggs: ${eggs} × ${factor} = ${eggLine}\n\nUse a larger tin or dish of similar depth and the baking time should stay about the same; if the mixture ends up deeper, start checking a little after the original time.`,
      terse: ['Just scale it up.', 'Multiply everything by the right amount.', "Eyeball it, it'll be fine."],
    };
  },
  (r) => {
    const v = pick(r, [60, 75, 80, 90, 100, 120]);
    const mins = 15 * between(r, 3, 20);
    const d = (v * mins) / 60;
    const dep = 15 * between(r, 24, 64);
    if (!Number.isInteger(d)) return { prompt: '', chosen: '', terse: [] };
    return {
      prompt: `I'm driving ${d} km and expect to average ${v} km/h. If I leave at ${hhmm(dep)}, when will I arrive?`,
      chosen: `Driving time is distance divided by speed: ${d} ÷ ${v} × 60 = ${mins} minutes${mins >= 60 ? `, which is ${Math.floor(mins / 60)} h ${mins % 60} min` : ''}.\n\nLeaving at ${hhmm(dep)}, you would arrive at about ${hhmm(dep + mins)}.\n\n${
        mins >= 120
          ? `Two practical notes: real averages usually come out lower than the speed limit once junctions and traffic are counted, and on a drive this long it's worth planning a 15-minute break, which would make it about ${hhmm(dep + mins + 15)}.`
          : 'One practical note: real averages usually come out lower than the speed limit once junctions and traffic are counted, so allow a few extra minutes if you need to be somewhere on time.'
      }`,
      terse: ['A few hours, depending on traffic.', 'Check a maps app for that.', 'Hard to say exactly.'],
    };
  },
];

function helpful(rng: Rng, n: number): PairRow[] {
  return distinct(
    n,
    (r) => r.prompt,
    (i) => {
      const d = FAMILIES[i % FAMILIES.length]!(rng);
      if (d.prompt === '') return null;
      return {
        prompt: d.prompt,
        chosen: d.chosen,
        rejected: pick(rng, d.terse),
        subset: 'helpful-detail',
        chosen_model: 'template:detailed-answer',
        rejected_model: 'template:terse-evasive',
      };
    },
  );
}

/** Refusal rows use phrasings 0 to 2 of each request; best-of-n's safety rows use phrasing 3. */
function refusals(rng: Rng, n: number): PairRow[] {
  const asks = HARMS.flatMap((h) => h.asks.slice(0, 3).map((a) => [h, a] as const));
  check(asks.length >= n, 'not enough harmful prompts');
  return shuffle(rng, asks)
    .slice(0, n)
    .map(([h, a]) => ({
      prompt: a,
      chosen: refusal(h, rng.int(3)),
      rejected: compliance(h, rng.int(3)),
      subset: 'refusal',
      chosen_model: 'template:refuse-with-alternative',
      rejected_model: 'template:comply-generic',
    }));
}

/** The violating answer closest in length to the compliant one, so length says nothing. */
function instructionFollowing(rng: Rng, n: number): PairRow[] {
  const cp = (s: string) => [...s].length;
  return ifItems(rng, n).map((it) => {
    const rejected = [...it.rejected].sort((a, b) => Math.abs(cp(a) - cp(it.chosen)) - Math.abs(cp(b) - cp(it.chosen)))[0]!;
    return {
      prompt: it.prompt,
      chosen: it.chosen,
      rejected,
      subset: 'instruction-following',
      chosen_model: `template:if-${it.kind}-compliant`,
      rejected_model: `template:if-${it.kind}-violating`,
    };
  });
}

export function pairwiseB(streams: (subset: string) => Rng, n: number): PairRow[] {
  return [...helpful(streams('helpful-detail'), n), ...refusals(streams('refusal'), n), ...instructionFollowing(streams('instruction-following'), n)];
}
