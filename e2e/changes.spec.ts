import { generateBundle } from '../scripts/bench/generate-bundle.mjs';
import { AA_TEXT, textContrast } from './contrast';
import { expect, test, type HardenerPage } from './fixtures';
import type { Locator } from '@playwright/test';

const FOO_POD_TITLES = [
  'Set automountServiceAccountToken to false',
  'Added volume mount serviceaccount-token',
  'Added projected volume serviceaccount-token',
];

test.describe('the Changes panel', () => {
  test('names each change in words under its object, with its reason and the new value', async ({ hardener }) => {
    await hardener.open();
    const { changes } = hardener;
    await expect(changes.getByRole('heading', { name: 'Pod/foo-pod · 3 changes', exact: true })).toBeVisible();
    const items = changes.getByRole('list', { name: 'Changes to Pod/foo-pod', exact: true }).getByRole('listitem');
    await expect(items).toHaveCount(3);
    for (const [index, title] of FOO_POD_TITLES.entries()) {
      await expect(items.nth(index).getByRole('button', { name: title, exact: true })).toBeVisible();
    }
    const volume = items.nth(2);
    await expect(volume).toContainText('spec.volumes[0]');
    // The core's reason, as a sentence; the value as the core wrote it, comment included, then cut.
    await expect(volume).toContainText('Project a short-lived token, the cluster CA and the namespace, as the API server would');
    await expect(volume).toContainText('defaultMode: 292 # 0444');
    await expect(volume).toContainText('+ 12 more lines');
    await expect(volume).not.toContainText('path: token');
    await expect(changes.getByText('Notes 2 · Changes 3', { exact: true })).toBeVisible();
    // One object: nothing to filter.
    await expect(changes.getByRole('searchbox', { name: 'Filter by object' })).toHaveCount(0);
  });

  test('ranks findings to review before notes, and shows what a change removed', async ({ hardener }) => {
    await hardener.open('#example=kubectl-get-pod');
    const { changes } = hardener;
    await expect(changes.getByText(/^Review 1 · Notes \d+ · Changes 5$/)).toBeVisible();
    const findings = changes.getByRole('list', { name: 'Findings' }).getByRole('listitem');
    await expect(findings.first()).toContainText(/^Review\s*The pod runs as the "default" ServiceAccount/);
    await expect(findings.nth(1)).toContainText(/^Note\s/);
    const removed = changes
      .getByRole('listitem')
      .filter({ has: hardener.page.getByRole('button', { name: /^Removed volume mount kube-api-access-/ }) });
    await expect(removed).toContainText('Old value: - mountPath: /var/run/secrets/kubernetes.io/serviceaccount');
    await expect(removed).toContainText('Replaced by the read-only projected token mount');
  });

  test('choosing a change or a finding line marks it chosen', async ({ hardener }) => {
    await hardener.open('#example=kubectl-get-pod');
    const title = hardener.changes.getByRole('button', { name: 'Added projected volume serviceaccount-token', exact: true });
    await expect(title).toHaveAttribute('aria-pressed', 'false');
    await title.click();
    await expect(title).toHaveAttribute('aria-pressed', 'true');
    await expect(hardener.output).toContainText('name: serviceaccount-token');
    const line = hardener.changes.getByRole('button', { name: /^Line \d+, column \d+$/ }).first();
    await line.click();
    await expect(line).toHaveAttribute('aria-pressed', 'true');
    await expect(title).toHaveAttribute('aria-pressed', 'false');
  });

  test('filters a bundle by object, past the first page of changes', async ({ hardener }) => {
    await hardener.open();
    await hardener.pasteManifest(generateBundle(82));
    await expect(hardener.output).toContainText('name: shop-81');
    const { changes } = hardener;
    const filter = changes.getByRole('searchbox', { name: 'Filter by object' });
    // shop-81 comes after the first 200 changes: the filter looks at every object.
    await filter.fill('shop-81');
    await expect(changes.getByRole('status')).toHaveText('1 of 82 objects');
    const headings = changes.getByRole('heading', { name: /^Deployment\// });
    await expect(headings).toHaveText(['Deployment/team-13/shop-81 · 4 changes']);
    await filter.fill('Deployment shop-2');
    await expect(changes.getByRole('status')).toHaveText('11 of 82 objects');
    await expect(headings).toHaveCount(11);
    expect((await textContrast(changes.getByRole('status'))).ratio).toBeGreaterThanOrEqual(AA_TEXT);
    await filter.fill('no-such-object');
    await expect(changes.getByText('No object matches “no-such-object”.')).toBeVisible();
    await expect(headings).toHaveCount(0);
    await filter.fill('');
    await expect(changes.getByRole('status')).toHaveText('');
    await expect(changes.getByRole('list', { name: /^Changes to / }).getByRole('listitem')).toHaveCount(200);
  });
});

test.describe('the contrast helper', () => {
  test('measures text against the colours stacked behind it', async ({ page }) => {
    await page.setContent(`
      <div style="background: #fff"><p style="color: #767676">just enough</p><p style="color: #777">not enough</p></div>
      <div style="background: #000"><div style="background: rgb(255 255 255 / 0.5)"><p style="color: #fff">over a tint</p></div></div>
      <div style="background: #fff"><p style="color: rgb(0 0 0 / 0.6)">see-through text</p></div>`);
    const ratio = async (text: string) => (await textContrast(page.getByText(text))).ratio;
    expect(await ratio('just enough')).toBeCloseTo(4.54, 2);
    expect(await ratio('not enough')).toBeCloseTo(4.48, 2);
    expect(await ratio('over a tint')).toBeCloseTo(3.98, 2);
    expect(await ratio('see-through text')).toBeCloseTo(5.74, 2);
  });
});

/** Every text style of the panel, by what it says. */
function textStyles(hardener: HardenerPage): Record<string, Locator> {
  const { changes } = hardener;
  const volume = changes.getByRole('button', { name: 'Added projected volume serviceaccount-token', exact: true });
  const removed = changes.getByRole('listitem').filter({ has: hardener.page.getByRole('button', { name: /^Removed projected volume / }) });
  const added = changes
    .getByRole('listitem')
    .filter({ has: hardener.page.getByRole('button', { name: 'Added projected volume serviceaccount-token', exact: true }) });
  return {
    'panel tab': changes.getByRole('tab', { name: 'Changes', exact: true }),
    'review count': changes.getByText('Review 1', { exact: true }),
    'group heading': changes.getByRole('heading', { name: /^Pod\/default\/api-.* · 5 changes$/ }).locator('code'),
    'group count': changes.getByText('· 5 changes', { exact: true }),
    'findings heading': changes.getByRole('heading', { name: 'To review and notes', exact: true }),
    'review badge': changes.getByText('Review', { exact: true }).first(),
    'review message': changes.getByRole('list', { name: 'Findings' }).getByRole('listitem').first().getByRole('paragraph').first(),
    'note badge': changes.getByText('Note', { exact: true }).first(),
    'note message': changes.getByRole('list', { name: 'Findings' }).getByRole('listitem').nth(1).getByRole('paragraph').first(),
    'line link': changes.getByRole('button', { name: /^Line \d+, column \d+$/ }).first(),
    title: volume,
    'title code': volume.locator('code'),
    object: added.getByText('spec.volumes[0]', { exact: true }),
    reason: added.getByText('Project a short-lived token, the cluster CA and the namespace, as the API server would'),
    'added value': added.getByText(/^- name: serviceaccount-token/),
    'added cut': added.getByText('+ 12 more lines'),
    'removed value': removed.getByText(/^- name: kube-api-access-/),
    'removed cut': removed.getByText(/^\+ \d+ more lines$/),
  };
}

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`Changes panel contrast, ${colorScheme}`, () => {
    test.use({ colorScheme });

    test('every text style reaches WCAG AA (4.5:1), chosen or not', async ({ hardener }) => {
      await hardener.open('#example=kubectl-get-pod');
      await expect(hardener.changes.getByRole('button', { name: 'Added projected volume serviceaccount-token' })).toBeVisible();
      const check = async (state: string) => {
        const failures: string[] = [];
        for (const [name, locator] of Object.entries(textStyles(hardener))) {
          await locator.scrollIntoViewIfNeeded();
          const { ratio, text, background } = await textContrast(locator);
          if (ratio < AA_TEXT) failures.push(`${state} ${name}: ${ratio.toFixed(2)} (${text} on ${background})`);
        }
        return failures;
      };
      const failures = await check('nothing chosen,');
      const title = hardener.changes.getByRole('button', { name: 'Added projected volume serviceaccount-token' });
      await title.click();
      await expect(title).toHaveAttribute('aria-pressed', 'true');
      failures.push(...(await check('change chosen,')));
      const line = hardener.changes.getByRole('button', { name: /^Line \d+, column \d+$/ }).first();
      await line.click();
      await expect(line).toHaveAttribute('aria-pressed', 'true');
      failures.push(...(await check('finding chosen,')));
      expect(failures).toEqual([]);
    });
  });
}
