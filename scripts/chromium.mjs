// The Chromium the browser tests and the benchmark use: $CHROMIUM_PATH, else Debian's
// /usr/bin/chromium, else none (Playwright's own, which must then be installed).
import { existsSync } from 'node:fs';

/** Flags for a headless run that makes no request of its own (updates, sync, sign-in). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** The system Chromium to launch, or undefined for Playwright's own. */
export function systemChromium() {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  return existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
}
