/** Core errors and findings as editor markers, so each shows where it happens. */
import type { Finding, InputError } from '../../core';
import type { monaco as Monaco } from './monaco';

type MonacoApi = typeof Monaco;

export const MARKER_OWNER = 'sa-token-hardener';

export function toMarkers(
  monaco: MonacoApi,
  model: Monaco.editor.ITextModel,
  errors: readonly InputError[],
  findings: readonly Finding[],
): Monaco.editor.IMarkerData[] {
  const lineCount = model.getLineCount();
  const clampLine = (line: number) => Math.min(Math.max(line, 1), lineCount);
  const markers: Monaco.editor.IMarkerData[] = [];
  for (const error of errors) {
    const startLineNumber = clampLine(error.start.line);
    let endLineNumber = clampLine(error.end.line);
    let endColumn = error.end.col;
    if (endLineNumber < startLineNumber || (endLineNumber === startLineNumber && endColumn <= error.start.col)) {
      endLineNumber = startLineNumber;
      endColumn = model.getLineMaxColumn(startLineNumber);
    }
    markers.push({
      severity: monaco.MarkerSeverity.Error,
      message: error.hint ? `${error.message}\n${error.hint}` : error.message,
      code: error.code,
      source: 'sa-token-hardener',
      startLineNumber,
      startColumn: Math.max(error.start.col, 1),
      endLineNumber,
      endColumn: Math.max(endColumn, Math.max(error.start.col, 1) + 1),
    });
  }
  for (const finding of findings) {
    if (!finding.position) continue;
    const line = clampLine(finding.position.line);
    markers.push({
      severity: finding.severity === 'warning' ? monaco.MarkerSeverity.Warning : monaco.MarkerSeverity.Info,
      message: finding.message,
      code: finding.code,
      source: 'sa-token-hardener',
      startLineNumber: line,
      startColumn: Math.max(finding.position.col, 1),
      endLineNumber: line,
      endColumn: model.getLineMaxColumn(line),
    });
  }
  return markers;
}
