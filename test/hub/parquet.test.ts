import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { readDataFile } from '../../src/core/data-files.js';
import { DataError } from '../../src/core/errors.js';
import { tmp } from '../support/helpers.js';
import { parquetBytes, rb2Parquet, rb2Rows } from './fixtures.js';

t.test('a Parquet file reads as plain records, line = row number', async (t) => {
  const file = join(tmp(t), 'test-00000-of-00001.parquet');
  writeFileSync(file, rb2Parquet(rb2Rows));
  const data = await readDataFile(file);
  t.equal(data.format, 'parquet');
  t.same(
    data.records.map((r) => r.line),
    [1, 2, 3, 4],
  );
  t.same(
    data.records.map((r) => r.index),
    [0, 1, 2, 3],
  );
  // INT64 comes back as a Number, lists as plain arrays: exactly the rows written.
  t.strictSame(data.records[1]!.value, rb2Rows[1]);
  t.ok(Array.isArray((data.records[0]!.value as { chosen: unknown }).chosen));
  t.match(data.fingerprint, /^sha256:[0-9a-f]{64}$/);
});

t.test('BigInt beyond 2^53 stays exact as a string; structs become objects', async (t) => {
  const file = join(tmp(t), 'x.parquet');
  const big = 2n ** 60n + 1n;
  writeFileSync(
    file,
    parquetBytes([
      { name: 'n', data: [7n, big], type: 'INT64' },
      {
        name: 's',
        data: [
          { a: 1, b: 'x' },
          { a: 2, b: 'y' },
        ],
      },
    ]),
  );
  const data = await readDataFile(file);
  t.strictSame(
    data.records.map((r) => r.value),
    [
      { n: 7, s: { a: 1, b: 'x' } },
      { n: '1152921504606846977', s: { a: 2, b: 'y' } },
    ],
  );
});

t.test('a malformed Parquet file is a DataError naming the file', async (t) => {
  const file = join(tmp(t), 'broken.parquet');
  writeFileSync(file, 'PAR1 this is not parquet at all');
  const err = await readDataFile(file).catch((e: unknown) => e);
  t.ok(err instanceof DataError);
  t.equal((err as DataError).exitCode, 2);
  t.match((err as DataError).message, /broken\.parquet: invalid Parquet file/);
});
