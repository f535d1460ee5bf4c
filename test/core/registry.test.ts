import t from 'tap';
import { UsageError } from '../../src/core/errors.js';
import { defineRegistry, editDistance, Registry, suggest } from '../../src/core/registry.js';

t.test('editDistance (Levenshtein)', async (t) => {
  t.equal(editDistance('kitten', 'sitting'), 3); // k→s, e→i, +g
  t.equal(editDistance('flaw', 'lawn'), 2); // −f, +n
  t.equal(editDistance('ab', 'ba'), 2, 'a transposition costs two edits');
  t.equal(editDistance('', 'abc'), 3);
  t.equal(editDistance('abc', ''), 3);
  t.equal(editDistance('same', 'same'), 0);
});

t.test('suggest', async (t) => {
  const suites = ['pairwise', 'best-of-n', 'rewardmath'];
  t.same(suggest('pairwse', suites), ['pairwise']); // distance 1, limit max(2, ⌈7/3⌉) = 3
  t.same(suggest('PAIRWISE', suites), ['pairwise'], 'case-insensitive');
  t.same(suggest('best', suites), ['best-of-n'], 'a prefix counts even when far');
  t.same(suggest('zzzzzz', suites), []);
  // limit 2: ab 0, then ac and xb at 1 by name, then zz at 2; 'zzz' is 3 away
  t.same(suggest('ab', ['zz', 'xb', 'zzz', 'ac', 'ab']), ['ab', 'ac', 'xb', 'zz']);
});

t.test('Registry with lazy loaders', async (t) => {
  const calls = { alpha: 0, beta: 0 };
  const reg = new Registry<'alpha' | 'beta', { name: string }>('suite', {
    beta: async () => {
      calls.beta++;
      return { name: 'B' };
    },
    alpha: async () => {
      calls.alpha++;
      return { name: 'A' };
    },
  });
  t.same(reg.ids(), ['alpha', 'beta']);
  t.ok(reg.has('alpha'));
  t.notOk(reg.has('toString'), 'inherited names are not ids');
  t.same(calls, { alpha: 0, beta: 0 }, 'nothing loaded up front');

  const first = await reg.load('alpha');
  const second = await reg.load('alpha');
  t.equal(first.name, 'A');
  t.equal(second, first, 'the same module object');
  t.same(calls, { alpha: 1, beta: 0 }, 'alpha loaded once, beta never');

  try {
    await reg.load('alpah');
    t.fail('should throw');
  } catch (err) {
    t.ok(err instanceof UsageError);
    t.equal((err as UsageError).exitCode, 2);
    t.equal((err as Error).message, 'unknown suite "alpah". Did you mean "alpha"? Available: alpha, beta.');
  }
  t.same(calls, { alpha: 1, beta: 0 }, 'a failed lookup loads nothing');

  t.throws(() => reg.check('qqqqqqqq'), { message: 'unknown suite "qqqqqqqq". Available: alpha, beta.' }, 'no hint when nothing is close');
});

t.test('defineRegistry', async (t) => {
  const reg = defineRegistry<number>()('metric', { one: async () => 1, two: async () => 2 });
  t.equal(await reg.load('two'), 2);
  t.equal(reg.check('one'), 'one');
  t.throws(() => reg.check('tow'), /Did you mean "two"\?/);
});

t.test('register: plugin ids beside the built-ins, never over them', async (t) => {
  const reg = defineRegistry<string>()('adapter', { onnx: async () => 'built-in' });
  reg.register('mine', async () => 'first', '/p/a.mjs');
  t.same(reg.ids(), ['mine', 'onnx']);
  t.ok(reg.has('mine'));
  t.ok(reg.isBuiltIn('onnx'));
  t.notOk(reg.isBuiltIn('mine'));
  t.equal(await reg.load('mine'), 'first');
  reg.register('mine', async () => 'edited', '/p/a.mjs');
  t.equal(await reg.load('mine'), 'edited', 'the same file again replaces its entry, not the cached module');
  t.throws(() => reg.register('onnx', async () => 'x', '/p/b.mjs'), {
    message: `plugin /p/b.mjs: "onnx" is a built-in adapter; give the plugin's adapter another id`,
    exitCode: 2,
  });
  t.throws(() => reg.register('mine', async () => 'x', '/p/b.mjs'), { message: 'plugin /p/b.mjs: adapter "mine" is already registered by plugin /p/a.mjs' });
  t.equal(await reg.load('onnx'), 'built-in');
});
