/**
 * Personalized RewardBench, built-in data: synthetic users (personas) with past posts, each
 * asking questions whose chosen answer follows one of their preferences and whose rejected
 * answer serves the opposite preference. Rows have the published schema
 * ({id, question, profile, rubric_aspects, narrative, category, chosen, rejected}) plus `persona`.
 */
import { deriveSeed, Rng } from '../../src/core/random.js';
import { AXES_A, type Axis, type Pole, type Post, type Template } from './personalized-axes-a.js';
import { AXES_B } from './personalized-axes-b.js';
import { AXES_C } from './personalized-axes-c.js';
import { AXES_D } from './personalized-axes-d.js';
import { check, cpLen, mean, sample, shuffle } from './util.js';

export interface PersonalizedRow {
  id: string;
  question: string;
  profile: { id: string; category: string; text: string }[];
  rubric_aspects: { aspect: string; evidence: string; reason: string }[];
  narrative: string;
  category: string;
  chosen: string;
  rejected: string;
  persona: string;
}

export const AXES: Axis[] = [...AXES_A, ...AXES_B, ...AXES_C, ...AXES_D];

/** Users: a city (for their posts) and two preferences as [axis, pole]; axes chosen so the preferences do not interact. */
const PERSONAS: { id: string; city: string; traits: [string, 0 | 1][]; extra: number }[] = [
  {
    id: 'maya',
    city: 'Lisbon',
    traits: [
      ['diet', 0],
      ['units', 0],
    ],
    extra: 6,
  },
  {
    id: 'dale',
    city: 'Austin',
    traits: [
      ['diet', 1],
      ['units', 1],
    ],
    extra: 5,
  },
  {
    id: 'rosa',
    city: 'Seville',
    traits: [
      ['expertise', 0],
      ['format', 0],
    ],
    extra: 8,
  },
  {
    id: 'viktor',
    city: 'Berlin',
    traits: [
      ['expertise', 1],
      ['os', 0],
    ],
    extra: 4,
  },
  {
    id: 'priya',
    city: 'Manchester',
    traits: [
      ['budget', 0],
      ['transport', 0],
    ],
    extra: 7,
  },
  {
    id: 'charles',
    city: 'Geneva',
    traits: [
      ['budget', 1],
      ['transport', 1],
    ],
    extra: 6,
  },
  {
    id: 'tom',
    city: 'Leeds',
    traits: [
      ['time', 0],
      ['company', 0],
    ],
    extra: 5,
  },
  {
    id: 'elena',
    city: 'Madrid',
    traits: [
      ['time', 1],
      ['format', 1],
    ],
    extra: 8,
  },
  {
    id: 'jun',
    city: 'Osaka',
    traits: [
      ['company', 1],
      ['exercise', 1],
    ],
    extra: 6,
  },
  {
    id: 'amara',
    city: 'Bristol',
    traits: [
      ['mobility', 0],
      ['alcohol', 0],
    ],
    extra: 7,
  },
  {
    id: 'erik',
    city: 'Oslo',
    traits: [
      ['mobility', 1],
      ['alcohol', 1],
    ],
    extra: 4,
  },
  {
    id: 'grace',
    city: 'Toronto',
    traits: [
      ['os', 1],
      ['expertise', 0],
    ],
    extra: 6,
  },
  {
    id: 'sam',
    city: 'Glasgow',
    traits: [
      ['exercise', 0],
      ['units', 0],
    ],
    extra: 8,
  },
  {
    id: 'lucia',
    city: 'Turin',
    traits: [
      ['alcohol', 1],
      ['diet', 0],
    ],
    extra: 5,
  },
  {
    id: 'noah',
    city: 'Denver',
    traits: [
      ['company', 0],
      ['units', 1],
    ],
    extra: 7,
  },
  {
    id: 'ingrid',
    city: 'Helsinki',
    traits: [
      ['alcohol', 0],
      ['transport', 0],
    ],
    extra: 6,
  },
];

/** Items per (persona, preference). */
const PER_TRAIT = 5;

