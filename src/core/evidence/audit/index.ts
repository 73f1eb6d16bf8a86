/** Audit logs: read every format clusters write, count requests per ServiceAccount, pod and workload, and write the least Role. */
export type { AuditEvent, ObjectRef, RequestIdentity } from './audit-event';
export { parseServiceAccountUsername } from './audit-event';
export type { DecodeOptions, RecordProblemCode } from './decode-record';
export type { SplitProblemCode } from './split-records';
export type { AuditTimeline } from './timeline';
export type {
  AccountActivity,
  AuditFileReader,
  AuditFileStats,
  AuditLogReader,
  AuditLogSummary,
  AuditProblem,
  AuditProblemCode,
  AuditReadOptions,
  OwnerLink,
  PodActivity,
} from './read-audit-log';
export { createAuditLogReader } from './read-audit-log';
export type {
  PodWorkloadResolver,
  WorkloadAttribution,
  WorkloadAuditActivity,
  WorkloadBasis,
  WorkloadPod,
  WorkloadRef,
} from './attribute-workloads';
export { addUsages, attributeToWorkloads, guessWorkloadOfPod } from './attribute-workloads';
export type { GeneratedRole, PolicyRule, RoleSubject } from './least-role';
export { generateLeastRoleYaml, leastRoles } from './least-role';
