import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { corpusFiles, hasCorpus, isHelmTemplate } from '../../test/corpus';
import { countRemovedLines } from '../../test/removed-lines';
import { checkPodSpec, DEFAULT_OPTIONS, harden } from '../index';
import { KUBERNETES_YAML_OPTIONS } from './parse';
import { plainValue } from './yaml-read';

function hasKubectl(): boolean {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const kubectl = hasKubectl();
if (!kubectl) console.log('kubectl tests skipped: kubectl is not installed');

const scratch = kubectl ? mkdtempSync(join(tmpdir(), 'sa-token-hardener-')) : '';

/** What Kubernetes sees: kubectl's own decoding, offline; a list of objects. */
function kubectlRead(text: string): Record<string, any>[] {
  const file = join(scratch, 'input.yaml');
  writeFileSync(file, text);
  const json = execFileSync('kubectl', ['annotate', '--local', '-f', file, 'checked=yes', '-o', 'json'], { encoding: 'utf8' });
  const value = JSON.parse(json) as Record<string, any>;
  return value['kind'] === 'List' ? (value['items'] as Record<string, any>[]) : [value];
}

function pod(specLines: string): string {
  return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n${specLines}`;
}

const CONTAINERS = '  containers:\n  - name: app\n    image: nginx\n';

describe('merge keys: the later key wins, as in kubectl', () => {
  const cases: [string, string][] = [
    ['an own false before a merged true', '  automountServiceAccountToken: false\n  <<: {automountServiceAccountToken: true}\n'],
    ['a merged true and no own key', '  <<: {automountServiceAccountToken: true}\n'],
    ['a merged true after serviceAccountName', '  serviceAccountName: app\n  <<: {automountServiceAccountToken: true}\n'],
    ['a list of merges, the first one wins', '  <<: [{automountServiceAccountToken: true}, {automountServiceAccountToken: false}]\n'],
    ['a merged true then an own false', '  <<: {automountServiceAccountToken: true}\n  automountServiceAccountToken: false\n'],
  ];

  it.each(cases)('reads %s as kubectl does', (_, lines) => {
    const text = pod(lines + CONTAINERS);
    const parsed = parseAllDocuments(text, KUBERNETES_YAML_OPTIONS);
    const [document] = Array.isArray(parsed) ? parsed : [];
    const value = plainValue(document?.contents, document as never) as Record<string, any>;
    const expected: Record<string, boolean> = {
      'an own false before a merged true': true,
      'a merged true and no own key': true,
      'a merged true after serviceAccountName': true,
      'a list of merges, the first one wins': true,
      'a merged true then an own false': false,
    };
    expect(value['spec'].automountServiceAccountToken).toBe(expected[_]);
  });

  it.each(cases)('hardens %s so that the output has automount off for the tool and the check', (_, lines) => {
    const text = pod(lines + CONTAINERS);
    const result = harden(text, DEFAULT_OPTIONS);
    expect(result.errors).toEqual([]);
    const again = harden(result.output, DEFAULT_OPTIONS);
    expect(again.output).toBe(result.output);
    expect(again.objects.flatMap((workload) => workload.missing)).toEqual([]);
  });

  it.skipIf(!kubectl).each(cases)('hardens %s so that kubectl reads automount off (kubectl)', (_, lines) => {
    const text = pod(lines + CONTAINERS);
    const { output } = harden(text, DEFAULT_OPTIONS);
    const [object] = kubectlRead(output);
    expect(object?.['spec'].automountServiceAccountToken).toBe(false);
    expect(checkPodSpec(object?.['spec'], DEFAULT_OPTIONS)).toEqual([]);
  });

  it('writes a ServiceAccount false after a merge that brings true', () => {
    const text =
      'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: s\nautomountServiceAccountToken: false\n<<: {automountServiceAccountToken: true}\n';
    const result = harden(text, DEFAULT_OPTIONS);
    expect(result.output).toBe(
      'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: s\n<<: {automountServiceAccountToken: true}\nautomountServiceAccountToken: false\n',
    );
    expect(harden(result.output, DEFAULT_OPTIONS).changes).toEqual([]);
  });
});

describe('merged lists: kubectl reads the later one', () => {
  const text = pod(
    '  volumes:\n  - name: a\n    emptyDir: {}\n  <<: {volumes: [{name: b, emptyDir: {}}]}\n' +
      '  containers:\n  - name: app\n    image: nginx\n    volumeMounts:\n    - {name: a, mountPath: /a}\n' +
      '    <<: {volumeMounts: [{name: b, mountPath: /b}]}\n',
  );

  it('keeps what kubectl read (b), adds the token after every merge key, and is idempotent', () => {
    const result = harden(text, DEFAULT_OPTIONS);
    expect(result.errors).toEqual([]);
    const [document] = parseAllDocuments(result.output, KUBERNETES_YAML_OPTIONS) as unknown as [never];
    const spec = (plainValue((document as { contents: unknown }).contents, document) as Record<string, any>)['spec'];
    expect(spec.volumes.map((volume: { name: string }) => volume.name)).toEqual(['b', 'serviceaccount-token']);
    expect(spec.containers[0].volumeMounts.map((mount: { name: string }) => mount.name)).toEqual(['b', 'serviceaccount-token']);
    expect(harden(result.output, DEFAULT_OPTIONS).output).toBe(result.output);
  });

  it.skipIf(!kubectl)('agrees with kubectl on input and output (kubectl)', () => {
    const [before] = kubectlRead(text);
    const [after] = kubectlRead(harden(text, DEFAULT_OPTIONS).output);
    expect(before?.['spec'].volumes.map((volume: { name: string }) => volume.name)).toEqual(['b']);
    expect(after?.['spec'].volumes.map((volume: { name: string }) => volume.name)).toEqual(['b', 'serviceaccount-token']);
    expect(after?.['spec'].containers[0].volumeMounts.map((mount: { name: string }) => mount.name)).toEqual(['b', 'serviceaccount-token']);
    expect(checkPodSpec(after?.['spec'], DEFAULT_OPTIONS)).toEqual([]);
  });
});

describe('empty values', () => {
  it.each([
    ['no value', '  automountServiceAccountToken:\n', '  automountServiceAccountToken: false\n'],
    ['a comment after the colon', '  automountServiceAccountToken: # to do\n', '  automountServiceAccountToken: false # to do\n'],
    ['a tilde', '  automountServiceAccountToken: ~\n', '  automountServiceAccountToken: false\n'],
  ])('fills %s with a well-formed false', (_, line, expected) => {
    const { output, errors } = harden(pod(line + CONTAINERS), DEFAULT_OPTIONS);
    expect(errors).toEqual([]);
    expect(output).toContain(expected);
  });

  it('fills a ServiceAccount with an empty value', () => {
    const text = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: s\nautomountServiceAccountToken:\n';
    expect(harden(text, DEFAULT_OPTIONS).output).toBe(text.replace('Token:\n', 'Token: false\n'));
  });

  it.skipIf(!kubectl)('gives kubectl a readable false (kubectl)', () => {
    const { output } = harden(pod('  automountServiceAccountToken:\n' + CONTAINERS), DEFAULT_OPTIONS);
    expect(kubectlRead(output)[0]?.['spec'].automountServiceAccountToken).toBe(false);
  });
});

describe('placed where a reader expects it', () => {
  it('puts new keys after commented-out list items that close a block', () => {
    const text = pod('  containers:\n  - name: app\n    image: nginx\n    args:\n    - --a\n    # - --b\n    #   --c\n');
    const { output } = harden(text, DEFAULT_OPTIONS);
    expect(output).toContain('    - --a\n    # - --b\n    #   --c\n    volumeMounts:\n');
    // Uncommenting still extends args.
    const uncommented = output.replace('    # - --b\n', '    - --b\n');
    const [document] = parseAllDocuments(uncommented, KUBERNETES_YAML_OPTIONS) as unknown as [{ toJS(): any }];
    expect(document.toJS().spec.containers[0].args).toEqual(['--a', '--b']);
    expect(countRemovedLines(text, output)).toBe(0);
  });

  it('does not carry a shallower commented-out item into a deeper block', () => {
    const text = pod(
      '  containers:\n  - name: app\n    image: nginx\n  # - name: other\n  #   image: x\n  volumes:\n  - name: data\n    emptyDir: {}\n',
    );
    const { output } = harden(text, DEFAULT_OPTIONS);
    expect(output).toContain('    image: nginx\n    volumeMounts:\n');
    expect(output).toContain('      readOnly: true\n  # - name: other\n');
  });

  it('keeps a block scalar that ends the text without a line break at the end', () => {
    const text = pod('  containers:\n  - name: app\n    image: nginx\n    args:\n    - |\n      hello');
    const { output } = harden(text, DEFAULT_OPTIONS);
    expect(output.endsWith('    args:\n    - |\n      hello')).toBe(true);
    const [document] = parseAllDocuments(output, KUBERNETES_YAML_OPTIONS) as unknown as [{ toJS(): any }];
    expect(document.toJS().spec.containers[0].volumeMounts).toHaveLength(1);
    expect(harden(output, DEFAULT_OPTIONS).output).toBe(output);
    expect(countRemovedLines(text, output)).toBe(0);
  });
});

describe.skipIf(!kubectl || !hasCorpus)('kubectl reads the corpus output as hardened (kubectl)', () => {
  const files = corpusFiles().filter((file) => !isHelmTemplate(file.name) && file.name !== 'k8s-examples__etcd-controller.yaml');

  it.each(files.map((file) => [file.name, file.text] as const))('%s', (_, text) => {
    const result = harden(text, DEFAULT_OPTIONS);
    expect(result.errors).toEqual([]);
    let objects: Record<string, any>[];
    try {
      objects = kubectlRead(result.output);
    } catch {
      // kubectl refuses some corpus inputs itself (a partial object); then it must refuse the input too.
      expect(() => kubectlRead(text)).toThrow();
      return;
    }
    const accounts = new Map(
      objects.filter((object) => object['kind'] === 'ServiceAccount').map((object) => [object['metadata']?.name, object]),
    );
    for (const object of objects) {
      const spec = object['kind'] === 'Pod' ? object['spec'] : object['spec']?.template?.spec;
      if (!spec?.containers) continue;
      const account = accounts.get(spec.serviceAccountName ?? spec.serviceAccount ?? 'default');
      expect(checkPodSpec(spec, DEFAULT_OPTIONS, { serviceAccountAutomount: account?.automountServiceAccountToken })).toEqual([]);
    }
  });
});

if (scratch) process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));
