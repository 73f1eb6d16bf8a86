/** The header and the output toolbar: one line, the promise, copy feedback over the page, the summary, the shortcuts. */
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type HardenerPage } from './fixtures';

const PACKAGE = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
  homepage?: string;
  repository?: unknown;
};

/** WCAG contrast of two opaque CSS colours as getComputedStyle gives them (`rgb(r, g, b)`). */
function contrast(foreground: string, background: string): number {
  const luminance = (colour: string) => {
    const channels = (colour.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
    expect(channels).toHaveLength(3);
    const [r = 0, g = 0, b = 0] = channels.map((value) => {
      const c = value / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [light, dark] = [luminance(foreground), luminance(background)].sort((a, b) => b - a) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

async function box(locator: ReturnType<HardenerPage['page']['getByRole']>) {
  const found = await locator.boundingBox();
  if (!found) throw new Error('not laid out');
  return found;
}

test.describe('the header', () => {
  for (const [width, promise] of [
    [1440, 'Runs in your browser · nothing uploaded'],
    [768, 'Nothing uploaded'],
  ] as const) {
    test(`is one line at ${width} px, with the whole name and the promise in view`, async ({ hardener }) => {
      await hardener.page.setViewportSize({ width, height: 900 });
      await hardener.open();
      const banner = hardener.page.getByRole('banner');
      const heading = banner.getByRole('heading', { name: 'sa-token-hardener', level: 1 });
      const header = await box(banner);
      expect(header.height).toBeLessThanOrEqual(56);
      // One line of 15–16 px text: a name broken in two would be twice as tall.
      expect((await box(heading)).height).toBeLessThan(30);
      for (const control of [
        heading,
        banner.getByText(promise, { exact: true }),
        banner.getByRole('combobox', { name: 'Example' }),
        hardener.copyLink,
      ]) {
        await expect(control).toBeVisible();
        const { y, height } = await box(control);
        expect(y).toBeGreaterThanOrEqual(header.y);
        expect(y + height).toBeLessThanOrEqual(header.y + header.height);
      }
      // Shortened or not, the whole promise is what a screen reader hears.
      await expect(banner).toContainText('Runs in your browser · nothing uploaded');
      const right = (await box(banner.getByRole('button', { name: 'Keyboard shortcuts' }))).x;
      expect(right).toBeLessThan(width);
    });
  }

  test('shows the version from package.json, and a source link only when package.json names one', async ({ hardener }) => {
    await hardener.open();
    const banner = hardener.page.getByRole('banner');
    await expect(banner).toContainText(`v${PACKAGE.version}`);
    const named = PACKAGE.homepage !== undefined || PACKAGE.repository !== undefined;
    await expect(banner.getByRole('link')).toHaveCount(named ? 1 : 0);
  });

  test('at 390 px takes two short rows: the picker and the link controls share one', async ({ hardener }) => {
    await hardener.page.setViewportSize({ width: 390, height: 844 });
    await hardener.open();
    const banner = hardener.page.getByRole('banner');
    expect((await box(banner)).height).toBeLessThanOrEqual(110);
    const picker = await box(banner.getByRole('combobox', { name: 'Example' }));
    const link = await box(hardener.copyLink);
    expect(Math.abs(picker.y + picker.height / 2 - (link.y + link.height / 2))).toBeLessThanOrEqual(2);
    await expect(banner.getByText('Nothing uploaded', { exact: true })).toBeVisible();
  });

  test('About links says what the address bar and a copied link hold, how long the last one is, and that no server sees it', async ({
    hardener,
  }) => {
    await hardener.open();
    await hardener.copyLink.click();
    await expect(hardener.page.getByRole('status').filter({ hasText: /^Link copied/ })).toBeVisible();
    const length = (await hardener.clipboard()).length;
    const about = hardener.page.getByRole('button', { name: /^About links/ });
    await expect(about).toHaveAttribute('aria-expanded', 'false');
    await about.click();
    await expect(about).toHaveAttribute('aria-expanded', 'true');
    await expect(hardener.page.getByText(/The address bar holds the options and the view, never your manifest/)).toBeVisible();
    await expect(hardener.page.getByText(/makes a link that also holds the manifest/)).toBeVisible();
    await expect(
      hardener.page.getByText(`The last link copied is ${length.toLocaleString('en')} characters.`, { exact: false }),
    ).toBeVisible();
    await expect(hardener.page.getByText(/browsers never send to a server/)).toBeVisible();
  });
});

test.describe('copy feedback', () => {
  test('shows on the button and over the page: the output does not move', async ({ hardener }) => {
    await hardener.open();
    await expect(hardener.output).toContainText('automountServiceAccountToken: false');
    const before = await box(hardener.output);
    await hardener.copyYaml.click();
    const status = hardener.page.getByRole('status').filter({ hasText: /^Copied \d+ lines of YAML\.$/ });
    await expect(status).toBeVisible();
    await expect(hardener.copyYaml.locator('.icon-done')).toBeVisible();
    expect(await box(hardener.output)).toEqual(before);
    // The bubble overlays the output's top rather than sitting above it.
    expect((await box(status)).y).toBeGreaterThanOrEqual(before.y - 8);
    await expect(status).toHaveCount(0, { timeout: 5000 });
    await expect(hardener.copyYaml.locator('.icon-done')).toHaveCount(0);
  });

  test('says why nothing was copied, without moving the output either', async ({ hardener }) => {
    await hardener.open();
    await expect(hardener.output).toContainText('automountServiceAccountToken: false');
    await hardener.field('Token expiration (seconds)').fill('12');
    const before = await box(hardener.output);
    await hardener.page.getByRole('heading', { name: 'sa-token-hardener' }).click();
    await hardener.page.keyboard.press('Alt+Shift+C');
    await expect(hardener.page.getByRole('status').filter({ hasText: 'Nothing handed out: an option is invalid.' })).toBeVisible();
    expect((await box(hardener.output)).y).toBe(before.y);
  });
});

test.describe('the summary strip', () => {
  test('counts the inserted lines, the changes and what to review', async ({ hardener }) => {
    await hardener.open();
    await expect(hardener.output).toContainText('automountServiceAccountToken: false');
    // Beside the output's tabs (the output region's head).
    const toolbar = hardener.page.getByRole('region', { name: 'Output', exact: true });
    // The write-up's pod only gains lines: the output is the input plus the inserted ones.
    const input = await hardener.inputText();
    const output = await hardener.outputText();
    const inserted = output.replace(/\n$/, '').split('\n').length - input.replace(/\n$/, '').split('\n').length;
    expect(inserted).toBeGreaterThan(5);
    await expect(toolbar).toContainText(`+${inserted} lines · 3 changes`);
    await expect(toolbar).not.toContainText('to review');
    // Above the one-hour cap many clusters set: a finding to review.
    await hardener.field('Token expiration (seconds)').fill('86400');
    await expect(toolbar).toContainText(`+${inserted} lines · 3 changes · 1 to review`);
  });
});

test.describe('the keyboard shortcuts dialog', () => {
  test('lists every shortcut, keeps the focus, closes with Escape and gives the focus back', async ({ hardener }) => {
    await hardener.open();
    await hardener.editorReady();
    const opener = hardener.page.getByRole('button', { name: 'Keyboard shortcuts' });
    await opener.click();
    const dialog = hardener.page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect(dialog).toBeVisible();
    for (const keys of ['Alt+Shift+C', 'Alt+Shift+D', 'Alt+Shift+K', 'Alt+Shift+L', 'F8', 'Shift+F8', 'Ctrl+M', 'Ctrl+F', 'Ctrl+Z', '?']) {
      await expect(dialog.getByRole('term').filter({ hasText: keys }).first()).toBeVisible();
    }
    for (let press = 0; press < 4; press += 1) {
      await hardener.page.keyboard.press(press % 2 === 0 ? 'Tab' : 'Shift+Tab');
      await expect(dialog.locator(':focus')).toHaveCount(1);
    }
    await hardener.page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(opener).toBeFocused();

    // `?` outside a text field opens it too.
    await hardener.page.keyboard.press('?');
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(dialog).toBeHidden();
    await expect(opener).toBeFocused();
  });

  test('`?` typed in the editor is a question mark', async ({ hardener }) => {
    await hardener.open();
    await hardener.editorReady();
    await hardener.input.focus();
    await hardener.page.keyboard.press('ControlOrMeta+End');
    await hardener.page.keyboard.type('# why?');
    await expect(hardener.page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeHidden();
    expect(await hardener.inputText()).toContain('# why?');
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    test(`the dialog and the link note have no serious accessibility violations, the copy bubble reads at 4.5:1 (${colorScheme})`, async ({
      hardener,
    }) => {
      // Two scans of a page with Monaco on it: slow on a busy machine.
      test.slow();
      await hardener.page.emulateMedia({ colorScheme });
      await hardener.open();
      await expect(hardener.output).toContainText('automountServiceAccountToken: false');
      // The bubble lasts a moment only: its colours are read in one go while it shows.
      await expect(async () => {
        await hardener.copyYaml.click();
        const shown = await hardener.page
          .getByRole('status')
          .filter({ hasText: /^Copied/ })
          .evaluate((element) => {
            const style = getComputedStyle(element);
            return { text: element.textContent, color: style.color, background: style.backgroundColor };
          });
        expect(shown.text).toMatch(/^Copied/);
        expect(contrast(shown.color, shown.background)).toBeGreaterThanOrEqual(4.5);
      }).toPass();
      await hardener.page.getByRole('button', { name: /^About links/ }).click();
      // Scoped to what this file tests: the editors' own colours are the page spec's concern.
      const scan = async (...parts: string[]) => {
        const builder = new AxeBuilder({ page: hardener.page });
        for (const part of parts) builder.include(part);
        const results = await builder.analyze();
        return results.violations
          .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
          .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
      };
      expect(await scan('header', '.action-bar')).toEqual([]);
      await hardener.page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
      await expect(hardener.page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
      expect(await scan('dialog')).toEqual([]);
    });
  }
});
