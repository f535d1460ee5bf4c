import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { command } from '../../src/cli/gate.js';
import { command as report } from '../../src/cli/report.js';
import { command as run } from '../../src/cli/run.js';
import { readPolicy } from '../../src/gate/policy.js';
import { root, tmp } from '../support/helpers.js';

// docs/ci.md stays true: its policy example is a valid policy, and its workflow uses only flags gate has.

const doc = readFileSync(join(root, 'docs', 'ci.md'), 'utf8');

t.test('the policy example in docs/ci.md validates', async (t) => {
  const block = /## The policy file\s+```json\n([\s\S]*?)```/.exec(doc)?.[1];
  t.ok(block, 'found the example');
  const file = join(tmp(t), 'gate.json');
  writeFileSync(file, block!);
  const policy = await readPolicy(file);
  t.equal(policy.rules.length, 4);
  t.ok(
    policy.rules.some((r) => r.model?.includes('*') && r.model !== '*'),
    'it shows a pattern with * inside',
  );
});

t.test('the workflow passes gate only the flags it has', async (t) => {
  const gateCalls = [...doc.matchAll(/bin\.js gate ([\s\S]*?)\n\n/g)].map((m) => m[1]!);
  t.ok(gateCalls.length >= 1);
  const known = new Set(Object.keys(command.args));
  for (const call of gateCalls) for (const [, flag] of call.matchAll(/--([a-z-]+)/g)) t.ok(known.has(flag!), `--${flag}`);
});

t.test('the workflow passes run and report only the flags they have', async (t) => {
  for (const [verb, cmd] of [
    ['run', run],
    ['report', report],
  ] as const) {
    const calls = [...doc.matchAll(new RegExp(`bin\\.js ${verb}\\s([\\s\\S]*?)\\n\\n`, 'g'))].map((m) => m[1]!);
    t.ok(calls.length >= 1, `the workflow calls ${verb}`);
    const known = new Set(Object.keys(cmd.args));
    for (const call of calls) for (const [, flag] of call.matchAll(/--([a-z-]+)/g)) t.ok(known.has(flag!), `${verb} --${flag}`);
  }
});
