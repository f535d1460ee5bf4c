import t from 'tap';
import { createHash } from 'node:crypto';
import { KeySet, ScoreTable } from '../../src/core/score-table.js';
import type { RawScore } from '../../src/core/types.js';

const hex = (i: number): string => createHash('sha256').update(String(i)).digest('hex');

t.test('behaves as a Map of request keys to scores, through growth', async (t) => {
  const table = new ScoreTable();
  const map = new Map<string, RawScore>();
  for (let i = 0; i < 20_000; i++) {
    const k = hex(i);
    const v: RawScore = i % 97 === 0 ? [i, -i / 3] : i % 5 === 0 ? 0 : i / 7 - 100;
    table.set(k, v);
    map.set(k, v);
  }
  // Overwrite some, add keys that are not request hashes (token facts), and ask for absent ones.
  for (let i = 0; i < 20_000; i += 1000) {
    table.set(hex(i), -1);
    map.set(hex(i), -1);
  }
  table.set(`tokens:${hex(3)}`, [1, 2, 3, 4, 5]);
  map.set(`tokens:${hex(3)}`, [1, 2, 3, 4, 5]);
  t.equal(table.size, map.size);
  let same = true;
  for (const [k, v] of map) same &&= JSON.stringify(table.get(k)) === JSON.stringify(v);
  t.ok(same, 'every entry reads back');
  t.equal(table.get(hex(-1)), undefined);
  t.equal(table.get('not a hash'), undefined);
  // Keys of 64 characters that are not lowercase hex are kept whole, beside the table.
  const upper = hex(5).toUpperCase();
  const late = `${hex(6).slice(0, 50)}g${hex(6).slice(51)}`;
  table.set(upper, 11);
  table.set(late, 12);
  t.same([table.get(upper), table.get(late), table.get(hex(5)), table.get(hex(6))], [11, 12, map.get(hex(5)), map.get(hex(6))]);
});

t.test('keys that land on the same slot are told apart by all their bits', async (t) => {
  const table = new ScoreTable();
  // Same first word (the slot), different elsewhere; and a key that is all zeros.
  const a = `00000000${'1'.repeat(56)}`;
  const b = `00000000${'1'.repeat(23)}3${'1'.repeat(32)}`; // differs within the 127 bits kept
  const c = `00000000${'2'.repeat(56)}`;
  const zero = '0'.repeat(64);
  table.set(a, 1);
  table.set(b, 2);
  table.set(c, 3);
  table.set(zero, 4);
  t.same([table.get(a), table.get(b), table.get(c), table.get(zero)], [1, 2, 3, 4]);
  t.equal(table.size, 4);
});

t.test('KeySet: add says whether the key is new, through growth', async (t) => {
  const set = new KeySet();
  const seen = new Set<string>();
  let agree = true;
  for (let i = 0; i < 30_000; i++) {
    const k = hex(i % 20_000); // the last 10,000 repeat
    agree &&= set.add(k) === !seen.has(k);
    seen.add(k);
  }
  t.ok(agree);
  t.equal(set.size, 20_000);
  t.throws(() => set.add('not a hash at all'));
  // Not lowercase hex up front: read as parseInt reads it, so an uppercase key is its lowercase twin.
  t.equal(set.add(hex(3).toUpperCase()), false);
  t.equal(set.add(`0x${hex(20_001).slice(2)}`), true);
});
