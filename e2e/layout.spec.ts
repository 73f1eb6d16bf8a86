/**
 * The page's panes read as one: the input and the output start level and keep level (one font,
 * size and line height), the editors wear the page's own palette, and an empty input invites
 * rather than errs.
 */
import type { Locator } from '@playwright/test';
import { expect, test, type HardenerPage } from './fixtures';

const FIRST_LINE = "# The write-up's pod, before hardening:";

async function centre(locator: Locator): Promise<number> {
  const box = await locator.boundingBox();
  if (!box) throw new Error('not laid out');
  return box.y + box.height / 2;
}

async function colourOf(locator: Locator, property: 'color' | 'backgroundColor'): Promise<string> {
  return locator.evaluate((element, name) => getComputedStyle(element)[name], property);
}

function inputLine(hardener: HardenerPage, text: string): Locator {
  return hardener.page.getByRole('region', { name: 'Input', exact: true }).getByText(text, { exact: true }).first();
}

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`at 1440x900 in ${colorScheme}`, () => {
    test.use({ viewport: { width: 1440, height: 900 }, colorScheme });

    test('the first lines of the input and of the hardened output sit level, and the tenth lines too', async ({ hardener }) => {
      await hardener.open();
      await hardener.editorReady();
      const outputLine = (text: string) => hardener.output.getByText(text, { exact: true }).first();
      // Line 10 of both is `spec:`: equal distances prove one line height, not only one start.
      await expect(hardener.output.getByText('spec', { exact: true })).toBeVisible();
      expect(Math.abs((await centre(inputLine(hardener, FIRST_LINE))) - (await centre(outputLine(FIRST_LINE))))).toBeLessThanOrEqual(1);
      expect(Math.abs((await centre(inputLine(hardener, 'spec'))) - (await centre(outputLine('spec'))))).toBeLessThanOrEqual(1);
    });

    test('the diff starts level with the input', async ({ hardener }) => {
      await hardener.open();
      await hardener.editorReady();
      await hardener.tab('Diff').click();
      const diff = hardener.page.getByRole('tabpanel', { name: 'Diff' });
      const diffFirst = diff.getByText(FIRST_LINE, { exact: true }).last();
      await expect(diffFirst).toBeVisible();
      expect(Math.abs((await centre(inputLine(hardener, FIRST_LINE))) - (await centre(diffFirst)))).toBeLessThanOrEqual(1);
    });

    test('the input editor colours YAML as the hardened view does, on the same surface', async ({ hardener }) => {
      await hardener.open();
      await hardener.editorReady();
      const outputKey = hardener.output.getByText('spec', { exact: true });
      const outputComment = hardener.output.getByText(FIRST_LINE, { exact: true });
      const outputNumber = hardener.output.getByText('8080', { exact: true });
      await expect(outputKey).toBeVisible();
      expect(await colourOf(inputLine(hardener, 'spec'), 'color')).toBe(await colourOf(outputKey, 'color'));
      expect(await colourOf(inputLine(hardener, FIRST_LINE), 'color')).toBe(await colourOf(outputComment, 'color'));
      expect(await colourOf(inputLine(hardener, '8080'), 'color')).toBe(await colourOf(outputNumber, 'color'));
      // Keys, comments and values differ from the text colour: the view is coloured, not plain.
      const plain = await colourOf(hardener.output, 'color');
      expect(new Set([plain, await colourOf(outputKey, 'color'), await colourOf(outputComment, 'color')]).size).toBe(3);
      const editor = hardener.page.getByRole('region', { name: 'Input', exact: true }).getByRole('code');
      expect(await colourOf(editor, 'backgroundColor')).toBe(await colourOf(hardener.output, 'backgroundColor'));
    });
  });
}

test.describe('an empty input', () => {
  test('invites to paste, open or load the example, with no error and nothing handed out', async ({ hardener }) => {
    await hardener.open();
    await hardener.pasteManifest('');
    await hardener.page.keyboard.press('Delete');
    await expect(hardener.page.getByText('Paste a Kubernetes manifest here')).toBeVisible();
    await expect(hardener.page.getByText(/the input is empty/)).toHaveCount(0);
    await expect(hardener.page.getByText('The hardened manifest appears here as soon as the input holds a manifest.')).toBeVisible();
    await expect(hardener.copyYaml).toBeDisabled();
    await hardener.button('Load the example pod').click();
    await expect(hardener.output).toContainText('automountServiceAccountToken: false');
    await expect(hardener.page.getByText('Paste a Kubernetes manifest here')).toHaveCount(0);
    await expect(hardener.copyYaml).toBeEnabled();
  });
});
