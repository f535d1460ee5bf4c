import t from 'tap';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readDataFile } from '../../src/core/data-files.js';
import { tmp, dataErrorOf } from '../support/helpers.js';

function write(dir: string, name: string, text: string | Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

t.test('pretty-printed JSON array: each record starts where its element starts', async (t) => {
  const text = [
    '[', // 1
    '  {', // 2  record 0
    '    "a": 1,', // 3
    '    "s": "x, [y] {z} \\"q\\" ,"', // 4  brackets, commas and escaped quotes inside a string
    '  },', // 5
    '  {"a": 2}, {"a": 3},', // 6  records 1 and 2
    '', // 7
    '  [1, {"b": [2, 3]}],', // 8  record 3 (nested array)
    '  "one \\" quote, here",', // 9  record 4: an odd number of escaped quotes, then a comma
    '  {"z": 0}', // 10  record 5
    ']', // 11
  ].join('\n');
  const f = await readDataFile(write(tmp(t), 'data.json', text));
  t.equal(f.format, 'json');
  t.same(
    f.records.map((r) => r.line),
    [2, 6, 6, 8, 9, 10],
  );
  t.same(
    f.records.map((r) => r.index),
    [0, 1, 2, 3, 4, 5],
  );
  t.equal(f.records[4]!.value, 'one " quote, here');
  t.same(f.records[0]!.value, { a: 1, s: 'x, [y] {z} "q" ,' });
  t.same(f.records[3]!.value, [1, { b: [2, 3] }]);
});

t.test('JSON Lines: blank lines skipped, a syntax error names its line', async (t) => {
  const dir = tmp(t);
  const good = await readDataFile(write(dir, 'ok.jsonl', '{"a":1}\n\r\n{"a":2}\r\n\n{"a":3}'));
  t.equal(good.format, 'jsonl');
  t.same(
    good.records.map((r) => [r.line, r.value]),
    [
      [1, { a: 1 }],
      [3, { a: 2 }],
      [5, { a: 3 }],
    ],
  );

  const file = write(dir, 'bad.jsonl', '{"a":1}\n\n{"a":2,}\n{"a":4}\n');
  const err = await dataErrorOf(readDataFile(file));
  t.ok(err.message.startsWith(`${file}:3`), err.message);
  t.equal(err.location.line, 3);
  t.equal(err.exitCode, 2);
  t.match(err.message, /invalid JSON/);
});

t.test('a .json file of one object per line is read as JSON Lines', async (t) => {
  const f = await readDataFile(write(tmp(t), 'lines.json', '{"a":1}\n{"a":2}\n'));
  t.equal(f.format, 'jsonl');
  t.same(
    f.records.map((r) => r.value),
    [{ a: 1 }, { a: 2 }],
  );
});

t.test('CSV with a quoted multi-line field', async (t) => {
  const text =
    [
      'id,text', // 1  header
      'a,"line one', // 2  record 0 starts
      'line two"', // 3
      'b,plain', // 4  record 1
    ].join('\n') + '\n';
  const f = await readDataFile(write(tmp(t), 'data.csv', text));
  t.equal(f.format, 'csv');
  t.same(
    f.records.map((r) => r.value),
    [
      { id: 'a', text: 'line one\nline two' },
      { id: 'b', text: 'plain' },
    ],
  );
  t.same(
    f.records.map((r) => r.line),
    [2, 4],
    'the line where each record starts',
  );
});

t.test('bad files', async (t) => {
  const dir = tmp(t);
  const emptyJsonl = await dataErrorOf(readDataFile(write(dir, 'e.jsonl', '')));
  t.match(emptyJsonl.message, /no records/);
  const emptyJson = await dataErrorOf(readDataFile(write(dir, 'e.json', '')));
  t.equal(emptyJson.exitCode, 2);

  const missing = join(dir, 'nope.json');
  const m = await dataErrorOf(readDataFile(missing));
  t.equal(m.message, `${missing}: file not found`);
  t.equal(m.exitCode, 2);

  const obj = write(dir, 'obj.json', '{\n  "a": 1\n}\n');
  const o = await dataErrorOf(readDataFile(obj));
  t.ok(o.message.startsWith(`${obj}:1`), o.message);
  t.match(o.message, /expected a JSON array/);
  t.match(o.message, /got an object/);
});

t.test('fingerprint is sha256 of the bytes (BOM included)', async (t) => {
  const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('[{"a":"é"}]\n', 'utf8')]);
  const f = await readDataFile(write(tmp(t), 'bom.json', bytes));
  t.equal(f.fingerprint, `sha256:${createHash('sha256').update(bytes).digest('hex')}`);
  t.same(f.records[0]!.value, { a: 'é' }, 'the BOM does not break parsing');
});
