/**
 * Input → hardened, in Monaco's diff editor (side by side or inline), with unchanged regions
 * folded. It opens on the first change, and steps through the changes without wrapping around.
 */
import { useEffect, useRef } from 'react';
import type { LineRange } from '../../state/line-range';
import { changeLines, stepFrom, type ChangeLines } from './diff-steps';
import { monaco } from './monaco';
import { codeFontOptions } from './theme';
import { useMonacoTheme } from './use-monaco-theme';

/** A request to move through the changes; a new object each time, so the same direction twice moves twice. */
export type DiffStep = { readonly direction: 'next' | 'previous' };

/** Whether a step that way has a change to land on, from where the cursor is. */
export type DiffSteps = { readonly previous: boolean; readonly next: boolean };

const ARIA_LABELS = { originalAriaLabel: 'Diff, before', modifiedAriaLabel: 'Diff, after' } as const;

export type DiffViewProps = {
  readonly original: string;
  readonly modified: string;
  readonly sideBySide: boolean;
  readonly step: DiffStep | undefined;
  /** Lines of the hardened side to reveal and highlight. */
  readonly reveal: LineRange | undefined;
  /** Told where the steps can go, each time that changes. */
  readonly onSteps: (steps: DiffSteps) => void;
};

/**
 * Line numbers get one character more than the longest needs: inline, Monaco draws the input's
 * numbers right against the output's, and equal widths ran them together ("421421").
 */
function lineNumberChars(pair: { original: monaco.editor.ITextModel; modified: monaco.editor.ITextModel }): number {
  return String(Math.max(pair.original.getLineCount(), pair.modified.getLineCount())).length + 1;
}

export default function DiffView({ original, modified, sideBySide, step, reveal, onSteps }: DiffViewProps) {
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneDiffEditor | undefined>(undefined);
  const models = useRef<{ original: monaco.editor.ITextModel; modified: monaco.editor.ITextModel } | undefined>(undefined);
  const highlight = useRef<monaco.editor.IEditorDecorationsCollection | undefined>(undefined);
  const changes = useRef<ChangeLines[]>([]);
  const onStepsRef = useRef(onSteps);
  const revealRef = useRef(reveal);
  useMonacoTheme();

  useEffect(() => {
    onStepsRef.current = onSteps;
    revealRef.current = reveal;
  }, [onSteps, reveal]);

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
    const after = editor.getModifiedEditor();
    highlight.current = after.createDecorationsCollection();

    const tellSteps = () => {
      const line = after.getPosition()?.lineNumber ?? 1;
      onStepsRef.current({
        previous: stepFrom(changes.current, line, 'previous') !== undefined,
        next: stepFrom(changes.current, line, 'next') !== undefined,
      });
    };
    // The view opens on the first change (or on the lines asked for): once, on the first diff of a text.
    let placed = false;
    const updated = editor.onDidUpdateDiff(() => {
      changes.current = changeLines(editor.getLineChanges() ?? []);
      const first = changes.current[0];
      if (!placed && pair.modified.getValueLength() > 0) {
        placed = true;
        if (revealRef.current === undefined && first) {
          after.setPosition({ lineNumber: first.start, column: 1 });
          after.revealLinesInCenterIfOutsideViewport(first.start, first.end);
        }
      }
      tellSteps();
    });
    const moved = after.onDidChangeCursorPosition(tellSteps);
    return () => {
      updated.dispose();
      moved.dispose();
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
    editorRef.current?.updateOptions({ lineNumbersMinChars: lineNumberChars(pair), ...ARIA_LABELS });
  }, [original, modified]);

  useEffect(() => {
    // Asked for side by side, the user gets it even in a narrow pane.
    // Every update repeats the labels: Monaco resets the inner editors' labels to none when an update lacks them.
    editorRef.current?.updateOptions({ renderSideBySide: sideBySide, useInlineViewWhenSpaceIsLimited: !sideBySide, ...ARIA_LABELS });
  }, [sideBySide]);

  useEffect(() => {
    const editor = editorRef.current?.getModifiedEditor();
    if (!step || !editor) return;
    const target = stepFrom(changes.current, editor.getPosition()?.lineNumber ?? 1, step.direction);
    if (!target) return;
    editor.setPosition({ lineNumber: target.start, column: 1 });
    editor.revealLinesInCenterIfOutsideViewport(target.start, target.end);
  }, [step]);

  useEffect(() => {
    const editor = editorRef.current?.getModifiedEditor();
    if (!editor || !reveal) return;
    const show = () => {
      const range = new monaco.Range(reveal.startLine, 1, reveal.endLine, 1);
      editor.setPosition({ lineNumber: reveal.startLine, column: 1 });
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
