/** A new user's first run (issue 24): what they met that was rough, each as the rule the page now keeps. */
import type { Locator, Page } from '@playwright/test';
import { expect, pastedDeployment, test, type HardenerPage } from './fixtures';

/** The line the diff's cursor is on: Monaco marks its number on the hardened side. */
async function diffCursorLine(page: Page): Promise<number> {
  return Number(await page.locator('.editor.modified .line-numbers.active-line-number').first().textContent());
}

function boxOf(locator: Locator) {
  return locator.boundingBox().then((box) => {
    if (!box) throw new Error('not laid out');
    return box;
  });
}

function overlaps(a: { y: number; height: number }, b: { y: number; height: number }): boolean {
  return a.y < b.y + b.height - 0.5 && b.y < a.y + a.height - 0.5;
}

/** A long manifest with a few changes far apart: the diff folds the unchanged lines between them. */
function longBundle(lines: number): string {
  const filler = Array.from({ length: lines }, (_, index) => `  key-${index}: value-${index}\n`).join('');
  return `${pastedDeployment(['web'])}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: filler\ndata:\n${filler}---\n${pastedDeployment(['api']).replace('pasted-web', 'pasted-api')}`;
}

async function openDiff(hardener: HardenerPage): Promise<void> {
  await hardener.tab('Diff').click();
  await expect(hardener.page.getByRole('tabpanel', { name: 'Diff' }).getByRole('code')).toHaveCount(2);
}

