import { describe, expect, it } from 'vitest';
import { type CliIo, EXIT, FORMATS, runCli } from './cli';

function run(argv: string[], stdin: string | Uint8Array) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    readFile: () => {
      throw Object.assign(new Error('missing'), { code: 'ENOENT' });
    },
    readStdin: () => (typeof stdin === 'string' ? new TextEncoder().encode(stdin) : stdin),
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    version: '0.0.0',
  };
  const status = runCli(argv, io);
  return { status, stdout, stderr };
}

const CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n';
const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: nginx\n';

describe('every output format reads the input the same way', () => {
  it.each([
    ['a self-referential anchor', `${CONFIG_MAP}data:\n  x: &a [*a]\n`, '<stdin>:6:10: error: an alias refers to the anchored value'],
    [
      'more than 1,000 aliases outside any pod spec',
      `${CONFIG_MAP}data:\n  a: &x y\n  b: [${Array(1001).fill('*x').join(', ')}]\n---\n${POD}`,
      '<stdin>:7:7: error: the document expands too many aliases',
    ],
    [
      'a line break only kubectl sees',
      `${POD}  # reviewed\r  automountServiceAccountToken: true\n`,
      '<stdin>:9:13: error: a carriage return',
    ],
  ])('%s: all refuse with the same error, exit 2, no stack trace', (_, text, message) => {
    for (const format of [...FORMATS, 'check']) {
      const result = run(format === 'check' ? ['--check'] : ['-f', format], text);
      expect(result.status, format).toBe(EXIT.error);
      expect(result.stdout, format).toBe('');
      expect(result.stderr, format).toContain(message);
      expect(result.stderr, format).not.toMatch(/\n\s+at /);
    }
  });
});