/** Past posts that reveal nothing about any preference axis. */
const NEUTRAL_POSTS: Post[] = [
  { category: 'Art_and_Entertainment', text: "Any novels like 'The Remains of the Day'? I loved the quiet, reflective tone." },
  { category: 'Art_and_Entertainment', text: 'Which Studio Ghibli film should I watch first?' },
  { category: 'Art_and_Entertainment', text: 'How do I stop my vinyl records from warping? They are stored in a cupboard by the radiator.' },
  { category: 'Art_and_Entertainment', text: 'What is the difference between acrylic paint and gouache?' },
  { category: 'Art_and_Entertainment', text: 'Is the new detective series worth watching, or does it fall apart after the first episodes?' },
  { category: 'Society_and_Culture', text: 'Is it rude to leave a play at the interval if I am not enjoying it?' },
  { category: 'Society_and_Culture', text: 'How do I ask a neighbour to turn their music down without starting a feud?' },
  { category: 'Society_and_Culture', text: "Is 'data' singular or plural in everyday writing?" },
  { category: 'Society_and_Culture', text: 'How do I talk to my teenage nephew about careers without sounding preachy?' },
  { category: 'Society_and_Culture', text: 'Are there good podcasts about the history of the Roman Republic?' },
  { category: 'Lifestyle_and_Personal_Development', text: 'How do I keep a journal going past the first few weeks of January?' },
  { category: 'Lifestyle_and_Personal_Development', text: 'Any tips for finally finishing a cryptic crossword?' },
  { category: 'Lifestyle_and_Personal_Development', text: 'Which birds visit a garden feeder in winter, and what do they like?' },
  { category: 'Lifestyle_and_Personal_Development', text: 'Why does my cat knock things off the table when I am on a call?' },
  { category: 'Lifestyle_and_Personal_Development', text: 'Why are the leaves on my basil turning yellow?' },
  { category: 'Lifestyle_and_Personal_Development', text: 'How do I write a thank-you note that does not sound stiff?' },
];

/** Further aspects every answer here meets, one per item, so a rubric is more than the tested preference. */
const GENERIC = [
  {
    aspect: 'Gives concrete suggestions the user can act on right away',
    sentence: 'I want something I can act on right away.',
    reason: 'The user wants practical advice.',
  },
  {
    aspect: 'Answers the question directly',
    sentence: 'Please answer the question I asked rather than a general one.',
    reason: 'The user wants a direct answer.',
  },
  {
    aspect: 'Keeps the advice realistic for everyday life',
    sentence: 'I need advice that works in real life, not just in theory.',
    reason: 'The user wants realistic advice.',
  },
];

/** Neutral sign-offs; each side gets one (or none), picked to balance the lengths. */
const CLOSERS = [
  '',
  'Enjoy!',
  'Good luck!',
  'Hope this helps.',
  'Have fun with it.',
  'Let me know how it goes.',
  'Good luck, and enjoy the process!',
  'Just ask if you would like more ideas.',
  'I hope that gives you a good starting point.',
  'Happy to suggest alternatives if you need them.',
  'Have a great time, and let me know how it turns out.',
];

/** Largest allowed |len(chosen) − len(rejected)| as a share of the shorter, in code points. */
export const MAX_LENGTH_GAP = 0.08;

function fill(text: string, slots: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (_, k: string) => {
    const v = slots[k];
    check(v !== undefined, `template slot {${k}} has no value in "${text.slice(0, 60)}"`);
    return v;
  });
}

const axis = (id: string): Axis => {
  const a = AXES.find((x) => x.id === id);
  check(a !== undefined, `unknown axis ${id}`);
  return a;
};

/** The answer serving `pole` must show its marker and not the opposite pole's; the question must show neither. */
function checkMarkers(where: string, question: string, follow: Pole, other: Pole, chosen: string, rejected: string): void {
  check(follow.marker.test(chosen) && !other.marker.test(chosen), `${where}: chosen should serve ${follow.id} only: ${chosen}`);
  check(other.marker.test(rejected) && !follow.marker.test(rejected), `${where}: rejected should serve ${other.id} only: ${rejected}`);
  check(!follow.marker.test(question) && !other.marker.test(question), `${where}: the question gives the preference away: ${question}`);
}