test.describe('the diff', () => {
  test('opens on the first change; Previous from the first goes nowhere, Next steps to the second and back', async ({ hardener }) => {
    await hardener.open();
    const input = longBundle(60);
    await hardener.pasteManifest(input);
    await expect(hardener.output).toContainText('name: pasted-api');
    // The first change: the first line where the output leaves the input (the hardening only inserts here).
    const inputLines = input.split('\n');
    const first = (await hardener.outputText()).split('\n').findIndex((line, index) => line !== inputLines[index]) + 1;
    expect(first).toBeGreaterThan(1);
    await openDiff(hardener);
    const previous = hardener.button('Previous change');
    const next = hardener.button('Next change');
    await expect.poll(() => diffCursorLine(hardener.page)).toBe(first);
    await expect(previous).toBeDisabled();
    await previous.click({ force: true });
    expect(await diffCursorLine(hardener.page)).toBe(first);
    await expect(next).toBeEnabled();
    await next.click();
    await expect.poll(() => diffCursorLine(hardener.page)).toBeGreaterThan(first);
    await expect(previous).toBeEnabled();
    await previous.click();
    await expect.poll(() => diffCursorLine(hardener.page)).toBe(first);
    // On to the last change: Next then goes nowhere either.
    for (let step = 0; step < 30 && (await next.getAttribute('aria-disabled')) !== 'true'; step += 1) await next.click();
    await expect(next).toBeDisabled();
    const last = await diffCursorLine(hardener.page);
    await next.click({ force: true });
    expect(await diffCursorLine(hardener.page)).toBe(last);
  });

  test('its "N hidden lines" bars hide no real line, and 5-digit line numbers stand apart', async ({ hardener }) => {
    test.slow();
    await hardener.open();
    await hardener.pasteManifest(longBundle(10_050));
    await expect(hardener.output).toContainText('name: pasted-api');
    await openDiff(hardener);
    const panel = hardener.page.getByRole('tabpanel', { name: 'Diff' });
    await expect(hardener.button('Next change')).toBeEnabled();
    await expect.poll(() => diffCursorLine(hardener.page)).toBeLessThan(100);
    // Below the first Deployment, the 10,000 unchanged lines are folded behind a bar: scroll it into view.
    const editor = await boxOf(panel.locator('.editor.modified'));
    const inView = (box: { y: number; height: number }) => box.y >= editor.y && box.y + box.height <= editor.y + editor.height;
    const bars = panel.locator('.editor.modified .diff-hidden-lines .center');
    await panel.locator('.editor.modified').hover();
    await expect(async () => {
      await hardener.page.mouse.wheel(0, 120);
      const shown = (await Promise.all((await bars.all()).map((bar) => bar.boundingBox()))).filter((box) => box !== null && inView(box));
      expect(shown.length).toBeGreaterThan(0);
    }).toPass();
    await hardener.page.waitForTimeout(300);
    const lineBoxes = (
      await Promise.all((await panel.locator('.editor.modified .view-line').all()).map((line) => line.boundingBox()))
    ).filter((box): box is NonNullable<typeof box> => box !== null && inView(box));
    let checked = 0;
    for (const bar of await bars.all()) {
      const box = await bar.boundingBox();
      if (!box || !inView(box)) continue;
      for (const line of lineBoxes) expect(overlaps(box, line), `a bar over the line at y=${line.y}`).toBe(false);
      checked += 1;
    }
    expect(checked).toBeGreaterThan(0);
    // Near the end, past line 10,000: the lines just above the last change are unchanged, numbered on both sides.
    const next = hardener.button('Next change');
    await expect(next).toBeEnabled();
    for (let step = 0; step < 30 && (await next.getAttribute('aria-disabled')) !== 'true'; step += 1) await next.click();
    await expect.poll(() => diffCursorLine(hardener.page)).toBeGreaterThan(10_000);
    await panel.locator('.editor.modified').hover();
    await hardener.page.mouse.wheel(0, -120);
    await hardener.page.waitForTimeout(300);
    // Inline, the input's numbers and the output's stand side by side: they must not run together.
    const original = await panel.locator('.editor.original .line-numbers').all();
    const modified = await panel.locator('.editor.modified .line-numbers').all();
    let compared = 0;
    for (const number of original) {
      const box = await number.boundingBox();
      const text = (await number.textContent()) ?? '';
      if (!box || text.length < 5) continue;
      for (const other of modified) {
        const otherBox = await other.boundingBox();
        if (!otherBox || Math.abs(otherBox.y - box.y) > 2) continue;
        const [left, right] = await Promise.all([textRight(number), textLeft(other)]);
        expect(right - left, `${text} and ${await other.textContent()}`).toBeGreaterThanOrEqual(4);
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(0);
    // The hardened view's numbers fit their gutter too.
    await hardener.tab('Hardened').click();
    await hardener.output.evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
    const gutter = await hardener.output
      .locator('.line')
      .last()
      .evaluate((line) => {
        const before = getComputedStyle(line, '::before');
        const probe = document.createElement('span');
        probe.style.font = before.font;
        probe.textContent = '10123';
        document.body.append(probe);
        const needed = probe.getBoundingClientRect().width;
        probe.remove();
        return { width: parseFloat(before.width), needed };
      });
    expect(gutter.width).toBeGreaterThanOrEqual(gutter.needed);
  });
});

/** Where a line number's text ends (right-aligned in its box), and where another's begins. */
async function textRight(number: Locator): Promise<number> {
  return number.evaluate((element) => {
    const range = document.createRange();
    range.selectNodeContents(element);
    return range.getBoundingClientRect().right;
  });
}

async function textLeft(number: Locator): Promise<number> {
  return number.evaluate((element) => {
    const range = document.createRange();
    range.selectNodeContents(element);
    return range.getBoundingClientRect().left;
  });
}

test.describe('every tab', () => {
  test('takes Alt+Shift+C and Alt+Shift+D, the Policy tab included', async ({ hardener }) => {
    await hardener.open();
    await expect(hardener.output).toContainText('automountServiceAccountToken: false');
    for (const [tab, copied, saved] of [
      ['Hardened', /^Copied \d+ lines of YAML\.$/, 'foo-pod-hardened.yaml'],
      ['Diff', /^Copied \d+ lines of diff\.$/, 'foo-pod-hardened.diff'],
      ['JSON Patch', /^Copied \d+ lines of JSON Patch\.$/, 'foo-pod-hardened.patch.json'],
      ['Kustomize', /^Copied \d+ lines of kustomize patches\.$/, 'foo-pod-hardened.patches.yaml'],
      ['Policy', /Policy copied\./, 'sa-token-hardener-validating-policy.yaml'],
    ] as const) {
      await hardener.tab(tab).click();
      if (tab === 'Policy') await expect(hardener.button('Copy policy')).toBeEnabled();
      await hardener.page.evaluate(() => navigator.clipboard.writeText(''));
      await hardener.page.getByRole('heading', { name: 'sa-token-hardener' }).click();
      await hardener.page.keyboard.press('Alt+Shift+C');
      await expect(hardener.page.getByRole('status').filter({ hasText: copied }), tab).toBeVisible();
      await expect.poll(() => hardener.clipboard(), tab).not.toBe('');
      const [download] = await Promise.all([hardener.page.waitForEvent('download'), hardener.page.keyboard.press('Alt+Shift+D')]);
      expect(download.suggestedFilename(), tab).toBe(saved);
    }
  });

  test('a "Saved …" message stays with its tab', async ({ hardener }) => {
    await hardener.open();
    await expect(hardener.output).toContainText('automountServiceAccountToken: false');
    await Promise.all([hardener.page.waitForEvent('download'), hardener.downloadYaml.click()]);
    const saved = hardener.page.getByRole('status').filter({ hasText: /^Saved foo-pod-hardened\.yaml\.$/ });
    await expect(saved).toBeVisible();
    await hardener.tab('Diff').click();
    // Gone at once, well before its time to fade (2.5 s).
    await expect(saved).toHaveCount(0, { timeout: 1000 });
  });
});

test.describe('the input', () => {
  test('"Opened FILE" sits beside the editor, never over its first lines, and stays until dismissed', async ({ hardener }) => {
    await hardener.open();
    await hardener.editorReady();
    const [chooser] = await Promise.all([hardener.page.waitForEvent('filechooser'), hardener.button('Open file').click()]);
    await chooser.setFiles({ name: 'shop.yaml', mimeType: 'application/yaml', buffer: Buffer.from(pastedDeployment(['web'])) });
    await expect(hardener.output).toContainText('name: pasted-web');
    const note = hardener.page.getByRole('status').filter({ hasText: /^Opened shop\.yaml\./ });
    await expect(note).toBeVisible();
    // The first file says what a reload keeps, too.
    await expect(note).toContainText('Reload keeps the options and the view, not this manifest');
    const noteBox = await boxOf(note);
    for (const line of (await hardener.page.locator('.input-pane .view-line').all()).slice(0, 10)) {
      const box = await line.boundingBox();
      if (box) expect(overlaps(noteBox, box)).toBe(false);
    }
    // It does not go by itself while being read.
    await hardener.page.waitForTimeout(3000);
    await expect(note).toBeVisible();
    await hardener.button('Dismiss the note').click();
    await expect(note).toHaveCount(0);
  });

  test('a value typed into Audience changes the output', async ({ hardener }) => {
    await hardener.open();
    await expect(hardener.output).toContainText('expirationSeconds: 3607');
    await expect(hardener.output).not.toContainText('audience:');
    await hardener.field('Audience').fill('vault.example.com');
    await expect(hardener.output).toContainText('audience: vault.example.com');
  });
});

test.describe('the summary', () => {
  test('says "+N lines" for insertions only, and what was added and removed when a line is replaced', async ({ hardener }) => {
    await hardener.open();
    const summary = hardener.page.getByRole('region', { name: 'Output', exact: true }).locator('.summary');
    await expect(summary).toHaveText(/^\+\d+ lines · 3 changes$/);
    await hardener.pasteManifest('apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\nautomountServiceAccountToken: true\n');
    await expect(hardener.output).toContainText('automountServiceAccountToken: false');
    await expect(summary).toHaveText(/^1 added, 1 removed · 1 change$/);
  });
});

test.describe('the layout', () => {
  test('at 768 px every example title shows whole in the picker', async ({ hardener }) => {
    await hardener.page.setViewportSize({ width: 768, height: 1024 });
    await hardener.open();
    const picker = hardener.page.getByRole('combobox', { name: 'Example' });
    for (const name of ['foo-pod', 'deployment', 'cronjob', 'kubectl-get-pod']) {
      await picker.selectOption(name);
      const fit = await picker.evaluate((select: HTMLSelectElement) => {
        const style = getComputedStyle(select);
        const probe = document.createElement('span');
        probe.style.font = style.font;
        probe.style.whiteSpace = 'pre';
        probe.textContent = select.selectedOptions[0]?.text ?? '';
        document.body.append(probe);
        const text = probe.getBoundingClientRect().width;
        probe.remove();
        // Room for the text: the box less its padding and the arrow (about 20 px).
        const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 20;
        return { text, room };
      });
      expect(fit.text, name).toBeLessThanOrEqual(fit.room);
    }
  });

  test('at 1440x900 the Changes panel shows the notes and two changes whole', async ({ hardener }) => {
    await hardener.page.setViewportSize({ width: 1440, height: 900 });
    await hardener.open();
    const changes = hardener.changes;
    await expect(changes.getByRole('listitem').first()).toBeVisible();
    const panel = await boxOf(changes);
    const bottom = Math.min(panel.y + panel.height, 900);
    const items = await changes.getByRole('listitem').all();
    const whole = [];
    for (const item of items) {
      const box = await item.boundingBox();
      if (box && box.y + box.height <= bottom + 0.5) whole.push((await item.getAttribute('class')) ?? '');
    }
    expect(whole.filter((name) => name.includes('finding')).length).toBe(2);
    expect(whole.filter((name) => name.includes('change')).length).toBeGreaterThanOrEqual(2);
  });
});
