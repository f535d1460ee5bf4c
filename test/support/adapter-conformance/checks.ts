import { DiskStore } from '../../../src/core/cache.js';
import type { LoadedModel } from '../../../src/core/types.js';
import { Progress } from '../../../src/core/progress.js';
import { answerQueries } from '../../../src/core/scorer.js';
import type { Query } from '../../../src/core/suite.js';
import type { PairRequest, RewardModel, ScoreRequest } from '../../../src/core/types.js';
import { type AnyRequest, differences, type Expected, permutation, validAnswer, withOption } from './requests.js';

/**
 * The adapter contract's checks, each returning what is wrong (an empty list when nothing is),
 * so that adapter-conformance.test.ts can run them against deliberately broken adapters and see
 * every one of them fail. adapter-conformance.ts turns them into tap assertions.
 */

export interface Subject {
  spec: string;
  kind: 'score' | 'compare';
  requests: readonly AnyRequest[];
  /** Largest allowed difference between two answers to one request (0: bit-identical). */
  tolerance: number;
  /** How a spec becomes a model: createModel, as the runner does, unless a self-test breaks it. */
  load(spec: string): Promise<LoadedModel>;
  /** Model calls as the backend counts them (a fake server's log, a worker's frames), when it can. */
  backendCalls?: () => number;
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export async function ask(model: RewardModel, kind: Subject['kind'], batch: readonly AnyRequest[]): Promise<unknown[]> {
  const method = kind === 'score' ? model.score : model.compare;
  if (typeof method !== 'function') throw new Error(`model "${model.id}" has no ${kind}()`);
  const out: unknown = await method.call(model, batch as ScoreRequest[] & PairRequest[]);
  if (!Array.isArray(out)) throw new Error(`${kind}() returned ${typeof out}, not an array`);
  return out;
}

/** As the runner sends them: batches of `size`, up to all in flight at once. */
async function askInChunks(model: RewardModel, kind: Subject['kind'], requests: readonly AnyRequest[], size: number): Promise<unknown[]> {
  const chunks: AnyRequest[][] = [];
  for (let s = 0; s < requests.length; s += size) chunks.push(requests.slice(s, s + size));
  return (await Promise.all(chunks.map((c) => ask(model, kind, c)))).flat();
}

/** Load, use, dispose; a failure to load is reported, not thrown. */
async function withModel<T>(s: Subject, spec: string, use: (l: LoadedModel) => Promise<T>): Promise<T | string> {
  let loaded: LoadedModel;
  try {
    loaded = await s.load(spec);
  } catch (err) {
    return `"${spec}" did not load: ${message(err)}`;
  }
  try {
    return await use(loaded);
  } finally {
    await loaded.model.dispose?.();
  }
}

/** One valid result per request, equal to the independently computed ones when given, in request order. */
export async function checkResults(model: RewardModel, s: Subject, expected?: Expected): Promise<{ problems: string[]; answers: unknown[] }> {
  const answers = await ask(model, s.kind, s.requests);
  if (answers.length !== s.requests.length) return { problems: [`${answers.length} results for ${s.requests.length} requests`], answers };
  const invalid = answers.flatMap((v, i) => (validAnswer(v, s.kind) ? [] : [`request ${i}: ${JSON.stringify(v) ?? String(v)}`]));
  const problems = invalid.length > 0 ? [`results the contract does not allow: ${invalid.slice(0, 5).join('; ')}`] : [];
  if (expected) problems.push(...differences('against the independently computed scores', answers, s.requests.map(expected), s.tolerance));
  // Without two distinct answers no reordering could show: the checks below would pass vacuously.
  if (new Set(answers.map((a) => JSON.stringify(a))).size < 2)
    problems.push(`all ${answers.length} results are equal (${JSON.stringify(answers[0])}); give requests with distinct scores`);
  return { problems, answers };
}

/** The same answer per request however requests are batched or ordered. */
export async function checkInvariance(model: RewardModel, s: Subject, reference: readonly unknown[]): Promise<string[]> {
  const problems: string[] = [];
  const one: unknown[] = [];
  for (const r of s.requests) one.push(...(await ask(model, s.kind, [r])));
  problems.push(...differences('one request per batch', one, reference, s.tolerance));
  problems.push(...differences('batches of 3, all in flight at once', await askInChunks(model, s.kind, s.requests, 3), reference, s.tolerance));
  const p = permutation(s.requests.length);
  const shuffled = await ask(
    model,
    s.kind,
    p.map((i) => s.requests[i]!),
  );
  const unshuffled: unknown[] = new Array(s.requests.length);
  p.forEach((i, k) => (unshuffled[i] = shuffled[k]));
  problems.push(...differences(`shuffled (${p.join(',')}) and put back`, shuffled.length === p.length ? unshuffled : shuffled, reference, s.tolerance));
  problems.push(...differences('reversed and put back', (await ask(model, s.kind, [...s.requests].reverse())).reverse(), reference, s.tolerance));
  return problems;
}

/** Same spec, same fingerprint; an output-changing option changes it; a neutral one changes neither it nor the scores. */
export async function checkFingerprints(
  s: Subject,
  o: { outputOptions: readonly string[]; neutralOptions: readonly string[] },
  reference: readonly unknown[],
): Promise<string[]> {
  const fingerprint = (spec: string) => withModel(s, spec, async (l) => l.model.fingerprint);
  const [a, b] = [await fingerprint(s.spec), await fingerprint(s.spec)];
  if (typeof a !== 'string' || typeof b !== 'string' || !a.startsWith('sha256:')) return [`the fingerprint of "${s.spec}" is not a digest: ${a}`];
  const problems = a === b ? [] : [`two instances of the same spec have fingerprints ${a} and ${b}`];
  for (const opt of o.outputOptions) {
    const fp = await fingerprint(withOption(s.spec, opt));
    if (fp === a) problems.push(`?${opt} changes outputs but not the fingerprint: the cache would serve the old scores`);
    else if (!fp.startsWith('sha256:')) problems.push(fp);
  }
  for (const opt of o.neutralOptions) {
    const got = await withModel(s, withOption(s.spec, opt), async (l) => ({
      fp: l.model.fingerprint,
      answers: await askInChunks(l.model, s.kind, s.requests, l.batchSize),
    }));
    if (typeof got === 'string') problems.push(got);
    else {
      if (got.fp !== a) problems.push(`?${opt} changes no output but changes the fingerprint: the cache would be missed for nothing`);
      problems.push(...differences(`?${opt}, said to change no output`, got.answers, reference, s.tolerance));
    }
  }
  return problems;
}

/** The option names in `k=v&k2=w` strings. */
const namesIn = (opts: readonly string[]): string[] => opts.flatMap((o) => o.split('&').map((kv) => kv.split('=')[0]!));

/**
 * The adapter's documented options that the capabilities neither exercise nor excuse: each must
 * be claimed output-changing or neutral (and then checked), or named with why it is not.
 */
export function unclassifiedOptions(
  documented: Readonly<Record<string, unknown>>,
  c: { outputOptions: readonly string[]; neutralOptions: readonly string[]; unchecked?: Readonly<Record<string, string>> },
): string[] {
  const covered = new Set([...namesIn(c.outputOptions), ...namesIn(c.neutralOptions), ...Object.keys(c.unchecked ?? {})]);
  return Object.keys(documented).filter((name) => !covered.has(name));
}

/** Counts calls of score() and compare(), so a model's use is seen whatever its backend. */
function counting(model: RewardModel): { model: RewardModel; calls: () => number } {
  let calls = 0;
  const wrapped = new Proxy(model, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver) as unknown;
      if ((prop === 'score' || prop === 'compare') && typeof v === 'function') {
        return (batch: never) => {
          calls++;
          return (v as (b: never) => unknown).call(target, batch);
        };
      }
      return v;
    },
  });
  return { model: wrapped, calls: () => calls };
}

