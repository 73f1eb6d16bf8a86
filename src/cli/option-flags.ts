/** The hardening options as flags, read from the core's table, for every command that takes them. */
import type { ParseArgsConfig } from 'node:util';
import {
  escapeForTerminal as safe,
  type HardenOptions,
  mergeOptionInput,
  OPTION_TABLE,
  type OptionInput,
  type OptionRow,
  resolveOptions,
} from '../core/index';
import type { CliIo } from './io';
import { readConfigFile } from './config-file';

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;

const OPTION_ROWS: readonly OptionRow[] = OPTION_TABLE;

/** `--config FILE`, one flag per row of the table of options, and the rows' synonyms (`--no-token`). */
export const OPTION_ARGUMENTS: ParseArgsOptionsConfig = {
  config: { type: 'string' },
  ...Object.fromEntries(
    OPTION_ROWS.flatMap((row): [string, ParseArgsOptionsConfig[string]][] => [
      [row.flag.slice(2), { type: row.flagValue === undefined ? 'boolean' : 'string', multiple: row.repeatable === true }],
      ...(row.flagSynonyms ?? []).map((synonym): [string, ParseArgsOptionsConfig[string]] => [synonym.flag.slice(2), { type: 'boolean' }]),
    ]),
  ),
};

export type ParsedValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

/**
 * The option input the flags spell, the flags given without a value (or only spaces), and
 * messages for a flag and its synonym that disagree (`--no-token --api-access mount`).
 */
export function optionInputOf(values: ParsedValues): { input: OptionInput; missing: string[]; conflicts: string[] } {
  const input: Record<string, string | boolean | string[]> = {};
  const missing: string[] = [];
  const conflicts: string[] = [];
  for (const row of OPTION_ROWS) {
    const value = values[row.flag.slice(2)];
    if (typeof value === 'string') {
      // Blank values (`--containers ' '`, `--containers ,`) would otherwise select nothing, silently.
      if (value.split(',').every((part) => part.trim() === '')) missing.push(row.flag);
      else input[row.name] = value;
    } else if (Array.isArray(value)) {
      const given = value.filter((item): item is string => typeof item === 'string');
      if (given.some((item) => item.trim() === '')) missing.push(row.flag);
      else input[row.name] = given;
    } else if (value === true && row.flagSets !== undefined) input[row.name] = row.flagSets;
    for (const synonym of row.flagSynonyms ?? []) {
      if (values[synonym.flag.slice(2)] !== true) continue;
      const set = input[row.name];
      if (set !== undefined && set !== synonym.sets)
        conflicts.push(`${synonym.flag} means ${row.flag} ${synonym.sets}, not ${row.flag} ${String(set)}: give one of them`);
      else input[row.name] = synonym.sets;
    }
  }
  // The table pairs each flag with its option, and resolveOptions checks every value it is given.
  return { input, missing, conflicts };
}

export type FlagOptions = { readonly options: HardenOptions; readonly configInput: OptionInput; readonly flagInput: OptionInput };

/**
 * The options of `--config FILE` overridden by the flags, validated; on a refused value the
 * messages are printed (prefixed with `program`) and the result is undefined.
 */
export function resolveFlagOptions(values: ParsedValues, io: CliIo, program: string): FlagOptions | undefined {
  const { input: flagInput, missing, conflicts } = optionInputOf(values);
  // Flags override the file: a repository keeps its policy in one file, a run may still differ.
  const config = typeof values['config'] === 'string' ? readConfigFile(values['config'], io) : { input: {} };
  if ('errors' in config) {
    for (const error of config.errors) io.stderr(error);
    return undefined;
  }
  const { options, problems } = resolveOptions(mergeOptionInput(config.input, flagInput));
  for (const flag of missing) io.stderr(`${program}: error: ${flag} needs a value\n`);
  for (const conflict of conflicts) io.stderr(`${program}: error: ${conflict}\n`);
  for (const problem of problems) io.stderr(`${program}: error: ${safe(problem.message)}\n`);
  if (problems.length > 0 || missing.length > 0 || conflicts.length > 0) return undefined;
  if (values['quiet'] !== true) {
    for (const row of OPTION_ROWS) {
      const raw = values[row.flag.slice(2)];
      const hint = typeof raw === 'string' ? row.hint?.(raw) : undefined;
      if (hint !== undefined) io.stderr(`${program}: note: ${row.flag}: ${safe(hint)}\n`);
    }
  }
  return { options, configInput: config.input, flagInput };
}
