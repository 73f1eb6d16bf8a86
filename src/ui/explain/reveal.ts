/** Where the page looks for a chosen change or finding, or for a new manifest's first change. Pure. */
import type { LineRange } from '../../state/locate';
import { inputLineOf, outputLineOf } from '../../core';
import { firstInsertedRun } from '../../state/output-blocks';
import type { Chosen } from './ChangesPanel';
import type { GoodResult } from '../shared/use-hardening';

/** Where to look: lines of the output, and of the input for a finding or a new manifest. */
export type Reveal = { readonly output: LineRange | undefined; readonly input: LineRange | undefined };

/** Finds a document's node at a change's steps, in lines of one text (state/locate.ts). */
export type Locate = (document: number, steps: readonly (string | number)[]) => LineRange | undefined;

const oneLine = (line: number): LineRange => ({ startLine: line, endLine: line });

/** The lines of `item` in the output of `good` (`locate`) and in its input (`locateInput`). */
export function revealOf(item: Chosen, good: GoodResult | undefined, locate: Locate | undefined, locateInput: Locate | undefined): Reveal {
  if (item.kind === 'change') {
    // What a change replaced or removed is shown where it was in the input; an insertion, where it goes.
    const replaced = item.change.before !== undefined;
    const output = locate?.(item.change.document, item.change.steps);
    const at = output && good && inputLineOf(good.result.lineMap, output.startLine);
    return { output, input: replaced ? locateInput?.(item.change.document, item.change.steps) : at ? oneLine(at) : undefined };
  }
  const position = item.finding.position;
  const line = position && good && outputLineOf(good.result.lineMap, position.line);
  const objectStart = item.finding.document >= 0 ? locate?.(item.finding.document, []) : undefined;
  return {
    output: line ? oneLine(line) : objectStart && oneLine(objectStart.startLine),
    input: position && oneLine(position.line),
  };
}

/** The first inserted lines of `good`, and the input line in their place: where a reader starts reviewing. */
export function firstChangeOf(good: GoodResult): Reveal | undefined {
  const run = firstInsertedRun(good.result.blocks);
  if (!run) return undefined;
  return { output: run, input: oneLine(inputLineOf(good.result.lineMap, run.startLine)) };
}
