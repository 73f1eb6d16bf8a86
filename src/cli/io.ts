/** What the command reads and writes, kept apart so that the command and its subcommands share it without importing each other. */
import type { FileInput, InputBytes } from './read-limited';

/** What the command reads and writes, so tests can run it in-process. */
export type CliIo = {
  /** The whole input, or its chunks as they arrive (read only up to the size limit). */
  readonly readFile: (path: string) => FileInput;
  readonly readStdin: () => InputBytes;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly version: string;
  /** The working directory, which SARIF and GitHub annotations name files relative to. */
  readonly cwd?: (() => string) | undefined;
  /**
   * Where a line saying how far a large input has got goes, each replacing the last; '' clears
   * it. Given only when standard error is a terminal: a log or a pipe gets no such lines.
   */
  readonly progress?: ((line: string) => void) | undefined;
};
