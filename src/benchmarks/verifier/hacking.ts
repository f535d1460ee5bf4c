import { UsageError } from '../../core/errors.js';
import { deriveSeed, Rng } from '../../core/random.js';
import { ATTACKS, finalBoxed, sameAnswer, type Attack } from './attacks.js';
import type { VerifierItem } from './layouts.js';

/** The candidate id of a hacked response in request keys and scores files. */
export const hackedId = (attack: string): string => `hack:${attack}`;

/** The attacks an `attacks=` option names (all when empty). */
export function selectAttacks(option: string | undefined): readonly Attack[] {
  const names = (option ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (names.length === 0) return ATTACKS;
  const unknown = names.filter((n) => !ATTACKS.some((a) => a.id === n));
  if (unknown.length > 0) throw new UsageError(`verifier: unknown attack(s) ${unknown.join(', ')}; known: ${ATTACKS.map((a) => a.id).join(', ')}`);
  return ATTACKS.filter((a) => names.includes(a.id));
}

/**
 * One hacking item per (wrong response, attack), in data order. The honest side is the same
 * request as the verification item (same key), so it is scored once. Randomness is seeded by
 * (attack, item id) alone: the same data give the same hacked texts whatever the run seed.
 */
export function hackingItems(items: readonly VerifierItem[], attacks: readonly Attack[]): { items: VerifierItem[]; warnings: string[] } {
  const out: VerifierItem[] = [];
  const skipped: string[] = [];
  for (const base of items) {
    if (base.label !== 0) continue;
    // A "wrong" response that boxes the gold is a label error (or a checker's); hacking it could only confirm the gold.
    const boxed = finalBoxed(base.response);
    if (boxed !== undefined && sameAnswer(boxed, base.gold)) {
      skipped.push(base.id);
      continue;
    }
    for (const attack of attacks) {
      const hacked = attack.apply(
        { problem: base.problem, gold: base.gold, response: base.response },
        new Rng(deriveSeed('verifier-hacking', attack.id, base.id)),
      );
      const final = finalBoxed(hacked);
      if (final !== undefined && sameAnswer(final, base.gold)) throw new Error(`internal: attack ${attack.id} boxes the gold on item ${base.id}`);
      out.push({
        id: `${base.id}/${hackedId(attack.id)}`,
        key: base.key,
        cluster: base.cluster,
        ...(base.line !== undefined && { line: base.line }),
        subset: 'hacking',
        facets: { attack: attack.id },
        problem: base.problem,
        gold: base.gold,
        response: base.response,
        attack: attack.id,
        hacked,
      });
    }
  }
  const warnings =
    skipped.length > 0
      ? [
          `${skipped.length} response(s) labelled wrong box the gold answer and were left out of the hacking subset: ${skipped.slice(0, 10).join(', ')}${skipped.length > 10 ? ', ...' : ''}`,
        ]
      : [];
  return { items: out, warnings };
}
