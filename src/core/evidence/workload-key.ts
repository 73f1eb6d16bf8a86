/**
 * Workload keys (`KIND/NAMESPACE/NAME`, or `KIND/NAME` for an object without a namespace): how
 * they are written, how `--workload KEY=mount|none` overrides are read, and which workload of the
 * input an override names.
 */
import { POD_SPEC_LOCATIONS } from '../harden/pod-spec-paths';
import { isSameNamespace } from './objects';
import type { AccountKey, ApiAccess, WorkloadKey } from './types';

/** Why an override or a key was refused. */
export type OverrideProblemCode =
  | 'override-syntax'
  | 'unknown-kind'
  | 'invalid-namespace'
  | 'invalid-name'
  | 'invalid-access'
  | 'no-such-workload'
  | 'conflicting-overrides';

export type OverrideProblem = { readonly code: OverrideProblemCode; readonly message: string };

/** One workload's API access chosen by hand. */
export type WorkloadOverride = { readonly key: WorkloadKey; readonly apiAccess: ApiAccess };

type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: OverrideProblem };

const SYNTAX = 'KIND/NAMESPACE/NAME=mount|none (KIND/NAME=… for an object without a namespace)';
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** How many workloads an error lists before it counts the rest. */
const LISTED = 12;

/** kubectl's short names for the kinds that have them. */
const SHORT_NAMES: Readonly<Record<string, string>> = {
  po: 'Pod',
  deploy: 'Deployment',
  rs: 'ReplicaSet',
  sts: 'StatefulSet',
  ds: 'DaemonSet',
  rc: 'ReplicationController',
  cj: 'CronJob',
  ro: 'Rollout',
  dc: 'DeploymentConfig',
};

const KINDS = Object.keys(POD_SPEC_LOCATIONS);

/** `Kind/namespace/name`, or `Kind/name` without a namespace: the label the hardening gives objects too. */
export function formatWorkloadKey(key: WorkloadKey): string {
  return key.namespace === undefined ? `${key.kind}/${key.name}` : `${key.kind}/${key.namespace}/${key.name}`;
}

/** `"name"` or `"name" in namespace "ns"`, as a sentence names a ServiceAccount. */
export function describeAccount(key: AccountKey): string {
  return key.namespace === undefined ? `"${key.name}"` : `"${key.name}" in namespace "${key.namespace}"`;
}

/** Whether two keys may name the same workload: same kind and name, namespaces equal or one unknown. */
export function isSameWorkload(left: WorkloadKey, right: WorkloadKey): boolean {
  return left.kind === right.kind && left.name === right.name && isSameNamespace(left.namespace, right.namespace);
}

/** Whether two keys may name the same ServiceAccount: same name, namespaces equal or one unknown. */
export function isSameAccount(left: AccountKey, right: AccountKey): boolean {
  return left.name === right.name && isSameNamespace(left.namespace, right.namespace);
}

/** The kind a user means: `Deployment`, `deployment`, `deployments` and `deploy` all name Deployment. */
function canonicalKind(raw: string): string | undefined {
  const lower = raw.toLowerCase();
  return SHORT_NAMES[lower] ?? KINDS.find((kind) => kind.toLowerCase() === lower || `${kind.toLowerCase()}s` === lower);
}

/** Checks the parts of a key as Kubernetes names them (also for a config's `spec.workloads` entries). */
export function workloadKeyOf(kind: string, namespace: string | undefined, name: string): Parsed<WorkloadKey> {
  const known = canonicalKind(kind);
  if (known === undefined) {
    return refuse('unknown-kind', `"${kind}" is not a kind that carries a pod spec (${KINDS.join(', ')})`);
  }
  if (namespace !== undefined && !(namespace.length <= 63 && DNS1123_LABEL.test(namespace))) {
    return refuse(
      'invalid-namespace',
      `"${namespace}" is not a namespace name: lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters`,
    );
  }
  if (!(name.length <= 253 && DNS1123_SUBDOMAIN.test(name))) {
    return refuse(
      'invalid-name',
      `"${name}" is not an object name: lowercase letters, digits, "-" and ".", starting and ending with a letter or digit, at most 253 characters`,
    );
  }
  return { ok: true, value: { kind: known, namespace, name } };
}

