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

  /** Waits for Monaco to take over the input. */
  async editorReady(): Promise<void> {
    await expect(this.input).toBeAttached();
    await expect(this.page.locator('.monaco-editor .view-lines')).toBeVisible();
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
