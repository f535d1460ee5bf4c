import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { ModelError, UsageError } from '../../src/core/errors.js';
import { modelSpecFromObject, parseModelSpec } from '../../src/core/model-spec.js';
import { filesUnder, tmp, writeJsonl } from '../support/helpers.js';
import { answerGet, hostile, json, type HostileRequest } from '../support/hostile.js';
import { ask, served } from '../support/served.js';
import { cliPromise, makePairs, readRun } from '../cli/fixtures/cli.js';

// A served URL's `user:password@` is sent as HTTP Basic auth and written nowhere: not in
// run.json, scores.jsonl, index.html, the cache, stdout, stderr or an error message, even when
// the server echoes it back.

const USER = 'alice';
const PASSWORD = 'pa@ss-Planted-7Q9';
const ENCODED = encodeURIComponent(PASSWORD);
const BASIC = Buffer.from(`${USER}:${PASSWORD}`).toString('base64');
const withCredentials = (url: string): string => url.replace('http://', `http://${USER}:${ENCODED}@`);
/** Every form the secret could leak in. */
const leaks = (text: string): string[] => [PASSWORD, ENCODED, BASIC].filter((s) => text.includes(s));

/** A vLLM /pooling server that wants the Basic credentials; a wrong or missing header gets a 401 echoing it (as some proxies do). */
function basicServer(o: { echo503?: (n: number) => boolean } = {}) {
  let n = 0;
  return (req: HostileRequest, res: Parameters<Parameters<typeof hostile>[1]>[1]): void => {
    if (req.authorization !== `Basic ${BASIC}`) return json(res, 401, { message: `bad credentials: ${req.authorization ?? 'none'} (${USER}:${PASSWORD})` });
    if (answerGet(req, res)) return;
    if (o.echo503?.(n++)) return json(res, 503, { message: `overloaded; you sent ${req.authorization}, i.e. ${USER}:${PASSWORD}` });
    const input = (JSON.parse(req.body) as { input: string[] }).input;
    json(res, 200, { data: input.map((x, index) => ({ index, data: [[...x].length] })) });
  };
}

t.test('a parsed spec keeps the credentials in its target only, ensemble members too', async (t) => {
  const spec = parseModelSpec(`ensemble:mean(vllm:http://${USER}:${ENCODED}@a:1,http://${USER}:${ENCODED}@b:2?model=m,heuristic:length)`);
  t.equal(spec.source, 'ensemble:mean(vllm:http://[REDACTED]@a:1,http://[REDACTED]@b:2?model=m,heuristic:length)');
  t.match(spec.target, `${USER}:${ENCODED}@a:1`, 'the adapter still gets them');
  const fromConfig = modelSpecFromObject({ adapter: 'tei', target: `https://${USER}:${ENCODED}@h` });
  t.equal(fromConfig.source, 'tei:https://[REDACTED]@h');
});

t.test('user:password@ in the URL is sent as Basic auth on every request', async (t) => {
  const s = await hostile(t, basicServer());
  const m = await served(t, `vllm:${withCredentials(s.url)}?model=m`);
  t.same(await m.score!([ask('abcd')]), ['Q?\n\nabcd'.length]);
  t.ok(s.requests.length >= 2);
  t.ok(
    s.requests.every((r) => r.authorization === `Basic ${BASIC}`),
    'health and scoring requests both carry it, percent-decoded',
  );
  t.notOk(leaks(m.spec).length, `the spec shown is ${m.spec}`);
  t.match(m.spec, `http://[REDACTED]@127.0.0.1:${s.port}`);
});

t.test('a server echoing the credentials: the error names the endpoint and carries none of them', async (t) => {
  const s = await hostile(t, basicServer({ echo503: () => true }));
  const m = await served(t, `vllm:${withCredentials(s.url)}?model=m&retries=2&backoffMs=1`);
  const err = await m.score!([ask('abcd')]).catch((e: unknown) => e);
  t.type(err, ModelError);
  t.match((err as Error).message, new RegExp(`${s.url}/pooling failed after 2 attempts.*HTTP 503.*\\[REDACTED\\]`));
  t.same(leaks((err as Error).message), []);

  const wrong = await hostile(t, basicServer());
  const w = await served(t, `vllm:${wrong.url.replace('http://', `http://${USER}:wrong-${ENCODED}@`)}?model=m&retries=1`);
  const denied = await w.score!([ask('x')]).catch((e: unknown) => e);
  t.match(denied, { exitCode: 3, message: /answered 401/ }, 'a 401 is fatal');
  t.same(leaks((denied as Error).message), [], 'the echoed header and password are redacted');
});

t.test('URL credentials and keyEnv both: a usage error without the password', async (t) => {
  process.env.RG_CRED_TEST_KEY = 'sk-other';
  const err = await served(t, `openai-judge:${withCredentials('http://127.0.0.1:9')}?model=m&keyEnv=RG_CRED_TEST_KEY`).catch((e: unknown) => e);
  t.type(err, UsageError);
  t.match((err as Error).message, /credentials in the URL and an API key both/);
  t.same(leaks((err as Error).message), []);
  const path = await served(t, `vllm:${withCredentials('http://127.0.0.1:9')}/v1?model=m`).catch((e: unknown) => e);
  t.match(path, { exitCode: 2, message: /without a path, got "http:\/\/\[REDACTED\]@127\.0\.0\.1:9\/v1"/ });
});

t.test('CLI: the password is sent, and found in no file, stdout or stderr; a failing run neither', async (t) => {
  const dir = tmp(t);
  const data = writeJsonl(dir, 'pairs.jsonl', makePairs(6, 3));
  const s = await hostile(t, basicServer({ echo503: (n) => n === 0 }));
  const spec = `vllm:${withCredentials(s.url)}?model=m&backoffMs=1`;
  const cache = join(dir, 'cache-ok');
  // The cache is keyed by the served name, not the URL: each run gets its own, so both reach their server.
  const run = (out: string, model: string) =>
    cliPromise(['run', '--suite', 'pairwise', '--data', data, '--model', model, '--out', join(dir, out), '--cache-dir', join(dir, `cache-${out}`)]);
  const ok = await run('ok', spec);
  t.equal(ok.code, 0, ok.stderr);
  t.ok(s.posts().length >= 2, 'the echoing 503 was retried');
  const files = [...filesUnder(join(dir, 'ok')), ...filesUnder(cache)];
  t.ok(files.some((p) => p.endsWith('index.html')) && files.some((p) => p.endsWith('scores.jsonl')));
  for (const p of files) t.same(leaks(readFileSync(p, 'utf8')), [], `nothing in ${p}`);
  t.same(leaks(ok.stdout + ok.stderr), [], 'nothing printed');
  const rec = readRun(join(dir, 'ok'));
  t.equal(rec.models[0]!.spec, `vllm:http://[REDACTED]@127.0.0.1:${s.port}?model=m&backoffMs=1`, 'run.json shows where, not who');
  t.ok(
    rec.command.some((a) => a.includes('[REDACTED]@')),
    'and so does the recorded command line',
  );

  const denied = await hostile(t, (req, res) => json(res, 401, { message: `no: ${req.authorization}` }));
  const bad = await run('bad', `vllm:${withCredentials(denied.url)}?model=m&retries=1`);
  t.equal(bad.code, 3, bad.stderr);
  t.match(bad.stderr, denied.url);
  t.same(leaks(bad.stdout + bad.stderr), []);
});
