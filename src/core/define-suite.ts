import type { Item, MetricDef, Suite } from './suite.js';

/**
 * Identity at run time: a plugin's suite gets the `Suite` contract's type checks (its items typed
 * through load, plan, outcome and view) without importing anything but this package's entry point.
 * The loader still validates the shape, since a plugin written in plain JavaScript has no types.
 */
export function defineSuite<I extends Item>(suite: Suite<I>): Suite<I> {
  return suite;
}

/** Identity at run time; types a metric declaration for a suite's `metrics`. */
export function defineMetric<const M extends MetricDef>(def: M): M {
  return def;
}
