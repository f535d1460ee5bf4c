import { settings, type SettingDef, type SettingFlags, type SettingName, type Settings } from '../run/settings.js';
import type { ArgDef } from './command.js';

/**
 * The CLI side of the settings table (run/settings.ts): a verb's flags for the settings it takes,
 * and its parsed flags back as typed setting values, so no verb re-declares a run setting.
 */

type FlagOf<K extends SettingName> = Settings[K] extends { flag: infer F extends string } ? F : never;
type ArgFor<S> = { description: string } & (S extends { kind: 'enum'; values: infer V extends readonly string[] }
  ? { type: 'enum'; values: V }
  : S extends { kind: 'int' }
    ? { type: 'int'; min: number }
    : S extends { kind: 'number' }
      ? { type: 'number'; min: number }
      : S extends { kind: 'boolean' }
        ? { type: 'boolean' }
        : { type: 'string' }) &
  (S extends { multiple: true } ? { multiple: true } : unknown);
export type SettingArgs<N extends SettingName> = { [K in N as FlagOf<K>]: ArgFor<Settings[K]> };

export function settingArg(d: SettingDef): ArgDef {
  const shown = d.shownDefault ?? (d.default !== undefined ? String(d.default) : undefined);
  const base = {
    description: d.description,
    ...(d.value !== undefined && { value: d.value }),
    ...(d.short !== undefined && { short: d.short }),
    ...(shown !== undefined && { default: shown }),
  };
  const multiple = d.multiple ? { multiple: true } : {};
  switch (d.kind) {
    case 'int':
      return { ...base, ...multiple, type: 'int', min: d.min ?? -Number.MAX_SAFE_INTEGER, ...(d.max !== undefined && { max: d.max }) };
    case 'number':
      return { ...base, type: 'number', min: d.min ?? -Infinity, ...(d.max !== undefined && { max: d.max }), ...(d.open && { open: true }) };
    case 'enum':
      return { ...base, ...multiple, type: 'enum', values: d.values ?? [] };
    default:
      return d.kind === 'boolean' ? { ...base, type: 'boolean' } : { ...base, ...multiple, type: 'string' };
  }
}

/** The flags of these settings, in the order given. */
export function settingArgs<const N extends readonly SettingName[]>(names: N): SettingArgs<N[number]> {
  const out: Record<string, ArgDef> = {};
  for (const name of names) {
    const d: SettingDef = settings[name];
    if (d.flag === undefined) throw new Error(`setting ${name} has no CLI flag`);
    out[d.flag] = settingArg(d);
  }
  return out as SettingArgs<N[number]>;
}

/** Parsed flags (keyed by flag name) as setting values (keyed by setting name), through each setting's `parse`. */
export function settingFlags<const N extends readonly SettingName[]>(names: N, args: Readonly<Record<string, unknown>>): SettingFlags<N[number]> {
  const out: Record<string, unknown> = {};
  for (const name of names) {
    const d: SettingDef = settings[name];
    const v = (args as Record<string, unknown>)[d.flag!];
    if (v === undefined) continue;
    out[name] = d.parse && typeof v === 'string' ? d.parse(v, `--${d.flag}`) : v;
  }
  return out as SettingFlags<N[number]>;
}
