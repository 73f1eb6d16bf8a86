/** The Workloads region (SPEC §5): per-workload API access, the evidence behind it, and evidence files that never leave the tab. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseAllDocuments } from 'yaml';
import { expect, recordUrlWrites, test, urlWrites, type HardenerPage } from './fixtures';

const EXAMPLE = join(import.meta.dirname, '../src/core/fixtures/audit/worked-example');
const bundle = readFileSync(join(EXAMPLE, 'bundle.yaml'), 'utf8');
const clusterDump = join(EXAMPLE, 'cluster.yaml');
const auditLog = join(EXAMPLE, 'audit.jsonl');

async function showWorkloads(hardener: HardenerPage) {
  await hardener.page.getByRole('tab', { name: 'Workloads', exact: true }).click();
  return hardener.page.getByRole('region', { name: 'Workloads', exact: true });
}

async function openEvidence(
  hardener: HardenerPage,
  button: 'Open cluster dump' | 'Open audit log',
  file: string | { name: string; mimeType: string; buffer: Buffer },
) {
  const chooser = hardener.page.waitForEvent('filechooser');
  await hardener.page.getByRole('button', { name: button, exact: true }).click();
  await (await chooser).setFiles(file);
}

/** Which workloads of the hardened output get a projected token, by kind/name. */
async function tokenMounts(hardener: HardenerPage): Promise<Record<string, boolean>> {
  const mounts: Record<string, boolean> = {};
  for (const document of parseAllDocuments(await hardener.outputText())) {
    const object = document.toJS() as { kind?: string; metadata?: { name?: string } } | null;
    if (object?.kind !== 'Deployment' && object?.kind !== 'CronJob') continue;
    mounts[`${object.kind}/${object.metadata?.name ?? ''}`] = JSON.stringify(object).includes('"serviceAccountToken"');
  }
  return mounts;
}

const access = (hardener: HardenerPage, name: string) =>
  hardener.page.getByRole('radiogroup', { name: `API access for ${name}`, exact: true });

