import t from 'tap';
import { parseCommandArgs, resolveCommand, type CommandDef } from '../../src/cli/command.js';
import { command as probe } from '../../src/cli/probe.js';
import { cliIn } from '../support/in-process.js';

// `probe bon` and `probe ppo` are subcommands with flags of their own.

const parse = (argv: string[]) => {
  const { cmd, rest, siblings } = resolveCommand(probe as CommandDef, argv);
  return { cmd, ...parseCommandArgs(cmd, rest, siblings) };
};

t.test('each subcommand has its own help: ppo flags only in ppo’s', async (t) => {
  const bon = await cliIn(['probe', 'bon', '--help']);
  t.equal(bon.code, 0);
  t.match(bon.stdout, /^Usage: rewardgauge probe bon \[options\]/);
  t.match(bon.stdout, /--pool FILE/);
  t.notMatch(bon.stdout, /--steps|--kl-coef|--heldout/, 'no PPO flag in bon’s help');
  const ppo = await cliIn(['probe', 'ppo', '-h']);
  t.equal(ppo.code, 0);
  t.match(ppo.stdout, /^Usage: rewardgauge probe ppo \[options\]/);
  t.match(ppo.stdout, /--steps N\s+iterations .*\(an integer ≥ 1\)/);
  const parent = await cliIn(['probe', '--help']);
  t.equal(parent.code, 0);
  t.match(parent.stdout, /^Usage: rewardgauge probe \[options\] <bon\|ppo>/);
  t.match(parent.stdout, /^ {2}bon {2}Best-of-n probe/m);
  t.match(parent.stdout, /^ {2}ppo {2}PPO probe/m);
});

t.test('an unknown or missing subcommand is a usage error with the choices', async (t) => {
  const typo = await cliIn(['probe', 'bno', '--pool', 'x']);
  t.equal(typo.code, 2);
  t.match(typo.stderr, /rewardgauge probe: expected one of bon, ppo, got "bno" \(did you mean "bon"/);
  const other = await cliIn(['probe', 'dpo']);
  t.match(other.stderr, /expected one of bon, ppo, got "dpo"/);
  const none = await cliIn(['probe', '--pool', 'x']);
  t.equal(none.code, 2);
  t.match(none.stderr, /rewardgauge probe: expected one of bon, ppo \(see rewardgauge probe --help\)/);
});

t.test('a flag of the other subcommand is refused, naming where it belongs', async (t) => {
  t.throws(() => parse(['bon', '--pool', 'p', '--steps', '3']), {
    exitCode: 2,
    message: 'rewardgauge probe bon: --steps is an option of rewardgauge probe ppo, not of probe bon (see rewardgauge probe bon --help)',
  });
  t.throws(() => parse(['bon', '--pol', 'p']), { exitCode: 2, message: /unknown option "--pol". Did you mean "--pool"\?/ });
});

t.test('the subcommand may come after flags, as the positional could', async (t) => {
  const a = parse(['-m', 'heuristic:length', 'ppo', '--steps', '3']);
  t.equal(a.cmd.name, 'probe ppo');
  t.same(a.args.model, ['heuristic:length']);
  t.equal(a.args.steps, 3);
  t.same(a.positionals, []);
});
