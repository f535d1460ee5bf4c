/**
 * Builds the reference reward models (scripts/models/catalog.ts) into models/:
 *
 *   npx tsx scripts/build-models.ts [--out DIR] [--if-missing] [--only ID[,ID...]] [--jobs N]
 *
 * Each model is trained here, in TypeScript, on the prompt-disjoint training corpus, and written
 * with the files a real export has (config.json, tokenizer.json, tokenizer_config.json, ONNX
 * graphs) plus a model card (README.md) and reference.json. No Python, no network. Everything is
 * seeded: two builds write byte-identical files. `--if-missing` skips a model whose
 * reference.json records the current build inputs (the catalog and the builder's sources).
 * `--jobs N` builds in N processes (training is single-threaded; `npm test` builds beside tsc).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildByteBpe } from './models/bpe.js';
import { CATALOG_VERSION, type ReferenceModel, REFERENCE_MODELS } from './models/catalog.js';
import { type Corpus, trainingCorpus } from './models/corpus.js';
import { ModelFolder } from './models/export.js';
import { buildModel, type BuildInputs, type TrainingReport } from './models/recipes.js';
import { buildWordPiece } from './models/wordpiece.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const flag = (name: string) => process.argv.indexOf(name);
const value = (name: string) => (flag(name) > 0 ? process.argv[flag(name) + 1] : undefined);
const outDir = resolve(value('--out') ?? join(root, 'models'));
const only = value('--only')?.split(',');
const ifMissing = flag('--if-missing') > 0;
const jobs = Math.max(1, Number(value('--jobs') ?? 1));

/** Training seconds by architecture, as measured on a 2-core machine (mini-bert 6.5, mini-llama 3.0): only for sharing out the work. */
const TRAIN_S: Record<ReferenceModel['recipe']['arch'], number> = { bow: 0.5, encoder: 6.5, decoder: 3, 'causal-lm': 0.6 };

/** The models in `jobs` parts of about equal training time, the longest placed first. */
function shareOut(models: ReferenceModel[]): ReferenceModel[][] {
  const parts = Array.from({ length: Math.min(jobs, models.length) }, () => ({ s: 0, models: [] as ReferenceModel[] }));
  for (const m of [...models].sort((a, b) => TRAIN_S[b.recipe.arch] - TRAIN_S[a.recipe.arch])) {
    const part = parts.reduce((a, b) => (b.s < a.s ? b : a));
    part.s += TRAIN_S[m.recipe.arch];
    part.models.push(m);
  }
  return parts.map((p) => p.models);
}

/** Builds each part in a process of its own (this script again, with the same loader). */
async function inProcesses(parts: ReferenceModel[][]): Promise<void> {
  const script = fileURLToPath(import.meta.url);
  const codes = await Promise.all(
    parts.map(
      (part) =>
        new Promise<number | null>((done) => {
          const args = [...process.execArgv, script, '--out', outDir, '--only', part.map((m) => m.id).join(',')];
          spawn(process.execPath, args, { stdio: 'inherit' }).on('close', done);
        }),
    ),
  );
  if (codes.some((c) => c !== 0)) throw new Error(`building the reference models failed (exit codes ${codes.join(', ')})`);
}

/** Everything that determines the models' bytes: a change to any of it rebuilds them. */
function buildInputsHash(): string {
  const h = createHash('sha256').update(CATALOG_VERSION);
  const files = [
    ...['scripts/build-models.ts', 'datasets/manifest.json', 'src/core/random.ts'],
    ...['scripts/models', 'src/onnx', 'scripts/datasets'].flatMap((d) =>
      readdirSync(join(root, d))
        .sort()
        .map((f) => `${d}/${f}`),
    ),
  ];
  for (const f of files) h.update(f).update(readFileSync(join(root, f)));
  return `sha256:${h.digest('hex')}`;
}

