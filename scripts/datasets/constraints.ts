import type { Rng } from '../../src/core/random.js';
import { LISTS, type Topic, TOPICS } from './if-bank.js';
import { check, countWords, pick, shuffle } from './util.js';

/** A prompt with a verifiable constraint, one compliant answer and three violating ones. */
export interface IfItem {
  kind: string;
  prompt: string;
  chosen: string;
  rejected: [string, string, string];
}

type Kind = { name: string; make: (rng: Rng, t: Topic) => Omit<IfItem, 'kind'> | null; ok: (s: string, prompt: string) => boolean };

const words = (s: string) => s.split(/\s+/).filter(Boolean);
const bare = (w: string) => w.replace(/^[^A-Za-z]+|[^A-Za-z]+$/g, '');
const quoted = (p: string) => /"([^"]+)"/.exec(p)?.[1] ?? '';

/** Sentences from the topic whose word counts sum to exactly `n`, or null. */
function exactly(rng: Rng, t: Topic, n: number): string | null {
  for (let a = 0; a < 60; a++) {
    const out: string[] = [];
    let total = 0;
    for (const s of shuffle(rng, t.sentences)) {
      if (total + countWords(s) <= n) {
        out.push(s);
        total += countWords(s);
      }
      if (total === n) return out.join(' ');
    }
  }
  return null;
}

function distinct3(xs: Array<string | null>, chosen: string): [string, string, string] | null {
  const u = [...new Set(xs.filter((x): x is string => x !== null && x !== chosen))];
  return u.length >= 3 ? [u[0]!, u[1]!, u[2]!] : null;
}

