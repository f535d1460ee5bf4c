import { join } from 'node:path';
import t from 'tap';
import { startFake } from '../support/fake-served.js';
import { tmp, writeJsonl } from '../support/helpers.js';
import { cliPromise, makePairs, readRun, uniqueRequests } from './fixtures/cli.js';

// A served model that dies mid-run: exit 3 naming the endpoint, every score obtained so far
// kept in the cache, and the rerun sends only what was never answered.

t.test('server fails mid-run (exit 3), rerun resumes: no answered item is sent twice', async (t) => {
  const dir = tmp(t);
  const rows = makePairs(60, 5);
  const data = writeJsonl(dir, 'pairs.jsonl', rows);
  const unique = uniqueRequests(rows);
  let broken = true;
  const f = await startFake({ kind: 'vllm', fault: (n) => (broken && n >= 5 ? 503 : 'ok') });
  t.teardown(() => f.close());
  const model = `vllm:${f.url}?model=fake/rm-7b&batchSize=10&retries=3&backoffMs=1&cooldownMs=1`;
  const args = (out: string) => [
    'run',
    '--suite',
    'pairwise',
    '--data',
    data,
    '--model',
    model,
    '--out',
    join(dir, out),
    '--cache-dir',
    join(dir, 'cache'),
    '--concurrency',
    '1',
    '--quiet',
  ];

  const first = await cliPromise(args('a'));
  t.equal(first.code, 3, 'a model failure at run time is exit 3');
  t.match(first.stderr, new RegExp(`${f.url}/pooling failed after 3 attempts.*HTTP 503`));
  const answeredFirst = f.answered();
  t.equal(answeredFirst.size, 50, 'five batches of ten were answered before the failure');

  broken = false;
  const second = await cliPromise(args('b'));
  t.equal(second.code, 0, second.stderr);
  const stats = readRun(join(dir, 'b')).models[0]!.stats;
  t.equal(stats.cacheHits, 50, 'the first run’s scores came from the cache');
  t.equal(stats.modelCalls, unique - 50);
  const answered = f.answered();
  t.equal(answered.size, unique, 'every distinct request answered');
  t.ok(
    [...answered.values()].every((c) => c === 1),
    'none answered twice across the two runs',
  );
});
