/** The switch between the two panels under the editors: the changes made, and the workloads with their API access. */
import { useRef, type KeyboardEvent } from 'react';

export type ExplainPanel = 'changes' | 'workloads';

const PANELS: readonly { readonly id: ExplainPanel; readonly label: string }[] = [
  { id: 'changes', label: 'Changes' },
  { id: 'workloads', label: 'Workloads' },
];

export const explainPanelId = (panel: ExplainPanel): string => `explain-${panel}`;
const tabId = (panel: ExplainPanel): string => `explain-tab-${panel}`;

/** Tabs as the ARIA pattern has them: one tab stop, arrows move between them. */
export function ExplainTabs({ shown, onShow }: { shown: ExplainPanel; onShow: (panel: ExplainPanel) => void }) {
  const list = useRef<HTMLDivElement>(null);
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    event.preventDefault();
    const next = PANELS[(PANELS.findIndex((panel) => panel.id === shown) + 1) % PANELS.length]?.id ?? 'changes';
    onShow(next);
    // The other panel renders its own tabs: focus follows once it has.
    requestAnimationFrame(() => document.getElementById(tabId(next))?.focus());
  };
  return (
    <div className="explain-tabs" role="tablist" aria-label="Changes and workloads" ref={list} onKeyDown={onKeyDown}>
      {PANELS.map((panel) => (
        <button
          key={panel.id}
          id={tabId(panel.id)}
          type="button"
          role="tab"
          aria-selected={panel.id === shown}
          aria-controls={explainPanelId(panel.id)}
          tabIndex={panel.id === shown ? 0 : -1}
          onClick={() => onShow(panel.id)}
        >
          {panel.label}
        </button>
      ))}
    </div>
  );
}
