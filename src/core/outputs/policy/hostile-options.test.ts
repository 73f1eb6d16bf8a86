/**
 * Generated policies say what the options say, whatever the values: the generators are given
 * hostile values directly (no validation in between), and the YAML they print must read back,
 * with the project's reader and with kubectl where it is installed, as exactly the objects they
 * meant; the CEL inside must compare against exactly those values.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { hasKubectl, readWithKubectl } from '../../../test/kubectl';
import { mutationPatch, validateObject } from '../../../ui/output/policy/policy-cel';
import { type CliIo, runCli } from '../../../cli/cli';
import {
  DEFAULT_OPTIONS,
  type HardenOptions,
  mutatingEvaluation,
  plainDocuments,
  policyManifest,
  policyObjects,
  resolveOptions,
  validatingEvaluation,
} from '../../index';
import { type KubernetesVersion, type PolicyKind } from './index';
import { messageValue, shellWord } from './quote';

if (!hasKubectl) console.log('kubectl reading of hostile policies skipped: no kubectl on the PATH');

/** Values that would be structure, a line break, a comment, a quote's end or a terminal command if written raw. */
const HOSTILE = [
  'x\u2028failurePolicy: Ignore',
  'x\u2029validations: [{expression: "true"}]',
  'x\u0085# hidden',
  'a\nfailurePolicy: Ignore',
  'a\r\nkind: Secret',
  'a\rb',
  "it's",
  'say "hi"',
  'back\\slash\\"',
  'tab\there',
  '#not-a-comment',
  'key: value',
  '{flow: map}',
  '- item',
  '*alias &anchor !!binary',
  "$(touch /tmp/pwned) `id` '",
  'ünïcode 😀',
  '\u001b]0;title\u0007\u001b[2J',
  '\u202eevil',
  '\ufeffbom',
];

const KINDS: readonly { kind: PolicyKind; version?: KubernetesVersion }[] = [
  { kind: 'validating' },
  { kind: 'mutating' },
  { kind: 'kyverno' },
];

/** Options with one hostile value in every field that takes free text. */
function hostileOptions(value: string): HardenOptions[] {
  return [
    { ...DEFAULT_OPTIONS, audience: value },
    { ...DEFAULT_OPTIONS, mountPath: `/var/run/${value}` },
    { ...DEFAULT_OPTIONS, volumeName: value },
    { ...DEFAULT_OPTIONS, containers: [value, 'app'] },
    { ...DEFAULT_OPTIONS, apiAccess: 'none', mountPath: `/${value}/` },
  ];
}

const cases = HOSTILE.flatMap((value) =>
  hostileOptions(value).flatMap((options) => KINDS.map(({ kind, version }) => ({ value, options, kind, version }))),
);

/** What was meant: the objects, as JSON would carry them. */
function meant(kind: PolicyKind, options: HardenOptions, version: KubernetesVersion | undefined): unknown[] {
  return JSON.parse(JSON.stringify(policyObjects(kind, options, version).objects)) as unknown[];
}

const PRINTABLE = /^[\x20-\x7e\n]*$/;

