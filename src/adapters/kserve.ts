import { ModelError, UsageError } from '../core/errors.js';
import { defineAdapter, opt } from '../core/define-adapter.js';
import type { RawScore } from '../core/types.js';
import { HttpStatusError, type ServedClient } from './http/client.js';
import { bad, createServed, servedOptionDefs } from './http/served.js';

/**
 * KServe v2 / Triton inference protocol: the client tokenizes (`?tokenizer=DIR`), right-pads
 * to the batch's longest row and sends INT64 `input_ids` and `attention_mask`; the reward is
 * column `label` of the `logits` output. Without `?model=` the name comes from Triton's repository
 * index (the v2 protocol itself has no listing route, so plain KServe needs `?model=`).
 */
export default defineAdapter({
  id: 'kserve',
  description: 'reward model served over the KServe v2 / Triton protocol (POST /v2/models/NAME/infer, client-side tokenization)',
  options: {
    ...servedOptionDefs,
    model: opt.string({ description: 'the model name in the server’s repository (default: the one READY model in Triton’s repository index)' }),
    label: opt.int({ min: 0, default: 0, description: 'which logit column is the reward (default 0)' }),
    output: opt.string({ default: 'logits', description: 'the output tensor holding the logits (default logits)' }),
    padTokenId: opt.int({
      min: 0,
      description: 'the id rows are padded with (default: the tokenizer’s pad token, else 0); the attention mask zeroes the padding',
    }),
  },
  async create(spec, opts, ctx) {
    const { label, output } = opts;
    let padId = opts.padTokenId;
    return createServed(spec, opts, ctx, {
      readiness: (name) => ['/v2/health/ready', `/v2/models/${encodeURIComponent(name)}/ready`],
      discover: (client) => discoverTriton(client, spec.source),
      identity: { label, output, padTokenId: padId ?? null },
      needIds: true,
      serverAddsSpecial: false,
      async score(client, model, batch, renderer) {
        padId ??= renderer.tokenizer?.pad_token_id ?? 0;
        const rows = batch.map((r) => renderer.render(r).ids!);
        const width = Math.max(...rows.map((r) => r.length));
        const ids: number[] = [];
        const mask: number[] = [];
        for (const r of rows) {
          for (let k = 0; k < width; k++) {
            ids.push(k < r.length ? r[k]! : padId);
            mask.push(k < r.length ? 1 : 0);
          }
        }
        const shape = [rows.length, width];
        const path = `/v2/models/${encodeURIComponent(model)}/infer`;
        let r;
        try {
          r = await client.send(
            'POST',
            path,
            {
              inputs: [
                { name: 'input_ids', shape, datatype: 'INT64', data: ids },
                { name: 'attention_mask', shape, datatype: 'INT64', data: mask },
              ],
              outputs: [{ name: output }],
            },
            { items: rows.length },
          );
        } catch (err) {
          if (!(err instanceof HttpStatusError)) throw err;
          let msg = err.body.slice(0, 300);
          try {
            msg = String((JSON.parse(err.body) as { error?: unknown }).error ?? msg);
          } catch {
            /* not JSON */
          }
          throw new ModelError(`${err.endpoint} answered ${err.status}: ${msg}`, { cause: err });
        }
        const outs = (r.json as { outputs?: { name?: string; shape?: number[]; data?: unknown[] }[] })?.outputs;
        const t = Array.isArray(outs) ? outs.find((o) => o.name === output) : undefined;
        if (!t || !Array.isArray(t.shape) || !Array.isArray(t.data)) throw bad(`${r.endpoint}${path}: no "${output}" output`, r.json);
        const cols = t.shape.length === 1 ? 1 : t.shape[t.shape.length - 1]!;
        if (label >= cols) throw bad(`${r.endpoint}${path}: label=${label}, but "${output}" has ${cols} column${cols === 1 ? '' : 's'}`, t.shape);
        if (t.shape[0] !== rows.length || t.data.length !== rows.length * cols)
          throw bad(`${r.endpoint}${path}: "${output}" has shape [${t.shape.join(', ')}] for ${rows.length} inputs`, t.shape);
        return rows.map((_, i): RawScore => {
          const v = t.data![i * cols + label];
          return typeof v === 'number' ? v : NaN;
        });
      },
    });
  },
});

/** Triton's `POST /v2/repository/index` (ready models only): the model if exactly one is READY. */
async function discoverTriton(client: ServedClient, source: string): Promise<string> {
  let r;
  try {
    r = await client.send('POST', '/v2/repository/index', { ready: true });
  } catch (err) {
    if (err instanceof HttpStatusError && (err.status === 404 || err.status === 400)) {
      throw new UsageError(
        `model "${source}": ${err.endpoint} answered ${err.status}, so the server has no repository index (Triton's extension; plain KServe has none); give the model's name with ?model=`,
      );
    }
    throw err;
  }
  const list = Array.isArray(r.json) ? (r.json as { name?: unknown; state?: unknown }[]) : undefined;
  if (!list) throw bad(`${r.endpoint}/v2/repository/index did not answer a list of models`, r.json);
  const ready = [...new Set(list.filter((m) => typeof m.name === 'string' && (m.state === undefined || m.state === 'READY')).map((m) => m.name as string))];
  if (ready.length === 1) return ready[0]!;
  const names = list.map((m) => `${String(m.name)} (${String(m.state ?? 'READY')})`).join(', ');
  throw new UsageError(
    `model "${source}": ${ready.length === 0 ? 'no model is READY' : `${ready.length} models are READY`} in ${r.endpoint}'s repository [${names || 'empty'}]; give one with ?model=`,
  );
}
