import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { repositoryRoot } from '../test/corpus';
import { type CliIo, EXIT, runCli } from './cli';
import { readLimited } from './read-limited';

const MB = 1024 * 1024;

/** An endless stream of zero bytes that counts how much of it was pulled. */
function endless(chunkBytes = 64 * 1024) {
  const stream = {
    pulled: 0,
    closed: false,
    *[Symbol.iterator]() {
      try {
        for (;;) {
          stream.pulled += chunkBytes;
          yield new Uint8Array(chunkBytes);
        }
      } finally {
        stream.closed = true;
      }
    },
  };
  return stream;
}

describe('readLimited', () => {
  it('stops an endless stream just past the limit and closes it', () => {
    const stream = endless();
    expect(readLimited(stream, 10 * MB)).toEqual({ tooLarge: true });
    expect(stream.pulled).toBeLessThanOrEqual(10 * MB + 64 * 1024);
    expect(stream.closed).toBe(true);
  });

  it('joins the chunks of an input within the limit', () => {
    const chunks = [new Uint8Array([1, 2]), new Uint8Array([3])];
    expect(readLimited(chunks, 3)).toEqual({ bytes: new Uint8Array([1, 2, 3]) });
    expect(readLimited(chunks, 2)).toEqual({ tooLarge: true });
  });
});

describe('the command and an endless input', () => {
  it('exits 2 with FILE:1:1 after reading little more than 10 MB of standard input', () => {
    const stream = endless();
    let stderr = '';
    const io: CliIo = {
      readFile: () => new Uint8Array(),
      readStdin: () => stream,
      stdout: () => undefined,
      stderr: (text) => (stderr += text),
      version: '0',
    };
    expect(runCli([], io)).toBe(EXIT.error);
    expect(stderr).toBe(
      '<stdin>:1:1: error: the input is over 10 MB (the limit) on standard input; give it as a file, which may hold up to 256 MB\n',
    );
    expect(stream.pulled).toBeLessThanOrEqual(10 * MB + 64 * 1024);
  });

  it('counts bytes, not characters: 4 million euro signs (12 MB) are refused on standard input, and taken from a file', () => {
    const text = new TextEncoder().encode(`a: "${'€'.repeat(4 * MB)}"\n`);
    let stderr = '';
    const io: CliIo = { readFile: () => text, readStdin: () => text, stdout: () => undefined, stderr: (t) => (stderr += t), version: '0' };
    expect(runCli([], io)).toBe(EXIT.error);
    expect(stderr).toBe(
      '<stdin>:1:1: error: the input is over 10 MB (the limit) on standard input; give it as a file, which may hold up to 256 MB\n',
    );
    stderr = '';
    expect(runCli(['-q', 'big.yaml'], io)).toBe(EXIT.ok);
    expect(stderr).toBe('');
  });

  it('shows progress on a terminal while it reads and hardens a large file, and clears the line', () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: x}]}\n';
    const text = new TextEncoder().encode(`${pod}# ${'x'.repeat(20 * MB)}\n`);
    const chunks = function* () {
      for (let offset = 0; offset < text.length; offset += MB) yield text.subarray(offset, offset + MB);
    };
    let stderr = '';
    const io: CliIo = {
      readFile: chunks,
      readStdin: chunks,
      stdout: () => undefined,
      stderr: (t) => (stderr += t),
      version: '0',
      progress: true,
    };
    expect(runCli(['-q', 'big.yaml'], io)).toBe(EXIT.ok);
    expect(stderr).toContain('\rbig.yaml: read 8 MB');
    expect(stderr).toContain('big.yaml: hardening 20 MB…');
    expect(stderr.endsWith('\r\x1b[K')).toBe(true);
    stderr = '';
    expect(runCli(['-q', 'big.yaml'], { ...io, progress: false })).toBe(EXIT.ok);
    expect(stderr).toBe('');
  });
});

describe.runIf(existsSync('/dev/zero'))('the built command on /dev/zero', () => {
  const bin = join(mkdtempSync(join(tmpdir(), 'sa-token-hardener-stream-')), 'cli.cjs');
  beforeAll(async () => {
    await build({
      entryPoints: [join(repositoryRoot, 'src/cli/bin.ts')],
      outfile: bin,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      define: { PACKAGE_VERSION: '"0"' },
      logLevel: 'silent',
    });
  });

  it('as a file and as standard input, ends with exit 2', () => {
    const asFile = spawnSync(process.execPath, [bin, '/dev/zero'], { encoding: 'utf8', timeout: 20_000 });
    expect(asFile.status).toBe(EXIT.error);
    expect(asFile.stderr).toBe('/dev/zero:1:1: error: the input is over 256 MB (the limit)\n');
    const zero = openSync('/dev/zero', 'r');
    try {
      const asStdin = spawnSync(process.execPath, [bin], { encoding: 'utf8', stdio: [zero, 'pipe', 'pipe'], timeout: 20_000 });
      expect(asStdin.status).toBe(EXIT.error);
      expect(asStdin.stderr).toBe(
        '<stdin>:1:1: error: the input is over 10 MB (the limit) on standard input; give it as a file, which may hold up to 256 MB\n',
      );
    } finally {
      closeSync(zero);
    }
  });
});
