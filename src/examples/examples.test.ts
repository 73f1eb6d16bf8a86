import { describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS, harden } from '../core';
import { DEFAULT_EXAMPLE, EXAMPLES, findExample } from '.';

describe('examples', () => {
  it('have unique names usable in a link', () => {
    const names = EXAMPLES.map((example) => example.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-z0-9-]+$/);
    expect(findExample('cronjob')?.text).toContain('kind: CronJob');
  });

  for (const example of EXAMPLES) {
    it(`"${example.name}" hardens without errors and needs changes`, () => {
      const result = harden(example.text, DEFAULT_OPTIONS);
      expect(result.errors).toEqual([]);
      expect(result.changes.length).toBeGreaterThan(0);
      expect(harden(result.output, DEFAULT_OPTIONS).output).toBe(result.output);
    });
  }

  it('the default example becomes a correct version of the write-up pod', () => {
    const result = harden(DEFAULT_EXAMPLE.text, DEFAULT_OPTIONS);
    expect(result.firstObjectName).toBe('foo-pod');
    const output = result.output;
    expect(output).toContain('  serviceAccountName: foo-sa\n  automountServiceAccountToken: false\n');
    expect(output).toContain(
      [
        '      volumeMounts:',
        '        - mountPath: /var/run/secrets/kubernetes.io/serviceaccount',
        '          name: serviceaccount-token',
        '          readOnly: true',
      ].join('\n'),
    );
    // The write-up's two indentation bugs, fixed: `projected:` inside the list item, and
    // `apiVersion`/`fieldPath` under `fieldRef:`; `defaultMode` in decimal, octal beside it.
    expect(output).toContain(
      [
        '  volumes:',
        '    - name: serviceaccount-token',
        '      projected:',
        '        defaultMode: 292 # 0444',
        '        sources:',
        '          - serviceAccountToken:',
        '              expirationSeconds: 3607',
        '              path: token',
        '          - configMap:',
        '              name: kube-root-ca.crt',
        '              items:',
        '                - key: ca.crt',
        '                  path: ca.crt',
        '          - downwardAPI:',
        '              items:',
        '                - path: namespace',
        '                  fieldRef:',
        '                    apiVersion: v1',
        '                    fieldPath: metadata.namespace',
      ].join('\n'),
    );
  });
});
