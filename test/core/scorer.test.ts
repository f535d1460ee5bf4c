import t from 'tap';
import { cacheKey, MemoryStore } from '../../src/core/cache.js';
import { ModelError, UsageError } from '../../src/core/errors.js';
import { Progress } from '../../src/core/progress.js';
import { answerQueries, type ScorerOptions } from '../../src/core/scorer.js';
import type { Query } from '../../src/core/suite.js';
import type { RawScore, RewardModel, ScoreRequest } from '../../src/core/types.js';

const texts = ['a', 'bb', 'ccc', 'bb', 'dddd', 'a', 'eeeee', 'ffffff', 'ggggggg'];
// first occurrences: indices 0, 1, 2, 4, 6, 7, 8 → 7 unique queries
const query = (response: string): Query => ({ kind: 'score', request: { messages: [{ role: 'user', content: 'q' }], response } });
const queries = texts.map(query);
const lengths = texts.map((s) => s.length);

interface Fake extends RewardModel {
  batches: string[][];
}

/** Scores each response by its length; `answer` may override per batch (1-based call number). */
function fakeModel(answer?: (batch: ScoreRequest[], call: number) => RawScore[] | Promise<RawScore[]>): Fake {
  const batches: string[][] = [];
  return {
    id: 'fake',
    spec: 'fake:',
    fingerprint: 'fp',
    batchSize: 3,
    batches,
    async score(batch) {
      batches.push(batch.map((r) => r.response));
      // later batches (longer texts) finish sooner, so completion order differs from start order
      await new Promise((r) => setTimeout(r, Math.max(0, 8 - batch[0]!.response.length)));
      return answer ? answer(batch, batches.length) : batch.map((r) => r.response.length);
    },
  };
}

function options(batchSize: number, concurrency: number, seen: { total?: number } = {}): ScorerOptions {
  return {
    batchSize,
    concurrency,
    progress: (total) => {
      seen.total = total;
      return new Progress({ label: 'scoring', total, stream: process.stderr, mode: 'off' });
    },
    describe: (k) => `item-${k}`,
  };
}

async function modelError(p: Promise<unknown>): Promise<ModelError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ModelError) return err;
    throw err;
  }
  throw new Error('expected a ModelError');
}

t.test('the same results whatever the batch size and concurrency', async (t) => {
  for (const batchSize of [1, 3, 1000]) {
    for (const concurrency of [1, 4]) {
      const model = fakeModel();
      const seen: { total?: number } = {};
      const { raw, stats } = await answerQueries(model, new MemoryStore(), queries, options(batchSize, concurrency, seen));
      const tag = `batch ${batchSize}, concurrency ${concurrency}`;
      t.same(raw, lengths, tag);
      const sent = model.batches.flat().sort();
      t.same(sent, ['a', 'bb', 'ccc', 'dddd', 'eeeee', 'ffffff', 'ggggggg'], `${tag}: each unique query sent once`);
      t.ok(
        model.batches.every((b) => b.length <= batchSize),
        `${tag}: batches no larger than ${batchSize}`,
      );
      const nBatches = Math.ceil(7 / batchSize); // 7, 3, 1
      t.same({ ...stats, seconds: 0 }, { requests: 9, uniqueRequests: 7, cacheHits: 0, modelCalls: 7, batches: nBatches, seconds: 0 }, `${tag}: stats`);
      t.equal(seen.total, 7, `${tag}: progress total is the number of model calls`);
    }
  }
});

