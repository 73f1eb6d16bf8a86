import { expect, test } from './fixtures';

test.describe('the options form, built from the table of options', () => {
  test('offers API access as a radio group, and a link keeps the choice', async ({ hardener, context }) => {
    await hardener.open();
    const group = hardener.page.getByRole('radiogroup', { name: 'API access' });
    await expect(group.getByRole('radio', { name: 'Mount the token' })).toBeChecked();
    await group.getByRole('radio', { name: 'No token' }).check();
    await expect(hardener.page).toHaveURL(/#v=2&s=[A-Za-z0-9_-]+$/);

    const second = await context.newPage();
    await second.goto(hardener.page.url());
    const reopened = second.getByRole('radiogroup', { name: 'API access' });
    await expect(reopened.getByRole('radio', { name: 'No token' })).toBeChecked();
    await expect(reopened.getByRole('radio', { name: 'Mount the token' })).not.toBeChecked();
  });

  test('asks whether a Default mode typed as kubectl prints it was meant in octal', async ({ hardener }) => {
    await hardener.open();
    const mode = hardener.field('Default mode');
    await mode.fill('420');
    await expect(mode).toHaveAccessibleDescription(/420 is how kubectl prints 0644 — did you mean 0644\?/);
    await mode.fill('0440');
    await expect(mode).not.toHaveAccessibleDescription(/did you mean/);
  });

  test('says each default in full', async ({ hardener }) => {
    await hardener.open();
    await expect(hardener.field('Mount path')).toHaveAccessibleDescription(
      /Default: \/var\/run\/secrets\/kubernetes\.io\/serviceaccount\./,
    );
    await expect(hardener.field('Token expiration (seconds)')).toHaveAccessibleDescription(/Default: 3607\./);
    await expect(hardener.field('Volume name')).toHaveAccessibleDescription(/Default: serviceaccount-token\./);
  });
});
