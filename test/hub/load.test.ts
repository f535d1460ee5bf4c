import { createHash } from 'node:crypto';
import t from 'tap';
import { canonicalJson } from '../../src/core/canonical.js';
import { loadSuites } from '../../src/run/load-suites.js';
import type { RunPlan } from '../../src/run/plan.js';
import { startFakeHub } from '../support/fake-hub.js';
import { root, tmp } from '../support/helpers.js';
import { rb2Columns, parquetBytes, rb2Rows, sha } from './fixtures.js';

const COMMIT = sha('e');
const plan = (data: string): RunPlan => ({
  models: [],
  suites: [{ id: 'best-of-n', data, options: {} }],
  seed: 0,
  concurrency: 1,
  bootstrap: { samples: 1, level: 0.95 },
  cache: { dir: '', enabled: false },
  cwd: root,
  command: [],
  config: {},
});

t.test('a split in two Parquet shards loads shard by shard, joined in order', async (t) => {
  const shard0 = parquetBytes(rb2Columns(rb2Rows.slice(0, 2)));
  const shard1 = parquetBytes(rb2Columns(rb2Rows.slice(2)));
  const badRows = [
    { ...rb2Rows[0]!, id: 'ok' },
    { ...rb2Rows[1]!, id: 'bad', chosen: [] },
  ];
  const dup = parquetBytes(rb2Columns([rb2Rows[0]!]));
  const hub = await startFakeHub([
    {
      name: 'fake/sharded',
      commits: [
        {
          sha: COMMIT,
          files: {
            'data/test-00000-of-00002.parquet': shard0,
            'data/test-00001-of-00002.parquet': shard1,
            'data/bad-00000-of-00002.parquet': shard0,
            'data/bad-00001-of-00002.parquet': parquetBytes(rb2Columns(badRows)),
            'data/dup-00000-of-00002.parquet': shard0,
            'data/dup-00001-of-00002.parquet': dup,
          },
        },
      ],
    },
  ]);
  t.teardown(() => hub.close());
  const env = { HF_ENDPOINT: hub.url, HF_HOME: tmp(t) };

  const [ls] = await loadSuites(plan('hf://datasets/fake/sharded/test'), { env });
  const data = ls!.data;
  t.same(
    data.items.map((i) => i.id),
    ['r1', 'r2', 'r3', 'r4'],
  );
  t.same(
    data.items.map((i) => i.line),
    [1, 2, 1, 2],
    'row numbers are per shard',
  );
  const hex = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
  const expected = `sha256:${createHash('sha256')
    .update(canonicalJson([`sha256:${hex(shard0)}`, `sha256:${hex(shard1)}`]))
    .digest('hex')}`;
  t.equal(data.fingerprint, expected);
  t.equal(data.file, `hf://datasets/fake/sharded@${COMMIT}/test`);
  t.strictSame(data.source, { uri: 'hf://datasets/fake/sharded/test', commit: COMMIT });

  const bad = await loadSuites(plan('hf://datasets/fake/sharded/bad'), { env }).catch((e: Error) => e);
  t.match(bad, { exitCode: 2, message: /data\/bad-00001-of-00002\.parquet:2 field "chosen"/ });
  const twice = await loadSuites(plan('hf://datasets/fake/sharded/dup'), { env }).catch((e: Error) => e);
  t.match(twice, {
    exitCode: 2,
    message: /data\/dup-00001-of-00002\.parquet:1 field "id": duplicate id "r1" \(also in shard data\/dup-00000-of-00002\.parquet\)/,
  });
});
