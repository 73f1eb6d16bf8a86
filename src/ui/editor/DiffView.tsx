/** Input → hardened, in Monaco's diff editor (side by side, or inline when space is short). */
import { useEffect, useRef } from 'react';
import { monaco } from './monaco';
import { useMonacoTheme } from './use-monaco-theme';

export type DiffViewProps = {
  readonly original: string;
  readonly modified: string;
  readonly sideBySide: boolean;
};

export default function DiffView({ original, modified, sideBySide }: DiffViewProps) {
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneDiffEditor | undefined>(undefined);
  const models = useRef<{ original: monaco.editor.ITextModel; modified: monaco.editor.ITextModel } | undefined>(undefined);
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
      fontSize: 13,
      lineNumbersMinChars: 3,
      renderOverviewRuler: false,
      useInlineViewWhenSpaceIsLimited: true,
      originalAriaLabel: 'Diff, before',
      modifiedAriaLabel: 'Diff, after',
    });
    editor.setModel(pair);
    editorRef.current = editor;
    models.current = pair;
    return () => {
      editor.dispose();
      pair.original.dispose();
      pair.modified.dispose();
      editorRef.current = undefined;
      models.current = undefined;
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
    editorRef.current?.updateOptions({ renderSideBySide: sideBySide, useInlineViewWhenSpaceIsLimited: !sideBySide });
  }, [sideBySide]);

  return <div className="monaco-host" ref={host} />;
}