/** Both sides with a sign-off (or none), so that chosen is longer iff `chosenLonger`, by at most MAX_LENGTH_GAP. */
function balance(rng: Rng, b: { where: string; chosen: string; rejected: string; follow: Pole; other: Pole }, chosenLonger: boolean): [string, string] {
  // A list gets its sign-off on a line of its own.
  const withCloser = (body: string, c: string) => (c === '' ? body : `${body}${/^1\. /.test(body) ? '\n' : ' '}${c}`);
  const options: [string, string][] = [];
  const serves = (text: string, p: Pole, q: Pole) => p.marker.test(text) && !q.marker.test(text);
  for (const x of CLOSERS) {
    for (const y of CLOSERS) {
      const c = withCloser(b.chosen, x);
      const r = withCloser(b.rejected, y);
      const gap = cpLen(c) - cpLen(r);
      const close = gap !== 0 && gap > 0 === chosenLonger && Math.abs(gap) <= MAX_LENGTH_GAP * Math.min(cpLen(c), cpLen(r));
      // A sign-off must not change which preference an answer serves.
      if (close && serves(c, b.follow, b.other) && serves(r, b.other, b.follow)) options.push([c, r]);
    }
  }
  check(options.length > 0, `${b.where}: no sign-offs balance the lengths (${cpLen(b.chosen)} vs ${cpLen(b.rejected)} code points)`);
  return options[rng.int(options.length)]!;
}

export function buildPersonalized(seed: number): PersonalizedRow[] {
  const rng = (name: string) => new Rng(deriveSeed(seed, 'personalized', name));
  // Every (template, slots) of an axis, shuffled once and dealt out, so no question repeats.
  const pools = new Map(
    AXES.map((a) => [
      a.id,
      shuffle(
        rng(`pool:${a.id}`),
        a.templates.flatMap((t) => t.slots.map((s) => ({ t, s }))),
      ),
    ]),
  );
  const drafts: Omit<PersonalizedRow, 'id' | 'chosen' | 'rejected'>[] = [];
  const bodies: { chosen: string; rejected: string; follow: Pole; other: Pole; where: string }[] = [];
  for (const p of PERSONAS) {
    const r = rng(`persona:${p.id}`);
    const own: { post: Post; trait: number }[] = p.traits.flatMap(([a, k], trait) => axis(a).poles[k].posts.map((post) => ({ post, trait })));
    const posts = [...own, ...sample(r, NEUTRAL_POSTS, p.extra).map((post) => ({ post, trait: -1 }))].map((x, i) => ({
      ...x,
      id: `${p.id}-post-${String(i + 1).padStart(2, '0')}`,
      text: fill(x.post.text, { city: p.city }),
    }));
    p.traits.forEach(([a, k], trait) => {
      const ax = axis(a);
      const follow = ax.poles[k];
      const other = ax.poles[1 - k]!;
      for (let j = 0; j < PER_TRAIT; j++) {
        const next = pools.get(a)!.shift();
        check(next !== undefined, `axis ${a}: not enough distinct questions for its personas`);
        const { t, s }: { t: Template; s: Record<string, string> } = next;
        const question = fill(t.question, s);
        const chosen = fill(t.answers[k], s);
        const rejected = fill(t.answers[1 - k]!, s);
        const where = `${p.id}/${follow.id}: "${question}"`;
        checkMarkers(where, question, follow, other, chosen, rejected);
        // Stand-in for the paper's Contriever ranking: the posts about this preference first.
        const ranked = [
          ...posts.filter((x) => x.trait === trait),
          ...shuffle(
            r,
            posts.filter((x) => x.trait !== trait),
          ),
        ];
        const generic = GENERIC[r.int(GENERIC.length)]!;
        drafts.push({
          question,
          profile: ranked.map((x) => ({ id: x.id, category: x.post.category, text: x.text })),
          rubric_aspects: [
            { aspect: follow.aspect, evidence: follow.narrative, reason: follow.reason },
            { aspect: generic.aspect, evidence: generic.sentence, reason: generic.reason },
          ],
          narrative: `I live in ${p.city}. ${follow.narrative} ${generic.sentence}`,
          category: t.category,
          persona: p.id,
        });
        bodies.push({ chosen, rejected, follow, other, where });
      }
    });
  }
  // Exactly half the items have the longer chosen answer, so `heuristic:length` scores ½.
  const n = drafts.length;
  const longer = shuffle(
    rng('longer'),
    Array.from({ length: n }, (_, i) => i < n / 2),
  );
  const order = shuffle(
    rng('order'),
    Array.from({ length: n }, (_, i) => i),
  );
  const balanceRng = rng('closers');
  const rows = order.map((i, pos): PersonalizedRow => {
    const b = bodies[i]!;
    const [chosen, rejected] = balance(balanceRng, b, longer[i]!);
    const d = drafts[i]!;
    checkMarkers(b.where, d.question, b.follow, b.other, chosen, rejected);
    return {
      id: `personalized-${String(pos + 1).padStart(4, '0')}`,
      question: d.question,
      profile: d.profile,
      rubric_aspects: d.rubric_aspects,
      narrative: d.narrative,
      category: d.category,
      chosen,
      rejected,
      persona: d.persona,
    };
  });
  checkPersonalized(rows);
  return rows;
}

