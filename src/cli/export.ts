import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { findPython, pythonEnv } from '../adapters/python/interpreter.js';
import { readDataFile } from '../core/data-files.js';
import { ModelError, UsageError } from '../core/errors.js';
import { createModel } from '../run/models.js';
import { parseModelSpec } from '../core/model-spec.js';
import { datasetsDir } from '../core/paths.js';
import type { ScoreRequest } from '../core/types.js';
import { defineCommand } from './command.js';
import { refuseOverwritingInputs, sameFolder } from './outputs.js';

/** fp32 exports agree with transformers to ~1e-6; beyond this the export is wrong, not rounded. */
const TOLERANCE = 1e-4;
const CHECK_ROWS = 4;

interface Exported {
  layout: 'onnx' | 'ort';
  graph: string;
  files: string[];
  padTokenId?: number | null;
  modelType: string;
  /** Set for a causal LM exported with its LM head (python/rewardgauge_hf/export_causal.py). */
  task?: 'causal-lm';
}

/** Run `python -m rewardgauge_hf export`; its last stdout line is JSON. stderr (tracer warnings) is shown only on failure. */
function runExporter(python: string, args: string[], env: NodeJS.ProcessEnv): Promise<Exported> {
  return new Promise((res, rej) => {
    const child = spawn(python, ['-m', 'rewardgauge_hf', 'export', ...args], { env: pythonEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err = (err + d).slice(-8192)));
    child.on('error', (e) => rej(new UsageError(`could not start ${python}: ${e.message}`)));
    child.on('close', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      let v: Record<string, unknown> | undefined;
      try {
        v = JSON.parse(last) as Record<string, unknown>;
      } catch {
        v = undefined;
      }
      if (code === 0 && v && typeof v.graph === 'string') return res(v as unknown as Exported);
      if (v && typeof v.error === 'string') return rej(v.kind === 'missing' ? new UsageError(v.error) : new ModelError(v.error));
      rej(new ModelError(`the exporter (${python}) exited with code ${code}; the end of its stderr:\n${err.trim().split('\n').slice(-20).join('\n')}`));
    });
  });
}

/** A few real conversations from the built-in pairwise suite: short ones, a system prompt, two turns. */
async function checkRequests(): Promise<ScoreRequest[]> {
  const rows = (await readDataFile(join(datasetsDir, 'pairwise.jsonl'))).records
    .slice(0, CHECK_ROWS)
    .map((r) => r.value as { prompt: string; chosen: string; rejected: string });
  const out: ScoreRequest[] = rows.flatMap((r) =>
    [r.chosen, r.rejected].map((response) => ({ messages: [{ role: 'user' as const, content: r.prompt }], response })),
  );
  const [a, b] = rows;
  if (a && b) {
    out.push({
      messages: [
        { role: 'system', content: 'Answer with the working shown.' },
        { role: 'user', content: a.prompt },
      ],
      response: a.chosen,
    });
    out.push({
      messages: [
        { role: 'user', content: a.prompt },
        { role: 'assistant', content: a.chosen },
        { role: 'user', content: b.prompt },
      ],
      response: b.chosen,
    });
  }
  return out;
}

async function scoreWith(spec: string, cwd: string, requests: ScoreRequest[]): Promise<number[] | Error> {
  const { model } = await createModel(parseModelSpec(spec), { seed: 0, cwd, device: 'cpu' });
  try {
    return (await model.score!(requests)) as number[];
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  } finally {
    await model.dispose?.();
  }
}

