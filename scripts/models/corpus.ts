import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deriveSeed, Rng } from '../../src/core/random.js';
import { buildBestOfN } from '../datasets/best-of-n.js';
import { pairwiseA } from '../datasets/pairwise-a.js';
import { pairwiseB } from '../datasets/pairwise-b.js';

/**
 * Training pairs for the reference models: the dataset generator run with other seeds, so the
 * same templates and tables but new draws. Pairs whose prompt occurs anywhere in the built-in
 * test data are dropped (many prompts come from small fixed tables and recur across seeds), so
 * the reference models are evaluated on prompts they never saw.
 */

export interface TrainPair {
  prompt: string;
  chosen: string;
  rejected: string;
  subset: string;
}

export interface Corpus {
  pairs: TrainPair[];
  /** Generated pairs dropped because their prompt is in the test data. */
  droppedForOverlap: number;
  /** Seeds whose draw the generator refused (a fixed table ran out); skipped, deterministically. */
  skippedSeeds: string[];
}

const TRAIN_SEEDS = [101, 102, 103, 104];

function testPrompts(datasetsDir: string): Set<string> {
  const prompts = new Set<string>();
  for (const [file, key] of [
    ['pairwise.jsonl', 'prompt'],
    ['best-of-n.jsonl', 'prompt'],
    ['rewardmath.jsonl', 'problem'],
  ] as const) {
    for (const line of readFileSync(join(datasetsDir, file), 'utf8').split('\n')) {
      if (line.trim() !== '') prompts.add(String((JSON.parse(line) as Record<string, unknown>)[key]));
    }
  }
  return prompts;
}

export function trainingCorpus(datasetsDir: string): Corpus {
  const exclude = testPrompts(datasetsDir);
  const seen = new Set<string>();
  const pairs: TrainPair[] = [];
  const skippedSeeds: string[] = [];
  let droppedForOverlap = 0;
  const add = (p: TrainPair): void => {
    if (exclude.has(p.prompt)) {
      droppedForOverlap++;
      return;
    }
    const key = JSON.stringify([p.prompt, p.chosen, p.rejected]);
    if (seen.has(key)) return;
    seen.add(key);
    pairs.push(p);
  };
  for (const seed of TRAIN_SEEDS) {
    const streams = (suite: string) => (name: string) => new Rng(deriveSeed('reference-models', seed, suite, name));
    for (const [name, make] of [
      ['pairwise', () => [...pairwiseA(streams('pairwise'), 50), ...pairwiseB(streams('pairwise'), 50)]],
      [
        'best-of-n',
        () =>
          buildBestOfN(streams('best-of-n'), 40).flatMap((r) =>
            r.rejected.map((rej) => ({ prompt: r.prompt, chosen: r.chosen[0], rejected: rej, subset: r.subset })),
          ),
      ],
    ] as const) {
      let rows: TrainPair[];
      try {
        rows = make();
      } catch {
        skippedSeeds.push(`${name}:${seed}`);
        continue;
      }
      for (const r of rows) add({ prompt: r.prompt, chosen: r.chosen, rejected: r.rejected, subset: `${name}/${r.subset}` });
    }
  }
  return { pairs, droppedForOverlap, skippedSeeds };
}
