/** The data that flows from suites to adapters and back. Suites never see adapters; adapters never see suites. */
import type { ModelRuntime } from './run-schema.js';
import type { TextEncoding } from './text-encoding.js';

/** Where a local model ran and how fast (run.json `models[].runtime`). */
export type { ModelRuntime };

export type Role = 'system' | 'user' | 'assistant';

export interface ChatMessage {
  role: Role;
  content: string;
}

/**
 * Extra context some reward models condition on. Plain-text fields only, so a request
 * can be rendered, hashed for the cache and sent over HTTP without loss.
 */
export interface RequestContext {
  /** Explicit grading rubric or principle (personalized rubric mode). */
  rubric?: string;
  /** A user's profile, already formatted as text. */
  profile?: string;
  /** A reference answer (for verifiers). */
  reference?: string;
  /** The response split into reasoning steps, for process reward models. */
  steps?: string[];
}

/**
 * Identity of a candidate inside a dataset. Adapters that score by lookup (`scores:FILE`)
 * match on it; adapters that read text ignore it.
 */
export interface CandidateKey {
  /** The item (prompt), e.g. the problem text, or the dataset's `id`. */
  item: string;
  /** The candidate within the item, e.g. `human_to_GPT-4` or `chosen`. */
  candidate: string;
}

/**
 * One response to be scored.
 *
 * @example A single-turn request
 * { messages: [{ role: 'user', content: 'What is 2+2?' }], response: '2+2 = 4.' }
 *
 * @example A process-reward request (steps joined with "\n" into `response`, as RewardMATH does)
 * { messages: [{ role: 'user', content: 'Solve x+1=3.' }],
 *   response: 'Subtract 1.\nx = 2.', context: { steps: ['Subtract 1.', 'x = 2.'] } }
 */
export interface ScoreRequest {
  /** The conversation up to (not including) the response. */
  messages: ChatMessage[];
  /** The candidate response. Empty only for datasets that carry no text (published results files). */
  response: string;
  context?: RequestContext;
  key?: CandidateKey;
}

/**
 * Two responses to the same conversation, for judges that compare.
 * The answer is P(a is preferred over b): 1, 0, or anything between (0.5 = tie).
 */
export interface PairRequest {
  messages: ChatMessage[];
  a: string;
  b: string;
  context?: RequestContext;
  key?: { item: string; a: string; b: string };
}

/** What a local model's tokenization checks record for one request. */
export interface TokenFacts {
  /** Tokens before truncation. */
  tokens: number;
  truncated: boolean;
  /** The sequence starts with the BOS token twice (a template that writes BOS, tokenized with special tokens on). */
  duplicatedBos: boolean;
  /** The end token the model's template (or tokenizer) puts after a response is missing; undefined when none is expected. */
  missingEnd: boolean | undefined;
  /** Truncation removed tokens of the response itself (not only of the conversation before it). */
  responseCut: boolean;
}

/** What a model returns for one request: a scalar reward, or one score per reasoning step. */
export type RawScore = number | number[];

/**
 * The adapter contract: a batch of requests in, one result per request out, same order.
 *
 * @example
 * const model = await createModel(parseModelSpec('heuristic:length'), ctx);
 * await model.score!([{ messages: [{ role: 'user', content: 'hi' }], response: 'héllo' }]);
 * // → [5]   (five Unicode code points)
 */
export interface RewardModel {
  /** Display id, unique within a run (e.g. `length`, `ArmoRM_reward`). */
  readonly id: string;
  /** The spec string it was made from, as the user wrote it. */
  readonly spec: string;
  /**
   * A digest of everything that determines its scores (weights, options that change
   * outputs, seed). The score cache is keyed by it; changing it invalidates the cache.
   */
  readonly fingerprint: string;
  /** Preferred requests per `score` call; the runner may send fewer. */
  readonly batchSize: number;
  /** True for trivial baselines (length, random, constant), so reports can mark them. */
  readonly baseline?: boolean;
  /**
   * True when its scores are probabilities of "correct" in [0, 1] (a rule verifier's 0/1), so a
   * fixed threshold such as 0.5 reads them; a reward model's raw score has no such scale.
   */
  readonly probabilities?: boolean;
  /** True when scores come from the request's `key`, not its text (so text-free datasets are fine). */
  readonly scoresByKey?: boolean;
  /** Things the user should know about the model's outputs (e.g. unparsed verdicts). */
  readonly warnings?: readonly string[];
  score?(batch: ScoreRequest[]): Promise<RawScore[]>;
  compare?(batch: PairRequest[]): Promise<number[]>;
  /** Local models: how each request tokenizes (no inference), for the run's tokenization checks. */
  inspect?(batch: ScoreRequest[]): Promise<{ maxLength: number; expectedEnd: string[]; facts: TokenFacts[] }>;
  /** Local models: the device used and throughput so far, for run.json. */
  runtime?(): ModelRuntime;
  /**
   * Why each request got its score, in a line (verifiers: the extracted answer, the normalised
   * forms and the rule that decided). Asked only for the report's drill-down items, so it may be slow.
   */
  explain?(batch: ScoreRequest[]): Promise<string[]>;
  /** Causal language models (a policy, a reference): token log-probabilities, for implicit rewards (`dpo:`). */
  readonly causal?: CausalLM;
  dispose?(): Promise<void>;
}

