import { UsageError } from '../core/errors.js';
import type { ProgressMode } from '../core/progress.js';
import { hubCacheDir, repoCache, type RepoCache } from './cache.js';
import { hubClient, type HubClient } from './client.js';
import { downloadProgress } from './progress.js';
import { selectDataFiles } from './select.js';
import { parseHubUri, pinnedUri, type HubUri } from './uri.js';

/**
 * `hf://datasets/...` → local files in the Hub cache, downloading only what is missing. A commit
 * is immutable, so with a commit (given, or a branch resolved once per run) whatever the cache
 * holds for it is used as is: a second run asks the Hub at most which commit `main` is now, and
 * nothing at all with `@<commit>` or offline.
 */

export interface HubData {
  /** Local files (snapshot paths in the cache), in shard order. */
  files: string[];
  /** Their paths in the repo, same order. */
  repoPaths: string[];
  commit: string;
  /** The URI as given. */
  uri: string;
  /** The same data pinned to the commit: reading it again gives the same bytes. */
  pinned: string;
}

export interface HubOptions {
  env: NodeJS.ProcessEnv;
  stderr?: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  progress?: ProgressMode;
  /** Shared by the URIs of one run, so a branch resolves to one commit for all of them. */
  session?: HubSession;
}

export interface HubSession {
  commits: Map<string, Promise<string>>;
  clients: Map<string, HubClient>;
}

export const newHubSession = (): HubSession => ({ commits: new Map(), clients: new Map() });

const COMMIT = /^[0-9a-f]{40}$/;

/** huggingface_hub's reading of HF_HUB_OFFLINE. */
export const isOffline = (env: NodeJS.ProcessEnv): boolean => ['1', 'on', 'yes', 'true'].includes((env.HF_HUB_OFFLINE ?? '').trim().toLowerCase());

export const hubEndpoint = (env: NodeJS.ProcessEnv): string => (env.HF_ENDPOINT?.trim() || 'https://huggingface.co').replace(/\/+$/, '');

function tokenOf(env: NodeJS.ProcessEnv): string | undefined {
  const t = (env.HF_TOKEN ?? env.HUGGING_FACE_HUB_TOKEN)?.trim();
  return t ? t : undefined;
}

function notCached(u: HubUri, cache: RepoCache, what: string): UsageError {
  return new UsageError(`${u.text}: HF_HUB_OFFLINE is set and ${what} is not in the Hub cache (${cache.dir}); run once online first, or unset HF_HUB_OFFLINE`);
}

async function commitOf(u: HubUri, revision: string, cache: RepoCache, client: () => HubClient, o: HubOptions, session: HubSession): Promise<string> {
  if (COMMIT.test(revision)) return revision;
  if (isOffline(o.env)) {
    const cached = await cache.readRef(revision);
    if (!cached) throw notCached(u, cache, `revision "${revision}" of ${u.repo}`);
    return cached;
  }
  const key = `${hubEndpoint(o.env)} ${u.repo} ${revision}`;
  let p = session.commits.get(key);
  if (!p) {
    p = client()
      .resolveRevision(u.repo, revision)
      .then(async (commit) => {
        await cache.writeRef(revision, commit);
        return commit;
      });
    session.commits.set(key, p);
  }
  return p;
}

async function treeOf(u: HubUri, commit: string, cache: RepoCache, client: () => HubClient, offline: boolean): Promise<string[]> {
  const saved = await cache.readTree(commit);
  if (saved) return saved;
  if (offline) {
    // A snapshot fetched by another tool has no listing of ours: what it holds is all we know.
    const present = await cache.snapshotFiles(commit);
    if (!present) throw notCached(u, cache, `commit ${commit} of ${u.repo}`);
    return present;
  }
  const files = await client().listFiles(u.repo, commit);
  await cache.writeTree(commit, files);
  return files;
}

export async function fetchHubData(text: string, o: HubOptions): Promise<HubData> {
  const u = parseHubUri(text);
  const session = o.session ?? newHubSession();
  const endpoint = hubEndpoint(o.env);
  const offline = isOffline(o.env);
  const cache = repoCache(hubCacheDir(o.env), u.repo);
  const client = (): HubClient => {
    if (offline) throw new Error('internal: network use while HF_HUB_OFFLINE is set');
    let c = session.clients.get(endpoint);
    if (!c) session.clients.set(endpoint, (c = hubClient(endpoint, tokenOf(o.env))));
    return c;
  };
  const revision = u.revision ?? 'main';
  if (revision.split('/').some((s) => s === '' || s === '.' || s === '..') || revision.includes('\\')) {
    throw new UsageError(`${text}: "${revision}" is not a revision name`);
  }
  const commit = await commitOf(u, revision, cache, client, o, session);
  const what = `${u.text} (${u.repo} at ${commit.slice(0, 12)})`;
  // A file already in the snapshot needs no listing: the common second run makes no request.
  const repoPaths =
    u.path !== '' && (await cache.has(commit, u.path)) ? [u.path] : selectDataFiles(await treeOf(u, commit, cache, client, offline), u.path, what);
  const files: string[] = [];
  for (const path of repoPaths) {
    if (await cache.has(commit, path)) {
      files.push(cache.snapshotPath(commit, path));
      continue;
    }
    if (offline) throw notCached(u, cache, `file ${path} at commit ${commit}`);
    const opened = await client().open(u.repo, commit, path);
    if (!opened) throw new UsageError(`${what}: file "${path}" is listed in the repo but the Hub has no such file`);
    const shown = `${u.repo}@${commit.slice(0, 7)}/${path}`;
    const bar = downloadProgress(o.stderr ?? process.stderr, o.stderr ? (o.progress ?? 'off') : 'off', shown, opened.size);
    try {
      files.push(await cache.store(commit, path, opened.etag, opened.body, (n) => bar.bytes(n)));
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw new UsageError(`${what}: downloading ${path} failed: ${why.replace(/\. URL: .*$/, '')}`, { cause: err });
    }
    bar.done();
  }
  return { files, repoPaths, commit, uri: text, pinned: pinnedUri(u, commit) };
}
