/**
 * What the output's buttons and shortcuts hand out: copy, download, and the hardened text as a
 * kubectl command. Each waits for the response to the input and options as they are now (`settle`),
 * never an older one, and says in the pane's status what it did or why it did not.
 */
import { useCallback, useEffect, useMemo } from 'react';
import type { OutputTab } from '../../core';
import type { HardenResponse } from '../../worker/protocol';
import { copyText, downloadText, kubectlApplySnippet } from '../shared/browser-actions';
import { countLines } from '../shared/content-lines';
import { downloadName, tabRow } from './output-tabs';
import { refusal } from '../shared/page-status';
import { useFlash } from '../shared/use-flash';
import type { OutputActions, TabRow } from './panel';

export type HandOut = {
  readonly actions: OutputActions;
  /** The name `row` downloads under, for `response`. */
  readonly nameFor: (row: TabRow, response: HardenResponse | undefined) => string;
  /** The pane's status: what was handed out, or why not. */
  readonly status: string;
  /** Which action the status confirms (`copy`, `download`, `kubectl`). */
  readonly done: string | undefined;
};

/** `openedFile` names a bundle's downloads; the status is cleared when `tab` changes. */
export function useHandOut(settle: () => Promise<HardenResponse>, openedFile: string | undefined, tab: OutputTab): HandOut {
  const [status, flash, done, clear] = useFlash();
  // "Saved …" belongs to the tab it was said on.
  useEffect(clear, [tab, clear]);

  const nameFor = useCallback(
    (row: TabRow, response: HardenResponse | undefined) =>
      downloadName(
        row,
        response?.result.isJson ?? false,
        response !== undefined && response.facts.objectCount <= 1 ? response.result.firstObjectName : undefined,
        openedFile,
      ),
    [openedFile],
  );

  /** The text a tab hands out, computed on the current input and options, never an older reply. */
  const handOut = useCallback(
    async (row: TabRow): Promise<{ text: string; response: HardenResponse } | undefined> => {
      let response: HardenResponse;
      try {
        response = await settle();
      } catch {
        flash('Hardening is stopped: nothing was handed out.');
        return undefined;
      }
      const reason = refusal(response);
      if (reason !== undefined) {
        flash(`Nothing handed out: ${reason}.`);
        return undefined;
      }
      const derived = response.result.derived;
      const text = row.format === undefined ? response.result.output : derived?.format === row.format ? derived.text : undefined;
      if (text === undefined) {
        flash(`The ${row.what(response.result.isJson)} is not ready yet; try again.`);
        return undefined;
      }
      if (text === '') {
        flash(`Nothing to hand out: hardening changes no object.`);
        return undefined;
      }
      return { text, response };
    },
    [settle, flash],
  );

  const copy = useCallback(
    (row: TabRow) => {
      void handOut(row).then((got) => {
        if (!got) return;
        const what = row.what(got.response.result.isJson);
        copyText(got.text).then(
          () => flash(`Copied ${countLines(got.text)} lines of ${what}.`, 'copy'),
          () => flash('The browser refused to copy; select the text and copy it by hand.'),
        );
      });
    },
    [handOut, flash],
  );

  const download = useCallback(
    (row: TabRow) => {
      void handOut(row).then((got) => {
        if (!got) return;
        const name = nameFor(row, got.response);
        downloadText(name, got.text, row.mime(got.response.result.isJson));
        flash(`Saved ${name}.`, 'download');
      });
    },
    [handOut, nameFor, flash],
  );

  const copyKubectl = useCallback(() => {
    void handOut(tabRow('hardened')).then((got) => {
      if (!got) return;
      copyText(kubectlApplySnippet(got.text)).then(
        () => flash('Copied as a kubectl apply command.', 'kubectl'),
        () => flash('The browser refused to copy.'),
      );
    });
  }, [handOut, flash]);

  const actions = useMemo(() => ({ copy, download, copyKubectl }), [copy, download, copyKubectl]);
  return { actions, nameFor, status, done };
}
