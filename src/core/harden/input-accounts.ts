/**
 * The facts a pod spec's hardening reads from the whole input (SPEC §2.2): the ServiceAccounts and
 * the bindings defined anywhere in it, before or after the pod. Every read goes through
 * `InputAccounts`, so that a document's hardening can say which facts it depended on (harden-cache.ts).
 */
import { type Document, isMap } from 'yaml';
import { isListKind } from './pod-spec-paths';
import { eachItem } from '../read/json-parse';
import { isRecord, plainValue, resolveNode, seqAt, stringAt } from '../read/yaml-read';

/** A RoleBinding or ClusterRoleBinding: its label and the ServiceAccounts it binds. */
export type BindingInInput = {
  readonly label: string;
  readonly accounts: readonly { readonly name: string; readonly namespace: string | undefined }[];
};

/** A ServiceAccount defined in the input, as a plain value. */
export type AccountInInput = { readonly name: string; readonly namespace: string | undefined; readonly value: Record<string, unknown> };

export type AccountsAndBindings = { readonly accounts: readonly AccountInInput[]; readonly bindings: readonly BindingInInput[] };

/** What a pod spec asks of the whole input, each by ServiceAccount name and namespace. */
export type InputAccounts = {
  /**
   * `automountServiceAccountToken` of the ServiceAccount, when the input defines it: false only
   * when every definition that may be it says false.
   */
  automount(name: string, namespace: string | undefined): boolean | undefined;
  /** Whether the input defines the ServiceAccount. */
  isDefined(name: string, namespace: string | undefined): boolean;
  /** Whether a binding of the input names the ServiceAccount among its subjects. */
  isBound(name: string, namespace: string | undefined): boolean;
};

/** One question asked of `InputAccounts`, with its answer. */
export type AccountQuery = readonly [
  question: keyof InputAccounts,
  name: string,
  namespace: string | undefined,
  answer: boolean | undefined,
];

/** Whether a subject or definition names the ServiceAccount `name` (namespaces must match when both are known). */
export function sameAccount(
  subject: { name: string; namespace: string | undefined },
  name: string,
  namespace: string | undefined,
): boolean {
  return subject.name === name && (subject.namespace === undefined || namespace === undefined || subject.namespace === namespace);
}

/** The questions answered from the input's ServiceAccounts and bindings. */
export function inputAccounts({ accounts, bindings }: AccountsAndBindings): InputAccounts {
  return {
    automount(name, namespace) {
      const matching = accounts.filter((account) => sameAccount(account, name, namespace));
      if (matching.length === 0) return undefined;
      return matching.every((account) => account.value['automountServiceAccountToken'] === false) ? false : true;
    },
    isDefined: (name, namespace) => accounts.some((account) => sameAccount(account, name, namespace)),
    isBound: (name, namespace) => bindings.some((binding) => binding.accounts.some((subject) => sameAccount(subject, name, namespace))),
  };
}

/** The same questions, each asked and answered written down in `queries`. */
export function recordingAccounts(accounts: InputAccounts): { accounts: InputAccounts; queries: AccountQuery[] } {
  const queries: AccountQuery[] = [];
  const ask = (question: keyof InputAccounts, name: string, namespace: string | undefined): boolean | undefined => {
    const answer = accounts[question](name, namespace);
    queries.push([question, name, namespace, answer]);
    return answer;
  };
  return {
    queries,
    accounts: {
      automount: (name, namespace) => ask('automount', name, namespace),
      isDefined: (name, namespace) => ask('isDefined', name, namespace) === true,
      isBound: (name, namespace) => ask('isBound', name, namespace) === true,
    },
  };
}

/** Whether `accounts` answers every recorded question as it was answered then. */
export function answersAlike(accounts: InputAccounts, queries: readonly AccountQuery[]): boolean {
  return queries.every(([question, name, namespace, answer]) => accounts[question](name, namespace) === answer);
}

/** A document's own ServiceAccounts and bindings; a document reused by the page's cache is not read again. */
const perDocument = new WeakMap<Document.Parsed, AccountsAndBindings>();

