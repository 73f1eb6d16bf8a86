/** Reading input up to a size limit, so an endless stream (`/dev/zero`) ends with an error, not with memory exhausted. */
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';

/** What a reader hands over: the whole input at once, or its chunks as they arrive. */
export type InputBytes = Uint8Array | Iterable<Uint8Array>;

/** What a file reader hands over: its bytes, or the text the runtime read and decoded in one step (readFileText). */
export type FileInput = InputBytes | InputText;

/** A file's text, read as valid UTF-8. */
export type InputText = { readonly text: string };

export type LimitedRead = { readonly bytes: Uint8Array } | InputText | { readonly tooLarge: true };

/**
 * How much the command reads of a file or of standard input: a cluster dump of tens of megabytes
 * is read whole, and an endless stream (`/dev/zero`) stops here.
 */
export const MAX_READ_BYTES = 100 * 1024 * 1024;

/** Collects chunks until more than `limit` bytes have arrived, and then stops reading; `onRead` hears the total so far. */
export function readLimited(input: FileInput, limit: number, onRead?: (bytes: number) => void): LimitedRead {
  if (input instanceof Uint8Array) return input.length > limit ? { tooLarge: true } : { bytes: input };
  if ('text' in input) return Buffer.byteLength(input.text) > limit ? { tooLarge: true } : input;
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (const chunk of input) {
    total += chunk.length;
    // Leaving the loop closes the source (the generator's `finally` runs).
    if (total > limit) return { tooLarge: true };
    chunks.push(chunk);
    onRead?.(total);
  }
  // A file read whole (readFileChunks) is handed over as it came, not copied.
  if (chunks.length === 1 && chunks[0]) return { bytes: chunks[0] };
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return { bytes };
}

const CHUNK_BYTES = 64 * 1024;

/** Sleeps without a busy loop while a non-blocking descriptor has nothing to read yet. */
function pause(milliseconds: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, milliseconds);
}

/** The chunks of a file descriptor, read synchronously until its end. */
export function* readChunks(fd: number): Generator<Uint8Array> {
  for (;;) {
    const buffer = new Uint8Array(CHUNK_BYTES);
    let count: number;
    try {
      count = readSync(fd, buffer, 0, CHUNK_BYTES, null);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EAGAIN') {
        pause(5);
        continue;
      }
      if ((error as NodeJS.ErrnoException).code === 'EOF') return;
      throw error;
    }
    if (count === 0) return;
    yield buffer.subarray(0, count);
  }
}

/**
 * A regular file of at most `limit` bytes of valid UTF-8, read and decoded by the runtime in one
 * step, whose bytes are let go at once: read by readFileChunks, a cluster dump's 30 MB stay beside
 * its text until the collector gets to them, most of the run. Undefined for anything else (a pipe,
 * a device, a larger file, text that may not be UTF-8), which is read as bytes.
 */
export function readFileText(path: string, limit = MAX_READ_BYTES): InputText | undefined {
  const fd = openSync(path, 'r');
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile() || stats.size > limit) return undefined;
    const text = readFileSync(fd, 'utf8');
    // The runtime reads bytes that are not UTF-8 as U+FFFD: the byte reader finds them, and says where.
    return text.includes('\uFFFD') ? undefined : { text };
  } finally {
    closeSync(fd);
  }
}

/**
 * The chunks of a file, read until its end; the file is closed when reading stops early too. A
 * regular file of at most `wholeUpTo` bytes comes first as one chunk of its size, so that a
 * cluster dump of tens of megabytes is not held twice (chunks, then their copy) while it is read.
 */
export function* readFileChunks(path: string, wholeUpTo = MAX_READ_BYTES): Generator<Uint8Array> {
  const fd = openSync(path, 'r');
  try {
    const stats = fstatSync(fd);
    if (stats.isFile() && stats.size > 0 && stats.size <= wholeUpTo) {
      const whole = new Uint8Array(stats.size);
      let filled = 0;
      while (filled < whole.length) {
        const count = readSync(fd, whole, filled, whole.length - filled, null);
        if (count === 0) break;
        filled += count;
      }
      yield whole.subarray(0, filled);
    }
    // The rest: all of a pipe or a device (`/dev/zero`), what a file that grew while read holds past its size.
    yield* readChunks(fd);
  } finally {
    closeSync(fd);
  }
}
