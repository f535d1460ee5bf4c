import { join } from 'node:path';
import { Writable } from 'node:stream';
import t from 'tap';
import { MemoryStore, openStore } from '../../src/core/cache.js';
import { Progress } from '../../src/core/progress.js';
import { parseModelSpec } from '../../src/core/model-spec.js';
import { answerQueries } from '../../src/core/scorer.js';
import type { Query } from '../../src/core/suite.js';
import type { ScoreRequest } from '../../src/core/types.js';
import { createModel } from '../../src/run/models.js';
import type { Prefetch, RunPlan } from '../../src/run/plan.js';
import { runEvaluation } from '../../src/run/runner.js';
import { tmp, writeJsonl } from '../support/helpers.js';

// RunPlan.prefetch: requests a later step will ask for (the downstream pool) are cached while each
// model is loaded, and nothing of it reaches run.json; when they cannot be scored, the run goes on.

const pairs = Array.from({ length: 6 }, (_, k) => ({ id: `p${k}`, prompt: `question ${k}`, chosen: `a longer answer ${k}`, rejected: `short ${k}` }));
const requests: ScoreRequest[] = Array.from({ length: 5 }, (_, k) => ({
  messages: [{ role: 'user', content: `pool prompt ${k}` }],
  response: 'é'.repeat(k + 1),
  key: { item: `q${k}`, candidate: 'sample-0' },
}));
const sink = new Writable({ write: (_c, _e, cb) => cb() });
const prefetch: Prefetch = { label: 'downstream pool', requests, describe: (k) => `pool request ${k}` };

async function run(dir: string, model: string, over: Partial<RunPlan> = {}) {
  const log: string[] = [];
  const plan: RunPlan = {
    models: [parseModelSpec(model)],
    suites: [{ id: 'pairwise', data: join(dir, 'pairs.jsonl'), options: {} }],
    seed: 0,
    concurrency: 2,
    bootstrap: { samples: 30, level: 0.95 },
    cache: { dir: join(dir, 'cache'), enabled: true },
    cwd: dir,
    command: [],
    config: {},
    ...over,
  };
  const { run } = await runEvaluation(plan, { stderr: sink, progress: 'off', log: (l) => log.push(l) });
  const { seconds: _, ...stats } = run.models[0]!.stats;
  return { results: run.results, model: { ...run.models[0]!, stats }, log };
}

/** The requests through a fresh instance of the model and the run's cache, counting what reaches the model. */
async function fromCache(dir: string, spec: string, store: 'disk' | 'memory') {
  const loaded = await createModel(parseModelSpec(spec), { seed: 0, cwd: dir });
  let calls = 0;
  const inner = loaded.model.score!.bind(loaded.model);
  const model = { ...loaded.model, score: (r: ScoreRequest[]) => ((calls += r.length), inner(r)) };
  const s = store === 'disk' ? await openStore({ dir: join(dir, 'cache'), enabled: true }, dir, model.fingerprint) : new MemoryStore();
  const queries: Query[] = requests.map((request) => ({ kind: 'score', request }));
  const { raw } = await answerQueries(model, s, queries, {
    concurrency: 1,
    batchSize: 4,
    describe: String,
    progress: (total) => new Progress({ label: 'check', total, stream: sink, mode: 'off' }),
  });
  return { raw, calls };
}

t.test('the requests are cached while the model is loaded; run.json does not change', async (t) => {
  const dir = tmp(t);
  writeJsonl(dir, 'pairs.jsonl', pairs);
  const plain = await run(dir, 'heuristic:length', { cache: { dir: join(dir, 'cache-plain'), enabled: true } });
  const ahead = await run(dir, 'heuristic:length', { prefetch });
  t.same(ahead.results, plain.results, 'the same results');
  t.same(ahead.model, plain.model, 'the same model entry: stats count only the suites');
  t.match(ahead.log.join('\n'), /length: downstream pool: 5 requests scored ahead, 0 from cache, 5 model calls/);
  const cached = await fromCache(dir, 'heuristic:length', 'disk');
  const fresh = await fromCache(dir, 'heuristic:length', 'memory');
  t.equal(cached.calls, 0, 'a later step asks the model nothing');
  t.equal(fresh.calls, requests.length);
  t.same(cached.raw, fresh.raw, 'and reads the scores the model gives');
});

t.test('without a disk cache nothing is scored ahead (a later step could not read it)', async (t) => {
  const dir = tmp(t);
  writeJsonl(dir, 'pairs.jsonl', pairs);
  const r = await run(dir, 'heuristic:length', { prefetch, cache: { dir: '', enabled: false } });
  t.notMatch(r.log.join('\n'), /scored ahead/);
});

t.test('requests the model cannot score are a warning, and the run goes on', async (t) => {
  const dir = tmp(t);
  writeJsonl(dir, 'pairs.jsonl', pairs);
  // A scores: file has the suite's pairs but not the pool's samples.
  writeJsonl(
    dir,
    'scores.jsonl',
    pairs.flatMap((p, k) => [
      { item: p.id, candidate: 'chosen', score: k },
      { item: p.id, candidate: 'rejected', score: 1 },
    ]),
  );
  const spec = `scores:${join(dir, 'scores.jsonl')}`;
  const plain = await run(dir, spec, { cache: { dir: join(dir, 'cache-plain'), enabled: true } });
  const ahead = await run(dir, spec, { prefetch });
  t.same(ahead.results, plain.results);
  t.match(ahead.log.join('\n'), /: warning: downstream pool not scored ahead \(.+\); it will be scored when it is needed/);
});
