import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { mergeOptionInput, readConfigNode, readHardeningConfig } from './hardening-config';
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
    expect(readHardeningConfig('~\n')).toEqual({ input: {}, problems: [] });
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
  describe('says what is wrong in words a user can act on', () => {
    const HEAD = 'apiVersion: sa-token-hardener.dev/v1alpha1\nkind: HardeningConfig\n';
    const OPTIONS =
      'containers, serviceAccountName, apiAccess, workloads, expirationSeconds, audience, mountPath, defaultMode, volumeName, hardenServiceAccounts, emitServiceAccount, excludedContainers';
    const said = (text: string) => readHardeningConfig(text).problems.map((problem) => problem.message);

    it('names the kind it wants and the one it got, both fields checked', () => {
      const wanted = 'the configuration must be apiVersion: sa-token-hardener.dev/v1alpha1, kind: HardeningConfig (or a v1 ConfigMap), not';
      expect(said('apiVersion: v2\nkind: ConfigMap\ndata: {apiAccess: none}\n')).toEqual([`${wanted} v2 ConfigMap`]);
      expect(said('apiVersion: v1\nkind: HardeningConfig\nspec: {apiAccess: none}\n')).toEqual([`${wanted} v1 HardeningConfig`]);
      expect(said('apiVersion: sa-token-hardener.dev/v1alpha1\nkind: Config\nspec: {}\n')).toEqual([
        `${wanted} sa-token-hardener.dev/v1alpha1 Config`,
      ]);
      expect(said('metadata: {name: x}\n')).toEqual([`${wanted} (no apiVersion) (no kind)`]);
      expect(said('- a\n')).toEqual(['the configuration must be a HardeningConfig or a ConfigMap']);
    });

    it("gives the parser's first line for bad YAML", () => {
      expect(said('spec: [\n')).toEqual(['Flow sequence in block collection must be sufficiently indented and end with a ]']);
    });

    it('lists the options for a section or a key that is not one', () => {
      expect(said(`${HEAD}spec: 5\n`)).toEqual([`spec must be a mapping of options (${OPTIONS})`]);
      expect(said('apiVersion: v1\nkind: ConfigMap\ndata: [a]\n')).toEqual([`data must be a mapping of options (${OPTIONS})`]);
      expect(said(`${HEAD}spec:\n  expiration: 1\n`)).toEqual([`spec.expiration is not an option; the options are ${OPTIONS}`]);
    });

    it('says what each kind of value must be', () => {
      expect(said(`${HEAD}spec:\n  apiAccess: sometimes\n  hardenServiceAccounts: maybe\n`)).toEqual([
        'spec.apiAccess must be mount, none or auto',
        'spec.hardenServiceAccounts must be true or false',
      ]);
      expect(said(`${HEAD}spec:\n  apiAccess: [mount]\n`)).toEqual(['spec.apiAccess must be mount, none or auto']);
      expect(said(`${HEAD}spec:\n  containers: {a: 1}\n  audience: [vault]\n`)).toEqual([
        'spec.containers must be a list of container names or a comma-separated string',
        'spec.audience must be a single value',
      ]);
      // The containers left out are stored by the page as a list, never as a string.
      expect(said(`${HEAD}spec:\n  excludedContainers: app\n  containers: [a, {b: 1}]\n`)).toEqual([
        'spec.excludedContainers must be a list of container names',
        'spec.containers must be a list of container names',
      ]);
      expect(said(`${HEAD}spec:\n  workloads: {kind: Pod}\n`)).toEqual([
        'spec.workloads must be a list of {kind, namespace, name, apiAccess} (or, in a ConfigMap, KIND/NAMESPACE/NAME=mount|none values)',
      ]);
      expect(said(`${HEAD}spec:\n  workloads: [app]\n`)).toEqual([
        'spec.workloads[0] must be a mapping {kind, namespace, name, apiAccess}',
      ]);
      expect(
        said(`${HEAD}spec:\n  workloads: [{kind: Pod, name: a, apiAccess: none}, {kind: Pod, name: b, apiAccess: none, replicas: 2}]\n`),
      ).toEqual(['spec.workloads[1].replicas is not a field; the fields are kind, namespace, name, apiAccess']);
    });
  });

  it('reads a boolean as YAML 1.1 and kubectl do, and as a string in a ConfigMap', () => {
    const spec = (text: string) => readHardeningConfig(`apiVersion: sa-token-hardener.dev/v1alpha1\nkind: HardeningConfig\nspec:\n${text}`);
    expect(spec('  emitServiceAccount: yes\n  hardenServiceAccounts: no\n')).toEqual({
      input: { emitServiceAccount: true, hardenServiceAccounts: false },
      problems: [],
    });
    expect(spec('  emitServiceAccount: True\n  hardenServiceAccounts: Off\n').input).toEqual({
      emitServiceAccount: true,
      hardenServiceAccounts: false,
    });
    expect(
      readHardeningConfig('apiVersion: v1\nkind: ConfigMap\ndata:\n  emitServiceAccount: "false"\n  hardenServiceAccounts: "true"\n').input,
    ).toEqual({ emitServiceAccount: false, hardenServiceAccounts: true });
  });

  it('leaves an option written as null unset, and reads an empty namespace as none', () => {
    const { input, problems } = readHardeningConfig(
      'apiVersion: sa-token-hardener.dev/v1alpha1\nkind: HardeningConfig\nspec:\n  audience: ~\n  containers:\n  workloads: [{kind: Pod, namespace: "", name: a, apiAccess: none}]\n',
    );
    expect(problems).toEqual([]);
    expect(input).toStrictEqual({ audience: undefined, containers: undefined, workloads: [{ kind: 'Pod', name: 'a', apiAccess: 'none' }] });
    expect(readHardeningConfig('apiVersion: sa-token-hardener.dev/v1alpha1\nkind: HardeningConfig\nspec:\n  workloads: ~\n').input).toEqual(
      {
        workloads: [],
      },
    );
  });

  it("splits a ConfigMap's workloads on commas, spaces and lines, empty parts left out", () => {
    expect(
      readHardeningConfig('apiVersion: v1\nkind: ConfigMap\ndata:\n  workloads: "po/a=none,,\\n  deploy/ns/b=mount "\n').input,
    ).toEqual({ workloads: ['po/a=none', 'deploy/ns/b=mount'] });
  });
  it('refuses what is not a configuration at all, and reads a missing function config as empty', () => {
    expect(readHardeningConfig('hello\n').problems.map((problem) => problem.message)).toEqual([
      'the configuration must be a HardeningConfig or a ConfigMap',
    ]);
    const document = parseDocument('');
    expect(readConfigNode(undefined, document, '')).toEqual({ input: {}, problems: [] });
  });

  it('points at the value that is wrong, and names a key that is not a scalar as written', () => {
    const first = (text: string) => readHardeningConfig(text).problems[0];
    expect(first('apiVersion: sa-token-hardener.dev/v1alpha1\nkind: HardeningConfig\nspec: 5\n')?.position).toEqual({ line: 3, col: 7 });
    expect(first('apiVersion: sa-token-hardener.dev/v1alpha1\nkind: HardeningConfig\nspec:\n  ? [a]\n  : 1\n')?.message).toMatch(
      /^spec\.\[a\] is not an option;/,
    );
    expect(
      first(
        'apiVersion: sa-token-hardener.dev/v1alpha1\nkind: HardeningConfig\nspec:\n  workloads: [{kind: Pod, name: a, apiAccess: none, {x: 1}: 2}]\n',
      )?.message,
    ).toBe('spec.workloads[0].{x: 1} is not a field; the fields are kind, namespace, name, apiAccess');
  });

  it('reads the containers left out as the page stores them, and a key without a value as unset', () => {
    const spec = (text: string) =>
      readHardeningConfig(`apiVersion: sa-token-hardener.dev/v1alpha1\nkind: HardeningConfig\nspec: ${text}\n`);
    expect(spec('{excludedContainers: [app, side]}')).toEqual({ input: { excludedContainers: ['app', 'side'] }, problems: [] });
    expect(spec('{audience}')).toStrictEqual({ input: { audience: undefined }, problems: [] });
    expect(spec('{hardenServiceAccounts: [true]}').problems.map((problem) => problem.message)).toEqual([
      'spec.hardenServiceAccounts must be true or false',
    ]);
  });
});
