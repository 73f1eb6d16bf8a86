/**
 * The per-workload API access the form holds (`fields.workloads`, what `--workload` and a link
 * carry): a choice is kept only where it differs from the default, so a link stays short and a
 * workload set back to the default follows the default again.
 */
import {
  formatWorkloadKey,
  MAX_WORKLOAD_CHOICES,
  type ApiAccess,
  type WorkloadChoice,
  type WorkloadKey,
  type WorkloadReport,
} from '../core';
import type { OptionFields } from './option-fields';

function isFor(choice: WorkloadChoice, key: WorkloadKey): boolean {
  return choice.kind === key.kind && choice.namespace === key.namespace && choice.name === key.name;
}

/** The access the form gives a workload: its own choice, else the default. */
export function accessOf(fields: OptionFields, key: WorkloadKey): ApiAccess {
  return fields.workloads.find((choice) => isFor(choice, key))?.apiAccess ?? fields.apiAccess;
}

/** The choices with `key` set to `access`: none is kept for a workload that gets the default. */
export function withAccess(fields: OptionFields, key: WorkloadKey, access: ApiAccess): readonly WorkloadChoice[] {
  const others = fields.workloads.filter((choice) => !isFor(choice, key));
  if (access === fields.apiAccess) return others;
  const choice: WorkloadChoice = {
    kind: key.kind,
    ...(key.namespace === undefined ? {} : { namespace: key.namespace }),
    name: key.name,
    apiAccess: access,
  };
  return [...others, choice];
}

export type Applied = {
  readonly workloads: readonly WorkloadChoice[];
  /** The workloads whose access the recommendations changed. */
  readonly changed: readonly WorkloadReport[];
  /** Strong recommendations left out: a link holds at most MAX_WORKLOAD_CHOICES choices. */
  readonly leftOut: number;
};

/**
 * `Apply recommendations`: what `--api-access auto` does, per workload, as choices the user can
 * still change. Only strong recommendations are applied; the others are shown, to be chosen by hand.
 */
export function applyRecommendations(fields: OptionFields, reports: readonly WorkloadReport[]): Applied {
  let current = fields;
  const changed: WorkloadReport[] = [];
  let leftOut = 0;
  for (const report of reports) {
    if (!report.strong || accessOf(current, report.key) === report.recommended) continue;
    const workloads = withAccess(current, report.key, report.recommended);
    if (workloads.length > MAX_WORKLOAD_CHOICES) {
      leftOut += 1;
      continue;
    }
    current = { ...current, workloads };
    changed.push(report);
  }
  return { workloads: current.workloads, changed, leftOut };
}

/** Whether a workload's key or ServiceAccount holds the typed text (any case). */
export function matchesWorkload(report: WorkloadReport, filter: string): boolean {
  const wanted = filter.trim().toLowerCase();
  return formatWorkloadKey(report.key).toLowerCase().includes(wanted) || report.serviceAccount.toLowerCase().includes(wanted);
}
