/**
 * The package's entry point (`import { evaluate, defineAdapter, defineSuite } from 'rewardgauge'`):
 * what a script or a plugin needs, and nothing of the CLI. Everything here is also what the built-ins
 * use, so a plugin is held to the same contracts (docs/plugins.md).
 */
export { evaluate, type EvaluateOptions } from './evaluate.js';
export { defineAdapter, opt, type AdapterDef, type OptionDef, type OptionDefs, type OptionScope, type ParsedOptions } from '../core/define-adapter.js';
export { defineMetric, defineSuite } from '../core/define-suite.js';
export { DataError, ModelError, RewardgaugeError, UsageError } from '../core/errors.js';
export type {
  Answer,
  Capabilities,
  DataPart,
  Item,
  ItemOutcome,
  ItemView,
  LoadedDataset,
  MetricDef,
  MetricPart,
  Query,
  Suite,
  SuiteOptionInfo,
} from '../core/suite.js';
export type { AdapterContext, ChatMessage, ModelContext, ModelSpec, PairRequest, RawScore, RequestContext, RewardModel, ScoreRequest } from '../core/types.js';
export type { Config, ModelConfig, SuiteConfig } from '../run/config-schema.js';
export type { Example, MetricEntry, ModelEntry, ResultRow, RunFile, SuiteEntry } from '../core/run-schema.js';
