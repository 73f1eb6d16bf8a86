import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { repositoryRoot } from '../test/corpus';
import { type CliIo, EXIT, runCli } from './cli';
import { readFileChunks, readFileText, readLimited } from './read-limited';
import { decodeRead } from './decode';

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

  it('reads a file whole as one chunk, handed over without a copy', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sa-token-hardener-read-')), 'dump.json');
    const text = '{"items": []}\n'.repeat(10_000);
    writeFileSync(path, text);
    const chunks = [...readFileChunks(path)];
    expect(chunks.map((chunk) => chunk.length)).toEqual([text.length]);
    const read = readLimited(chunks, MB);
    expect('bytes' in read && read.bytes).toBe(chunks[0]);
    expect(new TextDecoder().decode(chunks[0])).toBe(text);
    // A file over the size it may be read whole at comes in chunks, and the limit stops it as before.
    expect([...readFileChunks(path, 1000)].length).toBeGreaterThan(1);
    expect(readLimited(readFileChunks(path, 1000), 1000)).toEqual({ tooLarge: true });
  });
});

describe('readFileText', () => {
  const folder = mkdtempSync(join(tmpdir(), 'sa-token-hardener-text-'));
  const file = (name: string, bytes: Uint8Array | string): string => {
    writeFileSync(join(folder, name), bytes);
    return join(folder, name);
  };

  it('reads a file of UTF-8 as the byte reader decodes it, a byte-order mark kept', () => {
    const text = '\uFEFFapiVersion: v1\nkind: ConfigMap # café, 😀\n';
    expect(readFileText(file('bom.yaml', text))).toEqual({ text });
    expect(decodeRead({ bytes: new TextEncoder().encode(text) })).toEqual({ text });
  });

  it('leaves to the byte reader what may not be UTF-8, a device and a file over the limit', () => {
    const invalid = file('invalid.yaml', new Uint8Array([0x61, 0x3a, 0x20, 0xff, 0x0a]));
    expect(readFileText(invalid)).toBeUndefined();
    expect(decodeRead({ bytes: new Uint8Array([0x61, 0x3a, 0x20, 0xff, 0x0a]) })).toEqual({ error: { line: 1, col: 4, byte: 0xff } });
    // A replacement character that is really there is read by the byte reader, alike.
    expect(readFileText(file('replacement.yaml', 'a: \uFFFD\n'))).toBeUndefined();
    expect(readFileText(file('big.yaml', 'a: 1\n'.repeat(100)), 499)).toBeUndefined();
    expect(readFileText(file('small.yaml', 'a: 1\n'.repeat(100)), 500)).toEqual({ text: 'a: 1\n'.repeat(100) });
    if (existsSync('/dev/zero')) expect(readFileText('/dev/zero')).toBeUndefined();
  });

  it('is held to the limit by readLimited, in bytes', () => {
    expect(readLimited({ text: '€€' }, 6)).toEqual({ text: '€€' });
    expect(readLimited({ text: '€€' }, 5)).toEqual({ tooLarge: true });
  });
});

describe('the command and an endless input', () => {
  it('exits 2 with FILE:1:1 after reading little more than 100 MB of standard input', () => {
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
    expect(stderr).toBe('<stdin>:1:1: error: the input is over 100 MB (the limit)\n');
    expect(stream.pulled).toBeLessThanOrEqual(100 * MB + 64 * 1024);
  });

  it('counts bytes, not characters: 34 million euro signs (102 MB) are refused', () => {
    const text = new Uint8Array(Buffer.alloc(34 * MB * 3, '€'));
    let stderr = '';
    const io: CliIo = { readFile: () => text, readStdin: () => text, stdout: () => undefined, stderr: (t) => (stderr += t), version: '0' };
    expect(runCli(['big.yaml'], io)).toBe(EXIT.error);
    expect(stderr).toBe('big.yaml:1:1: error: the input is over 100 MB (the limit)\n');
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
      // As scripts/build-cli.mjs builds it: ES-module dependencies (tinyglobby's fdir) read import.meta.url.
      define: { PACKAGE_VERSION: '"0"', 'import.meta.url': '__import_meta_url' },
      banner: { js: "const __import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
      logLevel: 'silent',
    });
  });

  it('as a file and as standard input, ends with exit 2', () => {
    const asFile = spawnSync(process.execPath, [bin, '/dev/zero'], { encoding: 'utf8', timeout: 20_000 });
    expect(asFile.status).toBe(EXIT.error);
    expect(asFile.stderr).toBe('/dev/zero:1:1: error: the input is over 100 MB (the limit)\n');
    const zero = openSync('/dev/zero', 'r');
    try {
      const asStdin = spawnSync(process.execPath, [bin], { encoding: 'utf8', stdio: [zero, 'pipe', 'pipe'], timeout: 20_000 });
      expect(asStdin.status).toBe(EXIT.error);
      expect(asStdin.stderr).toBe('<stdin>:1:1: error: the input is over 100 MB (the limit)\n');
    } finally {
      closeSync(zero);
    }
  });
});

describe('inputs over the page’s 10 MB', () => {
  const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: i\n';
  /** A 12 MB manifest: a pod and a ConfigMap with one long value. */
  const big = new TextEncoder().encode(
    `${POD}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  blob: ${'x'.repeat(12 * MB)}\n`,
  );
  function* chunks(bytes: Uint8Array): Generator<Uint8Array> {
    for (let offset = 0; offset < bytes.length; offset += 64 * 1024) yield bytes.subarray(offset, offset + 64 * 1024);
  }
  function run(input: Uint8Array, progress: string[] | undefined) {
    let stdout = '';
    const io: CliIo = {
      readFile: () => chunks(input),
      readStdin: () => chunks(input),
      stdout: (text) => (stdout += text),
      stderr: () => undefined,
      version: '0',
      progress: progress && ((line) => progress.push(line)),
    };
    return { status: runCli(['-q'], io), stdout };
  }

  it('hardens them, with a progress line on a terminal that ends cleared', () => {
    const progress: string[] = [];
    const { status, stdout } = run(big, progress);
    expect(status).toBe(EXIT.ok);
    expect(stdout).toContain('  automountServiceAccountToken: false\n');
    expect(progress).toContain('sa-token-hardener: reading <stdin>: 8 MB');
    expect(progress).toContain('sa-token-hardener: reading <stdin>: 12 MB');
    expect(progress).toContain('sa-token-hardener: hardening <stdin> (12 MB)…');
    expect(progress.at(-1)).toBe('');
    // Without a terminal, the same output and no progress.
    expect(run(big, undefined).stdout).toBe(stdout);
  }, 60_000);

  it('shows no progress for a small input', () => {
    const progress: string[] = [];
    expect(run(new TextEncoder().encode(POD), progress).status).toBe(EXIT.ok);
    expect(progress).toEqual([]);
  });
});
