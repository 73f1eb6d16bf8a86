#!/usr/bin/env node
// Builds the web page and runs the Playwright tests against `vite preview` of that build.
// Browser: $CHROMIUM_PATH, else /usr/bin/chromium, else Playwright's own Chromium (installed on
// demand). Exits with Playwright's exit code.
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { systemChromium } from './chromium.mjs';

function run(command, args, env = process.env) {
  const result = spawnSync(command, args, { stdio: 'inherit', env, shell: process.platform === 'win32' });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

/** A port nobody listens on right now, so two runs (or a dev server) never collide. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 4319));
    });
  });
}

const buildStatus = run('npx', ['vite', 'build', '--logLevel', 'warn']);
if (buildStatus !== 0) {
  console.error('run-e2e: vite build failed');
  process.exit(buildStatus);
}

const executable = systemChromium();
if (!executable) {
  console.log(
    "run-e2e: no system Chromium found (set CHROMIUM_PATH, or install one: sudo apt-get install chromium); downloading Playwright's own Chromium instead (npx playwright install chromium, needs network access)",
  );
  const installStatus = run('npx', ['playwright', 'install', 'chromium']);
  if (installStatus !== 0) process.exit(installStatus);
}

const port = process.env.E2E_PORT ?? String(await freePort());
const env = { ...process.env, E2E_PORT: port, E2E_CHROMIUM_PATH: executable ?? '' };
console.log(`run-e2e: testing the production build on port ${port} with ${executable ?? "Playwright's Chromium"}`);
process.exit(run('npx', ['playwright', 'test', ...process.argv.slice(2)], env));
