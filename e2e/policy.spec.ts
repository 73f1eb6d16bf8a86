import { expect, pastedDeployment, test } from './fixtures';

test.describe('the Policy tab', () => {
  test('shows the policy for the options and its verdict on the input and the output', async ({ hardener }) => {
    await hardener.open();
    await hardener.tab('Policy').click();
    const verdict = hardener.page.getByRole('status').filter({ hasText: /would be denied|is admitted/ });
    await expect(verdict).toHaveText(/1 object would be denied: Pod\/foo-pod .*; the hardened manifest is admitted/);

    await hardener.page.evaluate(() => navigator.clipboard.writeText(''));
    await hardener.button('Copy policy').click();
    await expect(hardener.page.getByRole('status').filter({ hasText: /Policy copied/ })).toBeVisible();
    const policy = await hardener.clipboard();
    expect(policy).toContain('kind: ValidatingAdmissionPolicy');
    expect(policy).toContain('kind: ValidatingAdmissionPolicyBinding');

    await hardener.field('Token expiration (seconds)').fill('3600');
    await expect(hardener.page.getByLabel('Policy text', { exact: true })).toContainText('3600');

    await hardener.page.getByRole('radio', { name: /^Kyverno/ }).check();
    await expect(hardener.page.getByLabel('Policy text', { exact: true })).toContainText('kind: ValidatingPolicy');
  });

  test('hands out no policy while an option is invalid', async ({ hardener }) => {
    await hardener.open();
    await hardener.pasteManifest(pastedDeployment(['web']));
    await hardener.tab('Policy').click();
    await expect(hardener.button('Copy policy')).toBeEnabled();
    await hardener.field('Token expiration (seconds)').fill('599');
    await expect(hardener.button('Copy policy')).toBeDisabled();
    await expect(hardener.button('Download policy')).toBeDisabled();
    await hardener.field('Token expiration (seconds)').fill('3600');
    await expect(hardener.button('Copy policy')).toBeEnabled();
  });
});
