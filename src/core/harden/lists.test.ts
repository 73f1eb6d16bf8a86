/**
 * Lists as kubectl reads them (issue 22, 2): any object with `items` is a list whose items kubectl
 * applies, and items that name no kind take the list's (`PodList` items are Pods). Checked against
 * kubectl's reading where it is installed.
 */
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { hasKubectl, readWithKubectl } from '../../test/kubectl';
import { checkPodSpec, DEFAULT_OPTIONS, harden, plainDocuments } from '../index';

const POD = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'app', image: 'nginx' }] } };
const BARE_POD = { metadata: { name: 'p' }, spec: { containers: [{ name: 'app', image: 'nginx' }] } };

const REFUSED: readonly [string, string][] = [
  ['a ConfigMap with items', stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, items: [POD] })],
  ['a Deployment with items', stringify({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, items: [BARE_POD] })],
  ['a kind without apiVersion with items', stringify({ kind: 'Wrapper', items: [POD] })],
  ['a ConfigMap with `items: null`', stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, items: null })],
  ['a List whose items are not a list', stringify({ apiVersion: 'v1', kind: 'List', items: 5 })],
  ['a List with an item that is not an object', stringify({ apiVersion: 'v1', kind: 'List', items: [5, POD] })],
];

describe('lists in disguise', () => {
  it.each(REFUSED)('refuses %s, at the `items` it has', (_, text) => {
    const { errors } = harden(text, DEFAULT_OPTIONS);
    expect(errors.map((error) => error.code)).toEqual(['list-items']);
    expect(errors[0]?.start.line).toBeGreaterThan(1);
  });

  it('says why an object of another kind with items is refused', () => {
    const [, text] = REFUSED[0] ?? ['', ''];
    expect(harden(text, DEFAULT_OPTIONS).errors[0]?.message).toContain('kubectl reads any object with one as a list');
  });

  it.each([
    ['PodList', { apiVersion: 'v1', kind: 'PodList', items: [BARE_POD] }, 'Pod/p'],
    [
      'DeploymentList',
      {
        apiVersion: 'apps/v1',
        kind: 'DeploymentList',
        items: [{ metadata: { name: 'd' }, spec: { template: { spec: { containers: [{ name: 'app', image: 'nginx' }] } } } }],
      },
      'Deployment/d',
    ],
  ] as const)('hardens the bare items of a %s as objects of its kind', (_, list, label) => {
    const result = harden(stringify(list), DEFAULT_OPTIONS);
    expect(result.errors).toEqual([]);
    expect(result.objects.map((workload) => workload.object)).toEqual([label]);
    expect(result.changes.some((change) => change.path.startsWith('items[0].'))).toBe(true);
  });

  it('reads the ServiceAccounts of a ServiceAccountList with bare items', () => {
    const accounts = { apiVersion: 'v1', kind: 'ServiceAccountList', items: [{ metadata: { name: 'web' } }] };
    const result = harden(stringify(accounts), DEFAULT_OPTIONS);
    expect(result.objects.map((workload) => workload.object)).toEqual(['ServiceAccount/web']);
    expect(
      (plainDocuments(result.output)[0] as { items: { automountServiceAccountToken: boolean }[] }).items[0]?.automountServiceAccountToken,
    ).toBe(false);
  });

  it('still reads a List inside a list (a ResourceList holding one)', () => {
    const text = stringify({
      apiVersion: 'config.kubernetes.io/v1',
      kind: 'ResourceList',
      items: [{ apiVersion: 'v1', kind: 'List', items: [POD] }],
    });
    const result = harden(text, DEFAULT_OPTIONS);
    expect(result.errors).toEqual([]);
    expect(result.objects.map((workload) => workload.object)).toEqual(['Pod/p']);
  });

  it.runIf(hasKubectl)(
    'matches kubectl: it applies the items of a ConfigMap, and reads bare PodList items as hardened Pods (kubectl)',
    () => {
      const bare = harden(stringify({ apiVersion: 'v1', kind: 'PodList', items: [BARE_POD] }), DEFAULT_OPTIONS).output;
      const [wrapped, hardened] = readWithKubectl([REFUSED[0]?.[1] ?? '', bare]);
      expect(wrapped && 'objects' in wrapped ? wrapped.objects.map((object) => (object as { kind: string }).kind) : []).toEqual(['Pod']);
      const pods = hardened && 'objects' in hardened ? (hardened.objects as { kind: string; spec: unknown }[]) : [];
      expect(pods.map((object) => object.kind)).toEqual(['Pod']);
      expect(checkPodSpec(pods[0]?.spec, DEFAULT_OPTIONS)).toEqual([]);
    },
  );
});
