/**
 * A manifest that arrives whole, rather than typed: the page's first, a file opened or dropped, an
 * example picked, a paste over the whole text. Each arrival is a new object (the same example
 * picked twice arrives twice): the page shows its first change and forgets the item chosen before.
 * The note beside the input says what just happened to the text, and once what a reload keeps.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { DEFAULT_EXAMPLE, EXAMPLES } from '../../examples';
import { fileStem } from '../output/output-tabs';
import { UNDO_KEYS } from '../shared/platform-keys';
import { appStore, useAppStore } from '../shared/store';

/** The core refuses larger input; reading a bigger file would only stall the tab. */
const MAX_OPEN_BYTES = 10 * 1024 * 1024;

/** Said beside the input on the first paste: the address bar holds no manifest (SPEC §5 "Shareable URL"). */
const RELOAD_NOTE = 'Reload keeps the options and the view, not this manifest: Copy link makes a link that holds it.';

export type Arrived = { readonly text: string };

export type Arrival = {
  /** The manifest that arrived last. */
  readonly arrived: Arrived;
  /** The opened file's name without extension: a bundle's downloads are named after it. */
  readonly openedFile: string | undefined;
  /** The example the input holds, or '' for the user's own manifest. */
  readonly example: string;
  /** A note beside the input, in the page's flow: it stays until dismissed or replaced, so it never covers the text or moves it while read. */
  readonly note: string | undefined;
  readonly dismissNote: () => void;
  readonly openFile: (file: File) => void;
  readonly pickExample: (name: string) => void;
  /** Loads the default example into the empty editor. */
  readonly loadDefaultExample: () => void;
  /** The editor's text was replaced whole (a paste over all of it). */
  readonly onReplaced: () => void;
};

/** `openedManifest` is the manifest the page's link held, if it held one; `empty` says the text holds nothing but white space. */
export function useArrival(manifest: string, empty: boolean, openedManifest: string | undefined): Arrival {
  const setManifest = useAppStore((state) => state.setManifest);
  const [arrived, setArrived] = useState<Arrived>({ text: manifest });
  const [openedFile, setOpenedFile] = useState<string | undefined>(undefined);
  const [note, setNote] = useState<string | undefined>(undefined);
  const reloadNoted = useRef(false);

  /** `text` arrived, from the file named `file` if it came from one. */
  const arrive = useCallback((text: string, file: string | undefined) => {
    setOpenedFile(file);
    setArrived({ text });
  }, []);
  /** `text` arrives and replaces the editor's. */
  const load = useCallback(
    (text: string, file: string | undefined) => {
      arrive(text, file);
      setManifest(text);
    },
    [arrive, setManifest],
  );

  const openFile = useCallback(
    (file: File) => {
      if (file.size > MAX_OPEN_BYTES) {
        setNote(`${file.name} is ${(file.size / 1024 / 1024).toFixed(1)} MB; the page reads manifests up to 10 MB.`);
        return;
      }
      file.text().then(
        (text) => {
          load(text, fileStem(file.name));
          setNote(`Opened ${file.name}. ${UNDO_KEYS.join('+')} in the editor brings the previous text back.`);
        },
        () => setNote(`The browser could not read ${file.name}.`),
      );
    },
    [load],
  );

  const onReplaced = useCallback(() => arrive(appStore.getState().manifest, undefined), [arrive]);

  const example = EXAMPLES.find((item) => item.text === manifest)?.name ?? '';
  const pickExample = (name: string) => {
    const picked = EXAMPLES.find((item) => item.name === name);
    if (!picked) return;
    if (example === '' && manifest.trim() !== '') {
      setNote(`Example loaded. ${UNDO_KEYS.join('+')} in the editor brings your manifest back.`);
    }
    load(picked.text, undefined);
  };

  const loadDefaultExample = useCallback(() => load(DEFAULT_EXAMPLE.text, undefined), [load]);

  // The first text of the user's own (pasted, typed, opened) is told once what a reload keeps.
  const ownText = !empty && example === '' && manifest !== openedManifest;
  useEffect(() => {
    if (!ownText || reloadNoted.current) return;
    reloadNoted.current = true;
    setNote((shown) => (shown === undefined ? RELOAD_NOTE : `${shown} ${RELOAD_NOTE}`));
  }, [ownText]);

  const dismissNote = useCallback(() => setNote(undefined), []);
  return { arrived, openedFile, example, note, dismissNote, openFile, pickExample, loadDefaultExample, onReplaced };
}
