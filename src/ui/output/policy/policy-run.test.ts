import { describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS, LATEST_KUBERNETES_VERSION } from '../../../core/index';
import { type PolicyRequest, verdictRunner } from './policy-run';

const SEED = `apiVersion: v1
kind: Pod
metadata:
  name: foo-pod
spec:
  serviceAccountName: foo-sa
  containers:
    - name: foo
      image: nginx:1.27
`;

const HARDENED = `${SEED}  automountServiceAccountToken: false
`;

function request(id: number, change: Partial<PolicyRequest> = {}): PolicyRequest {
  return {
    id,
    kind: 'validating',
    version: LATEST_KUBERNETES_VERSION,
    source: SEED,
    hardened: HARDENED,
    options: DEFAULT_OPTIONS,
    ...change,
  };
}

describe('verdictRunner', () => {
  it('answers with the policy text and its verdict on input and output', () => {
    const reply = verdictRunner()(request(1));
    expect(reply.id).toBe(1);
    expect(reply.text).toContain('kind: ValidatingAdmissionPolicy');
    expect(reply.verdict).toBe('1 object would be denied: Pod/foo-pod (automount-on); the hardened manifest is admitted.');
  });

  it('does not call a kube-system workload denied: the binding it prints leaves kube-system alone', () => {
    const system = SEED.replace('  name: foo-pod\n', '  name: kube-proxy\n  namespace: kube-system\n');
    const reply = verdictRunner()(request(1, { source: `${SEED}---\n${system}`, hardened: HARDENED }));
    expect(reply.verdict).toBe(
      '1 object would be denied: Pod/foo-pod (automount-on); the hardened manifest is admitted. Not judged, as the binding leaves its namespace alone: Pod/kube-proxy in kube-system.',
    );
  });

  it('evaluates again only when the texts or options change, not the kind', () => {
    let evaluations = 0;
    const run = verdictRunner(() => (evaluations += 1));
    run(request(1));
    expect(run(request(2, { kind: 'kyverno' })).text).toContain('kind: ValidatingPolicy');
    expect(evaluations).toBe(1);
    run(request(3, { source: HARDENED }));
    expect(evaluations).toBe(2);
  });

  it('says why a mutating policy cannot be made for an old cluster', () => {
    const reply = verdictRunner()(request(1, { kind: 'mutating', version: { major: 1, minor: 33 } }));
    expect(reply.text).toBe('');
    expect(reply.problems.map((problem) => problem.code)).toEqual(['unsupported-kubernetes-version']);
  });
});
