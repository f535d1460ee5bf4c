import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { Ajv } from 'ajv';
import { schemaFiles } from '../src/run/schema-files.js';
import { root } from './support/helpers.js';

t.test('schemas/*.json are current (run `npm run schemas` after changing a schema)', async (t) => {
  for (const [name, text] of Object.entries(schemaFiles())) {
    t.equal(readFileSync(join(root, 'schemas', name), 'utf8'), text, name);
  }
});

t.test('the committed run schema, used by a plain ajv, accepts the run.json contract’s minimal example and rejects a broken row', async (t) => {
  const schema = JSON.parse(readFileSync(join(root, 'schemas', 'run.schema.json'), 'utf8')) as Record<string, unknown>;
  const { $schema: _ignored, ...body } = schema;
  const validate = new Ajv({ strict: false }).compile(body);
  const run = {
    schemaVersion: 1,
    tool: { name: 'rewardgauge', version: '0.1.0' },
    createdAt: '2026-11-21T00:00:00Z',
    seed: 0,
    command: ['rewardgauge', 'run'],
    config: {},
    statistics: { bootstrap: { samples: 1000, level: 0.95, method: 'percentile', resample: 'cluster' } },
    models: [
      {
        id: 'tiny-rm',
        spec: 'onnx:./models/tiny-rm',
        adapter: 'onnx',
        fingerprint: 'sha256:00',
        baseline: false,
        options: {},
        stats: { requests: 1, uniqueRequests: 1, cacheHits: 0, modelCalls: 1, batches: 1, seconds: 0.1 },
        warnings: [],
      },
    ],
    suites: [
      {
        id: 'rewardmath',
        version: '1',
        items: 483,
        dataset: 'sha256:00',
        data: 'x.json',
        format: 'rewardmath-results',
        primaryMetric: 'accuracy',
        options: {},
        warnings: [],
      },
    ],
    results: [{ model: 'tiny-rm', suite: 'rewardmath', subset: 'all', metric: 'accuracy', value: 0.205, ci: [0.17, 0.24], n: 483, higherIsBetter: true }],
  };
  t.ok(validate(run), JSON.stringify(validate.errors));
  const broken = { ...run, results: [{ ...run.results[0], ci: [0.17] }] };
  t.notOk(validate(broken), 'a CI with one bound is rejected');
});
