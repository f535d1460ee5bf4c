import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { Ajv } from 'ajv';
import { DataError } from '../../src/core/errors.js';
import { matcher, readPolicy } from '../../src/gate/policy.js';
import { root, tmp } from '../support/helpers.js';

// The policy file: patterns, validation errors that name the file and field, and the committed schema.

t.test('patterns: * matches any run of characters, everything else is literal', async (t) => {
  t.ok(matcher('*')('anything at all'));
  t.ok(matcher('*')(''));
  t.ok(matcher('bow-*')('bow-1'));
  t.ok(matcher('bow-*')('bow-'));
  t.notOk(matcher('bow-*')('rainbow-1'), 'anchored at the start');
  t.ok(matcher('*-rm')('tiny-rm'));
  t.notOk(matcher('*-rm')('tiny-rm2'), 'anchored at the end');
  t.ok(matcher('a*b*c')('a--b--c'));
  t.notOk(matcher('a*b*c')('a--c'));
  t.ok(matcher('level=*')('level=3'));
  t.ok(matcher('x.y')('x.y'));
  t.notOk(matcher('x.y')('xzy'), '. is literal, not a regex wildcard');
  t.notOk(matcher('(a|b)*')('a'), 'regex syntax is literal');
  t.ok(matcher('(a|b)*')('(a|b)-1'));
  t.ok(matcher('line*')('line\nbreak'), '* spans newlines in user ids');
  t.notOk(matcher('tiny-rm')('tiny-rm2'), 'an exact name matches only itself');
});

async function policyError(t: Test, text: string): Promise<DataError> {
  const file = join(tmp(t), 'gate.json');
  writeFileSync(file, text);
  try {
    await readPolicy(file);
  } catch (err) {
    if (err instanceof DataError) return err;
    throw err;
  }
  throw new Error(`expected ${text} to be rejected`);
}

t.test('a good policy reads back as written', async (t) => {
  const file = join(tmp(t), 'gate.json');
  const policy = {
    rules: [{ model: '*', suite: 'pairwise', subset: 'all', metric: 'accuracy', min: 0.6, max: 1, maxDrop: 0.02, noSignificantDrop: { alpha: 0.05 } }],
  };
  writeFileSync(file, JSON.stringify(policy));
  t.same(await readPolicy(file), policy);
});

t.test('schema errors name the file and the field', async (t) => {
  const wrongType = await policyError(t, JSON.stringify({ rules: [{ min: 0.5 }, { min: '0.6' }] }));
  t.match(wrongType.location, { field: 'rules[1].min' });
  t.match(wrongType.message, /gate\.json field "rules\[1\]\.min": expected number, got string "0\.6"/);

  const typo = await policyError(t, JSON.stringify({ rules: [{ min: 0.5, maxdrop: 0.1 }] }));
  t.match(typo.message, /field "rules\[0\]\.maxdrop": unknown field "maxdrop"/);

  const alpha = await policyError(t, JSON.stringify({ rules: [{ noSignificantDrop: { alpha: 0.7 } }] }));
  t.match(alpha.message, /field "rules\[0\]\.noSignificantDrop\.alpha"/);

  const noAlpha = await policyError(t, JSON.stringify({ rules: [{ noSignificantDrop: { samples: 100 } }] }));
  t.match(noAlpha.message, /field "rules\[0\]\.noSignificantDrop\.alpha": missing required field/);

  const empty = await policyError(t, JSON.stringify({ rules: [] }));
  t.match(empty.message, /field "rules": expected at least 1 item/);

  const none = await policyError(t, JSON.stringify({ rules: [{ min: 0.5 }, { suite: 'pairwise', metric: 'accuracy' }] }));
  t.match(none.message, /field "rules\[1\]": a rule needs at least one check: min, max, maxDrop, noSignificantDrop/);

  const never = await policyError(t, JSON.stringify({ rules: [{ min: 0.9, max: 0.5 }] }));
  t.match(never.message, /field "rules\[0\]\.max": max 0\.5 is below min 0\.9/);
});

t.test('bad JSON names the file and line', async (t) => {
  const e = await policyError(t, '{\n  "rules": [\n    {"min": 0.5,}\n  ]\n}\n');
  t.equal(e.location.line, 3);
  t.match(e.message, /gate\.json:3:\d+: invalid JSON/);
  const missing = await readPolicy(join(tmp(t), 'nope.json')).catch((err: unknown) => err);
  t.match(missing, { message: /nope\.json: file not found/ });
});

t.test('the committed schemas/gate.schema.json, in a plain ajv, enforces at least one check', async (t) => {
  const { $schema: _ignored, ...body } = JSON.parse(readFileSync(join(root, 'schemas', 'gate.schema.json'), 'utf8')) as Record<string, unknown>;
  const validate = new Ajv({ strict: false }).compile(body);
  t.ok(
    validate({
      rules: [{ model: '*', suite: 'pairwise', subset: 'all', metric: 'accuracy', min: 0.6, max: 1, maxDrop: 0.02, noSignificantDrop: { alpha: 0.05 } }],
    }),
  );
  t.ok(validate({ rules: [{ maxDrop: 0.01, baselineModel: 'prod-rm', name: 'no regression' }] }));
  t.notOk(validate({ rules: [{ model: '*', suite: 'pairwise' }] }), 'a rule without a check');
  t.notOk(validate({ rules: [{ min: 0.5, extra: 1 }] }), 'an unknown key');
  t.notOk(validate({ rules: [] }), 'no rules');
});
