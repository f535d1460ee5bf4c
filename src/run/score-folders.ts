import { readdir, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { UsageError } from '../core/errors.js';
import type { ModelSpec } from '../core/types.js';

/**
 * A `scores:` target that names a folder is one model per scores file in it, so a published
 * results dataset becomes a whole leaderboard in one run: a local folder (for example a Hub
 * cache snapshot of allenai/reward-bench-2-results), or `hf://datasets/OWNER/NAME/FOLDER`, whose
 * files are fetched into the Hub cache. Each model's id is its file's path below the folder
 * without the extension: `eval-set-scores/Skywork/Skywork-Reward-V2.json` under
 * `eval-set-scores` is `Skywork/Skywork-Reward-V2`, reward-bench's own model name.
 */

const SCORES_FILE = /\.(json|jsonl|ndjson)$/i;
const stripExt = (p: string): string => p.replace(SCORES_FILE, '');

async function filesBelow(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    if (e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    // Hub cache snapshots hold symlinks to blobs: follow them.
    const isDir = e.isDirectory() || (e.isSymbolicLink() && (await stat(p).catch(() => undefined))?.isDirectory() === true);
    if (isDir) out.push(...(await filesBelow(p)));
    else if (SCORES_FILE.test(e.name)) out.push(p);
  }
  return out.sort();
}

const query = (options: Record<string, string>): string => {
  const q = Object.entries(options)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
  return q ? `?${q}` : '';
};

async function expandOne(spec: ModelSpec, cwd: string, env: NodeJS.ProcessEnv): Promise<ModelSpec[]> {
  if (spec.adapter !== 'scores' || spec.target === '' || SCORES_FILE.test(spec.target)) return [spec];
  let found: { target: string; id: string }[];
  if (spec.target.startsWith('hf://')) {
    const { fetchHubData } = await import('../hub/resolve.js');
    const { parseHubUri, pinnedUri } = await import('../hub/uri.js');
    const hub = await fetchHubData(spec.target, { env });
    if (hub.files.length < 2) return [spec];
    const u = parseHubUri(spec.target);
    const under = u.path === '' ? '' : `${u.path}/`;
    found = hub.repoPaths.map((p) => ({
      target: pinnedUri({ ...u, path: p }, hub.commit),
      id: stripExt(p.startsWith(under) ? p.slice(under.length) : p),
    }));
  } else {
    const dir = resolve(spec.baseDir ?? cwd, spec.target);
    if (!(await stat(dir).catch(() => undefined))?.isDirectory()) return [spec];
    const files = await filesBelow(dir);
    if (files.length === 0) throw new UsageError(`model "${spec.source}": the folder ${dir} holds no .json or .jsonl scores files`);
    found = files.map((f) => ({ target: f, id: stripExt(relative(dir, f).split(sep).join('/')) }));
  }
  if (spec.id !== undefined)
    throw new UsageError(`model "${spec.source}": ?id= cannot name the ${found.length} models of a folder; each is named by its file's path`);
  return found.map(({ target, id }) => ({ ...spec, target, id, source: `scores:${target}${query(spec.options)}` }));
}

export async function expandScoreFolders(models: readonly ModelSpec[], cwd: string, env: NodeJS.ProcessEnv): Promise<ModelSpec[]> {
  const out: ModelSpec[] = [];
  for (const m of models) out.push(...(await expandOne(m, cwd, env)));
  return out;
}
