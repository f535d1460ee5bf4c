/**
 * Numbers from flags and spec options. `Number(text)` takes "", "0x10" and "1e3" and rounds
 * 9007199254740993 to …992 without a word, so a run would record a value the user never gave:
 * only decimal forms are read, and integers only where a double holds them exactly.
 */

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * An integer written in decimal digits within [min, max], or what is wrong with the text as a
 * phrase to follow the option's name ("must be an integer ≥ 1").
 */
export function integerOrProblem(text: string, min: number, max?: number): number | string {
  const range = max === undefined ? `an integer ≥ ${min}` : `an integer in [${min}, ${max}]`;
  const t = text.trim();
  if (!INTEGER.test(t)) return `must be ${range}`;
  const n = Number(t) + 0; // + 0 turns -0 into 0
  if (!Number.isSafeInteger(n)) return `must be an integer within ±${Number.MAX_SAFE_INTEGER} (larger ones are not stored exactly)`;
  return n >= min && (max === undefined || n <= max) ? n : `must be ${range}`;
}

/** A finite number written in decimal (optionally with an exponent), or undefined. */
export function decimalNumber(text: string): number | undefined {
  const t = text.trim();
  if (!DECIMAL.test(t)) return undefined;
  const x = Number(t) + 0;
  return Number.isFinite(x) ? x : undefined;
}
