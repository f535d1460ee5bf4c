import { fingerprintOf } from '../../core/canonical.js';
import { opt, type ParsedOptions } from '../../core/define-adapter.js';
import { decimalNumber } from '../../core/numbers.js';
import { ModelError, UsageError } from '../../core/errors.js';
import type { AdapterContext, ModelSpec, RawScore, RewardModel, ScoreRequest } from '../../core/types.js';
import { defaultClientOptions, ServedClient, type ClientOptions } from './client.js';
import { makeRenderer, type Renderer } from './render.js';

/** The shared client's options, with their real defaults (also taken by openai-judge). */
export const clientOptionDefs = {
  retries: opt.int({
    min: 1,
    default: defaultClientOptions.retries,
    description: `attempts per request, the first included (default ${defaultClientOptions.retries})`,
  }),
  timeoutMs: opt.int({
    min: 1,
    default: defaultClientOptions.timeoutMs,
    description: `time limit of one attempt, from sending the request to the last byte of the answer (default ${defaultClientOptions.timeoutMs})`,
  }),
  idleTimeoutMs: opt.int({
    min: 1,
    default: defaultClientOptions.idleTimeoutMs,
    description: `longest silence once an answer has started, e.g. a stalled body (default ${defaultClientOptions.idleTimeoutMs}, at most timeoutMs)`,
  }),
  maxResponseMB: opt.custom({
    kind: 'number > 0',
    description: 'largest answer accepted, in MB (default 8 + 1 per input in the request); reading stops past it and the model fails (exit 3)',
    parse(text, name) {
      const n = decimalNumber(text);
      if (n === undefined || n <= 0) throw new UsageError(`${name} must be a number of megabytes > 0, got "${text}"`);
      return n;
    },
  }),
  inFlight: opt.int({
    min: 1,
    default: defaultClientOptions.inFlight,
    description: `requests in flight per endpoint (default ${defaultClientOptions.inFlight})`,
  }),
  backoffMs: opt.int({
    min: 0,
    default: defaultClientOptions.backoffMs,
    description: `first retry's backoff ceiling; doubles per attempt, full jitter (default ${defaultClientOptions.backoffMs})`,
  }),
  cooldownMs: opt.int({
    min: 0,
    default: defaultClientOptions.cooldownMs,
    description: `how long a failing endpoint is taken out of rotation (default ${defaultClientOptions.cooldownMs})`,
  }),
};

/** Options every served adapter takes. */
export const servedOptionDefs = {
  model: opt.string({ description: 'the served model name (default: asked from the server)' }),
  tokenizer: opt.string({ description: 'a local tokenizer folder (tokenizer.json, tokenizer_config.json): chat template applied and checked client-side' }),
  template: opt.template({ description: 'a Jinja chat template (or a file holding one), when no tokenizer folder is given' }),
  bosToken: opt.string({ description: 'with template=: the text {{ bos_token }} renders to (default empty: the server adds its own)' }),
  maxLength: opt.int({ min: 2, description: 'with tokenizer=: tokens kept per input (default: model_max_length)' }),
  ...clientOptionDefs,
};

export type ServedOptions = ParsedOptions<typeof servedOptionDefs>;

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

export function clientOptions(o: ParsedOptions<typeof clientOptionDefs>): ClientOptions {
  const { retries, timeoutMs, idleTimeoutMs, maxResponseMB, inFlight, backoffMs, cooldownMs } = o;
  // A size in MB (fractions allowed) as whole bytes, at least one.
  const maxResponseBytes = maxResponseMB === undefined ? undefined : Math.max(1, Math.floor(maxResponseMB * 1024 * 1024));
  return { ...defaultClientOptions, retries, timeoutMs, idleTimeoutMs, maxResponseBytes, inFlight, backoffMs, cooldownMs };
}

export async function createServed(spec: ModelSpec, opts: ServedOptions, ctx: AdapterContext, p: Protocol): Promise<RewardModel> {
  const urls = parseEndpoints(spec);
  const client = new ServedClient(urls, clientOptions(opts));
  const renderer = await makeRenderer(spec, opts, ctx.cwd, { needIds: p.needIds, serverAddsSpecial: p.serverAddsSpecial });
  let name = opts.model;
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
