import t from 'tap';
import { fingerprintOf } from '../../src/core/canonical.js';
import { ModelError, UsageError } from '../../src/core/errors.js';
import type { LoadedModel } from '../../src/core/types.js';
import { createModel } from '../../src/run/models.js';
import { parseModelSpec } from '../../src/core/model-spec.js';
import type { RawScore, RewardModel, ScoreRequest } from '../../src/core/types.js';
import {
  checkCachedRerun,
  checkDispose,
  checkFingerprints,
  checkInvariance,
  checkResults,
  checkUnknownOption,
  type Subject,
  unclassifiedOptions,
} from './adapter-conformance/checks.js';
import { defaultPairs, defaultRequests, differences, permutation, sameScore, withOption, withRepeat } from './adapter-conformance/requests.js';
import { root, tmp } from './helpers.js';

// The conformance checks against deliberately broken adapters: every check must fail on the
// fault it exists for, and pass on the unbroken adapter (heuristic:length) beside it. The
// breakage is a wrapper around a real model, so only the fault differs.

const real = (spec: string): Promise<LoadedModel> => createModel(parseModelSpec(spec), { seed: 0, cwd: root });
const length = (r: ScoreRequest): number => [...r.response].length;

/** A subject whose model is heuristic:length (or the spec's own) with `change` applied on top. */
function subject(change: (m: RewardModel, spec: string) => Partial<RewardModel> = () => ({}), o: Partial<Subject> = {}): Subject {
  return {
    spec: 'heuristic:length',
    kind: 'score',
    requests: withRepeat(defaultRequests),
    tolerance: 0,
    async load(spec) {
      const l = await real(spec);
      return { ...l, model: { ...l.model, ...change(l.model, spec) } };
    },
    ...o,
  };
}

const scoring = (f: (out: RawScore[], batch: ScoreRequest[]) => RawScore[]) => (m: RewardModel) => ({
  score: async (batch: ScoreRequest[]) => f(await m.score!(batch), batch),
});

async function results(s: Subject, expected = true) {
  const { model } = await s.load(s.spec);
  return checkResults(model, s, expected ? (r) => length(r as ScoreRequest) : undefined);
}

async function invariance(s: Subject) {
  const { model } = await s.load(s.spec);
  return checkInvariance(model, s, (await checkResults(model, s)).answers);
}

const reference = withRepeat(defaultRequests).map(length);

