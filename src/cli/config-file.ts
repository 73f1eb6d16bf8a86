/** `--config FILE`: the options of a `HardeningConfig` file, which the command-line flags override. */
import { type OptionInput, readHardeningConfig } from '../core/index';
import type { CliIo } from './cli';
import { decodeUtf8 } from './decode';

/** The file's options, or the messages (`FILE:LINE:COL: error: ...`) that refuse it. */
export function readConfigFile(path: string, io: CliIo): { input: OptionInput } | { errors: string[] } {
  let bytes: Uint8Array;
  try {
    bytes = io.readFile(path);
  } catch (error) {
    return { errors: [`${path}: error: cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`] };
  }
  const decoded = decodeUtf8(bytes);
  if ('error' in decoded) return { errors: [`${path}:${decoded.error.line}:${decoded.error.col}: error: the file is not valid UTF-8\n`] };
  const { input, problems } = readHardeningConfig(decoded.text);
  if (problems.length > 0) {
    return { errors: problems.map((problem) => `${path}:${problem.position.line}:${problem.position.col}: error: ${problem.message}\n`) };
  }
  return { input };
}
