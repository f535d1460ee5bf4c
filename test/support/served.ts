import type { Test } from 'tap';
import { createModel } from '../../src/run/models.js';
import { parseModelSpec } from '../../src/core/model-spec.js';
import type { ScoreRequest } from '../../src/core/types.js';
import { root } from './helpers.js';
import { type FakeOptions, startFake } from './fake-served.js';

/** A fake server closed when the test ends. */
export async function fake(t: Test, o: FakeOptions) {
  const f = await startFake(o);
  t.teardown(() => f.close());
  return f;
}

/** A served model from its spec, disposed when the test ends. */
export async function served(t: Test, spec: string) {
  const loaded = await createModel(parseModelSpec(spec), { seed: 0, cwd: root });
  t.teardown(() => loaded.model.dispose?.());
  return loaded.model;
}

export const ask = (response: string, prompt = 'Q?'): ScoreRequest => ({ messages: [{ role: 'user', content: prompt }], response });

/** Fast retries, so fault tests take milliseconds. */
export const quick = 'retries=4&backoffMs=1&timeoutMs=2000&cooldownMs=50';

/** Every client setting of a served spec at once: none may change a fingerprint or a score (conformance tests). */
export const clientSettings = 'retries=2&timeoutMs=30000&idleTimeoutMs=20000&maxResponseMB=4&inFlight=2&backoffMs=5&cooldownMs=10';

/** A chat template that joins the turns without separators, for options that must change what a server sees. */
export const plainTemplate = `template=${encodeURIComponent('{% for m in messages %}{{ m.content }}{% endfor %}')}`;
