/**
 * The hardened manifest as plain, selectable text with the inserted lines marked. Line numbers and
 * markers come from CSS, so the element's text is exactly the output.
 */
import { useMemo } from 'react';
import { addedLines } from './line-diff';

export function HardenedView({ input, output }: { input: string; output: string }) {
  const added = useMemo(() => addedLines(input, output), [input, output]);
  const lines = useMemo(() => {
    const split = output.split('\n');
    // A final newline ends the last line; it does not start an empty one.
    if (split.length > 1 && split[split.length - 1] === '') split.pop();
    return split;
  }, [output]);
  const trailing = output.endsWith('\n');
  return (
    <div className="code-view" role="region" aria-label="Hardened manifest" tabIndex={0}>
      <pre>
        <code>
          {lines.map((line, index) => (
            <span key={index} className={added.has(index) ? 'line added' : 'line'}>
              {line}
              {index < lines.length - 1 || trailing ? '\n' : ''}
            </span>
          ))}
        </code>
      </pre>
    </div>
  );
}
