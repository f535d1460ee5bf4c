import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { UsageError } from '../core/errors.js';
import { addSecret, redact } from '../core/safe-text.js';

/**
 * The few Hub calls a dataset download needs, through the official client (@huggingface/hub,
 * imported only when an hf:// URI is used, so other commands start as fast as before):
 *
 *   datasetInfo     GET /api/datasets/<repo>/revision/<rev>?expand=sha   branch or tag → commit
 *   listFiles       GET /api/datasets/<repo>/tree/<commit>?recursive=true  the repo's files (Link: next pages)
 *   fileDownloadInfo GET /datasets/<repo>/resolve/<commit>/<path>, Range: bytes=0-0  size and ETag
 *   downloadFile    GET the same URL (or the CDN it redirects to) for the bytes
 *
 * The client's errors carry the status and the JSON body's `error` but not the X-Error-Code
 * header that tells "repo", "revision", "file" and "gated" apart, so the fetch handed to it keeps
 * that header per URL. Messages here never hold the token, nor a URL that could.
 */

export interface HubClient {
  endpoint: string;
  resolveRevision(repo: string, revision: string): Promise<string>;
  listFiles(repo: string, commit: string): Promise<string[]>;
  /** Size, ETag and a body stream for a file at a commit; undefined when the repo has no such file. */
  open(repo: string, commit: string, path: string): Promise<{ size: number; etag: string; body: WebReadableStream<Uint8Array> } | undefined>;
}

interface Failure {
  status: number;
  code: string | undefined;
  message: string | undefined;
}

/** The Hub's ETag header, as huggingface_hub stores it: without W/ and quotes. */
export const normalizeEtag = (etag: string): string => etag.replace(/^W\//, '').replace(/^"(.*)"$/, '$1');

export function hubClient(endpoint: string, token: string | undefined): HubClient {
  // A Hub or a mirror may echo the token in an error body; every message that quotes one is redacted.
  addSecret(token);
  const failures = new Map<string, Failure>();
  const tracked: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    if (!res.ok)
      failures.set(res.url, {
        status: res.status,
        code: res.headers.get('x-error-code') ?? undefined,
        message: res.headers.get('x-error-message') ?? undefined,
      });
    return res;
  };
  const common = { hubUrl: endpoint, fetch: tracked, ...(token !== undefined && { accessToken: token }) };
  const lib = import('@huggingface/hub');

  const explain = (err: unknown, repo: string, what: { revision?: string; path?: string }): Error => {
    const e = err as { statusCode?: number; url?: string; data?: { error?: unknown }; message?: string; cause?: { code?: string } };
    if (err instanceof TypeError && /access token/i.test(e.message ?? ''))
      return new UsageError('HF_TOKEN does not look like a Hub access token (they start with "hf_")');
    if (e.statusCode === undefined) {
      const why = e.cause?.code ?? e.message ?? String(err);
      return new UsageError(
        `cannot reach the Hub at ${endpoint} (${why}); check HF_ENDPOINT and the network, or set HF_HUB_OFFLINE=1 to use cached data only`,
        { cause: err },
      );
    }
    const f = (e.url !== undefined ? failures.get(e.url) : undefined) ?? { status: e.statusCode, code: undefined, message: undefined };
    const said = typeof e.data?.error === 'string' ? e.data.error : f.message;
    const server = said ? ` (the Hub says: ${redact(said).slice(0, 300)})` : '';
    const where = `dataset repo ${repo}`;
    if (f.code === 'GatedRepo' || ((f.status === 401 || f.status === 403) && f.code !== 'RepoNotFound')) {
      return new UsageError(
        token === undefined
          ? `${where} is gated or private: set HF_TOKEN to an access token of an account that has accepted its conditions on ${endpoint}/datasets/${repo}${server}`
          : `${where} is gated or private and the token in HF_TOKEN has no access to it: accept its conditions on ${endpoint}/datasets/${repo}, or use another token${server}`,
      );
    }
    if (f.code === 'RevisionNotFound') return new UsageError(`revision "${what.revision}" not found in ${where}${server}`);
    if (f.code === 'EntryNotFound') return new UsageError(`file "${what.path}" not found in ${where} at ${what.revision}${server}`);
    if (f.code === 'RepoNotFound' || f.status === 404) {
      return new UsageError(
        `${where} not found on ${endpoint}${what.revision !== undefined && f.code === undefined ? ` (or it has no revision "${what.revision}")` : ''}; if it is private, set HF_TOKEN${server}`,
      );
    }
    return new UsageError(`the Hub at ${endpoint} answered ${f.status} for ${where}${server}`);
  };

  return {
    endpoint,
    async resolveRevision(repo, revision) {
      const { datasetInfo } = await lib;
      try {
        const info = await datasetInfo({ ...common, name: repo, revision, additionalFields: ['sha'] });
        if (typeof info.sha !== 'string' || !/^[0-9a-f]{40}$/.test(info.sha))
          throw new UsageError(`the Hub at ${endpoint} gave no commit for revision "${revision}" of dataset repo ${repo}`);
        return info.sha;
      } catch (err) {
        throw err instanceof UsageError ? err : explain(err, repo, { revision });
      }
    },
    async listFiles(repo, commit) {
      const { listFiles } = await lib;
      const files: string[] = [];
      try {
        for await (const entry of listFiles({ ...common, repo: { type: 'dataset', name: repo }, revision: commit, recursive: true })) {
          if (entry.type === 'file') files.push(entry.path);
        }
      } catch (err) {
        throw explain(err, repo, { revision: commit });
      }
      return files.sort();
    },
    async open(repo, commit, path) {
      const { downloadFile, fileDownloadInfo } = await lib;
      const params = { ...common, repo: { type: 'dataset' as const, name: repo }, revision: commit, path };
      try {
        const info = await fileDownloadInfo(params);
        if (!info) return undefined;
        const blob = await downloadFile({ ...params, downloadInfo: info });
        if (!blob) return undefined;
        return { size: info.size, etag: normalizeEtag(info.etag), body: blob.stream() as unknown as WebReadableStream<Uint8Array> };
      } catch (err) {
        throw explain(err, repo, { revision: commit, path });
      }
    },
  };
}
