// Shared by the bench modules: run a command and time it, read its peak memory, and summarise rounds.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
/** The command measured: this checkout's build, or `$BENCH_CLI` (another build, such as main's, to compare). */
export const CLI = process.env.BENCH_CLI ?? fileURLToPath(new URL('../../dist/cli/sa-token-hardener.cjs', import.meta.url));
const MAX_RSS = new URL('./max-rss.mjs', import.meta.url).href;

/** Runs a command to its end, its output discarded; returns the wall time in milliseconds. */
export function time(command, args, options = {}) {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 30, ...options });
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed (${result.status ?? result.signal}): ${String(result.stderr).slice(0, 500)}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/** Runs a Node script with its peak resident memory reported (max-rss.mjs); returns it in bytes. */
export function maxRss(args) {
  const result = spawnSync(process.execPath, ['--import', MAX_RSS, ...args], { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 30 });
  const match = /max-rss-kb (\d+)\s*$/.exec(String(result.stderr));
  if (result.status !== 0 || !match) throw new Error(`node ${args.join(' ')} failed: ${String(result.stderr).slice(0, 500)}`);
  return Number(match[1]) * 1024;
}

export const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
export const span = (values, digits = 0) => `${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}`;
export const megabytes = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;

/** `label: median ms (min–max)`. */
export const timing = (label, values) => `${label}: ${median(values).toFixed(0)} ms (${span(values)} ms)`;

/** The median of per-round ratios, their range and the target, as one line. */
export function ratioLine(label, numerators, denominators, target) {
  const ratios = numerators.map((value, index) => value / denominators[index]);
  return `${label}: ${median(ratios).toFixed(2)} (per round ${span(ratios, 2)}; target <= ${target})`;
}

/** Whether kubectl is installed (a baseline for some cases, never required). */
export const hasKubectl = () => spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;
