import { describe, expect, it } from 'vitest';
import type { Finding, InputError } from '../../core';
import { toMarkers } from './markers';

const severity = { Error: 8, Warning: 4, Info: 2, Hint: 1 };
const lines = ['kind: Pod', 'metadata:', '\tname: x'];
const fakeMonaco = { MarkerSeverity: severity } as unknown as Parameters<typeof toMarkers>[0];
const fakeModel = {
  getLineCount: () => lines.length,
  getLineMaxColumn: (line: number) => (lines[line - 1]?.length ?? 0) + 1,
} as unknown as Parameters<typeof toMarkers>[1];

describe('toMarkers', () => {
  it('marks an error at its range, widening an empty range to the end of the line', () => {
    const error: InputError = {
      code: 'tab-indentation',
      severity: 'error',
      message: 'a tab character is used for indentation',
      hint: 'replace them with spaces',
      document: 0,
      start: { line: 3, col: 1 },
      end: { line: 3, col: 1 },
    };
    expect(toMarkers(fakeMonaco, fakeModel, [error], [])).toEqual([
      expect.objectContaining({
        severity: severity.Error,
        code: 'tab-indentation',
        message: 'a tab character is used for indentation\nreplace them with spaces',
        startLineNumber: 3,
        startColumn: 1,
        endLineNumber: 3,
        endColumn: 9,
      }),
    ]);
  });

  it('marks findings with a position as warnings or notes, and clamps lines', () => {
    const finding = (line: number, level: Finding['severity']): Finding => ({
      code: 'default-service-account',
      severity: level,
      document: 0,
      object: 'Pod/x',
      message: 'm',
      position: { line, col: 1 },
    });
    const markers = toMarkers(
      fakeMonaco,
      fakeModel,
      [],
      [finding(1, 'warning'), finding(99, 'info'), { ...finding(1, 'info'), position: undefined }],
    );
    expect(markers.map((marker) => [marker.severity, marker.startLineNumber])).toEqual([
      [severity.Warning, 1],
      [severity.Info, 3],
    ]);
  });
});
