import type { Board, Downstream, DownstreamKind } from './board.js';
import type { Markup } from './escape.js';
import { correlationSection } from './html-correlation.js';
import { distanceSection } from './html-distance.js';
import { bonSection, ppoSection } from './html-probes.js';
import { bonMarkdown, correlationMarkdown, distanceMarkdown, ppoMarkdown } from './markdown-downstream.js';

/** How one kind of downstream section renders, in every format the report writes. */
export interface SectionRenderers {
  /** The page's navigation label. */
  label: string;
  html(board: Board, section: Downstream, anchor: string): Promise<Markup>;
  markdown(section: Downstream): string[];
}

/**
 * Every downstream section, one entry per kind: the type makes a kind in DOWNSTREAM_SUITES
 * without a renderer for each format a compile error, where parallel maps drifted silently.
 */
export const DOWNSTREAM_SECTIONS: Record<DownstreamKind, SectionRenderers> = {
  bon: { label: 'best-of-n probe', html: bonSection, markdown: bonMarkdown },
  ppo: { label: 'PPO probe', html: ppoSection, markdown: ppoMarkdown },
  correlation: { label: 'correlation', html: correlationSection, markdown: correlationMarkdown },
  distance: { label: 'reward distances', html: distanceSection, markdown: distanceMarkdown },
};

/** The Markdown of every downstream section of a board, in run order. */
export function downstreamMarkdown(board: Board): string[] {
  return board.downstream.flatMap((d) => DOWNSTREAM_SECTIONS[d.kind].markdown(d));
}
