import { loadPlugins, type PluginRecord } from '../run/plugins.js';
import { settingArgs } from './setting-args.js';

/**
 * `--plugin FILE` for the verbs that take no run config (ls, score, probe, distance): the same setting as
 * `run --plugin`, so a user's adapter or suite is usable by its id everywhere a built-in one is.
 */
const { plugin } = settingArgs(['plugins']);
export const PLUGIN_ARGS = {
  plugin: {
    ...plugin,
    description:
      'a JavaScript module whose default export is an adapter (defineAdapter) or a suite (defineSuite), usable by its id (docs/plugins.md); relative to the working folder',
  },
};

/** Registers the plugins named on the command line, relative to the working folder; before any id is looked up. */
export function loadPluginFlags(paths: readonly string[] | undefined, cwd: string): Promise<PluginRecord[]> {
  return loadPlugins((paths ?? []).map((path) => ({ path, base: cwd })));
}
