/**
 * The hardened text of a large input as the pieces it is made of (source-text.ts,
 * applyEditsInPieces): joined into one string only when a reader asks for `output`, and written
 * piece by piece by a writer that streams (the command), so that the output of a cluster dump of
 * tens of megabytes is never held whole beside its input.
 */

/**
 * About how many characters a chunk to write holds: enough that writes are few, few enough that
 * each chunk is a young object the collector frees at once (larger ones live in a space of their own).
 */
const CHUNK_LENGTH = 1 << 16;

/** The pieces of the outputs not joined yet, by the object whose `output` they make. */
const unjoined = new WeakMap<object, readonly string[]>();

/**
 * `fields` with an `output` that is `pieces` joined: on first read, then kept (and the pieces let
 * go). Until then outputChunks gives the pieces themselves.
 */
export function withOutputPieces<T extends object>(pieces: readonly string[], fields: T): T & { readonly output: string } {
  let rest: readonly string[] | undefined = pieces;
  let joined = '';
  const result = Object.defineProperty({}, 'output', {
    enumerable: true,
    get: (): string => {
      if (rest !== undefined) {
        joined = rest.join('');
        rest = undefined;
        unjoined.delete(result);
      }
      return joined;
    },
  });
  unjoined.set(result, pieces);
  return Object.assign(result, fields) as T & { readonly output: string };
}

/** An object's `output` in chunks of at most 64 kB, to write one after another. */
export function* outputChunks(result: { readonly output: string }): Generator<string> {
  const pieces = unjoined.get(result);
  if (pieces === undefined) {
    yield* textChunks(result.output);
    return;
  }
  let batch: string[] = [];
  let length = 0;
  for (const piece of pieces) {
    // A long stretch of the input between two edits is cut as any text is.
    if (length + piece.length > CHUNK_LENGTH && batch.length > 0) {
      yield batch.join('');
      batch = [];
      length = 0;
    }
    if (piece.length > CHUNK_LENGTH) yield* textChunks(piece);
    else {
      batch.push(piece);
      length += piece.length;
    }
  }
  if (batch.length > 0) yield batch.join('');
}

/** A text in slices of at most 64 kB, never cut between the two halves of a surrogate pair (each is encoded on its own). */
export function* textChunks(text: string): Generator<string> {
  let start = 0;
  while (start < text.length) {
    let end = Math.min(start + CHUNK_LENGTH, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
    yield text.slice(start, end);
    start = end;
  }
}
