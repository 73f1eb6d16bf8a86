/**
 * Replies as they cross between the threads: what the previous reply already carried is left out.
 *
 * A bundle's reply holds megabytes of text (its output blocks, the changes after the first ones),
 * and the page reads a message on its main thread: reading all of it after every keystroke blocks
 * typing for tens of milliseconds. A keystroke changes a block or two, so each reply carries only
 * the blocks that differ from the previous reply's, and the rest of the changes and the line map
 * only when they differ; the output is the blocks' text joined, so it is not sent twice.
 *
 * The worker encodes every reply it posts and the page decodes every reply it receives, in order
 * (one worker, one page), each keeping the last full reply: a new worker starts both afresh.
 */
import type { OutputBlock } from '../state/output-blocks';
import type { LineMap } from '../core';
import type { HardenReply, PageResult } from './protocol';

/** Stands for "the previous reply's": a block at the same index, the same rest of the changes, the same line map. */
export const SAME = 0;

export type WireResult = Omit<PageResult, 'output' | 'blocks' | 'moreChanges' | 'lineMap'> & {
  /** Only when the output is not the blocks' text joined (a crash reply). */
  readonly output?: string;
  readonly blocks: readonly (OutputBlock | typeof SAME)[];
  readonly moreChanges: string | undefined | typeof SAME;
  readonly lineMap: LineMap | typeof SAME;
};

/** What the worker posts. */
export type WireReply = Omit<HardenReply, 'result'> & { readonly result: WireResult };

function joinedText(blocks: readonly OutputBlock[]): string {
  return blocks.map((block) => block.text).join('');
}

function isSameMap(a: LineMap | undefined, b: LineMap): boolean {
  return (
    a !== undefined &&
    a.lineCount === b.lineCount &&
    a.runs.length === b.runs.length &&
    a.runs.every((value, index) => value === b.runs[index])
  );
}

function isSameBlock(a: OutputBlock | undefined, b: OutputBlock): boolean {
  return a !== undefined && a.start === b.start && a.added === b.added && a.text === b.text;
}

/** The worker's side: `encode` each reply in the order posted. */
export function replyEncoder(): (reply: HardenReply) => WireReply {
  let previous: PageResult | undefined;
  return (reply) => {
    const { output, blocks, moreChanges, lineMap, ...rest } = reply.result;
    const before = previous;
    previous = reply.result;
    const wire: WireResult = {
      ...rest,
      ...(output === joinedText(blocks) ? {} : { output }),
      blocks: blocks.map((block, index) => (isSameBlock(before?.blocks[index], block) ? SAME : block)),
      moreChanges: before !== undefined && moreChanges !== undefined && before.moreChanges === moreChanges ? SAME : moreChanges,
      lineMap: isSameMap(before?.lineMap, lineMap) ? SAME : lineMap,
    };
    return { ...reply, result: wire };
  };
}

/**
 * The page's side: `decode` each reply in the order received. Blocks left out are the previous
 * reply's very objects, so the view sees them unchanged without comparing their text.
 */
export function replyDecoder(): (wire: WireReply) => HardenReply {
  let previous: PageResult | undefined;
  return (wire) => {
    const { output, blocks: wireBlocks, moreChanges: wireMore, lineMap: wireMap, ...rest } = wire.result;
    const before = previous;
    const blocks = wireBlocks.map((block, index) => {
      if (block !== SAME) return block;
      const kept = before?.blocks[index];
      if (kept === undefined) throw new Error('A reply refers to a block the page never received.');
      return kept;
    });
    if (wireMore === SAME && before === undefined) throw new Error('A reply refers to changes the page never received.');
    const moreChanges = wireMore === SAME ? before?.moreChanges : wireMore;
    if (wireMap === SAME && before === undefined) throw new Error('A reply refers to a line map the page never received.');
    const lineMap = wireMap === SAME ? (before?.lineMap ?? { lineCount: 0, runs: [] }) : wireMap;
    const result: PageResult = { ...rest, output: output ?? joinedText(blocks), blocks, moreChanges, lineMap };
    previous = result;
    return { ...wire, result };
  };
}
