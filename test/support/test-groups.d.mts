// Types for test-groups.mjs, which the runner loads as plain JavaScript; its test imports it from TypeScript.
export interface Job {
  name: string;
  files: string[];
  cost: number;
  group: boolean;
  i: number;
}
export const GROUP_BELOW_S: number;
export const GROUP_CPU_S: number;
export function costsFile(root: string): string;
export function readCosts(root: string): Record<string, number>;
export function planJobs(o: { names: string[]; costs: Record<string, number>; canGroup: (name: string) => boolean; grouping?: boolean; seed?: number }): Job[];
export interface GroupBlock {
  body: string[];
  ok: boolean;
  ended: boolean;
  diag: string[];
  ms: number;
}
export function splitGroup(out: string): Map<string, GroupBlock>;
export interface ProcessResult {
  out: string;
  err: string;
  code: number | null;
  signal: string | null;
}
export function exitDiag(result: Omit<ProcessResult, 'out'>): string[];
export function groupResults(
  files: string[],
  result: ProcessResult,
): { reports: { file: string; body: string; ok: boolean; diag: string[]; ms: number }[]; notBegun: string[] };
