/**
 * The outputs besides the hardened text (SPEC §3), as the page's tabs give them: the same text the
 * CLI prints for `--format diff`, `json-patch` and `kustomize` on standard input.
 */
import { jsonPatchesFor, kustomizeNotes, kustomizePatches, plainDocuments, unifiedDiff } from '../core';

/** The tabs whose text is computed beside the hardened text, in the worker. */
export const DERIVED_FORMATS = ['diff', 'json-patch', 'kustomize'] as const;

export type DerivedFormat = (typeof DERIVED_FORMATS)[number];

export type DerivedOutput = {
  readonly format: DerivedFormat;
  readonly text: string;
  /** What the text cannot express, in sentences (kustomize: objects a patch cannot reach). */
  readonly notes: readonly string[];
};

export function isDerivedFormat(value: unknown): value is DerivedFormat {
  return typeof value === 'string' && (DERIVED_FORMATS as readonly string[]).includes(value);
}

/** `format` of the hardening of `input` into `output`. */
export function derivedOutput(format: DerivedFormat, input: string, output: string): DerivedOutput {
  switch (format) {
    case 'diff':
      return { format, text: unifiedDiff(input, output, { before: 'input', after: 'hardened' }), notes: [] };
    case 'json-patch':
      return { format, text: `${JSON.stringify(jsonPatchesFor(plainDocuments(input), plainDocuments(output)), null, 2)}\n`, notes: [] };
    case 'kustomize': {
      const before = plainDocuments(input);
      const after = plainDocuments(output);
      return { format, text: kustomizePatches(before, after), notes: kustomizeNotes(before, after) };
    }
  }
}
