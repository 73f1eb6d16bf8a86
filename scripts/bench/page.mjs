// The page under benchmark, shared by the browser cases: `vite preview` of the production build on
// a free port, and Chromium ($CHROMIUM_PATH, else /usr/bin/chromium, else Playwright's own).
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, systemChromium } from '../chromium.mjs';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Builds the page (`vite build`); exits the process if that fails. */
export function buildPage() {
  if (spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' }).status !== 0) process.exit(1);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Serves the build; returns its address and a `stop` that ends the server (also called on exit). */
export async function startPreview() {
  const port = await freePort();
  const preview = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
    cwd: ROOT,
    stdio: 'ignore',
    detached: true,
  });
  const stop = () => {
    try {
      // The preview runs under npx: end its whole process group, which this script started.
      process.kill(-preview.pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  };
  process.on('exit', stop);
  const baseUrl = `http://127.0.0.1:${port}/`;
  for (let attempt = 0; ; attempt += 1) {
    try {
      if ((await fetch(baseUrl)).ok) break;
    } catch {
      // Not listening yet.
    }
    if (attempt > 300) throw new Error('vite preview did not start');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { baseUrl, stop };
}

export async function launchBrowser() {
  const executablePath = systemChromium();
  return chromium.launch({ ...(executablePath ? { executablePath } : {}), args: [...CHROMIUM_ARGS] });
}

/** Waits for the page's first hardened output (the default example's). */
export async function waitForFirstOutput(page) {
  await page
    .getByRole('region', { name: 'Hardened manifest', exact: true })
    .getByText('automountServiceAccountToken: false')
    .first()
    .waitFor();
}

/** Puts the cursor at the end of the input's `line` (1-based) the way a user would. */
export async function goToLineEnd(page, line) {
  const input = page.getByRole('textbox', { name: 'Input manifest', exact: true });
  await input.focus();
  await page.keyboard.press('ControlOrMeta+Home');
  for (let index = 1; index < line; index += 1) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
}

/**
 * Types `count` letters at the cursor, one at a time, and returns each one's time from the key to
 * the new output on the page (the `input-changed` and `output-rendered` marks the page sets).
 * The first `warmUp` keys are typed but not counted.
 */
export async function keystrokeLatencies(page, count, warmUp = 3) {
  const latencies = [];
  for (let index = 0; index < count + warmUp; index += 1) {
    await page.evaluate(() => performance.clearMarks());
    await page.keyboard.type(String.fromCharCode(97 + (index % 26)));
    const latency = await page
      .waitForFunction(
        () => {
          const input = performance.getEntriesByName('input-changed', 'mark').at(-1);
          const output = performance.getEntriesByName('output-rendered', 'mark').at(-1);
          return input && output && output.startTime >= input.startTime ? output.startTime - input.startTime : false;
        },
        undefined,
        { timeout: 30_000, polling: 'raf' },
      )
      .then((handle) => handle.jsonValue());
    if (index >= warmUp) latencies.push(latency);
    await page.waitForTimeout(40);
  }
  return latencies;
}
