/** The page against hostile input and hostile hosts: manifests that break readers, framing refused. (Credentials and links: links.spec.ts.) */
import { deflateRawSync } from 'node:zlib';
import { expect, test } from './fixtures';

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
