/** The input manifest: an editable Monaco editor with YAML support and the Kubernetes schema. */
import { useEffect, useRef } from 'react';
import type { Finding, InputError } from '../../core';
import type { LineRange } from '../../state/line-range';
import { MARKER_OWNER, toMarkers } from './markers';
import { INPUT_URI, monaco } from './monaco';
import { codeFontOptions } from './theme';
import { useMonacoTheme } from './use-monaco-theme';

/**
 * Folding ranges come from monaco-yaml's worker; for a bundle (tens of thousands of lines) taking
 * them in blocks the page for 100 ms and more after each edit, so large manifests go without.
 */
const FOLDING_MAX_LINES = 10_000;

export type InputEditorProps = {
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly errors: readonly InputError[];
  readonly findings: readonly Finding[];
  /** Lines to reveal and highlight; a new object each time. */
  readonly reveal: LineRange | undefined;
  /** A paste that replaced the whole text: a new manifest, whose first change the page shows. */
  readonly onReplaced: () => void;
};

export default function InputEditor({ value, onChange, errors, findings, reveal, onReplaced }: InputEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | undefined>(undefined);
  const onChangeRef = useRef(onChange);
  const onReplacedRef = useRef(onReplaced);
  const highlight = useRef<monaco.editor.IEditorDecorationsCollection | undefined>(undefined);
  const initialValue = useRef(value);
  /** The text this editor last reported: the same text coming back as `value` needs no compare. */
  const emitted = useRef(value);
  useMonacoTheme();

  useEffect(() => {
    onChangeRef.current = onChange;
    onReplacedRef.current = onReplaced;
  }, [onChange, onReplaced]);

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const uri = monaco.Uri.parse(INPUT_URI);
    monaco.editor.getModel(uri)?.dispose();
    const model = monaco.editor.createModel(initialValue.current, 'yaml', uri);
    model.updateOptions({ tabSize: 2, insertSpaces: true });
    const editor = monaco.editor.create(element, {
      model,
      ariaLabel: 'Input manifest',
      automaticLayout: true,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      ...codeFontOptions(),
      lineNumbersMinChars: 3,
      renderWhitespace: 'boundary',
      fixedOverflowWidgets: true,
      tabSize: 2,
      quickSuggestions: { other: true, comments: false, strings: true },
      folding: model.getLineCount() <= FOLDING_MAX_LINES,
    });
    editorRef.current = editor;
    highlight.current = editor.createDecorationsCollection();
    const pasted = editor.onDidPaste((event) => {
      if (event.range.startLineNumber === 1 && event.range.endLineNumber >= model.getLineCount()) onReplacedRef.current();
    });
    const subscription = model.onDidChangeContent(() => {
      // Read by the benchmark (scripts/bench/browser.mjs): keystroke → output time.
      performance.clearMarks('input-changed'); // only the latest is read
      performance.mark('input-changed');
      emitted.current = model.getValue();
      const folding = model.getLineCount() <= FOLDING_MAX_LINES;
      if (editor.getOption(monaco.editor.EditorOption.folding) !== folding) editor.updateOptions({ folding });
      onChangeRef.current(emitted.current);
    });
    return () => {
      pasted.dispose();
      subscription.dispose();
      editor.dispose();
      model.dispose();
      editorRef.current = undefined;
    };
  }, []);

  // Text set from outside (an example, a link) goes through executeEdits so undo survives.
  useEffect(() => {
    const editor = editorRef.current;
    const model = editor?.getModel();
    if (!editor || !model || value === emitted.current) return;
    emitted.current = value;
    if (model.getValue() === value) return;
    editor.pushUndoStop();
    editor.executeEdits('load', [{ range: model.getFullModelRange(), text: value, forceMoveMarkers: true }]);
    editor.pushUndoStop();
  }, [value]);

  useEffect(() => {
    const editor = editorRef.current;
    if (!editor) return;
    if (!reveal) {
      highlight.current?.clear();
      return;
    }
    const range = new monaco.Range(reveal.startLine, 1, reveal.endLine, 1);
    editor.revealRangeInCenterIfOutsideViewport(range);
    highlight.current?.set([{ range, options: { isWholeLine: true, className: 'reveal-line' } }]);
  }, [reveal]);

  const markedWith = useRef<string | undefined>(undefined);
  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (!model) return;
    // Markers follow the text as it is edited; each result brings new ones, but setting the same
    // ones again (most keystrokes) would only redraw the editor.
    const key = JSON.stringify([errors, findings]);
    if (key === markedWith.current) return;
    markedWith.current = key;
    monaco.editor.setModelMarkers(model, MARKER_OWNER, toMarkers(monaco, model, errors, findings));
  }, [errors, findings]);

  return <div className="monaco-host" ref={host} />;
}
