import { describe, expect, it } from 'vitest';
import { mergeOptionInput, readHardeningConfig } from './hardening-config';
import { resolveOptions } from './options';

describe('HardeningConfig', () => {
  it('reads spec.workloads as per-workload choices, and apiAccess: auto', () => {
    const { input, problems } = readHardeningConfig(`apiVersion: sa-token-hardener.dev/v1alpha1
kind: HardeningConfig
metadata: {name: policy}
spec:
  apiAccess: auto
  workloads:
    - kind: Deployment
      namespace: shop
      name: web
      apiAccess: none
    - {kind: cronjobs, name: nightly, apiAccess: mount}
`);
    expect(problems).toEqual([]);
    expect(input).toEqual({
      apiAccess: 'auto',
      workloads: [
        { kind: 'Deployment', namespace: 'shop', name: 'web', apiAccess: 'none' },
        { kind: 'CronJob', name: 'nightly', apiAccess: 'mount' },
      ],
    });
    expect(resolveOptions(input).problems).toEqual([]);
  });

  it("reads per-workload choices from a ConfigMap's data as --workload values", () => {
    const { input, problems } = readHardeningConfig(
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  workloads: "Deployment/shop/web=none, Pod/solo=mount"\n',
    );
    expect(problems).toEqual([]);
    expect(resolveOptions(input).options.workloads).toEqual([
      { kind: 'Deployment', namespace: 'shop', name: 'web', apiAccess: 'none' },
      { kind: 'Pod', name: 'solo', apiAccess: 'mount' },
    ]);
  });

  it('refuses a per-workload entry that is not one, at its position', () => {
    const read = (workloads: string) =>
      readHardeningConfig(
        `apiVersion: sa-token-hardener.dev/v1alpha1\nkind: HardeningConfig\nspec:\n  workloads: ${workloads}\n`,
      ).problems.map((problem) => [problem.code, problem.position.line, problem.position.col, problem.message]);
    expect(read('{kind: Pod}')).toEqual([['config-value', 4, 14, expect.stringMatching(/^spec\.workloads must be a list/)]]);
    expect(read('[{kind: Pod}]')).toEqual([['config-value', 4, 15, 'spec.workloads[0] needs a kind and a name']]);
    expect(read('[{kind: Pod, name: a, apiAccess: auto}]')).toEqual([
      ['config-value', 4, 47, 'spec.workloads[0].apiAccess must be mount or none'],
    ]);
    expect(read('[{kind: Pod, name: A_b, apiAccess: none}]')[0]?.[3]).toMatch(/^spec\.workloads\[0\]: "A_b" is not an object name/);
  });

  it('lets a flag replace the file for the same workload, and keeps the file for the others', () => {
    const merged = mergeOptionInput(
      {
        workloads: [
          { kind: 'Pod', name: 'a', apiAccess: 'none' },
          { kind: 'Pod', name: 'b', apiAccess: 'none' },
        ],
      },
      { workloads: ['po/a=mount'] },
    );
    expect(resolveOptions(merged).options.workloads).toEqual([
      { kind: 'Pod', name: 'b', apiAccess: 'none' },
      { kind: 'Pod', name: 'a', apiAccess: 'mount' },
    ]);
  });

  it('reads the options of SPEC §2.4 from spec, numbers as written', () => {
    const { input, problems } = readHardeningConfig(`apiVersion: sa-token-hardener.dev/v1alpha1
kind: HardeningConfig
metadata: {name: policy}
spec:
  serviceAccountName: web
  expirationSeconds: 3600
  mountPath: /var/run/secrets/tokens
  defaultMode: 0440
  audience: vault
  volumeName: api-token
  containers: [app, sidecar]
  emitServiceAccount: true
  hardenServiceAccounts: false
  apiAccess: none
`);
    expect(problems).toEqual([]);
    expect(input).toEqual({
      serviceAccountName: 'web',
      expirationSeconds: '3600',
      mountPath: '/var/run/secrets/tokens',
      defaultMode: '0440',
      audience: 'vault',
      volumeName: 'api-token',
      containers: ['app', 'sidecar'],
      emitServiceAccount: true,
      hardenServiceAccounts: false,
      apiAccess: 'none',
    });
    // 0440 is octal, as --default-mode 0440 is, although YAML 1.1 reads the scalar as 288.
    expect(resolveOptions(input).options.defaultMode).toBe(0o440);
  });

  it("reads a ConfigMap's data, all strings", () => {
    const { input, problems } = readHardeningConfig(
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  expirationSeconds: "3600"\n  containers: app,sidecar\n  emitServiceAccount: "true"\n',
    );
    expect(problems).toEqual([]);
    expect(input).toEqual({ expirationSeconds: '3600', containers: 'app,sidecar', emitServiceAccount: true });
  });

  it('takes an empty document or spec as no options', () => {
    expect(readHardeningConfig('')).toEqual({ input: {}, problems: [] });
    expect(readHardeningConfig('apiVersion: sa-token-hardener.dev/v1alpha1\nkind: HardeningConfig\nspec:\n')).toEqual({
      input: {},
      problems: [],
    });
  });

  it('refuses with a position: another kind, an unknown key, a wrong type, bad YAML', () => {
    const codes = (text: string) => readHardeningConfig(text).problems.map(({ code, position }) => [code, position.line, position.col]);
    expect(codes('apiVersion: v1\nkind: Pod\n')).toEqual([['config-kind', 1, 1]]);
    expect(
      codes('apiVersion: sa-token-hardener.dev/v1alpha1\nkind: HardeningConfig\nspec:\n  expiration: 3600\n  apiAccess: maybe\n'),
    ).toEqual([
      ['config-unknown-key', 4, 3],
      ['config-value', 5, 14],
    ]);
    expect(codes('apiVersion: sa-token-hardener.dev/v1alpha1\nkind: HardeningConfig\nspec:\n  containers: {a: 1}\n')).toEqual([
      ['config-value', 4, 15],
    ]);
    expect(codes('apiVersion: v1\nkind: ConfigMap\ndata:\n  emitServiceAccount: "yes please"\n')).toEqual([['config-value', 4, 23]]);
    expect(codes('spec: [\n')[0]?.[0]).toBe('config-syntax');
  });

  it('lets flags override the file, leaving the options they do not set', () => {
    expect(mergeOptionInput({ expirationSeconds: '3600', audience: 'vault' }, { expirationSeconds: '7200', audience: undefined })).toEqual({
      expirationSeconds: '7200',
      audience: 'vault',
    });
  });
});
