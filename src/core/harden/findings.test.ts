import { describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS, harden, type HardenOptions } from '../index';
import { annotationFindings, emptyFieldRefOffset, hasMisindentedFieldRef, optionFindings } from './findings';

const POD =
  'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  serviceAccountName: p\n  containers:\n    - name: app\n      image: app:1\n';
const TOKENLESS = POD.replace('  containers:', '  automountServiceAccountToken: false\n  containers:');
const CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n';

/** The findings about the options that shape the token (expiration, audience, mount path, mode). */
const TOKEN_OPTION_CODES = [
  'expiration-3607',
  'expiration-over-cap',
  'audience-default-path',
  'custom-mount-path',
  'mode-stricter',
  'mode-looser',
] as const;

function tokenOptionFindings(text: string, options: Partial<HardenOptions> = {}): string[] {
  const codes: readonly string[] = TOKEN_OPTION_CODES;
  return harden(text, { ...DEFAULT_OPTIONS, ...options })
    .findings.map((finding) => finding.code)
    .filter((code) => codes.includes(code));
}

describe("findings about the token's options speak only of a token the output mounts", () => {
  it('a mounted token of 3607 s is said to be bounded by a year, as a fact', () => {
    const result = harden(POD, DEFAULT_OPTIONS);
    const finding = result.findings.find((item) => item.code === 'expiration-3607');
    expect(finding?.severity).toBe('info');
    expect(finding?.message).toMatch(/the bound is a year, not an hour/);
    // A fact, not an order: the default is not something the user is told to change.
    expect(finding?.message).not.toMatch(/\bchoose\b|\bchange\b|\bset\b/i);
    expect(tokenOptionFindings(POD)).toEqual(['expiration-3607', 'mode-stricter']);
  });

  it('every other option finding still comes with a mounted token', () => {
    const options = { expirationSeconds: 7200, audience: 'vault', defaultMode: 0o666 };
    expect(tokenOptionFindings(POD, options)).toEqual(['expiration-over-cap', 'audience-default-path', 'mode-looser']);
    expect(tokenOptionFindings(POD, { mountPath: '/var/run/tokens' })).toEqual(['expiration-3607', 'custom-mount-path', 'mode-stricter']);
  });

  it('none with no token chosen', () => {
    expect(tokenOptionFindings(POD, { apiAccess: 'none', expirationSeconds: 7200, audience: 'vault', defaultMode: 0o666 })).toEqual([]);
    expect(tokenOptionFindings(POD, { apiAccess: 'none' })).toEqual([]);
  });

  it('none for pods that run without a token and are left so', () => {
    const result = harden(TOKENLESS, DEFAULT_OPTIONS);
    expect(result.findings.map((finding) => finding.code)).toContain('runs-without-token');
    expect(tokenOptionFindings(TOKENLESS)).toEqual([]);
  });

  it('none when no container gets the token', () => {
    expect(tokenOptionFindings(POD, { excludedContainers: ['app'] })).toEqual([]);
  });

  it('none for an input without pods', () => {
    expect(tokenOptionFindings(CONFIG_MAP)).toEqual([]);
  });

  it('once per run when one pod of a bundle mounts a token', () => {
    expect(tokenOptionFindings(`${TOKENLESS}---\n${POD.replace('name: p\n', 'name: q\n')}`)).toEqual(['expiration-3607', 'mode-stricter']);
  });
});

