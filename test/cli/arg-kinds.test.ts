import t, { type Test } from 'tap';
import { defineCommand, parseCommandArgs, renderHelp } from '../../src/cli/command.js';
import { cliIn } from '../support/in-process.js';

// Flag kinds are converted and checked where argv is parsed; the messages below are written out
// by hand from the rules (integers in decimal digits, bounds inclusive unless open).

const cmd = defineCommand({
  name: 'demo',
  description: 'A command to parse with.',
  args: {
    count: { type: 'int', min: 1, description: 'how many' },
    pct: { type: 'int', min: 0, max: 100, description: 'a percentage' },
    rate: { type: 'number', min: 0, max: 1, open: true, description: 'a rate' },
    weight: { type: 'number', min: 0, description: 'a weight' },
    color: { type: 'enum', values: ['red', 'green', 'blue'], description: 'a colour' },
    tag: { type: 'string', multiple: true, description: 'a tag' },
    loud: { type: 'boolean', description: 'shout' },
  },
  run: async () => {},
});

const parse = (...argv: string[]) => parseCommandArgs(cmd, argv).args;
const refused = (t: Test, argv: string[], message: string) => t.throws(() => parse(...argv), { exitCode: 2, message }, argv.join(' '));

t.test('int: decimal digits within its bounds, as a number', async (t) => {
  const a = parse('--count', '3', '--pct', '100');
  t.equal(a.count, 3);
  t.equal(a.pct, 100, 'the upper bound is allowed');
  t.equal(parse('--pct', '0').pct, 0, 'the lower bound is allowed');
  t.equal(parse().count, undefined, 'absent stays undefined, so a config file can fill it');
  refused(t, ['--count', '0'], '--count must be an integer ≥ 1, got "0"');
  refused(t, ['--count', '2.5'], '--count must be an integer ≥ 1, got "2.5"');
  refused(t, ['--count', '1e3'], '--count must be an integer ≥ 1, got "1e3"');
  refused(t, ['--pct', '101'], '--pct must be an integer in [0, 100], got "101"');
});

t.test('number: decimal forms; open bounds exclude the ends', async (t) => {
  t.equal(parse('--rate', '0.25').rate, 0.25);
  t.equal(parse('--weight', '0').weight, 0, 'a closed lower bound is allowed');
  t.equal(parse('--weight', '1e6').weight, 1000000);
  refused(t, ['--rate', '0'], '--rate must be a number in (0, 1), got "0"');
  refused(t, ['--rate', '1'], '--rate must be a number in (0, 1), got "1"');
  refused(t, ['--weight=-0.5'], '--weight must be a number in [0, Infinity], got "-0.5"');
  refused(t, ['--weight', '0x10'], '--weight must be a number in [0, Infinity], got "0x10"');
});

t.test('enum: one of its values; a near miss gets a suggestion', async (t) => {
  t.equal(parse('--color', 'green').color, 'green');
  refused(t, ['--color', 'blu'], '--color must be one of red, green, blue, got "blu" (did you mean "blue"?)');
  refused(t, ['--color', 'purple'], '--color must be one of red, green, blue, got "purple"');
});

t.test('string lists and booleans are as before', async (t) => {
  t.same(parse('--tag', 'a', '--tag', 'b').tag, ['a', 'b']);
  t.same(parse().tag, [], 'an absent list is empty');
  t.equal(parse('--loud').loud, true);
});

t.test('help shows each kind with its range or choices', async (t) => {
  const help = renderHelp(cmd);
  t.match(help, /--count N\s+how many \(an integer ≥ 1\)/);
  t.match(help, /--pct N\s+a percentage \(an integer in \[0, 100\]\)/);
  t.match(help, /--rate X\s+a rate \(a number in \(0, 1\)\)/);
  t.match(help, /--color red\|green\|blue\s+a colour/);
  t.match(help, /--tag VALUE\s+a tag \(repeatable\)/);
});

t.test('the CLI refuses a bad value before doing anything, with exit 2', async (t) => {
  const seed = await cliIn(['run', '--model', 'heuristic:length', '--seed=-1']);
  t.equal(seed.code, 2);
  t.match(seed.stderr, /--seed must be an integer ≥ 0, got "-1"/);
  const device = await cliIn(['run', '--model', 'heuristic:length', '--device', 'cdua']);
  t.equal(device.code, 2);
  t.match(device.stderr, /--device must be one of auto, cpu, cuda, webgpu, got "cdua" \(did you mean [^)]*"cuda"/);
  const level = await cliIn(['run', '--model', 'heuristic:length', '--ci-level', '1']);
  t.equal(level.code, 2);
  t.match(level.stderr, /--ci-level must be a number in \(0, 1\), got "1"/);
});
