/** The core's one door: everything the page, the worker, the CLI and the tests use. */
export type { ApiAccess, HardenOptions, OptionInput, OptionKind, OptionName, OptionProblem, OptionRow } from './options';
export {
  DEFAULT_MOUNT_PATH,
  DEFAULT_OPTIONS,
  MAX_EXPIRATION_SECONDS,
  MIN_EXPIRATION_SECONDS,
  OPTION_TABLE,
  decimalModeHint,
  formatFileMode,
  optionRow,
  parseFileMode,
  resolveOptions,
  validateOption,
} from './options';
export type { Change, ErrorCode, Finding, FindingCode, HardenResult, InputError, SourcePosition, Workload } from './result';
export { harden } from './harden';
export type { CheckContext, CheckProblem, CheckProblemCode } from './check';
export { API_DEFAULT_EXPIRATION_SECONDS, API_DEFAULT_MODE, checkPodSpec, checkServiceAccount, mayHoldToken } from './check';
export { isRecord } from './yaml-read';
export type { LineRange } from './source-text';
export { KUBERNETES_YAML_OPTIONS, parseManifest, plainDocuments } from './parse';
export { escapeForTerminal } from './source-text';
export { MAX_INPUT_BYTES } from './input-errors';
export type { DiffLabels } from './unified-diff';
export { unifiedDiff } from './unified-diff';
export type { JsonPatchOperation } from './json-patch';
export { jsonPatchFor, jsonPatchesFor } from './json-patch';
export { kustomizeNotes, kustomizePatches } from './kustomize';
export type { ChangeReportJson } from './change-report';
export { changeReportJson, formatChangeReport } from './change-report';
export type { FormattedOutput, OutputFile, OutputFlags, OutputFormat, OutputFormatRow, OutputNote, OutputTab } from './outputs';
export { OUTPUT_FORMATS, OUTPUT_TABS, formatOutput, isOutputFormat, outputFileName, outputFormatRow } from './outputs';
export type { ReportEntry, ReportFile, ReportTool, SarifLog } from './sarif';
export { CHECK_RULES, FINDING_RULES, README_URL, reportEntries, reportPath, sarifLog } from './sarif';
export { escapeCommandData, escapeCommandProperty, githubAnnotations } from './github-annotations';
export type { ConfigProblem, ConfigProblemCode, ConfigRead } from './hardening-config';
export {
  HARDENING_CONFIG_API_VERSION,
  HARDENING_CONFIG_KIND,
  mergeOptionInput,
  readConfigNode,
  readHardeningConfig,
} from './hardening-config';
export type { KrmOutcome, KrmResult } from './krm';
export { RESOURCE_LIST_API_VERSION, isResourceList, runKrmFunction } from './krm';
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
