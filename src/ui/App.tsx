/** The page: options on one side, the manifest and its outputs on the other. */
import { useCallback, useMemo, useRef, useState } from 'react';
import { OPTION_TABLE, resolveOptions, type Finding, type InputError } from '../core';
import type { ShownChange } from '../state/change-snippets';
import { toOptionInput } from '../state/option-fields';
import { ChangesPanel } from './explain/ChangesPanel';
import { newlines } from './shared/content-lines';
import { ExplainTabs, type ExplainPanel } from './explain/ExplainTabs';
import { useChosen } from './explain/use-chosen';
import { useWorkloads } from './explain/use-workloads';
import { isChanged } from './options/FieldParts';
import { Header } from './header/Header';
import { useShareLink } from './header/use-share-link';
import { useArrival } from './input/use-arrival';
import { InputPane } from './input/InputPane';
import { OptionsDrawer, OptionsToggle } from './options/OptionsDrawer';
import { fieldLabel, OptionsForm } from './options/OptionsForm';
import { useHandOut } from './output/use-hand-out';
import { tabRow } from './output/output-tabs';
import { OutputPane } from './output/OutputPane';
import { blockedReason, inputAbout, staleReason, type HardeningNow } from './shared/page-status';
import { useAppStore } from './shared/store';
import { useHardening } from './shared/use-hardening';
import { useAddressBar } from './header/use-link';
import { useShortcuts } from './shared/use-shortcuts';
import { WorkloadsPanel } from './explain/WorkloadsPanel';

const NO_CHANGES: readonly ShownChange[] = [];
const NO_FINDINGS: readonly Finding[] = [];
const NO_ERRORS: readonly InputError[] = [];
const NO_LINES: readonly number[] = [];

