import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { UsageError } from '../../core/errors.js';
import { hubCacheDir, repoCache } from '../../hub/cache.js';

/**
 * Where an `hf:` checkpoint's files are: a local folder, or a Hub id (`org/name[@revision]`)
 * found in the Hub's cache (huggingface_hub's layout, so a model Python already downloaded is
 * used as is, offline). A Hub id not in the cache is downloaded by the worker.
 */

export type Checkpoint =
  | { kind: 'local'; dir: string }
  | { kind: 'hub'; repo: string; revision: string; dir: string; commit: string }
  | { kind: 'download'; repo: string; revision: string };

const HUB_ID = /^([\w.-]+\/[\w.-]+)(?:@([\w./-]+))?$/;
const SHA = /^[0-9a-f]{40}$/;

export async function locateCheckpoint(target: string, cwd: string, env: NodeJS.ProcessEnv): Promise<Checkpoint> {
  const local = resolve(cwd, target);
  if (existsSync(local)) {
    if (!statSync(local).isDirectory())
      throw new UsageError(`${local} is a file; hf: takes a checkpoint folder (config.json, weights, tokenizer files) or a Hub id`);
    if (!existsSync(join(local, 'config.json')))
      throw new UsageError(`${local}/config.json is missing: an hf: folder is what save_pretrained writes (config.json, model.safetensors, tokenizer files)`);
    return { kind: 'local', dir: local };
  }
  const m = HUB_ID.exec(target);
  if (!m || target.startsWith('.')) throw new UsageError(`hf:${target}: no folder ${local}, and not a Hub id (org/name[@revision])`);
  const repo = m[1]!;
  const revision = m[2] ?? 'main';
  const cache = repoCache(hubCacheDir(env), repo, 'models');
  const commit = SHA.test(revision) ? revision : await cache.readRef(revision);
  if (commit && existsSync(cache.snapshotPath(commit, 'config.json'))) return { kind: 'hub', repo, revision, dir: cache.snapshotPath(commit, ''), commit };
  if (env.HF_HUB_OFFLINE === '1' || env.HF_HUB_OFFLINE === 'true') {
    throw new UsageError(
      `hf:${target}: HF_HUB_OFFLINE is set and ${repo}@${revision} is not in the Hub cache (${cache.dir}); download it first, or unset HF_HUB_OFFLINE`,
    );
  }
  return { kind: 'download', repo, revision };
}

/** Files under `dir` whose bytes decide the scores: weights, config, tokenizer, template, remote code; not ONNX exports or docs. */
export function checkpointFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name.startsWith('.')) continue;
      const p = join(d, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'onnx') walk(p);
      } else if (!/\.(onnx|onnx_data|md|png|jpg)$/.test(e.name) && !e.name.includes('.onnx_data') && statSync(p).isFile()) {
        out.push(p);
      }
    }
  };
  walk(dir);
  return out.sort((a, b) => relative(dir, a).localeCompare(relative(dir, b)));
}
