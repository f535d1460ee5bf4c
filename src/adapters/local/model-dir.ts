import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { readJsonFile } from '../../core/data-files.js';
import { DataError, UsageError } from '../../core/errors.js';
import { onnxShapeProblem } from '../../onnx/check.js';

/**
 * Checks a model folder before anything heavy loads, so a missing or corrupt file is reported by
 * name with what was expected (exit 2), not as a stack trace from inside onnxruntime.
 */

export interface ModelFolderInfo {
  dir: string;
  config: Record<string, unknown>;
  tokenizerConfig: Record<string, unknown>;
  /** The ONNX graph that will be loaded. */
  graph: string;
  /** Files whose bytes determine the scores (for the fingerprint). */
  files: string[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

async function jsonObject(file: string, what: string): Promise<Record<string, unknown>> {
  const v = await readJsonFile(file);
  if (!isObject(v)) throw new DataError({ file }, `expected a JSON object (${what})`);
  return v;
}

/**
 * `layout` names the adapter's expectation in messages. `graphs` are candidate graph paths,
 * relative to the folder, in order of preference; the first that exists is used.
 */
export async function readModelFolder(
  dir: string,
  layout: string,
  graphs: readonly string[],
  /** Checks on config.json that come before the graph's (e.g. a model family the adapter cannot run). */
  checkConfig: (config: Record<string, unknown>, file: string) => void = () => {},
): Promise<ModelFolderInfo> {
  if (!existsSync(dir)) throw new UsageError(`model folder ${dir} does not exist (${layout})`);
  if (!statSync(dir).isDirectory()) throw new UsageError(`${dir} is a file; a model is a folder (${layout})`);
  const need = (name: string): string => {
    const p = join(dir, name);
    if (!existsSync(p)) throw new UsageError(`${p} is missing: ${layout}`);
    return p;
  };
  const configFile = need('config.json');
  const config = await jsonObject(configFile, 'the model configuration');
  if (typeof config.model_type !== 'string')
    throw new DataError({ file: configFile, field: 'model_type' }, 'missing; expected the model family, e.g. "bert", "deberta-v2" or "llama"');
  checkConfig(config, configFile);
  const tokenizerFile = need('tokenizer.json');
  const tokenizer = await jsonObject(tokenizerFile, 'a Hugging Face tokenizers file');
  if (!isObject(tokenizer.model) || typeof tokenizer.model.type !== 'string') {
    throw new DataError({ file: tokenizerFile, field: 'model' }, 'missing; expected a tokenizers file with a "model" object (BPE, WordPiece, Unigram, ...)');
  }
  const tokenizerConfigFile = need('tokenizer_config.json');
  const tokenizerConfig = await jsonObject(tokenizerConfigFile, 'the tokenizer configuration');
  const found = graphs.find((g) => existsSync(join(dir, g)));
  if (!found) {
    const present = ['.', 'onnx'].flatMap((sub) =>
      existsSync(join(dir, sub))
        ? readdirSync(join(dir, sub))
            .filter((f) => f.endsWith('.onnx'))
            .map((f) => join(sub, f))
        : [],
    );
    throw new UsageError(
      `${join(dir, graphs[0]!)} is missing: ${layout}${present.length ? `; the folder has ${present.join(', ')}` : '; the folder has no .onnx file'}`,
    );
  }
  const graph = join(dir, found);
  const size = statSync(graph).size;
  if (size < 16) throw new UsageError(`${graph} is ${size === 0 ? 'empty' : `only ${size} bytes`}: expected an ONNX model`);
  const problem = onnxShapeProblem(graph);
  if (problem) throw new UsageError(`${graph}: ${problem}`);
  // External weights sit beside the graph as <name>_data, <name>_data_1, ... (optimum, transformers.js).
  const sidecars = readdirSync(join(graph, '..'))
    .filter((f) => f.startsWith(`${found.split('/').pop()}_data`))
    .map((f) => join(graph, '..', f));
  // The chat template decides the input as much as the tokenizer does.
  const templates = [
    join(dir, 'chat_template.jinja'),
    ...(existsSync(join(dir, 'additional_chat_templates'))
      ? readdirSync(join(dir, 'additional_chat_templates'))
          .sort()
          .map((f) => join(dir, 'additional_chat_templates', f))
      : []),
  ].filter((f) => existsSync(f));
  return { dir, config, tokenizerConfig, graph, files: [configFile, tokenizerFile, tokenizerConfigFile, ...templates, graph, ...sidecars.sort()] };
}

/**
 * Tokens kept per input, as transformers' tokenizer would keep them: `?maxLength=`, else
 * `model_max_length` (unless it is the "no limit" sentinel, 1e30), else the position table, else 512;
 * never more than `max_position_embeddings`. The `hf:` worker applies the same rule in Python.
 */
export function maxLengthOf(
  config: Record<string, unknown>,
  tokenizerConfig: Record<string, unknown>,
  asked: number | undefined,
): { maxLength: number; positions: number } {
  const positions = typeof config.max_position_embeddings === 'number' ? config.max_position_embeddings : Infinity;
  const declared = Number(tokenizerConfig.model_max_length);
  const fallback = Number.isFinite(declared) && declared > 0 && declared < 1e7 ? declared : Number.isFinite(positions) ? positions : 512;
  return { maxLength: Math.min(asked ?? fallback, positions), positions };
}

/** Files above this are fingerprinted by sampling, not read whole: hashing a 16 GB model each run would dominate it. */
const FULL_HASH_LIMIT = 512 * 2 ** 20;
const SAMPLE = 2 ** 20;
const SAMPLES = 64;

/**
 * A digest of the files' bytes: whole files up to 512 MiB; above that, the size and 64 evenly
 * spaced 1 MiB samples (first and last included), which any re-export or re-quantization changes.
 */
export async function fingerprintFiles(files: readonly string[]): Promise<string> {
  const h = createHash('sha256');
  for (const f of files) {
    const size = statSync(f).size;
    h.update(`${f.split(/[/\\]/).slice(-2).join('/')}\0${size}\0`);
    if (size <= FULL_HASH_LIMIT) {
      for await (const chunk of createReadStream(f)) h.update(chunk as Buffer);
      continue;
    }
    const fd = await open(f, 'r');
    try {
      const buf = Buffer.alloc(SAMPLE);
      for (let k = 0; k < SAMPLES; k++) {
        const at = Math.floor(((size - SAMPLE) * k) / (SAMPLES - 1));
        const { bytesRead } = await fd.read(buf, 0, SAMPLE, at);
        h.update(buf.subarray(0, bytesRead));
      }
    } finally {
      await fd.close();
    }
  }
  return `sha256:${h.digest('hex')}`;
}
