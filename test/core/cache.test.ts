import t from 'tap';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheKey, cacheKeys, DiskStore, MemoryStore } from '../../src/core/cache.js';
import type { Query } from '../../src/core/suite.js';
import { tmp } from '../support/helpers.js';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const fileFor = (dir: string, fingerprint: string) => join(dir, `${sha(fingerprint).slice(0, 32)}.jsonl`);
const lines = (file: string) => readFileSync(file, 'utf8').split('\n');

t.test('MemoryStore', async (t) => {
  const s = new MemoryStore();
  t.equal(s.get('a'), undefined);
  await s.put([
    ['a', 1],
    ['b', [0.5, 0.25]],
  ]);
  t.equal(s.size, 2);
  t.equal(s.get('a'), 1);
  t.same(s.get('b'), [0.5, 0.25]);
});

t.test('DiskStore: put, get, reopen', async (t) => {
  const dir = join(tmp(t), 'cache');
  const s = await DiskStore.open(dir, 'model-fp');
  t.equal(s.file, fileFor(dir, 'model-fp'), 'one file per fingerprint, named by its hash');
  t.equal(s.size, 0);
  await s.put([
    ['a', 1.5],
    ['b', [0.9, 0.1]],
  ]);
  await s.put([]);
  await s.put([['c', -2]]);
  await s.sync();
  t.same(lines(s.file), ['{"k":"a","v":1.5}', '{"k":"b","v":[0.9,0.1]}', '{"k":"c","v":-2}', '']);

  const again = await DiskStore.open(dir, 'model-fp');
  t.equal(again.size, 3);
  t.equal(again.get('a'), 1.5);
  t.same(again.get('b'), [0.9, 0.1]);
  t.equal(again.get('c'), -2);
  t.equal((await DiskStore.open(dir, 'other-fp')).size, 0, 'another fingerprint sees nothing');
});

t.test('DiskStore: puts made together share writes, and every line lands whole, in call order', async (t) => {
  const dir = join(tmp(t), 'cache');
  const s = await DiskStore.open(dir, 'model-fp');
  const batches = Array.from({ length: 40 }, (_, b) => Array.from({ length: 3 }, (_, j): [string, number] => [sha(`${b}/${j}`), b + j / 4]));
  await Promise.all(batches.map((batch) => s.put(batch)));
  await s.putNotes([[sha('0/0'), 'a note']]);
  const expected = batches.flat().map(([k, v]) => JSON.stringify({ k, v }));
  t.same(lines(s.file), [...expected, JSON.stringify({ k: sha('0/0'), n: 'a note' }), '']);
  const again = await DiskStore.open(dir, 'model-fp');
  t.equal(again.size, 120);
  t.equal(again.note(sha('0/0')), 'a note');
});

t.test('DiskStore: a torn last line is cut off, later appends stay clean', async (t) => {
  const dir = tmp(t);
  const file = fileFor(dir, 'fp');
  // multi-byte text before the tear: truncation must count bytes, not characters
  const complete = '{"k":"héllo wörld","v":1}\n{"k":"b","v":2}\n';
  writeFileSync(file, complete + '{"k":"c","v":');
  const s = await DiskStore.open(dir, 'fp');
  t.equal(s.size, 2);
  t.equal(s.get('héllo wörld'), 1);
  t.equal(s.get('c'), undefined);
  t.equal(readFileSync(file, 'utf8'), complete, 'the file is truncated to the last complete line');

  await s.put([
    ['c', 3],
    ['d', 4],
  ]);
  const all = lines(file);
  t.equal(all.pop(), '', 'ends with a newline');
  for (const l of all) t.doesNotThrow(() => JSON.parse(l), `parses: ${l}`);
  const again = await DiskStore.open(dir, 'fp');
  t.same(
    ['héllo wörld', 'b', 'c', 'd'].map((k) => again.get(k)),
    [1, 2, 3, 4],
  );
});

t.test('DiskStore: damaged and non-finite lines are skipped, not fatal', async (t) => {
  const dir = tmp(t);
  writeFileSync(
    fileFor(dir, 'fp'),
    [
      '{"k":"a","v":1}',
      'garbage{{',
      '{"k":"nan","v":null}', // NaN is written by JSON.stringify as null
      '{"k":"inf","v":1e400}', // parses to Infinity
      '{"k":"arr","v":[1,null]}',
      '{"k":"empty","v":[]}',
      '{"k":"str","v":"3"}',
      '{"k":5,"v":1}',
      '{"k":"b","v":[0.25]}',
      '',
    ].join('\n'),
  );
  const s = await DiskStore.open(dir, 'fp');
  t.equal(s.size, 2);
  t.equal(s.get('a'), 1);
  t.same(s.get('b'), [0.25]);
  for (const k of ['nan', 'inf', 'arr', 'empty', 'str', '5']) t.equal(s.get(k), undefined, k);
});

