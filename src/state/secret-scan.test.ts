import { describe, expect, it } from 'vitest';
import { EXAMPLES } from '../examples';
import { corpusFiles, hasCorpus } from '../test/corpus';
import { CREDENTIAL_FIXTURES } from './fixtures/credentials';
import { findSecrets, isCredentialName, MAX_MATCHES, MAX_SCANNED_CHARS } from './secret-scan';

const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: nginx\n';
const CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n';

function lineAndWhat(text: string): string[] {
  return findSecrets(text).map((match) => `${match.line}: ${match.what}`);
}

describe('every kind of credential a real manifest carries', () => {
  it.each(CREDENTIAL_FIXTURES.map((fixture) => [fixture.name, fixture] as const))('%s', (_, fixture) => {
    expect(lineAndWhat(fixture.manifest)).toContain(`${fixture.line}: ${fixture.what}`);
  });

  it('never names a value, only what it is', () => {
    for (const fixture of CREDENTIAL_FIXTURES) {
      for (const match of findSecrets(fixture.manifest)) {
        expect(match.what).not.toMatch(/hunter2|not-a-real|not-real|ya29|dXNlcj|eyJ|ghp_|XXXXXXXX|wJalr|bm90/);
      }
    }
  });
});

describe('kind: Secret, read as kubectl reads it', () => {
  it.each([
    ['plain', 'kind: Secret\n'],
    ['quoted', 'kind: "Secret"\n'],
    ['single-quoted', "kind: 'Secret'\n"],
    ['tagged', 'kind: !!str Secret\n'],
    ['tagged in full', 'kind: !<tag:yaml.org,2002:str> Secret\n'],
    ['anchored', 'kind: &k Secret\n'],
    ['escaped', 'kind: "Secre\\u0074"\n'],
    ['escaped as \\x', 'kind: "Secr\\x65t"\n'],
    ['with a comment', 'kind: Secret # the database\n'],
    ['on the next line', 'kind:\n  Secret\n'],
    ['as a folded block', 'kind: >-\n  Secret\n'],
    ['under an explicit key', '? kind\n: Secret\n'],
    ['under an escaped key', '"kin\\u0064": Secret\n'],
    ['in JSON', '{"apiVersion":"v1","kind":"Secret"}\n'],
    ['in JSON with an escape', '{"apiVersion":"v1","kind":"Secre\\u0074"}\n'],
    ['in a List', 'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Secret\n'],
    ['after a document marker', 'kind: ConfigMap\n---\nkind: Secret\n'],
  ])('%s', (_, text) => {
    expect(findSecrets(`apiVersion: v1\n${text}`).map((match) => match.rule)).toContain('secret-object');
  });

  it('reads it even where the text does not parse', () => {
    expect(findSecrets('apiVersion: v1\nkind: !!str Secret\nmetadata: {{ .Values.meta }}\n')[0]).toEqual({
      rule: 'secret-object',
      what: 'a Secret object',
      line: 2,
    });
  });

  it.each([
    ['a SealedSecret', 'kind: SealedSecret\n'],
    ['an ExternalSecret', 'kind: ExternalSecret\n'],
    ['a kind named in a comment', 'kind: ConfigMap # not a Secret\n'],
    ['a Secret named as a value elsewhere', 'kind: ConfigMap\ndata:\n  what: Secret\n'],
  ])('not %s', (_, text) => {
    expect(findSecrets(`apiVersion: v1\n${text}`)).toEqual([]);
  });
});

