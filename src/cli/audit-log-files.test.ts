import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { type AuditLogSummary, createAuditLogReader } from '../core/index';
import { readAuditLogs } from './audit-log-files';

const fixture = readFileSync(join(import.meta.dirname, '../core/fixtures/audit/bound-token-pods.jsonl'), 'utf8');
const lines = fixture.trimEnd().split('\n');

function folderWith(files: Record<string, string | Uint8Array>): string {
  const folder = mkdtempSync(join(tmpdir(), 'audit-logs-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(folder, name), content);
  return folder;
}

const noStdin = (): AsyncIterable<Uint8Array> => Readable.from([]);

/** What a summary says, whichever files it came from. */
function attributions(summary: AuditLogSummary): unknown {
  return { ...summary, files: undefined, problems: undefined };
}

function wholeSummary(text: string): unknown {
  const reader = createAuditLogReader();
  reader.readText('x', text);
  return attributions(reader.summarize());
}

describe('reading audit logs from files', () => {
  it('expands globs in order, recognises gzip by its bytes whatever the name, and reads in small chunks', async () => {
    // The log split in three: rotated files, the older ones gzipped (one with a misleading name).
    const folder = folderWith({
      'audit-2025-03-03.log.gz': gzipSync(lines.slice(0, 6).join('\n') + '\n'),
      'audit-2025-03-04.log': gzipSync(lines.slice(6, 12).join('\n') + '\n'),
      'audit.log': lines.slice(12).join('\n') + '\n',
      'notes.txt': 'not a log',
    });
    const read = await readAuditLogs(['audit*'], { cwd: folder, stdin: noStdin, chunkBytes: 7 });
    expect(read.summary.files.map((file) => file.file)).toEqual(['audit-2025-03-03.log.gz', 'audit-2025-03-04.log', 'audit.log']);
    expect(read.errors).toEqual([]);
    expect(read.warnings).toEqual([]);
    expect(attributions(read.summary)).toEqual(wholeSummary(fixture));
  });

  it('reads several gzip members one after another, and standard input for -', async () => {
    const members = Buffer.concat([gzipSync(lines.slice(0, 9).join('\n') + '\n'), gzipSync(lines.slice(9).join('\n') + '\n')]);
    const read = await readAuditLogs(['-'], { cwd: tmpdir(), stdin: () => Readable.from([members.subarray(0, 10), members.subarray(10)]) });
    expect(read.summary.files.map((file) => file.file)).toEqual(['<stdin>']);
    expect(attributions(read.summary)).toEqual(wholeSummary(fixture));
  });

  it('prints malformed lines as FILE:LINE: warning, with names from the log made safe for a terminal', async () => {
    const name = 'audit\u001b[31m.log';
    const folder = folderWith({ [name]: `${lines[0]}\n{"kind": "Event", "verb": ["\u202eteg"]}\nnot json\n` });
    const read = await readAuditLogs([join(folder, name)], { cwd: folder, stdin: noStdin });
    const shown = join(folder, 'audit\\x1b[31m.log');
    expect(read.warnings).toEqual([
      `${shown}:2: warning: not an audit event: "verb" is ["\\u202eteg"], not a string`,
      `${shown}:3: warning: not a JSON value, an audit event or a log export line`,
    ]);
    expect(read.summary.events).toBe(1);
  });

  it('says which files it could not read, and goes on with the others', async () => {
    const folder = folderWith({
      'cut.log.gz': gzipSync(fixture).subarray(0, 200),
      'audit.log': fixture,
      'policy.yaml': 'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n- level: Metadata\n',
    });
    const read = await readAuditLogs(['missing.log', 'nothing-*.log', 'cut.log.gz', 'policy.yaml', 'audit.log'], {
      cwd: folder,
      stdin: noStdin,
    });
    // Patterns are expanded first, then files are read in order.
    expect(read.errors).toEqual([
      'nothing-*.log: error: no file matches this pattern',
      'missing.log: error: no such file',
      'cut.log.gz: error: gzip data is corrupt or cut short',
    ]);
    expect(read.warnings).toContain('policy.yaml: warning: holds no audit event (1 record of another kind)');
    expect(read.summary.requests).toBe(15);
  });
});
