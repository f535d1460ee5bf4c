import t from 'tap';
import { ModelError } from '../../src/core/errors.js';
import { codePoints } from '../support/fake-served.js';
import { ask, fake, quick, served } from '../support/served.js';

// TEI conformance: /predict shapes, 413 split, 429 backoff with Retry-After, 422/424 error bodies.

const texts = Array.from({ length: 11 }, (_, i) => 'y'.repeat(i + 1));
const expected = texts.map((s) => codePoints(s) + 4);

t.test('/predict with raw_scores; model name from /info', async (t) => {
  const f = await fake(t, { kind: 'tei', model: 'org/deberta-rm' });
  const m = await served(t, `tei:${f.url}`);
  t.same(await m.score!(texts.map((s) => ask(s))), expected);
  const other = await served(t, `tei:${f.url}?model=org/deberta-rm&truncate=true`);
  t.not(other.fingerprint, m.fingerprint, 'truncate changes outputs');
});

t.test('413: the batch is halved until it fits, order kept', async (t) => {
  const f = await fake(t, { kind: 'tei', maxBatch: 3 });
  const m = await served(t, `tei:${f.url}?${quick}`);
  t.same(await m.score!(texts.map((s) => ask(s))), expected);
  const ok = f.log.filter((e) => e.status === 200);
  t.ok(
    ok.every((e) => e.items.length <= 3),
    'every answered request fits the limit',
  );
  t.equal(
    ok.reduce((s, e) => s + e.items.length, 0),
    texts.length,
    'each input answered once',
  );
  t.ok(f.log.some((e) => e.status === 413));
});

t.test('429 is retried after Retry-After', async (t) => {
  const f = await fake(t, { kind: 'tei', fault: (n) => (n < 2 ? 429 : 'ok'), retryAfter: '0.2' });
  const m = await served(t, `tei:${f.url}?${quick}`);
  const started = performance.now();
  t.same(await m.score!([ask('a')]), [5]);
  t.ok(performance.now() - started >= 390, 'waited Retry-After twice');
});

t.test('422 and 424 fail at once with TEI’s error body', async (t) => {
  for (const status of [422, 424] as const) {
    const f = await fake(t, { kind: 'tei', fault: () => status });
    const m = await served(t, `tei:${f.url}?${quick}`);
    const err = await m.score!([ask('a')]).catch((e: unknown) => e);
    t.ok(err instanceof ModelError, `${status}: exit 3`);
    t.match((err as Error).message, status === 422 ? /answered 422 \(Tokenizer: Input validation error/ : /answered 424 \(Backend: fault 424\)/);
    t.equal(f.log.length, 1, `${status}: not retried`);
  }
});

t.test('several labels need ?label=', async (t) => {
  const f = await fake(t, { kind: 'tei' });
  const m = await served(t, `tei:${f.url}?label=LABEL_0`);
  t.same(await m.score!([ask('a')]), [5]);
  const n = await served(t, `tei:${f.url}?label=LABEL_9&${quick}`);
  await t.rejects(n.score!([ask('a')]), /no label "LABEL_9"/);
});
