/**
 * The outputs the page computes beside the hardened text (SPEC §3), through the core's one output
 * door, so each tab gives what the CLI prints for the same `--format` on standard input.
 */
import { formatOutput, type HardenResult, type OutputFormat } from '../core';

/** The formats a tab shows besides the hardened text itself. */
export type DerivedFormat = Exclude<OutputFormat, 'manifest' | 'changes'>;

export type DerivedOutput = {
  readonly format: DerivedFormat;
  readonly text: string;
  /** What the text cannot express, in sentences (kustomize: objects a patch cannot reach). */
  readonly notes: readonly string[];
};

/** `format` of the hardening of `input` into `result`. */
export function derivedOutput(format: DerivedFormat, input: string, result: HardenResult): DerivedOutput {
  const file = { label: 'input', text: input, result, diffLabels: { before: 'input', after: 'hardened' } };
  const { text, notes } = formatOutput(format, [file]);
  return { format, text, notes: notes.map((note) => note.message) };
}
