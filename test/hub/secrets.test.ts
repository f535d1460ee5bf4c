import { readFileSync } from 'node:fs';
import t, { type Test } from 'tap';
import { fetchHubData } from '../../src/hub/resolve.js';
import { cliPromise } from '../cli/fixtures/cli.js';
import { filesUnder, tmp } from '../support/helpers.js';
import { hostile, json } from '../support/hostile.js';

// A Hub (or a mirror at HF_ENDPOINT) that echoes the token in its error bodies and headers, as a
// misconfigured proxy does: the "(the Hub says: …)" part of the message keeps the server's words
// and loses the token, for every status the client explains.

const TOKEN = 'hf_PlantedHubToken_4242abcd';

async function echoingHub(t: Test, status: number) {
  return hostile(t, (req, res) => {
    const said = `token ${req.authorization ?? 'none'} rejected (hint: ${TOKEN})`;
    const code: Record<string, string> = status === 404 ? { 'x-error-code': 'RepoNotFound' } : status === 403 ? { 'x-error-code': 'GatedRepo' } : {};
    json(res, status, { error: said }, { ...code, 'x-error-message': said });
  });
}

for (const status of [403, 404, 500]) {
  t.test(`${status} echoing HF_TOKEN: the message quotes the Hub without the token`, async (t) => {
    const hub = await echoingHub(t, status);
    const env = { HF_ENDPOINT: hub.url, HF_HOME: tmp(t), HF_TOKEN: TOKEN };
    const err = await fetchHubData('hf://datasets/fake/pairs/test', { env }).catch((e: unknown) => e);
    t.match(err, { exitCode: 2, message: /\(the Hub says: token Bearer \[REDACTED\] rejected \(hint: \[REDACTED\]\)\)/ });
    t.notOk((err as Error).message.includes(TOKEN));
    t.ok(
      hub.requests.some((r) => r.authorization === `Bearer ${TOKEN}`),
      'the token was sent',
    );
  });
}

t.test('CLI: stdout, stderr and every file written carry no token when the Hub echoes it', async (t) => {
  const hub = await echoingHub(t, 403);
  const home = tmp(t);
  const r = await cliPromise(['run', '--suite', 'pairwise', '--data', 'hf://datasets/fake/pairs/test', '--model', 'heuristic:length', '--out', `${home}/out`], {
    env: { HF_ENDPOINT: hub.url, HF_HOME: home, HF_HUB_CACHE: '', HF_HUB_OFFLINE: '', HF_TOKEN: TOKEN, REWARDGAUGE_CACHE_DIR: `${home}/scores` },
  });
  t.equal(r.code, 2, r.stderr);
  t.match(r.stderr, /the Hub says: token Bearer \[REDACTED\]/);
  t.notOk(r.stdout.includes(TOKEN) || r.stderr.includes(TOKEN), 'not printed');
  for (const p of filesUnder(home)) t.notOk(readFileSync(p, 'latin1').includes(TOKEN), `not in ${p}`);
});

t.test('CLI: HF_TOKEN is taken out of any message, even one no Hub code built', async (t) => {
  const dir = tmp(t);
  // A message that quotes text holding the token: a missing file named after it.
  const r = await cliPromise(['run', '--suite', 'pairwise', '--data', `${dir}/${TOKEN}.jsonl`, '--model', 'heuristic:length', '--out', `${dir}/out`], {
    env: { HF_TOKEN: TOKEN },
  });
  t.equal(r.code, 2, r.stderr);
  t.match(r.stderr, `${dir}/[REDACTED].jsonl`);
  t.notOk(r.stderr.includes(TOKEN));
});
