/** Where the page looks for a chosen change or finding, or for a new manifest's first change. Pure. */
import type { LineRange } from '../../state/line-range';
import { inputLineOf, outputLineOf } from '../../core';
import { firstInsertedRun } from '../../state/output-blocks';
import type { Chosen } from './ChangesPanel';
import type { GoodResult } from '../shared/use-hardening';

/** Where to look: lines of the output, and of the input for a finding or a new manifest. */
export type Reveal = { readonly output: LineRange | undefined; readonly input: LineRange | undefined };

const oneLine = (line: number): LineRange => ({ startLine: line, endLine: line });
const linesOf = ([startLine, endLine]: readonly [number, number]): LineRange => ({ startLine, endLine });

/** The lines of `item` in the output of `good` and in its input, as the core said where each change is (ShownChange). */
export function revealOf(item: Chosen, good: GoodResult | undefined): Reveal {
  if (item.kind === 'change') {
    // What a change replaced or removed is shown where it was in the input; an insertion, where it goes.
    const { outputLines: output, inputLines: input } = item.change;
    const at = output && good && inputLineOf(good.result.lineMap, output[0]);
    return { output: output && linesOf(output), input: input ? linesOf(input) : at ? oneLine(at) : undefined };
  }
  const position = item.finding.position;
  const line = position && good && outputLineOf(good.result.lineMap, position.line);
  const objectStart = item.finding.document >= 0 ? good?.result.documentLines[item.finding.document] : undefined;
  return {
    output: line ? oneLine(line) : objectStart ? oneLine(objectStart) : undefined,
    input: position && oneLine(position.line),
  };
}

/** The first inserted lines of `good`, and the input line in their place: where a reader starts reviewing. */
export function firstChangeOf(good: GoodResult): Reveal | undefined {
  const run = firstInsertedRun(good.result.blocks);
  if (!run) return undefined;
  return { output: run, input: oneLine(inputLineOf(good.result.lineMap, run.startLine)) };
}