/** Self-checks on the finished rows (the numbers the README and tests rely on). */
function checkPersonalized(rows: readonly PersonalizedRow[]): void {
  const personas = new Set(rows.map((r) => r.persona));
  check(personas.size >= 12, `only ${personas.size} personas`);
  check(rows.length >= 150, `only ${rows.length} items`);
  check(new Set(rows.map((r) => r.question)).size === rows.length, 'questions repeat');
  let chosenLonger = 0;
  for (const r of rows) {
    const [c, j] = [cpLen(r.chosen), cpLen(r.rejected)];
    check(c !== j && Math.abs(c - j) <= MAX_LENGTH_GAP * Math.min(c, j), `${r.id}: lengths ${c} vs ${j}`);
    if (c > j) chosenLonger++;
    check(r.profile.length >= 8, `${r.id}: only ${r.profile.length} posts`);
    // The posts revealing the tested preference come first, so the default profileK = 10 shows them.
    const pole = AXES.flatMap((a) => a.poles).find((p) => p.aspect === r.rubric_aspects[0]!.aspect)!;
    check(
      r.profile.slice(0, pole.posts.length).every((p, i) => p.category === pole.posts[i]!.category && p.text.startsWith(pole.posts[i]!.text.split('{')[0]!)),
      `${r.id}: the revealing posts are not first`,
    );
    const hidden = [r.narrative, ...r.rubric_aspects.flatMap((a) => [a.evidence, a.reason])];
    for (const h of hidden) check(!r.question.includes(h) && !r.profile.some((p) => p.text.includes(h)), `${r.id}: "${h}" leaks into the question or profile`);
  }
  check(chosenLonger * 2 === rows.length, `${chosenLonger} of ${rows.length} items have the longer chosen answer`);
}

/** The printed summary: items per category, lengths, and the length gaps. */
export function describePersonalized(rows: readonly PersonalizedRow[]): void {
  const gaps = rows.map((r) => Math.abs(cpLen(r.chosen) - cpLen(r.rejected)) / Math.min(cpLen(r.chosen), cpLen(r.rejected)));
  console.log(`\npersonalized.jsonl: ${rows.length} items, ${new Set(rows.map((r) => r.persona)).size} personas, ${AXES.length} preference axes`);
  console.log(`  ${'category'.padEnd(36)} ${'items'.padStart(5)} ${'chosen'.padStart(7)} ${'rejected'.padStart(8)}  (mean code points)`);
  for (const c of [...new Set(rows.map((r) => r.category))].sort()) {
    const g = rows.filter((r) => r.category === c);
    const f = (xs: number[]) => mean(xs).toFixed(1).padStart(7);
    console.log(`  ${c.padEnd(36)} ${String(g.length).padStart(5)} ${f(g.map((r) => cpLen(r.chosen)))} ${f(g.map((r) => cpLen(r.rejected))).padStart(8)}`);
  }
  const longer = rows.filter((r) => cpLen(r.chosen) > cpLen(r.rejected)).length;
  console.log(
    `  chosen longer in ${longer}/${rows.length}; |len gap| / shorter: mean ${(100 * mean(gaps)).toFixed(2)}%, max ${(100 * Math.max(...gaps)).toFixed(2)}%`,
  );
  console.log(`  profile posts per item: ${Math.min(...rows.map((r) => r.profile.length))}–${Math.max(...rows.map((r) => r.profile.length))}`);
}
