/**
 * The command line's side of reading audit logs: files, globs (`'logs/audit-*.log.gz'`, for shells
 * that do not expand them) and `-` for standard input; gzip recognised by its magic bytes, not by
 * the name (rotated `.gz` files, CloudWatch exports, must-gather archives' members), several gzip
 * members one after another included; every source streamed in chunks into the core's reader, so
 * a log of any size is read in constant memory. What could not be read is printed as
 * `FILE:LINE: warning: MESSAGE`, with names and messages from the log made safe for a terminal.
 */
import { createReadStream } from 'node:fs';
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import { createGunzip, gunzipSync } from 'node:zlib';
import { glob, isDynamicPattern } from 'tinyglobby';
import { type AuditLogSummary, createAuditLogReader, escapeForTerminal } from '../core/index';

export type AuditLogSources = {
  readonly cwd: string;
  /** Standard input, for `-`. */
  readonly stdin: () => AsyncIterable<Uint8Array>;
  /** Chunk size for files (tests make it small). */
  readonly chunkBytes?: number;
};

export type AuditLogRead = {
  readonly summary: AuditLogSummary;
  /** `FILE:LINE: warning: ...` lines: what was skipped, and files that held no audit event. */
  readonly warnings: readonly string[];
  /** `FILE: error: ...` lines: what could not be opened or decompressed, and patterns that match nothing. */
  readonly errors: readonly string[];
};

const GZIP_MAGIC = [0x1f, 0x8b];

/**
 * Bytes read from a file at a time. Small enough that each chunk's buffer and text stay out of
 * V8's large-object space and in the processor's cache while they are split and parsed: with
 * 1 MiB chunks the bench's log took twice as long to read (wall clock) and 50% more memory.
 */
export const FILE_CHUNK_BYTES = 64 * 1024;

/** Whether bytes start a gzip stream. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1];
}

/** The paths a list of arguments names, in order: globs expanded (sorted), `-` kept, plain paths as they are. */
async function expandPatterns(patterns: readonly string[], cwd: string, errors: string[]): Promise<string[]> {
  const paths: string[] = [];
  for (const pattern of patterns) {
    if (pattern === '-' || !isDynamicPattern(pattern)) {
      paths.push(pattern);
      continue;
    }
    const matches = (await glob(pattern, { cwd, onlyFiles: true, expandDirectories: false })).sort();
    if (matches.length === 0) errors.push(`${escapeForTerminal(pattern)}: error: no file matches this pattern`);
    paths.push(...matches);
  }
  return paths;
}

/** The text of a source, decompressed when its first bytes say gzip, decoded as UTF-8, chunk by chunk. */
async function* textChunks(source: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const iterator = source[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) return;
  async function* all(): AsyncGenerator<Uint8Array> {
    try {
      yield first.value;
      for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) yield next.value;
    } finally {
      await iterator.return?.();
    }
  }
  // Decompressed in chunks of the same size as a file's (zlib's default, 16 KiB, costs a quarter more time).
  const bytes: AsyncIterable<Uint8Array> = isGzip(first.value)
    ? Readable.from(all()).pipe(createGunzip({ chunkSize: FILE_CHUNK_BYTES }))
    : all();
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of bytes) {
    const text = decoder.decode(chunk, { stream: true });
    if (text !== '') yield text;
  }
  const tail = decoder.decode();
  if (tail !== '') yield tail;
}

function describeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a folder, not a file';
  if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR') return 'gzip data is corrupt or cut short';
  return error instanceof Error ? error.message : String(error);
}

/** Reads every audit log the arguments name into one summary. */
export async function readAuditLogs(patterns: readonly string[], sources: AuditLogSources): Promise<AuditLogRead> {
  const errors: string[] = [];
  const paths = await expandPatterns(patterns, sources.cwd, errors);
  const reader = createAuditLogReader({ gunzip: (bytes) => new Uint8Array(gunzipSync(bytes)) });
  for (const path of paths) {
    const name = path === '-' ? '<stdin>' : path;
    const file = reader.openFile(name);
    let read = false;
    try {
      const source =
        path === '-'
          ? sources.stdin()
          : createReadStream(resolve(sources.cwd, path), { highWaterMark: sources.chunkBytes ?? FILE_CHUNK_BYTES });
      for await (const text of textChunks(source)) {
        read = true;
        file.push(text);
      }
    } catch (error) {
      errors.push(`${escapeForTerminal(name)}: error: ${escapeForTerminal(describeError(error))}`);
      // A file that could not be opened is not a file without events: only the error is said.
      if (!read) continue;
    }
    file.end();
  }
  const summary = reader.summarize();
  const warnings = summary.problems.map((problem) => {
    const where = problem.line > 0 ? `${problem.file}:${problem.line}` : problem.file;
    return `${escapeForTerminal(where)}: warning: ${escapeForTerminal(problem.message)}`;
  });
  for (const stats of summary.files) {
    const kept = summary.problems.filter((problem) => problem.file === stats.file).length;
    if (stats.problems > kept) warnings.push(`${escapeForTerminal(stats.file)}: warning: ${stats.problems - kept} more problems not shown`);
  }
  return { summary, warnings, errors };
}