t.test('cacheKey', async (t) => {
  const q = (request: Record<string, unknown>): Query => ({ kind: 'score', request }) as unknown as Query;
  const a = q({ messages: [{ role: 'user', content: 'hi' }], response: 'r', key: { item: 'i1', candidate: 'c1' } });
  const b = q({ messages: [{ role: 'user', content: 'hi' }], response: 'r', key: { item: 'i2', candidate: 'c2' } });
  // the same content built in another key order, with an undefined member
  const a2 = q({ key: { candidate: 'c1', item: 'i1' }, context: undefined, response: 'r', messages: [{ content: 'hi', role: 'user' }] });

  // closed form: sha256 of the sorted-key JSON without `key`
  t.equal(cacheKey(a, false), sha('{"kind":"score","messages":[{"content":"hi","role":"user"}],"response":"r"}'));
  t.equal(cacheKey(a, false), cacheKey(b, false), 'the key is ignored unless byKey');
  t.not(cacheKey(a, true), cacheKey(b, true), 'byKey: different keys, different entries');
  t.equal(cacheKey(a, true), cacheKey(a2, true), 'key order does not matter');
  t.equal(cacheKey(a, false), cacheKey(a2, false));
  t.not(cacheKey(a, false), cacheKey(q({ messages: [{ role: 'user', content: 'hi' }], response: 'r2' }), false));
  const cmp = { kind: 'compare', request: { messages: [], a: 'x', b: 'y' } } as Query;
  const swapped = { kind: 'compare', request: { messages: [], a: 'y', b: 'x' } } as Query;
  t.not(cacheKey(cmp, false), cacheKey(swapped, false), 'a pair is ordered');
  // Many at once, with messages shared between requests (as an item's candidates share them): the same keys.
  const messages = [{ role: 'user', content: 'hi' }];
  const many = [a, b, a2, cmp, swapped, q({ messages, response: 'r' }), q({ messages, response: 'r2', context: { steps: ['s'] } })];
  for (const byKey of [false, true])
    t.same(
      cacheKeys(many, byKey),
      many.map((x) => cacheKey(x, byKey)),
    );
});

t.test('DiskStore: a line with invalid UTF-8 does not shift the torn-line cut (issue 18)', async (t) => {
  // Decoded as text, the two bytes 0xFF 0xFE became two U+FFFD (six bytes), so the cut landed
  // four bytes late: past a long tear it kept torn bytes the next append joined (one score lost),
  // past a short one it padded the file with NULs.
  const good = Buffer.from('{"k":"a","v":1}\n');
  const damaged = Buffer.concat([Buffer.from('{"k":"b'), Buffer.from([0xff, 0xfe]), Buffer.from('","v":2}\n')]);
  for (const tear of ['{"k":"c","v":', '{"']) {
    const dir = tmp(t);
    const file = fileFor(dir, 'fp');
    writeFileSync(file, Buffer.concat([good, damaged, Buffer.from(tear)]));
    const s = await DiskStore.open(dir, 'fp');
    t.same(readFileSync(file), Buffer.concat([good, damaged]), `tear ${JSON.stringify(tear)}: cut exactly at the last newline`);
    t.equal(s.get('a'), 1);
    t.equal(s.size, 1, 'the damaged line is not trusted');
    await s.put([['d', 4]]);
    const again = await DiskStore.open(dir, 'fp');
    t.equal(again.get('d'), 4, 'the next append is a line of its own');
    t.notOk(readFileSync(file).includes(0), 'no NUL bytes');
  }
});

t.test('notes: kept beside the scores, apart from them, and read back', async (t) => {
  const dir = tmp(t);
  const s = await DiskStore.open(dir, 'fp');
  await s.put([['a', 1]]);
  await s.putNotes([['note:a', 'judge: Rating: 8; reply: é']]);
  t.same(lines(s.file), ['{"k":"a","v":1}', '{"k":"note:a","n":"judge: Rating: 8; reply: é"}', '']);
  const again = await DiskStore.open(dir, 'fp');
  t.equal(again.note('note:a'), 'judge: Rating: 8; reply: é');
  t.equal(again.get('note:a'), undefined, 'a note is never a score');
  t.equal(again.size, 1);
  const m = new MemoryStore();
  await m.putNotes([['x', 'why']]);
  t.equal(m.note('x'), 'why');
});
