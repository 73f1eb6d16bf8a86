/** The command as a KRM function: a `ResourceList` on standard input gets a `ResourceList` back. */
import { type OptionInput, runKrmFunction, escapeForTerminal as safe } from '../core/index';
import type { CliIo } from './io';

/** Runs the function; exit 1 when it failed (the results say why, and standard error repeats it). */
export function runKrmCommand(text: string, config: OptionInput, flags: OptionInput, io: CliIo): number {
  const outcome = runKrmFunction(text, config, flags);
  io.stdout(outcome.text);
  for (const result of outcome.results) if (result.severity === 'error') io.stderr(`sa-token-hardener: error: ${safe(result.message)}\n`);
  return outcome.failed ? 1 : 0;
}
