/** The input manifest: an editable Monaco editor with YAML support and the Kubernetes schema. */
import { useEffect, useRef } from 'react';
import type { Finding, InputError } from '../../core';
import { MARKER_OWNER, toMarkers } from './markers';
import { INPUT_URI, monaco } from './monaco';
import { useMonacoTheme } from './use-monaco-theme';

export type InputEditorProps = {
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly errors: readonly InputError[];
  readonly findings: readonly Finding[];
};

export default function InputEditor({ value, onChange, errors, findings }: InputEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | undefined>(undefined);
  const onChangeRef = useRef(onChange);
  const initialValue = useRef(value);
  useMonacoTheme();

  useEffect(() => {
    onChangeRef.current = onChange;
  }, [onChange]);

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
      fontSize: 13,
      lineNumbersMinChars: 3,
      renderWhitespace: 'boundary',
      fixedOverflowWidgets: true,
      tabSize: 2,
      quickSuggestions: { other: true, comments: false, strings: true },
    });
    editorRef.current = editor;
    const subscription = model.onDidChangeContent(() => onChangeRef.current(model.getValue()));
    return () => {
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
    if (!editor || !model || model.getValue() === value) return;
    editor.pushUndoStop();
    editor.executeEdits('load', [{ range: model.getFullModelRange(), text: value, forceMoveMarkers: true }]);
    editor.pushUndoStop();
  }, [value]);

  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (!model) return;
    monaco.editor.setModelMarkers(model, MARKER_OWNER, toMarkers(monaco, model, errors, findings));
  }, [errors, findings, value]);

  return <div className="monaco-host" ref={host} />;
}
