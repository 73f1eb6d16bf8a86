/** From a URL fragment to the state to open, and from the state to the fragment to share. */
import { DEFAULT_EXAMPLE, EXAMPLES, findExample } from '../examples';
import { DEFAULT_FIELDS, isSameFields, type OptionFields } from './option-fields';
import { DEFAULT_LINK_VIEW, decodeFragment, encodeState, type SharedState } from './url-codec';

export type OpenedState = {
  readonly manifest: string;
  readonly fields: OptionFields;
  /** Set when the fragment could not be used: why, in plain words. */
  readonly notice: string | undefined;
};

/** Above this length, mail clients and chat tools may cut a link. */
export const LONG_LINK_CHARS = 2000;

/**
 * Above this manifest length the link is made only when asked for (Copy link), not on every edit:
 * compressing a bundle per keystroke would make typing stutter, and a link that long is no way to
 * share it anyway (the address bar then keeps no copy of the manifest).
 */
export const LIVE_LINK_MAX_CHARS = 100_000;

/** The state a fragment opens; a broken fragment opens the default example with a notice. */
export async function openFragment(fragment: string): Promise<OpenedState> {
  const decoded = await decodeFragment(fragment);
  const fallback = { manifest: DEFAULT_EXAMPLE.text, fields: DEFAULT_FIELDS };
  switch (decoded.kind) {
    case 'empty':
      return { ...fallback, notice: undefined };
    case 'state':
      return { ...decoded.state, notice: undefined };
    case 'example': {
      const example = findExample(decoded.name);
      if (example) return { manifest: example.text, fields: DEFAULT_FIELDS, notice: undefined };
      const known = EXAMPLES.map((item) => item.name).join(', ');
      return {
        ...fallback,
        notice: `There is no example named "${decoded.name.slice(0, 60)}" (examples: ${known}). Showing the default example.`,
      };
    }
    case 'problem':
      return {
        ...fallback,
        notice:
          decoded.problem === 'newer-version'
            ? `${decoded.detail} Reload the page to get the newest version; meanwhile the default example is shown.`
            : `This link is incomplete or damaged, so it could not be opened. ${decoded.detail} Showing the default example instead.`,
      };
  }
}

/** The fragment (without `#`) that reopens this state: an example's short name when it is one. */
export async function fragmentFor(state: SharedState): Promise<string> {
  const view = state.view ?? DEFAULT_LINK_VIEW;
  if (
    isSameFields(state.fields, DEFAULT_FIELDS) &&
    view.tab === DEFAULT_LINK_VIEW.tab &&
    view.diffLayout === DEFAULT_LINK_VIEW.diffLayout
  ) {
    const example = EXAMPLES.find((item) => item.text === state.manifest);
    if (example) return `example=${example.name}`;
  }
  return encodeState(state);
}
