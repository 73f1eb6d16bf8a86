import { readFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import jsonPatch, { type Operation } from 'fast-json-patch';
import AxeBuilder from '@axe-core/playwright';
import { parseAllDocuments } from 'yaml';
import { generateBundle } from '../scripts/bench/generate-bundle.mjs';
import { expect, pastedDeployment, test, type HardenerPage } from './fixtures';

/** The write-up's token volume as written there: `projected:` beside the list item, not in it. */
const MISINDENTED = `apiVersion: v1
kind: Pod
metadata:
  name: foo-pod
spec:
  containers:
    - name: foo
      image: foo:1
  volumes:
    - name: serviceaccount-token
    projected:
      defaultMode: 0444
`;

const ETCD_POD = '../shared/corpus/must-gather-clean__etcd-quorum-guard-85b4c88c96-nmk5g.yaml';

/** Plain values of every document, read as Kubernetes reads YAML (1.1). */
function plainDocuments(text: string): unknown[] {
  return parseAllDocuments(text, { version: '1.1' })
    .map((document) => document.toJS() as unknown)
    .filter((value) => value !== null);
}

const HAND_OUT = ['Copy YAML', 'Download YAML', 'Copy as kubectl apply'];

async function expectHandOut(hardener: HardenerPage, enabled: boolean): Promise<void> {
  for (const name of HAND_OUT) {
    if (enabled) await expect(hardener.button(name)).toBeEnabled();
    else await expect(hardener.button(name)).toBeDisabled();
  }
}

/** The lines of the Hardened view in sight (1-based, inclusive). */
async function linesInSight(hardener: HardenerPage): Promise<[number, number]> {
  return hardener.output.evaluate((element) => {
    const line = parseFloat(getComputedStyle(element.querySelector('pre') ?? element).lineHeight);
    return [Math.floor(element.scrollTop / line) + 1, Math.floor((element.scrollTop + element.clientHeight) / line)];
  });
}

test.describe('nothing stale handed out', () => {
  test('a broken manifest disables copy, download and kubectl apply, and marks the output out of date', async ({ hardener }) => {
    await hardener.open();
    await expect(hardener.output).toContainText('automountServiceAccountToken: false');
    await expectHandOut(hardener, true);
    await hardener.pasteManifest(MISINDENTED);
    // The error points at the misplaced key itself, not the start of its line.
    await expect(hardener.page.getByText('Line 11, column 5:')).toBeVisible();
    await expectHandOut(hardener, false);
    await expect(hardener.page.getByRole('status').filter({ hasText: /^Out of date/ })).toBeVisible();
    // The last good output stays in view.
    await expect(hardener.output).toContainText('name: foo-pod');
    for (const [tab, what] of [
      ['Diff', 'diff'],
      ['JSON Patch', 'JSON Patch'],
      ['Kustomize', 'kustomize patches'],
    ] as const) {
      await hardener.tab(tab).click();
      await expect(hardener.button(`Copy ${what}`)).toBeDisabled();
      await expect(hardener.button(`Download ${what}`)).toBeDisabled();
    }
    await hardener.tab('Hardened').click();
    await hardener.pasteManifest(pastedDeployment(['web']));
    await expect(hardener.output).toContainText('name: pasted-web');
    await expectHandOut(hardener, true);
    await expect(hardener.page.getByRole('status').filter({ hasText: /^Out of date/ })).toHaveCount(0);
  });

  test('an invalid option disables them at once, and a shortcut pressed meanwhile hands out nothing', async ({ hardener }) => {
    await hardener.open();
    await expect(hardener.output).toContainText('expirationSeconds: 3607');
    await hardener.field('Token expiration (seconds)').fill('599');
    await expectHandOut(hardener, false);
    await expect(hardener.page.getByRole('status').filter({ hasText: /^Out of date.*Token expiration/ })).toBeVisible();
    await hardener.page.evaluate(() => navigator.clipboard.writeText('untouched'));
    await hardener.page.keyboard.press('Alt+Shift+C');
    await expect(hardener.page.getByRole('status').filter({ hasText: 'Nothing handed out: an option is invalid.' })).toBeVisible();
    expect(await hardener.clipboard()).toBe('untouched');
    await hardener.field('Token expiration (seconds)').fill('600');
    await expectHandOut(hardener, true);
    await expect(hardener.output).toContainText('expirationSeconds: 600');
  });

  test('a shortcut pressed right after breaking the input waits for it and hands out nothing', async ({ hardener }) => {
    await hardener.open();
    await expect(hardener.output).toContainText('automountServiceAccountToken: false');
    await hardener.pasteManifest(MISINDENTED);
    await hardener.page.keyboard.press('Alt+Shift+C');
    await expect(hardener.page.getByRole('status').filter({ hasText: 'Nothing handed out: the input has errors.' })).toBeVisible();
    expect(await hardener.clipboard()).toBe(MISINDENTED);
  });
});

test.describe('output tabs', () => {
  test('each tab copies and downloads its own output, named for what it is', async ({ hardener }) => {
    await hardener.open();
    await expect(hardener.output).toContainText('automountServiceAccountToken: false');
    const tabs = hardener.page.getByRole('tablist', { name: 'Output' }).getByRole('tab');
    await expect(tabs).toHaveText(['Hardened', 'Diff', 'JSON Patch', 'Kustomize', 'Policy']);
    const input = plainDocuments((await readFile('src/examples/foo-pod.yaml', 'utf8')).toString());
    const inputText = await readFile('src/examples/foo-pod.yaml', 'utf8');

    const hardened = await hardener.copyWith('Copy YAML');
    expect(hardened).toBe(await hardener.outputText());

    await hardener.tab('Diff').click();
    await expect(hardener.tab('Diff')).toHaveAttribute('aria-selected', 'true');
    const diff = await hardener.copyWith('Copy diff');
    expect(diff.startsWith('--- input\n+++ hardened\n@@ ')).toBe(true);
    expect(diff).toContain('\n+  automountServiceAccountToken: false\n');
    // Insertions only: every line of the hunks is context or an addition.
    expect(diff.split('\n').filter((line) => line.startsWith('-') && !line.startsWith('--- '))).toEqual([]);
    await expect(hardener.button('Next change')).toBeVisible();
    await expect(hardener.button('Previous change')).toBeVisible();

    await hardener.tab('JSON Patch').click();
    const patches = JSON.parse(await hardener.copyWith('Copy JSON Patch')) as Operation[][];
    expect(patches).toHaveLength(input.length);
    const patched = input.map(
      (document, index) => jsonPatch.applyPatch(structuredClone(document), patches[index] ?? [], true, false).newDocument,
    );
    expect(patched).toEqual(plainDocuments(hardened));

    await hardener.tab('Kustomize').click();
    const kustomize = await hardener.copyWith('Copy kustomize patches');
    const [patch] = plainDocuments(kustomize) as { kind: string; metadata: { name: string }; spec: Record<string, unknown> }[];
    expect(patch?.kind).toBe('Pod');
    expect(patch?.metadata.name).toBe('foo-pod');
    expect(patch?.spec.automountServiceAccountToken).toBe(false);

    const downloads: Record<string, string> = {
      Kustomize: 'Download kustomize patches',
      'JSON Patch': 'Download JSON Patch',
      Diff: 'Download diff',
      Hardened: 'Download YAML',
    };
    const names: string[] = [];
    for (const [tab, button] of Object.entries(downloads)) {
      await hardener.tab(tab).click();
      const [download] = await Promise.all([hardener.page.waitForEvent('download'), hardener.button(button).click()]);
      names.push(download.suggestedFilename());
      if (tab === 'Diff') expect(await readFile(await download.path(), 'utf8')).toBe(diff);
    }
    expect(names).toEqual([
      'foo-pod-hardened.patches.yaml',
      'foo-pod-hardened.patch.json',
      'foo-pod-hardened.diff',
      'foo-pod-hardened.yaml',
    ]);
    expect(inputText).not.toBe(hardened);
  });

  test('JSON input says JSON and saves .json', async ({ hardener }) => {
    await hardener.open();
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'json-pod' }, spec: { containers: [{ name: 'c', image: 'i' }] } };
    await hardener.pasteManifest(`${JSON.stringify(pod, null, 2)}\n`);
    await expect(hardener.output).toContainText('"automountServiceAccountToken": false');
    await expect(hardener.button('Copy YAML')).toHaveCount(0);
    const copied = await hardener.copyWith('Copy JSON');
    expect((JSON.parse(copied) as { spec: { automountServiceAccountToken: boolean } }).spec.automountServiceAccountToken).toBe(false);
    const [download] = await Promise.all([hardener.page.waitForEvent('download'), hardener.button('Download JSON').click()]);
    expect(download.suggestedFilename()).toBe('json-pod-hardened.json');
  });
});