describe('each option finding, in its words and at its bound', () => {
  const said = (options: Partial<HardenOptions>) =>
    optionFindings({ ...DEFAULT_OPTIONS, defaultMode: 0o644, ...options }).map(
      ({ code, severity, message }) => `${severity} ${code}: ${message}`,
    );

  it('warns of a lifetime above the usual one-hour cap, 3607 s aside (said apart)', () => {
    expect(said({ expirationSeconds: 3600 })).toEqual([]);
    expect(said({ expirationSeconds: 3601 })).toEqual([
      'warning expiration-over-cap: expiration 3601 s is above the one-hour cap many clusters set with --service-account-max-token-expiration: such clusters shorten the token silently',
    ]);
  });

  it('warns of an audience at the default path, and of a path client libraries do not read', () => {
    expect(said({ expirationSeconds: 3600, audience: 'vault' })).toEqual([
      'warning audience-default-path: audience "vault" at the default path: the API server rejects tokens minted for another audience, so in-cluster clients will fail; mount such a token in its own volume and path',
    ]);
    expect(said({ expirationSeconds: 3600, audience: 'vault', mountPath: '/var/run/secrets/vault' })).toEqual([
      "warning custom-mount-path: mount path /var/run/secrets/vault is not the default: client libraries' in-cluster configuration reads /var/run/secrets/kubernetes.io/serviceaccount only",
    ]);
    // The default path written with a trailing slash is still the default.
    expect(said({ expirationSeconds: 3600, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount/' })).toEqual([]);
  });

  it('compares the mode with the API server’s 0644 bit by bit: fewer bits is stricter, any other bit looser', () => {
    expect(said({ expirationSeconds: 3600, defaultMode: 0o644 })).toEqual([]);
    expect(said({ expirationSeconds: 3600, defaultMode: 0o440 })).toEqual([
      "info mode-stricter: default mode 0440 is stricter than the API server's own 0644",
    ]);
    // 0600 is below 0644 as a number, and stricter; 0400 too. 0500 adds the owner's execute bit.
    expect(said({ expirationSeconds: 3600, defaultMode: 0o600 })[0]).toMatch(/^info mode-stricter/);
    expect(said({ expirationSeconds: 3600, defaultMode: 0o500 })).toEqual([
      "warning mode-looser: default mode 0500 is looser than the API server's own 0644: other users in the container can read the token",
    ]);
  });
});

describe('identity systems and sidecar injectors, from annotations or labels', () => {
  const codes = (metadata: unknown) => annotationFindings(metadata).map(({ code, message }) => `${code}: ${message.split(':')[0] ?? ''}`);

  it('names each system whose key starts with its prefix, on annotations or labels', () => {
    expect(codes({ annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::1:role/r' } })).toEqual([
      'workload-identity: EKS IAM roles for service accounts is configured',
    ]);
    expect(codes({ labels: { 'azure.workload.identity/use': 'true' } })).toEqual([
      'workload-identity: Azure Workload Identity is configured',
    ]);
    expect(codes({ annotations: { 'sidecar.istio.io/inject': 'true', 'vault.hashicorp.com/agent-inject': 'true' } })).toEqual([
      'sidecar-injector: Vault Agent injects a sidecar',
      'sidecar-injector: Istio injects a sidecar',
    ]);
    const [linkerd] = annotationFindings({ annotations: { 'linkerd.io/inject': 'enabled' } });
    expect(linkerd?.message).toBe(
      'Linkerd injects a sidecar: the injected linkerd-proxy reads the ServiceAccount token from the default path: keep the mount at the default path',
    );
  });

  it('ignores a key that only contains or ends with a prefix, and metadata that is not a mapping', () => {
    expect(codes({ annotations: { 'example.com/iam.gke.io/gcp-service-account': 'x', 'x-linkerd.io/inject': 'enabled' } })).toEqual([]);
    expect(codes({ annotations: ['eks.amazonaws.com/role-arn'] })).toEqual([]);
    expect(codes('eks.amazonaws.com/role-arn')).toEqual([]);
  });
});

describe('a fieldRef left empty beside its fields', () => {
  const item = (fields: Record<string, unknown>) => [{ name: 'info', downwardAPI: { items: [{ path: 'ns' }, fields] } }];

  it('is found in a downwardAPI volume or a projected source, with fieldPath or apiVersion beside it', () => {
    expect(hasMisindentedFieldRef(item({ path: 'ns', fieldRef: null, fieldPath: 'metadata.namespace' }))).toBe(true);
    expect(hasMisindentedFieldRef(item({ fieldRef: null, apiVersion: 'v1' }))).toBe(true);
    expect(
      hasMisindentedFieldRef([
        'not a volume',
        {
          name: 'a',
          projected: { sources: [null, { configMap: { name: 'c' } }, { downwardAPI: { items: [{ fieldRef: null, fieldPath: 'x' }] } }] },
        },
      ]),
    ).toBe(true);
  });

  it('is not: a fieldRef that holds its fields, an empty one alone, a volume list that is not a list', () => {
    expect(hasMisindentedFieldRef(item({ fieldRef: { fieldPath: 'metadata.name' } }))).toBe(false);
    expect(hasMisindentedFieldRef(item({ fieldRef: null, path: 'x' }))).toBe(false);
    expect(hasMisindentedFieldRef(item({ fieldPath: 'metadata.name' }))).toBe(false);
    expect(
      hasMisindentedFieldRef([
        { name: 'a', projected: { sources: 'x' } },
        { name: 'b', downwardAPI: { items: 'x' } },
      ]),
    ).toBe(false);
    expect(hasMisindentedFieldRef(['not a volume', null])).toBe(false);
    expect(hasMisindentedFieldRef([null, ...item({ fieldRef: null, fieldPath: 'x' })])).toBe(true);
    expect(hasMisindentedFieldRef([{ name: 'a', downwardAPI: { items: [null, 'x', { fieldRef: null, fieldPath: 'x' }] } }])).toBe(true);
    expect(hasMisindentedFieldRef({ name: 'a', downwardAPI: { items: [{ fieldRef: null, fieldPath: 'x' }] } })).toBe(false);
  });

  it('is pointed at where its key is written, only when nothing is indented under it', () => {
    const text = [
      'items:', //
      '  - fieldRef:',
      '      fieldPath: metadata.name',
      '  - path: ns',
      '    fieldRef:   # empty',
      '    fieldPath: metadata.namespace',
      '  -   fieldRef:',
      '',
    ].join('\n');
    const offset = emptyFieldRefOffset(text, 0);
    expect(offset).toBe(text.indexOf('fieldRef:   #'));
    expect(emptyFieldRefOffset(text, (offset ?? 0) + 1)).toBe(text.lastIndexOf('fieldRef:'));
    // Only before the end of its document.
    expect(emptyFieldRefOffset(text, 0, text.indexOf('    fieldRef:   #'))).toBeUndefined();
    expect(emptyFieldRefOffset(text.replace('# empty', '# empty\r'), 0)).toBe(text.indexOf('fieldRef:   #'));
    // A comment line under it does not hold its fields; a value on its line is not empty.
    expect(emptyFieldRefOffset('x:\n  fieldRef:\n      # a note\n  fieldPath: a\n', 0)).toBe(5);
    expect(emptyFieldRefOffset('x:\n  fieldRef: {fieldPath: a}\n', 0)).toBeUndefined();
    expect(emptyFieldRefOffset('x:\n  myfieldRef:\n  fieldPath: a\n', 0)).toBeUndefined();
    expect(emptyFieldRefOffset('myfieldRef:\nfieldPath: a\n', 0)).toBeUndefined();
    expect(emptyFieldRefOffset('x:\n  fieldRef:x\n  fieldPath: a\n', 0)).toBeUndefined();
  });
});
