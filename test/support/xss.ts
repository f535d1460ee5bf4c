import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { referenceModel, writeJsonl } from './helpers.js';

/**
 * Hostile dataset text for the report tests. Each payload, if it ever ran, would set
 * `window.__xss`; the page must show every one of them as text.
 */
export const PAYLOADS = [
  '<script>window.__xss=1</script>',
  '<img src=x onerror="window.__xss=2">',
  '</textarea><script>window.__xss=3</script>',
  '<a href="javascript:window.__xss=4">click me</a>',
  'javascript:window.__xss=5',
  '"><svg onload=window.__xss=6>',
  '\'><iframe srcdoc="<script>parent.__xss=7</script>">',
  '</pre></details></td></tr></table><script>window.__xss=8</script>',
] as const;

/**
 * A pairwise dataset whose prompts, responses and subset names are payloads, and a config
 * naming models with payload ids: a real ONNX model and trivial baselines (length and shortest, so every item is lost by one of them).
 */
export function writeXssRun(dir: string): { data: string; config: string } {
  const rows = Array.from({ length: 24 }, (_, i) => {
    const p = PAYLOADS[i % PAYLOADS.length]!;
    return {
      id: `${p} #${i}`,
      prompt: `Question ${i}: ${p}`,
      chosen: `${p} short ${i}`,
      rejected: `${PAYLOADS[(i + 3) % PAYLOADS.length]} a much longer rejected answer ${'x'.repeat(i)}`,
      subset: PAYLOADS[i % 3]!,
    };
  });
  const data = writeJsonl(dir, 'xss.jsonl', rows);
  const config = join(dir, 'config.json');
  writeFileSync(
    config,
    JSON.stringify({
      models: [
        { adapter: 'onnx', target: referenceModel('bow-clean'), id: '<img src=x onerror="window.__xss=9">' },
        { adapter: 'heuristic', target: 'length', id: '"><script>window.__xss=11</script>' },
        { adapter: 'heuristic', target: 'random', id: '<script>window.__xss=10</script>' },
        { adapter: 'heuristic', target: 'shortest', id: 'short-wins' },
      ],
      suites: [{ id: 'pairwise', data }],
      bootstrap: { samples: 200 },
      cache: { enabled: false },
    }),
  );
  return { data, config };
}
