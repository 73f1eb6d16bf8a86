/**
 * The Workloads panel's data and actions: the workloads as the latest answer has them, a
 * workload's API access chosen by hand or by Apply recommendations, and evidence files opened.
 */
import { useCallback, useMemo } from 'react';
import { formatWorkloadKey, type ApiAccess, type WorkloadChoice, type WorkloadReport } from '../../core';
import { applyRecommendations, withAccess } from '../../state/workload-choices';
import type { EvidenceKind } from '../../worker/protocol';
import type { ExplainPanel } from './ExplainTabs';
import { setFieldValue } from '../options/OptionFields';
import { appliedMessage } from '../shared/page-status';
import { appStore } from '../shared/store';
import { useFlash } from '../shared/use-flash';
import type { EvidenceView, Hardening } from '../shared/use-hardening';

const NO_WORKLOADS: readonly WorkloadReport[] = [];
const NO_CHOICES: readonly WorkloadChoice[] = [];

/** A choice as `--workload` and the link write it. */
const writtenChoice = (choice: WorkloadChoice): string =>
  `${formatWorkloadKey({ kind: choice.kind, namespace: choice.namespace, name: choice.name })}=${choice.apiAccess}`;

export type Workloads = {
  readonly workloads: readonly WorkloadReport[];
  readonly workloadCount: number;
  /** Choices that name no workload of this input, as `--workload` writes them. */
  readonly unmatched: readonly string[];
  readonly evidence: EvidenceView;
  readonly chooseAccess: (report: WorkloadReport, access: ApiAccess) => void;
  readonly applyAll: () => void;
  /** What Apply recommendations did. */
  readonly status: string;
};

/** `show` brings a panel into view: opening evidence shows the workloads it speaks of. */
export function useWorkloads(hardening: Hardening, empty: boolean, show: (panel: ExplainPanel) => void): Workloads {
  const { latest, good } = hardening;
  const [status, flash] = useFlash(8000);
  /** The workloads as the latest answer has them: a radio must follow the store at once, not the worker. */
  const workloads = (!empty && (latest?.result.workloads ?? good?.result.workloads)) || NO_WORKLOADS;
  const workloadCount = (!empty && (latest?.result.workloadCount ?? good?.result.workloadCount)) || 0;
  const unmatched = useMemo(() => (latest?.result.unmatchedChoices ?? NO_CHOICES).map(writtenChoice), [latest]);

  const chooseAccess = useCallback((report: WorkloadReport, access: ApiAccess) => {
    setFieldValue('workloads', withAccess(appStore.getState().fields, report.key, access));
  }, []);
  const applyAll = useCallback(() => {
    const applied = applyRecommendations(appStore.getState().fields, workloads);
    setFieldValue('workloads', applied.workloads);
    flash(appliedMessage(applied, workloads));
  }, [workloads, flash]);

  const openEvidence = hardening.evidence.open;
  const evidence = useMemo(
    () => ({
      ...hardening.evidence,
      open: (files: readonly File[], kind: EvidenceKind | undefined) => {
        show('workloads');
        openEvidence(files, kind);
      },
    }),
    [hardening.evidence, openEvidence, show],
  );
  return { workloads, workloadCount, unmatched, evidence, chooseAccess, applyAll, status };
}
