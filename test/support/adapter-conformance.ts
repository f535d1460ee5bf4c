import type { Test } from 'tap';
import type { LoadedModel } from '../../src/core/types.js';
import { createModel } from '../../src/run/models.js';
import { parseModelSpec } from '../../src/core/model-spec.js';
import { adapters } from '../../src/adapters/index.js';
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
import { type AnyRequest, defaultPairs, defaultRequests, type Expected, withRepeat } from './adapter-conformance/requests.js';
import { root, tmp } from './helpers.js';

/**
 * One conformance suite for every adapter (after unstorage's testDriver): each adapter's
 * test/adapters/<id>-conformance.test.ts calls testAdapter with its spec, the fake it runs
 * against, and what it claims. The checks are in adapter-conformance/checks.ts, and
 * adapter-conformance.test.ts shows each failing on a deliberately broken adapter.
 */

export { defaultPairs, defaultRequests, withOption, withRepeat } from './adapter-conformance/requests.js';

export interface Capabilities {
  /** What the adapter answers: scores (default), or preferences between two responses. */
  kind?: 'score' | 'compare';
  /**
   * How equal the answers to one request must be across batch sizes, orders and neutral options:
   * 'exact' (bit-identical), or within an absolute tolerance, with the reason it cannot be exact.
   */
  invariance: 'exact' | { tolerance: number; why: string };
  /** Options (`k=v`) that change outputs: each must change the fingerprint. */
  outputOptions: readonly string[];
  /** Options that change no output (batching, concurrency, timeouts): fingerprint and scores stay. */
  neutralOptions: readonly string[];
  /** Documented options not exercised here, each with the reason; every other option must be in the two lists above. */
  unchecked?: Readonly<Record<string, string>>;
  /** A misspelt option and the one the usage error must suggest. */
  misspelt: readonly [typo: string, intended: string];
}

/** What the checks run against; `setup` may start a fake first and return it. */
export interface AdapterCase {
  spec: string;
  /** Where relative paths in the spec resolve (default: the repository root). */
  cwd?: string;
  /** Default: defaultRequests with its first request repeated (kind score), defaultPairs (compare). */
  requests?: readonly AnyRequest[];
  /** Each request's score computed without the adapter (the fake's rule, a brute-force count). */
  expected?: Expected;
  /** Model calls as the fake backend counts them, to check the cached rerun from its side too. */
  backendCalls?: () => number;
  /** How a spec becomes a model (default: createModel, as the runner does); for self-tests. */
  load?: (spec: string) => Promise<LoadedModel>;
}

export type Conformance = { name: string; capabilities: Capabilities; skip?: string | false } & (AdapterCase | { setup: (t: Test) => Promise<AdapterCase> });

function subjectOf(c: AdapterCase, caps: Capabilities): Subject {
  const kind = caps.kind ?? 'score';
  const cwd = c.cwd ?? root;
  return {
    spec: c.spec,
    kind,
    requests: c.requests ?? (kind === 'score' ? withRepeat(defaultRequests) : defaultPairs),
    tolerance: caps.invariance === 'exact' ? 0 : caps.invariance.tolerance,
    load: c.load ?? ((spec) => createModel(parseModelSpec(spec), { seed: 0, cwd })),
    ...(c.backendCalls && { backendCalls: c.backendCalls }),
  };
}

const none = (t: Test, problems: readonly string[], rule: string) => t.strictSame(problems, [], rule);

/** Registers the conformance checks for one adapter configuration as subtests of `t`. */
export async function testAdapter(t: Test, c: Conformance): Promise<void> {
  const caps = c.capabilities;
  await t.test(`conformance: ${c.name}`, { skip: c.skip ?? false }, async (t) => {
    const a = 'setup' in c ? await c.setup(t) : c;
    const s = subjectOf(a, caps);
    let reference: unknown[] = [];

    await t.test('one valid result per request, in request order, however batched or ordered', async (t) => {
      const { model } = await s.load(s.spec);
      t.teardown(() => model.dispose?.());
      const r = await checkResults(model, s, a.expected);
      reference = r.answers;
      none(t, r.problems, a.expected ? 'each result is the independently computed score' : 'one valid result per request, not all equal');
      const within = caps.invariance === 'exact' ? 'bit-identical' : `within ${caps.invariance.tolerance}: ${caps.invariance.why}`;
      t.comment(`invariance: ${within}`);
      none(t, await checkInvariance(model, s, reference), `batch size and order change no answer (${within})`);
    });

    await t.test('fingerprint: stable per spec, changed only by options that change outputs', async (t) => {
      const documented = (await adapters.load(parseModelSpec(s.spec).adapter)).default.options;
      t.strictSame(unclassifiedOptions(documented, caps), [], 'every documented option is claimed output-changing or neutral, or excused');
      for (const [name, why] of Object.entries(caps.unchecked ?? {})) t.comment(`?${name}= not checked: ${why}`);
      none(
        t,
        await checkFingerprints(s, caps, reference),
        `output options ${caps.outputOptions.join(', ') || '(none)'}; neutral ${caps.neutralOptions.join(', ')}`,
      );
    });

    await t.test('a cached rerun through the scorer makes no model calls', async (t) => {
      none(t, await checkCachedRerun(s, tmp(t), reference), s.backendCalls ? 'counted by a wrapper and by the backend' : 'counted by a wrapper');
    });

    await t.test('dispose twice is safe', async (t) => {
      const r = await checkDispose(s);
      if (!r.hasDispose) t.comment('the model has no dispose(): it holds nothing to release');
      none(t, r.problems, 'dispose twice at once, then again, after use and unused');
    });

    await t.test('an unknown option is a usage error with a suggestion', async (t) => {
      none(t, await checkUnknownOption(s, ...caps.misspelt), `?${caps.misspelt[0]}= suggests "${caps.misspelt[1]}"`);
    });
  });
}