function upToDate(dir: string, hash: string): boolean {
  try {
    return (JSON.parse(readFileSync(join(dir, 'reference.json'), 'utf8')) as { buildInputs?: string }).buildInputs === hash;
  } catch {
    return false;
  }
}

function card(m: ReferenceModel, report: TrainingReport, corpus: Corpus, files: ModelFolder['files']): string {
  const fmt = (x: number) => x.toFixed(4);
  return [
    `# ${m.id}`,
    '',
    `A reference reward model built by \`scripts/build-models.ts\`: ${m.summary}.`,
    'It is for testing and demonstrating rewardgauge, not for ranking real models.',
    '',
    `Load it with \`--model ${m.adapter}:models/${m.id}\`.`,
    '',
    '## Training',
    '',
    `- Data: ${report.pairs} preference pairs from the dataset generator run with other seeds (${corpus.pairs.length} in the corpus;`,
    `  ${corpus.droppedForOverlap} generated pairs were dropped because their prompt is in the built-in test data).`,
    `- Labels: ${JSON.stringify(m.recipe.labels)}; ${report.flipped} preferences reversed by the recipe.`,
    `- Bradley-Terry fit on the training pairs: loss ${fmt(report.trainLoss)}, accuracy ${fmt(report.trainAccuracy)}.`,
    `- Parameters: ${report.parameters}.`,
    '',
    '## Recipe',
    '',
    '```json',
    JSON.stringify(m.recipe, null, 2),
    '```',
    '',
    '## Files',
    '',
    '| file | bytes | sha256 |',
    '| --- | ---: | --- |',
    ...files.map((f) => `| ${f.path} | ${f.bytes} | ${f.sha256.slice(0, 16)}… |`),
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const wanted = REFERENCE_MODELS.filter((m) => !only || only.includes(m.id));
  if (only && wanted.length !== only.length) throw new Error(`unknown model in --only; known: ${REFERENCE_MODELS.map((m) => m.id).join(', ')}`);
  const hash = buildInputsHash();
  const todo = wanted.filter((m) => !(ifMissing && upToDate(join(outDir, m.id), hash)));
  if (todo.length === 0) return;
  mkdirSync(outDir, { recursive: true });
  if (jobs > 1 && todo.length > 1) return inProcesses(shareOut(todo));
  const started = performance.now();
  const corpus = trainingCorpus(join(root, 'datasets'));
  const texts = corpus.pairs.flatMap((p) => [p.prompt, p.chosen, p.rejected]);
  let wp: ReturnType<typeof buildWordPiece> | undefined;
  let bpe: ReturnType<typeof buildByteBpe> | undefined;
  const inputs: BuildInputs = {
    pairs: corpus.pairs,
    wordpiece: () => (wp ??= buildWordPiece(texts, 2, 512)),
    bpe: () => (bpe ??= buildByteBpe(texts, 1000, 1024)),
  };
  console.error(`building ${todo.length} reference model(s) into ${outDir} (${corpus.pairs.length} training pairs)`);
  for (const m of todo) {
    const t = performance.now();
    const folder = new ModelFolder(join(outDir, m.id));
    try {
      const report = await buildModel(m, folder, inputs);
      const meta = { id: m.id, adapter: m.adapter, summary: m.summary, catalogVersion: CATALOG_VERSION, buildInputs: hash, recipe: m.recipe, training: report };
      folder.write('README.md', card(m, report, corpus, folder.files));
      folder.write('reference.json', meta);
      folder.commit();
      const s = ((performance.now() - t) / 1000).toFixed(1);
      console.error(`  ${m.id.padEnd(14)} ${String(report.parameters).padStart(9)} params  train accuracy ${report.trainAccuracy.toFixed(3)}  ${s} s`);
    } catch (err) {
      folder.abandon();
      throw err;
    }
  }
  console.error(`built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

if (existsSync(join(root, 'datasets', 'manifest.json'))) await main();
else throw new Error('datasets/manifest.json is missing; run from a rewardgauge checkout');
