import t from 'tap';
import { defineAdapter, opt, parseAdapterOptions, parseOptions } from '../../src/core/define-adapter.js';
import { UsageError } from '../../src/core/errors.js';
import { parseModelSpec } from '../../src/core/model-spec.js';
import type { RewardModel } from '../../src/core/types.js';

const def = defineAdapter({
  id: 'demo',
  description: 'a demo adapter',
  options: {
    size: opt.int({ min: 1, description: 'texts per call' }),
    temperature: opt.number({ min: 0, max: 2, default: 1, description: 'sampling temperature' }),
    strict: opt.bool({ default: false, description: 'fail on warnings' }),
    mode: opt.enum(['fast', 'exact'], { description: 'speed or exactness' }),
    label: opt.string({ description: 'output label' }),
  },
  async create(_spec, opts) {
    // Compile-time checks of the derived types: a default makes the value always present.
    const temperature: number = opts.temperature;
    const strict: boolean = opts.strict;
    const size: number | undefined = opts.size;
    const mode: 'fast' | 'exact' | undefined = opts.mode;
    void [temperature, strict, size, mode];
    return {} as RewardModel;
  },
});

const parse = (spec: string) => parseAdapterOptions(def, parseModelSpec(spec), process.cwd(), ['id', 'batchSize']);

t.test('values are converted, defaults filled, absent options without default left out', async (t) => {
  t.same(parse('demo:x?size=3&mode=fast'), { size: 3, mode: 'fast', temperature: 1, strict: false });
  t.same(parse('demo:x?temperature=0.25&strict=true&label=LABEL_1'), { temperature: 0.25, strict: true, label: 'LABEL_1' });
});

t.test('bad values name the model, the option, the value and what was expected', async (t) => {
  t.throws(() => parse('demo:x?size=0'), { message: 'model "demo:x?size=0": size must be an integer ≥ 1, got "0"' });
  t.throws(() => parse('demo:x?size=2.5'), { message: /size must be an integer ≥ 1, got "2.5"/ });
  t.throws(() => parse('demo:x?temperature=3'), { message: /temperature must be a number in \[0, 2\], got "3"/ });
  t.throws(() => parse('demo:x?temperature=abc'), { message: /temperature must be a number in \[0, 2\], got "abc"/ });
  t.throws(() => parse('demo:x?strict=yes'), { message: /strict must be true or false, got "yes"/ });
  t.throws(() => parse('demo:x?mode=fsat'), { message: /unknown mode "fsat". Did you mean "fast"\?/ });
});

t.test('an unknown option is a usage error with suggestions, core options included', async (t) => {
  t.throws(() => parse('demo:x?sise=2'), { message: /unknown option for demo "sise". Did you mean "size"\?/, exitCode: 2 });
  t.throws(() => parse('demo:x?batchSise=2'), { message: /Did you mean "batchSize"\?/ });
});

t.test('kinds for tables', async (t) => {
  t.equal(def.options.size.kind, 'int ≥ 1');
  t.equal(def.options.temperature.kind, 'number in [0, 2]');
  t.equal(def.options.mode.kind, 'fast|exact');
});

t.test('a listed enum words a bad value as the choices, as the old two-way options did', async (t) => {
  const frame = { frame: opt.enum(['line', 'batch'], { listed: true, default: 'line', description: 'framing' }) };
  const spec = (q: string) => parseModelSpec(`demo:x?${q}`);
  t.throws(() => parseOptions(frame, spec('frame=lines'), process.cwd()), { message: 'model "demo:x?frame=lines": frame must be line or batch, got "lines"' });
  const three = { a: opt.enum(['x', 'y', 'z'], { listed: true, description: '' }) };
  t.throws(() => parseOptions(three, spec('a=w'), process.cwd()), { message: /a must be x, y or z, got "w"/ });
  t.same(parseOptions(frame, spec('frame=batch'), process.cwd()), { frame: 'batch' });
  t.same(parseOptions(frame, spec(''), process.cwd()), { frame: 'line' }, 'the default');
  t.equal(frame.frame.kind, 'line|batch');
});

t.test('parseOptions reads only the options it declares (the factory parses the core ones with it)', async (t) => {
  const core = { batchSize: opt.int({ min: 1, description: '' }) };
  t.same(parseOptions(core, parseModelSpec('demo:x?batchSize=8&size=3'), process.cwd()), { batchSize: 8 });
  t.same(parseOptions(core, parseModelSpec('demo:x?size=3'), process.cwd()), {});
});

t.test('a custom option: its own parser and kind, its default, its errors named like the others', async (t) => {
  const defs = {
    args: opt.custom({ kind: 'words', default: [] as string[], description: '', parse: (text) => text.split(' ') }),
    mb: opt.custom({
      kind: 'number > 0',
      description: '',
      parse(text, name) {
        if (!(Number(text) > 0)) throw new UsageError(`${name} must be a number of megabytes > 0, got "${text}"`);
        return Number(text);
      },
    }),
  };
  t.same(parseOptions(defs, parseModelSpec('demo:x?args=a b'), process.cwd()), { args: ['a', 'b'] });
  t.same(parseOptions(defs, parseModelSpec('demo:x'), process.cwd()), { args: [] });
  t.throws(() => parseOptions(defs, parseModelSpec('demo:x?mb=0'), process.cwd()), {
    message: 'model "demo:x?mb=0": mb must be a number of megabytes > 0, got "0"',
    exitCode: 2,
  });
});
