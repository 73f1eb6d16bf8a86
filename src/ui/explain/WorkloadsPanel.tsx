/**
 * The Workloads region (SPEC §5): one row per pod-bearing object with its ServiceAccount, the
 * evidence in a sentence, its request bar when an audit log is open, and a radio group choosing
 * its API access, the recommendation marked. Cluster dumps and audit logs are opened or dropped
 * here; they are read in the worker and never enter the address bar or a link.
 */
import { memo, useDeferredValue, useId, useRef, useState, type DragEvent, type ReactNode } from 'react';
import { escapeForTerminal, formatWorkloadKey, type ApiAccess, type WorkloadReport } from '../../core';
import type { OptionFields } from '../../state/option-fields';
import { accessOf, matchesWorkload } from '../../state/workload-choices';
import type { EvidenceAbout, EvidenceKind } from '../../worker/protocol';
import { explainPanelId } from './ExplainTabs';
import type { EvidenceView } from '../shared/use-hardening';
import { RequestBar } from './RequestBar';
import { SearchField } from '../shared/SearchField';
import { plural } from '../../state/plural';

const ACCESS_LABELS: Readonly<Record<ApiAccess, string>> = { mount: 'Mount the token', none: 'No token' };
const SOURCE_LABELS = { input: 'manifest', cluster: 'cluster dump', audit: 'audit log' } as const;
const EVIDENCE_LABELS: Readonly<Record<EvidenceKind, string>> = { cluster: 'Cluster dump', audit: 'Audit log' };

/** Text that came from a manifest or a log, with control and bidirectional characters shown, not obeyed. */
const shown = (text: string): string => escapeForTerminal(text);

export const WorkloadsPanel = memo(function WorkloadsPanel({
  tabs,
  workloads,
  workloadCount,
  unmatched,
  fields,
  stale,
  evidence,
  onChoose,
  onApply,
  status,
}: {
  tabs: ReactNode;
  workloads: readonly WorkloadReport[];
  workloadCount: number;
  /** Choices that name no workload of this input, as `--workload` writes them. */
  unmatched: readonly string[];
  fields: OptionFields;
  stale: boolean;
  evidence: EvidenceView;
  onChoose: (report: WorkloadReport, access: ApiAccess) => void;
  onApply: () => void;
  status: string | undefined;
}) {
  const [typed, setFilter] = useState('');
  const filter = useDeferredValue(typed);
  const filtering = filter.trim() !== '';
  const rows = filtering ? workloads.filter((report) => matchesWorkload(report, filter)) : workloads;
  const [dragging, setDragging] = useState(false);
  const without = workloads.filter((report) => accessOf(fields, report.key) === 'none').length;
  const strongNone = workloads.filter((report) => report.strong && report.recommended === 'none').length;
  const summary = [
    plural(workloadCount, 'workload', 'workloads'),
    `${without.toLocaleString('en')} without a token`,
    strongNone > 0 ? `${strongNone.toLocaleString('en')} shown unused by the audit log` : undefined,
  ].filter((part) => part !== undefined);

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    const files = [...event.dataTransfer.files];
    if (files.length > 0) evidence.open(files, undefined);
  };

  return (
    <section
      id={explainPanelId('workloads')}
      className={dragging ? 'workloads dragging' : 'workloads'}
      aria-label="Workloads"
      onDragOver={(event) => {
        if (!event.dataTransfer.types.includes('Files')) return;
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
      }}
      onDrop={onDrop}
    >
      <div className="pane-head">
        {tabs}
        <span className="changes-summary">
          {summary.join(' · ')}
          {stale && ' · from the last valid input'}
        </span>
      </div>
      <div className="workloads-bar">
        <EvidenceButton kind="cluster" label="Open cluster dump" evidence={evidence} />
        <EvidenceButton kind="audit" label="Open audit log" evidence={evidence} />
        <button type="button" onClick={onApply} disabled={workloads.length === 0}>
          Apply recommendations
        </button>
        {workloadCount > 1 && <SearchField label="Filter by name" value={typed} onChange={setFilter} />}
        <span className="workloads-status" role="status">
          {status}
        </span>
      </div>
      <EvidenceLines evidence={evidence} />
      <div className="workloads-body" tabIndex={0}>
        {workloads.length === 0 && <p className="muted">No workload: the manifest has no object with a pod spec.</p>}
        {filtering && rows.length === 0 && <p className="muted">No workload matches “{filter.trim()}”.</p>}
        {unmatched.length > 0 && (
          <p className="muted">
            {plural(unmatched.length, 'choice names', 'choices name')} no workload of this manifest and{' '}
            {unmatched.length === 1 ? 'is' : 'are'} kept, not applied: {unmatched.map(shown).join(', ')}.
          </p>
        )}
        <ul className="workload-list">
          {rows.map((report) => (
            <WorkloadRow
              key={formatWorkloadKey(report.key)}
              report={report}
              access={accessOf(fields, report.key)}
              timeline={evidence.state.audit?.timeline !== undefined}
              onChoose={onChoose}
            />
          ))}
        </ul>
        {workloadCount > workloads.length && (
          <p className="muted">
            The list stops at {workloads.length.toLocaleString('en')} of {workloadCount.toLocaleString('en')} workloads;{' '}
            <code>sa-token-hardener --format workloads</code> lists every one.
          </p>
        )}
      </div>
    </section>
  );
});

