/**
 * Links (SPEC §5 "Shareable URL"): the address bar holds options and view, never the manifest, so
 * no manifest reaches the browser's history; `Copy link` is the one way a manifest enters a link,
 * and asks first when the manifest looks like it holds credentials.
 */
import AxeBuilder from '@axe-core/playwright';
import { CREDENTIAL_FIXTURES } from '../src/state/fixtures/credentials';
import { decodeFragment } from '../src/state/url-codec';
import { CRASH_TEST_LINE, expect, pastedDeployment, recordUrlWrites, test, urlWrites, type HardenerPage } from './fixtures';

/** What a link holds, decoded as the page decodes it. */
async function held(link: string): Promise<{ manifest: string | undefined; example: string | undefined }> {
  const decoded = await decodeFragment(new URL(link, 'http://page/').hash);
  if (decoded.kind === 'example') return { manifest: undefined, example: decoded.name };
  if (decoded.kind === 'state') return { manifest: decoded.state.manifest, example: decoded.state.example };
  return { manifest: undefined, example: undefined };
}

/** Every address the page wrote since `from`, decoded: none may hold a manifest. */
async function expectNoManifestWritten(hardener: HardenerPage, from: number, what: string): Promise<number> {
  const written = await urlWrites(hardener.page);
  for (const url of written.slice(from)) {
    expect((await held(url)).manifest, `${what}: ${url}`).toBeUndefined();
  }
  expect((await held(hardener.page.url())).manifest, what).toBeUndefined();
  return written.length;
}

/** Waits until the page's address stops changing: the debounced write after the last edit has happened. */
async function settled(hardener: HardenerPage): Promise<void> {
  let last = await urlWrites(hardener.page);
  await expect(async () => {
    await hardener.page.waitForTimeout(400);
    const now = await urlWrites(hardener.page);
    const same = now.length === last.length;
    last = now;
    expect(same).toBe(true);
  }).toPass();
}

async function copiedLink(hardener: HardenerPage, choose?: string): Promise<string> {
  await hardener.page.evaluate(() => navigator.clipboard.writeText(''));
  if (choose === undefined) await hardener.copyLink.click();
  else await hardener.page.getByRole('alertdialog').getByRole('button', { name: choose }).click();
  await expect(hardener.page.getByRole('status').filter({ hasText: /^Link copied/ })).toBeVisible();
  return hardener.clipboard();
}