export function App({ initialNotice, openedManifest }: { initialNotice: string | undefined; openedManifest: string | undefined }) {
  const manifest = useAppStore((state) => state.manifest);
  const fields = useAppStore((state) => state.fields);
  const view = useAppStore((state) => state.view);
  const setManifest = useAppStore((state) => state.setManifest);
  const setTab = useAppStore((state) => state.setTab);
  const setSideBySide = useAppStore((state) => state.setSideBySide);
  const row = tabRow(view.tab);
  const hardening = useHardening(manifest, fields, row.format);
  const [notice, setNotice] = useState(initialNotice);
  useAddressBar(openedManifest, setNotice);
  /** An empty editor is an invitation, not an error: nothing red, no stale output. */
  const empty = useMemo(() => !/\S/.test(manifest), [manifest]);
  const arrival = useArrival(manifest, empty, openedManifest);
  const handOut = useHandOut(hardening.settle, arrival.openedFile, view.tab);
  const link = useShareLink();
  // Shown on the hardened text when the tab in view has no lines to show it on.
  const showLines = useCallback(() => {
    if (!row.showsLines) setTab('hardened');
  }, [row.showsLines, setTab]);
  const { chosen, choose, reveal } = useChosen(hardening.good, arrival.arrived, showLines);
  const [explain, setExplain] = useState<ExplainPanel>('changes');
  const workloads = useWorkloads(hardening, empty, setExplain);
  const [optionsOpen, setOptionsOpen] = useState(false);
  const optionsToggle = useRef<HTMLButtonElement>(null);
  const closeOptions = useCallback(() => {
    setOptionsOpen(false);
    optionsToggle.current?.focus();
  }, []);
  // The same rule as the form's own marks: an emptied field or `444` for `0444` is no change.
  const changedOptions = OPTION_TABLE.filter((option) => isChanged(option, fields[option.urlKey])).length;

  const { good, latest } = hardening;
  const errors = empty ? NO_ERRORS : (latest?.result.errors ?? NO_ERRORS);
  const isJson = latest?.result.isJson ?? good?.result.isJson ?? false;
  // Checked here on every edit, not only when the worker answers: an invalid option blocks at once.
  const fieldProblems = useMemo(() => resolveOptions(toOptionInput({ ...fields, excludedContainers: [] }, [])).problems, [fields]);
  const now: HardeningNow = { stopped: hardening.stopped, empty, latest };
  const blocked = blockedReason(now, fieldProblems.length > 0);
  const stale = staleReason(now, fieldLabel);
  // Counted once per text, not once per render: a bundle is 74,000 lines.
  const inputNewlines = useMemo(() => newlines(manifest), [manifest]);
  const objectCount = empty ? 0 : latest?.facts.objectCount;
  const about = useMemo(
    () => inputAbout(manifest, empty, inputNewlines, isJson, objectCount),
    [manifest, empty, inputNewlines, isJson, objectCount],
  );

  const { copy, download, copyKubectl } = handOut.actions;
  const { copyLink } = link;
  useShortcuts(
    useMemo(
      () => [
        // A tab with a panel of its own (the policy) has its own buttons, and no text of ours to give.
        { key: 'c', run: () => !row.ownActions && copy(row) },
        { key: 'd', run: () => !row.ownActions && download(row) },
        { key: 'k', run: copyKubectl },
        { key: 'l', run: copyLink },
      ],
      [copy, download, row, copyKubectl, copyLink],
    ),
  );

  return (
    <div className="app">
      <Header example={arrival.example} onExample={arrival.pickExample} share={link.controls} />
      {notice && (
        <div className="notice" role="alert">
          <p>{notice}</p>
          <button type="button" onClick={() => setNotice(undefined)}>
            Dismiss
          </button>
        </div>
      )}
      {hardening.stopped && (
        <div className="notice" role="alert">
          <p>Hardening stopped working ({hardening.stopped}). Your manifest and options are kept; restart it to harden them again.</p>
          <button type="button" onClick={hardening.restart}>
            Restart hardening
          </button>
        </div>
      )}
      <main className={row.isWide(view) ? 'workspace diff-wide' : 'workspace'}>
        <OptionsDrawer open={optionsOpen} onClose={closeOptions}>
          <OptionsForm facts={hardening.facts} containers={hardening.containers} />
        </OptionsDrawer>
        <InputPane
          value={manifest}
          optionsToggle={
            <OptionsToggle ref={optionsToggle} open={optionsOpen} changed={changedOptions} onToggle={() => setOptionsOpen(!optionsOpen)} />
          }
          about={about}
          empty={empty}
          newlineCount={inputNewlines}
          onExample={arrival.loadDefaultExample}
          onChange={setManifest}
          errors={errors}
          findings={latest?.result.findings ?? NO_FINDINGS}
          note={arrival.note}
          onDismissNote={arrival.dismissNote}
          reveal={reveal?.input}
          onReplaced={arrival.onReplaced}
          onOpen={arrival.openFile}
        />
        <OutputPane
          view={view}
          onTab={(next) => setTab(next.tab)}
          onSideBySide={setSideBySide}
          shown={empty ? undefined : good}
          isJson={isJson}
          fileName={(tab) => handOut.nameFor(tab, latest)}
          actions={handOut.actions}
          blocked={blocked}
          status={handOut.status}
          done={handOut.done}
          outOfDate={stale}
          reveal={reveal?.output}
          findingLines={good?.result.findingLines ?? NO_LINES}
          empty={empty}
        />
        {explain === 'workloads' ? (
          <WorkloadsPanel
            tabs={<ExplainTabs shown={explain} onShow={setExplain} />}
            workloads={workloads.workloads}
            workloadCount={workloads.workloadCount}
            unmatched={workloads.unmatched}
            fields={fields}
            stale={stale !== undefined}
            evidence={workloads.evidence}
            onChoose={workloads.chooseAccess}
            onApply={workloads.applyAll}
            status={workloads.status}
          />
        ) : (
          <ChangesPanel
            tabs={<ExplainTabs shown={explain} onShow={setExplain} />}
            changes={(!empty && good?.result.changes) || NO_CHANGES}
            changeCount={(!empty && good?.result.changeCount) || 0}
            moreChanges={empty ? undefined : good?.result.moreChanges}
            findings={(!empty && good?.result.findings) || NO_FINDINGS}
            stale={stale !== undefined}
            chosen={chosen}
            onChoose={choose}
          />
        )}
      </main>
    </div>
  );
}
