/** Everything made from a hardening result: the table of output formats, diff, JSON Patch, kustomize patches, change report, SARIF, annotations, the KRM function and the admission policies. */
export type { DiffLabels } from './unified-diff';
export { unifiedDiff } from './unified-diff';
export type { JsonPatchOperation } from './json-patch';
export { jsonPatchFor, jsonPatchesFor } from './json-patch';
export { kustomizeNotes, kustomizePatches } from './kustomize';
export type { ChangeReportJson } from './change-report';
export { changeReportJson, formatChangeReport } from './change-report';
export type { FormattedOutput, OutputFile, OutputFlags, OutputFormat, OutputFormatRow, OutputNote, OutputTab } from './formats';
export { OUTPUT_FORMATS, OUTPUT_TABS, formatOutput, formatOutputChunks, isOutputFormat, outputFileName, outputFormatRow } from './formats';
export type { WorkloadJson } from './workload-table';
export { formatWorkloadTable, workloadsJson } from './workload-table';
export type { ReportEntry, ReportFile, ReportTool, SarifLog } from './sarif';
export { CHECK_RULES, FINDING_RULES, README_URL, reportEntries, reportPath, sarifLog } from './sarif';
export { escapeCommandData, escapeCommandProperty, githubAnnotations } from './github-annotations';
export type { KrmOutcome, KrmResult } from './krm';
export { RESOURCE_LIST_API_VERSION, functionConfigOf, isResourceList, runKrmFunction } from './krm';
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
  exemptNamespaceOf,
  isJudgedByPolicy,
  LATEST_KUBERNETES_VERSION,
  POLICY_KINDS,
  mutatingEvaluation,
  parseKubernetesVersion,
  policyManifest,
  policyObjects,
  validatingEvaluation,
} from './policy/index';
export { isFlaggedByKsv036, ksv036Flagged, ksv036Note } from './scanners';