function EvidenceButton({ kind, label, evidence }: { kind: EvidenceKind; label: string; evidence: EvidenceView }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" onClick={() => input.current?.click()} disabled={evidence.reading !== undefined}>
        {label}
      </button>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        tabIndex={-1}
        aria-hidden="true"
        onChange={(event) => {
          const files = [...(event.target.files ?? [])];
          event.target.value = '';
          if (files.length > 0) evidence.open(files, kind);
        }}
      />
    </>
  );
}

/** What is open, how far a reading got, and the promise that none of it leaves the tab. */
function EvidenceLines({ evidence }: { evidence: EvidenceView }) {
  const { reading, state, message } = evidence;
  const open = [state.cluster, state.audit].filter((about): about is EvidenceAbout => about !== undefined);
  return (
    <div className="evidence-lines">
      {reading && (
        <div className="evidence-reading">
          <label>
            Reading {reading.name}
            <progress max={Math.max(reading.total, 1)} value={reading.read} aria-label={`Reading ${reading.name}`} />
          </label>
          <span>
            {(reading.read / 1024 / 1024).toFixed(1)} of {(reading.total / 1024 / 1024).toFixed(1)} MB
          </span>
          <button type="button" onClick={evidence.cancel}>
            Cancel
          </button>
        </div>
      )}
      {message && <p role="alert">{message}</p>}
      {open.map((about) => (
        <div key={about.kind} className="evidence-open">
          <span>
            <strong>{EVIDENCE_LABELS[about.kind]}</strong> {about.files.join(', ')}: {about.summary}
          </span>
          <button
            type="button"
            onClick={() => evidence.forget(about.kind)}
            aria-label={`Close ${EVIDENCE_LABELS[about.kind].toLowerCase()}`}
          >
            Close
          </button>
          {about.problems.map((problem) => (
            <span key={problem} className="evidence-problem">
              {shown(problem)}
            </span>
          ))}
          {about.moreProblems > 0 && (
            <span className="evidence-problem">and {plural(about.moreProblems, 'more problem', 'more problems')}</span>
          )}
        </div>
      ))}
      <p className="muted evidence-note">
        {open.length === 0
          ? 'Open or drop a cluster dump (kubectl get serviceaccounts,roles,rolebindings,clusterroles,clusterrolebindings,pods -A -o yaml) or the API server’s audit log for evidence.'
          : ''}{' '}
        Dumps and logs are read in this tab only: they never enter the address bar or a link.
      </p>
    </div>
  );
}

const WorkloadRow = memo(function WorkloadRow({
  report,
  access,
  timeline,
  onChoose,
}: {
  report: WorkloadReport;
  access: ApiAccess;
  timeline: boolean;
  onChoose: (report: WorkloadReport, access: ApiAccess) => void;
}) {
  const name = formatWorkloadKey(report.key);
  const id = useId();
  const usage = report.audit?.usage;
  return (
    <li className="workload">
      <div className="workload-name">
        <code>{shown(name)}</code>
        <span className="muted"> · ServiceAccount {shown(report.serviceAccount)}</span>
      </div>
      <fieldset className="workload-access" role="radiogroup" aria-label={`API access for ${name}`} aria-describedby={`${id}-reason`}>
        {(['mount', 'none'] as const).map((value) => (
          <label key={value} className="check">
            <input type="radio" name={id} value={value} checked={access === value} onChange={() => onChoose(report, value)} />
            {ACCESS_LABELS[value]}
            {report.recommended === value && (
              <span className={report.strong ? 'recommended strong' : 'recommended'}>{report.strong ? 'recommended' : 'suggested'}</span>
            )}
          </label>
        ))}
      </fieldset>
      <p id={`${id}-reason`} className="workload-reason">
        {shown(report.reason)}
      </p>
      {timeline && (
        <RequestBar
          histogram={usage?.histogram ?? []}
          requests={usage?.requests ?? 0}
          firstSeen={usage?.firstSeen}
          lastSeen={usage?.lastSeen}
        />
      )}
      {report.evidence.length > 0 && (
        <details className="workload-evidence">
          <summary>Evidence ({report.evidence.length})</summary>
          <ul>
            {report.evidence.map((item, index) => (
              <li key={index}>
                <span className="evidence-source">{SOURCE_LABELS[item.source]}</span> {shown(item.text)}
              </li>
            ))}
          </ul>
        </details>
      )}
    </li>
  );
});
