import { kserve } from './fake-served/kserve.js';
import { logprobsEngine } from './fake-served/openai-logprobs.js';
import { type Engine, type FakeOptions, type Kind, startEngine } from './fake-served/server.js';
import { sglang } from './fake-served/sglang.js';
import { tei } from './fake-served/tei.js';
import { vllm } from './fake-served/vllm.js';

/**
 * Loopback stand-ins for vLLM, SGLang, TEI and KServe/Triton (and vLLM's completions with prompt log-probs), built from their documented request
 * and response shapes (no real server can run here); one module per engine under fake-served/.
 * The reward of a text is its number of Unicode code points, of a token row its number of
 * unmasked tokens, so tests know every answer without asking the code under test. Faults are
 * scripted or drawn per request.
 */
export type { Fake, Fault, FakeOptions, Kind, LogEntry } from './fake-served/server.js';
export { codePoints } from './fake-served/server.js';
export { fakeStepLogit } from './fake-served/vllm.js';
export { bigram, type LogprobRule, startLogprobsFake, type Tamper } from './fake-served/openai-logprobs.js';

export const engines: Record<Kind, Engine> = { vllm, sglang, tei, kserve, 'openai-logprobs': logprobsEngine() };

export function startFake(o: FakeOptions) {
  return startEngine(engines[o.kind], o);
}
