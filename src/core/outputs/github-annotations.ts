/**
 * `--check` as GitHub Actions workflow commands (`::error file=…,line=…::message`), which the
 * runner turns into annotations on the pull request's changed lines. GitHub shows at most 10
 * errors and 10 warnings per step, so an object gets one error for all it lacks, as `--check`
 * prints one line for it.
 */
import { escapeForTerminal } from '../source-text';
import { type ReportFile, reportPath } from './sarif';

/** A workflow command's message: `%`, CR and LF escaped, as the runner unescapes them. */
export function escapeCommandData(text: string): string {
  return text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

/** A workflow command's property value: as data, plus `:` and `,`, which separate properties. */
export function escapeCommandProperty(text: string): string {
  return escapeCommandData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}

/**
 * A workflow command. The title and the message are shown as they are on the pull request: names
 * in them have their control and bidirectional characters escaped. The file must name the file.
 */
function command(level: 'error' | 'warning', properties: readonly (readonly [string, string | number])[], message: string): string {
  const list = properties
    .map(([key, value]) => `${key}=${escapeCommandProperty(key === 'title' ? escapeForTerminal(String(value)) : String(value))}`)
    .join(',');
  return `::${level} ${list}::${escapeCommandData(escapeForTerminal(message))}\n`;
}

/**
 * The annotations of `--check` over the files: an error per object that is not hardened (title
 * the object, message what it lacks, as `--check` lists it), then a warning per warning finding
 * about an object or document. Paths are made relative to `cwd`, as the runner expects them.
 */
export function githubAnnotations(files: readonly ReportFile[], cwd?: string): string {
  return files
    .map(({ path, result }) => {
      const file = reportPath(path, cwd);
      const errors = result.objects
        .filter((workload) => workload.missing.length > 0)
        .map((workload) =>
          command(
            'error',
            [
              ['file', file],
              ['line', workload.position.line],
              ['col', workload.position.col],
              ['title', workload.object],
            ],
            workload.missing.join('; '),
          ),
        );
      const warnings = result.findings
        .filter((finding) => finding.severity === 'warning' && finding.document >= 0)
        .map((finding) =>
          command(
            'warning',
            [
              ['file', file],
              ...(finding.position
                ? ([
                    ['line', finding.position.line],
                    ['col', finding.position.col],
                  ] as const)
                : []),
              ['title', finding.object === '' ? finding.code : `${finding.object}: ${finding.code}`],
            ],
            finding.message,
          ),
        );
      return [...errors, ...warnings].join('');
    })
    .join('');
}
