/** The `changes` output format (SPEC §3): the explained change list and findings, for people and for machines. */
import { cloneJson } from './json-values';
import type { Change, Finding, HardenResult, InputError, SourcePosition } from '../result';
import { escapeForTerminal as safe } from '../source-text';

/** A change as JSON: `before`/`after` are left out where the field was absent. */
export type ChangeJson = {
  readonly document: number;
  readonly object: string;
  readonly path: string;
  readonly before?: unknown;
  readonly after?: unknown;
  readonly reason: string;
};

/** A finding as JSON: `position` is null where the input as a whole is concerned. */
export type FindingJson = Omit<Finding, 'position'> & { readonly position: SourcePosition | null };

/** An input error as JSON: `hint` is null where there is none. */
export type InputErrorJson = Omit<InputError, 'hint'> & { readonly hint: string | null };

/** What `--format changes --json` prints. */
export type ChangeReportJson = {
  readonly changes: readonly ChangeJson[];
  readonly findings: readonly FindingJson[];
  readonly errors: readonly InputErrorJson[];
};

/** How much of a value one report line shows. */
const MAX_VALUE_LENGTH = 120;

/** A value on one line: JSON, shortened; `(absent)` where the field did not exist. */
function formatValue(value: unknown): string {
  if (value === undefined) return '(absent)';
  // JSON escapes C0 controls but not C1 ones (U+009B starts a terminal command) or bidi overrides.
  const text = safe(JSON.stringify(value) ?? typeof value);
  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH - 1)}…` : text;
}

function formatLocation(fileLabel: string, position: SourcePosition | undefined): string {
  return position ? `${safe(fileLabel)}:${position.line}:${position.col}` : safe(fileLabel);
}

function countLabel(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}

function formatChange(fileLabel: string, change: Change): string {
  return `${safe(fileLabel)}: change: ${safe(change.object)}: ${safe(change.path)}: ${formatValue(change.before)} → ${formatValue(change.after)} (${safe(change.reason)})`;
}

function formatFinding(fileLabel: string, finding: Finding): string {
  const object = finding.object === '' ? '' : `${safe(finding.object)}: `;
  return `${formatLocation(fileLabel, finding.position)}: ${finding.severity}: ${object}${safe(finding.message)} [${finding.code}]`;
}

function formatInputError(fileLabel: string, error: InputError): string[] {
  const location = formatLocation(fileLabel, error.start);
  return [`${location}: error: ${safe(error.message)} [${error.code}]`, ...(error.hint ? [`${location}: note: ${safe(error.hint)}`] : [])];
}

type ObjectGroup = { readonly document: number; readonly object: string; readonly lines: string[] };

/**
 * The change list and findings as text: a summary line, then one block per object (in document
 * order) with one self-contained line per change or finding, `FILE[:LINE:COL]: KIND: OBJECT: …`,
 * so that `grep warning:` or `grep Deployment/web` gives whole answers. Text from the input is
 * escaped (`\x1b`), so a name cannot drive the terminal that shows the report.
 */
export function formatChangeReport(result: HardenResult, fileLabel: string): string {
  const warnings = result.findings.filter((finding) => finding.severity === 'warning').length;
  const summary = [
    countLabel(result.errors.length, 'error'),
    countLabel(result.changes.length, 'change'),
    countLabel(warnings, 'warning'),
    countLabel(result.findings.length - warnings, 'info', 'info'),
  ];
  const out = [`${safe(fileLabel)}: ${summary.join(', ')}`];
  if (result.errors.length > 0) out.push('', ...result.errors.flatMap((error) => formatInputError(fileLabel, error)));

  const groups = new Map<string, ObjectGroup>();
  const groupOf = (document: number, object: string): ObjectGroup => {
    const key = JSON.stringify([document, object]);
    let group = groups.get(key);
    if (!group) {
      group = { document, object, lines: [] };
      groups.set(key, group);
    }
    return group;
  };
  for (const change of result.changes) groupOf(change.document, change.object).lines.push(formatChange(fileLabel, change));
  for (const finding of result.findings) groupOf(finding.document, finding.object).lines.push(formatFinding(fileLabel, finding));

  const ordered = [...groups.values()].sort((left, right) => left.document - right.document);
  for (const group of ordered) {
    const title = group.object === '' ? 'whole input' : safe(group.object);
    const where = group.document < 0 ? '' : ` (document ${group.document + 1})`;
    out.push('', `# ${title}${where}`, ...group.lines);
  }
  return out.join('\n') + '\n';
}

/** The change list, findings and errors as a plain value that `JSON.stringify` keeps whole. */
export function changeReportJson(result: HardenResult): ChangeReportJson {
  return {
    changes: result.changes.map((change) => ({
      document: change.document,
      object: change.object,
      path: change.path,
      ...(change.before === undefined ? {} : { before: cloneJson(change.before) }),
      ...(change.after === undefined ? {} : { after: cloneJson(change.after) }),
      reason: change.reason,
    })),
    findings: result.findings.map((finding) => ({
      code: finding.code,
      severity: finding.severity,
      document: finding.document,
      object: finding.object,
      message: finding.message,
      position: finding.position ? { line: finding.position.line, col: finding.position.col } : null,
    })),
    errors: result.errors.map((error) => ({
      code: error.code,
      severity: error.severity,
      message: error.message,
      hint: error.hint ?? null,
      document: error.document,
      start: { line: error.start.line, col: error.start.col },
      end: { line: error.end.line, col: error.end.col },
    })),
  };
}
