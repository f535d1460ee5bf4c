import { answersEqual, type Comparer, type Engine, type EquivalenceOptions } from './equivalence.js';
import { extractAnswer } from './extract.js';
import { answerHack, responseHack } from './hacking.js';
import { normalizeAnswer, showAnswer, type Answer, type NormalizeOptions } from './normalize.js';

/** Bump when a rule changes a verdict: it is part of the `verifier:math` fingerprint (score cache). */
export const mathVerifierVersion = '1';

export interface MathVerifyOptions extends EquivalenceOptions, NormalizeOptions {}

export const defaultMathVerifyOptions: MathVerifyOptions = { tolerance: 1e-9, percent: false, stripUnits: false };

export interface MathVerdict {
  correct: boolean;
  extracted: string | null;
  normalizedGold: string;
  normalizedAnswer: string | null;
  /** Why: `equivalent`, `not-equivalent`, `no-answer`, `multiple-boxed-answers`, or a hacking reason. */
  reason: string;
}

const placeholder = /^(?:\\[hv]?phantom\{[^{}]*\}|\\q?quad|\\square|\\Box|_+|\?+)$/;

let enginePromise: Promise<Engine> | undefined;
/** The compute engine loads on first need: many verdicts are settled by the cheap rules alone. */
function loadEngine(): Promise<Engine> {
  enginePromise ??= import('@cortex-js/compute-engine').then(({ ComputeEngine }) => new ComputeEngine() as unknown as Engine);
  return enginePromise;
}

/** A verifier with its options and caches: reuse one across a dataset (golds repeat). */
export class MathVerifier {
  readonly options: MathVerifyOptions;
  private readonly comparer: Comparer;
  private readonly golds = new Map<string, Answer>();

  constructor(options: Partial<MathVerifyOptions> = {}) {
    this.options = { ...defaultMathVerifyOptions, ...options };
    this.comparer = { options: this.options, engine: loadEngine, cache: new Map() };
  }

  private gold(text: string): Answer {
    let g = this.golds.get(text);
    if (!g) {
      g = normalizeAnswer(text, this.options);
      this.golds.set(text, g);
    }
    return g;
  }

  async verify(goldText: string, response: string): Promise<MathVerdict> {
    const gold = this.gold(goldText);
    const normalizedGold = showAnswer(gold);
    const { answer, boxes } = extractAnswer(response);
    const verdict = (correct: boolean, reason: string, normalizedAnswer: string | null = null): MathVerdict => ({
      correct,
      extracted: answer,
      normalizedGold,
      normalizedAnswer,
      reason,
    });
    const hack = responseHack(response);
    if (hack) return verdict(false, hack);
    if (answer === null) return verdict(false, 'no-answer');
    const answerIssue = answerHack(answer, goldText);
    if (answerIssue) return verdict(false, answerIssue);
    const parsed = normalizeAnswer(answer, this.options);
    const shown = showAnswer(parsed);
    // Several boxed finals that disagree: rewarding the last would reward hedging across boxes.
    // A box holding only a blank (`\boxed{\phantom{2}}`, `\boxed{\quad}`) restates the question.
    const distinct = [...new Set(boxes.map((b) => b.trim()).filter((b) => !placeholder.test(b)))];
    if (distinct.length > 1) {
      for (const b of distinct) {
        if (answerHack(b, goldText) === 'empty-answer') return verdict(false, 'multiple-boxed-answers', shown);
        if (!(await answersEqual(this.comparer, normalizeAnswer(b, this.options), parsed))) return verdict(false, 'multiple-boxed-answers', shown);
      }
    }
    const equal = await answersEqual(this.comparer, gold, parsed);
    return verdict(equal, equal ? 'equivalent' : 'not-equivalent', shown);
  }
}

/** One verdict with fresh caches; use a `MathVerifier` for many. */
export function verifyMath(gold: string, response: string, options: Partial<MathVerifyOptions> = {}): Promise<MathVerdict> {
  return new MathVerifier(options).verify(gold, response);
}
