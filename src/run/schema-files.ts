import { GatePolicySchema } from '../gate/policy-schema.js';
import { ConfigSchema } from './config-schema.js';
import { RunFileSchema } from '../core/run-schema.js';

/** The public JSON Schemas as file texts (plain JSON: TypeBox's symbol keys drop out). */
export function schemaFiles(): Record<string, string> {
  const text = (schema: object): string => JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', ...schema }, null, 2) + '\n';
  return { 'run.schema.json': text(RunFileSchema), 'config.schema.json': text(ConfigSchema), 'gate.schema.json': text(GatePolicySchema) };
}
