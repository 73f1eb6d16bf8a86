/** Kyverno's CEL policies (`policies.kyverno.io/v1`, GA in Kyverno 1.18): the same CEL as the admission policies. */
import type { HardenOptions } from '../../harden/options';
import { mutatingEvaluation } from './mutating';
import { HAS_POD_SPEC, namespaceSelector, POLICY_NAME, policyValidations, policyVariables, workloadResourceRules } from './validating';

/** A Kyverno ValidatingPolicy and MutatingPolicy with the validating and mutating policies' CEL. */
export function kyvernoPolicies(options: HardenOptions, annotations: Record<string, string>): Record<string, unknown>[] {
  const mutating = mutatingEvaluation(options);
  return [
    {
      apiVersion: 'policies.kyverno.io/v1',
      kind: 'ValidatingPolicy',
      metadata: { name: POLICY_NAME, annotations },
      spec: {
        validationActions: ['Deny'],
        failurePolicy: 'Fail',
        matchConstraints: { resourceRules: workloadResourceRules(), namespaceSelector: namespaceSelector() },
        matchConditions: [HAS_POD_SPEC],
        variables: policyVariables(),
        validations: policyValidations(options).map(({ expression, message }) => ({ expression, message })),
      },
    },
    {
      apiVersion: 'policies.kyverno.io/v1',
      kind: 'MutatingPolicy',
      metadata: { name: POLICY_NAME, annotations },
      spec: {
        failurePolicy: 'Fail',
        // The policy matches Pods alone, which would make Kyverno derive variants for the pod
        // controllers; their templates never carry the injected token, so none is needed.
        autogen: { podControllers: { controllers: [] } },
        matchConstraints: {
          resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['pods'] }],
          namespaceSelector: namespaceSelector(),
        },
        matchConditions: mutating.matchConditions,
        variables: mutating.variables,
        mutations: mutating.patches.map((expression) => ({ patchType: 'JSONPatch', jsonPatch: { expression } })),
      },
    },
  ];
}
