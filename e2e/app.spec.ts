import { readFile } from 'node:fs/promises';
import AxeBuilder from '@axe-core/playwright';
import { generateBundle } from '../scripts/bench/generate-bundle.mjs';
import { expect, pastedDeployment, test } from './fixtures';

const DEPLOYMENT = pastedDeployment(['web', 'proxy']);

test.describe('a new user', () => {
  test('sees the write-up pod hardened on the first screen', async ({ hardener }) => {
    await hardener.open();
    await expect(hardener.output).toContainText('name: foo-pod');
    await expect(hardener.output).toContainText('automountServiceAccountToken: false');
    const text = await hardener.outputText();
    expect(text).toContain('projected:');
    expect(text).toContain('expirationSeconds: 3607');
    expect(text).toContain('defaultMode: 292 # 0444');
    expect(text).toMatch(
      /mountPath: \/var\/run\/secrets\/kubernetes\.io\/serviceaccount\n\s+name: serviceaccount-token\n\s+readOnly: true/,
    );
    await expect(hardener.changes.getByRole('list', { name: 'Changes made' }).getByRole('listitem').first()).toBeVisible();
    await expect(hardener.changes).toContainText('automountServiceAccountToken');
    await expect(hardener.page.getByRole('checkbox', { name: 'foo' })).toBeChecked();
  });

  test('changes the output from the form', async ({ hardener }) => {
    await hardener.open();
    await hardener.field('Token expiration (seconds)').fill('3600');
    await expect(hardener.output).toContainText('expirationSeconds: 3600');
    await hardener.field('Volume name').fill('api-token');
    await expect(hardener.output).toContainText('name: api-token');
    await hardener.field('ServiceAccount name').fill('foo-reader');
    await expect(hardener.output).toContainText('serviceAccountName: foo-reader');
    await expect(hardener.page).toHaveURL(/#v=2&s=[A-Za-z0-9_-]+$/);
  });

  test('is told what is wrong with an invalid field, and the output waits', async ({ hardener }) => {
    await hardener.open();
    const expiration = hardener.field('Token expiration (seconds)');
    await expiration.fill('5');
    await expect(expiration).toHaveAttribute('aria-invalid', 'true');
    await expect(expiration).toHaveAccessibleDescription(/600/);
    await expect(hardener.page.getByText(/whole number of seconds from 600/)).toBeVisible();
    await expect(hardener.output).toContainText('expirationSeconds: 3607');
    await expiration.fill('900');
    await expect(expiration).toHaveAttribute('aria-invalid', 'false');
    await expect(hardener.output).toContainText('expirationSeconds: 900');

    const mode = hardener.field('Default mode');
    await mode.fill('0999');
    await expect(mode).toHaveAttribute('aria-invalid', 'true');
    await expect(mode).toHaveAccessibleDescription(/octal/);
  });

  test('pastes a manifest into the editor and picks containers', async ({ hardener }) => {
    await hardener.open();
    await hardener.pasteManifest(DEPLOYMENT);
    await expect(hardener.output).toContainText('name: pasted-web');
    await expect(hardener.output).toContainText('automountServiceAccountToken: false');
    const proxy = hardener.page.getByRole('checkbox', { name: 'proxy' });
    await expect(proxy).toBeChecked();
    const mounts = async () => ((await hardener.outputText()).match(/name: serviceaccount-token\n\s+readOnly: true/g) ?? []).length;
    await expect.poll(mounts).toBe(2);
    await proxy.uncheck();
    await expect.poll(mounts).toBe(1);
  });

  test('picking an example replaces the text, and undo brings the pasted manifest back', async ({ hardener }) => {
    await hardener.open();
    await hardener.pasteManifest(DEPLOYMENT);
    await expect(hardener.output).toContainText('name: pasted-web');
    await hardener.page.getByRole('combobox', { name: 'Example' }).selectOption('cronjob');
    await expect(hardener.output).toContainText('kind: CronJob');
    await expect(hardener.page.getByRole('status').filter({ hasText: 'Ctrl+Z in the editor brings your manifest back' })).toBeVisible();
    await hardener.input.focus();
    await hardener.page.keyboard.press('ControlOrMeta+Z');
    await expect(hardener.output).toContainText('name: pasted-web');
    await expect(hardener.output).not.toContainText('kind: CronJob');
  });

  test('copies the hardened YAML', async ({ hardener }) => {
    await hardener.open();
    await expect(hardener.output).toContainText('automountServiceAccountToken: false');
    await hardener.copyYaml.click();
    await expect(hardener.page.getByRole('status').filter({ hasText: /Copied \d+ lines/ })).toBeVisible();
    expect(await hardener.clipboard()).toBe(await hardener.outputText());
    await expect(hardener.copyYaml).toHaveAttribute('title', /Alt\+Shift\+C/);
  });

  test('copies with the keyboard shortcut, and as a kubectl command', async ({ hardener }) => {
    await hardener.open();
    await expect(hardener.output).toContainText('automountServiceAccountToken: false');
    await hardener.page.evaluate(() => navigator.clipboard.writeText(''));
    await hardener.page.keyboard.press('Alt+Shift+C');
    await expect.poll(() => hardener.clipboard()).toContain('automountServiceAccountToken: false');
    await hardener.page.getByRole('button', { name: 'Copy as kubectl apply' }).click();
    await expect
      .poll(() => hardener.clipboard())
      .toMatch(/^kubectl apply -f - <<'EOF'\n[\s\S]*automountServiceAccountToken: false\n[\s\S]*\nEOF\n$/);
  });

  test('downloads the hardened YAML under the first object name', async ({ hardener }) => {
    await hardener.open();
    await expect(hardener.output).toContainText('automountServiceAccountToken: false');
    const [download] = await Promise.all([hardener.page.waitForEvent('download'), hardener.downloadYaml.click()]);
    expect(download.suggestedFilename()).toBe('foo-pod-hardened.yaml');
    const saved = await readFile(await download.path(), 'utf8');
    expect(saved).toBe(await hardener.outputText());
  });

  test('shares a link that reopens the same view', async ({ hardener, context }) => {
    await hardener.open();
    await hardener.pasteManifest(DEPLOYMENT);
    await expect(hardener.output).toContainText('name: pasted-web');
    await hardener.field('Token expiration (seconds)').fill('3600');
    await hardener.page.getByRole('checkbox', { name: 'proxy' }).uncheck();
    await expect(hardener.output).toContainText('expirationSeconds: 3600');
    const expected = await hardener.outputText();
    await hardener.copyLink.click();
    await expect(hardener.page.getByRole('status').filter({ hasText: /Link copied/ })).toBeVisible();
    const link = await hardener.clipboard();
    expect(link).toMatch(/#v=2&s=[A-Za-z0-9_-]+$/);

    const second = await context.newPage();
    await second.goto(link);
    const output = second.getByRole('region', { name: 'Hardened manifest', exact: true });
    await expect(output).toContainText('expirationSeconds: 3600');
    expect(await output.textContent()).toBe(expected);
    await expect(second.getByRole('textbox', { name: 'Token expiration (seconds)' })).toHaveValue('3600');
    await expect(second.getByRole('checkbox', { name: 'proxy' })).not.toBeChecked();
    // Monaco keeps empty live regions of its own; a notice is an alert with text.
    await expect(second.getByRole('alert').filter({ hasText: /\S/ })).toHaveCount(0);
  });

  test('a broken link shows a notice and the default example', async ({ hardener }) => {
    await hardener.open('#v=1&s=garbage');
    const notice = hardener.page.getByRole('alert').filter({ hasText: /\S/ });
    await expect(notice).toContainText(/incomplete or damaged/);
    await expect(hardener.output).toContainText('name: foo-pod');
    await hardener.page.getByRole('button', { name: 'Dismiss' }).click();
    await expect(notice).toHaveCount(0);
  });

  test('opens the examples by link', async ({ hardener }) => {
    await hardener.open('#example=cronjob');
    await expect(hardener.output).toContainText('kind: CronJob');
    await expect(hardener.output).toContainText('automountServiceAccountToken: false');
    await expect(hardener.page.getByRole('combobox', { name: 'Example' })).toHaveValue('cronjob');
    await hardener.page.getByRole('combobox', { name: 'Example' }).selectOption('kubectl-get-pod');
    await expect(hardener.output).toContainText('name: api-7d9f8c6b5-x2k4q');
    await expect(hardener.output).not.toContainText('kube-api-access-9tq2m');
    await expect(hardener.page).toHaveURL(/#example=kubectl-get-pod$/);
  });

  test('an error in the manifest is shown with line and column, and the last output stays', async ({ hardener }) => {
    await hardener.open();
    await expect(hardener.output).toContainText('automountServiceAccountToken: false');
    const before = await hardener.outputText();
    await hardener.pasteManifest('apiVersion: v1\nkind: Pod\nmetadata:\n\tname: tabbed\n');
    await expect(hardener.page.getByText(/Line 4, column 1:/)).toBeVisible();
    await expect(hardener.page.getByText(/replace them with spaces/)).toBeVisible();
    await expect(hardener.page.getByText(/last input that could be hardened/)).toBeVisible();
    expect(await hardener.outputText()).toBe(before);
    await expect(hardener.page.locator('.monaco-editor .squiggly-error').first()).toBeAttached();
  });

  test('warns before making a link from a manifest with credentials', async ({ hardener }) => {
    await hardener.open();
    await hardener.pasteManifest('apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: hunter2\n');
    await expect(hardener.output).toContainText('password: hunter2');
    // The address bar (and the browser history behind it) keeps no copy of credentials.
    await hardener.page.waitForTimeout(800);
    expect(hardener.page.url()).not.toContain('#v=');
    const dialog = hardener.page.getByRole('alertdialog');
    await expect(async () => {
      await hardener.copyLink.click();
      await expect(dialog).toBeVisible({ timeout: 1000 });
    }).toPass();
    await expect(dialog).toContainText('Secret/db');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toHaveCount(0);
  });
});

test.describe('quality', () => {
  test('has no serious or critical accessibility violations', async ({ hardener }) => {
    await hardener.open();
    await hardener.editorReady();
    await expect(hardener.output).toContainText('automountServiceAccountToken: false');
    const results = await new AxeBuilder({ page: hardener.page }).analyze();
    const severe = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
    expect(severe.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)).toEqual([]);
  });

  test('sends no request outside its own origin', async ({ hardener }) => {
    await hardener.open();
    await hardener.editorReady();
    await hardener.pasteManifest(DEPLOYMENT);
    await expect(hardener.output).toContainText('name: pasted-web');
    await hardener.page.getByRole('tab', { name: 'Diff' }).click();
    await expect(hardener.page.locator('.monaco-diff-editor')).toBeVisible();
    await hardener.page.waitForTimeout(500);
    expect(hardener.externalRequests).toEqual([]);
  });

  test('a large manifest: the whole output is in the page, the long change list opens on request', async ({ hardener }) => {
    await hardener.open();
    await hardener.pasteManifest(generateBundle(60));
    await expect(hardener.output).toContainText('name: shop-59');
    const text = await hardener.outputText();
    expect(text.match(/automountServiceAccountToken: false/g)).toHaveLength(60);
    await hardener.copyYaml.click();
    await expect.poll(() => hardener.clipboard()).toBe(text);
    const changes = hardener.changes.getByRole('list', { name: 'Changes made' }).getByRole('listitem');
    await expect(changes).toHaveCount(200);
    await hardener.changes.getByRole('button', { name: /^Show all/ }).click();
    await expect(changes).toHaveCount(240);
    await expect(hardener.changes).toContainText('Deployment/team-8/shop-59');
  });

  test('shows the diff view', async ({ hardener }) => {
    await hardener.open();
    await hardener.page.getByRole('tab', { name: 'Diff' }).click();
    const diff = hardener.page.locator('.monaco-diff-editor');
    await expect(diff).toBeVisible();
    await expect(diff.locator('.line-insert').first()).toBeAttached();
  });

  test('stacks the panes on a narrow screen without sideways scrolling', async ({ hardener }) => {
    await hardener.page.setViewportSize({ width: 390, height: 844 });
    await hardener.open();
    await expect(hardener.output).toContainText('automountServiceAccountToken: false');
    const overflow = await hardener.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const inputBox = await hardener.page.getByRole('heading', { name: 'Input' }).boundingBox();
    const optionsBox = await hardener.page.getByRole('heading', { name: 'Options' }).boundingBox();
    expect(inputBox && optionsBox && optionsBox.y > inputBox.y).toBe(true);
  });

  test('logs no errors to the console', async ({ hardener }) => {
    const errors: string[] = [];
    hardener.page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    hardener.page.on('pageerror', (error) => errors.push(error.message));
    await hardener.open();
    await hardener.editorReady();
    await hardener.page.getByRole('tab', { name: 'Diff' }).click();
    await expect(hardener.page.locator('.monaco-diff-editor')).toBeVisible();
    await hardener.page.waitForTimeout(1000);
    expect(errors).toEqual([]);
  });
});
