/** The page: options on one side, the manifest and its hardened form on the other. */
import { useCallback, useMemo, useState } from 'react';
import type { Change, Finding, InputError } from '../core';
import { EXAMPLES } from '../examples';
import { fragmentFor } from '../state/link-state';
import type { OutputBlock } from '../state/output-blocks';
import { copyText, downloadText, kubectlApplySnippet } from './browser-actions';
import { ChangesPanel } from './ChangesPanel';
import { InputPane } from './InputPane';
import { fieldLabel, OptionsForm } from './OptionsForm';
import { OutputPane, type OutputActions } from './OutputPane';
import { scanForSecrets } from '../state/secret-scan';
import { sensitiveItems, ShareControls } from './ShareControls';
import { appStore, useAppStore } from './store';
import { UNDO_KEYS } from './platform-keys';
import { useFlash } from './use-flash';
import { useHardening } from './use-hardening';
import { linkFor, useLinkSync } from './use-link';
import { useShortcuts } from './use-shortcuts';

const NO_BLOCKS: readonly OutputBlock[] = [];
const NO_CHANGES: readonly Change[] = [];
const NO_FINDINGS: readonly Finding[] = [];
const NO_ERRORS: readonly InputError[] = [];

function lineCount(text: string): number {
  return text === '' ? 0 : text.replace(/\n$/, '').split('\n').length;
}

export function App({ initialNotice }: { initialNotice: string | undefined }) {
  const manifest = useAppStore((state) => state.manifest);
  const fields = useAppStore((state) => state.fields);
  const setManifest = useAppStore((state) => state.setManifest);
  const hardening = useHardening(manifest, fields);
  const [notice, setNotice] = useState(initialNotice);
  const workerSensitive = sensitiveItems(hardening.facts).length > 0;
  const { fragment, withheld } = useLinkSync(setNotice, workerSensitive);
  const sensitive = workerSensitive || withheld !== undefined;
  const [outputStatus, flashOutput] = useFlash();
  const [shareStatus, flashShare] = useFlash();
  const [inputStatus, flashInput] = useFlash(10_000);
  const [confirming, setConfirming] = useState(false);

  const good = hardening.good;
  const output = good?.result.output ?? '';
  const fileName = `${good?.result.firstObjectName ?? 'manifest'}-hardened.${good?.result.isJson ? 'json' : 'yaml'}`;
  const errors = hardening.latest?.result.errors ?? NO_ERRORS;
  const latestFindings = hardening.latest?.result.findings ?? NO_FINDINGS;

  const copyYaml = useCallback(() => {
    if (!output) return flashOutput('Nothing to copy yet.');
    copyText(output).then(
      () => flashOutput(`Copied ${lineCount(output)} lines of ${good?.result.isJson ? 'JSON' : 'YAML'}.`),
      () => flashOutput('The browser refused to copy; select the text and copy it by hand.'),
    );
  }, [output, good, flashOutput]);

  const downloadYaml = useCallback(() => {
    if (!output) return flashOutput('Nothing to download yet.');
    downloadText(fileName, output, good?.result.isJson ? 'application/json' : 'application/yaml');
    flashOutput(`Saved ${fileName}.`);
  }, [output, fileName, good, flashOutput]);

  const copyKubectl = useCallback(() => {
    if (!output) return flashOutput('Nothing to copy yet.');
    copyText(kubectlApplySnippet(output)).then(
      () => flashOutput('Copied as a kubectl apply command.'),
      () => flashOutput('The browser refused to copy.'),
    );
  }, [output, flashOutput]);

  const copyLinkNow = useCallback(() => {
    setConfirming(false);
    const { manifest: text, fields: current } = appStore.getState();
    fragmentFor({ manifest: text, fields: current })
      .then((next) => {
        const link = linkFor(next);
        return copyText(link).then(() => link);
      })
      .then(
        (link) => flashShare(`Link copied (${link.length.toLocaleString('en')} characters).`),
        () => flashShare('The browser refused to copy the link.'),
      );
  }, [flashShare]);

  const copyLink = useCallback(() => {
    // Asked on the text as it is now: `sensitive` may describe the text before the last keystroke.
    if (sensitive || scanForSecrets(appStore.getState().manifest)) setConfirming(true);
    else copyLinkNow();
  }, [sensitive, copyLinkNow]);

  const actions: OutputActions = useMemo(() => ({ copyYaml, downloadYaml, copyKubectl }), [copyYaml, downloadYaml, copyKubectl]);
  useShortcuts(
    useMemo(
      () => [
        { key: 'c', run: copyYaml },
        { key: 'd', run: downloadYaml },
        { key: 'k', run: copyKubectl },
        { key: 'l', run: copyLink },
      ],
      [copyYaml, downloadYaml, copyKubectl, copyLink],
    ),
  );

  let stale: string | undefined;
  if (hardening.stopped) stale = 'Hardening is stopped: this is the output of the last input that could be hardened.';
  else if (hardening.failure)
    stale = `Hardening failed with an internal error (${hardening.failure}); please report it with the input. Showing the last output.`;
  else if (errors.length > 0) stale = 'The input has errors: this is the output of the last input that could be hardened.';
  else if (hardening.problems.length > 0) {
    const names = hardening.problems.map((problem) => fieldLabel(problem.option));
    stale = `${names.join(', ')}: not a valid value, so the output still uses the last valid options.`;
  }

  const currentExample = EXAMPLES.find((example) => example.text === manifest)?.name ?? '';

  return (
    <div className="app">
      <header className="top">
        <div className="brand">
          <h1>sa-token-hardener</h1>
          <p className="tagline">
            Turn off the automatic ServiceAccount token; mount it by hand, read-only, with a bounded lifetime. Runs in your browser: nothing
            is uploaded.
          </p>
        </div>
        <label className="example-picker">
          <span>Example</span>
          <select
            value={currentExample}
            onChange={(event) => {
              const example = EXAMPLES.find((item) => item.name === event.target.value);
              if (!example) return;
              if (currentExample === '' && manifest.trim() !== '') {
                flashInput(`Example loaded. ${UNDO_KEYS.join('+')} in the editor brings your manifest back.`);
              }
              setManifest(example.text);
            }}
          >
            {currentExample === '' && <option value="">Your manifest</option>}
            {EXAMPLES.map((example) => (
              <option key={example.name} value={example.name}>
                {example.title}
              </option>
            ))}
          </select>
        </label>
        <ShareControls
          link={fragment === undefined ? undefined : linkFor(fragment)}
          facts={hardening.facts}
          sensitive={sensitive}
          withheld={withheld?.description}
          confirming={confirming}
          onCopy={copyLink}
          onConfirm={copyLinkNow}
          onCancel={() => setConfirming(false)}
          status={shareStatus}
        />
      </header>
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
      <main className="workspace">
        <OptionsForm facts={hardening.facts} containers={hardening.containers} />
        <InputPane value={manifest} onChange={setManifest} errors={errors} findings={latestFindings} status={inputStatus} />
        <OutputPane
          input={good?.input ?? ''}
          output={output}
          blocks={good?.result.blocks ?? NO_BLOCKS}
          fileName={fileName}
          actions={actions}
          status={outputStatus}
          stale={stale}
        />
        <ChangesPanel
          changes={good?.result.changes ?? NO_CHANGES}
          changeCount={good?.result.changeCount ?? 0}
          moreChanges={good?.result.moreChanges}
          findings={good?.result.findings ?? NO_FINDINGS}
          stale={stale !== undefined}
        />
      </main>
    </div>
  );
}
