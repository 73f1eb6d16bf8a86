/** The command run in-process for tests: files and standard input held in memory, what it prints kept. */
import { runCli } from '../cli/cli';
import type { CliIo } from '../cli/io';

export type MemorySetup = {
  /** Files by path; reading any other path fails with `missingCode` (ENOENT unless given). */
  readonly files?: Readonly<Record<string, string | Uint8Array>>;
  readonly missingCode?: string;
  readonly stdin?: string | Uint8Array;
  readonly version?: string;
  /** Called on each read of a file or standard input. */
  readonly onRead?: () => void;
  /** Any part of the IO to use instead of the memory's (a real file reader, a working directory). */
  readonly io?: Partial<CliIo>;
};

/** What a run answered and printed. */
export type MemoryRun = { readonly status: number; readonly stdout: string; readonly stderr: string };

const bytes = (value: string | Uint8Array): Uint8Array => (typeof value === 'string' ? new TextEncoder().encode(value) : value);

function memoryIo(setup: MemorySetup): { io: CliIo; printed: () => Omit<MemoryRun, 'status'> } {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    readFile: (path) => {
      setup.onRead?.();
      const file = setup.files?.[path];
      const code = setup.missingCode ?? 'ENOENT';
      if (file === undefined)
        throw Object.assign(new Error(code === 'EACCES' ? `EACCES: permission denied, open '${path}'` : 'missing'), { code });
      return bytes(file);
    },
    readStdin: () => {
      setup.onRead?.();
      return bytes(setup.stdin ?? '');
    },
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    version: setup.version ?? '9.9.9',
    ...setup.io,
  };
  return { io, printed: () => ({ stdout, stderr }) };
}

/** Runs a command that answers at once (everything but audit logs, which are read as streams). */
export function runInMemory(argv: readonly string[], setup: MemorySetup = {}): MemoryRun {
  const { io, printed } = memoryIo(setup);
  const status = runCli(argv, io);
  if (typeof status !== 'number') throw new Error(`${argv.join(' ')} did not answer at once: use runInMemoryAsync`);
  return { status, ...printed() };
}

/** Runs any command, waiting for its answer. */
export async function runInMemoryAsync(argv: readonly string[], setup: MemorySetup = {}): Promise<MemoryRun> {
  const { io, printed } = memoryIo(setup);
  const status = await runCli(argv, io);
  return { status, ...printed() };
}
