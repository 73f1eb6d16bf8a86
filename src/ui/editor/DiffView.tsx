/** Input → hardened, in Monaco's diff editor (side by side or inline), with unchanged regions folded. */
import { useEffect, useRef } from 'react';
import type { LineRange } from '../../state/locate';
import { monaco } from './monaco';
import { codeFontOptions } from './theme';
import { useMonacoTheme } from './use-monaco-theme';

/** A request to move through the changes; a new object each time, so the same direction twice moves twice. */
export type DiffStep = { readonly direction: 'next' | 'previous' };

const ARIA_LABELS = { originalAriaLabel: 'Diff, before', modifiedAriaLabel: 'Diff, after' } as const;

export type DiffViewProps = {
  readonly original: string;
  readonly modified: string;
  readonly sideBySide: boolean;
  readonly step: DiffStep | undefined;
  /** Lines of the hardened side to reveal and highlight. */
  readonly reveal: LineRange | undefined;
};

export default function DiffView({ original, modified, sideBySide, step, reveal }: DiffViewProps) {
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneDiffEditor | undefined>(undefined);
  const models = useRef<{ original: monaco.editor.ITextModel; modified: monaco.editor.ITextModel } | undefined>(undefined);
  const highlight = useRef<monaco.editor.IEditorDecorationsCollection | undefined>(undefined);
  useMonacoTheme();

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const pair = {
      original: monaco.editor.createModel('', 'yaml'),
      modified: monaco.editor.createModel('', 'yaml'),
    };
    const editor = monaco.editor.createDiffEditor(element, {
      automaticLayout: true,
      readOnly: true,
      originalEditable: false,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      ...codeFontOptions(),
      lineNumbersMinChars: 3,
      renderOverviewRuler: true,
      useInlineViewWhenSpaceIsLimited: true,
      // A bundle's diff is a few changed lines among thousands: show those, fold long unchanged runs.
      hideUnchangedRegions: { enabled: true, contextLineCount: 3, minimumLineCount: 12, revealLineCount: 20 },
      ...ARIA_LABELS,
    });
    editor.setModel(pair);
    editorRef.current = editor;
    models.current = pair;
    highlight.current = editor.getModifiedEditor().createDecorationsCollection();
    return () => {
      editor.dispose();
      pair.original.dispose();
      pair.modified.dispose();
      editorRef.current = undefined;
      models.current = undefined;
      highlight.current = undefined;
    };
  }, []);

  useEffect(() => {
    const pair = models.current;
    if (!pair) return;
    if (pair.original.getValue() !== original) pair.original.setValue(original);
    if (pair.modified.getValue() !== modified) pair.modified.setValue(modified);
  }, [original, modified]);

  useEffect(() => {
    // Asked for side by side, the user gets it even in a narrow pane.
    // Every update repeats the labels: Monaco resets the inner editors' labels to none when an update lacks them.
    editorRef.current?.updateOptions({ renderSideBySide: sideBySide, useInlineViewWhenSpaceIsLimited: !sideBySide, ...ARIA_LABELS });
  }, [sideBySide]);

  useEffect(() => {
    if (step) editorRef.current?.goToDiff(step.direction);
  }, [step]);

  useEffect(() => {
    const editor = editorRef.current?.getModifiedEditor();
    if (!editor || !reveal) return;
    const show = () => {
      const range = new monaco.Range(reveal.startLine, 1, reveal.endLine, 1);
      editor.revealRangeInCenter(range);
      highlight.current?.set([{ range, options: { isWholeLine: true, className: 'reveal-line' } }]);
    };
    // The diff is computed after the models are set; revealing before it would land in a folded region.
    const subscription = editorRef.current?.onDidUpdateDiff(() => {
      subscription?.dispose();
      show();
    });
    show();
    return () => subscription?.dispose();
  }, [reveal]);

  return <div className="monaco-host" ref={host} />;
}
