/**
 * What the API server needs of a MutatingAdmissionPolicy and its binding before it runs any of
 * its CEL: it fails closed, it names its conditions and variables (each name non-empty and
 * unique, each variable it reads declared), every mutation is a JSON patch with an expression,
 * and the binding binds this policy where the validating policy's binding applies.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_MOUNT_PATH, DEFAULT_OPTIONS, type HardenOptions, policyObjects } from '../../index';
import { validOptions } from '../../../test/options';
import { isAtPathExpression } from './cel';
import { celLiteral } from './mutating';

type Named = { name: string; expression: string };

const CHOICES: readonly HardenOptions[] = [DEFAULT_OPTIONS, validOptions({ mountPath: '/var/run/secrets/tokens', apiAccess: 'none' })];

describe.each(CHOICES.map((options) => [options.mountPath, options] as const))('the mutating policy for %s', (_, options) => {
  const [policy, binding] = policyObjects('mutating', options).objects as any[];
  const [, validatingBinding] = policyObjects('validating', options).objects as any[];

  it('fails closed and runs once', () => {
    expect(policy.spec.failurePolicy).toBe('Fail');
    expect(policy.spec.reinvocationPolicy).toBe('Never');
  });

  it('names each condition and variable once, and reads only variables it declares', () => {
    const named: Named[] = [...policy.spec.matchConditions, ...policy.spec.variables];
    // A condition's name is a qualified name; a variable's is a CEL identifier (`variables.NAME`).
    for (const { name } of policy.spec.matchConditions) expect(name).toMatch(/^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/);
    for (const { name } of policy.spec.variables) expect(name).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
    for (const { expression } of named) expect(expression.trim()).not.toBe('');
    expect(new Set(named.map(({ name }) => name)).size).toBe(named.length);
    const declared = new Set(policy.spec.variables.map(({ name }: Named) => name));
    const texts = [
      ...named.map(({ expression }) => expression),
      ...policy.spec.mutations.map((mutation: any) => mutation.jsonPatch.expression),
    ];
    for (const text of texts) for (const [, used] of text.matchAll(/variables\.([A-Za-z_][\w]*)/g)) expect(declared).toContain(used);
  });

  it('mutates through JSON patches, each with its expression', () => {
    expect(policy.spec.mutations.length).toBeGreaterThan(0);
    for (const mutation of policy.spec.mutations) {
      expect(Object.keys(mutation)).toEqual(['patchType', 'jsonPatch']);
      expect(mutation.patchType).toBe('JSONPatch');
      expect(mutation.jsonPatch.expression).toMatch(/JSONPatch\{/);
    }
  });

  it('is bound by name, in the namespaces the validating policy applies to', () => {
    expect(binding.kind).toBe('MutatingAdmissionPolicyBinding');
    expect(binding.metadata.name).toBe(policy.metadata.name);
    expect(binding.spec.policyName).toBe(policy.metadata.name);
    expect(binding.spec.matchResources).toEqual({ namespaceSelector: validatingBinding.spec.matchResources.namespaceSelector });
  });

  it("counts the volumes at the API server's own path too when another mount path is chosen", () => {
    const limit = policy.spec.matchConditions.find(({ name }: Named) => name.endsWith('-volumes-at-the-token-path'));
    const standard = isAtPathExpression(DEFAULT_MOUNT_PATH);
    if (options.mountPath === DEFAULT_MOUNT_PATH) expect(limit.expression.split(standard)).toHaveLength(2);
    else expect(limit.expression).toContain(`|| (${standard} && v.projected.?sources.orValue([]).exists(s, has(s.serviceAccountToken)))`);
  });
});

it('writes plain values as CEL literals, null included', () => {
  expect(celLiteral({ a: [1, 'x', true, null] })).toBe('{"a": dyn([1, "x", true, null])}');
});
