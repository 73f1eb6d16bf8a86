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
