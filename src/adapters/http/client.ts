import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';
import { ModelError, UsageError } from '../../core/errors.js';
import { addSecret, redact } from '../../core/safe-text.js';
import { readLimited, ResponseTooLarge, responseLimit } from './body.js';

/**
 * One client for every served adapter: a connection pool per endpoint, a bound on requests in
 * flight per endpoint, least-outstanding-requests dispatch across replicas, and retries with
 * exponential backoff and full jitter on 429, 5xx, resets and timeouts (Retry-After honoured).
 * Everything else (4xx) is the caller's to handle (TEI's 413 is split by the adapter) or fatal.
 * Each attempt is bounded in time and size; a URL's `user:password@` is sent as Basic auth, and
 * the credentials and any key in the headers are kept out of every message (core/safe-text.ts).
 */
export interface ClientOptions {
  /** Attempts per request, the first included. */
  retries: number;
  /** Per attempt, from sending the request to the body's last byte. */
  timeoutMs: number;
  /** The longest silence while a response is awaited or read (a stalled body); at most timeoutMs. */
  idleTimeoutMs: number;
  /** Largest response body accepted; undefined: `responseLimit(items)` for a request of `items` inputs. */
  maxResponseBytes?: number | undefined;
  /** Requests in flight per endpoint (also its connection count). */
  inFlight: number;
  backoffMs: number;
  maxBackoffMs: number;
  /** Consecutive failures that take an endpoint out of rotation. */
  failThreshold: number;
  /** How long an endpoint stays out before it is tried again (doubles while it keeps failing). */
  cooldownMs: number;
  /** Extra request headers (e.g. Authorization), sent with every request; never logged. */
  headers?: Record<string, string>;
}

export const defaultClientOptions: ClientOptions = {
  retries: 6,
  timeoutMs: 120_000,
  idleTimeoutMs: 30_000,
  inFlight: 16,
  backoffMs: 200,
  maxBackoffMs: 30_000,
  failThreshold: 3,
  cooldownMs: 5_000,
};

/** A response the server gave with a status the caller may act on (e.g. 413: split the batch). `body` is redacted. */
export class HttpStatusError extends Error {
  constructor(
    readonly endpoint: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(redact(`${endpoint} answered ${status}: ${body.slice(0, 300)}`));
  }
}

/** An attempt that ran out of time (as a whole, or silent too long): retried like a reset. */
class AttemptTimeout extends Error {}

class Endpoint {
  outstanding = 0;
  failures = 0;
  downUntil = 0;
  downs = 0;
  readonly pool: Pool;
  /** The URL without its credentials: what every message names. */
  readonly url: string;
  /** `user:password@` of the URL, sent as HTTP Basic auth (undici ignores a URL's userinfo). */
  readonly authorization: string | undefined;
  constructor(given: string, o: ClientOptions) {
    const u = new URL(given);
    this.url = u.origin;
    if (u.username !== '' || u.password !== '') {
      if (o.headers?.authorization !== undefined)
        throw new UsageError(`${redact(given)}: credentials in the URL and an API key both set Authorization; give one`);
      const user = decodeURIComponent(u.username);
      const password = decodeURIComponent(u.password);
      const basic = Buffer.from(`${user}:${password}`).toString('base64');
      this.authorization = `Basic ${basic}`;
      // A user name alone is usually a token; with a password, the password is the secret.
      for (const s of password === '' ? [user, u.username] : [password, u.password]) addSecret(s);
      addSecret(basic);
    }
    this.pool = new Pool(this.url, { connections: o.inFlight, pipelining: 1, keepAliveTimeout: 30_000 });
  }
}

const retryableStatus = (s: number): boolean => s === 429 || s === 408 || s >= 500;

/** Retry-After in milliseconds: delta-seconds or an HTTP date. */
function retryAfterMs(h: string | string[] | undefined): number | undefined {
  const v = Array.isArray(h) ? h[0] : h;
  if (v === undefined) return undefined;
  const s = Number(v);
  if (Number.isFinite(s)) return Math.max(0, s * 1000);
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : Math.max(0, t - Date.now());
}

export interface Reply {
  status: number;
  json: unknown;
  endpoint: string;
}

export class ServedClient {
  private readonly endpoints: Endpoint[];
  private readonly waiters: (() => void)[] = [];
  /** Totals for the bench and for tests: attempts made, retries among them. */
  readonly stats = { attempts: 0, retries: 0 };

  constructor(
    urls: readonly string[],
    readonly o: ClientOptions,
  ) {
    // Headers are credentials (openai-judge's key); a server echoing one must not get it printed.
    for (const v of Object.values(o.headers ?? {})) addSecret(v.replace(/^(Bearer|Basic)\s+/i, ''));
    this.endpoints = urls.map((u) => new Endpoint(u, o));
  }

  get urls(): string[] {
    return this.endpoints.map((e) => e.url);
  }

