/** The Diff tab: input → hardened in Monaco's diff editor (loaded on first use), with its steps and layout. */
import { lazy, Suspense, useState } from 'react';
import type { DiffStep, DiffSteps } from '../editor/DiffView';
import type { TabPanelProps } from './panel';

const DiffView = lazy(() => import('../editor/DiffView'));

export function DiffPanel({ shown, view, onSideBySide, reveal, frame }: TabPanelProps) {
  const [step, setStep] = useState<DiffStep | undefined>(undefined);
  const [steps, setSteps] = useState<DiffSteps | undefined>(undefined);
  return frame({
    crowded: true,
    className: 'diff-panel',
    controls: (
      <div className="diff-controls">
        {/* At the first or last change the button says so and stays in the Tab order (aria-disabled), so the focus is not lost. */}
        <button
          type="button"
          onClick={() => setStep({ direction: 'previous' })}
          aria-disabled={steps?.previous === false}
          title={steps?.previous === false ? 'This is the first change' : 'Previous change'}
        >
          <span aria-hidden="true">↑</span>
          <span className="narrower-hidden"> Previous change</span>
        </button>
        <button
          type="button"
          onClick={() => setStep({ direction: 'next' })}
          aria-disabled={steps?.next === false}
          title={steps?.next === false ? 'This is the last change' : 'Next change'}
        >
          <span aria-hidden="true">↓</span>
          <span className="narrower-hidden"> Next change</span>
        </button>
        <label className="check">
          <input type="checkbox" checked={view.diffLayout === 'side-by-side'} onChange={(event) => onSideBySide(event.target.checked)} />
          Side by side
        </label>
      </div>
    ),
    body: (
      <div className="diff-frame">
        <Suspense fallback={<p className="loading">Loading the diff view…</p>}>
          <DiffView
            original={shown?.input ?? ''}
            modified={shown?.result.output ?? ''}
            sideBySide={view.diffLayout === 'side-by-side'}
            step={step}
            reveal={reveal}
            onSteps={setSteps}
          />
        </Suspense>
      </div>
    ),
  });
}
