import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fingerprintOf } from '../core/canonical.js';
import { UsageError } from '../core/errors.js';
import { defineAdapter, opt } from '../core/define-adapter.js';
import type { AdapterContext, ModelRuntime, ScoreRequest } from '../core/types.js';
import { gpuVisible } from '../gpu/nvidia.js';
import { runtimeBlock } from '../gpu/runtime.js';
import { tokenizerDigest } from './local/causal-encoder.js';
import { causalArchitecture } from './local/causal-load.js';
import { fingerprintFiles, maxLengthOf } from './local/model-dir.js';
import { hfCausalModel } from './python/causal.js';
import { loadLocalTokenizer, RequestEncoder } from './local/text.js';
import { checkpointFiles, locateCheckpoint } from './python/checkpoint.js';
import { HfWorker, type WorkerInfo } from './python/worker.js';

const DTYPES = ['float32', 'float16', 'bfloat16'] as const;

/** RewardBench's dtype: the checkpoint's own on CUDA (float16 when it names none), float32 on the CPU. */
function defaultDtype(device: 'cpu' | 'cuda', config: Record<string, unknown>): string {
  if (device === 'cpu') return 'float32';
  const named = config.torch_dtype ?? config.dtype;
  return typeof named === 'string' && (DTYPES as readonly string[]).includes(named) ? named : 'float16';
}

/** hf: runs where torch does; `--device` may name others (webgpu), so the run's device is checked too. */
function hfDevice(text: string): 'auto' | 'cpu' | 'cuda' {
  if (text === 'auto' || text === 'cpu' || text === 'cuda') return text;
  throw new UsageError(`hf: runs on cpu or cuda (or auto), not ${text}`);
}

function chooseDevice(asked: string | undefined, source: string, ctx: AdapterContext): { device: 'cpu' | 'cuda'; requested: string; reason: string } {
  let requested: string;
  try {
    requested = hfDevice(asked ?? ctx.device ?? 'auto');
  } catch (err) {
    throw new UsageError(`model "${source}": ${(err as Error).message}`);
  }
  if (requested === 'cpu' || requested === 'cuda') return { device: requested, requested, reason: `${requested} was requested` };
  return gpuVisible()
    ? { device: 'cuda', requested, reason: 'auto: nvidia-smi lists a GPU' }
    : { device: 'cpu', requested, reason: 'auto: no GPU visible to nvidia-smi, so the CPU is used' };
}

const readJson = (dir: string, name: string): Record<string, unknown> =>
  existsSync(join(dir, name)) ? (JSON.parse(readFileSync(join(dir, name), 'utf8')) as Record<string, unknown>) : {};

/** The end tokens the checks look for, from transformers.js (as onnx: finds them); the worker says the same once it runs. */
async function endTokens(dir: string, o: { input?: 'template' | 'pair'; chatTemplate?: string; maxLength: number | null }): Promise<string[]> {
  if (!existsSync(join(dir, 'tokenizer.json'))) return [];
  try {
    const tok = await loadLocalTokenizer(dir);
    const form = o.input ?? (o.chatTemplate !== undefined || tok.chat_template ? 'template' : 'pair');
    return new RequestEncoder(tok, {
      form,
      ...(o.chatTemplate !== undefined && { chatTemplate: o.chatTemplate }),
      maxLength: o.maxLength ?? 512,
    }).expectedEndTokens();
  } catch {
    return [];
  }
}

/**
 * `hf:DIR_OR_ID`: a Hugging Face sequence-classification checkpoint run by transformers itself,
 * in a Python worker this package ships (python/rewardgauge_hf), so a reward model scores here
 * exactly as RewardBench's classifier pipeline scores it: chat template rendered, tokenized with
 * the doubled BOS dropped, raw logit (docs/hf.md). Whole batches cross to the worker as one frame
 * and are split there by a token budget, so a GPU sees real batches. Python, torch and
 * transformers are needed only when something is not in the score cache.
 */
