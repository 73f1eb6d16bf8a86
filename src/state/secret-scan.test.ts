import { describe, expect, it } from 'vitest';
import { EXAMPLES } from '../examples';
import { corpusFiles, hasCorpus } from '../test/corpus';
import { MAX_SCANNED_CHARS, scanForSecrets } from './secret-scan';

const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: nginx\n';
const CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n';

describe('scanForSecrets recognises credentials and names the rule', () => {
  it.each([
    ['secret-object', 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: hunter2\n', 2],
    ['secret-object', '{"apiVersion":"v1","kind":"Secret","metadata":{"name":"db"}}', 1],
    ['secret-object', `apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Secret\n    metadata: {name: x}\n`, 5],
    ['private-key', `${CONFIG_MAP}  key.pem: |\n    -----BEGIN RSA PRIVATE KEY-----\n    MIIEow\n`, 7],
    ['private-key', `${CONFIG_MAP}  key.pem: |\n    -----BEGIN OPENSSH PRIVATE KEY-----\n`, 7],
    ['private-key', `${CONFIG_MAP}  k: ${btoa('-----BEGIN EC PRIVATE KEY-----\nMHc')}\n`, 6],
    ['private-key', `${CONFIG_MAP}  k: ${btoa('-----BEGIN ENCRYPTED PRIVATE KEY-----\nMHc')}\n`, 6],
    ['aws-access-key', `${CONFIG_MAP}  id: AKIAIOSFODNN7EXAMPLE\n`, 6],
    ['aws-access-key', `${CONFIG_MAP}  id: ASIAIOSFODNN7EXAMPLE\n`, 6],
    ['aws-secret-key', `${CONFIG_MAP}  credentials: |\n    [default]\n    aws_secret_access_key = wJalrXUtnFEMI/K7MDENG\n`, 8],
    ['url-password', `${CONFIG_MAP}  DATABASE_URL: postgres://app:s3cret@db:5432/app\n`, 6],
    ['credential-env', `${POD}      env:\n        - name: DB_PWD\n          value: hunter2\n`, 10],
    ['credential-env', `${POD}      env:\n        - name: API_KEY\n          value: "abc"\n`, 10],
    ['credential-env', `${POD}      env:\n        - value: abc\n          name: GITHUB_TOKEN\n`, 11],
    ['credential-env', `${POD}      env: [{name: CLIENT_SECRET, value: abc}]\n`, 9],
    ['credential-env', '{"env":[{"name":"DB_PASSWORD","value":"x"}]}', 1],
    ['credential-arg', `${POD}      args: ["--db-password=hunter2"]\n`, 9],
    ['credential-arg', `${POD}      args:\n        - --api-key=abc123\n`, 10],
    ['kubeconfig-credential', 'apiVersion: v1\nkind: Config\nusers:\n  - name: me\n    user:\n      token: eyJhbGciOi\n', 6],
    ['kubeconfig-credential', 'apiVersion: v1\nkind: Config\nusers:\n  - name: me\n    user:\n      client-key-data: QUJD\n', 6],
  ])('%s', (rule, text, line) => {
    const match = scanForSecrets(text);
    expect(match?.rule).toBe(rule);
    expect(match?.line).toBe(line);
    expect(match?.description).toContain(`(line ${line})`);
  });

  it.each([
    ['a plain pod', POD],
    [
      'automountServiceAccountToken and a projected token',
      `${POD}  automountServiceAccountToken: false\n  volumes:\n    - name: t\n      projected:\n        sources:\n          - serviceAccountToken:\n              path: token\n`,
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
    ['a SealedSecret', 'apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n  name: x\n'],
    ['a certificate', `${CONFIG_MAP}  ca.crt: |\n    -----BEGIN CERTIFICATE-----\n`],
  ])('%s is not a credential', (_, text) => {
    expect(scanForSecrets(text)).toBeUndefined();
  });

  it('treats text too large to scan as holding credentials (bounded work)', () => {
    expect(scanForSecrets('a'.repeat(MAX_SCANNED_CHARS + 1))?.rule).toBe('too-large-to-scan');
  });

  it('scans 1 MB of manifest without pathological slowness', () => {
    const text = `${POD}${'      - name: a\n        value: "b"\n'.repeat(30_000)}`;
    expect(text.length).toBeGreaterThan(900_000);
    expect(scanForSecrets(text)).toBeUndefined();
  });
});

describe('the examples', () => {
  it.each(EXAMPLES.map((example) => [example.name, example.text]))(
    '%s holds no credential (its link stays in the address bar)',
    (_, text) => {
      expect(scanForSecrets(text)).toBeUndefined();
    },
  );
});

describe('the corpus', () => {
  it.runIf(hasCorpus)('flags no file for being too large, and says which it flags', () => {
    const flagged = corpusFiles()
      .map((file) => ({ file: file.name, match: scanForSecrets(file.text) }))
      .filter(({ match }) => match !== undefined)
      .map(({ file, match }) => `${file}: ${match?.rule}`);
    console.log(`secret-scan: ${flagged.length} corpus files flagged\n${flagged.join('\n')}`);
    expect(flagged.every((line) => !line.endsWith('too-large-to-scan'))).toBe(true);
  });
});

describe('names that refer to a credential are not one', () => {
  it.each(['--secret-name=tls', '--cert-secrets=etcd-certs', '--dynamic-serving-ca-secret-namespace=ns', '--token-ttl=1h'])('%s', (arg) => {
    expect(scanForSecrets(`${POD}      args: ["${arg}"]\n`)).toBeUndefined();
  });

  it.each(['SECRET_NAME', 'TOKEN_AUDIENCE', 'KEYCLOAK_URL'])('env %s', (name) => {
    expect(scanForSecrets(`${POD}      env:\n        - name: ${name}\n          value: x\n`)).toBeUndefined();
  });

  it.each(['MYSQL_ROOT_PASSWORD', 'SECRET_KEY_BASE', 'AWS_SECRET_ACCESS_KEY', 'apiKey', 'clientSecret', 'DB_PASS'])(
    'env %s is one',
    (name) => {
      expect(scanForSecrets(`${POD}      env:\n        - name: ${name}\n          value: x\n`)?.rule).toBe('credential-env');
    },
  );
});
