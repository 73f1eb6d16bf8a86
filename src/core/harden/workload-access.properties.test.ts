import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readClusterDumps } from '../evidence/cluster-dump';
import { formatWorkloadKey } from '../evidence/workload-key';
import { plainDocuments } from '../read/parse';
import { harden } from './harden';
import { DEFAULT_OPTIONS, type HardenOptions } from './options';

const RUNS = Number(process.env['PROPERTY_RUNS'] ?? 150);

type Workload = { kind: 'Deployment' | 'StatefulSet' | 'CronJob' | 'Pod'; namespace: string | undefined; name: string; account: string };

function podSpec(account: string, indent: string): string {
  return `${indent}serviceAccountName: ${account}\n${indent}containers:\n${indent}  - name: app\n${indent}    image: example/app:1\n`;
}

function manifestOf(workload: Workload): string {
  const metadata = `metadata:\n  name: ${workload.name}\n${workload.namespace === undefined ? '' : `  namespace: ${workload.namespace}\n`}`;
  switch (workload.kind) {
    case 'Pod':
      return `apiVersion: v1\nkind: Pod\n${metadata}spec:\n${podSpec(workload.account, '  ')}`;
    case 'CronJob':
      return `apiVersion: batch/v1\nkind: CronJob\n${metadata}spec:\n  schedule: "0 * * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n${podSpec(workload.account, '          ')}`;
    default:
      return `apiVersion: apps/v1\nkind: ${workload.kind}\n${metadata}spec:\n  template:\n    spec:\n${podSpec(workload.account, '      ')}`;
  }
}

const workloadArb = fc.record({
  kind: fc.constantFrom('Deployment' as const, 'StatefulSet' as const, 'CronJob' as const, 'Pod' as const),
  namespace: fc.constantFrom('shop', 'ops', undefined),
  name: fc.constantFrom('web', 'api', 'worker'),
  account: fc.constantFrom('web', 'worker', 'default'),
});

/** Bundles whose workloads have distinct keys (one object given twice is not two workloads). */
const bundleArb = fc.uniqueArray(workloadArb, {
  minLength: 1,
  maxLength: 6,
  selector: (workload) => `${workload.kind}/${workload.namespace ?? ''}/${workload.name}`,
});

const label = (workload: Workload): string =>
  formatWorkloadKey({ kind: workload.kind, namespace: workload.namespace, name: workload.name });

describe('per-workload choices (properties)', () => {
  it('a --workload choice changes exactly the one object it names', () => {
    fc.assert(
      fc.property(
        bundleArb,
        fc.nat(),
        fc.constantFrom('mount' as const, 'none' as const),
        fc.constantFrom('mount' as const, 'none' as const),
        (bundle, pick, chosen, fallback) => {
          const text = bundle.map(manifestOf).join('---\n');
          const target = bundle[pick % bundle.length] as Workload;
          const base: HardenOptions = { ...DEFAULT_OPTIONS, apiAccess: fallback };
          const choice = {
            kind: target.kind,
            ...(target.namespace === undefined ? {} : { namespace: target.namespace }),
            name: target.name,
            apiAccess: chosen,
          };
          const plain = harden(text, base);
          const result = harden(text, { ...base, workloads: [choice] });
          expect(result.errors).toEqual([]);
          expect(result.workloads.map((report) => formatWorkloadKey(report.key))).toEqual(bundle.map(label));
          const before = plainDocuments(plain.output);
          const after = plainDocuments(result.output);
          bundle.forEach((workload, index) => {
            const report = result.workloads[index];
            if (workload === target) {
              expect(report).toMatchObject({ apiAccess: chosen, chosenBy: 'override' });
              expect(after[index]).toEqual(plainDocuments(harden(manifestOf(workload), { ...base, apiAccess: chosen }).output)[0]);
            } else {
              expect(report).toMatchObject({ apiAccess: fallback, chosenBy: 'default' });
              expect(after[index]).toEqual(before[index]);
            }
          });
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('auto never takes the token from a workload whose ServiceAccount a binding grants anything, from the input or a cluster dump', () => {
    const grants = [
      { apiGroups: [''], resources: ['configmaps'], verbs: ['get'] },
      { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
      { apiGroups: ['apps'], resources: ['deployments/scale'], verbs: ['patch'], resourceNames: ['web'] },
      { nonResourceURLs: ['/metrics'], verbs: ['get'] },
    ];
    fc.assert(
      fc.property(
        bundleArb.map((bundle) => bundle.map((workload) => ({ ...workload, namespace: 'shop' }))),
        fc.constantFrom('web', 'worker', 'default'),
        fc.constantFrom(...grants),
        fc.constantFrom('Role', 'ClusterRole'),
        fc.boolean(),
        (bundle, bound, rule, roleKind, inDump) => {
          const unique = bundle.filter((workload, index) => bundle.findIndex((other) => label(other) === label(workload)) === index);
          const role = `apiVersion: rbac.authorization.k8s.io/v1\nkind: ${roleKind}\nmetadata:\n  name: granted\n${roleKind === 'Role' ? '  namespace: shop\n' : ''}rules:\n  - ${JSON.stringify(rule)}\n`;
          const binding = `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: granted\n  namespace: shop\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ${roleKind}\n  name: granted\nsubjects:\n  - kind: ServiceAccount\n    name: ${bound}\n    namespace: shop\n`;
          const workloads = unique.map(manifestOf).join('---\n');
          const rbac = `${role}---\n${binding}`;
          const text = inDump ? workloads : `${workloads}---\n${rbac}`;
          const evidence = inDump ? { clusterDumps: [readClusterDumps([{ name: 'dump.yaml', text: rbac }])] } : undefined;
          const result = harden(text, { ...DEFAULT_OPTIONS, apiAccess: 'auto' }, evidence);
          expect(result.errors).toEqual([]);
          unique.forEach((workload, index) => {
            const report = result.workloads[index];
            if (workload.account !== bound) return;
            expect(report?.recommended).toBe('mount');
            expect(report?.apiAccess).toBe('mount');
          });
        },
      ),
      { numRuns: RUNS },
    );
  });
});
