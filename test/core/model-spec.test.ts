import t from 'tap';
import { UsageError } from '../../src/core/errors.js';
import { defaultModelId, modelSpecFromObject, parseModelSpec, parseSuiteSpec, uniqueIds } from '../../src/core/model-spec.js';

t.test('parseModelSpec: adapter, target, options, id', async (t) => {
  const src = 'scores:runs/a.json?aggregate=prod&model=x%20y%26z&flag&id=my%2Did&eq=a=b';
  const spec = parseModelSpec(src);
  t.equal(spec.adapter, 'scores');
  t.equal(spec.target, 'runs/a.json');
  // %20 → space, %26 → '&', a bare name → 'true', only the first '=' splits
  t.same(spec.options, { aggregate: 'prod', model: 'x y&z', flag: 'true', eq: 'a=b' });
  t.equal(spec.id, 'my-id', 'id is pulled out of the options');
  t.equal(spec.source, src);

  const plain = parseModelSpec('heuristic:length');
  t.same([plain.adapter, plain.target, plain.options], ['heuristic', 'length', {}]);
  t.notOk('id' in plain, 'no id unless given');
  t.equal(parseModelSpec('scores:C:/runs/a.json').target, 'C:/runs/a.json', 'only the first colon separates the adapter');
});

t.test('parseModelSpec: nested specs keep their own "?"', async (t) => {
  const spec = parseModelSpec('ensemble:mean(a:x?p=1,b:y)?id=e');
  t.equal(spec.adapter, 'ensemble');
  t.equal(spec.target, 'mean(a:x?p=1,b:y)');
  t.same(spec.options, {});
  t.equal(spec.id, 'e');
});

t.test('parseModelSpec: bad specs are usage errors', async (t) => {
  for (const bad of ['length', ':length', 'a:b?%zz=1', 'a:b?=v']) {
    t.throws(() => parseModelSpec(bad), UsageError, bad);
  }
  try {
    parseModelSpec('runs/a.json');
    t.fail('should throw');
  } catch (err) {
    t.ok(err instanceof UsageError);
    t.equal((err as UsageError).exitCode, 2);
    t.match((err as Error).message, /no adapter prefix/);
  }
});

t.test('parseSuiteSpec', async (t) => {
  t.same(parseSuiteSpec('pairwise?ties=half&x=%3F'), { id: 'pairwise', options: { ties: 'half', x: '?' } });
  t.same(parseSuiteSpec('rewardmath'), { id: 'rewardmath', options: {} });
  t.throws(() => parseSuiteSpec('?ties=half'), UsageError);
});

t.test('modelSpecFromObject round-trips through its source string', async (t) => {
  const spec = modelSpecFromObject({
    adapter: 'scores',
    target: 'runs/a b.json',
    options: { model: 'x&y=z', n: 3, flag: true, 'odd key': 'ü?%' },
    id: 'mine',
  });
  t.same(spec.options, { model: 'x&y=z', n: '3', flag: 'true', 'odd key': 'ü?%' }, 'values become strings');
  t.equal(spec.id, 'mine');
  const back = parseModelSpec(spec.source);
  t.equal(back.adapter, 'scores');
  t.equal(back.target, 'runs/a b.json');
  t.same(back.options, spec.options);

  const bare = modelSpecFromObject({ adapter: 'heuristic', target: 'length' });
  t.equal(bare.source, 'heuristic:length');
  t.same(bare.options, {});
  t.equal(modelSpecFromObject({ adapter: 'x' }).source, 'x:');
});

t.test('defaultModelId', async (t) => {
  const id = (s: string) => defaultModelId(parseModelSpec(s));
  t.equal(id('scores:runs/model-a.json'), 'model-a', 'file name without extension');
  t.equal(id('scores:runs/Skywork-Reward-Llama-3.1-8B.jsonl'), 'Skywork-Reward-Llama-3.1-8B', 'only the last extension');
  t.equal(id('local:models/reward-v1/'), 'reward-v1', 'folder name, trailing slash dropped');
  t.equal(id('heuristic:length'), 'length');
  t.equal(id('scores:runs/a.json?id=custom'), 'custom', 'an explicit id wins');
  t.equal(id('heuristic:'), 'heuristic', 'empty target → the adapter');
  const url = id('remote:https://rm.example.com:8443/v1/score');
  t.match(url, /rm\.example\.com:8443$/, 'a URL gives its host');
  t.match(url, /^remote/, 'prefixed by the adapter');
});

t.test('defaultModelId: a target that nests specs is named by its adapter, whichever adapter it is', async (t) => {
  const id = (s: string) => defaultModelId(parseModelSpec(s));
  t.equal(id('ensemble:mean(onnx:models/a,heuristic:length)'), 'ensemble-mean', 'NAME(SPEC,…): adapter-NAME');
  t.equal(id('ensemble:uwo(heuristic:length,heuristic:random)?lambda=0.1'), 'ensemble-uwo', 'options after the parentheses');
  t.equal(id('hybrid:(verifier:math,scores:judge.jsonl;threshold=0.5)'), 'hybrid', '(SPEC,…): the adapter');
  t.equal(id('scores:results(v2).json'), 'results(v2)', 'parentheses in a file name hold no spec');
});

t.test('defaultModelId: a folder name with a version number is kept whole', async (t) => {
  // A trailing slash marks a folder, which has no extension: "Llama-3.1-8B/" must not lose ".1-8B".
  t.equal(defaultModelId(parseModelSpec('local:models/Llama-3.1-8B/')), 'Llama-3.1-8B');
});

t.test('uniqueIds', async (t) => {
  t.same(uniqueIds(['a', 'b', 'a', 'a', 'b']), ['a', 'b', 'a-2', 'a-3', 'b-2']);
  t.same(uniqueIds([]), []);
  // whatever the input, the output must have no duplicates
  const out = uniqueIds(['a', 'a', 'a-2']);
  t.equal(new Set(out).size, out.length, `ids are unique: ${out.join(', ')}`);
});