test.describe('the link', () => {
  test('restores the output tab and the diff layout', async ({ hardener, context }) => {
    await hardener.open();
    await expect(hardener.output).toContainText('automountServiceAccountToken: false');
    await hardener.tab('Diff').click();
    await hardener.page.getByRole('checkbox', { name: 'Side by side' }).check();
    await expect(hardener.page).toHaveURL(/#v=\d+&s=[A-Za-z0-9_-]+$/);
    await hardener.copyLink.click();
    await expect(hardener.page.getByRole('status').filter({ hasText: /Link copied/ })).toBeVisible();
    const link = await hardener.clipboard();

    const second = await context.newPage();
    await second.goto(link);
    await expect(second.getByRole('tab', { name: 'Diff', exact: true })).toHaveAttribute('aria-selected', 'true');
    await expect(second.getByRole('checkbox', { name: 'Side by side' })).toBeChecked();
    await expect(second.getByRole('button', { name: 'Copy diff', exact: true })).toBeEnabled();

    await second.getByRole('tab', { name: 'JSON Patch', exact: true }).click();
    await expect(second).toHaveURL((url) => url.hash !== new URL(link).hash);
    const third = await context.newPage();
    await third.goto(second.url());
    await expect(third.getByRole('tab', { name: 'JSON Patch', exact: true })).toHaveAttribute('aria-selected', 'true');
    await expect(third.getByRole('region', { name: 'JSON Patch text' })).toContainText('/spec/automountServiceAccountToken');
  });
});

test.describe('open file', () => {
  test('the file chooser loads a bundle, downloads are named after the file, and undo brings the text back', async ({ hardener }) => {
    await hardener.open();
    await hardener.editorReady();
    await expect(hardener.output).toContainText('name: foo-pod');
    const bundle = `${pastedDeployment(['web'])}---\n${pastedDeployment(['api']).replace('pasted-web', 'pasted-api')}`;
    const [chooser] = await Promise.all([hardener.page.waitForEvent('filechooser'), hardener.button('Open file').click()]);
    await chooser.setFiles({ name: 'shop.yaml', mimeType: 'application/yaml', buffer: Buffer.from(bundle) });
    await expect(hardener.output).toContainText('name: pasted-api');
    await expect(hardener.page.getByRole('status').filter({ hasText: 'Opened shop.yaml.' })).toBeVisible();
    const [download] = await Promise.all([hardener.page.waitForEvent('download'), hardener.downloadYaml.click()]);
    expect(download.suggestedFilename()).toBe('shop-hardened.yaml');
    expect(await readFile(await download.path(), 'utf8')).toBe(await hardener.outputText());
    await hardener.input.focus();
    await hardener.page.keyboard.press('ControlOrMeta+Z');
    await expect(hardener.output).toContainText('name: foo-pod');
  });

  test('a file dropped on the editor replaces the text', async ({ hardener }) => {
    await hardener.open();
    await hardener.editorReady();
    await expect(hardener.output).toContainText('name: foo-pod');
    const dataTransfer = await hardener.page.evaluateHandle(
      (text) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([text], 'dropped.yaml', { type: 'application/yaml' }));
        return transfer;
      },
      pastedDeployment(['dropped']),
    );
    await hardener.input.dispatchEvent('dragover', { dataTransfer });
    await hardener.input.dispatchEvent('drop', { dataTransfer });
    await expect(hardener.output).toContainText('name: dropped');
    await expect(hardener.page.getByRole('status').filter({ hasText: 'Opened dropped.yaml.' })).toBeVisible();
    // The file's text replaces the input whole: no file name or path is inserted into it.
    expect(await hardener.outputText()).not.toContain('foo-pod');
  });

  test('a pasted bundle downloads as manifest-hardened', async ({ hardener }) => {
    await hardener.open();
    await hardener.pasteManifest(generateBundle(3));
    await expect(hardener.output).toContainText('name: shop-2');
    const [download] = await Promise.all([hardener.page.waitForEvent('download'), hardener.downloadYaml.click()]);
    expect(download.suggestedFilename()).toBe('manifest-hardened.yaml');
  });
});

