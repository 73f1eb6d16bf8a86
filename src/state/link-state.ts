/**
 * From a URL fragment to the state to open, and from the state to a fragment: the address bar's,
 * which holds options and view but never the user's manifest, and a shared link's, which holds the
 * manifest when the user lets it.
 */
import { DEFAULT_EXAMPLE, EXAMPLES, findExample } from '../examples';
import { DEFAULT_FIELDS, isSameFields, type OptionFields } from './option-fields';
import { DEFAULT_LINK_VIEW, decodeFragment, encodeState, type LinkView, type SharedState } from './url-codec';

export type OpenedState = {
  /** The manifest the link holds or names (an example); undefined when it holds none, so the page keeps its own. */
  readonly manifest: string | undefined;
  readonly fields: OptionFields;
  /** The view the link asks for; absent when it names none (an example, a broken link). */
  readonly view?: LinkView;
  /** Set when the fragment could not be used: why, in plain words. */
  readonly notice: string | undefined;
};

/** What the page shows: the inputs and the view. */
export type PageState = { readonly manifest: string; readonly fields: OptionFields; readonly view: LinkView };

/** Above this length, mail clients and chat tools may cut a link. */
export const LONG_LINK_CHARS = 2000;

function unknownExample(name: string): string {
  const known = EXAMPLES.map((item) => item.name).join(', ');
  return `There is no example named "${name.slice(0, 60)}" (examples: ${known}). Showing the default example.`;
}

/**
 * The state a fragment opens. A link of options alone opens no manifest (the caller keeps the one
 * it has, or shows the default example); a broken fragment opens the default example with a notice.
 */
export async function openFragment(fragment: string): Promise<OpenedState> {
  const decoded = await decodeFragment(fragment);
  const fallback = { manifest: DEFAULT_EXAMPLE.text, fields: DEFAULT_FIELDS };
  switch (decoded.kind) {
    case 'empty':
      return { manifest: undefined, fields: DEFAULT_FIELDS, notice: undefined };
    case 'state': {
      const { manifest, example, fields, view } = decoded.state;
      const named = example === undefined ? undefined : findExample(example);
      if (example !== undefined && named === undefined)
        return { ...fallback, fields, notice: unknownExample(example), ...(view && { view }) };
      return { manifest: manifest ?? named?.text, fields, notice: undefined, ...(view && { view }) };
    }
    case 'example': {
      const example = findExample(decoded.name);
      if (example) return { manifest: example.text, fields: DEFAULT_FIELDS, notice: undefined };
      return { ...fallback, notice: unknownExample(decoded.name) };
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

/**
 * What of the manifest a link holds: an example by its name (it holds no secret and stays short),
 * else the text itself when `withManifest`, else nothing.
 */
export function linkState(page: PageState, withManifest: boolean): SharedState {
  const { manifest, fields, view } = page;
  const example = EXAMPLES.find((item) => item.text === manifest)?.name;
  if (example !== undefined) return { example, fields, view };
  return withManifest ? { manifest, fields, view } : { fields, view };
}

/**
 * The fragment (without `#`) that reopens this state: empty when everything is the default, an
 * example's short name when that is all it holds.
 */
export async function fragmentFor(state: SharedState): Promise<string> {
  const view = state.view ?? DEFAULT_LINK_VIEW;
  const plain =
    isSameFields(state.fields, DEFAULT_FIELDS) && view.tab === DEFAULT_LINK_VIEW.tab && view.diffLayout === DEFAULT_LINK_VIEW.diffLayout;
  if (plain && state.manifest === undefined) return state.example === undefined ? '' : `example=${state.example}`;
  return encodeState(state);
}
