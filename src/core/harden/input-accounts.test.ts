import { describe, expect, it } from 'vitest';
import { parseJsonDocument } from '../read/json-parse';
import { parseManifestFully } from '../read/parse';
import {
  answersAlike,
  gatherAccountsAndBindings,
  inputAccounts,
  mayHoldAccountOrBinding,
  recordingAccounts,
  sameAccount,
} from './input-accounts';

/** The ServiceAccounts and bindings of a YAML stream, as the hardening reads them. */
function gather(source: string) {
  return gatherAccountsAndBindings(parseManifestFully(source).documents, source);
}

/** The same from one JSON document whose root items are read lazily, as a cluster dump is. */
function gatherJson(value: unknown) {
  const source = JSON.stringify(value, null, 2);
  const document = parseJsonDocument(source, { lazyItems: true });
  if (!document) throw new Error('not JSON');
  return gatherAccountsAndBindings([document], source);
}

const names = (found: ReturnType<typeof gather>) => ({
  accounts: found.accounts.map((account) => `${account.namespace ?? '-'}/${account.name}`),
  bindings: found.bindings.map(
    (binding) => `${binding.label}: ${binding.accounts.map((s) => `${s.namespace ?? '-'}/${s.name}`).join(' ')}`,
  ),
});

describe('a ServiceAccount named by a subject or a pod', () => {
  it('is the same when the names match and the namespaces do, or one is unknown', () => {
    expect(sameAccount({ name: 'a', namespace: 'x' }, 'a', 'x')).toBe(true);
    expect(sameAccount({ name: 'a', namespace: undefined }, 'a', 'x')).toBe(true);
    expect(sameAccount({ name: 'a', namespace: 'x' }, 'a', undefined)).toBe(true);
    expect(sameAccount({ name: 'a', namespace: 'x' }, 'a', 'y')).toBe(false);
    expect(sameAccount({ name: 'a', namespace: undefined }, 'b', undefined)).toBe(false);
  });
});

describe("the input's answers", () => {
  const answers = inputAccounts(
    gather(`apiVersion: v1
kind: ServiceAccount
metadata: {name: quiet, namespace: x}
automountServiceAccountToken: false
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: twice, namespace: x}
automountServiceAccountToken: false
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: twice}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: b, namespace: x}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r}
subjects:
  - {kind: User, name: quiet}
  - {kind: ServiceAccount, name: bound}
  - {kind: ServiceAccount, name: also-bound}
`),
  );

  it('automount is false only when every definition that may be the ServiceAccount says false', () => {
    expect(answers.automount('quiet', 'x')).toBe(false);
    expect(answers.automount('twice', 'x')).toBe(true);
    expect(answers.automount('twice', 'y')).toBe(true);
    expect(answers.automount('quiet', 'y')).toBeUndefined();
    expect(answers.automount('nobody', 'x')).toBeUndefined();
  });

  it('a ServiceAccount is defined by its own object, bound by a ServiceAccount subject of any binding', () => {
    expect(answers.isDefined('quiet', 'x')).toBe(true);
    expect(answers.isDefined('bound', 'x')).toBe(false);
    expect(answers.isBound('bound', 'x')).toBe(true);
    expect(answers.isBound('bound', 'y')).toBe(false);
    // A User subject of the same name is not the ServiceAccount.
    expect(answers.isBound('quiet', 'x')).toBe(false);
  });

  it('records each question with its answer, and knows when another input answers alike', () => {
    const recording = recordingAccounts(answers);
    expect(recording.accounts.automount('quiet', 'x')).toBe(false);
    expect(recording.accounts.isDefined('nobody', undefined)).toBe(false);
    expect(recording.accounts.isBound('bound', 'x')).toBe(true);
    expect(recording.queries).toEqual([
      ['automount', 'quiet', 'x', false],
      ['isDefined', 'nobody', undefined, false],
      ['isBound', 'bound', 'x', true],
    ]);
    expect(answersAlike(answers, recording.queries)).toBe(true);
    const without = inputAccounts(gather('apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: quiet, namespace: x}\n'));
    expect(answersAlike(without, recording.queries)).toBe(false);
  });
});

