/**
 * The one interface behind every output tab: a row says what the tab is (its name, what it hands
 * out and under which file name) and which panel renders it. The pane draws the tabs, the hand-out
 * toolbar and the frame from the row alone; it never asks which tab it is showing.
 */
import type { ComponentType, ReactNode } from 'react';
import type { OutputTab } from '../../core';
import type { LineRange } from '../../state/line-range';
import type { DerivedFormat } from '../../state/output-texts';
import type { ViewState } from '../../state/view-state';
import type { GoodResult } from '../shared/use-hardening';

/** What the page hands out from a tab: the text computed on the current input, never an older one. */
export type OutputActions = {
  readonly copy: (row: TabRow) => void;
  readonly download: (row: TabRow) => void;
  readonly copyKubectl: () => void;
};

export type TabRow = {
  readonly tab: OutputTab;
  /** The tab's accessible name. */
  readonly label: string;
  /** The text the worker computes for the tab; undefined for the hardened text itself. */
  readonly format: DerivedFormat | undefined;
  /** What the copy and download buttons give, after `Copy ` and `Download `. */
  readonly what: (isJson: boolean) => string;
  /** The download's file name after `<name>-hardened`. */
  readonly suffix: (isJson: boolean) => string;
  readonly mime: (isJson: boolean) => string;
  /** What the tab shows, as a sentence about it starts: said in its place while the input is empty. */
  readonly subject: string;
  /** The panel has its own copy and download (the policy): the page's toolbar and shortcuts leave it alone. */
  readonly ownActions: boolean;
  /** The panel shows the output's lines: a chosen change or finding is revealed there, else on the hardened text. */
  readonly showsLines: boolean;
  /** The panel takes the input's column too (a side-by-side diff shows the input itself on its left). */
  readonly isWide: (view: ViewState) => boolean;
  readonly Panel: ComponentType<TabPanelProps>;
};

/** What a panel puts in the frame the pane draws around every panel. */
export type PanelParts = {
  /** Buttons after Copy and Download. */
  readonly actions?: ReactNode;
  /** Controls after the buttons, in the same toolbar. */
  readonly controls?: ReactNode;
  /** The toolbar holds more than its buttons: Download keeps only its icon sooner. */
  readonly crowded?: boolean;
  /** A class for the tab panel, besides `panel`. */
  readonly className?: string;
  /** What the tab panel holds; the pane shows an invitation instead while the input is empty. */
  readonly body: ReactNode;
};

export type TabPanelProps = {
  readonly row: TabRow;
  /** The last good result: what the panels show. */
  readonly shown: GoodResult | undefined;
  readonly view: ViewState;
  readonly onSideBySide: (sideBySide: boolean) => void;
  readonly reveal: LineRange | undefined;
  /** Output lines findings point at (the overview ruler marks them). */
  readonly findingLines: readonly number[];
  /** Why nothing may be handed out now (an input error, an invalid option), if so. */
  readonly blocked: string | undefined;
  /** The text shown is not the current input's. */
  readonly outOfDate: boolean;
  readonly actions: OutputActions;
  /** Which action the status confirms (`copy`, `download`, `kubectl`): its button shows a check. */
  readonly done: string | undefined;
  /** The pane's frame around the panel's parts: toolbar, status, out-of-date banner, tab panel. */
  readonly frame: (parts: PanelParts) => ReactNode;
};
