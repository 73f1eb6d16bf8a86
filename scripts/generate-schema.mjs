#!/usr/bin/env node
// Builds the Kubernetes JSON schema the editor bundles (completion, hover and validation offline)
// from the `kubernetes-types` declarations, trimmed to the kinds this project handles.
// Usage: node scripts/generate-schema.mjs  (writes src/ui/editor/kubernetes-schema.json)
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createGenerator } from 'ts-json-schema-generator';

const root = fileURLToPath(new URL('..', import.meta.url));
const entry = fileURLToPath(new URL('./kubernetes-schema-entry.ts', import.meta.url));
const target = fileURLToPath(new URL('../src/ui/editor/kubernetes-schema.json', import.meta.url));

const generator = createGenerator({
  path: entry,
  tsconfig: `${root}tsconfig.json`,
  type: 'KubernetesObject',
  expose: 'export',
  topRef: true,
  jsDoc: 'extended',
  skipTypeCheck: true,
  additionalProperties: false,
});
const schema = generator.createSchema('KubernetesObject');

/** Kubernetes reads quantities (`cpu: 1`, `memory: 512`) as numbers too; its Go types accept both. */
const NUMBER_OR_STRING = { anyOf: [{ type: 'string' }, { type: 'number' }] };

function visit(node, key) {
  if (Array.isArray(node)) return node.map((item) => visit(item, key));
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [name, value] of Object.entries(node)) {
    if (name === 'description' && typeof value === 'string') {
      // Links to the API conventions are noise in an editor hover.
      out[name] = value.replace(/\s*More info: \S+/g, '').trim();
      continue;
    }
    out[name] = visit(value, name);
  }
  return out;
}

const definitions = visit(schema.definitions ?? {});
if (definitions.Quantity) {
  definitions.Quantity = {
    ...NUMBER_OR_STRING,
    description: definitions.Quantity.description?.split('\n')[0] ?? 'A quantity such as 500m, 1Gi or 2.',
  };
}
// `kubectl create --dry-run -o yaml` prints `creationTimestamp: null`.
if (definitions.Time) definitions.Time = { ...definitions.Time, type: ['string', 'null'] };
// `number | string` fields (IntOrString) come out as `type: [number, string]` already; make every
// `kind` a required constant so the editor picks the right object kind for validation.
for (const definition of Object.values(definitions)) {
  const kind = definition?.properties?.kind;
  if (kind && (kind.const !== undefined || kind.enum?.length === 1)) {
    definition.required = [...new Set([...(definition.required ?? []), 'kind'])];
  }
}

// Each kind validates against its own definition, chosen by `kind` (if/then), so the editor
// reports the real mistake instead of "matches none of eleven kinds". Other kinds (Service,
// ConfigMap, CRDs…) pass unvalidated: the editor must not flag what we do not know.
const kinds = [];
const branches = [];
for (const { $ref } of definitions.KubernetesObject.anyOf) {
  const kind = definitions[$ref.replace('#/definitions/', '')]?.properties?.kind?.const;
  if (typeof kind !== 'string') throw new Error(`no kind constant in ${$ref}`);
  kinds.push(kind);
  branches.push({ if: { properties: { kind: { const: kind } }, required: ['kind'] }, then: { $ref } });
}
definitions.KubernetesObject = {
  type: 'object',
  properties: {
    apiVersion: { type: 'string', description: 'The API group and version of the object, such as v1 or apps/v1.' },
    // An enum would refuse other kinds; anyOf keeps completion of ours while accepting any.
    kind: { anyOf: [{ enum: kinds }, { type: 'string' }], description: 'The kind of object.' },
  },
  allOf: branches,
};

const output = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Kubernetes workload objects',
  description: 'Pods, workloads that carry a pod template, ServiceAccounts and Lists (from kubernetes-types).',
  $ref: '#/definitions/KubernetesObject',
  definitions,
};
writeFileSync(target, JSON.stringify(output) + '\n');
console.log(`wrote ${target} (${Object.keys(definitions).length} definitions, ${JSON.stringify(output).length} bytes)`);
