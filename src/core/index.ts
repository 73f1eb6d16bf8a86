/** The core's one door: everything the page, the worker, the CLI and the tests use. */
export type { Change, Finding, FindingCode, HardenResult, InputError, InputFacts, LineMap, TextSpan, WorkloadReport } from './result';
export { inputLineOf, outputLineOf, outputLinesOf } from './line-map';
export type { ClusterDump, WorkloadKey } from './evidence/index';
export { DEFAULT_AUDIT_MIN_DAYS, formatWorkloadKey, readClusterDumps } from './evidence/index';
export { escapeForTerminal } from './source-text';
export { isRecord, parseManifest, plainDocuments, MAX_INPUT_BYTES } from './read/index';
export type {
  ApiAccess,
  HardenEvidence,
  HardenOptions,
  OptionGroup,
  OptionInput,
  OptionName,
  OptionProblem,
  OptionRow,
  WorkloadChoice,
} from './harden/index';
export {
  DEFAULT_MOUNT_PATH,
  DEFAULT_OPTIONS,
  MAX_WORKLOAD_CHOICES,
  OPTION_GROUPS,
  OPTION_TABLE,
  resolveOptions,
  validateOption,
  harden,
  HardenCache,
  checkPodSpec,
  checkServiceAccount,
  mayHoldToken,
  mergeOptionInput,
  readHardeningConfig,
} from './harden/index';
export type {
  OutputFormat,
  OutputFormatRow,
  OutputTab,
  KubernetesVersion,
  PolicyEvaluation,
  PolicyKind,
  PolicyProblem,
} from './outputs/index';
export {
  OUTPUT_FORMATS,
  OUTPUT_TABS,
  formatOutput,
  formatOutputChunks,
  isOutputFormat,
  ksv036Flagged,
  ksv036Note,
  functionConfigOf,
  runKrmFunction,
  exemptNamespaceOf,
  isJudgedByPolicy,
  LATEST_KUBERNETES_VERSION,
  POLICY_KINDS,
  mutatingEvaluation,
  parseKubernetesVersion,
  policyManifest,
  policyObjects,
  validatingEvaluation,
} from './outputs/index';
export type { AuditLogSummary, AuditTimeline } from './evidence/audit/index';
export { createAuditLogReader } from './evidence/audit/index';
