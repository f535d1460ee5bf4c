import { fingerprintOf } from '../../core/canonical.js';
import { ModelError, UsageError } from '../../core/errors.js';
import type { AdapterContext, ModelSpec, RawScore, RewardModel, ScoreRequest } from '../../core/types.js';
import { defaultClientOptions, ServedClient, type ClientOptions } from './client.js';
import { makeRenderer, type Renderer } from './render.js';

/** Options every served adapter takes. */
export const servedOptions = {
  model: 'the served model name (default: asked from the server)',
  tokenizer: 'a local tokenizer folder (tokenizer.json, tokenizer_config.json): chat template applied and checked client-side',
  template: 'a Jinja chat template (or a file holding one), when no tokenizer folder is given',
  bosToken: 'with template=: the text {{ bos_token }} renders to (default empty: the server adds its own)',
  maxLength: 'with tokenizer=: tokens kept per input (default: model_max_length)',
  ...clientOptionDocs(),
};

/** The shared client's options, documented once with their real defaults (also taken by openai-judge). */
export function clientOptionDocs() {
  return {
    retries: `attempts per request, the first included (default ${defaultClientOptions.retries})`,
    timeoutMs: `time limit of one attempt, from sending the request to the last byte of the answer (default ${defaultClientOptions.timeoutMs})`,
    idleTimeoutMs: `longest silence once an answer has started, e.g. a stalled body (default ${defaultClientOptions.idleTimeoutMs}, at most timeoutMs)`,
    maxResponseMB: 'largest answer accepted, in MB (default 8 + 1 per input in the request); reading stops past it and the model fails (exit 3)',
    inFlight: `requests in flight per endpoint (default ${defaultClientOptions.inFlight})`,
    backoffMs: `first retry's backoff ceiling; doubles per attempt, full jitter (default ${defaultClientOptions.backoffMs})`,
    cooldownMs: `how long a failing endpoint is taken out of rotation (default ${defaultClientOptions.cooldownMs})`,
  };
}

/** What differs between vLLM, SGLang, TEI and KServe: the wire format. */
export interface Protocol {
  /** Paths that must answer 2xx before scoring (the model name is known by then). */
  readiness(model: string): string[];
  /** Ask the server which model it serves. */
  discover?(client: ServedClient): Promise<string>;
  /** Options that change outputs, for the fingerprint. */
  identity: Record<string, string | number | boolean | null>;
  needIds: boolean;
  serverAddsSpecial: boolean;
  score(client: ServedClient, model: string, batch: ScoreRequest[], render: Renderer): Promise<RawScore[]>;
}

export function intOpt(spec: ModelSpec, name: string, fallback: number, min = 1): number {
  const v = spec.options[name];
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`model "${spec.source}": ${name} must be an integer ≥ ${min}, got "${v}"`);
  return n;
}

/** A size in MB (fractions allowed) as bytes, or undefined when not given. */
function megabytesOpt(spec: ModelSpec, name: string): number | undefined {
  const v = spec.options[name];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n <= 0) throw new UsageError(`model "${spec.source}": ${name} must be a number of megabytes > 0, got "${v}"`);
  return Math.max(1, Math.floor(n * 1024 * 1024));
}

/** `http://a:8000,http://b:8000` → checked base URLs without trailing slashes. */
export function parseEndpoints(spec: ModelSpec): string[] {
  const urls = spec.target
    .split(',')
    .map((s) => s.trim().replace(/\/+$/, ''))
    .filter((s) => s !== '');
  if (urls.length === 0) throw new UsageError(`model "${spec.source}": no URL; expected e.g. "${spec.adapter}:http://localhost:8000"`);
  for (const u of urls) {
    let url: URL;
    try {
      url = new URL(u);
    } catch {
      throw new UsageError(`model "${spec.source}": "${u}" is not a URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`model "${spec.source}": "${u}" is not an http(s) URL`);
    if (url.pathname !== '/' && url.pathname !== '') throw new UsageError(`model "${spec.source}": give the server's base URL without a path, got "${u}"`);
  }
  return urls;
}

export function clientOptions(spec: ModelSpec): ClientOptions {
  const d = defaultClientOptions;
  return {
    ...d,
    retries: intOpt(spec, 'retries', d.retries),
    timeoutMs: intOpt(spec, 'timeoutMs', d.timeoutMs),
    idleTimeoutMs: intOpt(spec, 'idleTimeoutMs', d.idleTimeoutMs),
    maxResponseBytes: megabytesOpt(spec, 'maxResponseMB'),
    inFlight: intOpt(spec, 'inFlight', d.inFlight),
    backoffMs: intOpt(spec, 'backoffMs', d.backoffMs, 0),
    cooldownMs: intOpt(spec, 'cooldownMs', d.cooldownMs, 0),
  };
}

export async function createServed(spec: ModelSpec, ctx: AdapterContext, p: Protocol): Promise<RewardModel> {
  const urls = parseEndpoints(spec);
  const client = new ServedClient(urls, clientOptions(spec));
  const renderer = await makeRenderer(spec, ctx.cwd, { needIds: p.needIds, serverAddsSpecial: p.serverAddsSpecial });
  let name = spec.options.model;
  if (name === undefined) {
    if (!p.discover) throw new UsageError(`model "${spec.source}": give the served model's name with ?model=`);
    // The name is part of the fingerprint, so without ?model= the server must answer now.
    name = await p.discover(client);
  }
  const model = name;
  let ready: Promise<void> | undefined;
  const checkReady = async (): Promise<void> => {
    // Through the dispatcher: with replicas, one ready endpoint is enough (the others rejoin later).
    for (const path of p.readiness(model)) {
      try {
        await client.send('GET', path);
      } catch (err) {
        throw new ModelError(`model "${spec.source}" is not ready (GET ${path}): ${err instanceof Error ? err.message : String(err)}`, { cause: err });
      }
    }
  };
  return {
    id: spec.id ?? spec.adapter,
    spec: spec.source,
    // The served name and output-changing options, not the URLs: replicas and moved servers share cached scores.
    fingerprint: fingerprintOf(spec.adapter, model, p.identity, renderer.identity),
    batchSize: 32,
    warnings: renderer.warnings,
    async score(batch) {
      // Readiness is checked on the first batch, so a run answered from the cache needs no server.
      ready ??= checkReady();
      await ready;
      return p.score(client, model, batch, renderer);
    },
    ...(renderer.encoder && {
      inspect: async (batch: ScoreRequest[]) => {
        const enc = renderer.encoder!;
        return { maxLength: enc.settings.maxLength, expectedEnd: enc.expectedEndTokens(), facts: batch.map((r) => enc.encode(r).facts) };
      },
    }),
    dispose: () => client.close(),
  };
}

/** A shape check that fails with the endpoint and what came back, as a ModelError (exit 3). */
export function bad(what: string, got: unknown): ModelError {
  return new ModelError(`${what}; got ${JSON.stringify(got)?.slice(0, 300)}`);
}

/** `GET /v1/models` (OpenAI-style, vLLM and SGLang): the first model's id; replicas must agree. */
export async function discoverOpenAI(client: ServedClient): Promise<string> {
  const r = await client.send('GET', '/v1/models');
  const j = r.json as { data?: { id?: unknown }[] };
  const id = j?.data?.[0]?.id;
  if (typeof id !== 'string') throw bad(`${r.endpoint}/v1/models did not list a model`, r.json);
  return id;
}
