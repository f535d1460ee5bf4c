import t from 'tap';
import { Type } from '@sinclair/typebox';
import type { ErrorObject } from 'ajv';
import { DataError } from '../../src/core/errors.js';
import { explain, fieldPath, isValid, validateAt } from '../../src/core/validate.js';

const Row = Type.Object(
  {
    prompt: Type.String(),
    chosen: Type.Array(Type.String()),
    label: Type.Optional(Type.Union([Type.String(), Type.Number()])),
    meta: Type.Optional(Type.Object({ level: Type.Integer() })),
  },
  { additionalProperties: false },
);
const where = { file: 'data/x.jsonl', line: 12 };

function failure(value: unknown, loc: { file: string; line?: number; field?: string } = where): DataError {
  try {
    validateAt(Row, value, loc);
  } catch (err) {
    if (err instanceof DataError) return err;
    throw err;
  }
  throw new Error('expected validation to fail');
}

t.test('fieldPath', async (t) => {
  t.equal(fieldPath('/chosen/2/text'), 'chosen[2].text');
  t.equal(fieldPath('/chosen/2', 'text'), 'chosen[2].text');
  t.equal(fieldPath('', 'prompt'), 'prompt');
  t.equal(fieldPath('/0/a'), '[0].a');
  t.equal(fieldPath('/a~1b/x~0y'), 'a/b.x~y', 'JSON-pointer escapes decoded');
});

t.test('a valid value is returned as is', async (t) => {
  const v = { prompt: 'p', chosen: ['a'], label: 3 };
  t.equal(validateAt(Row, v, where), v);
  t.ok(isValid(Row, v));
  t.notOk(isValid(Row, { prompt: 'p' }));
});

t.test('string lengths count characters, as JSON Schema says, whichever way a schema is checked', async (t) => {
  const NonEmpty = Type.Object({ text: Type.String({ minLength: 1 }) });
  t.ok(isValid(NonEmpty, { text: '\ud83d\ude00' }));
  t.ok(isValid(NonEmpty, { text: '\ud83d' }), 'a lone surrogate is a character');
  t.notOk(isValid(NonEmpty, { text: '' }));
  t.throws(() => validateAt(NonEmpty, { text: '' }, where), { message: /expected a non-empty string/ }, 'the same message');
  // Limits above one: two UTF-16 units that are one character are one character.
  t.notOk(isValid(Type.String({ minLength: 2 }), '\ud83d\ude00'));
  t.ok(isValid(Type.String({ minLength: 2 }), 'ab'));
  t.notOk(isValid(Type.Object({ a: Type.Optional(Type.String({ maxLength: 1 })) }), { a: 'ab' }));
  t.ok(isValid(Type.Object({ a: Type.Optional(Type.String({ maxLength: 1 })) }), { a: '\ud83d\ude00' }));
});

t.test('missing field', async (t) => {
  const e = failure({ chosen: ['a'] });
  t.equal(e.location.field, 'prompt');
  t.equal(e.problem, 'missing required field');
  t.equal(e.exitCode, 2);
  t.equal(e.message, 'data/x.jsonl:12 field "prompt": missing required field');
});

t.test('wrong type at a nested array index', async (t) => {
  const e = failure({ prompt: 'p', chosen: ['a', 'b', 5] });
  t.equal(e.location.field, 'chosen[2]');
  t.equal(e.problem, 'expected string, got number 5');
  t.ok(e.message.startsWith('data/x.jsonl:12'), e.message);
  t.equal(e.exitCode, 2);
});

t.test('the deepest failure wins over a shallower missing field', async (t) => {
  // prompt is missing (depth 1) and meta.level is a string (depth 2): the deeper one is reported
  const e = failure({ chosen: [], meta: { level: 'x' } });
  t.equal(e.location.field, 'meta.level');
  t.equal(e.problem, 'expected integer, got string "x"');
});

t.test('union alternatives are merged into one sentence', async (t) => {
  const e = failure({ prompt: 'p', chosen: [], label: true });
  t.equal(e.location.field, 'label');
  t.equal(e.problem, 'expected string or number, got boolean true');
});

t.test('unknown field', async (t) => {
  const e = failure({ prompt: 'p', chosen: [], extra: 1 });
  t.equal(e.location.field, 'extra');
  t.equal(e.problem, 'unknown field "extra"');
});

t.test('a field prefix from the location', async (t) => {
  t.equal(failure({ prompt: 'p', chosen: [1] }, { ...where, field: 'row' }).location.field, 'row.chosen[0]');
  let caught: unknown;
  try {
    validateAt(Type.Array(Type.String()), ['a', null], { file: 'f.json', line: 3, field: 'items' });
  } catch (err) {
    caught = err;
  }
  t.ok(caught instanceof DataError);
  t.equal((caught as DataError).location.field, 'items[1]', 'no dot before an index');
  t.equal((caught as DataError).message, 'f.json:3 field "items[1]": expected string, got null');
});

t.test('explain on hand-made errors', async (t) => {
  const err = (instancePath: string, keyword: string, params: Record<string, unknown>): ErrorObject =>
    ({ instancePath, schemaPath: '#', keyword, params }) as ErrorObject;
  const value = { xs: [1, 2, { y: NaN }] };
  t.same(
    explain([err('/xs/2/y', 'type', { type: 'string' }), err('/xs/2/y', 'enum', { allowedValues: ['a'] }), err('/xs', 'minItems', { limit: 5 })], value),
    { field: 'xs[2].y', problem: 'expected string, got NaN' },
    'deepest path, same keyword only; non-finite numbers shown by name',
  );
  t.same(explain([err('/xs', 'minItems', { limit: 5 })], value), {
    field: 'xs',
    problem: 'expected at least 5 item(s), got an array',
  });
  t.same(explain([], value), { field: '', problem: 'invalid value' });
});
