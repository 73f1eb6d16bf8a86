import { describe, expect, it } from 'vitest';
import type { OutputTab } from '../../core';
import { DEFAULT_VIEW } from '../../state/view-state';
import { downloadName, fileStem, TAB_ROWS, tabRow } from './output-tabs';

describe('output tabs', () => {
  it('are the tabs of SPEC §5.1, in order, with their button names', () => {
    expect(TAB_ROWS.map((row) => row.label)).toEqual(['Hardened', 'Diff', 'JSON Patch', 'Kustomize', 'Policy']);
    expect(TAB_ROWS.map((row) => row.what(false))).toEqual(['YAML', 'diff', 'JSON Patch', 'kustomize patches', 'policy']);
    // The Policy tab is a panel with its own copy and download.
    expect(TAB_ROWS.map((row) => row.ownActions)).toEqual([false, false, false, false, true]);
    expect(tabRow('hardened').what(true)).toBe('JSON');
  });

  it('say which panels show the output’s lines, what each invites to while empty, and which takes the input’s column', () => {
    expect(TAB_ROWS.map((row) => row.showsLines)).toEqual([true, true, false, false, false]);
    expect(TAB_ROWS.map((row) => row.subject)).toEqual([
      'The hardened manifest',
      'The diff',
      'The JSON Patch',
      'The kustomize patches',
      'The policy',
    ]);
    const wide = (diffLayout: 'side-by-side' | 'inline') =>
      TAB_ROWS.map((row) => row.isWide({ ...DEFAULT_VIEW, tab: row.tab, diffLayout }));
    expect(wide('side-by-side')).toEqual([false, true, false, false, false]);
    expect(wide('inline')).toEqual([false, false, false, false, false]);
    // JSON Patch and Kustomize share the text panel; every other tab has its own.
    expect(new Set(TAB_ROWS.map((row) => row.Panel)).size).toBe(4);
  });

  it('name downloads after the object, else the opened file, else manifest, never two tabs alike', () => {
    const names = (isJson: boolean) => TAB_ROWS.map((row) => downloadName(row, isJson, 'foo-pod', 'bundle'));
    expect(names(false)).toEqual([
      'foo-pod-hardened.yaml',
      'foo-pod-hardened.diff',
      'foo-pod-hardened.patch.json',
      'foo-pod-hardened.patches.yaml',
      'foo-pod-hardened.policy.yaml',
    ]);
    expect(new Set(names(true)).size).toBe(TAB_ROWS.length);
    expect(downloadName(tabRow('hardened'), false, undefined, fileStem('install.yaml'))).toBe('install-hardened.yaml');
    expect(downloadName(tabRow('diff'), false, undefined, undefined)).toBe('manifest-hardened.diff');
    expect(downloadName(tabRow('hardened'), true, 'a b/c', undefined)).toBe('a-b-c-hardened.json');
  });

  it('shows the hardened text for a tab this page does not offer (a link from a newer page)', () => {
    expect(tabRow('sbom' as OutputTab).tab).toBe('hardened');
  });
});