test.describe('changes you can follow', () => {
  test('the first change of a pasted manifest is in sight, and choosing a change reveals its lines', async ({ hardener }) => {
    test.skip(!existsSync(ETCD_POD), `corpus file ${ETCD_POD} is absent`);
    await hardener.open();
    await hardener.pasteManifest(readFileSync(ETCD_POD, 'utf8'));
    await expect(hardener.output).toContainText('name: serviceaccount-token');
    // The first changed line of the etcd pod is line 78.
    await expect
      .poll(async () => {
        const [first, last] = await linesInSight(hardener);
        return first <= 78 && 78 <= last && first > 1;
      })
      .toBe(true);
    const volume = hardener.changes.getByRole('button', { name: 'Added projected volume serviceaccount-token', exact: true });
    await volume.click();
    await expect(volume).toHaveAttribute('aria-pressed', 'true');
    const text = await hardener.outputText();
    const volumeLine = text.split('\n').indexOf('  - name: serviceaccount-token') + 1;
    expect(volumeLine).toBeGreaterThan(100);
    await expect
      .poll(async () => {
        const [first, last] = await linesInSight(hardener);
        return first <= volumeLine && volumeLine <= last;
      })
      .toBe(true);
    // A finding shows its line: the pod's ServiceAccount, at line 93 of the input.
    const finding = hardener.changes.getByRole('button', { name: 'Line 93, column 3' });
    await hardener.output.evaluate((element) => element.scrollTo({ top: 0 }));
    await finding.click();
    await expect(finding).toHaveAttribute('aria-pressed', 'true');
    const accountLine = text.split('\n').indexOf('  serviceAccountName: default') + 1;
    expect(accountLine).toBeGreaterThan(1);
    await expect
      .poll(async () => {
        const [first, last] = await linesInSight(hardener);
        return first <= accountLine && accountLine <= last;
      })
      .toBe(true);
  });
});

