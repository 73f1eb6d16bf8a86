/**
 * Whether a manifest's text looks like it holds credentials, decided on the text itself (no parse:
 * the page's first chunk carries no YAML parser, and the decision must be about the very text that
 * would go into the address bar, not about an older reply of the worker). Every rule is a linear
 * scan; a false alarm only keeps the manifest out of the address bar, a miss would leak it.
 */

/** Which kind of credential was recognised. */
export type SecretRule =
  | 'secret-object'
  | 'private-key'
  | 'aws-access-key'
  | 'aws-secret-key'
  | 'url-password'
  | 'credential-env'
  | 'credential-arg'
  | 'kubeconfig-credential'
  | 'too-large-to-scan';

export type SecretMatch = {
  readonly rule: SecretRule;
  /** What was found, in words for the notice: "a PEM private key (line 12)". */
  readonly description: string;
  /** 1-based line of the match. */
  readonly line: number;
};

/** Above this, the text is not scanned but treated as holding credentials (bounded work). */
export const MAX_SCANNED_CHARS = 2_000_000;

/**
 * Names of env variables and flags that say they hold a credential (DB_PWD, API_KEY, GITHUB_TOKEN,
 * clientSecret, SECRET_KEY_BASE, --db-password): the name ends in the credential word. Names that
 * only refer to one (`--secret-name`, `SECRET_NAMESPACE`, `--cert-secrets`) do not.
 */
function isCredentialName(name: string): boolean {
  return (
    /pass(word|wd)/i.test(name) ||
    /(pass|pwd|secret|token|credentials?|(^|[-_.]|[a-z])key)([-_.]?(base|value|data))?$/i.test(name.replace(/^-+/, ''))
  );
}

/** Values that are no literal credential: empty, booleans, numbers, references to something else. */
function isLiteralValue(value: string): boolean {
  const text = value.trim().replace(/^["']|["']$/g, '');
  if (text === '' || /^(true|false|yes|no|on|off|null|~|\d+[smhd]?)$/i.test(text)) return false;
  // `$(VAR)` and `${VAR}` are filled in from elsewhere (a Secret), `/…` is a file path.
  return !/^(\$[({]|\/)/.test(text);
}

type Rule = { readonly rule: SecretRule; readonly find: (text: string) => { index: number; what: string } | undefined };

function firstMatch(pattern: RegExp, text: string, what: (match: RegExpExecArray) => string | undefined) {
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const described = what(match);
    // Leading separators belong to the line before, when the pattern starts with one.
    if (described !== undefined) return { index: match.index + match[0].length - match[0].trimStart().length, what: described };
  }
  return undefined;
}

/** The text of one env entry around `name:`: back to its list item start, on to the next item. */
function entryAround(text: string, index: number): string {
  const before = text.slice(Math.max(0, index - 300), index);
  const start = Math.max(before.lastIndexOf('- '), before.lastIndexOf('{'));
  const after = text.slice(index, index + 400);
  const next = after.slice(1).search(/\n\s*- |\}/);
  return (start === -1 ? '' : before.slice(start)) + (next === -1 ? after : after.slice(0, next + 1));
}

const RULES: readonly Rule[] = [
  {
    rule: 'secret-object',
    find: (text) => firstMatch(/(^|[\s{,])["']?kind["']?\s*:\s*["']?Secret["']?\s*($|[,}#\r\n])/gm, text, () => 'a Secret object'),
  },
  {
    rule: 'private-key',
    find: (text) =>
      firstMatch(
        // PEM, or PEM in base64 (kubeconfig `client-key-data`, Secret-like ConfigMaps): "-----BEGIN … PRIVATE KEY".
        /-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY-----|LS0tLS1CRUdJTiB(QUklWQVRFIEtFWS|SU0EgUFJJVkFURSBLRV|FQyBQUklWQVRFIEtFW|PUEVOU1NIIFBSSVZBVEUgS0VZ|FTkNSWVBURUQgUFJJVkFURSBLRV|EU0EgUFJJVkFURSBLRV)/g,
        text,
        () => 'a private key',
      ),
  },
  {
    rule: 'aws-access-key',
    find: (text) => firstMatch(/\b(AKIA|ASIA)[0-9A-Z]{16}\b/g, text, () => 'an AWS access key ID'),
  },
  {
    rule: 'aws-secret-key',
    find: (text) =>
      firstMatch(/aws_secret_access_key["']?[ \t]*[=:][ \t]*([^\n]*)/gi, text, (match) =>
        isLiteralValue(match[1] ?? '') ? 'an AWS secret access key' : undefined,
      ),
  },
  {
    rule: 'url-password',
    find: (text) =>
      firstMatch(/\b[a-z][a-z0-9+.-]*:\/\/[^\s:@/'"]+:([^\s@/'"]+)@/gi, text, (match) =>
        isLiteralValue(match[1] ?? '') ? 'a URL with a password' : undefined,
      ),
  },
  {
    rule: 'credential-env',
    find: (text) =>
      firstMatch(/["']?name["']?\s*:\s*["']?([A-Za-z_][\w.-]*)/g, text, (match) => {
        const name = match[1] ?? '';
        if (!isCredentialName(name)) return undefined;
        const value = /["']?value["']?[ \t]*:[ \t]*([^\n,}]*)/.exec(entryAround(text, match.index));
        return value && isLiteralValue(value[1] ?? '') ? `the env variable ${name} with a literal value` : undefined;
      }),
  },
  {
    rule: 'credential-arg',
    find: (text) =>
      firstMatch(/(^|[\s"'[,])(--?[A-Za-z][\w-]*)=([^\s"',\]]*)/gm, text, (match) =>
        isCredentialName(match[2] ?? '') && isLiteralValue(match[3] ?? '') ? `the argument ${match[2]}=…` : undefined,
      ),
  },
  {
    rule: 'kubeconfig-credential',
    find: (text) =>
      firstMatch(
        /^[\s-]*["']?(client-key-data|token|id-token|refresh-token|client-secret|password)["']?[ \t]*:[ \t]*([^\n]*)/gm,
        text,
        (match) =>
          isLiteralValue(match[2] ?? '') && !/^[|>[{&*]/.test((match[2] ?? '').trim()) ? `a credential field (${match[1]})` : undefined,
      ),
  },
];

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let at = text.indexOf('\n'); at !== -1 && at < index; at = text.indexOf('\n', at + 1)) line += 1;
  return line;
}

/** The first credential-like thing in the text (in rule order), or undefined when none is seen. */
export function scanForSecrets(text: string): SecretMatch | undefined {
  if (text.length > MAX_SCANNED_CHARS) {
    return { rule: 'too-large-to-scan', description: 'a manifest too large to check for credentials', line: 1 };
  }
  for (const { rule, find } of RULES) {
    const found = find(text);
    if (found) {
      const line = lineOf(text, found.index);
      return { rule, description: `${found.what} (line ${line})`, line };
    }
  }
  return undefined;
}
