import { parentPort } from 'node:worker_threads';
import type * as Ort from 'onnxruntime-node';
import { fromHalfArray } from '../onnx/float16.js';
import { gatherLogprobs, rowLengths } from './logprobs.js';
import type { Feeds, FromWorker, SessionSpec, ToWorker } from './session-protocol.js';

/**
 * One ONNX session in a worker thread: onnxruntime's `session.run()` blocks the thread it runs on,
 * so sessions live here and the main thread stays free for tokenizing, caching and progress.
 * onnxruntime-node runs the graph directly, `onnx:` models too: transformers.js, which ran those
 * before, creates the same session (its defaults are onnxruntime's, with the execution provider
 * and threads given) and its import cost each worker about 0.4 s of CPU.
 */

interface Runner {
  inputNames: readonly string[];
  run(feeds: Feeds): Promise<{ data: Float32Array; dims: number[] }>;
  release(): Promise<void>;
}

const port = parentPort!;
const post = (m: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

/** Logits as float32, whatever the model emits (fp16 arrives as Uint16Array bit patterns). */
function toFloat32(data: unknown, type: string): Float32Array {
  if (type === 'float16') return data instanceof Uint16Array ? fromHalfArray(data) : Float32Array.from(data as ArrayLike<number>);
  if (data instanceof Float32Array) return data;
  if (data instanceof Float64Array) return Float32Array.from(data);
  throw new Error(`the model's logits are of type ${type}; expected float32 or float16`);
}

async function ortRunner(spec: SessionSpec): Promise<Runner> {
  const ort: typeof Ort = await import('onnxruntime-node');
  const session = await ort.InferenceSession.create(spec.backend.file, {
    executionProviders: [spec.provider],
    intraOpNumThreads: spec.threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
  });
  const known = ['input_ids', 'attention_mask', 'token_type_ids', 'position_ids'];
  const unknown = session.inputNames.filter((n) => !known.includes(n));
  if (unknown.length > 0) {
    throw new Error(
      `the graph expects inputs ${unknown.join(', ')}, which a reward model export does not have (rewardgauge feeds ${known.join(', ')}); is it a text-classification export?`,
    );
  }
  const output = session.outputNames.includes('logits') ? 'logits' : session.outputNames[0]!;
  return {
    inputNames: session.inputNames,
    async run(f) {
      const feeds: Record<string, Ort.Tensor> = {};
      const tensor = (d: BigInt64Array) => new ort.Tensor('int64', d, f.dims);
      for (const name of session.inputNames) {
        if (name === 'input_ids') feeds[name] = tensor(f.input_ids);
        else if (name === 'attention_mask') feeds[name] = tensor(f.attention_mask);
        else if (name === 'token_type_ids') feeds[name] = tensor(f.token_type_ids ?? new BigInt64Array(f.input_ids.length));
        else feeds[name] = tensor(positionIds(f));
      }
      const out = (await session.run(feeds))[output]!;
      return { data: toFloat32(out.data, out.type), dims: [...out.dims] };
    },
    release: () => session.release(),
  };
}

/** Position ids from the attention mask (count of attended tokens before each one), as transformers does. */
function positionIds(f: Feeds): BigInt64Array {
  const [rows, cols] = f.dims;
  const out = new BigInt64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    let p = 0n;
    for (let c = 0; c < cols; c++) {
      const attended = f.attention_mask[r * cols + c] === 1n;
      out[r * cols + c] = attended ? p : 1n;
      if (attended) p++;
    }
  }
  return out;
}

let runner: Runner | undefined;
// Messages are handled one at a time, so a close never releases the session under a running batch.
let chain = Promise.resolve();
port.on('message', (m: ToWorker) => {
  chain = chain.then(() => handle(m));
});

async function handle(m: ToWorker): Promise<void> {
  if (m.type === 'init') {
    try {
      runner = await ortRunner(m.spec);
      post({ type: 'ready', inputNames: [...runner.inputNames] });
    } catch (err) {
      post({ type: 'init-error', message: err instanceof Error ? err.message : String(err) });
    }
  } else if (m.type === 'run') {
    try {
      const started = performance.now();
      const f = m.feeds;
      const { data, dims } = await runner!.run(f);
      if (f.logprobsFrom) {
        // Only the asked log-probabilities cross to the main thread, never the [rows, cols, vocab] logits.
        const lengths = rowLengths(f.attention_mask, f.dims[0], f.dims[1]);
        const logprobs = gatherLogprobs(data, dims, f.input_ids, lengths, f.logprobsFrom);
        post({ type: 'result', id: m.id, data: new Float32Array(0), dims, ms: performance.now() - started, logprobs }, [logprobs.buffer as ArrayBuffer]);
        return;
      }
      const copy = data.slice();
      post({ type: 'result', id: m.id, data: copy, dims, ms: performance.now() - started }, [copy.buffer]);
    } catch (err) {
      post({ type: 'run-error', id: m.id, message: err instanceof Error ? err.message : String(err) });
    }
  } else {
    await runner?.release().catch(() => undefined);
    runner = undefined;
    port.close();
  }
}
