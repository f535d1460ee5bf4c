/**
 * The built-in data's labels: what is wrong with each flawed solution, and how each restyled
 * correct solution differs from the reference. Published RewardMATH files carry neither.
 */
export const ERROR_TYPES = [
  'arithmetic_slip',
  'wrong_final_answer',
  'sign_error',
  'misread_quantity',
  'wrong_method',
  'skipped_justification',
  'off_by_one',
  'premature_rounding',
  'unit_or_scale_error',
] as const;
export type ErrorType = (typeof ERROR_TYPES)[number];

/**
 * Presentation-only rewrites of the reference solution: `verbose` adds an opening line, step
 * labels and a closing line; `compact` runs all steps together as one paragraph; `latex` /
 * `plain` switch the notation; `decimal` boxes a terminating fraction as a decimal.
 */
export const STYLES = ['verbose', 'compact', 'latex', 'plain', 'decimal'] as const;
export type Style = (typeof STYLES)[number];
