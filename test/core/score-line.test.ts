import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { readScoreLines } from '../../src/core/score-line.js';
import { tmp } from '../support/helpers.js';

// The one reader of scores.jsonl that gate and merge share: every refusal names file, line and field, exit 2.
const line = { model: 'm', suite: 'pairwise', item: 'a', key: 'a', cluster: 'a', values: { accuracy: 1 }, scores: { chosen: 2, rejected: 1 } };

t.test('lines come back as written, with their file lines; an empty file is no lines', async (t) => {
  const dir = tmp(t);
  const file = join(dir, 'scores.jsonl');
  writeFileSync(file, `${JSON.stringify(line)}\n\n${JSON.stringify({ ...line, item: 'b', cluster: undefined })}\n`);
  const records = await readScoreLines(file);
  t.strictSame(
    records.map((r) => r.line),
    [1, 3],
  );
  t.strictSame(records[0]!.value, line, 'fields beyond the schema are kept (merge writes them back)');
  writeFileSync(file, '');
  t.strictSame(await readScoreLines(file), []);
});

t.test('a bad line is a DataError at its file, line and field', async (t) => {
  const dir = tmp(t);
  const file = join(dir, 'scores.jsonl');
  const refused = async (text: string, message: RegExp, what: string) => {
    writeFileSync(file, `${JSON.stringify(line)}\n${text}\n`);
    await t.rejects(readScoreLines(file), { exitCode: 2, message }, what);
  };
  await refused('{"model": "m"', /scores\.jsonl:2:\d+: invalid JSON/, 'not JSON');
  await refused(JSON.stringify({ ...line, values: undefined }), /scores\.jsonl:2 field "values": missing required field/, 'no values');
  await refused(
    JSON.stringify({ ...line, values: { accuracy: 'yes' } }),
    /scores\.jsonl:2 field "values\.accuracy": expected number, got string "yes"/,
    'a value that is no number',
  );
  await refused(JSON.stringify({ ...line, item: '' }), /scores\.jsonl:2 field "item": expected a non-empty string/, 'an empty item id');
  await t.rejects(readScoreLines(join(dir, 'none.jsonl')), { exitCode: 2, message: /none\.jsonl: file not found/ }, 'no file');
});