export const command = defineCommand({
  name: 'export',
  description:
    'Export a Hugging Face sequence-classification checkpoint to the ONNX layout onnx: (encoders) or ort: (decoders) reads, or a causal LM with its LM head for dpo:, then score a few texts with both the export and transformers and print the largest difference.',
  positionals: { usage: 'HF_DIR', description: 'a folder save_pretrained wrote (config.json, weights, tokenizer files)', min: 1 },
  args: {
    out: { type: 'string', value: 'DIR', description: 'where the export goes (may be HF_DIR itself)' },
    layout: {
      type: 'enum',
      values: ['auto', 'onnx', 'ort'],
      description: 'onnx: transformers.js layout (onnx/model.onnx); ort: optimum layout (model.onnx); default by model family',
    },
    'external-data': { type: 'boolean', description: 'put the weights in model.onnx_data (default: only above 1.8 GB)' },
    python: {
      type: 'string',
      value: 'PYTHON',
      description: 'the Python with torch, transformers and onnx (default: $REWARDGAUGE_PYTHON, $VIRTUAL_ENV, python3)',
    },
    'trust-remote-code': { type: 'boolean', description: "run the checkpoint's own modelling code" },
    'no-check': { type: 'boolean', description: 'skip the comparison with transformers' },
  },
  examples: ['rewardgauge export ./my-llama-rm --out ./my-llama-rm-onnx', 'rewardgauge export ./my-deberta-rm --out ./my-deberta-rm'],
  async run({ args, positionals, io }) {
    if (positionals.length !== 1) throw new UsageError('rewardgauge export: give one checkpoint folder, e.g. rewardgauge export ./my-rm --out ./my-rm-onnx');
    if (args.out === undefined) throw new UsageError('rewardgauge export: --out DIR is required (it may be the checkpoint folder itself)');
    const src = resolve(io.cwd, positionals[0]!);
    if (!existsSync(join(src, 'config.json'))) throw new UsageError(`${src}/config.json is missing: export takes a folder that save_pretrained wrote`);
    await refuseOverwritingInputs(
      'export',
      [{ path: join(src, 'config.json'), role: 'HF_DIR' }],
      [{ path: resolve(io.cwd, args.out), role: '--out', folder: true }],
      io.cwd,
    );
    // The exporter copies the tokenizer unless it writes in place; it knows "in place" by the path, so a symlink to HF_DIR is HF_DIR.
    const out = (await sameFolder(resolve(io.cwd, args.out), src)) ? src : resolve(io.cwd, args.out);
    const layout = args.layout ?? 'auto';
    const python = findPython(args.python, io.cwd, io.env);
    io.stderr.write(`exporting ${src} with ${python.program} (the model is traced in float32)...\n`);
    const flags = [
      src,
      '--out',
      out,
      '--layout',
      layout,
      ...(args['external-data'] ? ['--external-data'] : []),
      ...(args['trust-remote-code'] ? ['--trust-remote-code'] : []),
    ];
    const done = await runExporter(python.program, flags, io.env);
    const causal = done.task === 'causal-lm';
    const what = causal ? 'a causal LM with its LM head, for dpo:' : `pad id ${done.padTokenId ?? 'none'} for pooling`;
    io.stdout.write(`wrote ${done.files.join(', ')} (${done.layout}: layout; ${what})\n`);
    if (args['no-check']) return 0;

    const requests = await checkRequests();
    const trust = args['trust-remote-code'] ? '&trustRemoteCode=true' : '';
    // A causal LM gives no score of its own: compare its summed response log-probabilities instead.
    const as = (spec: string) => (causal ? `dpo:(${spec};refFree=sum)` : spec);
    const reference = await scoreWith(as(`hf:${src}?dtype=float32&python=${encodeURIComponent(python.program)}${trust}`), io.cwd, requests);
    const exported = await scoreWith(as(`${done.layout}:${out}`), io.cwd, requests);
    for (const r of [reference, exported]) if (r instanceof Error) throw r;
    const diffs = (exported as number[]).map((v, i) => Math.abs(v - (reference as number[])[i]!));
    const max = Math.max(...diffs);
    io.stdout.write(
      `check: ${requests.length} texts from the built-in pairwise suite; max |${done.layout}: − transformers| = ${max.toExponential(2)} (tolerance ${TOLERANCE})\n`,
    );
    if (!(max <= TOLERANCE)) throw new ModelError(`the export disagrees with transformers by ${max.toExponential(2)} (over ${TOLERANCE}); do not use it`);
    io.stdout.write(`use it with: --model ${causal ? `'dpo:(ort:${args.out},REFERENCE;beta=1)'` : `${done.layout}:${args.out}`}\n`);
    return 0;
  },
});
