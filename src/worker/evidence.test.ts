import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { Cancelled, createEvidenceStore, looksLikeAuditLog, openingOf } from './evidence';

const EXAMPLE = join(import.meta.dirname, '../core/fixtures/audit/worked-example');
const auditLog = readFileSync(join(EXAMPLE, 'audit.jsonl'));
const dump = readFileSync(join(EXAMPLE, 'cluster.yaml'));
const file = (name: string, bytes: Uint8Array) => new File([new Uint8Array(bytes)], name);
const never = () => false;
const quiet = () => undefined;

describe('evidence opened on the page', () => {
  it('tells an audit log from a cluster dump by its opening, gzipped or not', async () => {
    expect(looksLikeAuditLog(await openingOf(file('a', auditLog)))).toBe(true);
    expect(looksLikeAuditLog(await openingOf(file('a.gz', gzipSync(auditLog))))).toBe(true);
    expect(looksLikeAuditLog(await openingOf(file('dump', dump)))).toBe(false);
  });

  it('reads a gzipped audit log as the plain one, and says so in a few words', async () => {
    const plain = createEvidenceStore();
    const zipped = createEvidenceStore();
    const a = await plain.openAuditLogs([file('audit.jsonl', auditLog)], quiet, never);
    const b = await zipped.openAuditLogs([file('audit.jsonl.gz', gzipSync(auditLog))], quiet, never);
    expect(a.audit?.summary).toBe(b.audit?.summary);
    expect(a.audit?.summary).toMatch(/^8\.0 days \(.*\), 537 events, \d+ requests$/);
    // The same events, read from files of other names.
    const events = (summary: unknown) => ({ ...(summary as object), files: undefined, problems: undefined });
    expect(events(plain.evidence().auditLog)).toEqual(events(zipped.evidence().auditLog));
  });

  it('changes its generation on every opening and closing, and forgets what is closed', async () => {
    const store = createEvidenceStore();
    const opened = await store.openDumps([file('cluster.yaml', dump)], quiet, never);
    expect(opened.generation).toBe(1);
    expect(opened.cluster?.summary).toMatch(/^\d+ objects, 3 pods$/);
    expect(store.evidence().clusterDumps).toHaveLength(1);
    expect(store.forget('cluster')).toMatchObject({ generation: 2, cluster: undefined });
    expect(store.evidence().clusterDumps).toBeUndefined();
  });

  it('drops a cancelled reading and keeps what it held before', async () => {
    const store = createEvidenceStore();
    await store.openAuditLogs([file('first.jsonl', auditLog)], quiet, never);
    const before = store.state();
    await expect(store.openAuditLogs([file('second.jsonl', auditLog)], quiet, () => true)).rejects.toBeInstanceOf(Cancelled);
    expect(store.state()).toEqual(before);
  });
});