describe('findSecrets recognises credentials and names the rule and line', () => {
  it.each([
    ['private-key', `${CONFIG_MAP}  key.pem: |\n    -----BEGIN RSA PRIVATE KEY-----\n    MIIEow\n`, 7],
    ['private-key', `${CONFIG_MAP}  key.pem: |\n    -----BEGIN OPENSSH PRIVATE KEY-----\n`, 7],
    ['private-key', `${CONFIG_MAP}  k: ${btoa('-----BEGIN EC PRIVATE KEY-----\nMHc')}\n`, 6],
    ['private-key', `${CONFIG_MAP}  k: ${btoa('-----BEGIN ENCRYPTED PRIVATE KEY-----\nMHc')}\n`, 6],
    ['cloud-key', `${CONFIG_MAP}  id: AKIAIOSFODNN7EXAMPLE\n`, 6],
    ['cloud-key', `${CONFIG_MAP}  id: ASIAIOSFODNN7EXAMPLE\n`, 6],
    ['cloud-key', `${CONFIG_MAP}  credentials: |\n    [default]\n    aws_secret_access_key = wJalrXUtnFEMI/K7MDENG\n`, 8],
    ['url-password', `${CONFIG_MAP}  DATABASE_URL: postgres://app:s3cret@db:5432/app\n`, 6],
    ['credential-env', `${POD}      env:\n        - name: DB_PWD\n          value: hunter2\n`, 10],
    ['credential-env', `${POD}      env:\n        - name: API_KEY\n          value: "abc"\n`, 10],
    ['credential-env', `${POD}      env:\n        - value: abc\n          name: GITHUB_TOKEN\n`, 11],
    ['credential-env', `${POD}      env: [{name: CLIENT_SECRET, value: abc}]\n`, 9],
    ['credential-env', '{"env":[{"name":"DB_PASSWORD","value":"x"}]}', 1],
    ['credential-arg', `${POD}      args: ["--db-password=hunter2"]\n`, 9],
    ['credential-arg', `${POD}      args:\n        - --api-key=abc123\n`, 10],
    ['credential-arg', `${POD}      command: [app, --token, abc123]\n`, 9],
    ['credential-field', 'apiVersion: v1\nkind: Config\nusers:\n  - name: me\n    user:\n      token: eyJhbGciOi\n', 6],
    ['credential-field', 'apiVersion: v1\nkind: Config\nusers:\n  - name: me\n    user:\n      client-key-data: QUJD\n', 6],
    ['credential-field', `${CONFIG_MAP}  password: |\n    hunter2\n`, 6],
    ['credential-field', `${CONFIG_MAP}  settings.json: '{"db": {"user": "app", "password": "x"}}'\n`, 6],
    ['access-token', `${CONFIG_MAP}  gl: glpat-NotARealTokenNotARealT\n`, 6],
    ['access-token', `${CONFIG_MAP}  slack: xoxb-0000000000-NotARealToken\n`, 6],
    ['webhook-url', `${CONFIG_MAP}  hook: https://discord.com/api/webhooks/0000/NotARealWebhook\n`, 6],
    ['auth-header', `${CONFIG_MAP}  nginx.conf: |\n    proxy_set_header Authorization "Basic ${btoa('app:hunter2')}";\n`, 7],
    ['auth-header', `${CONFIG_MAP}  curl: curl -H "Authorization: Bearer 0aB1cD2eF3gH4iJ5kL6mN7oP8" https://api\n`, 6],
  ])('%s', (rule, text, line) => {
    expect(findSecrets(text).map((match) => `${match.rule} ${match.line}`)).toContain(`${rule} ${line}`);
  });

  it('lists every credential, in line order, once per line and kind', () => {
    const text = `${POD}      env:\n        - name: DB_PWD\n          value: hunter2\n        - name: API_KEY\n          value: abc\n---\n${CONFIG_MAP}  id: AKIAIOSFODNN7EXAMPLE\n  id2: AKIAIOSFODNN7EXAMPLE\n`;
    expect(lineAndWhat(text)).toEqual([
      '10: the env variable DB_PWD with a literal value',
      '12: the env variable API_KEY with a literal value',
      '20: an AWS access key ID',
      '21: an AWS access key ID',
    ]);
  });

  it(`names at most ${MAX_MATCHES}`, () => {
    const text = `${CONFIG_MAP}${Array.from({ length: 300 }, (_, index) => `  id${index}: AKIAIOSFODNN7EXAMPLE\n`).join('')}`;
    expect(findSecrets(text)).toHaveLength(MAX_MATCHES);
  });

  it.each([
    ['a plain pod', POD],
    [
      'automountServiceAccountToken and a projected token',
      `${POD}  automountServiceAccountToken: false\n  volumes:\n    - name: t\n      projected:\n        sources:\n          - serviceAccountToken:\n              path: token\n          - configMap:\n              name: kube-root-ca.crt\n              items:\n                - key: ca.crt\n                  path: ca.crt\n`,
    ],
    [
      'env from a Secret',
      `${POD}      env:\n        - name: DB_PASSWORD\n          valueFrom:\n            secretKeyRef: {name: db, key: password}\n`,
    ],
    [
      'an env reference in a URL',
      `${POD}      env:\n        - name: DATABASE_URL\n          value: postgres://app:$(DB_PASSWORD)@db/app\n`,
    ],
    ['a secret volume', `${POD}  volumes:\n    - name: certs\n      secret:\n        secretName: tls\n`],
    ['a token file flag', `${POD}      args: ["--token-file=/var/run/secrets/token", "--enable-token=true"]\n`],
    ['a flag followed by another flag', `${POD}      args:\n        - --use-service-account-token\n        - --v=2\n`],
    ['a password flag taking a file', `${POD}      args: ["--password-file", "/etc/db/password"]\n`],
    ['a templated password', `${CONFIG_MAP}  password: "{{ .Values.password }}"\n`],
    ['a public key', `${CONFIG_MAP}  publicKey: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMkc\n`],
    ['a SealedSecret', 'apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n  name: x\n'],
    ['a certificate', `${CONFIG_MAP}  ca.crt: |\n    -----BEGIN CERTIFICATE-----\n`],
    ['Basic in prose', `${CONFIG_MAP}  readme: Basic authentication is off\n`],
  ])('%s is not a credential', (_, text) => {
    expect(findSecrets(text)).toEqual([]);
  });

  it('treats text too large to scan as holding credentials (bounded work)', () => {
    expect(findSecrets('a'.repeat(MAX_SCANNED_CHARS + 1)).map((match) => match.rule)).toEqual(['too-large-to-scan']);
  });

  it('scans 1 MB of manifest, or one line of 1 MB of JSON, without pathological slowness', () => {
    const text = `${POD}${'      - name: a\n        value: "b"\n'.repeat(30_000)}`;
    expect(text.length).toBeGreaterThan(900_000);
    expect(findSecrets(text)).toEqual([]);
    const json = `{"items":[${Array.from({ length: 20_000 }, (_, index) => `{"name":"a${index}","value":"b"}`).join(',')}]}`;
    expect(json.length).toBeGreaterThan(500_000);
    expect(findSecrets(json)).toEqual([]);
  });
});

