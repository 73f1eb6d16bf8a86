/**
 * Evidence about API use, per workload: cluster dumps read, workload keys and overrides, pod-spec
 * facts, RBAC, pods tied to their workloads, and the recommendation made from all of it.
 */
export type {
  AccountKey,
  ApiAccess,
  ApiUsage,
  AuditCoverage,
  AuditEvidence,
  EvidenceItem,
  EvidenceSource,
  Recommendation,
  WorkloadKey,
} from './types';
export type { ClusterDump, DumpFile, DumpProblem } from './cluster-dump';
export { readClusterDumps, readDumpFile } from './cluster-dump';
export type { KubeObject, PlacedObject } from './objects';
export { flattenObjects } from './objects';
export type { OverrideProblem, OverrideProblemCode, WorkloadOverride } from './workload-key';
export {
  applyOverrides,
  describeAccount,
  formatWorkloadKey,
  isSameAccount,
  isSameWorkload,
  parseWorkloadKey,
  parseWorkloadOverride,
  workloadKeyOf,
} from './workload-key';
export type { PodTemplate } from './workloads';
export type { ForeignToken, PodSpecFacts } from './pod-facts';
export { accountNameOf, podSpecFacts } from './pod-facts';
export type { BindingEvidence, RbacIndex, Rule, SourcedObject } from './rbac';
export { describeRules, indexRbac, isBaselineRule } from './rbac';
export type { PodWorkload, PodWorkloadResolver } from './pod-owners';
export { podWorkloadResolver } from './pod-owners';
export type { AccountEvidence, AccountUser, ClusterPod, Evidence, EvidenceInput, WorkloadEvidence } from './gather';
export { gatherEvidence } from './gather';
export type { RecommendOptions, WorkloadRecommendation } from './recommend';
export { DEFAULT_AUDIT_MIN_DAYS, describeCoverageGaps, recommendWorkloads } from './recommend';