test.describe('the Workloads region', () => {
  test('lists every workload with its ServiceAccount and a choice that changes the output at once', async ({ hardener }) => {
    await hardener.open();
    await hardener.pasteManifest(bundle);
    const region = await showWorkloads(hardener);
    await expect(region.getByRole('radiogroup')).toHaveCount(3);
    await expect(region.getByText('Deployment/shop/operator', { exact: true })).toBeVisible();
    await expect(region.getByText('· ServiceAccount web', { exact: true })).toBeVisible();
    const web = access(hardener, 'Deployment/shop/web');
    await expect(web.getByRole('radio', { name: 'Mount the token' })).toBeChecked();
    await web.getByRole('radio', { name: 'No token' }).check();
    // The radio follows the choice before the worker answers, and the output follows the worker.
    await expect(web.getByRole('radio', { name: 'No token' })).toBeChecked();
    await expect(access(hardener, 'Deployment/shop/operator').getByRole('radio', { name: 'Mount the token' })).toBeChecked();
    await expect
      .poll(() => tokenMounts(hardener))
      .toEqual({ 'Deployment/operator': true, 'Deployment/web': false, 'CronJob/report': true });
  });

  test('filters by name, as the Changes panel does', async ({ hardener }) => {
    await hardener.open();
    await hardener.pasteManifest(bundle);
    const region = await showWorkloads(hardener);
    await region.getByRole('searchbox', { name: 'Filter by name' }).fill('report');
    await expect(region.getByRole('radiogroup')).toHaveCount(1);
    await expect(access(hardener, 'CronJob/shop/report')).toBeVisible();
  });

  test('an audit log and a cluster dump make recommendations strong, and Apply recommendations removes the unused tokens', async ({
    hardener,
  }) => {
    await recordUrlWrites(hardener.page);
    await hardener.open();
    await hardener.pasteManifest(bundle);
    const region = await showWorkloads(hardener);
    await region.getByRole('button', { name: 'Apply recommendations' }).click();
    await expect(region.getByRole('status')).toHaveText(/^Nothing to apply: no recommendation to remove a token is strong/);

    const before = { url: hardener.page.url(), writes: (await urlWrites(hardener.page)).length };
    await openEvidence(hardener, 'Open cluster dump', clusterDump);
    await expect(region.getByText(/^Cluster dump cluster\.yaml: \d+ objects, \d+ pods/)).toBeVisible();
    await openEvidence(hardener, 'Open audit log', {
      name: 'audit.jsonl.gz',
      mimeType: 'application/gzip',
      buffer: gzipSync(readFileSync(auditLog)),
    });
    await expect(region.getByText(/^Audit log audit\.jsonl\.gz: 8\.0 days/)).toBeVisible();
    await expect(region.getByRole('img', { name: /^213 API requests, first / })).toBeVisible();
    await expect(region.getByRole('img', { name: 'No API request in the audit log' })).toHaveCount(2);

    // Reading the dump and the log wrote nothing to the address bar; the choices that follow do.
    expect({ url: hardener.page.url(), writes: (await urlWrites(hardener.page)).length }).toEqual(before);
    await region.getByRole('button', { name: 'Apply recommendations' }).click();
    await expect(region.getByRole('status')).toHaveText('Applied 2 recommendations: 2 without a token, 0 keeping it.');
    await expect(access(hardener, 'Deployment/shop/web').getByRole('radio', { name: 'No token' })).toBeChecked();
    await expect(access(hardener, 'CronJob/shop/report').getByRole('radio', { name: 'No token' })).toBeChecked();
    await expect(access(hardener, 'Deployment/shop/operator').getByRole('radio', { name: 'Mount the token' })).toBeChecked();
    await expect
      .poll(() => tokenMounts(hardener))
      .toEqual({ 'Deployment/operator': true, 'Deployment/web': false, 'CronJob/report': false });

    await expect.poll(() => hardener.page.url()).not.toBe(before.url);
  });

  test('per-workload choices survive a link round trip', async ({ hardener, page }) => {
    await hardener.open();
    await hardener.pasteManifest(bundle);
    await showWorkloads(hardener);
    await access(hardener, 'CronJob/shop/report').getByRole('radio', { name: 'No token' }).check();
    await hardener.copyLink.click();
    await expect(page.getByRole('status').filter({ hasText: /^Link copied/ })).toBeVisible();
    const link = await hardener.clipboard();
    await page.goto('about:blank');
    await page.goto(link);
    await expect(hardener.output).toBeVisible();
    await showWorkloads(hardener);
    await expect(access(hardener, 'CronJob/shop/report').getByRole('radio', { name: 'No token' })).toBeChecked();
    await expect(access(hardener, 'Deployment/shop/web').getByRole('radio', { name: 'Mount the token' })).toBeChecked();
  });

  test('reading an audit log shows its progress and can be cancelled', async ({ hardener }, testInfo) => {
    await hardener.open();
    await hardener.pasteManifest(bundle);
    const region = await showWorkloads(hardener);
    const line = readFileSync(auditLog, 'utf8').split('\n')[0] ?? '';
    // A log big enough to be caught reading: 60 MB of one event repeated.
    const big = testInfo.outputPath('big.jsonl');
    writeFileSync(big, `${line}\n`.repeat(Math.ceil((60 * 1024 * 1024) / (line.length + 1))));
    await openEvidence(hardener, 'Open audit log', big);
    await expect(region.getByRole('progressbar', { name: 'Reading big.jsonl' })).toBeVisible();
    await region.getByRole('button', { name: 'Cancel' }).click();
    await expect(region.getByRole('alert')).toHaveText('Cancelled.');
    await expect(region.getByRole('progressbar')).toHaveCount(0);
    await expect(region.getByText(/^Audit log /)).toHaveCount(0);
  });

  test('files dropped together are told apart by their content, and never reach the address bar', async ({ hardener, page }) => {
    await recordUrlWrites(page);
    await hardener.open();
    await hardener.pasteManifest(bundle);
    const region = await showWorkloads(hardener);
    const before = { url: page.url(), writes: (await urlWrites(page)).length };
    const transfer = await page.evaluateHandle(
      ([log = '', dump = '']) => {
        const data = new DataTransfer();
        data.items.add(new File([log], 'kube-apiserver.log', { type: 'text/plain' }));
        data.items.add(new File([dump], 'everything.yaml', { type: 'text/plain' }));
        return data;
      },
      [readFileSync(auditLog, 'utf8'), readFileSync(clusterDump, 'utf8')],
    );
    await region.dispatchEvent('dragover', { dataTransfer: transfer });
    await region.dispatchEvent('drop', { dataTransfer: transfer });
    await expect(region.getByText(/^Audit log kube-apiserver\.log: 8\.0 days/)).toBeVisible();
    await expect(region.getByText(/^Cluster dump everything\.yaml: \d+ objects, 3 pods/)).toBeVisible();
    await expect(access(hardener, 'Deployment/shop/web').getByText('recommended')).toBeVisible();
    // The evidence changed the recommendations, not the address: nothing was written for it.
    expect({ url: page.url(), writes: (await urlWrites(page)).length }).toEqual(before);
  });
});
