/** The Hardened tab: the hardened text, which alone also copies as a kubectl command. */
import type { OutputBlock } from '../../../state/output-blocks';
import { HardenedView } from './HardenedView';
import { TerminalIcon } from '../../shared/icons';
import { HandOutButton } from '../OutputToolbar';
import type { TabPanelProps } from '../panel';

const NO_BLOCKS: readonly OutputBlock[] = [];

export function HardenedPanel({ shown, reveal, findingLines, blocked, done, actions, frame }: TabPanelProps) {
  return frame({
    actions: (
      <HandOutButton
        onClick={actions.copyKubectl}
        blocked={blocked}
        done={done === 'kubectl'}
        icon={<TerminalIcon />}
        title="Copy as a shell command, kubectl apply -f - <<'EOF' … EOF; it applies nothing"
        shortcut="k"
      >
        <span className="narrower-hidden">Copy as kubectl apply</span>
      </HandOutButton>
    ),
    body: <HardenedView blocks={shown?.result.blocks ?? NO_BLOCKS} reveal={reveal} findingLines={findingLines} />,
  });
}
