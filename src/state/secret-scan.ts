/**
 * What in a manifest's text looks like a credential, so that `Copy link` leaves the manifest out
 * unless the user confirms. Decided on the very text that would go into the link, at the moment it
 * is written, never on an older verdict. A false alarm costs one question; a miss leaks a secret
 * into chat logs and browser history, so the rules lean towards asking.
 *
 * Two readers: `kind: Secret` as kubectl reads it (the core's parser, so tags, anchors, aliases,
 * escapes, comments and explicit keys all count), and linear text rules for values in any place
 * (a one-line JSON kubeconfig, a docker config inside a ConfigMap string, an env var, an arg).
 * Neither ever returns the value itself: a match says what kind of thing sits on which line.
 */
import { isAlias, isPair, isScalar, visit, type Document, type Node } from 'yaml';
import { parseManifest } from '../core';

/** Which kind of credential was recognised. */
export type SecretRule =
  | 'secret-object'
  | 'private-key'
  | 'cloud-key'
  | 'url-password'
  | 'credential-env'
  | 'credential-arg'
  | 'credential-field'
  | 'jwt'
  | 'access-token'
  | 'webhook-url'
  | 'auth-header'
  | 'too-large-to-scan';

export type SecretMatch = {
  readonly rule: SecretRule;
  /** What was found, in words and without its value: "a Secret object", "the env variable DB_PWD". */
  readonly what: string;
  /** 1-based line of the match. */
  readonly line: number;
};

/** Above this, the text is not scanned but treated as holding credentials (bounded work). */
export const MAX_SCANNED_CHARS = 2_000_000;

/** At most this many matches are returned (the first ones, by line): enough to name, bounded to show. */
export const MAX_MATCHES = 100;

/**
 * Names of fields, env variables and flags that say they hold a credential (DB_PWD, API_KEY,
 * GITHUB_TOKEN, clientSecret, client-key-data, --db-password, docker's `auth`): the name ends in
 * the credential word. Names that only refer to one (`--secret-name`, `SECRET_NAMESPACE`,
 * `secretKeyRef`, `inject-ca-from-secret`) do not, nor do keys of other things (`topologyKey`,
 * `publicKey`) or a bare `key` (Kubernetes' `key: ca.crt` names a key of a ConfigMap or Secret).
 */
