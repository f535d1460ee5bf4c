import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A loopback stand-in for the Hugging Face Hub, speaking the routes @huggingface/hub calls for a
 * dataset download, with the status codes, headers and JSON error bodies the real Hub sends:
 *
 *   GET /api/datasets/O/N/revision/REV?expand=…   {_id, id, sha, private, gated, …}
 *   GET /api/datasets/O/N/tree/REV[/PATH]?recursive=…  [{type, path, oid, size, lfs?}]
 *   GET /datasets/O/N/resolve/REV/PATH            bytes; Range → 206 + Content-Range; ETag,
 *                                                 X-Repo-Commit, X-Linked-ETag/-Size for LFS files
 *
 * Errors: 404 + X-Error-Code RevisionNotFound / EntryNotFound; a missing repo is 401 RepoNotFound
 * without a token and 404 with one (the Hub hides whether private repos exist); a gated repo is
 * 401 GatedRepo without a valid token. Every request is logged, so tests can count them.
 */

export interface FakeRepo {
  /** `owner/name`. */
  name: string;
  /** Commits, oldest first: sha → files (path → bytes). */
  commits: { sha: string; files: Record<string, Uint8Array | string> }[];
  /** Branch → commit; default `{main: <last commit>}`. */
  branches?: Record<string, string>;
  /** Only these bearer tokens get in. */
  gatedTokens?: string[];
}

export interface FakeHub {
  url: string;
  /** `METHOD path?query` of every request, and whether it carried an Authorization header. */
  requests: { line: string; auth: string | undefined }[];
  close(): Promise<void>;
}

const gitOid = (b: Buffer): string => createHash('sha1').update(`blob ${b.length}\0`).update(b).digest('hex');
const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
/** What the Hub stores with Git LFS (and now Xet): binary data formats. */
const isLfs = (path: string): boolean => /\.(parquet|arrow|bin)$/.test(path);

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'X-Request-Id': 'Root=fake',
    ...headers,
  });
  res.end(text);
}

function hubError(res: ServerResponse, status: number, code: string | undefined, message: string): void {
  sendJson(res, status, { error: message }, { ...(code && { 'X-Error-Code': code }), 'X-Error-Message': message });
}

export async function startFakeHub(repos: FakeRepo[]): Promise<FakeHub> {
  const requests: FakeHub['requests'] = [];
  const byName = new Map(repos.map((r) => [r.name, r]));
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://x');
    const auth = req.headers.authorization;
    requests.push({ line: `${req.method} ${url.pathname}${url.search}`, auth });
    const token = auth?.startsWith('Bearer ') ? auth.slice(7) : undefined;
    const m = /^\/(?:api\/)?datasets\/([^/]+)\/([^/]+)\/(revision|tree|resolve)\/([^/]+)(?:\/(.*))?$/.exec(url.pathname);
    if (!m) return hubError(res, 404, undefined, "Sorry, we can't find the page you are looking for.");
    const [, owner, name, route, rawRev, rest] = m;
    const api = url.pathname.startsWith('/api/');
    if ((route === 'resolve') === api) return hubError(res, 404, undefined, "Sorry, we can't find the page you are looking for.");
    const repo = byName.get(`${owner}/${name}`);
    if (!repo) {
      return token === undefined
        ? hubError(res, 401, 'RepoNotFound', 'Invalid username or password.')
        : hubError(res, 404, 'RepoNotFound', 'Repository not found');
    }
    if (repo.gatedTokens && !(token !== undefined && repo.gatedTokens.includes(token))) {
      return hubError(
        res,
        401,
        'GatedRepo',
        `Access to dataset ${repo.name} is restricted. You must have access to it and be authenticated to access it. Please log in.`,
      );
    }
    const rev = decodeURIComponent(rawRev!);
    const last = repo.commits[repo.commits.length - 1]!.sha;
    const branches = repo.branches ?? { main: last };
    const sha = branches[rev] ?? repo.commits.find((c) => c.sha === rev)?.sha;
    const commit = repo.commits.find((c) => c.sha === sha);
    if (!commit) return hubError(res, 404, 'RevisionNotFound', `Invalid rev id: ${rev}`);
    const files = Object.entries(commit.files).map(([path, v]) => ({ path, bytes: Buffer.from(v) }));

    if (route === 'revision') {
      return sendJson(res, 200, {
        _id: `fake-${repo.name}`,
        id: repo.name,
        sha: commit.sha,
        private: false,
        gated: repo.gatedTokens ? 'auto' : false,
        downloads: 0,
        likes: 0,
        lastModified: '2025-01-01T00:00:00.000Z',
      });
    }
    if (route === 'tree') {
      const prefix = rest ? `${rest.replace(/\/$/, '')}/` : '';
      const recursive = url.searchParams.get('recursive') === 'true';
      const under = files.filter((f) => f.path.startsWith(prefix));
      const dirs = new Set<string>();
      const entries: unknown[] = [];
      for (const f of under) {
        const rel = f.path.slice(prefix.length);
        const segs = rel.split('/');
        for (let i = 1; i < segs.length; i++) if (recursive || i === 1) dirs.add(prefix + segs.slice(0, i).join('/'));
        if (!recursive && segs.length > 1) continue;
        entries.push({
          type: 'file',
          oid: gitOid(f.bytes),
          size: f.bytes.length,
          path: f.path,
          ...(isLfs(f.path) && { lfs: { oid: sha256(f.bytes), size: f.bytes.length, pointerSize: 134 } }),
        });
      }
      for (const d of dirs) entries.push({ type: 'directory', oid: gitOid(Buffer.from(d)), size: 0, path: d });
      return sendJson(res, 200, entries);
    }
    // resolve
    const file = files.find((f) => f.path === rest);
    if (!file) return hubError(res, 404, 'EntryNotFound', `${rest} does not exist on "${rev}"`);
    const etag = isLfs(file.path) ? sha256(file.bytes) : gitOid(file.bytes);
    const headers: Record<string, string> = {
      'Content-Type': 'application/octet-stream',
      'Accept-Ranges': 'bytes',
      ETag: `"${etag}"`,
      'X-Repo-Commit': commit.sha,
      ...(isLfs(file.path) && { 'X-Linked-ETag': `"${etag}"`, 'X-Linked-Size': String(file.bytes.length) }),
    };
    const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    if (range && file.bytes.length > 0) {
      const start = Number(range[1]);
      const end = Math.min(range[2] ? Number(range[2]) : file.bytes.length - 1, file.bytes.length - 1);
      const part = file.bytes.subarray(start, end + 1);
      res.writeHead(206, { ...headers, 'Content-Range': `bytes ${start}-${end}/${file.bytes.length}`, 'Content-Length': part.length });
      return void res.end(req.method === 'HEAD' ? undefined : part);
    }
    res.writeHead(200, { ...headers, 'Content-Length': file.bytes.length });
    res.end(req.method === 'HEAD' ? undefined : file.bytes);
  };
  const server = createServer(handle);
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((ok) => {
        for (const s of sockets) s.destroy();
        server.close(() => ok());
      }),
  };
}
