import t from 'tap';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readDataFile } from '../../src/core/data-files.js';
import { openDataStream } from '../../src/core/data-stream.js';
import { ExitCode } from '../../src/core/errors.js';
import { writeParquet } from '../hub/fixtures.js';
import { tmp, dataErrorOf } from '../support/helpers.js';

// Files are read in 1 MiB chunks: these cases put lines, characters and quoted fields across chunk edges.

const sha = (file: string): string => `sha256:${createHash('sha256').update(readFileSync(file)).digest('hex')}`;

t.test('JSON Lines across chunk edges: every record, its line, and the fingerprint of the bytes', async (t) => {
  const dir = tmp(t);
  const long = 'é'.repeat(700_000); // 1.4 MB in UTF-8: a line longer than a chunk, with two-byte characters on the edges
  const lines = [
    '\uFEFF{"i":0}',
    '',
    `{"i":1,"s":"${long}"}`,
    '   ',
    ...Array.from({ length: 30_000 }, (_, k) => `{"i":${k + 2},"pad":"${'x'.repeat(k % 97)}"}\r`),
  ];
  const file = join(dir, 'a.jsonl');
  writeFileSync(file, lines.join('\n'));
  const data = await readDataFile(file);
  t.equal(data.records.length, 30_002);
  t.same(data.records[0], { value: { i: 0 }, line: 1, index: 0 });
  t.equal((data.records[1]!.value as { s: string }).s, long);
  t.equal(data.records[1]!.line, 3);
  t.same(data.records[30_001], { value: { i: 30_001, pad: 'x'.repeat(29_999 % 97) }, line: 30_004, index: 30_001 });
  t.equal(data.fingerprint, sha(file));
  t.equal(data.format, 'jsonl');
});

t.test('a bad line far into the file is named by its own line', async (t) => {
  const dir = tmp(t);
  const good = Array.from({ length: 40_000 }, (_, k) => `{"i":${k},"pad":"${'y'.repeat(40)}"}`);
  const json = join(dir, 'bad.jsonl');
  writeFileSync(json, [...good, '{"i": oops}', '{"i":1}'].join('\n'));
  const e = await dataErrorOf(readDataFile(json));
  t.equal(e.location.line, 40_001);
  t.match(e.message, /invalid JSON/);
  const utf = join(dir, 'utf.jsonl');
  writeFileSync(utf, Buffer.concat([Buffer.from(good.join('\n') + '\n{"s":"ab'), Buffer.from([0xff]), Buffer.from('"}\n')]));
  const u = await dataErrorOf(readDataFile(utf));
  t.same([u.location.line, u.location.column], [40_001, 9]); // {"s":"ab is 8 characters
  t.match(u.message, /invalid UTF-8 \(byte 0xFF\)/);
});

t.test('JSON Lines of many-byte characters over many chunks read as each line alone reads, in UTF-8 and Latin-1', async (t) => {
  const dir = tmp(t);
  const pieces = ['é', '☃', '😀', 'a', ' ', '\\n', '\\u0041'];
  let s = 3;
  const text = (n: number): string => Array.from({ length: n }, () => pieces[(s = (Math.imul(s, 1664525) + 1013904223) >>> 0) % pieces.length]).join('');
  const lines = Array.from({ length: 12_000 }, (_, k) => (k % 500 === 7 ? '' : `{"k":${k},"t":"${text(k % 300)}"}${k % 3 === 0 ? '\r' : ''}`));
  const file = join(dir, 'u.jsonl');
  writeFileSync(file, lines.join('\n') + '\n');
  const expected = lines.flatMap((l, i) => (l === '' ? [] : [{ value: JSON.parse(l.replace(/\r$/, '')), line: i + 1 }]));
  const data = await readDataFile(file);
  t.same(
    data.records.map((r) => ({ value: r.value, line: r.line })),
    expected,
  );
  t.same(
    data.records.map((r) => r.index),
    expected.map((_, i) => i),
  );
  // Latin-1: every byte is a character, so the same file reads as the Latin-1 text of each line.
  const latin = await readDataFile(file, { encoding: 'latin1' });
  const bytes = readFileSync(file).toString('latin1').split('\n');
  t.same(
    latin.records.map((r) => r.value),
    bytes.flatMap((l) => (l === '' ? [] : [JSON.parse(l.replace(/\r$/, ''))])),
  );
});

