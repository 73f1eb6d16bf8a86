/** `--config FILE`: the options of a `HardeningConfig` file, which the command-line flags override. */
import { MAX_INPUT_BYTES, type OptionInput, readHardeningConfig, escapeForTerminal as safe } from '../core/index';
import type { CliIo } from './io';
import { decodeRead } from './decode';
import { type LimitedRead, readLimited } from './read-limited';

/** The file's options, or the messages (`FILE:LINE:COL: error: ...`) that refuse it. */
export function readConfigFile(path: string, io: CliIo): { input: OptionInput } | { errors: string[] } {
  let read: LimitedRead;
  try {
    read = readLimited(io.readFile(path), MAX_INPUT_BYTES);
  } catch (error) {
    return { errors: [`${safe(path)}: error: cannot read: ${safe((error as NodeJS.ErrnoException).code ?? (error as Error).message)}\n`] };
  }
  if ('tooLarge' in read)
    return { errors: [`${safe(path)}:1:1: error: the file is over ${MAX_INPUT_BYTES / 1024 / 1024} MB (the limit)\n`] };
  const decoded = decodeRead(read);
  if ('error' in decoded)
    return { errors: [`${safe(path)}:${decoded.error.line}:${decoded.error.col}: error: the file is not valid UTF-8\n`] };
  const { input, problems } = readHardeningConfig(decoded.text);
  if (problems.length > 0) {
    return {
      errors: problems.map(
        (problem) => `${safe(path)}:${problem.position.line}:${problem.position.col}: error: ${safe(problem.message)}\n`,
      ),
    };
  }
  return { input };
}