t.test('a second call with the same store answers from the cache', async (t) => {
  const store = new MemoryStore();
  await answerQueries(fakeModel(), store, queries, options(3, 2));
  const model = fakeModel();
  const { raw, stats } = await answerQueries(model, store, queries, options(3, 2));
  t.same(raw, lengths);
  t.equal(model.batches.length, 0, 'no model calls');
  t.equal(stats.modelCalls, 0);
  t.equal(stats.cacheHits, 7);
  t.equal(stats.batches, 0);

  // a partly filled cache: only the missing queries are sent
  const partial = new MemoryStore();
  await partial.put([
    [cacheKey(query('ccc'), false), 3],
    [cacheKey(query('a'), false), 1],
  ]);
  const m2 = fakeModel();
  const r2 = await answerQueries(m2, partial, queries, options(10, 1));
  t.same(r2.raw, lengths);
  t.same(m2.batches, [['bb', 'dddd', 'eeeee', 'ffffff', 'ggggggg']]);
  t.same([r2.stats.cacheHits, r2.stats.modelCalls], [2, 5]);
});

t.test('a non-finite score names the item and keeps the finite results', async (t) => {
  // batchSize 3: batches [0,1,2], [4,6,7], [8]; query 6 ('eeeee') gets NaN in batch 2
  const model = fakeModel((batch) => batch.map((r) => (r.response === 'eeeee' ? NaN : r.response.length)));
  const store = new MemoryStore();
  const err = await modelError(answerQueries(model, store, queries, options(3, 1)));
  t.equal(err.exitCode, 3);
  t.match(err.message, /item-6/);
  t.match(err.message, /not a finite number \(NaN\)/);
  t.equal(model.batches.length, 2, 'batch 3 never started');
  t.same(
    ['a', 'bb', 'ccc', 'dddd', 'ffffff'].map((s) => store.get(cacheKey(query(s), false))),
    [1, 2, 3, 4, 6],
    'batch 1 and the finite results of batch 2 are stored',
  );
  t.equal(store.get(cacheKey(query('eeeee'), false)), undefined);
  t.equal(store.size, 5);
});

t.test('a model that throws in its 3rd batch keeps batches 1–2', async (t) => {
  // batchSize 2: batches [0,1], [2,4], [6,7], [8]
  const model = fakeModel((batch, call) => {
    if (call === 3) throw new Error('CUDA out of memory');
    return batch.map((r) => r.response.length);
  });
  const store = new MemoryStore();
  const err = await modelError(answerQueries(model, store, queries, options(2, 1)));
  t.equal(err.exitCode, 3);
  t.match(err.message, /CUDA out of memory/);
  t.match(err.message, /item-6/, 'names the first item of the failed batch');
  t.equal(model.batches.length, 3, 'the 4th batch is not started');
  t.same(
    ['a', 'bb', 'ccc', 'dddd'].map((s) => store.get(cacheKey(query(s), false))),
    [1, 2, 3, 4],
  );
  t.equal(store.size, 4);
});

t.test('a wrong number of results is a ModelError', async (t) => {
  const model = fakeModel((batch) => batch.slice(1).map((r) => r.response.length));
  const err = await modelError(answerQueries(model, new MemoryStore(), queries, options(3, 1)));
  t.equal(err.exitCode, 3);
  t.match(err.message, /returned 2 results for a batch of 3/);
});

t.test('errors that already carry an exit code pass through', async (t) => {
  const model = fakeModel(() => {
    throw new UsageError('bad option');
  });
  await t.rejects(answerQueries(model, new MemoryStore(), queries, options(3, 1)), UsageError);
});

t.test('compare answers must lie in [0, 1]', async (t) => {
  const pair = (a: string, b: string): Query => ({ kind: 'compare', request: { messages: [], a, b } });
  const judge: RewardModel = {
    id: 'judge',
    spec: 'judge:',
    fingerprint: 'j',
    batchSize: 4,
    compare: async (batch) => batch.map((r) => (r.a.length > r.b.length ? 1 : r.a === 'bad' ? 1.5 : 0)),
  };
  const ok = await answerQueries(judge, new MemoryStore(), [pair('xx', 'y'), pair('y', 'xx')], options(4, 1));
  t.same(ok.raw, [1, 0]);
  const err = await modelError(answerQueries(judge, new MemoryStore(), [pair('xx', 'y'), pair('bad', 'xyzw')], options(4, 1)));
  t.match(err.message, /a preference outside \[0, 1\] \(1\.5\) for item-1/);
});
