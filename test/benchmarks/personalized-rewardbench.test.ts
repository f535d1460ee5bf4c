import t, { type Test } from 'tap';
import { CONFIGS, parts, suite } from '../../src/benchmarks/personalized-rewardbench/index.js';
import { parseHubUri } from '../../src/hub/uri.js';
import { evaluate, tmp, valueOf, writeJsonl } from '../support/helpers.js';

/** The Personalized RewardBench preset: two configs of hand-made rows in the published schema, fixed scores. */

const ART = 'Art_and_Entertainment';
const SOC = 'Society_and_Culture';
// [none chosen, none rejected, profile chosen, profile rejected] per row.
const SCORES: Record<string, [string, number[]]> = {
  a1: [ART, [2, 1, 1, 2]], // none win, profile loss
  a2: [ART, [1, 1, 2, 1]], // none tie (an error), profile win
  s1: [SOC, [1, 0, 1, 1]], // none win, profile tie
  s2: [SOC, [0, 1, 2, 0]], // none loss, profile win
  s3: [SOC, [3, 2, 0, 0]], // none win, profile tie
};

function write(dir: string) {
  const rows = Object.entries(SCORES).map(([id, [category]]) => ({
    id,
    question: `question ${id}?`,
    profile: [{ id: `${id}-p1`, category: 'Books', text: `a past post of ${id}` }],
    rubric_aspects: [{ aspect: `aspect of ${id}`, evidence: 'from the narrative', reason: 'why' }],
    narrative: 'hidden',
    category,
    chosen: `chosen answer ${id}`,
    rejected: `rejected answer ${id}`,
  }));
  const data = writeJsonl(dir, 'test.jsonl', rows);
  const scores = writeJsonl(
    dir,
    'scores.jsonl',
    Object.entries(SCORES).flatMap(([item, [, s]]) => [
      { item, candidate: 'none:chosen', score: s[0] },
      { item, candidate: 'none:rejected', score: s[1] },
      { item, candidate: 'profile:chosen', score: s[2] },
      { item, candidate: 'profile:rejected', score: s[3] },
    ]),
  );
  return { data, scores };
}

const close = (t: Test, got: number | undefined, want: number, what: string) =>
  t.ok(got !== undefined && Math.abs(got - want) < 1e-12, `${what}: ${got} ≈ ${want}`);

t.test('per-config accuracy and the mean over configs, against hand counts', async (t) => {
  const { data, scores } = write(tmp(t));
  const { run } = await evaluate({ models: [`scores:${scores}`], suites: [{ id: 'personalized-rewardbench', data, options: { modes: 'none,profile' } }] });
  // none: Art a1 win, a2 tie → 1/2; Society s1 win, s2 loss, s3 win → 2/3.
  close(t, valueOf(run, { subset: ART, metric: 'accuracy_none' }), 1 / 2, 'Art none');
  close(t, valueOf(run, { subset: SOC, metric: 'accuracy_none' }), 2 / 3, 'Society none');
  close(t, valueOf(run, { metric: 'accuracy_none_avg' }), (1 / 2 + 2 / 3) / 2, 'mean over configs = 7/12');
  close(t, valueOf(run, { metric: 'accuracy_none' }), 3 / 5, 'the pooled mean over items weights configs by size: 3/5');
  // profile: Art a2 → 1/2; Society s2 → 1/3; mean (1/2 + 1/3)/2 = 5/12.
  close(t, valueOf(run, { metric: 'accuracy_profile_avg' }), 5 / 12, 'profile mean over configs');
  t.equal(valueOf(run, { metric: 'accuracy_rubric_avg' }), undefined, 'a mode not scored has no average');
  t.equal(valueOf(run, { subset: ART, metric: 'accuracy_none_avg' }), undefined, 'the average is reported on all only');
  t.equal(suite.primaryMetric, 'accuracy_none_avg');
  t.ok(
    suite.metrics.some((m) => m.id === 'gap_profile'),
    'the personalized suite’s metrics are all there',
  );
  close(t, valueOf(run, { metric: 'gap_profile' }), (-1 + 1 + -1 + 1 + -1) / 5, 'paired gap, per item −1, 1, −1, 1, −1');
});

t.test('parts: the three published configs, split test, each a subset; the default is the first', async (t) => {
  t.same(
    parts.map((p) => p.subset),
    [...CONFIGS],
  );
  t.same(CONFIGS, ['Lifestyle_and_Personal_Development', 'Art_and_Entertainment', 'Society_and_Culture']);
  for (const p of parts) {
    const u = parseHubUri(p.uri);
    t.equal(u.repo, 'QiyaoMa/Personalized-RewardBench');
    t.equal(u.path, `${p.subset}/test`);
  }
  t.equal(suite.defaultData, parts[0]!.uri);
  t.equal(suite.preset?.dataset, 'QiyaoMa/Personalized-RewardBench');
  const avg = suite.metrics.find((m) => m.id === 'accuracy_none_avg')!;
  t.same(
    avg.parts,
    CONFIGS.map((subset) => ({ metric: 'accuracy_none', subset, weight: 1 })),
  );
});