describe('the examples', () => {
  it.each(EXAMPLES.map((example) => [example.name, example.text]))('%s holds no credential (its link asks nothing)', (_, text) => {
    expect(findSecrets(text)).toEqual([]);
  });
});

describe('the corpus', () => {
  it.runIf(hasCorpus)('flags no file for being too large, and says which it flags', () => {
    const flagged = corpusFiles()
      .map((file) => ({ file: file.name, matches: findSecrets(file.text) }))
      .filter(({ matches }) => matches.length > 0)
      .map(({ file, matches }) => `${file}: ${matches.map((match) => `${match.line} ${match.rule} (${match.what})`).join('; ')}`);
    console.log(`secret-scan: ${flagged.length} corpus files flagged\n${flagged.join('\n')}`);
    expect(flagged.every((line) => !line.includes('too-large-to-scan'))).toBe(true);
  });
});

describe('names that refer to a credential are not one', () => {
  it.each(['--secret-name=tls', '--cert-secrets=etcd-certs', '--dynamic-serving-ca-secret-namespace=ns', '--token-ttl=1h'])('%s', (arg) => {
    expect(findSecrets(`${POD}      args: ["${arg}"]\n`)).toEqual([]);
  });

  it.each(['SECRET_NAME', 'TOKEN_AUDIENCE', 'KEYCLOAK_URL'])('env %s', (name) => {
    expect(findSecrets(`${POD}      env:\n        - name: ${name}\n          value: x\n`)).toEqual([]);
  });

  it.each(['MYSQL_ROOT_PASSWORD', 'SECRET_KEY_BASE', 'AWS_SECRET_ACCESS_KEY', 'apiKey', 'clientSecret', 'DB_PASS'])(
    'env %s is one',
    (name) => {
      expect(findSecrets(`${POD}      env:\n        - name: ${name}\n          value: x\n`).map((match) => match.rule)).toContain(
        'credential-env',
      );
    },
  );

  it.each([
    ['key', false],
    ['secretKeyRef', false],
    ['secretName', false],
    ['publicKey', false],
    ['auth', true],
    ['access-token', true],
    ['client-key-data', true],
    ['example.com/aws-secret-key', true],
  ])('%s: %s', (name, expected) => {
    expect(isCredentialName(name)).toBe(expected);
  });
});
