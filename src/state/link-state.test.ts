import { describe, expect, it } from 'vitest';
import { DEFAULT_EXAMPLE, EXAMPLES } from '../examples';
import { fragmentFor, openFragment } from './link-state';
import { DEFAULT_FIELDS } from './option-fields';
import { DEFAULT_LINK_VIEW } from './url-codec';

describe('openFragment', () => {
  it('opens the default example without a fragment', async () => {
    expect(await openFragment('')).toEqual({ manifest: DEFAULT_EXAMPLE.text, fields: DEFAULT_FIELDS, notice: undefined });
  });

  it('opens every example by name', async () => {
    for (const example of EXAMPLES) {
      expect((await openFragment(`#example=${example.name}`)).manifest).toBe(example.text);
    }
  });

  it('falls back to the default example with a notice on a broken or unknown link', async () => {
    for (const fragment of ['#v=1&s=garbage', '#example=nope', '#v=9&s=abc', '#whatever']) {
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

describe('fragmentFor', () => {
  it('names an unedited example instead of encoding it', async () => {
    expect(await fragmentFor({ manifest: EXAMPLES[2]?.text ?? '', fields: DEFAULT_FIELDS })).toBe(`example=${EXAMPLES[2]?.name}`);
  });
  it('encodes an example shown in another view, so the link keeps the view', async () => {
    const view = { tab: 'diff', diffLayout: 'inline' } as const;
    expect(await fragmentFor({ manifest: DEFAULT_EXAMPLE.text, fields: DEFAULT_FIELDS, view })).toMatch(/^v=3&s=/);
  });
  it('encodes an example with changed options', async () => {
    expect(await fragmentFor({ manifest: DEFAULT_EXAMPLE.text, fields: { ...DEFAULT_FIELDS, audience: 'x' } })).toMatch(/^v=3&s=/);
  });
});