t.test('a JSON error before a bad UTF-8 byte in the same chunk is the one reported', async (t) => {
  const dir = tmp(t);
  const good = Array.from({ length: 1000 }, (_, k) => `{"i":${k}}`);
  const file = join(dir, 'both.jsonl');
  writeFileSync(file, Buffer.concat([Buffer.from([...good, '{"i": oops}', ...good, '{"s":"'].join('\n')), Buffer.from([0xff]), Buffer.from('"}\n')]));
  const e = await dataErrorOf(readDataFile(file));
  t.equal(e.location.line, 1001);
  t.match(e.message, /invalid JSON/);
});

t.test('a JSON array above the size limit is refused with exit 2 and a pointer to JSON Lines', async (t) => {
  const dir = tmp(t);
  const file = join(dir, 'big.json');
  writeFileSync(file, JSON.stringify(Array.from({ length: 1000 }, (_, i) => ({ i }))));
  t.equal((await readDataFile(file, { maxJsonBytes: 1e6 })).records.length, 1000);
  const e = await dataErrorOf(readDataFile(file, { maxJsonBytes: 1000 }));
  t.equal(e.exitCode, ExitCode.badInput);
  t.match(e.message, /big\.json: a JSON document of .* is above the .* read whole; write the records as JSON Lines/);
});

t.test('a .json file holding JSON Lines is read as a stream', async (t) => {
  const dir = tmp(t);
  const file = join(dir, 'lines.json');
  writeFileSync(file, '\uFEFF  {"a":1} \r\n\n{"a":2}\n');
  const s = await openDataStream(file, { maxJsonBytes: 1 });
  t.equal(s.format, 'jsonl');
  t.same((await readDataFile(file, { maxJsonBytes: 1 })).records, [
    { value: { a: 1 }, line: 1, index: 0 },
    { value: { a: 2 }, line: 3, index: 1 },
  ]);
  writeFileSync(file, '{"a":\n1}\n');
  t.equal((await openDataStream(file)).format, 'json', 'an object over several lines is one JSON document');
});

t.test('CSV across chunk edges: quoted newlines, start lines, Latin-1, and where an unclosed quote opened', async (t) => {
  const dir = tmp(t);
  const rows = Array.from({ length: 20_000 }, (_, k) => (k % 5000 === 7 ? `${k},"two\nlines, ""quoted"""` : `${k},plain ${'z'.repeat(50)}`));
  const file = join(dir, 'a.csv');
  writeFileSync(file, ['id,text', ...rows].join('\n') + '\n');
  const data = await readDataFile(file);
  t.equal(data.records.length, 20_000);
  t.same(data.records[7], { value: { id: '7', text: 'two\nlines, "quoted"' }, line: 9, index: 7 });
  t.equal(data.records[8]!.line, 11, 'the record after a two-line record starts two lines down');
  t.equal(data.records[19_999]!.line, 20_000 + 1 + 4, 'four two-line records before it');
  t.equal(data.fingerprint, sha(file));
  const open = join(dir, 'open.csv');
  writeFileSync(open, ['id,text', ...rows.slice(0, 10_000), '99,"never closed', ...rows.slice(0, 3)].join('\n'));
  const e = await dataErrorOf(readDataFile(open));
  t.same([e.location.line, e.location.column], [10_000 + 2 + 2, 4]);
  const latin = join(dir, 'latin.csv');
  writeFileSync(latin, Buffer.from('id,text\n1,caf\xe9\n', 'latin1'));
  t.same((await readDataFile(latin, { encoding: 'latin1' })).records[0]!.value, { id: '1', text: 'café' });
  const bad = await dataErrorOf(readDataFile(latin));
  t.same([bad.location.line, bad.location.column], [2, 6]);
});

t.test('Parquet is read row group by row group, rows numbered across groups', async (t) => {
  const dir = tmp(t);
  const file = join(dir, 'a.parquet');
  const n = 2500;
  writeParquet([{ file, rowGroupSize: 1000, columns: [{ name: 'id', data: Array.from({ length: n }, (_, i) => `r${i}`), type: 'STRING' }] }]);
  const s = await openDataStream(file);
  const sizes: number[] = [];
  const records = [];
  for await (const b of s.batches) {
    sizes.push(b.length);
    records.push(...b);
  }
  t.same(sizes, [1000, 1000, 500]);
  t.same(records[1500], { value: { id: 'r1500' }, line: 1501, index: 1500 });
  t.equal(s.fingerprint(), sha(file));
});
