/**
 * Which Kubernetes versions have which policy, how a version is read, and how a policy is laid
 * out as YAML (lists of plain values on one line, CEL in literal blocks, anything outside
 * printable ASCII in double quotes).
 */
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { DEFAULT_OPTIONS, parseKubernetesVersion, policyManifest, policyObjects } from '../../index';
import { validOptions } from '../../../test/options';
import { validatingEvaluation } from '.';

describe('Kubernetes versions', () => {
  it('reads X.Y, vX.Y and X.Y.Z, spaces around, and nothing else', () => {
    expect(parseKubernetesVersion(' v1.34 ')).toEqual({ major: 1, minor: 34 });
    expect(parseKubernetesVersion('1.36.12345')).toEqual({ major: 1, minor: 36 });
    expect(parseKubernetesVersion('100.200')).toEqual({ major: 100, minor: 200 });
    for (const raw of ['x1.34', '1.34x', '1.34.123456', '1.34.', '1', '1000.1', '1.1000'])
      expect(parseKubernetesVersion(raw), raw).toBeUndefined();
  });

  it('has the mutating policy from 1.34 (v1beta1) and as v1 from 1.36, for any later major version too', () => {
    const apiVersion = (major: number, minor: number) => {
      const { objects, problems } = policyObjects('mutating', DEFAULT_OPTIONS, { major, minor });
      return problems.length > 0 ? problems[0]?.code : objects[0]?.['apiVersion'];
    };
    expect(apiVersion(0, 99)).toBe('unsupported-kubernetes-version');
    expect(apiVersion(1, 33)).toBe('unsupported-kubernetes-version');
    expect(apiVersion(1, 34)).toBe('admissionregistration.k8s.io/v1beta1');
    expect(apiVersion(1, 35)).toBe('admissionregistration.k8s.io/v1beta1');
    expect(apiVersion(1, 36)).toBe('admissionregistration.k8s.io/v1');
    expect(apiVersion(2, 0)).toBe('admissionregistration.k8s.io/v1');
  });

  it('a validating policy only validates: it has no patches', () => {
    expect(validatingEvaluation(DEFAULT_OPTIONS).patches).toEqual([]);
  });
});

describe('the YAML of a policy', () => {
  const text = policyManifest('validating', validOptions({ audience: 'véa' })).text;

  it('writes lists of plain values on one line and CEL in literal blocks, never folded', () => {
    expect(text).toContain('operations: [ CREATE, UPDATE ]');
    expect(text).toMatch(/expression: \|-\n/);
    for (const line of text.split('\n')) expect(line).not.toMatch(/^\s+[^#\s].*\s>-?$/);
    const [policy] = parseAllDocuments(text).map((document) => document.toJS());
    const longest = Math.max(
      ...policy.spec.validations.map((validation: { expression: string }) =>
        Math.max(...validation.expression.split('\n').map((line) => line.length)),
      ),
    );
    // One CEL line longer than any folding width comes out whole.
    expect(longest).toBeGreaterThan(120);
    expect(text.split('\n').some((line) => line.length > 120)).toBe(true);
  });

  it('is printable ASCII throughout, for an audience that is not', () => {
    expect(text).toContain('v\\u00e9a');
    expect(text).toMatch(/^[\x20-\x7e\n]*$/);
  });
});