test.describe('layout', () => {
  test('a 3,000-line bundle keeps the page to the window, and the wheel over the header scrolls nothing', async ({ hardener }) => {
    await hardener.open();
    const bundle = generateBundle(82);
    expect(bundle.split('\n').length).toBeGreaterThanOrEqual(3000);
    await hardener.pasteManifest(bundle);
    await expect(hardener.output).toContainText('name: shop-81');
    await expect(hardener.changes.getByRole('list', { name: /^Changes to / }).getByRole('listitem')).toHaveCount(200);
    const heights = () => hardener.page.evaluate(() => [document.documentElement.scrollHeight, window.innerHeight]);
    const [documentHeight, windowHeight] = await heights();
    expect(documentHeight).toBe(windowHeight);
    await hardener.page.getByRole('heading', { name: 'sa-token-hardener' }).hover();
    await hardener.page.mouse.wheel(0, 2000);
    await expect.poll(() => hardener.page.evaluate(() => window.scrollY + document.documentElement.scrollTop)).toBe(0);
    await hardener.changes.getByRole('button', { name: /^Show all/ }).click();
    await expect(hardener.changes.getByRole('list', { name: /^Changes to / }).getByRole('listitem')).not.toHaveCount(200);
    expect(await heights()).toEqual([windowHeight, windowHeight]);
  });

  test('phones get 44 px touch targets', async ({ hardener }) => {
    await hardener.page.setViewportSize({ width: 390, height: 844 });
    await hardener.open();
    await expect(hardener.output).toContainText('automountServiceAccountToken: false');
    for (const control of [
      hardener.tab('Diff'),
      hardener.copyYaml,
      hardener.button('Open file'),
      hardener.copyLink,
      hardener.changes.getByRole('button').first(),
    ]) {
      const box = await control.boundingBox();
      expect(box?.height ?? 0).toBeGreaterThanOrEqual(44);
    }
  });
});

test.describe('quality', () => {
  test('the out-of-date state, the text tabs and a chosen change have no serious accessibility violations', async ({ hardener }) => {
    await hardener.open();
    await hardener.editorReady();
    await hardener.changes.getByRole('button', { name: 'Set automountServiceAccountToken to false', exact: true }).click();
    await hardener.tab('JSON Patch').click();
    await expect(hardener.page.getByRole('region', { name: 'JSON Patch text' })).toBeVisible();
    await hardener.field('Token expiration (seconds)').fill('599');
    await expect(hardener.page.getByRole('status').filter({ hasText: /^Out of date/ })).toBeVisible();
    const results = await new AxeBuilder({ page: hardener.page }).analyze();
    const severe = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
    expect(severe.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)).toEqual([]);
  });
});
