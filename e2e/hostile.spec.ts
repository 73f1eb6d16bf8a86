/** The page against hostile input and hostile hosts: secrets kept out of the address bar, framing refused. */
import { deflateRawSync } from 'node:zlib';
import { expect, pastedDeployment, recordUrlWrites, test, urlWrites } from './fixtures';

/**
 * Monaco's YAML language worker (yaml-language-server) overflows its stack on a self-referential
 * alias and Monaco reports that as an uncaught error; the page itself carries on. Everything
 * else must stay silent.
 */
function isNotFromYamlLanguageWorker(stack: string): boolean {
  return !/yaml\.worker/.test(stack);
}

/** A link as the page writes it (src/state/url-codec.ts, version 1): deflate-raw JSON in base64url. */
function linkTo(manifest: string): string {
  return `#v=1&s=${deflateRawSync(Buffer.from(JSON.stringify({ m: manifest }))).toString('base64url')}`;
}

const SECRET = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: hunter2-do-not-share\n';

/** A bundle big enough that the worker answers well after the paste, the Secret first. */
function secretBundle(): string {
  const deployment = pastedDeployment(['web', 'sidecar']);
  const documents = Array.from({ length: 150 }, (_, index) => deployment.replace('name: pasted-web', `name: web-${index}`));
  return [SECRET, ...documents].join('---\n');
}

test.describe('the address bar never holds credentials', () => {
  test('a pasted bundle whose first document is a Secret never reaches the address bar', async ({ hardener }) => {
    await recordUrlWrites(hardener.page);
    await hardener.open();
    await hardener.editorReady();
    const before = (await urlWrites(hardener.page)).length;
    const bundle = secretBundle();
    expect(bundle.length).toBeLessThan(100_000);
    await hardener.pasteManifest(bundle);
    await expect(hardener.output).toContainText('name: web-149');
    // Open the link details: they name what kept the manifest out of the address bar.
    await hardener.page.getByRole('button', { name: /^About links/ }).click();
    await expect(hardener.page.getByText(/The address bar does not keep this manifest: it holds a Secret object \(line 2\)/)).toBeVisible();
    const written = (await urlWrites(hardener.page)).slice(before);
    expect(written.filter((url) => url.includes('#'))).toEqual([]);
    expect(hardener.page.url()).not.toContain('#');
  });

  for (const [name, manifest, rule] of [
    [
      'a PEM private key in a ConfigMap',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: keys\ndata:\n  key.pem: |\n    -----BEGIN RSA PRIVATE KEY-----\n    MIIEow\n',
      /it holds a private key \(line 7\)/,
    ],
    [
      'a DATABASE_URL with a password',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: db\ndata:\n  DATABASE_URL: postgres://app:s3cret@db:5432/app\n',
      /it holds a URL with a password \(line 6\)/,
    ],
    [
      'an env DB_PWD with a literal value',
      `${pastedDeployment(['web'])}          env:\n            - name: DB_PWD\n              value: hunter2\n`,
      /it holds the env variable DB_PWD with a literal value/,
    ],
  ] as const) {
    test(`${name}: kept out, and the notice names it`, async ({ hardener }) => {
      await recordUrlWrites(hardener.page);
      await hardener.open();
      await hardener.editorReady();
      const before = (await urlWrites(hardener.page)).length;
      await hardener.pasteManifest(manifest);
      await hardener.page.getByRole('button', { name: /^About links/ }).click();
      await expect(hardener.page.getByText(rule)).toBeVisible();
      expect((await urlWrites(hardener.page)).slice(before).filter((url) => url.includes('#'))).toEqual([]);
    });
  }
});

test.describe('hostile manifests', () => {
  test('a 200-byte link with a self-referential anchor opens with the error, not a blank page', async ({ hardener }) => {
    const errors: string[] = [];
    hardener.page.on('pageerror', (error) => errors.push(error.stack ?? error.message));
    const link = linkTo(
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers: &c\n    - name: app\n      image: nginx\n      args: *c\n',
    );
    expect(link.length).toBeLessThan(200);
    await hardener.page.goto(`./${link}`);
    await expect(hardener.page.getByRole('status').filter({ hasText: /anchored value that contains it/ })).toBeVisible();
    await expect(hardener.page.getByRole('heading', { name: 'sa-token-hardener' })).toBeVisible();
    expect(errors.filter(isNotFromYamlLanguageWorker)).toEqual([]);
  });

  // (A lone CR cannot be pasted: Monaco turns it into a line break, as kubectl reads it.)
  for (const [name, manifest, message] of [
    [
      'a self-referential anchor',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  x: &a [*a]\n',
      /anchored value that contains it/,
    ],
  ] as const) {
    test(`${name}: the page says where, and keeps the last good output`, async ({ hardener }) => {
      const errors: string[] = [];
      hardener.page.on('pageerror', (error) => errors.push(error.stack ?? error.message));
      await hardener.open();
      await expect(hardener.output).toContainText('name: foo-pod');
      const before = await hardener.outputText();
      await hardener.pasteManifest(manifest);
      await expect(hardener.page.getByRole('status').filter({ hasText: message })).toBeVisible();
      expect(await hardener.outputText()).toBe(before);
      await expect(hardener.page.getByRole('heading', { name: 'sa-token-hardener' })).toBeVisible();
      expect(errors.filter(isNotFromYamlLanguageWorker)).toEqual([]);
    });
  }
});

test.describe('hosts', () => {
  test('refuses to run inside a frame', async ({ hardener, baseURL }) => {
    await hardener.page.setContent(`<iframe title="framed" src="${baseURL}" width="800" height="400"></iframe>`);
    const frame = hardener.page.frameLocator('iframe');
    await expect(frame.getByRole('alert')).toContainText('does not run inside a frame');
    await expect(frame.getByRole('link')).toHaveAttribute('href', baseURL ?? '');
    await expect(frame.getByRole('region', { name: 'Hardened manifest' })).toHaveCount(0);
  });

  test('ships host headers that forbid framing, with the page policy', async ({ hardener }) => {
    await hardener.open();
    const headers = await (await hardener.page.request.get('./_headers')).text();
    expect(headers).toContain("frame-ancestors 'none'");
    expect(headers).toContain('X-Frame-Options: DENY');
    const policy = await hardener.page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    for (const directive of (policy ?? '').split(';').map((part) => part.trim())) expect(headers).toContain(directive);
  });
});