export default defineAdapter({
  id: 'hf',
  description: 'a Hugging Face checkpoint (folder or Hub id) run by transformers in a Python worker (CUDA when available)',
  options: {
    python: opt.string({ description: 'the Python to run (default: $REWARDGAUGE_PYTHON, $VIRTUAL_ENV, python3 on $PATH); it needs torch and transformers' }),
    device: opt.custom({ kind: 'auto|cpu|cuda', description: 'auto (default: cuda when nvidia-smi sees a GPU), cpu or cuda', parse: hfDevice }),
    dtype: opt.enum(DTYPES, {
      description: "float32, float16 or bfloat16 (default as RewardBench: float32 on the CPU; on CUDA the checkpoint's torch_dtype, else float16)",
    }),
    maxLength: opt.int({ min: 2, description: 'tokens kept per input (default: model_max_length, capped by max_position_embeddings)' }),
    truncate: opt.enum(['start', 'end'], {
      default: 'start',
      description: 'start (default: the response survives, the conversation loses its beginning) or end',
    }),
    input: opt.enum(['template', 'pair'], { description: 'template or pair (default: template when the tokenizer has a chat template)' }),
    chatTemplate: opt.template({ description: "a Jinja chat template, or a file holding one, instead of the tokenizer's" }),
    label: opt.int({ min: 0, description: 'which output logit is the reward, for models with several' }),
    trustRemoteCode: opt.bool({ default: false, description: "true to run the checkpoint's own modelling code (only for checkpoints you trust)" }),
    attn: opt.string({
      description:
        "attention implementation passed to transformers (eager, sdpa, flash_attention_2); default transformers' choice, but eager when the model soft-caps attention logits (Gemma 2), which SDPA drops",
    }),
    tokenBudget: opt.int({ min: 1, default: 16384, description: 'most padded tokens (rows × padded width) per forward pass (default 16384)' }),
    maxBatch: opt.int({ min: 1, default: 64, description: 'most rows per forward pass (default 64)' }),
    timeoutMs: opt.int({
      min: 0,
      default: 1_800_000,
      description: 'the longest the worker may go without answering while a batch waits, model loading included (default 1800000; 0 = no limit)',
    }),
  },
  async create(spec, opts, ctx) {
    const { truncate, input, chatTemplate } = opts;
    const worker = new HfWorker({
      name: `hf worker for ${spec.target}`,
      python: opts.python,
      cwd: ctx.cwd,
      timeoutMs: opts.timeoutMs,
    });
    const where = await locateCheckpoint(spec.target, ctx.cwd, process.env);
    // A Hub id not in the cache: the worker downloads it now, since the fingerprint needs its files.
    const dir = where.kind === 'download' ? await worker.resolve(where.repo, where.revision) : where.dir;
    const config = readJson(dir, 'config.json');
    const device = chooseDevice(opts.device, spec.source, ctx);
    const dtype = opts.dtype ?? defaultDtype(device.device, config);
    const workerOptions = {
      device: device.device,
      dtype,
      truncate,
      ...(input && { input }),
      ...(chatTemplate !== undefined && { chatTemplate }),
      maxLength: opts.maxLength ?? null,
      label: opts.label ?? null,
      trustRemoteCode: opts.trustRemoteCode,
      attn: opts.attn ?? null,
      tokenBudget: opts.tokenBudget,
      maxBatch: opts.maxBatch,
    };
    const { tokenBudget: _b, maxBatch: _m, device: _d, ...identity } = workerOptions;
    const architecture = causalArchitecture(config);
    if (architecture !== undefined) {
      // A causal LM for dpo:, which tokenizes (RewardBench's DPO way) and truncates itself.
      const unused = (['maxLength', 'input', 'label'] as const).filter((k) => opts[k] !== undefined);
      if (unused.length > 0)
        throw new UsageError(
          `model "${spec.source}": ${dir} is a causal LM (${architecture}); ${unused.map((k) => `?${k}=`).join(', ')} apply to reward models only (dpo: tokenizes and truncates)`,
        );
      const causal = {
        dtype,
        ...(chatTemplate !== undefined && { chatTemplate }),
        trustRemoteCode: opts.trustRemoteCode,
        attn: opts.attn ?? null,
      };
      const tokenizer = tokenizerDigest(dir);
      return hfCausalModel({
        id: spec.id ?? dir.split(/[/\\]/).filter(Boolean).pop()!,
        spec: spec.source,
        fingerprint: fingerprintOf('hf-causal', await fingerprintFiles(checkpointFiles(dir)), { tokenization: 1, tokenizer, ...causal }),
        tokenizer,
        architecture,
        worker,
        init: () => worker.init(dir, { ...causal, device: device.device, causal: true, tokenBudget: opts.tokenBudget, maxBatch: opts.maxBatch }),
        device: { requested: device.requested, provider: device.device, reason: device.reason },
        dtype,
        config,
        maxWidth: typeof config.max_position_embeddings === 'number' ? config.max_position_embeddings : Infinity,
      });
    }
    const fingerprint = fingerprintOf('hf', await fingerprintFiles(checkpointFiles(dir)), { encoding: 2, ...identity });

    const nodeMaxLength = () => maxLengthOf(config, readJson(dir, 'tokenizer_config.json'), workerOptions.maxLength ?? undefined).maxLength;
    let loading: Promise<WorkerInfo> | undefined;
    let info: WorkerInfo | undefined;
    const ready = () => (loading ??= worker.init(dir, workerOptions).then((i) => (info = i)));
    const totals = { batches: 0, items: 0, tokens: 0, padded: 0, seconds: 0, busyMs: 0 };
    let active = 0;
    let busySince = 0;
    const id = spec.id ?? dir.split(/[/\\]/).filter(Boolean).pop()!;

    return {
      id,
      spec: spec.source,
      fingerprint,
      batchSize: 64,
      async score(batch: ScoreRequest[]) {
        await ready();
        if (active++ === 0) busySince = performance.now();
        let out;
        try {
          out = await worker.score(batch);
        } finally {
          if (--active === 0) totals.busyMs += performance.now() - busySince;
        }
        totals.batches++;
        totals.items += batch.length;
        totals.tokens += out.tokens;
        totals.padded += out.padded;
        totals.seconds += out.seconds;
        return out.scores;
      },
      async inspect(batch: ScoreRequest[]) {
        // Everything cached: say what the checks need without starting Python (a cached run needs none).
        if (batch.length === 0 && !info) return { maxLength: nodeMaxLength(), expectedEnd: await endTokens(dir, workerOptions), facts: [] };
        const i = await ready();
        return { maxLength: i.maxLength, expectedEnd: i.expectedEnd, facts: batch.length > 0 ? await worker.tokenize(batch) : [] };
      },
      runtime(): ModelRuntime {
        const name = info?.deviceName ?? undefined;
        const { batches, items, tokens, padded, seconds, busyMs } = totals;
        return runtimeBlock(
          {
            device: { requested: device.requested, provider: device.device, reason: device.reason, name },
            dtype,
            precision: dtype === 'float32' ? 'fp32' : 'fp16',
            workers: 1,
            threads: 1,
            config,
          },
          { batches, items, tokens, paddedTokens: padded, sessionSeconds: seconds, busySeconds: busyMs / 1000 },
        );
      },
      dispose: () => worker.dispose(),
    };
  },
});
