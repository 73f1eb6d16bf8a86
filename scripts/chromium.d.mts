/** Flags for a headless run that makes no request of its own (updates, sync, sign-in). */
export const CHROMIUM_ARGS: readonly string[];
/** The system Chromium to launch, or undefined for Playwright's own. */
export function systemChromium(): string | undefined;
