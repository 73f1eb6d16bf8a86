/** `--help`, written from the tables of options and output formats so it never drifts from them. */
import { OPTION_TABLE, OUTPUT_FORMATS, type OptionRow } from '../core/index';

const WIDTH = 80;
const INDENT = '      ';

/** Words laid out in lines of at most WIDTH columns, each starting with `indent`. */
function wrap(text: string, indent: string): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((part) => part !== '')) {
    if (line !== '' && indent.length + line.length + 1 + word.length > WIDTH) {
      lines.push(indent + line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(indent + line);
  return lines.map((text) => `${text}\n`).join('');
}

/** The default, and what a flag without a value does to it; a flag with help of its own says both. */
function flagEffect(row: OptionRow): string {
  if (row.flagValue !== undefined) return ` Default: ${row.defaultText}.`;
  if (row.flagHelp !== undefined) return '';
  return ` Default: ${row.defaultText}; this flag turns it ${row.flagSets === true ? 'on' : 'off'}.`;
}

function optionHelp(row: OptionRow): string {
  const head = `  ${row.flag}${row.flagValue === undefined ? '' : ` ${row.flagValue}`}\n`;
  // A flag without a value cannot break a rule: it sets one value.
  const rule = row.rule === undefined || row.flagValue === undefined ? '' : ` Must be ${row.rule}.`;
  const synonyms = (row.flagSynonyms ?? []).map(
    (synonym) => `  ${synonym.flag}\n${wrap(`${synonym.help} The same as ${row.flag} ${synonym.sets}.`, INDENT)}`,
  );
  return head + wrap(`${row.flagHelp ?? row.help}${rule}${flagEffect(row)}`, INDENT) + synonyms.join('');
}

const rows: readonly OptionRow[] = OPTION_TABLE;

export const HELP_TEXT = `Usage: sa-token-hardener [options] [FILE ...]
       sa-token-hardener policy [--kind validating|mutating|kyverno] [options]

Hardens Kubernetes manifests: sets automountServiceAccountToken: false and mounts the
ServiceAccount token by hand, read-only, through a projected volume with a bounded
lifetime. Reads standard input when no FILE is given or FILE is "-"; writes to standard
output. YAML (one or many documents, kind: List) and JSON are accepted.

Hardening options:
  --config FILE
      read the options from a HardeningConfig file (sa-token-hardener.dev/v1alpha1)
      or a ConfigMap; the flags below override it.
${rows.map(optionHelp).join('')}
Evidence:
  --cluster FILE
      what a cluster holds, as \`kubectl get serviceaccounts,roles,rolebindings,clusterroles,
      clusterrolebindings,pods -A -o yaml\` (or -o json) prints it; repeat it for more files.
      Its RBAC, ServiceAccounts and pods back each workload's recommendation (see --format
      workloads); it is read, never changed.
  --audit-log FILE
      API server audit logs (kube-apiserver, EKS, AKS or GKE; plain or gzip; globs; "-" for
      standard input), repeatable: each workload's requests back its recommendation, and
      --api-access auto removes the token of a workload whose pods ran and never used it.
  --audit-min-days N
      the days an audit log must cover before its silence counts (default 7).

Output:
  -f, --format FORMAT
${OUTPUT_FORMATS.map((row, index) => wrap(`${row.name}: ${row.help}${index === 0 ? ' (default)' : ''}`, INDENT)).join('')}  --json
      with --format changes or workloads: machine-readable JSON
  --check
      change nothing; list objects that are not hardened and exit 1 (with --format sarif or
      github: as SARIF 2.1.0 or as GitHub Actions annotations)
  -q, --quiet
      no warnings or notes on standard error
  -h, --help
      show this help
  -V, --version
      show the version

\`sa-token-hardener policy\` prints the admission policy that enforces the same options in a
cluster (see sa-token-hardener policy --help).

A ResourceList on standard input, with no FILE, runs the command as a KRM function
(kustomize, kpt): it returns the list with its items hardened and results; its
functionConfig holds the options, which --config and the flags override. With --check or
--format sarif|github the list is checked instead; "-" reads standard input as a manifest.

Exit status: 0 done (or all hardened with --check); 1 --check found objects to harden;
2 bad input or bad options. Errors are printed as FILE:LINE:COL: error: MESSAGE.
`;
