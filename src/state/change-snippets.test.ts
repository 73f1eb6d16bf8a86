import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { harden } from '../core';
import { repositoryRoot } from '../test/corpus';
import { validOptions } from '../test/options';
import { createSnippetReader, withSnippets } from './change-snippets';

function hardened(name: string, options = validOptions()) {
  const input = readFileSync(join(repositoryRoot, 'src/core/fixtures', name), 'utf8');
  const result = harden(input, options);
  return withSnippets(result.changes, input, result.output).map(({ path, added, removed }) => ({ path, added, removed }));
}

describe('change snippets', () => {
  it('shows what the seed pod gets in the core’s own text, comments included, cut after six lines', () => {
    expect(hardened('golden/seed-pod/input.yaml', validOptions({ serviceAccountName: 'app' }))).toEqual([
      { path: 'spec.automountServiceAccountToken', added: { lines: ['automountServiceAccountToken: false'], more: 0 }, removed: undefined },
      {
        path: 'spec.serviceAccountName',
        added: { lines: ['serviceAccountName: app'], more: 0 },
        removed: { lines: ['serviceAccountName: foo-sa'], more: 0 },
      },
      {
        path: 'spec.containers[0].volumeMounts[0]',
        added: {
          lines: ['- mountPath: /var/run/secrets/kubernetes.io/serviceaccount', '  name: serviceaccount-token', '  readOnly: true'],
          more: 0,
        },
        removed: undefined,
      },
      {
        path: 'spec.volumes[0]',
        added: {
          lines: [
            '- name: serviceaccount-token',
            '  projected:',
            '    defaultMode: 292 # 0444',
            '    sources:',
            '      - serviceAccountToken:',
            '          expirationSeconds: 3607',
          ],
          more: 12,
        },
        removed: undefined,
      },
    ]);
  });

  it('reads a removed value from the input, in the input’s own style', () => {
    const changes = hardened('golden/kubectl-get-pod/input.yaml');
    expect(changes[1]).toEqual({
      path: 'spec.containers[0].volumeMounts[0]',
      added: undefined,
      removed: {
        lines: ['- mountPath: /var/run/secrets/kubernetes.io/serviceaccount', '  name: kube-api-access-9zq7d', '  readOnly: true'],
        more: 0,
      },
    });
    expect(changes[3]?.removed).toEqual({
      lines: [
        '- name: kube-api-access-9zq7d',
        '  projected:',
        '    defaultMode: 420',
        '    sources:',
        '    - serviceAccountToken:',
        '        expirationSeconds: 3607',
      ],
      more: 12,
    });
  });

  it('keeps short flow text, and shifts a flow mapping left to its closing bracket', () => {
    const changes = hardened('golden/kyaml-deployment/input.yaml');
    expect(changes[1]?.added).toEqual({
      lines: [
        '{',
        '  mountPath: "/var/run/secrets/kubernetes.io/serviceaccount",',
        '  name: "serviceaccount-token",',
        '  readOnly: true,',
        '}',
      ],
      more: 0,
    });
  });

  it('writes minified JSON values as block YAML, and keeps a short JSON pair as it is', () => {
    const changes = hardened('golden/json-minified/input.json');
    expect(changes[0]?.added).toEqual({ lines: ['"automountServiceAccountToken":false'], more: 0 });
    expect(changes[1]?.removed).toEqual({
      lines: ['- name: kube-api-access-x1', '  mountPath: /var/run/secrets/kubernetes.io/serviceaccount', '  readOnly: true'],
      more: 0,
    });
  });

  it('renders the value when the path does not resolve in the text', () => {
    const read = createSnippetReader('kind: Pod\nspec:\n  containers: []\n');
    expect(read(undefined, ['spec', 'volumes', 3], { name: 'v', emptyDir: {} })).toEqual({
      lines: ['- name: v', '  emptyDir: {}'],
      more: 0,
    });
    expect(read(undefined, ['spec', 'enableServiceLinks'], false)).toEqual({ lines: ['enableServiceLinks: false'], more: 0 });
    expect(read(undefined, ['spec'], 'x')).toEqual({ lines: ['spec: x'], more: 0 });
  });

  it('reads CRLF text without carriage returns', () => {
    const text = 'kind: Pod\r\nspec:\r\n  volumes:\r\n    - name: a\r\n      emptyDir: {}\r\n';
    const read = createSnippetReader(text);
    const span = { start: text.indexOf('- name'), end: text.indexOf('{}') + 2, startLine: 4, endLine: 5 };
    expect(read(span, ['spec', 'volumes', 0], {})).toEqual({ lines: ['- name: a', '  emptyDir: {}'], more: 0 });
  });
});
