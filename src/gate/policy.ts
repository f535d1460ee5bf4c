import { readJsonFile } from '../core/data-files.js';
import { DataError } from '../core/errors.js';
import { validateAt } from '../core/validate.js';
import { checkKeys, GatePolicySchema, type GatePolicy, type GateRule } from './policy-schema.js';

/** Read and validate a policy file: bad JSON or a schema error is a DataError naming the file and field (exit 2). */
export async function readPolicy(file: string): Promise<GatePolicy> {
  const value = await readJsonFile(file);
  // ajv would explain a rule with no check as "missing required field min", which misleads.
  const rules = value !== null && typeof value === 'object' ? (value as { rules?: unknown }).rules : undefined;
  if (Array.isArray(rules)) {
    rules.forEach((r, i) => {
      if (r !== null && typeof r === 'object' && !Array.isArray(r) && !checkKeys.some((k) => k in r)) {
        throw new DataError({ file, field: `rules[${i}]` }, `a rule needs at least one check: ${checkKeys.join(', ')}`);
      }
    });
  }
  const policy = validateAt(GatePolicySchema, value, { file });
  policy.rules.forEach((r, i) => {
    if (r.min !== undefined && r.max !== undefined && r.min > r.max) {
      throw new DataError({ file, field: `rules[${i}].max` }, `max ${r.max} is below min ${r.min}, so the rule could never pass`);
    }
  });
  return policy;
}

export const isPattern = (p: string): boolean => p.includes('*');

/** A matcher for a pattern where `*` matches any run of characters and everything else is literal. */
export function matcher(pattern: string): (s: string) => boolean {
  if (!isPattern(pattern)) return (s) => s === pattern;
  const re = new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
    's',
  );
  return (s) => re.test(s);
}

export function ruleLabel(rule: GateRule, index: number): string {
  return rule.name ?? `rule ${index + 1}`;
}

/** The checks a rule asks for, in a fixed order. */
export function checksOf(rule: GateRule): (typeof checkKeys)[number][] {
  return checkKeys.filter((k) => rule[k] !== undefined);
}

export const needsBaseline = (rule: GateRule): boolean => rule.maxDrop !== undefined || rule.noSignificantDrop !== undefined;