t.test('results: the unbroken adapter passes; wrong order, count, values or variety fail', async (t) => {
  t.strictSame((await results(subject())).problems, [], 'heuristic:length as it is');
  t.match(
    (await results(subject(scoring((o) => o.reverse())))).problems,
    [/independently computed scores: 8 of 10 not bit-identical \(request 1: got 104, expected 16;/],
    'results reversed',
  );
  t.match((await results(subject(scoring((o) => o.slice(0, -1))))).problems, [/9 results for 10 requests/], 'one result short');
  t.match((await results(subject(scoring((o) => o.map((v, i) => (i === 2 ? NaN : v)))), false)).problems, [/not allow: request 2: null/], 'NaN');
  t.match((await results(subject(scoring((o) => o.map(() => 3))), false)).problems, [/all 10 results are equal \(3\)/], 'a constant shows no order');
  const pairs = { kind: 'compare' as const, requests: defaultPairs };
  t.match(
    (
      await results(
        subject((m) => ({ compare: async (b) => b.map(() => 1.5) }), pairs),
        false,
      )
    ).problems,
    [/not allow: request 0: 1.5/],
    'a preference outside [0, 1]',
  );
});

t.test('invariance: results that depend on the batch, its order or its size fail', async (t) => {
  t.strictSame(await invariance(subject()), [], 'heuristic:length as it is');
  // Reversal is consistent across calls, so only batches of another composition can reveal it.
  t.match(await invariance(subject(scoring((o) => o.reverse()))), [/one request per batch/, /batches of 3/, /shuffled/], 'results reversed');
  t.match(
    await invariance(subject(scoring((o, b) => o.map((v) => (v as number) + b.length)))),
    [/one request per batch/, /batches of 3/],
    'the batch size leaks into scores',
  );
  let calls = 0;
  const drift = await invariance(subject(scoring((o) => o.map((v) => (v as number) + 1e-9 * calls++))));
  t.match(drift, [/one request per batch: \d+ of 10 not bit-identical/], 'a drift far below any tolerance still fails an exact adapter');
});

t.test('fingerprints: unstable, batch-dependent, blind to an output option, or a "neutral" option that changes scores', async (t) => {
  const o = { outputOptions: [], neutralOptions: ['batchSize=2', 'delayMs=1'] };
  t.strictSame(await checkFingerprints(subject(), o, reference), [], 'heuristic:length as it is');
  const withBatch = subject();
  const load = withBatch.load;
  withBatch.load = async (spec) => {
    const l = await load(spec);
    return { ...l, model: { ...l.model, fingerprint: fingerprintOf(l.model.fingerprint, l.batchSize) } };
  };
  t.match(await checkFingerprints(withBatch, o, reference), [/\?batchSize=2 changes no output but changes the fingerprint/], 'batch size in the fingerprint');
  let n = 0;
  t.match(
    await checkFingerprints(
      subject(() => ({ fingerprint: fingerprintOf(n++) })),
      o,
      reference,
    ),
    [/two instances of the same spec/],
    'a fingerprint per instance',
  );
  const random = subject(() => ({ fingerprint: fingerprintOf('fixed') }), { spec: 'heuristic:random' });
  const randomRef = (await checkResults((await real('heuristic:random')).model, random)).answers;
  t.match(
    await checkFingerprints(random, { outputOptions: ['seed=8'], neutralOptions: [] }, randomRef),
    [/\?seed=8 changes outputs but not the fingerprint/],
    'seed left out',
  );
  const delayed = subject((m, spec) => (spec.includes('delayMs') ? scoring((out) => out.map((v) => (v as number) + 1))(m) : {}));
  t.match(await checkFingerprints(delayed, o, reference), [/\?delayMs=1, said to change no output: 10 of 10/], 'a neutral option that does change scores');
  t.match(
    await checkFingerprints(
      subject(() => ({ fingerprint: 'v1' })),
      o,
      reference,
    ),
    [/not a digest/],
    'a fingerprint that is no digest',
  );
});

t.test('cached rerun: a fingerprint that changes per instance, or a backend called behind the cache, fails', async (t) => {
  t.strictSame(await checkCachedRerun(subject(), tmp(t), reference), [], 'heuristic:length as it is');
  let n = 0;
  t.match(
    await checkCachedRerun(
      subject(() => ({ fingerprint: fingerprintOf(n++) })),
      tmp(t),
      reference,
    ),
    [/the cached rerun called the model [1-9]\d* times/, /the scorer counted 9 model calls/],
    'a fingerprint per instance misses the cache',
  );
  // A model that warms up its backend when created bills a run the cache answers.
  let backend = 0;
  const warm = subject((m) => (backend++, scoring((o) => (backend++, o))(m)), { backendCalls: () => backend });
  t.match(await checkCachedRerun(warm, tmp(t), reference), [/the backend saw 1 calls in the cached rerun/], 'seen only from the backend');
  const silent = subject(() => ({}), { backendCalls: () => 0 });
  t.match(await checkCachedRerun(silent, tmp(t), reference), [/the backend saw no calls in the first run/], 'a backend count that never moves proves nothing');
  t.match(await checkCachedRerun(subject(scoring((o) => o.reverse())), tmp(t), reference), [/through the scorer/], 'wrong scores through the scorer');
});

t.test('dispose: a second call that throws fails, whether it overlaps the first or follows it', async (t) => {
  /** A dispose that refuses a second call while the first runs (`overlap`) or after it finished. */
  const disposing = (when: 'overlap' | 'after') => () => {
    let state: 'open' | 'closing' | 'closed' = 'open';
    return {
      async dispose() {
        if (state === (when === 'overlap' ? 'closing' : 'closed')) throw new Error(`disposed while ${state}`);
        if (state !== 'open') return;
        state = 'closing';
        await new Promise((r) => setImmediate(r));
        state = 'closed';
      },
    };
  };
  t.strictSame(await checkDispose(subject()), { problems: [], hasDispose: false }, 'heuristic:length has nothing to release');
  t.strictSame(await checkDispose(subject(() => ({ dispose: async () => {} }))), { problems: [], hasDispose: true }, 'an idempotent dispose');
  t.match((await checkDispose(subject(disposing('overlap')))).problems, [/after scoring: disposed while closing/, /never used: disposed while closing/]);
  t.match((await checkDispose(subject(disposing('after')))).problems, [/after scoring: disposed while closed/, /never used: disposed while closed/]);
});

t.test('unknown options: accepted, the wrong exit code, or no suggestion fail', async (t) => {
  t.strictSame(await checkUnknownOption(subject(), 'delay', 'delayMs'), [], 'heuristic:length as it is');
  t.match(await checkUnknownOption(subject(), 'delay', 'seed'), [/no "Did you mean "seed"/], 'a suggestion of another option');
  const lenient = subject();
  lenient.load = (spec) => real(spec.replace(/[?&]delay=1$/, ''));
  t.match(await checkUnknownOption(lenient, 'delay', 'delayMs'), [/was accepted/], 'an option silently ignored');
  const failing = (err: Error): Subject => ({ ...subject(), load: () => Promise.reject(err) });
  t.match(await checkUnknownOption(failing(new ModelError('unknown option "delay". Did you mean "delayMs"?')), 'delay', 'delayMs'), [/exit code 3, not 2/]);
  t.match(await checkUnknownOption(failing(new UsageError('unknown option "delay"')), 'delay', 'delayMs'), [/no "Did you mean/]);
});

t.test('options: one the capabilities neither claim nor excuse is reported', async (t) => {
  const documented = { seed: '', value: '', delayMs: '' };
  t.strictSame(
    unclassifiedOptions(documented, { outputOptions: ['seed=8'], neutralOptions: ['delayMs=1&value=3'] }),
    [],
    'all three, one of them inside a combined option',
  );
  t.strictSame(unclassifiedOptions(documented, { outputOptions: ['seed=8'], neutralOptions: ['delayMs=1'] }), ['value']);
  t.strictSame(
    unclassifiedOptions(documented, { outputOptions: [], neutralOptions: ['delayMs=1'], unchecked: { seed: 'why', value: 'why' } }),
    [],
    'excused with a reason',
  );
});

t.test('helpers: comparison, permutation and spec options', async (t) => {
  t.ok(sameScore(1, 1 + 1e-7, 1e-6) && !sameScore(1, 1 + 1e-5, 1e-6), 'a tolerance is absolute');
  t.notOk(sameScore(0, -0, 0), 'bit-identical tells 0 from −0');
  t.ok(sameScore([1, 2], [1, 2], 0) && !sameScore([1, 2], [1], 0) && !sameScore(1, [1], 0), 'step scores element by element');
  t.match(differences('x', [1, 2], [1, 3], 0), [/x: 1 of 2 not bit-identical \(request 1: got 2, expected 3\)/]);
  const p = permutation(10);
  t.strictSame(
    [...p].sort((a, b) => a - b),
    [...Array(10).keys()],
    'a permutation',
  );
  t.notSame(p, [...Array(10).keys()], 'not the identity');
  t.equal(withOption('ensemble:mean(a:x?p=1,b:y)', 'lambda=1'), 'ensemble:mean(a:x?p=1,b:y)?lambda=1', "a member's ? is not the spec's");
  t.equal(withOption('vllm:http://h?model=m', 'label=1'), 'vllm:http://h?model=m&label=1');
});
