// Issue 22 items 7 and 8, on the page in Chromium, each against a baseline of the same run:
//   a. a link holding one pod of 100,000 containers: from opening the link to its hardened output
//      on the page, against the command hardening the same manifest (target: at most 3x);
//   b. keystroke → output in a real 3,066-line bundle (../shared/corpus/argo-cd__namespace-install.yaml,
//      skipped without the corpus), typing in a Deployment's name, against the same in the
//      default example (target: at most 1.5x).
/* global document */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { build } from 'esbuild';
import { CLI, median, ratioLine, span, time } from './measure.mjs';
import { buildPage, goToLineEnd, keystrokeLatencies, launchBrowser, ROOT, startPreview } from './page.mjs';

const ROUNDS = Number(process.env.BENCH_BROWSER_ROUNDS ?? 3);
const CONTAINERS = 100_000;
const KEYSTROKES = 30;
const BUNDLE = join(ROOT, '..', 'shared', 'corpus', 'argo-cd__namespace-install.yaml');

/** One pod of 100,000 containers: 3.8 MB, within the 4 MB a link may hold (src/state/url-codec.ts). */
function largePod() {
  const lines = ['apiVersion: v1', 'kind: Pod', 'metadata:', '  name: large', 'spec:', '  containers:'];
  for (let index = 0; index < CONTAINERS; index += 1) lines.push(`    - name: c${index}`, '      image: nginx');
  return lines.join('\n') + '\n';
}

/** A link to the manifest, made by the page's own encoder (src/state/url-codec.ts) bundled for Node. */
async function encodeLink(manifest, work) {
  const outfile = join(work, 'link-codec.cjs');
  await build({
    stdin: {
      contents: "export { encodeState } from './src/state/url-codec.ts'; export { DEFAULT_FIELDS } from './src/state/option-fields.ts';",
      resolveDir: ROOT,
      loader: 'ts',
    },
    bundle: true,
    format: 'cjs',
    platform: 'node',
    outfile,
    logLevel: 'silent',
  });
  const { encodeState, DEFAULT_FIELDS } = createRequire(import.meta.url)(outfile);
  return encodeState({ manifest, fields: DEFAULT_FIELDS });
}

/** Milliseconds from navigation to the large pod's output on the page (its last container's mount in the last lines shown). */
async function openLargePodLink(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(url);
  const millis = await page
    .waitForFunction(
      (last) => {
        const blocks = document.querySelectorAll('[aria-label="Hardened manifest"] .lines');
        const text = blocks[blocks.length - 1]?.textContent ?? '';
        return text.includes(last) && text.includes('serviceaccount-token') ? performance.now() : false;
      },
      `name: c${CONTAINERS - 1}`,
      { timeout: 600_000, polling: 'raf' },
    )
    .then((handle) => handle.jsonValue());
  await context.close();
  return millis;
}

/** Pastes `manifest` into a fresh page, puts the cursor at the end of `line`, and times keystrokes there. */
async function typingLatencies(browser, baseUrl, manifest, line) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
  const page = await context.newPage();
  await page.goto(baseUrl);
  const output = page.getByRole('region', { name: 'Hardened manifest', exact: true });
  await output.getByText('automountServiceAccountToken: false').first().waitFor();
  if (manifest !== undefined) {
    await page.evaluate((text) => navigator.clipboard.writeText(text), manifest);
    const input = page.getByRole('textbox', { name: 'Input manifest', exact: true });
    await input.focus();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('ControlOrMeta+V');
    await output.getByText('argocd-repo-server').first().waitFor({ timeout: 60_000 });
    await page.waitForTimeout(1500);
  }
  await goToLineEnd(page, line);
  const latencies = await keystrokeLatencies(page, KEYSTROKES);
  await context.close();
  return latencies;
}

export async function benchPageScale() {
  console.log('\npage at scale: building the page');
  buildPage();
  const work = mkdtempSync(join(tmpdir(), 'sa-token-hardener-bench-page-'));
  const pod = largePod();
  const podPath = join(work, 'large-pod.yaml');
  writeFileSync(podPath, pod);
  const fragment = await encodeLink(pod, work);
  const bundle = existsSync(BUNDLE) ? readFileSync(BUNDLE, 'utf8') : undefined;
  // The line of `  name: argocd-repo-server` in the Deployment: a keystroke there changes one document of 50.
  const bundleLine =
    bundle &&
    bundle.split('\n').findIndex((text, index, lines) => text === '  name: argocd-repo-server' && lines[index - 5] === 'kind: Deployment') +
      1;
  const { baseUrl, stop } = await startPreview();
  const browser = await launchBrowser();
  const samples = { page: [], cli: [], bundle: [], example: [] };
  try {
    for (let round = 0; round < ROUNDS; round += 1) {
      samples.cli.push(time(process.execPath, [CLI, '-q', podPath]));
      samples.page.push(await openLargePodLink(browser, `${baseUrl}#${fragment}`));
      const example = await typingLatencies(browser, baseUrl, undefined, 9); // `  name: foo-pod`
      samples.example.push(median(example));
      if (bundle) samples.bundle.push(median(await typingLatencies(browser, baseUrl, bundle, bundleLine)));
      console.log(
        `  round ${round + 1}: large pod link ${samples.page.at(-1).toFixed(0)} ms, command ${samples.cli.at(-1).toFixed(0)} ms; ` +
          `keystroke → output median ${samples.example.at(-1).toFixed(1)} ms in the default example` +
          (bundle ? `, ${samples.bundle.at(-1).toFixed(1)} ms in the bundle` : ''),
      );
    }
  } finally {
    await browser.close();
    stop();
  }
  console.log(
    `  a. one pod of ${CONTAINERS.toLocaleString('en')} containers (a ${(fragment.length / 1000).toFixed(0)} kB link): page ${median(samples.page).toFixed(0)} ms (${span(samples.page)} ms), command ${median(samples.cli).toFixed(0)} ms (${span(samples.cli)} ms)`,
  );
  console.log(`     ${ratioLine('ratio page / command', samples.page, samples.cli, 3)}`);
  if (bundle) {
    console.log(
      `  b. keystroke → output, medians of ${KEYSTROKES} keys: bundle of ${bundle.split('\n').length - 1} lines ${median(samples.bundle).toFixed(1)} ms (${span(samples.bundle, 1)} ms), default example ${median(samples.example).toFixed(1)} ms (${span(samples.example, 1)} ms)`,
    );
    console.log(`     ${ratioLine('ratio bundle / default example', samples.bundle, samples.example, 1.5)}`);
  } else console.log(`  b. skipped: no corpus bundle at ${BUNDLE}`);
}
