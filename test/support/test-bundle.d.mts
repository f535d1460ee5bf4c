// Types for test-bundle.mjs, which the runner loads as plain JavaScript; a test imports it from TypeScript.
export function bundleOf(outdir: string, job: { name: string; group: boolean }): string;
export function bundleTests(o: {
  root: string;
  outdir: string;
  files: string[];
  unbundled: Set<string>;
  groups: { name: string; files: string[] }[];
  timeoutS: number;
}): Promise<void>;