describe('generated policies, given hostile option values directly', () => {
  it('are printable ASCII, and read back with the project reader as exactly the objects meant', () => {
    for (const { value, options, kind, version } of cases) {
      const { text, problems } = policyManifest(kind, options, version);
      expect(problems).toEqual([]);
      expect(text, `${kind} ${JSON.stringify(value)}`).toMatch(PRINTABLE);
      expect(plainDocuments(text), `${kind} ${JSON.stringify(value)}`).toEqual(meant(kind, options, version));
      // The header is comments only: every line before the first object starts with "#".
      const head = text.slice(0, text.indexOf('apiVersion:'));
      for (const line of head.split('\n').filter((line) => line !== '')) expect(line).toMatch(/^# /);
    }
  });

  it.skipIf(!hasKubectl)('read back with kubectl as exactly the objects meant', () => {
    const texts = cases.map(({ options, kind, version }) => policyManifest(kind, options, version).text);
    const readings = readWithKubectl(texts);
    readings.forEach((reading, index) => {
      const { value, options, kind, version } = cases[index]!;
      expect(reading, `${kind} ${JSON.stringify(value)}`).not.toHaveProperty('error');
      const objects = ('objects' in reading ? reading.objects : []).map((object) => {
        const copy = structuredClone(object) as { metadata: { annotations?: Record<string, string> } };
        delete copy.metadata.annotations?.['sa-token-hardener.test/read'];
        if (copy.metadata.annotations && Object.keys(copy.metadata.annotations).length === 0) delete copy.metadata.annotations;
        return copy;
      });
      expect(objects, `${kind} ${JSON.stringify(value)}`).toEqual(meant(kind, options, version));
    });
  });

  it('compare in CEL against exactly the values given: audience, path and container names', () => {
    const pod = (audience: string | undefined, path: string, container: string) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      spec: {
        automountServiceAccountToken: false,
        containers: [{ name: container, volumeMounts: [{ name: 't', mountPath: path, readOnly: true }] }],
        volumes: [{ name: 't', projected: { defaultMode: 0o444, sources: [{ serviceAccountToken: { path: 'token', audience } }] } }],
      },
    });
    const failures = (options: HardenOptions, object: unknown) =>
      validateObject(validatingEvaluation(options), object).failures.map((failure) => failure.name);
    for (const value of HOSTILE) {
      const audience = { ...DEFAULT_OPTIONS, audience: value };
      expect(failures(audience, pod(value, audience.mountPath, 'app'))).toEqual([]);
      expect(failures(audience, pod(`${value}x`, audience.mountPath, 'app'))).toEqual(['audience-mismatch']);
      const path = { ...DEFAULT_OPTIONS, mountPath: `/var/run/${value}` };
      expect(failures(path, pod(undefined, path.mountPath, 'app'))).toEqual([]);
      const writable = pod(undefined, path.mountPath, 'app') as any;
      writable.spec.containers[0].volumeMounts[0].readOnly = false;
      expect(failures(path, writable)).toEqual(['token-not-read-only']);
      const containers = { ...DEFAULT_OPTIONS, containers: [value] };
      expect(failures(containers, pod(undefined, containers.mountPath, value))).toEqual([]);
      expect(failures(containers, pod(undefined, containers.mountPath, `${value}x`))).toEqual(['token-in-unselected-container']);
    }
  });

  it('mutate a Pod into exactly the volume and mount the options describe', () => {
    const admitted = {
      apiVersion: 'v1',
      kind: 'Pod',
      spec: {
        containers: [{ name: 'app', volumeMounts: [{ name: 'kube-api-access-x', readOnly: true, mountPath: DEFAULT_OPTIONS.mountPath }] }],
        volumes: [
          { name: 'kube-api-access-x', projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 3607 } }] } },
        ],
      },
    };
    for (const value of HOSTILE) {
      const options = { ...DEFAULT_OPTIONS, audience: value, volumeName: value, mountPath: `/var/run/${value}` };
      const patch = mutationPatch(mutatingEvaluation(options), admitted) ?? [];
      const added = patch.filter((operation) => operation.path.endsWith('/-'));
      expect(added.map((operation) => operation.value)).toEqual([
        { mountPath: options.mountPath, name: value, readOnly: true },
        expect.objectContaining({
          name: value,
          projected: expect.objectContaining({
            sources: expect.arrayContaining([{ serviceAccountToken: { audience: value, expirationSeconds: 3607, path: 'token' } }]),
          }),
        }),
      ]);
    }
  });

  it('quote values as shell words that bash reads back, and as message values in printable ASCII', () => {
    const hasBash = spawnSync('bash', ['-c', 'true']).status === 0;
    for (const value of HOSTILE) {
      expect(shellWord(value)).toMatch(PRINTABLE);
      expect(messageValue(value)).toMatch(/^[\x20-\x7e]*$/);
      if (hasBash) expect(spawnSync('bash', ['-c', `printf %s ${shellWord(value)}`], { encoding: 'utf8' }).stdout).toBe(value);
    }
    expect(shellWord('/var/run/secrets/kubernetes.io/serviceaccount')).toBe('/var/run/secrets/kubernetes.io/serviceaccount');
    expect(messageValue('/var/run/secrets/kubernetes.io/serviceaccount')).toBe('/var/run/secrets/kubernetes.io/serviceaccount');
  });
});

describe('sa-token-hardener policy, given hostile values on its command line and in --config', () => {
  function run(argv: string[], files: Record<string, string> = {}) {
    let stdout = '';
    let stderr = '';
    const io: CliIo = {
      readFile: (path) => new TextEncoder().encode(files[path] ?? ''),
      readStdin: () => new Uint8Array(),
      stdout: (text) => (stdout += text),
      stderr: (text) => (stderr += text),
      version: '0.0.0',
    };
    return { status: runCli(argv, io), stdout, stderr };
  }

  it('either refuses the value or prints a policy that reads back as the one meant, never another', () => {
    // In the file the value is written with YAML escapes, so that it reaches the options as it is.
    const yamlString = (value: string) =>
      JSON.stringify(value).replace(/[^\x20-\x7e]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
    let printed = 0;
    for (const value of HOSTILE) {
      const config = `apiVersion: sa-token-hardener.dev/v1alpha1\nkind: HardeningConfig\nmetadata: {name: p}\nspec:\n  audience: ${yamlString(value)}\n`;
      for (const [kind, argv] of [
        ['validating', ['policy', '--audience', value]],
        ['kyverno', ['policy', '--kind', 'kyverno', '--config', 'policy.yaml']],
      ] as const) {
        const result = run([...argv], { 'policy.yaml': config });
        if (result.status !== 0) {
          expect(result.stdout).toBe('');
          continue;
        }
        printed += 1;
        const { options, problems } = resolveOptions({ audience: value });
        expect(problems).toEqual([]);
        expect(result.stdout, `${kind} ${JSON.stringify(value)}`).toMatch(PRINTABLE);
        expect(plainDocuments(result.stdout), `${kind} ${JSON.stringify(value)}`).toEqual(meant(kind, options, undefined));
      }
    }
    console.log(`policy command with hostile values: ${printed} printed, ${HOSTILE.length * 2 - printed} refused`);
  });
});
