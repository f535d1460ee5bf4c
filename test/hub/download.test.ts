import { existsSync, lstatSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { fetchHubData, newHubSession } from '../../src/hub/resolve.js';
import { startFakeHub, type FakeHub } from '../support/fake-hub.js';
import { filesUnder, tmp } from '../support/helpers.js';
import { jsonl, sha } from './fixtures.js';

const OLD = sha('a');
const NEW = sha('b');
const TOKEN = 'hf_fakeSecretToken1234567890';

async function setup(t: Test): Promise<{ hub: FakeHub; env: NodeJS.ProcessEnv; home: string }> {
  const hub = await startFakeHub([
    {
      name: 'fake/pairs',
      commits: [
        { sha: OLD, files: { 'README.md': '# old', 'data/test-00000-of-00001.jsonl': jsonl([{ v: 'old' }]) } },
        {
          sha: NEW,
          files: {
            'README.md': '# new',
            '.gitattributes': '*.parquet filter=lfs',
            'data/test-00000-of-00002.jsonl': jsonl([{ v: 'new0' }]),
            'data/test-00001-of-00002.jsonl': jsonl([{ v: 'new1' }]),
            'data/train-00000-of-00001.jsonl': jsonl([{ v: 'train' }]),
            'extra/dev.json': JSON.stringify([{ v: 'dev' }]),
          },
        },
      ],
    },
    { name: 'fake/gated', commits: [{ sha: OLD, files: { 'test.jsonl': jsonl([{ v: 'gated' }]) } }], gatedTokens: [TOKEN] },
  ]);
  t.teardown(() => hub.close());
  const home = tmp(t);
  return { hub, home, env: { HF_ENDPOINT: hub.url, HF_HOME: home } };
}

const read = (files: string[]): string[] => files.map((f) => readFileSync(f, 'utf8'));

t.test('downloads a split, caches it in the Hub layout, and a second run asks only which commit main is', async (t) => {
  const { hub, env, home } = await setup(t);
  const first = await fetchHubData('hf://datasets/fake/pairs/test', { env });
  t.equal(first.commit, NEW);
  t.same(first.repoPaths, ['data/test-00000-of-00002.jsonl', 'data/test-00001-of-00002.jsonl']);
  t.same(read(first.files), [jsonl([{ v: 'new0' }]), jsonl([{ v: 'new1' }])]);
  t.equal(first.pinned, `hf://datasets/fake/pairs@${NEW}/test`);
  const repoDir = join(home, 'hub', 'datasets--fake--pairs');
  t.equal(readFileSync(join(repoDir, 'refs', 'main'), 'utf8'), NEW);
  const pointer = join(repoDir, 'snapshots', NEW, 'data', 'test-00000-of-00002.jsonl');
  t.ok(lstatSync(pointer).isSymbolicLink(), 'snapshot entries link to blobs, as huggingface_hub writes them');
  t.match(readlinkSync(pointer), /^\.\.\/\.\.\/\.\.\/blobs\/[0-9a-f]{40}$/);
  // revision + tree + 2 × (size probe + body)
  t.equal(hub.requests.length, 6, hub.requests.map((r) => r.line).join('\n'));

  hub.requests.length = 0;
  const again = await fetchHubData('hf://datasets/fake/pairs/test', { env });
  t.same(again.files, first.files);
  t.same(
    hub.requests.map((r) => r.line.split('?')[0]),
    ['GET /api/datasets/fake/pairs/revision/main'],
    'only the branch is resolved',
  );

  hub.requests.length = 0;
  await fetchHubData(`hf://datasets/fake/pairs@${NEW}/test`, { env });
  await fetchHubData(`hf://datasets/fake/pairs@${NEW}/data/test-00001-of-00002.jsonl`, { env });
  t.equal(hub.requests.length, 0, 'a commit already in the cache needs no request at all');
});

t.test('a branch resolves once per session', async (t) => {
  const { hub, env } = await setup(t);
  const session = newHubSession();
  await fetchHubData('hf://datasets/fake/pairs/test', { env, session });
  await fetchHubData('hf://datasets/fake/pairs/train', { env, session });
  t.equal(hub.requests.filter((r) => r.line.includes('/revision/')).length, 1);
});

t.test('offline: from the cache with no request; a clear error when not cached', async (t) => {
  const { hub, env } = await setup(t);
  await fetchHubData('hf://datasets/fake/pairs/test', { env });
  hub.requests.length = 0;
  const offline = { ...env, HF_HUB_OFFLINE: '1' };
  const got = await fetchHubData('hf://datasets/fake/pairs/test', { env: offline });
  t.same(read(got.files), [jsonl([{ v: 'new0' }]), jsonl([{ v: 'new1' }])]);
  t.equal(got.commit, NEW);
  const err = await fetchHubData('hf://datasets/fake/pairs/train', { env: offline }).catch((e: Error) => e);
  t.match(err, { exitCode: 2, message: /HF_HUB_OFFLINE is set and file data\/train-00000-of-00001\.jsonl .* is not in the Hub cache/ });
  const err2 = await fetchHubData('hf://datasets/fake/pairs@v2/test', { env: offline }).catch((e: Error) => e);
  t.match(err2, { exitCode: 2, message: /revision "v2" of fake\/pairs is not in the Hub cache/ });
  const err3 = await fetchHubData('hf://datasets/fake/other/test', { env: offline }).catch((e: Error) => e);
  t.match(err3, { exitCode: 2, message: /not in the Hub cache/ });
  t.equal(hub.requests.length, 0, 'offline never touches the network');
});

t.test('a revision pin gets the old commit, @main the new one', async (t) => {
  const { env } = await setup(t);
  const old = await fetchHubData(`hf://datasets/fake/pairs@${OLD}/test`, { env });
  t.same(read(old.files), [jsonl([{ v: 'old' }])]);
  t.equal(old.commit, OLD);
  const main = await fetchHubData('hf://datasets/fake/pairs@main/test', { env });
  t.equal(main.files.length, 2);
  t.equal(main.commit, NEW);
});

t.test('path forms: a file, <config>/<split>, the only data file; errors list what exists', async (t) => {
  const { env } = await setup(t);
  const dev = await fetchHubData('hf://datasets/fake/pairs/extra/dev', { env });
  t.same(dev.repoPaths, ['extra/dev.json']);
  const only = await fetchHubData(`hf://datasets/fake/pairs@${OLD}`, { env });
  t.same(only.repoPaths, ['data/test-00000-of-00001.jsonl']);
  const none = await fetchHubData('hf://datasets/fake/pairs', { env }).catch((e: Error) => e);
  t.match(none, { exitCode: 2, message: /name the split or file after the repo .*splits and files with data: extra\/dev, test, train$/ });
  const missing = await fetchHubData('hf://datasets/fake/pairs/validation', { env }).catch((e: Error) => e);
  t.match(missing, { exitCode: 2, message: /no file or split "validation" in the repo; splits and files with data: extra\/dev, test, train$/ });
});

t.test('404s: repo, revision', async (t) => {
  const { env } = await setup(t);
  const repo = await fetchHubData('hf://datasets/fake/nope/test', { env }).catch((e: Error) => e);
  t.match(repo, { exitCode: 2, message: /dataset repo fake\/nope not found on http:\/\/127\.0\.0\.1:\d+; if it is private, set HF_TOKEN/ });
  const rev = await fetchHubData('hf://datasets/fake/pairs@v9/test', { env }).catch((e: Error) => e);
  t.match(rev, { exitCode: 2, message: /revision "v9" not found in dataset repo fake\/pairs/ });
  const commit = await fetchHubData(`hf://datasets/fake/pairs@${sha('c')}/test`, { env }).catch((e: Error) => e);
  t.match(commit, { exitCode: 2, message: /revision "c{40}" not found/ });
});

t.test('gated: 401 without a token mentions HF_TOKEN; with HF_TOKEN it downloads, and the token is written nowhere', async (t) => {
  const { hub, env, home } = await setup(t);
  const denied = await fetchHubData('hf://datasets/fake/gated/test', { env }).catch((e: Error) => e);
  t.match(denied, { exitCode: 2, message: /fake\/gated is gated or private: set HF_TOKEN/ });
  const wrong = await fetchHubData('hf://datasets/fake/gated/test', { env: { ...env, HF_TOKEN: 'hf_wrong' } }).catch((e: Error) => e);
  t.match(wrong, { exitCode: 2, message: /the token in HF_TOKEN has no access/ });
  t.notMatch((wrong as Error).message, 'hf_wrong');
  const bad = await fetchHubData('hf://datasets/fake/gated/test', { env: { ...env, HF_TOKEN: 'not-a-token' } }).catch((e: Error) => e);
  t.match(bad, { exitCode: 2, message: /HF_TOKEN does not look like a Hub access token/ });
  const ok = await fetchHubData('hf://datasets/fake/gated/test', { env: { ...env, HF_TOKEN: TOKEN } });
  t.same(read(ok.files), [jsonl([{ v: 'gated' }])]);
  t.ok(hub.requests.filter((r) => r.auth === `Bearer ${TOKEN}`).length >= 3, 'the token is sent on every request');
  const written = filesUnder(home).map((path) => ({ path, text: readFileSync(path, 'latin1') }));
  t.ok(written.length > 0);
  for (const f of written) t.notOk(f.text.includes(TOKEN), `no token in ${f.path}`);
  t.ok(existsSync(join(home, 'hub', 'datasets--fake--gated', 'refs', 'main')));
});

t.test('HF_HUB_CACHE wins over HF_HOME', async (t) => {
  const { env } = await setup(t);
  const cache = tmp(t);
  const got = await fetchHubData('hf://datasets/fake/pairs/train', { env: { ...env, HF_HUB_CACHE: cache } });
  t.ok(got.files[0]!.startsWith(join(cache, 'datasets--fake--pairs', 'snapshots', NEW)));
});

t.test('bad URIs are usage errors', async (t) => {
  for (const [uri, why] of [
    ['hf://models/a/b', /only dataset repos/],
    ['hf://datasets/a', /owner and a name/],
    ['hf://datasets/a/b/../x', /may not hold/],
    ['hf://datasets/a/b@/x', /empty revision/],
  ] as const) {
    const err = await fetchHubData(uri, { env: { HF_HUB_OFFLINE: '1' } }).catch((e: Error) => e);
    t.match(err, { exitCode: 2, message: why }, uri);
  }
});
