import t from 'tap';
import { modelType } from '../../src/report/model-type.js';

/** The leaderboard's type column, from what run.json records. */

t.test('adapter ids map to a type; baselines and step-scoring models win over the adapter', async (t) => {
  const of = (adapter: string, baseline = false, metrics: string[] = []) =>
    modelType(
      { adapter, baseline },
      metrics.map((metric) => ({ metric })),
    );
  t.same(
    ['onnx', 'ort', 'hf', 'vllm', 'sglang', 'tei', 'kserve'].map((a) => of(a)),
    Array(7).fill('classifier'),
  );
  t.equal(of('dpo'), 'DPO', 'the dpo: adapter of the dpo branch');
  t.equal(of('openai-judge'), 'generative judge');
  t.equal(of('verifier'), 'verifier');
  t.equal(of('hybrid'), 'verifier', 'a rule verifier backed by a model verifier');
  t.equal(of('onnx', false, ['accuracy', 'step_auc']), 'PRM', 'a model that returned step scores');
  t.equal(of('heuristic', true, ['step_auc']), 'baseline');
  for (const a of ['command', 'scores', 'ensemble', 'my-plugin']) t.equal(of(a), 'other', `${a}: the adapter says nothing about the model behind it`);
});