/** ServiceAccounts and bindings anywhere in the input (lists included), read before any pod is hardened. */
export function gatherAccountsAndBindings(documents: readonly Document.Parsed[], source: string): AccountsAndBindings {
  const accounts: AccountInInput[] = [];
  const bindings: BindingInInput[] = [];
  for (const document of documents) {
    let found = perDocument.get(document);
    if (!found) {
      found = documentAccountsAndBindings(document, source);
      perDocument.set(document, found);
    }
    for (const account of found.accounts) accounts.push(account);
    for (const binding of found.bindings) bindings.push(binding);
  }
  return { accounts, bindings };
}

/**
 * Whether a text may hold a ServiceAccount or a binding: both kinds spell "ServiceAccount" (a
 * binding in its subjects), unless written with escapes. Other texts are not read for them.
 */
export function mayHoldAccountOrBinding(text: string): boolean {
  return text.includes('ServiceAccount') || text.includes('\\');
}

function documentAccountsAndBindings(document: Document.Parsed, source: string): AccountsAndBindings {
  const accounts: AccountInInput[] = [];
  const bindings: BindingInInput[] = [];
  if (!mayHoldAccountOrBinding(source.slice(document.range[0], document.range[2]))) return { accounts, bindings };
  const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
  const add = (kind: string, value: Record<string, unknown>): void => {
    const metadata = isRecord(value['metadata']) ? value['metadata'] : {};
    const name = text(metadata['name']);
    const namespace = text(metadata['namespace']);
    if (kind === 'ServiceAccount') {
      if (name !== undefined) accounts.push({ name, namespace, value });
      return;
    }
    const subjects = Array.isArray(value['subjects']) ? (value['subjects'] as unknown[]) : [];
    bindings.push({
      label: `${kind}/${namespace ? `${namespace}/` : ''}${name ?? '(unnamed)'}`,
      accounts: subjects.flatMap((subject) => {
        if (!isRecord(subject) || subject['kind'] !== 'ServiceAccount') return [];
        const subjectName = text(subject['name']);
        // A RoleBinding's subject without a namespace means the binding's own.
        const subjectNamespace = text(subject['namespace']) ?? (kind === 'RoleBinding' ? namespace : undefined);
        return subjectName === undefined ? [] : [{ name: subjectName, namespace: subjectNamespace }];
      }),
    });
  };
  // Kinds are read off the nodes: only the objects that are accounts or bindings are read whole
  // (a list of 10,000 pods is not turned into plain data to find none).
  const visit = (node: unknown, depth: number, origin?: { kind: string; apiVersion: string | undefined }): void => {
    const object = resolveNode(node, document);
    if (!isMap(object) || depth > 8) return;
    const ownKind = stringAt(object, 'kind', document);
    const ownApiVersion = stringAt(object, 'apiVersion', document);
    // A list's items that name neither take the list's kind and apiVersion (see `hardenList`).
    const inherits = origin !== undefined && ownKind === undefined && ownApiVersion === undefined;
    const kind = inherits ? origin.kind : ownKind;
    const apiVersion = inherits ? origin.apiVersion : ownApiVersion;
    const isAccount = kind === 'ServiceAccount' && apiVersion === 'v1';
    const isBinding = (kind === 'RoleBinding' || kind === 'ClusterRoleBinding') && apiVersion?.startsWith('rbac.authorization.k8s.io/');
    if (isAccount || isBinding) {
      const value = plainValue(object, document);
      if (isRecord(value)) add(kind, value);
      return;
    }
    if (kind === undefined || !isListKind(kind)) return;
    const items = seqAt(object, 'items', document);
    if (!items) return;
    // A `PodList`'s bare items are Pods, a `ServiceAccountList`'s ServiceAccounts.
    const itemOrigin = kind === 'List' ? undefined : { kind: kind.slice(0, -'List'.length), apiVersion };
    // A dump's pods are not read here, unless the list's kind makes its bare items accounts or bindings.
    eachItem(
      items,
      (item) => visit(item, depth + 1, itemOrigin),
      (text) => itemOrigin !== undefined || mayHoldAccountOrBinding(text),
    );
  };
  try {
    visit(document.contents, 0);
  } catch {
    // An alias bomb is reported when its document is hardened.
  }
  return { accounts, bindings };
}
