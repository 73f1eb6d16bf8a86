/**
 * If the editor fails (its code does not load, or it throws), the manifest stays editable in a
 * plain text area, with the text kept: the page never loses work. (No retry: React keeps a failed
 * lazy import failed, and the text area does the job.)
 */
import { Component, type ReactNode } from 'react';

type Props = {
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly children: ReactNode;
};

type State = { readonly error: string | undefined };

export class EditorBoundary extends Component<Props, State> {
  state: State = { error: undefined };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error.message : String(error) };
  }

  render() {
    if (this.state.error === undefined) return this.props.children;
    return (
      <div className="editor-fallback">
        <div className="notice" role="alert">
          <p>The editor stopped working ({this.state.error}). Your text is kept: edit it here, the output follows as before.</p>
        </div>
        <textarea
          aria-label="Input manifest"
          spellCheck={false}
          autoComplete="off"
          value={this.props.value}
          onChange={(event) => this.props.onChange(event.target.value)}
        />
      </div>
    );
  }
}
