import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures';

/** A container's token mount in the output. */
const TOKEN_MOUNT = /mountPath: \/var\/run\/secrets\/kubernetes\.io\/serviceaccount\n\s+name: serviceaccount-token/;

/** A Deployment with an init container, and a Pod whose container shares a name with the Deployment's. */
const WITH_INIT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      initContainers:
        - name: wait-for-db
          image: busybox:1
      containers:
        - name: app
          image: nginx:1
---
apiVersion: v1
kind: Pod
metadata:
  name: foo-pod
spec:
  containers:
    - name: app
      image: nginx:1
`;

test.describe('the options form, built from the table of options', () => {
  test('offers API access as a radio group, and a link keeps the choice', async ({ hardener, context }) => {
    await hardener.open();
    const group = hardener.page.getByRole('radiogroup', { name: 'API access' });
    await expect(group.getByRole('radio', { name: 'Mount the token' })).toBeChecked();
    await group.getByRole('radio', { name: 'No token' }).check();
    await expect(hardener.page).toHaveURL(/#v=\d+&s=[A-Za-z0-9_-]+$/);

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

  test('fits the containers on the first screen at 1440x900, in the Scope group before Token and Mount', async ({ hardener }) => {
    await hardener.page.setViewportSize({ width: 1440, height: 900 });
    await hardener.open();
    const form = hardener.page.getByRole('form', { name: 'Options' });
    await expect(form.getByRole('heading', { level: 3 })).toHaveText(['Scope', 'Token', 'Mount', 'ServiceAccount objects']);
    const scope = form.getByRole('group', { name: 'Scope', exact: true });
    const containers = scope.getByRole('group', { name: 'Containers that get the token' });
    await expect(containers.getByRole('checkbox').first()).toBeInViewport();
    await expect(scope.getByRole('textbox', { name: 'ServiceAccount name', exact: true })).toBeVisible();
    await expect(scope.getByRole('radiogroup', { name: 'API access' })).toBeVisible();
    const token = form.getByRole('group', { name: 'Token', exact: true });
    await expect(token.getByRole('textbox')).toHaveCount(2);
    await expect(token.getByRole('textbox', { name: 'Token expiration (seconds)', exact: true })).toBeVisible();
    await expect(token.getByRole('textbox', { name: 'Audience', exact: true })).toBeVisible();
    const mount = form.getByRole('group', { name: 'Mount', exact: true });
    for (const name of ['Mount path', 'Default mode', 'Volume name'])
      await expect(mount.getByRole('textbox', { name, exact: true })).toBeVisible();
  });

  test('shows one line of help per field, the rest behind its "?"', async ({ hardener }) => {
    await hardener.open();
    const expiration = hardener.field('Token expiration (seconds)');
    await expect(expiration).toHaveAccessibleDescription(/^How long each token is valid\. .*Default: 3607\.$/);
    const full = hardener.page.getByText(/the kubelet renews it before then/);
    await expect(full).toBeHidden();
    const about = hardener.page.getByRole('button', { name: 'About Token expiration (seconds)', exact: true });
    await expect(about).toHaveAttribute('aria-expanded', 'false');
    await about.click();
    await expect(about).toHaveAttribute('aria-expanded', 'true');
    await expect(full).toBeVisible();
    await expect(full).toContainText('Default: 3607.');
    await about.click();
    await expect(full).toBeHidden();
  });

  test('gives the "?" and the All/None buttons 44 px touch targets on a phone', async ({ hardener }) => {
    await hardener.page.setViewportSize({ width: 390, height: 844 });
    await hardener.open();
    // On a phone the options are a drawer behind their toggle.
    await hardener.page.getByRole('button', { name: /^Options/ }).click();
    const containers = hardener.page.getByRole('group', { name: 'Containers that get the token' });
    for (const control of [
      hardener.page.getByRole('button', { name: 'About ServiceAccount name', exact: true }),
      hardener.page.getByRole('button', { name: 'About API access', exact: true }),
      containers.getByRole('button', { name: 'None', exact: true }),
    ]) {
      const box = await control.boundingBox();
      expect(box?.height ?? 0).toBeGreaterThanOrEqual(44);
      expect(box?.width ?? 0).toBeGreaterThanOrEqual(44);
    }
  });

  test('lists the first 100 of many containers and finds the others by name', async ({ hardener }) => {
    await hardener.open();
    const containers = Array.from({ length: 150 }, (_, index) => `    - name: c${index}\n      image: i\n`).join('');
    await hardener.pasteManifest(`apiVersion: v1\nkind: Pod\nmetadata:\n  name: many\nspec:\n  containers:\n${containers}`);
    const group = hardener.page.getByRole('group', { name: 'Containers that get the token' });
    await expect(group.getByRole('checkbox', { name: 'c0 Pod/many', exact: true })).toBeVisible();
    await expect(group.getByRole('checkbox')).toHaveCount(100);
    await expect(group.getByRole('status')).toHaveText('50 more containers: type a name to find one');
    await group.getByRole('searchbox', { name: 'Find a container' }).fill('c149');
    const last = group.getByRole('checkbox', { name: 'c149 Pod/many', exact: true });
    await expect(group.getByRole('checkbox')).toHaveCount(1);
    await last.uncheck();
    await expect(last).not.toBeChecked();
    await group.getByRole('searchbox', { name: 'Find a container' }).fill('nothing');
    await expect(group.getByRole('status')).toHaveText('No container name contains “nothing”');
  });

  test('labels each container with its workloads and an init tag, with All and None', async ({ hardener }) => {
    await hardener.open();
    await hardener.pasteManifest(WITH_INIT);
    const containers = hardener.page.getByRole('group', { name: 'Containers that get the token' });
    const init = containers.getByRole('checkbox', { name: 'wait-for-db init Deployment/web', exact: true });
    const shared = containers.getByRole('checkbox', { name: 'app Deployment/web, Pod/foo-pod', exact: true });
    await expect(init).toBeChecked();
    await expect(shared).toBeChecked();
    await expect(containers.getByRole('checkbox')).toHaveCount(2);

    await containers.getByRole('button', { name: 'None', exact: true }).click();
    await expect(init).not.toBeChecked();
    await expect(shared).not.toBeChecked();
    await expect(hardener.output).not.toContainText(TOKEN_MOUNT);
    await expect(containers).toHaveAccessibleDescription(/Changed from the default\./);

    await containers.getByRole('button', { name: 'All', exact: true }).click();
    await expect(init).toBeChecked();
    await expect(shared).toBeChecked();
    await expect(hardener.output).toContainText(TOKEN_MOUNT);
    await expect(containers).not.toHaveAccessibleDescription(/Changed from the default/);
  });

  test('"No token" looks like it: the token\'s fields are greyed with the reason, and no note speaks of the token', async ({
    hardener,
  }) => {
    await hardener.open();
    const changes = hardener.changes;
    await expect(changes).toContainText('the bound is a year, not an hour');
    await expect(changes).toContainText('stricter than the API server');
    const tokenFields = ['Token expiration (seconds)', 'Audience', 'Default mode'];
    await hardener.page.getByRole('radiogroup', { name: 'API access' }).getByRole('radio', { name: 'No token' }).check();
    await expect(hardener.output).not.toContainText('serviceAccountToken');
    for (const name of tokenFields) {
      await expect(hardener.field(name)).toBeDisabled();
      await expect(hardener.field(name)).toHaveAccessibleDescription(/^Not used: API access is "No token"\./);
    }
    // The fields that still act on the output stay as they are.
    await expect(hardener.field('Mount path')).toBeEnabled();
    await expect(hardener.field('ServiceAccount name')).toBeEnabled();
    await expect(changes).toContainText(/the workload needs no API access/i);
    await expect(changes).not.toContainText('3607');
    await expect(changes).not.toContainText('stricter than the API server');

    await hardener.page.getByRole('radiogroup', { name: 'API access' }).getByRole('radio', { name: 'Mount the token' }).check();
    for (const name of tokenFields) await expect(hardener.field(name)).toBeEnabled();
    await expect(hardener.field('Token expiration (seconds)')).toHaveAccessibleDescription(/^How long each token is valid\./);
    await expect(changes).toContainText('the bound is a year, not an hour');
  });

  test('a refused value of a token field stays editable with No token, so it can be fixed', async ({ hardener }) => {
    await hardener.open();
    await hardener.field('Token expiration (seconds)').fill('5');
    await hardener.page.getByRole('radiogroup', { name: 'API access' }).getByRole('radio', { name: 'No token' }).check();
    await expect(hardener.field('Token expiration (seconds)')).toBeEnabled();
    await hardener.field('Token expiration (seconds)').fill('3600');
    await expect(hardener.field('Token expiration (seconds)')).toBeDisabled();
  });

  test('marks the fields that differ from the default until they are reset', async ({ hardener }) => {
    await hardener.open();
    const expiration = hardener.field('Token expiration (seconds)');
    const mode = hardener.field('Default mode');
    const noToken = hardener.page.getByRole('radiogroup', { name: 'API access' });
    await expect(expiration).not.toHaveAccessibleDescription(/Changed from the default/);
    await expiration.fill('3600');
    await expect(expiration).toHaveAccessibleDescription(/Changed from the default\./);
    // 444 is the default 0444 written another way, and an emptied field takes the default.
    await mode.fill('444');
    await expect(mode).not.toHaveAccessibleDescription(/Changed from the default/);
    await mode.fill('');
    await expect(mode).not.toHaveAccessibleDescription(/Changed from the default/);
    await noToken.getByRole('radio', { name: 'No token' }).check();
    await expect(noToken).toHaveAccessibleDescription(/Changed from the default\./);

    await hardener.page.getByRole('button', { name: 'Reset to defaults' }).click();
    await expect(expiration).toHaveValue('3607');
    await expect(expiration).not.toHaveAccessibleDescription(/Changed from the default/);
    await expect(noToken).not.toHaveAccessibleDescription(/Changed from the default/);
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    test(`has no serious accessibility violations with help open, fields changed and an init container (${colorScheme})`, async ({
      hardener,
    }) => {
      await hardener.page.emulateMedia({ colorScheme });
      await hardener.open();
      await hardener.pasteManifest(WITH_INIT);
      const containers = hardener.page.getByRole('group', { name: 'Containers that get the token' });
      await expect(containers.getByRole('checkbox', { name: /^wait-for-db init/ })).toBeVisible();
      await containers.getByRole('button', { name: 'None', exact: true }).click();
      await hardener.field('Token expiration (seconds)').fill('599');
      await hardener.page.getByRole('button', { name: 'About Default mode', exact: true }).click();
      await hardener.page.getByRole('button', { name: 'About API access', exact: true }).click();
      const results = await new AxeBuilder({ page: hardener.page }).include('form.options').analyze();
      const severe = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
      expect(severe.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)).toEqual([]);
    });
  }
});
