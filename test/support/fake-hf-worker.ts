import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Test } from 'tap';
import { tmp } from './helpers.js';

/**
 * A fake hf: worker that speaks the framed protocol of python/rewardgauge_hf/worker.py, so the
 * hf: adapter's Node side runs without torch. It scores a response by its code points and logs
 * every start and frame to dir/log; RG_FAKE_MODE scripts its failures.
 */

const FAKE = String.raw`
const fs = require('node:fs');
const log = process.env.RG_FAKE_LOG;
fs.appendFileSync(log, JSON.stringify({ start: process.argv.slice(2) }) + '\n');
const mode = process.env.RG_FAKE_MODE || 'ok';
let buf = '';
const send = (o) => process.stdout.write(JSON.stringify(o) + '\n');
process.stdin.setEncoding('utf8').on('data', (d) => {
  buf += d;
  let nl;
  while ((nl = buf.indexOf('\n')) >= 0) {
    const f = JSON.parse(buf.slice(0, nl));
    buf = buf.slice(nl + 1);
    fs.appendFileSync(log, JSON.stringify({ op: f.op, n: (f.requests || []).length, options: f.options, model: f.model }) + '\n');
    if (mode === 'missing') send({ id: f.id, error: 'python has no torch; install them with: python -m pip install torch transformers', kind: 'missing' });
    else if (f.op === 'init') send({ id: f.id, info: { device: 'cpu', deviceName: null, dtype: f.options.dtype, torch: 'fake', transformers: 'fake', form: 'template', maxLength: 8, numLabels: 1, padTokenId: 0, modelType: 'llama', expectedEnd: ['<eot>'] } });
    else if (mode === 'template' && f.op === 'score') send({ id: f.id, error: 'the chat template rejects this conversation: System role not supported', kind: 'usage', index: 1 });
    else if (mode === 'crash' && f.op === 'score') send({ id: f.id, error: 'RuntimeError: CUDA out of memory', kind: 'model' });
    // Score = code points of the response; facts say a request is truncated past 8 "tokens" (characters).
    else if (f.op === 'score') send({ id: f.id, scores: f.requests.map((r) => [...r.response].length), facts: f.requests.map((r) => [r.response.length, r.response.length > 8 ? 1 : 0, 0, 0, r.response.length > 20 ? 1 : 0]), seconds: 0.01, tokens: 10, padded: 12 });
    else if (f.op === 'tokenize') send({ id: f.id, facts: f.requests.map((r) => [r.response.length, r.response.length > 8 ? 1 : 0, 0, 0, r.response.length > 20 ? 1 : 0]) });
  }
});
process.stdin.on('end', () => process.exit(0));
`;

export interface Fake {
  dir: string;
  checkpoint: string;
  python: string;
  log: () => { start?: string[]; op?: string; n?: number; options?: Record<string, unknown>; model?: string }[];
}

/** A checkpoint folder and a fake "python" that is the fake worker, logging to dir/log. */
export function fake(t: Test, mode = 'ok'): Fake {
  const dir = tmp(t);
  const checkpoint = join(dir, 'rm');
  mkdirSync(checkpoint);
  writeFileSync(join(checkpoint, 'config.json'), JSON.stringify({ model_type: 'llama', num_hidden_layers: 2, hidden_size: 8, torch_dtype: 'bfloat16' }));
  writeFileSync(join(checkpoint, 'model.safetensors'), 'weights v1');
  const python = join(dir, 'fake-python');
  writeFileSync(python, `#!${process.execPath}\n${FAKE}`);
  chmodSync(python, 0o755);
  process.env.RG_FAKE_LOG = join(dir, 'log');
  process.env.RG_FAKE_MODE = mode;
  t.teardown(() => {
    delete process.env.RG_FAKE_MODE;
  });
  const log = () =>
    readFileSync(join(dir, 'log'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as ReturnType<Fake['log']>[number]);
  writeFileSync(join(dir, 'log'), '');
  return { dir, checkpoint, python, log };
}