export function isCredentialName(name: string): boolean {
  const bare = name.replace(/^-+/, '').replace(/^.*\//, '');
  if (/^keys?$/i.test(bare) || /public|from[-_.]?secret$/i.test(bare)) return false;
  return (
    // docker's config.json writes it so; `Auth:` is prose.
    bare === 'auth' ||
    /pass(word|wd)/i.test(bare) ||
    /(pass|pwd|secret|token|credentials?|(^|[-_.]|api|access|secret|private|signing|encryption|master|client|account|license|shared|session)key)([-_.]?(base|value|data))?$/i.test(
      bare,
    )
  );
}

/** Values that are no literal credential: empty, booleans, numbers, references to something else. */
function isLiteralValue(value: string): boolean {
  const text = value
    .trim()
    .replace(/^&\S+\s*/, '')
    .replace(/^\\?["']|\\?["']$/g, '');
  if (text === '' || /^(true|false|yes|no|on|off|null|~|\d+[smhd]?)$/i.test(text)) return false;
  // `$(VAR)` and `${VAR}` are filled in from elsewhere (a Secret), `{{ … }}` by a template, `/…` is
  // a file path, `*a` an alias, and a mapping or list is no single value.
  return !/^(\$[({]|\{\{|\/|\*|[{[])/.test(text);
}

/**
 * The scalar right after a key, as written on its line: a quoted string up to its closing quote
 * (an escaped quote inside JSON held in a YAML string too), else up to a separator or a comment.
 */
function valueAfterKey(rest: string): string {
  const quoted = /^(\\?["'])((?:(?!\1).)*)/.exec(rest);
  if (quoted) return quoted[2] ?? '';
  return rest.split(/[,}\]]|\s#/)[0] ?? '';
}

type Found = { readonly index: number; readonly what: string };
type Rule = { readonly rule: SecretRule; readonly find: (text: string) => Found[] };

/** Every match of `pattern` that `what` names (undefined skips it), at the start of its first group or of the match. */
function matches(pattern: RegExp, text: string, what: (match: RegExpExecArray) => string | undefined): Found[] {
  const found: Found[] = [];
  for (const match of text.matchAll(pattern)) {
    const described = what(match);
    if (described === undefined) continue;
    // Leading separators belong to the line before, when the pattern starts with one.
    found.push({ index: match.index + match[0].length - match[0].trimStart().length, what: described });
    if (found.length >= MAX_MATCHES) break;
  }
  return found;
}

/** The text of one env entry around `name:`: back to its list item start, on to the next item. */
function entryAround(text: string, index: number): string {
  const before = text.slice(Math.max(0, index - 300), index);
  const start = Math.max(before.lastIndexOf('- '), before.lastIndexOf('{'));
  const after = text.slice(index, index + 400);
  const next = after.slice(1).search(/\n\s*- |\}/);
  return (start === -1 ? '' : before.slice(start)) + (next === -1 ? after : after.slice(0, next + 1));
}

/** Tokens whose shape alone says what they are; each names its issuer. */
const TOKEN_SHAPES: readonly { readonly pattern: RegExp; readonly what: string }[] = [
  { pattern: /\b(gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{40,})/g, what: 'a GitHub access token' },
  { pattern: /\bglpat-[A-Za-z0-9_-]{20,}/g, what: 'a GitLab access token' },
  { pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g, what: 'a Slack token' },
  { pattern: /\bnpm_[A-Za-z0-9]{36}\b/g, what: 'an npm access token' },
  { pattern: /\bpypi-AgE[A-Za-z0-9_-]{50,}/g, what: 'a PyPI token' },
  { pattern: /\b[sr]k_live_[A-Za-z0-9]{20,}/g, what: 'a Stripe secret key' },
  { pattern: /\bhv[sb]\.[A-Za-z0-9_-]{24,}/g, what: 'a Vault token' },
];

const WEBHOOKS: readonly { readonly pattern: RegExp; readonly what: string }[] = [
  { pattern: /https:\/\/hooks\.slack\.com\/(services|workflows|triggers)\/[A-Za-z0-9/_-]{8,}/g, what: 'a Slack webhook URL' },
  { pattern: /https:\/\/(ptb\.|canary\.)?discord(app)?\.com\/api\/webhooks\/\d+\/[\w-]+/g, what: 'a Discord webhook URL' },
  { pattern: /https:\/\/[\w.-]+\.webhook\.office\.com\/webhookb2\/[\w@/-]+/g, what: 'a Microsoft Teams webhook URL' },
  { pattern: /https:\/\/[\w.-]+\.logic\.azure\.com[^\s"']*[?&]sig=[\w%-]+/g, what: 'an Azure webhook URL with its signature' },
];

/** Whether base64 text decodes to `user:password`, as a Basic-auth header carries it. */
function isBasicCredentials(base64: string): boolean {
  try {
    return /^[^:\s]+:\S/.test(atob(base64));
  } catch {
    return false;
  }
}

/** `kind: Secret` spelled the plain way, or with a tag, an anchor, quotes or a comment: read where the text does not parse. */
const SECRET_KIND_TEXT =
  /(^|[\s{,])(["']?)kind\2[ \t]*:[ \t]*((?:!!str|!<tag:yaml\.org,2002:str>|&[^\s,{}[\]]+)[ \t]+)*(["']?)Secret\4[ \t]*($|[,}#\r\n])/gm;

const TEXT_RULES: readonly Rule[] = [
  { rule: 'secret-object', find: (text) => matches(SECRET_KIND_TEXT, text, () => 'a Secret object') },
  {
    rule: 'private-key',
    find: (text) =>
      matches(
        // PEM, or PEM in base64 (kubeconfig `client-key-data`, Secret-like ConfigMaps): "-----BEGIN … PRIVATE KEY".
        /-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY-----|LS0tLS1CRUdJTiB(QUklWQVRFIEtFWS|SU0EgUFJJVkFURSBLRV|FQyBQUklWQVRFIEtFW|PUEVOU1NIIFBSSVZBVEUgS0VZ|FTkNSWVBURUQgUFJJVkFURSBLRV|EU0EgUFJJVkFURSBLRV)/g,
        text,
        () => 'a private key',
      ),
  },
  {
    rule: 'cloud-key',
    find: (text) => [
      ...matches(/\b(AKIA|ASIA)[0-9A-Z]{16}\b/g, text, () => 'an AWS access key ID'),
      ...matches(/aws_secret_access_key["']?[ \t]*[=:][ \t]*([^\n]*)/gi, text, (match) =>
        isLiteralValue(match[1] ?? '') ? 'an AWS secret access key' : undefined,
      ),
      ...matches(/\bAIza[0-9A-Za-z_-]{35}\b/g, text, () => 'a Google API key'),
      ...matches(/\bAccountKey=[A-Za-z0-9+/]{40,}={0,2}/g, text, () => 'an Azure storage account key'),
      ...matches(/\bSharedAccessKey=[A-Za-z0-9+/]{20,}={0,2}/g, text, () => 'an Azure shared access key'),
    ],
  },
  {
    rule: 'url-password',
    find: (text) =>
      matches(/\b[a-z][a-z0-9+.-]*:\/\/[^\s:@/'"]+:([^\s@/'"]+)@/gi, text, (match) =>
        isLiteralValue(match[1] ?? '') ? 'a URL with a password' : undefined,
      ),
  },
  {
    rule: 'credential-env',
    find: (text) =>
      matches(/["']?name["']?\s*:\s*["']?([A-Za-z_][\w.-]*)/g, text, (match) => {
        const name = match[1] ?? '';
        if (!isCredentialName(name)) return undefined;
        const value = /["']?value["']?[ \t]*:[ \t]*([^\n,}]*)/.exec(entryAround(text, match.index));
        return value && isLiteralValue(value[1] ?? '') ? `the env variable ${name} with a literal value` : undefined;
      }),
  },
  {
    rule: 'credential-arg',
    find: (text) => [
      // `--db-password=hunter2`
      ...matches(/(^|[\s"'[,])(--?[A-Za-z][\w-]*)=([^\s"',\]]*)/gm, text, (match) =>
        isCredentialName(match[2] ?? '') && isLiteralValue(match[3] ?? '') ? `the argument ${match[2]}` : undefined,
      ),
      // `--db-password` then its value as the next item: `- --db-password` / `- hunter2`, or `["--db-password", "hunter2"]`.
      ...matches(/(^|[\s"'[,])(--?[A-Za-z][\w-]*)["']?[ \t]*(?:,|\r?\n[ \t]*-)[ \t]*(["']?)([^\s"',\]#-][^\s"',\]]*)\3/gm, text, (match) =>
        isCredentialName(match[2] ?? '') && isLiteralValue(match[4] ?? '') ? `the value of the argument ${match[2]}` : undefined,
      ),
    ],
  },
  {
    rule: 'credential-field',
    // Any key, YAML or JSON, even inside a string (a docker config in a ConfigMap or an env var):
    // the lookahead reads the value without consuming it, so the next key on the line is read too.
    find: (text) =>
      matches(/(^|[\s{,'"\\])\\?["']?([A-Za-z_][\w./-]*)\\?["']?[ \t]*:(?!\/\/)(?=[ \t]*([^\r\n]{0,200}))/gm, text, (match) => {
        const name = match[2] ?? '';
        if (/^(name|value)$/i.test(name) || !isCredentialName(name)) return undefined;
        const value = valueAfterKey((match[3] ?? '').trimStart());
        return isLiteralValue(value) || /^[|>]/.test(value.trim()) ? `the field ${name.replace(/^.*\//, '')}` : undefined;
      }),
  },
  {
    rule: 'jwt',
    find: (text) => matches(/\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, text, () => 'a JSON Web Token'),
  },
  {
    rule: 'access-token',
    find: (text) => TOKEN_SHAPES.flatMap(({ pattern, what }) => matches(pattern, text, () => what)),
  },
  {
    rule: 'webhook-url',
    find: (text) => WEBHOOKS.flatMap(({ pattern, what }) => matches(pattern, text, () => what)),
  },
  {
    rule: 'auth-header',
    find: (text) => [
      ...matches(/\bBasic[ \t]+([A-Za-z0-9+/]{6,}={0,2})/g, text, (match) =>
        isBasicCredentials(match[1] ?? '') ? 'a Basic-auth header' : undefined,
      ),
      ...matches(/\bBearer[ \t]+([A-Za-z0-9._~+/-]{20,}=*)/g, text, (match) => (/\d/.test(match[1] ?? '') ? 'a bearer token' : undefined)),
    ],
  },
];

/** A node's scalar value, through an alias to its anchor. */
function scalarValue(node: unknown, document: Document.Parsed): unknown {
  const resolved = isAlias(node) ? node.resolve(document) : node;
  return isScalar(resolved) ? resolved.value : undefined;
}

/** Every `kind: Secret` pair as the core reads the text (kubectl's reading), at its key. */
function secretKinds(text: string): Found[] {
  const found: Found[] = [];
  // No scalar reads "Secret" unless the text spells it, or escapes a letter of it: then the parse is not needed.
  if (!text.includes('Secret') && !text.includes('\\')) return found;
  for (const document of parseManifest(text).documents) {
    visit(document, {
      Pair(_, pair) {
        if (!isPair(pair) || scalarValue(pair.key, document) !== 'kind' || scalarValue(pair.value, document) !== 'Secret') return;
        const at = (pair.key as Node | null)?.range?.[0] ?? (pair.value as Node | null)?.range?.[0];
        if (at !== undefined) found.push({ index: at, what: 'a Secret object' });
        if (found.length >= MAX_MATCHES) return visit.BREAK;
      },
    });
  }
  return found;
}

/** 1-based line of each offset, in one pass over the text. */
function linesOf(text: string, offsets: readonly number[]): Map<number, number> {
  const sorted = [...new Set(offsets)].sort((a, b) => a - b);
  const lines = new Map<number, number>();
  let line = 1;
  let at = 0;
  for (const offset of sorted) {
    for (let next = text.indexOf('\n', at); next !== -1 && next < offset; next = text.indexOf('\n', next + 1)) {
      line += 1;
      at = next + 1;
    }
    lines.set(offset, line);
  }
  return lines;
}

/**
 * What in the text looks like a credential, one entry per thing and line, in line order (at most
 * MAX_MATCHES); empty when nothing does. A text too large to scan counts as holding credentials.
 */
export function findSecrets(text: string): SecretMatch[] {
  if (text.length > MAX_SCANNED_CHARS) {
    return [{ rule: 'too-large-to-scan', what: 'a manifest too large to check for credentials', line: 1 }];
  }
  const found: { rule: SecretRule; found: Found }[] = [];
  for (const { rule, find } of TEXT_RULES) for (const item of find(text)) found.push({ rule, found: item });
  for (const item of secretKinds(text)) found.push({ rule: 'secret-object', found: item });
  const lines = linesOf(
    text,
    found.map((item) => item.found.index),
  );
  const seen = new Set<string>();
  const result: SecretMatch[] = [];
  for (const { rule, found: item } of found) {
    const line = lines.get(item.index) ?? 1;
    const key = `${line}\n${item.what}`;
    if (seen.has(key)) continue;
    seen.add(key);
    result.push({ rule, what: item.what, line });
  }
  return result.sort((a, b) => a.line - b.line).slice(0, MAX_MATCHES);
}