/** One run the way the runner scores: the disk score cache keyed by the model's fingerprint, and answerQueries. */
async function cachedRun(s: Subject, dir: string, o: { batchSize: number; concurrency: number }) {
  // From before the model exists: calls made while loading count too.
  const before = s.backendCalls?.() ?? 0;
  return withModel(s, s.spec, async (l) => {
    const store = await DiskStore.open(dir, l.model.fingerprint);
    const counted = counting(l.model);
    const queries = s.requests.map((request) => ({ kind: s.kind, request }) as Query);
    const sink = { write: () => true } as unknown as NodeJS.WritableStream;
    const r = await answerQueries(counted.model, store, queries, {
      ...o,
      progress: (total) => new Progress({ label: l.model.id, total, stream: sink, mode: 'off' }),
      describe: (k) => `request ${k}`,
    });
    return { raw: r.raw as unknown[], runnerCount: r.stats.modelCalls, calls: counted.calls(), backend: (s.backendCalls?.() ?? 0) - before };
  });
}

/** A second instance over the same cache asks the model nothing and gets the same answers. */
export async function checkCachedRerun(s: Subject, dir: string, reference: readonly unknown[]): Promise<string[]> {
  const first = await cachedRun(s, dir, { batchSize: 3, concurrency: 2 });
  if (typeof first === 'string') return [first];
  const problems = differences('through the scorer and the score cache', first.raw, reference, s.tolerance);
  // A first run that called nothing would make "0 calls on the rerun" meaningless.
  if (first.calls === 0) problems.push('the first run made no model calls');
  if (s.backendCalls && first.backend === 0) problems.push('the backend saw no calls in the first run');
  const second = await cachedRun(s, dir, { batchSize: 5, concurrency: 1 });
  if (typeof second === 'string') return [...problems, second];
  if (second.calls > 0) problems.push(`the cached rerun called the model ${second.calls} times`);
  if (second.backend > 0) problems.push(`the backend saw ${second.backend} calls in the cached rerun`);
  if (second.runnerCount > 0) problems.push(`the scorer counted ${second.runnerCount} model calls in the cached rerun`);
  problems.push(...differences('the cached rerun against the first run', second.raw, first.raw, 0));
  return problems;
}

