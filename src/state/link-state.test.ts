import { describe, expect, it } from 'vitest';
import { DEFAULT_EXAMPLE, EXAMPLES } from '../examples';
import { fragmentFor, linkState, openFragment } from './link-state';
import { DEFAULT_FIELDS } from './option-fields';
import { DEFAULT_LINK_VIEW } from './url-codec';

const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: mine\n';

describe('openFragment', () => {
  it('opens no manifest without a fragment: the page shows its default', async () => {
    expect(await openFragment('')).toEqual({ manifest: undefined, fields: DEFAULT_FIELDS, notice: undefined });
  });

  it('opens every example by name, as a short link or inside a link with options', async () => {
    for (const example of EXAMPLES) {
      expect((await openFragment(`#example=${example.name}`)).manifest).toBe(example.text);
      const fields = { ...DEFAULT_FIELDS, audience: 'vault' };
      const opened = await openFragment(await fragmentFor({ example: example.name, fields }));
      expect(opened).toEqual({ manifest: example.text, fields, view: DEFAULT_LINK_VIEW, notice: undefined });
    }
  });

  it('opens a link of options and view with no manifest', async () => {
    const state = { fields: { ...DEFAULT_FIELDS, apiAccess: 'none' as const }, view: { tab: 'diff', diffLayout: 'inline' } as const };
    expect(await openFragment(await fragmentFor(state))).toEqual({ ...state, manifest: undefined, notice: undefined });
  });

  it('falls back to the default example with a notice on a broken or unknown link', async () => {
    const unknownInside = await fragmentFor({ example: 'nope', fields: DEFAULT_FIELDS, view: { tab: 'diff', diffLayout: 'inline' } });
    for (const fragment of ['#v=1&s=garbage', '#example=nope', '#v=9&s=abc', '#whatever', unknownInside]) {
      const opened = await openFragment(fragment);
      expect(opened.manifest).toBe(DEFAULT_EXAMPLE.text);
      expect(opened.notice).toMatch(/\S/);
    }
  });

  it('round-trips an edited state', async () => {
    const state = { manifest: 'kind: Pod\n', fields: { ...DEFAULT_FIELDS, volumeName: 'token' } };
    expect(await openFragment(await fragmentFor(state))).toEqual({ ...state, view: DEFAULT_LINK_VIEW, notice: undefined });
  });
});

describe('linkState', () => {
  const page = { manifest: POD, fields: DEFAULT_FIELDS, view: DEFAULT_LINK_VIEW };
  it('holds the manifest only when asked to', () => {
    expect(linkState(page, true)).toEqual({ manifest: POD, fields: DEFAULT_FIELDS, view: DEFAULT_LINK_VIEW });
    expect(linkState(page, false)).toEqual({ fields: DEFAULT_FIELDS, view: DEFAULT_LINK_VIEW });
  });
  it('names an example instead of holding its text, asked or not', () => {
    for (const withManifest of [true, false]) {
      expect(linkState({ ...page, manifest: DEFAULT_EXAMPLE.text }, withManifest)).toEqual({
        example: DEFAULT_EXAMPLE.name,
        fields: DEFAULT_FIELDS,
        view: DEFAULT_LINK_VIEW,
      });
    }
  });
});

describe('fragmentFor', () => {
  it('is empty for the defaults without a manifest, the address bar of a fresh page', async () => {
    expect(await fragmentFor({ fields: DEFAULT_FIELDS, view: DEFAULT_LINK_VIEW })).toBe('');
  });
  it('names an unedited example instead of encoding it', async () => {
    expect(await fragmentFor({ example: EXAMPLES[2]?.name, fields: DEFAULT_FIELDS })).toBe(`example=${EXAMPLES[2]?.name}`);
  });
  it('encodes an example shown in another view, so the link keeps the view', async () => {
    const view = { tab: 'diff', diffLayout: 'inline' } as const;
    expect(await fragmentFor({ example: DEFAULT_EXAMPLE.name, fields: DEFAULT_FIELDS, view })).toMatch(/^v=4&s=/);
  });
  it('encodes an example with changed options', async () => {
    expect(await fragmentFor({ example: DEFAULT_EXAMPLE.name, fields: { ...DEFAULT_FIELDS, audience: 'x' } })).toMatch(/^v=4&s=/);
  });
  it('encodes a manifest even with every default', async () => {
    expect(await fragmentFor({ manifest: POD, fields: DEFAULT_FIELDS })).toMatch(/^v=4&s=/);
  });
});
