import { readFile } from 'node:fs/promises';
import AxeBuilder from '@axe-core/playwright';
import { generateBundle } from '../scripts/bench/generate-bundle.mjs';
import type { Locator } from '@playwright/test';
import { expect, type HardenerPage, pastedDeployment, test } from './fixtures';

const DEPLOYMENT = pastedDeployment(['web', 'proxy']);

/** How many containers the output mounts the token in. */
async function tokenMounts(hardener: HardenerPage): Promise<number> {
  return ((await hardener.outputText()).match(/name: serviceaccount-token\n\s+readOnly: true/g) ?? []).length;
}

/** Opens the Diff tab and its accessible diff viewer (F7), the list of changed lines a screen reader reads. */
async function openDiffViewer(hardener: HardenerPage): Promise<Locator> {
  await hardener.page.getByRole('tab', { name: 'Diff' }).click();
  // Monaco's diff editor: the original, then the modified editor, each a text area of its own.
  const after = hardener.page.getByRole('tabpanel', { name: 'Diff' }).getByRole('textbox').nth(1);
  await expect(after).toBeAttached();
  const viewer = hardener.page.getByRole('list', { name: /^Accessible Diff Viewer/ });
  await expect(async () => {
    await after.focus();
    await hardener.page.keyboard.press('F7');
    await expect(viewer).toBeVisible({ timeout: 1000 });
  }).toPass();
  return viewer;
}

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
    await expect(
      hardener.changes
        .getByRole('list', { name: /^Changes to / })
        .getByRole('listitem')
        .first(),
    ).toBeVisible();
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
    await expect(hardener.page).toHaveURL(/#v=\d+&s=[A-Za-z0-9_-]+$/);
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
    await expect.poll(() => tokenMounts(hardener)).toBe(2);
    await proxy.uncheck();
    await expect(proxy).not.toBeChecked();
    await expect.poll(() => tokenMounts(hardener)).toBe(1);
    await proxy.check();
    await expect(proxy).toBeChecked();
    await expect.poll(() => tokenMounts(hardener)).toBe(2);
  });

  test('the ServiceAccount toggles change the output both ways', async ({ hardener }) => {
    await hardener.open();
    const account = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: web-sa\n';
    await hardener.pasteManifest(
      `${account}---\n${DEPLOYMENT.replace('    spec:\n      containers:', '    spec:\n      serviceAccountName: other-sa\n      containers:')}`,
    );
    await expect(hardener.output).toContainText('serviceAccountName: other-sa');
    const accountPart = async () => (await hardener.outputText()).split('---')[0] ?? '';

    const hardenAccounts = hardener.page.getByRole('checkbox', { name: 'Also harden ServiceAccount objects' });
    await expect(hardenAccounts).toBeChecked();
    await expect.poll(accountPart).toContain('automountServiceAccountToken: false');
    await hardenAccounts.click();
    await expect(hardenAccounts).not.toBeChecked();
    await expect.poll(accountPart).toBe(account);
    await hardenAccounts.click();
    await expect(hardenAccounts).toBeChecked();
    await expect.poll(accountPart).toContain('automountServiceAccountToken: false');

    const emit = hardener.page.getByRole('checkbox', { name: 'Add a ServiceAccount object' });
    await expect(emit).not.toBeChecked();
    await expect(hardener.output).not.toContainText('name: other-sa\nautomountServiceAccountToken: false');
    await emit.click();
    await expect(emit).toBeChecked();
    await expect
      .poll(() => hardener.outputText())
      .toMatch(/kind: ServiceAccount\nmetadata:\n\s+name: other-sa\n(.*\n)*automountServiceAccountToken: false/);
    await emit.click();
    await expect(emit).not.toBeChecked();
    await expect.poll(async () => (await hardener.outputText()).match(/kind: ServiceAccount/g)?.length).toBe(1);
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
    // Both changes are in the output only once the proxy has lost its mount: the text before the uncheck already said 3600.
    await expect.poll(() => tokenMounts(hardener)).toBe(1);
    await expect(hardener.output).toContainText('expirationSeconds: 3600');
    const expected = await hardener.outputText();
    await hardener.copyLink.click();
    await expect(hardener.page.getByRole('status').filter({ hasText: /Link copied/ })).toBeVisible();
    const link = await hardener.clipboard();
    expect(link).toMatch(/#v=\d+&s=[A-Za-z0-9_-]+$/);

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
    // The editor marks it too: its next-problem widget announces the error at 4:1.
    await hardener.showProblem(/Error at 4:1\./);
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
    // Monaco's diff editor has loaded: its two editors (role code) are there.
    await expect(hardener.page.getByRole('tabpanel', { name: 'Diff' }).getByRole('code')).toHaveCount(2);
    await hardener.page.waitForLoadState('networkidle');
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
    const changes = hardener.changes.getByRole('list', { name: /^Changes to / }).getByRole('listitem');
    await expect(changes).toHaveCount(200);
    await hardener.changes.getByRole('button', { name: /^Show all/ }).click();
    await expect(changes).toHaveCount(240);
    await expect(hardener.changes).toContainText('Deployment/team-8/shop-59');
  });

  test('shows the diff view, inline or side by side', async ({ hardener }) => {
    await hardener.open();
    const viewer = await openDiffViewer(hardener);
    await expect(viewer.getByRole('listitem', { name: /^\+ +automountServiceAccountToken: false modified line \d+/ })).toBeAttached();
    await hardener.page.keyboard.press('Escape');
    const sideBySide = hardener.page.getByRole('checkbox', { name: 'Side by side' });
    // The original side's editor (role code) takes half the width side by side, none inline.
    const originalWidth = async () =>
      (await hardener.page.getByRole('tabpanel', { name: 'Diff' }).getByRole('code').first().boundingBox())?.width ?? 0;
    const panelWidth = (await hardener.page.getByRole('tabpanel', { name: 'Diff' }).boundingBox())?.width ?? 0;
    await expect(sideBySide).not.toBeChecked();
    await expect.poll(originalWidth).toBeLessThan(panelWidth / 4);
    await sideBySide.click();
    await expect(sideBySide).toBeChecked();
    await expect.poll(originalWidth).toBeGreaterThan(panelWidth / 3);
    await sideBySide.click();
    await expect(sideBySide).not.toBeChecked();
    await expect.poll(originalWidth).toBeLessThan(panelWidth / 4);
  });

  test('stacks the panes on a narrow screen without sideways scrolling', async ({ hardener }) => {
    await hardener.page.setViewportSize({ width: 390, height: 844 });
    await hardener.open();
    await expect(hardener.output).toContainText('automountServiceAccountToken: false');
    const overflow = await hardener.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    // The options wait in a drawer behind their toggle, which sits at the top of the input pane.
    await expect(hardener.page.getByRole('heading', { name: 'Options' })).toBeHidden();
    await hardener.page.getByRole('button', { name: 'Options', exact: true }).click();
    await expect(hardener.page.getByRole('heading', { name: 'Options' })).toBeInViewport();
    // The keyboard lands on the drawer's first control: the first container's checkbox (Scope comes first).
    await expect(hardener.page.getByRole('checkbox', { name: 'foo Pod/foo-pod', exact: true })).toBeFocused();
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
    // Monaco's diff editor has loaded: its two editors (role code) are there.
    await expect(hardener.page.getByRole('tabpanel', { name: 'Diff' }).getByRole('code')).toHaveCount(2);
    await hardener.page.waitForLoadState('networkidle');
    expect(errors).toEqual([]);
  });
});
