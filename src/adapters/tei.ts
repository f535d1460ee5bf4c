import { defineAdapter, opt } from '../core/define-adapter.js';
import { ModelError } from '../core/errors.js';
import type { RawScore, ScoreRequest } from '../core/types.js';
import { HttpStatusError, type ServedClient } from './http/client.js';
import type { Renderer } from './http/render.js';
import { bad, createServed, servedOptionDefs } from './http/served.js';

type Prediction = { score?: unknown; label?: unknown }[];

function explain(err: HttpStatusError): string {
  try {
    const j = JSON.parse(err.body) as { error?: string; error_type?: string };
    if (typeof j.error === 'string') return `${j.error_type ?? 'error'}: ${j.error}`;
  } catch {
    /* not JSON: show it raw */
  }
  return err.body.slice(0, 300);
}

/**
 * Hugging Face text-embeddings-inference serving a sequence classifier. `/predict` with
 * `raw_scores: true` returns logits, not the softmax (which is 1.0 for a one-logit reward head).
 * 413 means the batch exceeds `--max-client-batch-size`: halve it and retry; 429 (queue full)
 * is retried by the client with backoff; 422 (bad input, e.g. too long without truncate) and
 * 424 (the model failed) are fatal, with TEI's `{"error", "error_type"}` in the message.
 */
export default defineAdapter({
  id: 'tei',
  description: 'sequence-classification reward model served by text-embeddings-inference (POST /predict); several URLs comma-separated are replicas',
  options: {
    ...servedOptionDefs,
    label: opt.string({ description: 'the label whose score is the reward, e.g. LABEL_0 (default: the only one)' }),
    truncate: opt.bool({
      default: false,
      description: 'true or false: let the server truncate inputs longer than its limit (default false: a too-long input fails)',
    }),
  },
  async create(spec, opts, ctx) {
    const { truncate } = opts;
    const label = opts.label ?? null;
    const pick = (p: Prediction, where: string): RawScore => {
      if (!Array.isArray(p)) throw bad(`${where}: a prediction is not a list of {score, label}`, p);
      const hit = label === null ? (p.length === 1 ? p[0] : undefined) : p.find((x) => x.label === label);
      if (!hit) throw bad(`${where}: ${label === null ? `${p.length} labels came back; choose one with ?label=` : `no label "${label}"`}`, p);
      return typeof hit.score === 'number' ? hit.score : NaN;
    };
    const predict = async (client: ServedClient, texts: string[]): Promise<RawScore[]> => {
      try {
        const r = await client.send('POST', '/predict', { inputs: texts, raw_scores: true, truncate }, { items: texts.length });
        const rows = r.json as Prediction[];
        if (!Array.isArray(rows) || rows.length !== texts.length)
          throw bad(`${r.endpoint}/predict returned ${Array.isArray(rows) ? rows.length : 'no'} predictions for ${texts.length} inputs`, r.json);
        return rows.map((p) => pick(p, `${r.endpoint}/predict`));
      } catch (err) {
        if (!(err instanceof HttpStatusError)) throw err;
        if (err.status === 413 && texts.length > 1) {
          const half = Math.ceil(texts.length / 2);
          const [a, b] = await Promise.all([predict(client, texts.slice(0, half)), predict(client, texts.slice(half))]);
          return [...a, ...b];
        }
        throw new ModelError(`${err.endpoint} answered ${err.status} (${explain(err)})${err.status === 413 ? ' for a single input' : ''}`, { cause: err });
      }
    };
    return createServed(spec, opts, ctx, {
      readiness: () => ['/health'],
      async discover(client) {
        const r = await client.send('GET', '/info');
        const id = (r.json as { model_id?: unknown })?.model_id;
        if (typeof id !== 'string') throw bad(`${r.endpoint}/info has no model_id`, r.json);
        return id;
      },
      identity: { label, truncate },
      needIds: false,
      serverAddsSpecial: true,
      score: (client, _model, batch: ScoreRequest[], renderer: Renderer) =>
        predict(
          client,
          batch.map((r) => renderer.render(r).text),
        ),
    });
  },
});