  /**
   * The endpoint with the fewest requests outstanding among those in rotation and below their
   * bound; if every endpoint is out, the one due back soonest (so a recovered server is found).
   */
  private pick(avoid?: Endpoint): Endpoint | undefined {
    const now = Date.now();
    const free = this.endpoints.filter((e) => e.outstanding < this.o.inFlight);
    const up = free.filter((e) => e.downUntil <= now);
    const pool = up.length > 0 ? up : this.endpoints.every((e) => e.downUntil > now) ? free : [];
    const preferred = pool.length > 1 && avoid ? pool.filter((e) => e !== avoid) : pool;
    let best: Endpoint | undefined;
    for (const e of preferred) if (!best || e.outstanding < best.outstanding || (e.outstanding === best.outstanding && e.downUntil < best.downUntil)) best = e;
    return best;
  }

  private async acquire(avoid?: Endpoint): Promise<Endpoint> {
    for (;;) {
      const e = this.pick(avoid);
      if (e) {
        e.outstanding++;
        return e;
      }
      // Either all are busy (wait for a release) or some are busy and the rest out (same).
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  private release(e: Endpoint, ok: boolean): void {
    e.outstanding--;
    if (ok) {
      e.failures = 0;
      e.downs = 0;
      e.downUntil = 0;
    } else if (++e.failures >= this.o.failThreshold) {
      e.downUntil = Date.now() + Math.min(this.o.cooldownMs * 2 ** e.downs++, 10 * 60_000);
      e.failures = 0;
    }
    this.waiters.shift()?.();
  }

  /**
   * One attempt, bounded in time as a whole (timeoutMs: a trickling body is cut off too) and in
   * silence (idleTimeoutMs, undici's headers and body timeouts), and in size (readLimited).
   */
  private async once(
    e: Endpoint,
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    items: number,
  ): Promise<{ status: number; text: string; retryAfter?: number }> {
    const { timeoutMs } = this.o;
    const idle = Math.min(this.o.idleTimeoutMs, timeoutMs);
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(new AttemptTimeout(`no complete answer within ${timeoutMs} ms (timeoutMs)`)), timeoutMs);
    try {
      const r = await e.pool.request({
        path,
        method,
        headers: {
          ...this.o.headers,
          ...(e.authorization !== undefined && { authorization: e.authorization }),
          ...(body !== undefined && { 'content-type': 'application/json' }),
        },
        ...(body !== undefined && { body: JSON.stringify(body) }),
        signal: abort.signal,
        headersTimeout: timeoutMs,
        bodyTimeout: idle,
      });
      const text = await readLimited(r, this.o.maxResponseBytes ?? responseLimit(items), `${e.url}${path}`);
      const ra = retryAfterMs(r.headers['retry-after']);
      return { status: r.statusCode, text, ...(ra !== undefined && { retryAfter: ra }) };
    } catch (err) {
      if (abort.signal.aborted) throw abort.signal.reason;
      if ((err as { code?: string }).code === 'UND_ERR_BODY_TIMEOUT') throw new AttemptTimeout(`the response stalled for ${idle} ms (idleTimeoutMs)`);
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Send until a 2xx arrives (parsed JSON returned) or the attempts run out (ModelError naming the
   * endpoint and the last status and body). A non-retryable status throws HttpStatusError at once.
   */
  async send(method: 'GET' | 'POST', path: string, body?: unknown, o: { retries?: number; items?: number } = {}): Promise<Reply> {
    const attempts = o.retries ?? this.o.retries;
    let last = '';
    let avoid: Endpoint | undefined;
    for (let attempt = 1; ; attempt++) {
      const e = await this.acquire(avoid);
      this.stats.attempts++;
      if (attempt > 1) this.stats.retries++;
      let wait: number | undefined;
      try {
        const r = await this.once(e, method, path, body, o.items ?? 1);
        if (r.status >= 200 && r.status < 300) {
          this.release(e, true);
          let json: unknown;
          try {
            json = r.text === '' ? null : JSON.parse(r.text);
          } catch {
            throw new ModelError(`${e.url}${path} answered ${r.status} with a body that is not JSON: ${r.text.slice(0, 200)}`);
          }
          return { status: r.status, json, endpoint: e.url };
        }
        if (!retryableStatus(r.status)) {
          this.release(e, true);
          throw new HttpStatusError(`${e.url}${path}`, r.status, redact(r.text));
        }
        this.release(e, false);
        last = `HTTP ${r.status}: ${r.text.slice(0, 300)}`;
        wait = r.retryAfter;
      } catch (err) {
        if (err instanceof HttpStatusError || (err instanceof ModelError && !(err instanceof ResponseTooLarge))) throw err;
        // Too large: the server's answer, not its health; nothing to retry either.
        this.release(e, err instanceof ResponseTooLarge);
        if (err instanceof ResponseTooLarge) throw err;
        const code = err instanceof AttemptTimeout ? 'timeout' : (err as { code?: string }).code;
        last = `${code ?? 'error'}: ${err instanceof Error ? err.message : String(err)}`;
      }
      if (attempt >= attempts) {
        throw new ModelError(
          `${e.url}${path} failed after ${attempt} attempt${attempt === 1 ? '' : 's'} (${this.endpoints.length} endpoint${this.endpoints.length === 1 ? '' : 's'}); last: ${last}`,
        );
      }
      avoid = e;
      const cap = Math.min(this.o.maxBackoffMs, this.o.backoffMs * 2 ** (attempt - 1));
      await sleep(Math.max(wait ?? 0, Math.random() * cap));
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.endpoints.map((e) => e.pool.close().catch(() => undefined)));
  }
}
