import type { ScoreRequest } from '../../../src/core/types.js';

/**
 * Math answers whose verdicts are known by construction, for verifier: and hybrid:. `extracted`
 * says a final answer is there to compare (so a hybrid's model verifier is asked when it is
 * wrong). Not a palindrome in either adapter's answers, so a reversed batch shows.
 */
export const mathCases = [
  { response: 'I am not sure.', reference: '4', correct: false, extracted: false },
  { response: 'The answer is \\boxed{4}.', reference: '4', correct: true, extracted: true },
  { response: 'So we get \\boxed{5}.', reference: '4', correct: false, extracted: true },
  { response: 'Hence \\boxed{\\frac{1}{2}}', reference: '0.5', correct: true, extracted: true },
  { response: 'Final answer: \\boxed{10}', reference: '10', correct: true, extracted: true },
  // 3.14 is within 1e-3 of 3.14159 but not within the default relative tolerance 1e-9.
  { response: '\\boxed{3.14}', reference: '3.14159', correct: false, extracted: true },
  { response: 'After a long derivation we conclude \\boxed{7}', reference: '8', correct: false, extracted: true },
  { response: '\\boxed{9}', reference: '9', correct: true, extracted: true },
];

export const mathRequests: ScoreRequest[] = mathCases.map((c, i) => ({
  messages: [{ role: 'user', content: `Problem ${i}?` }],
  response: c.response,
  context: { reference: c.reference },
  key: { item: `m${i}`, candidate: 'c' },
}));

export const caseOf = (r: ScoreRequest) => mathCases.find((c) => c.response === r.response)!;
