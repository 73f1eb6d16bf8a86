/**
 * The hardened text cut into blocks of lines, with the inserted lines marked, as the page shows it.
 * Computed beside the core (in the worker): the page then re-renders only the blocks that changed.
 */

/** Lines per block: small enough to re-render in well under a frame, few enough for a bundle. */
export const BLOCK_LINES = 200;

export type OutputBlock = {
  /** Index of the block's first line in the output. */
  readonly start: number;
  /** The block's lines, each with its newline (the output's last line may have none). */
  readonly text: string;
  /** Indexes of the inserted lines, relative to `start`, comma-separated: compared by value. */
  readonly added: string;
};

/** `output` in blocks of BLOCK_LINES lines; `addedLines` are indexes of inserted lines in `output`. */
export function outputBlocks(output: string, addedLines: Iterable<number>): OutputBlock[] {
  const added = [...addedLines].sort((a, b) => a - b);
  let nextAdded = 0;
  const blocks: OutputBlock[] = [];
  let offset = 0;
  let line = 0;
  while (offset < output.length) {
    const start = line;
    const from = offset;
    while (line - start < BLOCK_LINES && offset < output.length) {
      const newline = output.indexOf('\n', offset);
      offset = newline === -1 ? output.length : newline + 1;
      line += 1;
    }
    const marks: number[] = [];
    while (nextAdded < added.length && (added[nextAdded] ?? 0) < line) {
      const index = added[nextAdded] ?? 0;
      if (index >= start) marks.push(index - start);
      nextAdded += 1;
    }
    blocks.push({ start, text: output.slice(from, offset), added: marks.join(',') });
  }
  return blocks;
}

/** The 0-based indexes of the inserted lines, in order. */
function* addedIndexes(blocks: readonly OutputBlock[]): Generator<number> {
  for (const block of blocks) {
    if (block.added === '') continue;
    for (const index of block.added.split(',')) yield block.start + Number(index);
  }
}

/** The first run of inserted lines (1-based, inclusive), where a reader starts reviewing. */
export function firstInsertedRun(blocks: readonly OutputBlock[]): { startLine: number; endLine: number } | undefined {
  let run: { startLine: number; endLine: number } | undefined;
  for (const index of addedIndexes(blocks)) {
    if (run === undefined) run = { startLine: index + 1, endLine: index + 1 };
    else if (index + 1 === run.endLine + 1) run.endLine = index + 1;
    else break;
  }
  return run;
}

/** Every run of inserted lines (1-based, inclusive), in order: the marks beside a long output. */
export function insertedRuns(blocks: readonly OutputBlock[]): { startLine: number; endLine: number }[] {
  const runs: { startLine: number; endLine: number }[] = [];
  for (const index of addedIndexes(blocks)) {
    const last = runs.at(-1);
    if (last && last.endLine === index) last.endLine = index + 1;
    else runs.push({ startLine: index + 1, endLine: index + 1 });
  }
  return runs;
}
