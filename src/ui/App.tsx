/** The page: options on one side, the manifest and its outputs on the other. */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  formatWorkloadKey,
  OPTION_TABLE,
  resolveOptions,
  type ApiAccess,
  type Finding,
  type InputError,
  type WorkloadChoice,
  type WorkloadReport,
} from '../core';
import { EXAMPLES } from '../examples';
import type { ShownChange } from '../state/change-snippets';
import { fragmentFor, linkState, type PageState } from '../state/link-state';
import { createLocator, type LineRange } from '../state/locate';
import { toOptionInput } from '../state/option-fields';
import { firstInsertedRun, inputLineOf, outputLineOf } from '../state/output-blocks';
import type { HardenResponse } from '../worker/protocol';
import { copyText, downloadText, kubectlApplySnippet } from './browser-actions';
import { ChangesPanel, type Chosen } from './ChangesPanel';
import { ExplainTabs, type ExplainPanel } from './ExplainTabs';
import { WorkloadsPanel } from './WorkloadsPanel';
import { applyRecommendations, withAccess } from '../state/workload-choices';
import { setFieldValue } from './OptionFields';
import { countLines, newlines } from './content-lines';
import { isChanged } from './FieldParts';
import { InputPane } from './InputPane';
import { OptionsDrawer, OptionsToggle } from './OptionsDrawer';
import { fieldLabel, OptionsForm } from './OptionsForm';
import { downloadName, fileStem, TAB_ROWS, tabRow, type TabRow } from './output-tabs';
import type { OutputActions } from './output/panel';
import { OutputPane } from './OutputPane';
import { findSecrets, type SecretMatch } from '../state/secret-scan';
import { Header } from './Header';
import { appliedMessage, blockedReason, inputAbout, refusal, staleReason, type HardeningNow } from './shared/page-status';
import { appStore, useAppStore } from './store';
import { UNDO_KEYS } from './platform-keys';
import { useFlash } from './use-flash';
import { useHardening } from './use-hardening';
import { linkFor, useAddressBar } from './use-link';
import { useShortcuts } from './use-shortcuts';

const NO_CHANGES: readonly ShownChange[] = [];
const NO_FINDINGS: readonly Finding[] = [];
const NO_ERRORS: readonly InputError[] = [];
const NO_LINES: readonly number[] = [];
const NO_WORKLOADS: readonly WorkloadReport[] = [];
const NO_CHOICES: readonly WorkloadChoice[] = [];

/** A choice as `--workload` and the link write it. */
const writtenChoice = (choice: WorkloadChoice): string =>
  `${formatWorkloadKey({ kind: choice.kind, namespace: choice.namespace, name: choice.name })}=${choice.apiAccess}`;

/** Said beside the input on the first paste: the address bar holds no manifest (SPEC §5 "Shareable URL"). */
const RELOAD_NOTE = 'Reload keeps the options and the view, not this manifest: Copy link makes a link that holds it.';

/** The core refuses larger input; reading a bigger file would only stall the tab. */
const MAX_OPEN_BYTES = 10 * 1024 * 1024;

/** Where to look: lines of the output, and of the input for a finding or a new manifest. */
type Reveal = { readonly output: LineRange | undefined; readonly input: LineRange | undefined };