/** dispose() twice at once and once more after, on a model used and one never used: none throws. */
export async function checkDispose(s: Subject): Promise<{ problems: string[]; hasDispose: boolean }> {
  const problems: string[] = [];
  let hasDispose = true;
  for (const [what, used] of [
    ['after scoring', true],
    ['never used', false],
  ] as const) {
    let loaded: LoadedModel;
    try {
      loaded = await s.load(s.spec);
    } catch (err) {
      return { problems: [`"${s.spec}" did not load: ${message(err)}`], hasDispose };
    }
    const m = loaded.model;
    hasDispose = typeof m.dispose === 'function';
    try {
      // Scoring starts what there is to release: a process, a worker pool, connections.
      if (used) await ask(m, s.kind, s.requests.slice(0, 2));
      // The runner disposes once; a caller's teardown may do it again, while or after the first runs.
      await Promise.all([m.dispose?.(), m.dispose?.()]);
      await m.dispose?.();
    } catch (err) {
      problems.push(`dispose twice, ${what}: ${message(err)}`);
    }
  }
  return { problems, hasDispose };
}

/** A misspelt option is a usage error (exit 2) that suggests the intended one. */
export async function checkUnknownOption(s: Subject, typo: string, intended: string): Promise<string[]> {
  const spec = withOption(s.spec, `${typo}=1`);
  let err: unknown;
  try {
    const l = await s.load(spec);
    await l.model.dispose?.();
    return [`"${spec}" was accepted`];
  } catch (e) {
    err = e;
  }
  const problems: string[] = [];
  const code = (err as { exitCode?: unknown }).exitCode;
  if (code !== 2) problems.push(`exit code ${String(code)}, not 2 (usage): ${message(err)}`);
  if (!new RegExp(`Did you mean [^?]*"${intended}"`).test(message(err))) problems.push(`no "Did you mean "${intended}"?" in: ${message(err)}`);
  return problems;
}