/**
 * A request as a causal LM reads it, token by token: the conversation with the response as the
 * assistant's turn, rendered and tokenized by one model (the policy) so that a second (the
 * reference) can be asked about exactly the same tokens.
 *
 * @example "<s>[U] hi [A] yes</s>" with the response "yes" → ids [1, 7, 9, 8, 12, 2], responseStart 4
 */
export interface LogprobRequest {
  ids: number[];
  /** Index of the first token whose log-probability counts (the response's first token). */
  responseStart: number;
  /** With `context.steps`: the exclusive end index in `ids` of each step's tokens, ascending. */
  stepEnds?: number[];
}

/** What implicit-reward adapters need from a causal LM; `hf:`, `ort:` and `openai-logprobs:` provide it. */
export interface CausalLM {
  /** A digest of the tokenizer (vocabulary and special tokens): a log-ratio of two models means something only when they agree. */
  readonly tokenizer: string;
  /** Renders each request with this model's chat template and tokenizes it, as RewardBench's DPO inference does. */
  encode(batch: ScoreRequest[]): Promise<LogprobRequest[]>;
  /** log p(ids[t] | ids[0..t−1]) for t = responseStart … ids.length − 1, one array per request, same order. */
  logprobs(batch: LogprobRequest[]): Promise<number[][]>;
}

/** A parsed model spec: `kind:target?opt=v&opt2=w`, or the same as a config object. */
export interface ModelSpec {
  adapter: string;
  target: string;
  options: Record<string, string>;
  /** Explicit display id; otherwise derived from the spec. */
  id?: string;
  /** The original text, for run.json. */
  source: string;
  /** Folder its relative paths are resolved against (a config file's folder); default: the working directory. */
  baseDir?: string;
}

/** What the caller of the model factory says about where and how models load. */
export interface ModelContext {
  /** Run seed, for adapters with randomness. */
  seed: number;
  /** Directory relative paths are resolved against. */
  cwd: string;
  /** `--device` (auto, cpu, cuda, webgpu): where local models run unless their spec says otherwise. */
  device?: string;
  /** `--encoding`: how a file the user gives an adapter (scores:) is decoded; default UTF-8. */
  encoding?: TextEncoding;
}

/** A model as the factory returns it: the adapter's model, with the options the factory handles for every adapter. */
export interface LoadedModel {
  model: RewardModel;
  spec: ModelSpec;
  /** Step aggregation chosen with `?aggregate=`, if any: an id of metrics/step-aggregation.ts, checked by the factory. */
  aggregate?: string;
  batchSize: number;
}

export interface AdapterContext extends ModelContext {
  /**
   * Load another model from its spec, as the factory loads any: composite adapters (ensemble,
   * hybrid) make their members with it, since the factory's registry imports them.
   */
  createMember(spec: ModelSpec): Promise<LoadedModel>;
}

/** What an option parser needs besides the text: the spec (for messages) and the working folder (for files). */
export interface OptionScope {
  spec: ModelSpec;
  cwd: string;
}

/** One `?key=value` option of an adapter, declared as data (builders: `opt` in core/define-adapter.ts). */
export interface OptionDef<T> {
  /** For `ls`, the README and help: what the option does, with its default in words. */
  description: string;
  /** Short form of the expected value for tables, e.g. `int ≥ 1`, `true|false`, `a|b|c`. */
  kind: string;
  /** Turns the text after `=` into the value, or throws a UsageError (prefix-free: the caller names the model). */
  parse(text: string, name: string, scope: OptionScope): T;
  /** The value when the option is absent; undefined means the adapter decides. */
  default?: T;
}

export type OptionDefs = Record<string, OptionDef<unknown>>;

/** Absent options with no default are undefined: adapters see exactly which options the user set. */
export type ParsedOptions<O extends OptionDefs> = {
  [K in keyof O]: O[K] extends OptionDef<infer T> ? (O[K] extends { default: T } ? T : T | undefined) : never;
};

/** An adapter: its id, its options as typed data, and `create`, which gets them parsed and checked. */
export interface AdapterDef<O extends OptionDefs = OptionDefs> {
  /** The spec prefix, e.g. `onnx` in `onnx:models/bow-clean`; kebab-case, equal to the file name for built-ins. */
  id: string;
  /** One line for `rewardgauge ls` and the README. */
  description: string;
  options: O;
  create(spec: ModelSpec, opts: ParsedOptions<O>, ctx: AdapterContext): Promise<RewardModel>;
}

/** What an adapter module exports (one module per adapter id, loaded lazily): `export default defineAdapter({...})`. */
export interface AdapterModule {
  default: AdapterDef;
}
