/**
 * The page's panes read as one: the input and the output start level and keep level (one font,
 * size and line height), the editors wear the page's own palette, and an empty input invites
 * rather than errs.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Locator } from '@playwright/test';
import { expect, test, type HardenerPage } from './fixtures';

const FIRST_LINE = "# The write-up's pod, before hardening:";

/** How far apart two lines' middles are; Monaco redraws its lines, so this is asked until they hold still. */
async function expectLevel(a: Locator, b: Locator): Promise<void> {
  const centre = async (locator: Locator) => {
    const box = await locator.boundingBox();
    return box ? box.y + box.height / 2 : Number.NaN;
  };
  await expect.poll(async () => Math.abs((await centre(a)) - (await centre(b)))).toBeLessThanOrEqual(1);
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
      await expectLevel(inputLine(hardener, FIRST_LINE), outputLine(FIRST_LINE));
      await expectLevel(inputLine(hardener, 'spec'), outputLine('spec'));
    });

    test('the diff starts level with the input', async ({ hardener }) => {
      await hardener.open();
      await hardener.editorReady();
      await hardener.tab('Diff').click();
      const diff = hardener.page.getByRole('tabpanel', { name: 'Diff' });
      const diffFirst = diff.getByText(FIRST_LINE, { exact: true }).last();
      await expect(diffFirst).toBeVisible();
      await expectLevel(inputLine(hardener, FIRST_LINE), diffFirst);
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

test.describe('at 1024x768 the options are a drawer', () => {
  test.use({ viewport: { width: 1024, height: 768 } });

  test('two columns of editors; the toggle opens the options, Escape closes them and the focus comes back', async ({ hardener }) => {
    await hardener.open();
    const toggle = hardener.page.getByRole('button', { name: /^Options/ });
    const field = hardener.field('Token expiration (seconds)');
    await expect(field).toBeHidden();
    // The editors share the width: each has more than the 310 px three columns left them.
    const outputBox = await hardener.output.boundingBox();
    expect(outputBox?.width ?? 0).toBeGreaterThan(440);
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
    await expect(field).toBeInViewport();
    await field.fill('7200');
    await expect(hardener.page.getByRole('button', { name: 'Options · 1 changed', exact: true })).toBeVisible();
    await hardener.page.keyboard.press('Escape');
    await expect(field).toBeHidden();
    await expect(toggle).toBeFocused();
    await expect(hardener.output).toContainText('expirationSeconds: 7200');
    await toggle.click();
    await hardener.page.getByRole('button', { name: 'Close options' }).click();
    await expect(field).toBeHidden();
    const overflow = await hardener.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});

test.describe('at 1440x900 the options are a column', () => {
  test.use({ viewport: { width: 1440, height: 900 } });

  test('with no toggle', async ({ hardener }) => {
    await hardener.open();
    await expect(hardener.field('Token expiration (seconds)')).toBeInViewport();
    await expect(hardener.page.getByRole('button', { name: /^Options/ })).toBeHidden();
  });
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('a short manifest gets a short editor, a long one a tall editor', async ({ hardener }) => {
    await hardener.open();
    await hardener.editorReady();
    const inputPane = hardener.page.getByRole('region', { name: 'Input', exact: true });
    const shortHeight = (await inputPane.boundingBox())?.height ?? 0;
    // The 17-line pod: its lines and the pane's head, not 60% of the screen.
    expect(shortHeight).toBeLessThan(844 * 0.6);
    await hardener.pasteManifest(`${Array.from({ length: 80 }, (_, index) => `# line ${index}`).join('\n')}\n`);
    // Up to its cap, 70% of the screen.
    await expect.poll(async () => (await inputPane.boundingBox())?.height ?? 0).toBeGreaterThan(844 * 0.65);
  });
});

test.describe('a long output', () => {
  test.use({ viewport: { width: 1440, height: 900 } });

  test('has marks beside it for its inserted lines, and a click on them scrolls there', async ({ hardener }) => {
    const pods = Array.from(
      { length: 40 },
      (_, index) =>
        `apiVersion: v1\nkind: Pod\nmetadata:\n  name: pod-${index}\nspec:\n  containers:\n    - name: app\n      image: app:1\n`,
    ).join('---\n');
    await hardener.open();
    await hardener.pasteManifest(pods);
    await expect(hardener.output).toContainText('name: pod-39');
    // The ruler is a picture of what the text says (aria-hidden, a canvas): found by its class, its marks counted by its data.
    const ruler = hardener.page.locator('.overview-ruler');
    // Each pod's insertions (mounts, automount, volume) follow its last line: one run, one mark, per pod.
    await expect(ruler).toHaveAttribute('data-inserted', '40');
    // Each pod runs as "default": one finding each, marked too.
    await expect(ruler).toHaveAttribute('data-findings', '40');
    const view = hardener.output;
    await view.evaluate((element) => element.scrollTo({ top: 0 }));
    const box = await ruler.boundingBox();
    if (!box) throw new Error('no ruler');
    await hardener.page.mouse.click(box.x + box.width / 2, box.y + box.height - 2);
    // The ruler is the scrollbar's picture: a click 2 px from its bottom scrolls to as far down.
    const expected = 1 - 2 / box.height;
    await expect
      .poll(() => view.evaluate((element) => element.scrollTop / (element.scrollHeight - element.clientHeight)))
      .toBeGreaterThan(expected - 0.01);
    expect(await view.evaluate((element) => element.scrollTop / (element.scrollHeight - element.clientHeight))).toBeLessThan(
      expected + 0.01,
    );
  });
});

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`the whole page in ${colorScheme}`, () => {
    test.use({ viewport: { width: 1440, height: 900 }, colorScheme });

    for (const tab of ['Hardened', 'Diff'] as const) {
      test(`has no serious or critical accessibility violations, editors included, on the ${tab} tab`, async ({ hardener }) => {
        await hardener.open();
        await hardener.editorReady();
        await hardener.tab(tab).click();
        if (tab === 'Diff') await expect(hardener.page.getByRole('tabpanel', { name: 'Diff' }).getByRole('code')).toHaveCount(2);
        else await expect(hardener.output.getByText('spec', { exact: true })).toBeVisible();
        const results = await new AxeBuilder({ page: hardener.page }).analyze();
        const severe = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
        expect(severe.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)).toEqual(
          [],
        );
      });
    }
  });
}
