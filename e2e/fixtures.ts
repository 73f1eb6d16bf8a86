/** The page object the specs share: locators by role and the accessible names of SPEC §5.1. */
import { test as base, expect, type Locator, type Page } from '@playwright/test';

export class HardenerPage {
  readonly page: Page;
  readonly output: Locator;
  readonly input: Locator;
  readonly changes: Locator;
  readonly copyYaml: Locator;
  readonly downloadYaml: Locator;
  readonly copyLink: Locator;
  readonly externalRequests: string[] = [];

  constructor(page: Page) {
    this.page = page;
    this.output = page.getByRole('region', { name: 'Hardened manifest', exact: true });
    this.input = page.getByRole('textbox', { name: 'Input manifest', exact: true });
    this.changes = page.getByRole('region', { name: 'Changes', exact: true });
    this.copyYaml = page.getByRole('button', { name: 'Copy YAML', exact: true });
    this.downloadYaml = page.getByRole('button', { name: 'Download YAML', exact: true });
    this.copyLink = page.getByRole('button', { name: 'Copy link', exact: true });
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.protocol === 'data:' || url.protocol === 'blob:') return;
      if (url.origin !== new URL(page.url() === 'about:blank' ? request.url() : page.url()).origin) {
        this.externalRequests.push(request.url());
      }
    });
  }

  field(name: string): Locator {
    return this.page.getByRole('textbox', { name, exact: true });
  }

  async open(fragment = ''): Promise<void> {
    await this.page.goto(fragment === '' ? './' : `./${fragment}`);
    await expect(this.output).toBeVisible();
  }

  /** Waits for Monaco to take over the input (its text area says it is an editor; the fallback's does not). */
  async editorReady(): Promise<void> {
    await expect(this.input).toHaveAttribute('aria-roledescription', 'editor');
  }

  /** The editor's whole text, as a user gets it: select all, copy. */
  async inputText(): Promise<string> {
    await this.page.evaluate(() => navigator.clipboard.writeText(''));
    await this.input.focus();
    await this.page.keyboard.press('ControlOrMeta+A');
    await this.page.keyboard.press('ControlOrMeta+C');
    await expect.poll(() => this.clipboard()).not.toBe('');
    // The system clipboard carries CRLF line breaks.
    return (await this.clipboard()).replace(/\r\n/g, '\n');
  }

  async outputText(): Promise<string> {
    return (await this.output.textContent()) ?? '';
  }

  /** Replaces the editor's text the way a user does: select all, paste. */
  async pasteManifest(text: string): Promise<void> {
    await this.editorReady();
    await this.page.evaluate((value) => navigator.clipboard.writeText(value), text);
    await this.input.focus();
    await this.page.keyboard.press('ControlOrMeta+A');
    await this.page.keyboard.press('ControlOrMeta+V');
  }

  /**
   * Moves the editor to its next problem (F8) until Monaco's problem widget announces one whose
   * name (the line, then "Error at LINE:COL.") matches `name` and whose message matches `message`.
   */
  async showProblem(name: RegExp, message?: RegExp): Promise<Locator> {
    const alert = this.page.getByRole('alert', { name });
    const problem = message ? alert.filter({ hasText: message }) : alert;
    await expect(async () => {
      await this.input.focus();
      await this.page.keyboard.press('F8');
      await expect(problem).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 20_000 });
    return problem;
  }

  async clipboard(): Promise<string> {
    return this.page.evaluate(() => navigator.clipboard.readText());
  }

  /** An output tab (SPEC §5.1: Hardened, Diff, JSON Patch, Kustomize, Policy). */
  tab(name: string): Locator {
    return this.page.getByRole('tab', { name, exact: true });
  }

  button(name: string): Locator {
    return this.page.getByRole('button', { name, exact: true });
  }

  /** Clicks a copy button and returns what reached the clipboard, once the page says it copied. */
  async copyWith(name: string): Promise<string> {
    await this.page.evaluate(() => navigator.clipboard.writeText(''));
    await this.button(name).click();
    await expect(this.page.getByRole('status').filter({ hasText: /^Copied/ })).toBeVisible();
    return this.clipboard();
  }
}

export const test = base.extend<{ hardener: HardenerPage }>({
  hardener: async ({ page, context }, use) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await use(new HardenerPage(page));
  },
});

export { expect };

/** Mirrors CRASH_TEST_LINE in src/worker/protocol.ts (which reads Vite's `import.meta.env`, so is not importable here). */
export const CRASH_TEST_LINE = '# crash-test: stop the hardening worker';

/** A Deployment to paste, with the given containers. */
export function pastedDeployment(containers: readonly string[]): string {
  const items = containers.map((name) => `        - name: ${name}\n          image: ${name}:1\n`).join('');
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: pasted-web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
${items}`;
}

/** Records every address the page writes with `history.replaceState`/`pushState`; call before `open`. */
export async function recordUrlWrites(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const writes: string[] = [];
    (window as unknown as { urlWrites: string[] }).urlWrites = writes;
    for (const method of ['replaceState', 'pushState'] as const) {
      const original = history[method].bind(history);
      history[method] = (state: unknown, unused: string, url?: string | URL | null) => {
        writes.push(String(url ?? ''));
        original(state, unused, url);
      };
    }
  });
}

/** The addresses written so far (see `recordUrlWrites`). */
export async function urlWrites(page: Page): Promise<string[]> {
  return page.evaluate(() => [...(window as unknown as { urlWrites: string[] }).urlWrites]);
}
