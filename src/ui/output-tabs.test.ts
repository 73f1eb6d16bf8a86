import { describe, expect, it } from 'vitest';
import type { OutputTab } from '../core';
import { downloadName, fileStem, TAB_ROWS, tabRow } from './output-tabs';

describe('output tabs', () => {
  it('are the tabs of SPEC §5.1, in order, with their button names', () => {
    expect(TAB_ROWS.map((row) => row.label)).toEqual(['Hardened', 'Diff', 'JSON Patch', 'Kustomize', 'Policy']);
    expect(TAB_ROWS.map((row) => row.what(false))).toEqual(['YAML', 'diff', 'JSON Patch', 'kustomize patches', 'policy']);
    // The Policy tab is a panel with its own copy and download.
    expect(TAB_ROWS.map((row) => row.Panel !== undefined)).toEqual([false, false, false, false, true]);
    expect(tabRow('hardened').what(true)).toBe('JSON');
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