export function App({ initialNotice, openedManifest }: { initialNotice: string | undefined; openedManifest: string | undefined }) {
  const manifest = useAppStore((state) => state.manifest);
  const fields = useAppStore((state) => state.fields);
  const view = useAppStore((state) => state.view);
  const setManifest = useAppStore((state) => state.setManifest);
  const setTab = useAppStore((state) => state.setTab);
  const setSideBySide = useAppStore((state) => state.setSideBySide);
  const row = tabRow(view.tab);
  const hardening = useHardening(manifest, fields, row.format);
  const { settle } = hardening;
  const [notice, setNotice] = useState(initialNotice);
  useAddressBar(openedManifest, setNotice);
  const [outputStatus, flashOutput, outputDone, clearOutputStatus] = useFlash();
  // "Saved …" belongs to the tab it was said on.
  useEffect(clearOutputStatus, [view.tab, clearOutputStatus]);
  const [shareStatus, flashShare, shareDone] = useFlash();
  /** A note beside the input, in the page's flow: it stays until dismissed or replaced, so it never covers the text or moves it while read. */
  const [inputNote, setInputNote] = useState<string | undefined>(undefined);
  const reloadNoted = useRef(false);
  /** The page as it was when Copy link was pressed, and what in it looks like credentials, while the user decides. */
  const [asking, setAsking] = useState<{ page: PageState; found: readonly SecretMatch[] } | undefined>(undefined);
  const [copiedLength, setCopiedLength] = useState<number | undefined>(undefined);
  /** The opened file's name without extension: a bundle's downloads are named after it. */
  const [openedFile, setOpenedFile] = useState<string | undefined>(undefined);
  /** A manifest that just arrived whole (pasted, opened, picked): its first change is shown. */
  const [newManifest, setNewManifest] = useState<string | undefined>(manifest);
  const [optionsOpen, setOptionsOpen] = useState(false);
  const optionsToggle = useRef<HTMLButtonElement>(null);
  const closeOptions = useCallback(() => {
    setOptionsOpen(false);
    optionsToggle.current?.focus();
  }, []);
  // The same rule as the form's own marks: an emptied field or `444` for `0444` is no change.
  const changedOptions = OPTION_TABLE.filter((option) => isChanged(option, fields[option.urlKey])).length;
  const [chosen, setChosen] = useState<{ key: string; reveal: Reveal } | undefined>(undefined);
  const [explain, setExplain] = useState<ExplainPanel>('changes');
  const [workloadStatus, flashWorkloads] = useFlash(8000);

  const good = hardening.good;
  const latest = hardening.latest;
  /** An empty editor is an invitation, not an error: nothing red, no stale output. */
  const empty = useMemo(() => !/\S/.test(manifest), [manifest]);
  const errors = empty ? NO_ERRORS : (latest?.result.errors ?? NO_ERRORS);
  const latestFindings = latest?.result.findings ?? NO_FINDINGS;
  const isJson = latest?.result.isJson ?? good?.result.isJson ?? false;
  // Checked here on every edit, not only when the worker answers: an invalid option blocks at once.
  const fieldProblems = useMemo(() => resolveOptions(toOptionInput({ ...fields, excludedContainers: [] }, [])).problems, [fields]);

  const now: HardeningNow = { stopped: hardening.stopped, empty, latest };
  const blocked = blockedReason(now, fieldProblems.length > 0);

  const nameFor = useCallback(
    (tab: TabRow, response: HardenResponse | undefined) =>
      downloadName(
        tab,
        response?.result.isJson ?? false,
        response !== undefined && response.facts.objectCount <= 1 ? response.result.firstObjectName : undefined,
        openedFile,
      ),
    [openedFile],
  );

  /** The text a tab hands out, computed on the current input and options, never an older reply. */
  const handOut = useCallback(
    async (tab: TabRow): Promise<{ text: string; response: HardenResponse } | undefined> => {
      let response: HardenResponse;
      try {
        response = await settle();
      } catch {
        flashOutput('Hardening is stopped: nothing was handed out.');
        return undefined;
      }
      const reason = refusal(response);
      if (reason !== undefined) {
        flashOutput(`Nothing handed out: ${reason}.`);
        return undefined;
      }
      const derived = response.result.derived;
      const text = tab.format === undefined ? response.result.output : derived?.format === tab.format ? derived.text : undefined;
      if (text === undefined) {
        flashOutput(`The ${tab.what(response.result.isJson)} is not ready yet; try again.`);
        return undefined;
      }
      if (text === '') {
        flashOutput(`Nothing to hand out: hardening changes no object.`);
        return undefined;
      }
      return { text, response };
    },
    [settle, flashOutput],
  );

  const copy = useCallback(
    (tab: TabRow) => {
      void handOut(tab).then((got) => {
        if (!got) return;
        const what = tab.what(got.response.result.isJson);
        copyText(got.text).then(
          () => flashOutput(`Copied ${countLines(got.text)} lines of ${what}.`, 'copy'),
          () => flashOutput('The browser refused to copy; select the text and copy it by hand.'),
        );
      });
    },
    [handOut, flashOutput],
  );

  const download = useCallback(
    (tab: TabRow) => {
      void handOut(tab).then((got) => {
        if (!got) return;
        const name = nameFor(tab, got.response);
        downloadText(name, got.text, tab.mime(got.response.result.isJson));
        flashOutput(`Saved ${name}.`, 'download');
      });
    },
    [handOut, nameFor, flashOutput],
  );

  const copyKubectl = useCallback(() => {
    void handOut(TAB_ROWS[0] as TabRow).then((got) => {
      if (!got) return;
      copyText(kubectlApplySnippet(got.text)).then(
        () => flashOutput('Copied as a kubectl apply command.', 'kubectl'),
        () => flashOutput('The browser refused to copy.'),
      );
    });
  }, [handOut, flashOutput]);

  /** Copies the link of `page`: the very text that was checked, never a later one. */
  const share = useCallback(
    (page: PageState, withManifest: boolean) => {
      setAsking(undefined);
      const state = linkState(page, withManifest);
      const holds = state.manifest !== undefined ? ', with the manifest' : state.example === undefined ? ', without the manifest' : '';
      fragmentFor(state)
        .then((next) => {
          const link = linkFor(next);
          return copyText(link).then(() => link);
        })
        .then(
          (link) => {
            setCopiedLength(link.length);
            flashShare(`Link copied${holds} (${link.length.toLocaleString('en')} characters).`, 'link');
          },
          () => flashShare('The browser refused to copy the link.'),
        );
    },
    [flashShare],
  );

  const copyLink = useCallback(() => {
    // Decided on the text the link would hold, read now: never on an older verdict of the worker.
    const { manifest: text, fields: current, view: shown } = appStore.getState();
    const page = { manifest: text, fields: current, view: shown };
    const found = findSecrets(text);
    if (found.length === 0) share(page, true);
    else setAsking({ page, found });
  }, [share]);

  /** A whole new text: forget the chosen item, show the new text's first change. */
  const arrived = useCallback((text: string) => {
    setChosen(undefined);
    setNewManifest(text);
  }, []);

  const openFile = useCallback(
    (file: File) => {
      if (file.size > MAX_OPEN_BYTES) {
        setInputNote(`${file.name} is ${(file.size / 1024 / 1024).toFixed(1)} MB; the page reads manifests up to 10 MB.`);
        return;
      }
      file.text().then(
        (text) => {
          setOpenedFile(fileStem(file.name));
          arrived(text);
          setManifest(text);
          setInputNote(`Opened ${file.name}. ${UNDO_KEYS.join('+')} in the editor brings the previous text back.`);
        },
        () => setInputNote(`The browser could not read ${file.name}.`),
      );
    },
    [arrived, setManifest],
  );

  const onReplaced = useCallback(() => {
    setOpenedFile(undefined);
    arrived(appStore.getState().manifest);
  }, [arrived]);

  // Parsed only when the user chooses an item, once per output.
  const shownOutput = good?.result.output;
  const locate = useMemo(() => (shownOutput === undefined ? undefined : createLocator(shownOutput)), [shownOutput]);
  const shownInput = good?.input;
  const locateInput = useMemo(() => (shownInput === undefined ? undefined : createLocator(shownInput)), [shownInput]);

  const choose = useCallback(
    (item: Chosen) => {
      const blocks = good?.result.blocks ?? [];
      let reveal: Reveal;
      if (item.kind === 'change') {
        // What a change replaced or removed is shown where it was in the input; an insertion, where it goes.
        const replaced = item.change.before !== undefined;
        const output = locate?.(item.change.document, item.change.path);
        const at = output && good && inputLineOf(good.input, good.result.output, blocks, output.startLine);
        reveal = {
          output,
          input: replaced ? locateInput?.(item.change.document, item.change.path) : at ? { startLine: at, endLine: at } : undefined,
        };
      } else {
        const position = item.finding.position;
        const line = position && good && outputLineOf(good.input, good.result.output, blocks, position.line);
        const objectStart = item.finding.document >= 0 ? locate?.(item.finding.document, '') : undefined;
        reveal = {
          output: line
            ? { startLine: line, endLine: line }
            : objectStart && { startLine: objectStart.startLine, endLine: objectStart.startLine },
          input: position && { startLine: position.line, endLine: position.line },
        };
      }
      setChosen({ key: item.key, reveal });
      // Shown on the hardened text when the tab in view has no lines to show it on.
      if (!row.showsLines) setTab('hardened');
    },
    [good, locate, locateInput, row.showsLines, setTab],
  );

  const firstChange = useMemo((): Reveal | undefined => {
    if (!good || good.input !== newManifest) return undefined;
    const run = firstInsertedRun(good.result.blocks);
    if (!run) return undefined;
    const inputLine = inputLineOf(good.input, good.result.output, good.result.blocks, run.startLine);
    return { output: run, input: { startLine: inputLine, endLine: inputLine } };
  }, [good, newManifest]);
  const reveal = chosen?.reveal ?? firstChange;

  /** The workloads as the latest answer has them: a radio must follow the store at once, not the worker. */
  const workloads = (!empty && (latest?.result.workloads ?? good?.result.workloads)) || NO_WORKLOADS;
  const chooseAccess = useCallback((report: WorkloadReport, access: ApiAccess) => {
    setFieldValue('workloads', withAccess(appStore.getState().fields, report.key, access));
  }, []);
  const applyAll = useCallback(() => {
    const applied = applyRecommendations(appStore.getState().fields, workloads);
    setFieldValue('workloads', applied.workloads);
    flashWorkloads(appliedMessage(applied, workloads));
  }, [workloads, flashWorkloads]);
  const openEvidence = hardening.evidence.open;
  const evidence = useMemo(
    () => ({
      ...hardening.evidence,
      open: (files: readonly File[], kind: 'cluster' | 'audit' | undefined) => {
        setExplain('workloads');
        openEvidence(files, kind);
      },
    }),
    [hardening.evidence, openEvidence],
  );
  const unmatched = useMemo(() => (latest?.result.unmatchedChoices ?? NO_CHOICES).map(writtenChoice), [latest]);

  const actions: OutputActions = useMemo(() => ({ copy, download, copyKubectl }), [copy, download, copyKubectl]);
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

  const stale = staleReason(now, fieldLabel);

  const objectCount = empty ? 0 : latest?.facts.objectCount;
  // Counted once per text, not once per render: a bundle is 74,000 lines.
  const inputNewlines = useMemo(() => newlines(manifest), [manifest]);
  const about = useMemo(
    () => inputAbout(manifest, empty, inputNewlines, isJson, objectCount),
    [manifest, empty, inputNewlines, isJson, objectCount],
  );

  const currentExample = EXAMPLES.find((example) => example.text === manifest)?.name ?? '';
  // The first text of the user's own (pasted, typed, opened) is told once what a reload keeps.
  const ownText = !empty && currentExample === '' && manifest !== openedManifest;
  useEffect(() => {
    if (!ownText || reloadNoted.current) return;
    reloadNoted.current = true;
    setInputNote((note) => (note === undefined ? RELOAD_NOTE : `${note} ${RELOAD_NOTE}`));
  }, [ownText]);
  const pickExample = (name: string) => {
    const example = EXAMPLES.find((item) => item.name === name);
    if (!example) return;
    if (currentExample === '' && manifest.trim() !== '') {
      setInputNote(`Example loaded. ${UNDO_KEYS.join('+')} in the editor brings your manifest back.`);
    }
    setOpenedFile(undefined);
    arrived(example.text);
    setManifest(example.text);
  };

  return (
    <div className="app">
      <Header
        example={currentExample}
        onExample={pickExample}
        share={{
          onCopy: copyLink,
          asking: asking?.found,
          onShare: (withManifest) => asking && share(asking.page, withManifest),
          onCancel: () => setAsking(undefined),
          status: shareStatus,
          copied: shareDone !== undefined,
          copiedLength,
        }}
      />
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
          onExample={() => {
            const example = EXAMPLES[0];
            if (!example) return;
            setOpenedFile(undefined);
            arrived(example.text);
            setManifest(example.text);
          }}
          onChange={setManifest}
          errors={errors}
          findings={latestFindings}
          note={inputNote}
          onDismissNote={() => setInputNote(undefined)}
          reveal={reveal?.input}
          onReplaced={onReplaced}
          onOpen={openFile}
        />
        <OutputPane
          view={view}
          onTab={(next) => setTab(next.tab)}
          onSideBySide={setSideBySide}
          shown={empty ? undefined : good}
          isJson={isJson}
          fileName={(tab) => nameFor(tab, latest)}
          actions={actions}
          blocked={blocked}
          status={outputStatus}
          done={outputDone}
          outOfDate={stale}
          reveal={reveal?.output}
          findingLines={good?.result.findingLines ?? NO_LINES}
          empty={empty}
        />
        {explain === 'workloads' ? (
          <WorkloadsPanel
            tabs={<ExplainTabs shown={explain} onShow={setExplain} />}
            workloads={workloads}
            workloadCount={(!empty && (latest?.result.workloadCount ?? good?.result.workloadCount)) || 0}
            unmatched={unmatched}
            fields={fields}
            stale={stale !== undefined}
            evidence={evidence}
            onChoose={chooseAccess}
            onApply={applyAll}
            status={workloadStatus}
          />
        ) : (
          <ChangesPanel
            tabs={<ExplainTabs shown={explain} onShow={setExplain} />}
            changes={(!empty && good?.result.changes) || NO_CHANGES}
            changeCount={(!empty && good?.result.changeCount) || 0}
            moreChanges={empty ? undefined : good?.result.moreChanges}
            findings={(!empty && good?.result.findings) || NO_FINDINGS}
            stale={stale !== undefined}
            chosen={chosen?.key}
            onChoose={choose}
          />
        )}
      </main>
    </div>
  );
}
