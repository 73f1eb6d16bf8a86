/**
 * The item chosen in the Changes panel, and where the page looks: the chosen change's or finding's
 * lines in the output and the input, else the first change of a manifest that just arrived.
 */
import { useCallback, useMemo, useState } from 'react';
import type { Chosen } from './ChangesPanel';
import type { Arrived } from '../input/use-arrival';
import type { GoodResult } from '../shared/use-hardening';
import { firstChangeOf, revealOf, type Reveal } from './reveal';

export type ChosenItem = {
  /** The key of the chosen item, if one is chosen. */
  readonly chosen: string | undefined;
  readonly choose: (item: Chosen) => void;
  readonly reveal: Reveal | undefined;
};

/** A choice belongs to the manifest it was made on: one that `arrived` since forgets it. `afterChoose` runs on each choice. */
export function useChosen(good: GoodResult | undefined, arrived: Arrived, afterChoose: () => void): ChosenItem {
  const [chosen, setChosen] = useState<{ key: string; reveal: Reveal; arrived: Arrived } | undefined>(undefined);

  const choose = useCallback(
    (item: Chosen) => {
      setChosen({ key: item.key, reveal: revealOf(item, good), arrived });
      afterChoose();
    },
    [good, arrived, afterChoose],
  );

  // Follows the text, not the arrival: the same text arriving again keeps the same lines in view.
  const arrivedText = arrived.text;
  const firstChange = useMemo(() => (good && good.input === arrivedText ? firstChangeOf(good) : undefined), [good, arrivedText]);

  const current = chosen?.arrived === arrived ? chosen : undefined;
  return { chosen: current?.key, choose, reveal: current?.reveal ?? firstChange };
}
