// Writes Parquet files for the hub tests with hyparquet-writer, in a plain node process: tap's
// TypeScript loader cannot resolve the writer's `hyparquet/src/*.js` subpath imports.
// stdin: JSON [{ file, columns: [{ name, data, type? }], rowGroupSize? }]; values {"$bigint": "7"} become BigInt.
import { writeFileSync } from 'node:fs';
import { parquetWriteBuffer } from 'hyparquet-writer';

const revive = (_k, v) => (v && typeof v === 'object' && typeof v.$bigint === 'string' ? BigInt(v.$bigint) : v);
let input = '';
for await (const chunk of process.stdin) input += chunk;
for (const { file, columns, rowGroupSize } of JSON.parse(input, revive)) {
  writeFileSync(file, new Uint8Array(parquetWriteBuffer({ columnData: columns, ...(rowGroupSize && { rowGroupSize }) })));
}
