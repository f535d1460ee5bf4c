import { resolve } from 'node:path';
import { Type } from '@sinclair/typebox';
import { readDataFile } from '../core/data-files.js';
import { UsageError } from '../core/errors.js';
import { validateAt } from '../core/validate.js';
import { defineCommand } from './command.js';

const InputRow = Type.Object({ gold: Type.String(), response: Type.String() });

export const command = defineCommand({
  name: 'verify',
  description:
    'Check math answers with the verifier:math rules and print one JSON line per input, in order: {"correct", "extracted", "normalizedGold", "normalizedAnswer", "reason"}.',
  args: {
    input: { type: 'string', value: 'FILE', short: 'i', description: 'JSON Lines of {"gold": text, "response": text}' },
    tolerance: { type: 'number', min: 0, max: 1, description: 'relative tolerance between numbers that are not exactly equal', default: '1e-9' },
    units: { type: 'enum', values: ['strip'], description: 'strip trailing units (5 cm = 5); off unless given' },
    percent: { type: 'boolean', description: 'let 50\\% also mean 0.5 (otherwise the percent sign is dropped)' },
  },
  examples: ['rewardgauge verify --input answers.jsonl', 'rewardgauge verify --input answers.jsonl --tolerance 1e-6 --units strip --percent'],
  async run({ args, io }) {
    if (args.input === undefined) throw new UsageError('rewardgauge verify: pass --input FILE.jsonl');
    const tolerance = args.tolerance ?? 1e-9;
    const file = resolve(io.cwd, args.input);
    const data = await readDataFile(file);
    const rows = data.records.map((r) => validateAt(InputRow, r.value, { file, line: r.line }));
    const { MathVerifier } = await import('../verifiers/math/verify.js');
    const verifier = new MathVerifier({ tolerance, stripUnits: args.units === 'strip', percent: args.percent === true });
    for (const row of rows) io.stdout.write(`${JSON.stringify(await verifier.verify(row.gold, row.response))}\n`);
  },
});