const KINDS: Kind[] = [
  {
    name: 'exact-words',
    make: (rng, t) => {
      const n = 10 + rng.int(12);
      const chosen = exactly(rng, t, n);
      const rej = distinct3([exactly(rng, t, n - 1), exactly(rng, t, n + 1), exactly(rng, t, n + 2), exactly(rng, t, n - 2)], chosen ?? '');
      if (!chosen || !rej) return null;
      return { prompt: `Describe ${t.name} in exactly ${n} words.`, chosen, rejected: rej };
    },
    ok: (s, p) => countWords(s) === Number(/exactly (\d+) words/.exec(p)?.[1]),
  },
  {
    name: 'lowercase',
    make: (rng, t) => {
      const ss = shuffle(rng, t.sentences).slice(0, 2 + rng.int(2));
      const lower = ss.map((s) => s.toLowerCase());
      const rej = distinct3([ss.join(' '), [ss[0]!, ...lower.slice(1)].join(' '), [...lower.slice(0, -1), ss[ss.length - 1]!].join(' ')], lower.join(' '));
      return rej && { prompt: `Write a few sentences about ${t.name} using only lowercase letters.`, chosen: lower.join(' '), rejected: rej };
    },
    ok: (s) => s === s.toLowerCase(),
  },
  {
    name: 'end-with-word',
    make: (rng, t) => {
      const [a, b, c] = shuffle(rng, t.sentences);
      const w = bare(words(b!).pop()!).toLowerCase();
      const rej = distinct3(
        [`${b} ${a}`, `${b} ${c}`, `${a} ${c}`, `${c} ${a}`].filter((x) => bare(words(x).pop()!).toLowerCase() !== w),
        `${a} ${b}`,
      );
      return rej && { prompt: `Write two sentences about ${t.name}. The last word of your response must be "${w}".`, chosen: `${a} ${b}`, rejected: rej };
    },
    ok: (s, p) => bare(words(s).pop() ?? '').toLowerCase() === quoted(p),
  },
  {
    name: 'start-with-word',
    make: (rng, t) => {
      const [a, b, c, d] = shuffle(rng, t.sentences);
      const w = bare(words(a!)[0]!);
      if (['The', 'A', 'Our', 'Its', 'One'].includes(w)) return null;
      const rej = distinct3(
        [`${b} ${a}`, `${c} ${a}`, `${d} ${b}`].filter((x) => bare(words(x)[0]!) !== w),
        `${a} ${b}`,
      );
      return rej && { prompt: `Write two sentences about ${t.name}. The very first word of your response must be "${w}".`, chosen: `${a} ${b}`, rejected: rej };
    },
    ok: (s, p) => bare(words(s)[0] ?? '') === quoted(p),
  },
  {
    name: 'three-bullets',
    make: (rng) => {
      const l = pick(rng, LISTS);
      const it = shuffle(rng, l.items);
      const bullets = (xs: string[]) => xs.map((x) => `- ${x}`).join('\n');
      const chosen = bullets(it.slice(0, 3));
      const rej = distinct3(
        [
          bullets(it.slice(0, 4)),
          bullets(it.slice(0, 2)),
          it
            .slice(0, 3)
            .map((x, i) => `${i + 1}. ${x}`)
            .join('\n'),
        ],
        chosen,
      );
      return rej && { prompt: `List exactly three ${l.what} as a bulleted list (one "- " item per line) and nothing else.`, chosen, rejected: rej };
    },
    ok: (s) => s.split('\n').length === 3 && s.split('\n').every((l) => l.startsWith('- ')),
  },
  {
    name: 'no-letter-e',
    make: (_rng, t) => {
      const s = t.lipogram;
      const cands = [
        s.replace(/\.$/, ' every day.'),
        s.replace(/\band\b/, 'and then'),
        /\bA\b/.test(s) ? s.replace(/\bA\b/, 'The') : s.replace(/\ba\b/, 'the'),
        `Every year, ${s.charAt(0).toLowerCase()}${s.slice(1)}`,
      ];
      const rej = distinct3(cands, s);
      return rej && { prompt: `Write one sentence about ${t.name} without using the letter "e".`, chosen: s, rejected: rej };
    },
    ok: (s) => !/e/i.test(s),
  },
  {
    name: 'no-commas',
    make: (rng, t) => {
      const [a, b, c] = shuffle(rng, t.sentences);
      const join = (x: string, y: string) => `${x.replace(/\.$/, '')}, and ${y.charAt(0).toLowerCase()}${y.slice(1)}`;
      const chosen = `${a} ${b} ${c}`;
      const rej = distinct3([`${join(a!, b!)} ${c}`, `${a} ${join(b!, c!)}`, `In short, ${chosen.charAt(0).toLowerCase()}${chosen.slice(1)}`], chosen);
      return rej && { prompt: `Describe ${t.name} in three sentences without using any commas.`, chosen, rejected: rej };
    },
    ok: (s) => !s.includes(','),
  },
  {
    name: 'all-caps',
    make: (rng, t) => {
      const [a, b] = shuffle(rng, t.sentences);
      const up = (x: string) => x.toUpperCase();
      const title = (x: string) => x.replace(/\b[a-z]/g, (ch) => ch.toUpperCase());
      const rej = distinct3([`${a} ${b}`, `${up(a!)} ${b}`, title(`${a} ${b}`)], up(`${a} ${b}`));
      return rej && { prompt: `Respond in all capital letters: describe ${t.name} in two sentences.`, chosen: up(`${a} ${b}`), rejected: rej };
    },
    ok: (s) => s === s.toUpperCase(),
  },
  {
    name: 'sentence-count',
    make: (rng, t) => {
      const ss = shuffle(rng, t.sentences);
      const take = (k: number) => ss.slice(0, k).join(' ');
      const rej = distinct3([take(2), take(4), take(5)], take(3));
      return rej && { prompt: `Describe ${t.name} in exactly three sentences.`, chosen: take(3), rejected: rej };
    },
    ok: (s) => (s.match(/[.!?](\s|$)/g) ?? []).length === 3,
  },
  {
    name: 'wrap-in-quotes',
    make: (rng, t) => {
      const [a, b] = shuffle(rng, t.sentences);
      const rej = distinct3([`${a} ${b}`, `"${a}" ${b}`, `'${a} ${b}'`], `"${a} ${b}"`);
      return (
        rej && { prompt: `Write two sentences about ${t.name} and wrap your entire response in double quotation marks.`, chosen: `"${a} ${b}"`, rejected: rej }
      );
    },
    ok: (s) => s.startsWith('"') && s.endsWith('"') && s.split('"').length === 3,
  },
];

/** `n` items cycling through the constraint kinds, each verified: chosen passes, all rejected fail. */
export function ifItems(rng: Rng, n: number): IfItem[] {
  for (const t of TOPICS) {
    check(!/e/i.test(t.lipogram), `lipogram for ${t.name} contains "e"`);
    check(
      t.sentences.every((s) => !s.includes(',')),
      `comma in a ${t.name} sentence`,
    );
  }
  const out: IfItem[] = [];
  const seen = new Set<string>();
  for (let i = 0, tries = 0; out.length < n; tries++) {
    check(tries < n * 100, 'cannot make enough instruction-following items');
    const kind = KINDS[i % KINDS.length]!;
    const item = kind.make(rng, pick(rng, TOPICS));
    if (!item || seen.has(item.prompt)) continue;
    check(kind.ok(item.chosen, item.prompt), `${kind.name}: chosen violates "${item.prompt}"`);
    for (const r of item.rejected) check(!kind.ok(r, item.prompt), `${kind.name}: rejected satisfies "${item.prompt}": ${r}`);
    seen.add(item.prompt);
    out.push({ kind: kind.name, ...item });
    i++;
  }
  return out;
}
