/**
 * What the tool writes, kubectl reads back as meant (issue 22, 3): a value replaced where a key had
 * only an anchor or a tag, or a tagged value, and a value an alias elsewhere reads too.
 */
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { hasKubectl, readWithKubectl } from '../../test/kubectl';
import { DEFAULT_OPTIONS, harden, plainDocuments } from '../index';
import { KUBERNETES_YAML_OPTIONS } from '../read/parse';

const POD_HEAD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n';
const CONTAINERS = '  containers:\n  - name: app\n    image: nginx\n';

/** What a key had, and the line hardening writes in its place. */
const WITHOUT_CONTENT: readonly [string, string][] = [
  ['&a', '&a false'],
  ['!!str', 'false'],
  ['!custom', 'false'],
  ['&a !!str', '&a false'],
  ['!!int 0', 'false'],
  ['!!null', 'false'],
  ['!!null ~', 'false'],
  ['!!str false', 'false'],
  ["!!str ''", 'false'],
  ['&a true', '&a false'],
  ['!!bool true', 'false'],
  ['&a !!null # reviewed', '&a false # reviewed'],
];

describe('values with no content', () => {
  it.each(WITHOUT_CONTENT)('writes `automountServiceAccountToken: %s` as a readable false', (value, written) => {
    const { output, errors } = harden(`${POD_HEAD}  automountServiceAccountToken: ${value}\n${CONTAINERS}`, DEFAULT_OPTIONS);
    expect(errors).toEqual([]);
    expect(output).toContain(`  automountServiceAccountToken: ${written}\n`);
    const [document] = plainDocuments(output) as [{ spec: { automountServiceAccountToken: unknown } }];
    expect(document.spec.automountServiceAccountToken).toBe(false);
  });

  it.each([
    ['&sa', '&sa web'],
    ['!!str', 'web'],
    ['&sa !!null', '&sa web'],
    ['!!int 5', 'web'],
  ])('writes the chosen ServiceAccount over `serviceAccountName: %s`', (value, written) => {
    const { output } = harden(`${POD_HEAD}  serviceAccountName: ${value}\n${CONTAINERS}`, {
      ...DEFAULT_OPTIONS,
      serviceAccountName: 'web',
    });
    expect(output).toContain(`  serviceAccountName: ${written}\n`);
  });

  it.each([
    ['a block mapping', `${POD_HEAD}  volumes: !!null\n${CONTAINERS}`],
    ['a block mapping, anchored', `${POD_HEAD}  volumes: &v !!null\n${CONTAINERS}`],
    ['a flow mapping', `${POD_HEAD.replace('spec:\n', '')}spec: {volumes: !!null, containers: [{name: app, image: nginx}]}\n`],
  ])('fills a tagged empty list in %s', (_, text) => {
    const { output, errors } = harden(text, DEFAULT_OPTIONS);
    expect(errors).toEqual([]);
    expect(output).not.toContain('!!null');
    const [document] = parseAllDocuments(output, KUBERNETES_YAML_OPTIONS);
    expect(document?.errors).toEqual([]);
    expect((plainDocuments(output)[0] as { spec: { volumes: unknown[] } }).spec.volumes).toHaveLength(1);
    expect(harden(output, DEFAULT_OPTIONS).output).toBe(output);
  });

  it('refuses to change an anchored value that an alias under another key reads too', () => {
    const text = `${POD_HEAD}  automountServiceAccountToken: &t true\n  containers:\n  - name: app\n    image: nginx\n    volumeMounts:\n    - {name: data, mountPath: /data, readOnly: *t}\n  volumes:\n  - {name: data, emptyDir: {}}\n`;
    const { errors } = harden(text, DEFAULT_OPTIONS);
    expect(errors.map((error) => [error.code, error.start.line])).toEqual([['shared-anchor', 11]]);
  });

  it('lets the deprecated serviceAccount follow serviceAccountName through an alias', () => {
    const text = `${POD_HEAD}  serviceAccountName: &sa old\n  serviceAccount: *sa\n${CONTAINERS}`;
    const { output, errors } = harden(text, { ...DEFAULT_OPTIONS, serviceAccountName: 'web' });
    expect(errors).toEqual([]);
    expect(plainDocuments(output)[0]).toMatchObject({ spec: { serviceAccountName: 'web', serviceAccount: 'web' } });
  });

  it.runIf(hasKubectl)('is read by kubectl as written (kubectl)', () => {
    const outputs = WITHOUT_CONTENT.map(
      ([value]) => harden(`${POD_HEAD}  automountServiceAccountToken: ${value}\n${CONTAINERS}`, DEFAULT_OPTIONS).output,
    );
    for (const reading of readWithKubectl(outputs)) {
      const [pod] = 'objects' in reading ? (reading.objects as { spec: { automountServiceAccountToken: unknown } }[]) : [];
      expect(pod?.spec.automountServiceAccountToken).toBe(false);
    }
  });
});