/** Reads `KIND/NAMESPACE/NAME` or `KIND/NAME`. */
export function parseWorkloadKey(text: string): Parsed<WorkloadKey> {
  const parts = text.trim().split('/');
  if (parts.length === 2 && parts[0] && parts[1]) return workloadKeyOf(parts[0], undefined, parts[1]);
  if (parts.length === 3 && parts[0] && parts[1] && parts[2]) return workloadKeyOf(parts[0], parts[1], parts[2]);
  return refuse(
    'override-syntax',
    `"${text}" is not a workload: write KIND/NAMESPACE/NAME, or KIND/NAME for an object without a namespace`,
  );
}

/** Reads one `--workload KIND/NAMESPACE/NAME=mount|none`. */
export function parseWorkloadOverride(text: string): Parsed<WorkloadOverride> {
  const equals = text.lastIndexOf('=');
  if (equals === -1) return refuse('override-syntax', `"${text}" has no "=": write ${SYNTAX}`);
  const access = text.slice(equals + 1).trim();
  if (access !== 'mount' && access !== 'none') {
    return refuse('invalid-access', `"${text}": the API access must be "mount" (mount the token) or "none" (no token), not "${access}"`);
  }
  const key = parseWorkloadKey(text.slice(0, equals));
  return key.ok ? { ok: true, value: { key: key.value, apiAccess: access } } : key;
}

/**
 * The API access each override gives, aligned with `workloads` (undefined: no override). An
 * override names one workload exactly (a key without a namespace names an object without one);
 * one that names nothing, or two that disagree about one workload, are problems.
 */
export function applyOverrides(
  overrides: readonly WorkloadOverride[],
  workloads: readonly WorkloadKey[],
): { readonly access: readonly (ApiAccess | undefined)[]; readonly problems: readonly OverrideProblem[] } {
  const access: (ApiAccess | undefined)[] = workloads.map(() => undefined);
  const problems: OverrideProblem[] = [];
  const labels = [...new Set(workloads.map(formatWorkloadKey))];
  for (const override of overrides) {
    const label = formatWorkloadKey(override.key);
    const indexes = workloads.flatMap((workload, index) => (formatWorkloadKey(workload) === label ? [index] : []));
    if (indexes.length === 0) {
      problems.push({ code: 'no-such-workload', message: noSuchWorkload(override.key, workloads, labels) });
      continue;
    }
    for (const index of indexes) {
      if (access[index] !== undefined && access[index] !== override.apiAccess) {
        problems.push({
          code: 'conflicting-overrides',
          message: `${label} is given both "${access[index]}" and "${override.apiAccess}": choose one`,
        });
      }
      access[index] = override.apiAccess;
    }
  }
  return { access, problems: dedupe(problems) };
}

function noSuchWorkload(key: WorkloadKey, workloads: readonly WorkloadKey[], labels: readonly string[]): string {
  const label = formatWorkloadKey(key);
  if (labels.length === 0) return `${label} names no workload: the input has none`;
  const near = workloads.find((workload) => workload.kind === key.kind && workload.name === key.name);
  const hint = near ? ` (did you mean ${formatWorkloadKey(near)}?)` : '';
  const listed = labels.slice(0, LISTED).join(', ');
  const more = labels.length > LISTED ? ` and ${labels.length - LISTED} more` : '';
  return `${label} names no workload in the input${hint}; it has ${listed}${more}`;
}

function dedupe(problems: readonly OverrideProblem[]): OverrideProblem[] {
  return problems.filter((problem, index) => problems.findIndex((other) => other.message === problem.message) === index);
}

function refuse<T>(code: OverrideProblemCode, message: string): Parsed<T> {
  return { ok: false, problem: { code, message } };
}