test.describe('the address bar holds options and view, never the manifest', () => {
  test('after every settled edit of every credential fixture and of a plain manifest', async ({ hardener }) => {
    test.setTimeout(180_000);
    await recordUrlWrites(hardener.page);
    await hardener.open();
    await hardener.editorReady();
    let from = 0;
    const plain = { name: 'a manifest with no credential', manifest: pastedDeployment(['web']) };
    for (const [index, fixture] of [plain, ...CREDENTIAL_FIXTURES].entries()) {
      await hardener.pasteManifest(fixture.manifest);
      await settled(hardener);
      from = await expectNoManifestWritten(hardener, from, `${fixture.name}, pasted`);
      // A keystroke at the end of the text: the address bar is written again, without the manifest.
      await hardener.input.focus();
      await hardener.page.keyboard.press('ControlOrMeta+End');
      await hardener.page.keyboard.type('#');
      await settled(hardener);
      from = await expectNoManifestWritten(hardener, from, `${fixture.name}, typed into`);
      // Now and then an option and a tab too: each rewrites the address bar, which still holds no manifest.
      if (index % 3 === 0) {
        await hardener.field('Volume name').fill(`token-${index}`);
        await hardener.tab(index % 2 === 0 ? 'Diff' : 'Hardened').click();
        await settled(hardener);
        from = await expectNoManifestWritten(hardener, from, `${fixture.name}, an option and a tab changed`);
      }
    }
    // What the address bar does hold: the options and the view.
    const last = 3 * Math.floor(CREDENTIAL_FIXTURES.length / 3);
    const decoded = await decodeFragment(new URL(hardener.page.url()).hash);
    expect(decoded.kind === 'state' && decoded.state.fields.volumeName).toBe(`token-${last}`);
    expect(decoded.kind === 'state' && decoded.state.view?.tab).toBe(last % 2 === 0 ? 'diff' : 'hardened');
  });

  test('a reload keeps the options and the view; the pasted manifest is not kept, and the input said so', async ({ hardener }) => {
    await hardener.open();
    await hardener.pasteManifest(pastedDeployment(['web']));
    await expect(hardener.output).toContainText('name: pasted-web');
    const note = hardener.page.getByRole('status').filter({ hasText: /^Reload/ });
    await expect(note).toContainText('Reload keeps the options and the view, not this manifest');
    await hardener.field('Token expiration (seconds)').fill('3600');
    await hardener.tab('Kustomize').click();
    // Both are in the address bar (its write waits for the typing to pause) before the reload.
    await expect
      .poll(async () => {
        const decoded = await decodeFragment(new URL(hardener.page.url()).hash);
        return decoded.kind === 'state' ? `${decoded.state.fields.expirationSeconds} ${decoded.state.view?.tab}` : '';
      })
      .toBe('3600 kustomize');
    await hardener.page.reload();
    await expect(hardener.tab('Kustomize')).toHaveAttribute('aria-selected', 'true');
    await expect(hardener.field('Token expiration (seconds)')).toHaveValue('3600');
    await hardener.tab('Hardened').click();
    await expect(hardener.output).toContainText('name: foo-pod');
    await expect(hardener.output).toContainText('expirationSeconds: 3600');
    // The note is for the first paste only, and goes when dismissed.
    await expect(note).toHaveCount(0);
  });

  test('a link that holds a manifest keeps it through a reload until the manifest is edited', async ({ hardener, context }) => {
    await hardener.open();
    await hardener.pasteManifest(pastedDeployment(['web']));
    await expect(hardener.output).toContainText('name: pasted-web');
    const link = await copiedLink(hardener);
    expect((await held(link)).manifest).toBe(pastedDeployment(['web']));

    const second = await context.newPage();
    await second.goto(link);
    const output = second.getByRole('region', { name: 'Hardened manifest', exact: true });
    await expect(output).toContainText('name: pasted-web');
    await second.getByRole('textbox', { name: 'Volume name', exact: true }).fill('api-token');
    await expect(output).toContainText('name: api-token');
    await expect(second).toHaveURL((url) => url.hash !== new URL(link).hash);
    await second.reload();
    await expect(output).toContainText('name: pasted-web');
    await expect(output).toContainText('name: api-token');
  });

  test('a link of options only applies them to the manifest on the page', async ({ hardener }) => {
    await hardener.open();
    await hardener.pasteManifest(pastedDeployment(['web']));
    await expect(hardener.output).toContainText('name: pasted-web');
    await hardener.field('Volume name').fill('api-token');
    await expect(hardener.page).toHaveURL(/#v=\d+&s=/);
    const optionsOnly = hardener.page.url();
    await hardener.field('Volume name').fill('');
    await expect(hardener.output).not.toContainText('name: api-token');
    await expect(hardener.page).not.toHaveURL(optionsOnly);
    // Opening the options-only address again, in the same tab, keeps what is in the editor.
    await hardener.page.evaluate((hash) => (window.location.hash = hash), new URL(optionsOnly).hash);
    await expect(hardener.field('Volume name')).toHaveValue('api-token');
    await expect(hardener.output).toContainText('name: pasted-web');
    await expect(hardener.output).toContainText('name: api-token');
  });
});

test.describe('Copy link', () => {
  test('asks before a manifest with credentials goes into a link: it names line and kind, and leaves it out by default', async ({
    hardener,
  }) => {
    test.setTimeout(120_000);
    await hardener.open();
    await hardener.editorReady();
    const question = hardener.page.getByRole('alertdialog', { name: 'Leave the manifest out of the link?' });
    for (const fixture of CREDENTIAL_FIXTURES) {
      await hardener.pasteManifest(fixture.manifest);
      await hardener.copyLink.click();
      await expect(question, fixture.name).toBeVisible();
      await expect(question.getByRole('listitem').filter({ hasText: `Line ${fixture.line}: ${fixture.what}` }), fixture.name).toHaveCount(
        1,
      );
      // Never the value itself: no line of the credential's text is in the question.
      const valueLine = fixture.manifest.split('\n')[fixture.line - 1] ?? '';
      expect(await question.textContent()).not.toContain(valueLine.trim());
      // The default button (focused, Enter takes it) shares the options and the view only.
      await expect(question.getByRole('button', { name: 'Copy link without the manifest' })).toBeFocused();
      await hardener.page.evaluate(() => navigator.clipboard.writeText(''));
      await hardener.page.keyboard.press('Enter');
      await expect(hardener.page.getByRole('status').filter({ hasText: /^Link copied, without the manifest/ })).toBeVisible();
      expect(await held(await hardener.clipboard()), fixture.name).toEqual({ manifest: undefined, example: undefined });
      await expect(question).toHaveCount(0);
    }
  });

  test('holds the manifest when the user chooses it, and the link opens it; Cancel copies nothing', async ({ hardener, context }) => {
    await hardener.open();
    const fixture = CREDENTIAL_FIXTURES.find((item) => item.what === 'a Secret object') ?? CREDENTIAL_FIXTURES[0];
    if (!fixture) throw new Error('no fixture');
    await hardener.pasteManifest(fixture.manifest);
    await hardener.copyLink.click();
    const question = hardener.page.getByRole('alertdialog');
    await hardener.page.evaluate(() => navigator.clipboard.writeText('untouched'));
    await question.getByRole('button', { name: 'Cancel' }).click();
    await expect(question).toHaveCount(0);
    await expect(hardener.copyLink).toBeFocused();
    expect(await hardener.clipboard()).toBe('untouched');

    await hardener.copyLink.click();
    const link = await copiedLink(hardener, 'Copy link with the manifest');
    expect((await held(link)).manifest).toBe(fixture.manifest);
    const second = await context.newPage();
    await second.goto(link);
    await expect(second.getByRole('region', { name: 'Hardened manifest', exact: true })).toContainText('name: db');
  });

  test('the link decision is made on the text it writes, never on an older verdict of the worker', async ({ hardener }) => {
    // The worker dies on the crash line, so its last verdict stays behind the text: the link must follow the text.
    await hardener.open('?crash-test');
    const secret = CREDENTIAL_FIXTURES.find((item) => item.what === 'a Secret object')?.manifest ?? '';
    const clean = pastedDeployment(['web']);
    await hardener.pasteManifest(secret);
    await expect(hardener.output).toContainText('name: db');
    await hardener.pasteManifest(`${CRASH_TEST_LINE}\n${clean}`);
    await expect(hardener.page.getByRole('alert').filter({ hasText: /Hardening stopped working/ })).toBeVisible();
    // The worker last saw a Secret; the text holds none: no question, and the link holds this very text.
    const link = await copiedLink(hardener);
    expect((await held(link)).manifest).toBe(`${CRASH_TEST_LINE}\n${clean}`);

    await hardener.pasteManifest(clean);
    await hardener.page.getByRole('button', { name: 'Restart hardening' }).click();
    await expect(hardener.output).toContainText('name: pasted-web');
    await hardener.pasteManifest(`${CRASH_TEST_LINE}\n${secret}`);
    await expect(hardener.page.getByRole('alert').filter({ hasText: /Hardening stopped working/ })).toBeVisible();
    // The worker last saw a clean text; this one holds a Secret: the question comes, and names it.
    await hardener.copyLink.click();
    await expect(hardener.page.getByRole('alertdialog').getByRole('listitem').filter({ hasText: 'Line 3: a Secret object' })).toHaveCount(
      1,
    );
  });
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`the question about credentials has no serious accessibility violations (${colorScheme})`, async ({ hardener }) => {
    await hardener.page.emulateMedia({ colorScheme });
    await hardener.open();
    await hardener.pasteManifest(CREDENTIAL_FIXTURES.map((fixture) => fixture.manifest).join('---\n'));
    await hardener.copyLink.click();
    const question = hardener.page.getByRole('alertdialog', { name: 'Leave the manifest out of the link?' });
    await expect(question).toBeVisible();
    // Many findings: the list names the first ones and counts the rest.
    await expect(question.getByRole('listitem').last()).toHaveText(/^and \d+ more$/);
    const results = await new AxeBuilder({ page: hardener.page }).include('.share-question').analyze();
    const serious = results.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
    expect(serious).toEqual([]);
    await hardener.page.keyboard.press('Escape');
    await expect(question).toHaveCount(0);
    await expect(hardener.copyLink).toBeFocused();
  });
}
