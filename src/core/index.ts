/** The core's one door: everything the page, the worker, the CLI and the tests use. */
export type { ApiAccess, HardenOptions, OptionInput, OptionName, OptionProblem } from './options';
export {
  DEFAULT_MOUNT_PATH,
  DEFAULT_OPTIONS,
  MAX_EXPIRATION_SECONDS,
  MIN_EXPIRATION_SECONDS,
  OPTION_LABELS,
  formatFileMode,
  parseFileMode,
  resolveOptions,
  validateOption,
} from './options';
export type { Change, ErrorCode, Finding, FindingCode, HardenResult, InputError, SourcePosition, Workload } from './result';
export { harden } from './harden';
export type { CheckContext, CheckProblem, CheckProblemCode } from './check';
export { API_DEFAULT_EXPIRATION_SECONDS, API_DEFAULT_MODE, checkPodSpec, checkServiceAccount, mayHoldToken } from './check';
export { KUBERNETES_YAML_OPTIONS, parseManifest, plainDocuments } from './parse';
export type { DiffLabels } from './unified-diff';
export { unifiedDiff } from './unified-diff';
export type { JsonPatchOperation } from './json-patch';
export { jsonPatchFor, jsonPatchesFor } from './json-patch';
export { kustomizeNotes, kustomizePatches } from './kustomize';
export type { ChangeReportJson } from './change-report';
export { changeReportJson, formatChangeReport } from './change-report';
export type {
  KubernetesVersion,
  NamedExpression,
  PolicyEvaluation,
  PolicyKind,
  PolicyProblem,
  PolicyResult,
  PolicyValidation,
} from './policy/index';
export {
  isJudgedByPolicy,
  LATEST_KUBERNETES_VERSION,
  POLICY_KINDS,
  mutatingEvaluation,
  parseKubernetesVersion,
  policyManifest,
  policyObjects,
  validatingEvaluation,
} from './policy/index';