describe('ServiceAccounts and bindings found in the input', () => {
  it('only the v1 ServiceAccount and the rbac.authorization.k8s.io bindings, named, with their subjects', () => {
    const found = gather(`apiVersion: v2
kind: ServiceAccount
metadata: {name: not-v1}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: "", namespace: x}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: sa, namespace: ""}
---
apiVersion: example.com/v1
kind: RoleBinding
metadata: {name: other-group}
subjects: [{kind: ServiceAccount, name: sa}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: rb, namespace: x}
subjects:
  - {kind: ServiceAccount, name: own}
  - {kind: ServiceAccount, name: there, namespace: other}
  - {kind: ServiceAccount, name: empty-namespace, namespace: ""}
  - {kind: ServiceAccount}
  - {kind: Group, name: system:serviceaccounts}
  - just a string
---
apiVersion: rbac.authorization.k8s.io/v1beta1
kind: ClusterRoleBinding
metadata: {name: crb, namespace: ignored}
subjects: [{kind: ServiceAccount, name: anywhere}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
subjects: {kind: ServiceAccount, name: not-a-list}
`);
    expect(names(found)).toEqual({
      accounts: ['-/sa'],
      bindings: [
        'RoleBinding/x/rb: x/own other/there x/empty-namespace',
        'ClusterRoleBinding/ignored/crb: -/anywhere',
        'ClusterRoleBinding/(unnamed): ',
      ],
    });
  });

  it('in lists: the items of a List by their own kinds, the bare items of a typed list by its kind', () => {
    const found = gather(`apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: ServiceAccount
    metadata: {name: in-list}
  - metadata: {name: bare-in-list}
  - apiVersion: v1
    kind: ServiceAccountList
    items:
      - metadata: {name: bare, namespace: x}
        automountServiceAccountToken: false
      - kind: Pod
        apiVersion: v1
        metadata: {name: a-pod}
      - kind: Pod
        metadata: {name: a-pod-without-version}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBindingList
items:
  - metadata: {name: rb, namespace: x}
    subjects: [{kind: ServiceAccount, name: web}]
  - apiVersion: v1
    metadata: {name: own-version, namespace: x}
    subjects: [{kind: ServiceAccount, name: web}]
`);
    expect(names(found)).toEqual({ accounts: ['-/in-list', 'x/bare'], bindings: ['RoleBinding/x/rb: x/web'] });
    expect(inputAccounts(found).automount('bare', 'x')).toBe(false);
  });

  it('in a JSON dump read lazily, the bare items of a typed list too, and kinds written with escapes', () => {
    const found = gatherJson({
      apiVersion: 'v1',
      kind: 'ServiceAccountList',
      // Nothing in the item spells the kind.
      items: [{ metadata: { name: 'bare', namespace: 'x' } }],
    });
    expect(names(found).accounts).toEqual(['x/bare']);
    const source = JSON.stringify({
      apiVersion: 'v1',
      kind: 'List',
      items: [
        { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } },
        { apiVersion: 'v1', kind: 'SERVICE_ACCOUNT', metadata: { name: 'escaped' } },
      ],
    }).replace('SERVICE_ACCOUNT', '\\u0053erviceAccount');
    const document = parseJsonDocument(source, { lazyItems: true });
    expect(document && names(gatherAccountsAndBindings([document], source)).accounts).toEqual(['-/escaped']);
  });

  it('lists nested up to eight deep', () => {
    const nested = (depth: number): unknown =>
      depth === 0
        ? { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'deep' } }
        : { apiVersion: 'v1', kind: 'List', items: [nested(depth - 1)] };
    expect(gatherJson(nested(8)).accounts.map((account) => account.name)).toEqual(['deep']);
    expect(gatherJson(nested(9)).accounts).toEqual([]);
  });
});

describe('what is read for accounts and bindings', () => {
  it('a text that spells the kind, or may spell it with an escape', () => {
    expect(mayHoldAccountOrBinding('kind: ServiceAccount')).toBe(true);
    expect(mayHoldAccountOrBinding('"kind": "\\u0053erviceAccount"')).toBe(true);
    expect(mayHoldAccountOrBinding('kind: Pod\nspec: {serviceAccountName: web}')).toBe(false);
  });

  it('a document once: read again, it gives the same objects', () => {
    const source = 'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: web}\n';
    const documents = parseManifestFully(source).documents;
    const [first] = gatherAccountsAndBindings(documents, source).accounts;
    const [again] = gatherAccountsAndBindings(documents, source).accounts;
    expect(again?.value).toBe(first?.value);
  });
});
