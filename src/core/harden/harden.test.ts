import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { countRemovedLines } from '../../test/removed-lines';
import { DEFAULT_OPTIONS, harden } from '../index';
import { parseManifestFully as parseManifest, toPlainValue } from '../read/parse';
import { validOptions } from '../../test/options';

const FIXTURES = join(import.meta.dirname, '../fixtures', 'golden');

function plainDocuments(text: string): unknown[] {
  return parseManifest(text).documents.map(toPlainValue);
}

describe('golden fixtures', () => {
  const cases = readdirSync(FIXTURES);
  it.each(cases)('%s', (name) => {
    const inputName = readdirSync(join(FIXTURES, name)).find((file) => file.startsWith('input.'));
    if (!inputName) throw new Error(`fixture ${name} has no input`);
    const input = readFileSync(join(FIXTURES, name, inputName), 'utf8');
    const expected = readFileSync(join(FIXTURES, name, inputName.replace('input', 'expected')), 'utf8');
    const result = harden(input, DEFAULT_OPTIONS);
    expect(result.errors).toEqual([]);
    expect(result.output).toBe(expected);
    expect(harden(result.output, DEFAULT_OPTIONS).output).toBe(result.output);
  });
});

describe('the seed pod', () => {
  const seed = readFileSync(join(FIXTURES, 'seed-pod', 'input.yaml'), 'utf8');

  it('gets exactly the volume the API server would inject, with the mode in decimal', () => {
    const [pod] = plainDocuments(harden(seed, DEFAULT_OPTIONS).output) as [any];
    expect(pod.spec.automountServiceAccountToken).toBe(false);
    expect(pod.spec.containers[0].volumeMounts).toEqual([
      { mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', name: 'serviceaccount-token', readOnly: true },
    ]);
    expect(pod.spec.volumes[0].projected.defaultMode).toBe(0o444);
    expect(pod.spec.volumes[0].projected.sources[2].downwardAPI.items[0].fieldRef).toEqual({
      apiVersion: 'v1',
      fieldPath: 'metadata.namespace',
    });
  });

  it('writes the token source as the API server does, audience first', () => {
    // kubectl get -o yaml shows serviceAccountToken's fields in the API's order: audience, expirationSeconds, path.
    const { output } = harden(seed, validOptions({ audience: 'vault', expirationSeconds: '3600' }));
    expect(output).toContain(
      '          - serviceAccountToken:\n              audience: vault\n              expirationSeconds: 3600\n              path: token\n',
    );
  });

  it('writes the mode as decimal with the octal beside it, never 0444 or 0o444', () => {
    const { output } = harden(seed, validOptions({ defaultMode: '0440' }));
    expect(output).toContain('defaultMode: 288 # 0440\n');
    expect(output).not.toMatch(/defaultMode: 0/);
  });

  it('only inserts lines', () => {
    const { output } = harden(seed, DEFAULT_OPTIONS);
    expect(countRemovedLines(seed, output)).toBe(0);
  });

  it('explains every change', () => {
    const { changes } = harden(seed, DEFAULT_OPTIONS);
    expect(changes.map((change) => change.path)).toEqual([
      'spec.automountServiceAccountToken',
      'spec.containers[0].volumeMounts[0]',
      'spec.volumes[0]',
    ]);
    for (const change of changes) expect(change.reason.length).toBeGreaterThan(10);
  });

  it("reports the write-up's mis-indented projected: with a hint", () => {
    const writeUp = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: foo-pod',
      'spec:',
      '  volumes:',
      '    - name: serviceaccount-token',
      '    projected:',
      '      defaultMode: 0444',
    ].join('\n');
    const { errors } = harden(writeUp, DEFAULT_OPTIONS);
    expect(errors[0]?.start).toEqual({ line: 8, col: 5 });
    expect(errors[0]?.hint).toMatch(/`projected:` sits beside the list item/);
  });

  it("finds the write-up's empty fieldRef: with apiVersion and fieldPath beside it", () => {
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: c
      image: i
  volumes:
    - name: v
      projected:
        sources:
          - downwardAPI:
              items:
                - path: namespace
                  fieldRef:
                  apiVersion: v1
                  fieldPath: metadata.namespace
`;
    const { findings } = harden(text, DEFAULT_OPTIONS);
    const finding = findings.find((item) => item.code === 'misindented-field-ref');
    expect(finding?.position).toEqual({ line: 16, col: 19 });
    // A well-indented fieldRef elsewhere in the file is not the one pointed at.
    const fixed = text
      .replace('                  apiVersion', '                    apiVersion')
      .replace('                  fieldPath', '                    fieldPath');
    expect(
      harden(`${fixed}---\n${text}`, DEFAULT_OPTIONS).findings.find((item) => item.code === 'misindented-field-ref')?.position,
    ).toEqual({
      line: 16 + 19,
      col: 19,
    });
  });
});

describe('Kubernetes-exact numbers', () => {
  it('reads 0444 with YAML 1.1 rules, as kubectl does: an existing equal volume is kept', () => {
    const hardened = harden(readFileSync(join(FIXTURES, 'seed-pod', 'input.yaml'), 'utf8'), DEFAULT_OPTIONS).output;
    const octal = hardened.replace('defaultMode: 292 # 0444', 'defaultMode: 0444');
    expect(harden(octal, DEFAULT_OPTIONS).output).toBe(octal);
  });

  it('leaves modes the user wrote elsewhere untouched', () => {
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: c
      image: i
  volumes:
    - name: config
      configMap:
        name: c
        defaultMode: 0600
`;
    expect(harden(text, DEFAULT_OPTIONS).output).toContain('        defaultMode: 0600\n');
  });
});

describe('replacing what sat at the mount path', () => {
  it('replaces a copied kube-api-access volume and its mounts', () => {
    const input = readFileSync(join(FIXTURES, 'kubectl-get-pod', 'input.yaml'), 'utf8');
    const result = harden(input, DEFAULT_OPTIONS);
    expect(result.output).not.toContain('kube-api-access');
    expect(result.findings.map((finding) => finding.code)).toContain('replaced-kube-api-access');
  });

  it('replaces a legacy token Secret mounted without readOnly, and says so', () => {
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: old
spec:
  serviceAccountName: app
  containers:
  - name: app
    image: app
    volumeMounts:
    - mountPath: /var/run/secrets/kubernetes.io/serviceaccount/
      name: app-token-x7k2p
  volumes:
  - name: app-token-x7k2p
    secret:
      secretName: app-token-x7k2p
  - name: scratch
    emptyDir: {}
`;
    const result = harden(text, DEFAULT_OPTIONS);
    const codes = result.findings.map((finding) => finding.code);
    expect(codes).toContain('replaced-token-secret');
    expect(codes).toContain('mount-not-read-only');
    const [pod] = plainDocuments(result.output) as [any];
    expect(pod.spec.volumes.map((volume: { name: string }) => volume.name)).toEqual(['scratch', 'serviceaccount-token']);
    expect(pod.spec.containers[0].volumeMounts).toHaveLength(1);
  });

  it('keeps a replaced volume that another mount still uses', () => {
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: shared
spec:
  containers:
  - name: a
    image: a
    volumeMounts:
    - mountPath: /var/run/secrets/kubernetes.io/serviceaccount
      name: creds
  - name: b
    image: b
    volumeMounts:
    - mountPath: /creds
      name: creds
  volumes:
  - name: creds
    secret:
      secretName: creds
`;
    const [pod] = plainDocuments(harden(text, DEFAULT_OPTIONS).output) as [any];
    expect(pod.spec.volumes.map((volume: { name: string }) => volume.name)).toEqual(['creds', 'serviceaccount-token']);
    expect(pod.spec.containers[1].volumeMounts).toEqual([
      { mountPath: '/creds', name: 'creds' },
      expect.objectContaining({ name: 'serviceaccount-token' }),
    ]);
  });

  it('takes a mount of the token volume as its own only when it is read-only', () => {
    // An earlier run's volume and mount, but the mount made writable by hand: not hardened.
    const earlier = readFileSync(join(FIXTURES, 'rerun-new-options', 'input.yaml'), 'utf8');
    expect(earlier).toContain('          readOnly: true\n');
    const writable = earlier.replace('          readOnly: true\n', '          readOnly: false\n');
    const result = harden(writable, DEFAULT_OPTIONS);
    expect(result.output).toBe(earlier);
    expect(result.findings.map((finding) => finding.code)).toContain('mount-not-read-only');
    expect(result.changes.map((change) => [change.path, change.after])).toEqual([
      ['spec.containers[0].volumeMounts[0]', undefined],
      [
        'spec.containers[0].volumeMounts[0]',
        { mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', name: 'serviceaccount-token', readOnly: true },
      ],
    ]);
  });

  it('rewrites an earlier run when the options change, and only then', () => {
    const input = readFileSync(join(FIXTURES, 'rerun-new-options', 'input.yaml'), 'utf8');
    expect(harden(input, DEFAULT_OPTIONS).output).toBe(input);
    const result = harden(input, validOptions({ expirationSeconds: '3600', audience: 'vault' }));
    const [pod] = plainDocuments(result.output) as [any];
    expect(pod.spec.volumes).toHaveLength(1);
    expect(pod.spec.volumes[0].projected.sources[0].serviceAccountToken).toEqual({
      audience: 'vault',
      expirationSeconds: 3600,
      path: 'token',
    });
    expect(result.findings.map((finding) => finding.code)).toContain('audience-default-path');
  });
});

describe('options', () => {
  const twoContainers = `apiVersion: v1
kind: Pod
metadata:
  name: two
spec:
  initContainers:
  - name: setup
    image: s
  containers:
  - name: app
    image: a
  - name: sidecar
    image: b
    volumeMounts:
    - mountPath: /var/run/secrets/kubernetes.io/serviceaccount
      name: serviceaccount-token
      readOnly: true
`;

  it('mounts in selected containers only, and takes the mount from deselected ones', () => {
    const [pod] = plainDocuments(harden(twoContainers, validOptions({ containers: 'app' })).output) as [any];
    expect(pod.spec.initContainers[0].volumeMounts).toBeUndefined();
    expect(pod.spec.containers[0].volumeMounts).toHaveLength(1);
    expect(pod.spec.containers[1].volumeMounts).toBeUndefined();
  });

  it('lists the containers of each workload, naming the init containers', () => {
    const withAccount = `${twoContainers}---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: sa\n`;
    const workloads = harden(withAccount, DEFAULT_OPTIONS).objects.map(({ object, containers, initContainers }) => ({
      object,
      containers,
      initContainers,
    }));
    expect(workloads).toEqual([
      { object: 'Pod/two', containers: ['setup', 'app', 'sidecar'], initContainers: ['setup'] },
      { object: 'ServiceAccount/sa', containers: [], initContainers: [] },
    ]);
  });

  it('refuses container names that do not exist', () => {
    const { errors } = harden(twoContainers, validOptions({ containers: 'app,nope' }));
    expect(errors[0]?.code).toBe('unknown-container');
    expect(errors[0]?.message).toContain('"nope"');
  });

  it('sets the ServiceAccount and keeps the deprecated field equal to it', () => {
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  serviceAccount: old
  containers:
  - name: c
    image: i
`;
    const [pod] = plainDocuments(harden(text, validOptions({ serviceAccountName: 'new-sa' })).output) as [any];
    expect(pod.spec.serviceAccountName).toBe('new-sa');
    expect(pod.spec.serviceAccount).toBe('new-sa');
    const [migrated] = plainDocuments(harden(text, DEFAULT_OPTIONS).output) as [any];
    expect(migrated.spec.serviceAccountName).toBe('old');
  });

  it('uses the chosen mount path, volume name and mode', () => {
    const chosen = validOptions({
      mountPath: '/var/run/secrets/tokens',
      volumeName: 'api-token',
      defaultMode: '0o400',
      expirationSeconds: 600,
    });
    const [pod] = plainDocuments(harden(twoContainers, chosen).output) as [any];
    expect(pod.spec.containers[0].volumeMounts).toEqual([{ mountPath: '/var/run/secrets/tokens', name: 'api-token', readOnly: true }]);
    expect(pod.spec.volumes.map((volume: { name: string }) => volume.name)).toEqual(['api-token']);
    expect(pod.spec.volumes[0].projected.defaultMode).toBe(0o400);
  });

  it('refuses to take over a volume of the chosen name that is not a token volume', () => {
    const text = twoContainers.replace(
      'containers:\n  - name: app',
      'volumes:\n  - name: data\n    emptyDir: {}\n  containers:\n  - name: app',
    );
    const { errors } = harden(text, validOptions({ volumeName: 'data' }));
    expect(errors[0]?.code).toBe('volume-name-taken');
  });

  it('emits a ServiceAccount the pods name but the input lacks', () => {
    const text =
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: ns\nspec:\n  serviceAccountName: app\n  containers:\n  - name: c\n    image: i\n';
    const result = harden(text, validOptions({ emitServiceAccount: true }));
    const documents = plainDocuments(result.output) as any[];
    expect(documents[1]).toEqual({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'app', namespace: 'ns' },
      automountServiceAccountToken: false,
    });
  });
});

describe('documents and kinds', () => {
  it('hardens ServiceAccounts and passes other documents through byte-identical', () => {
    const text =
      '# head\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: sa\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  a: "0444"\n...\n';
    const { output } = harden(text, DEFAULT_OPTIONS);
    expect(output).toBe(
      '# head\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: sa\nautomountServiceAccountToken: false\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  a: "0444"\n...\n',
    );
  });

  it.each([
    ['PodTemplate', 'v1', 'template:\n  spec:\n    containers:\n    - name: c\n      image: i\n', (doc: any) => doc.template.spec],
    [
      'ScaledJob',
      'keda.sh/v1alpha1',
      'spec:\n  jobTargetRef:\n    template:\n      spec:\n        containers:\n        - name: c\n          image: i\n',
      (doc: any) => doc.spec.jobTargetRef.template.spec,
    ],
    [
      'JobSet',
      'jobset.x-k8s.io/v1alpha2',
      'spec:\n  replicatedJobs:\n  - name: a\n    template:\n      spec:\n        template:\n          spec:\n            containers:\n            - name: c\n              image: i\n  - name: b\n    template:\n      spec:\n        template:\n          spec:\n            containers:\n            - name: d\n              image: i\n',
      (doc: any) => doc.spec.replicatedJobs[1].template.spec.template.spec,
    ],
  ])('finds the pod spec of a %s', (kind, apiVersion, body, podSpec) => {
    const text = `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: x\n${body}`;
    const [document] = plainDocuments(harden(text, DEFAULT_OPTIONS).output) as [any];
    expect(podSpec(document).automountServiceAccountToken).toBe(false);
    expect(podSpec(document).volumes).toHaveLength(1);
  });

  it.each([
    ['extensions/v1beta1', 'Deployment'],
    ['extensions/v1beta1', 'DaemonSet'],
    ['extensions/v1beta1', 'ReplicaSet'],
    ['apps/v1beta1', 'Deployment'],
    ['apps/v1beta1', 'StatefulSet'],
    ['apps/v1beta2', 'Deployment'],
    ['apps/v1beta2', 'DaemonSet'],
  ])('hardens %s %s: old charts still render the API groups these kinds were served from', (apiVersion, kind) => {
    const text = `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: old\nspec:\n  template:\n    spec:\n      containers:\n      - name: c\n        image: i\n`;
    const result = harden(text, DEFAULT_OPTIONS);
    const [document] = plainDocuments(result.output) as [any];
    expect(document.spec.template.spec.automountServiceAccountToken).toBe(false);
    expect(document.spec.template.spec.volumes.map((volume: { name: string }) => volume.name)).toEqual(['serviceaccount-token']);
    expect(result.objects.map((workload) => workload.object)).toEqual([`${kind}/old`]);
  });

  it('hardens a batch/v1beta1 CronJob', () => {
    const text =
      'apiVersion: batch/v1beta1\nkind: CronJob\nmetadata:\n  name: old\nspec:\n  schedule: "@daily"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n          - name: c\n            image: i\n';
    const [document] = plainDocuments(harden(text, DEFAULT_OPTIONS).output) as [any];
    expect(document.spec.jobTemplate.spec.template.spec.automountServiceAccountToken).toBe(false);
  });

  it('hardens the items of a kind: List', () => {
    const text =
      'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: a\n  spec:\n    containers:\n    - name: c\n      image: i\n';
    const [list] = plainDocuments(harden(text, DEFAULT_OPTIONS).output) as [any];
    expect(list.items[0].spec.automountServiceAccountToken).toBe(false);
  });

  it('leaves a partial manifest unchanged, with a finding', () => {
    const text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: base\nspec:\n  replicas: 2\n';
    const result = harden(text, DEFAULT_OPTIONS);
    expect(result.output).toBe(text);
    expect(result.findings.map((finding) => finding.code)).toEqual(['no-pod-template']);
  });

  it('passes a document that is not a Kubernetes object through, with a warning', () => {
    const text = 'just: data\n';
    const result = harden(text, DEFAULT_OPTIONS);
    expect(result.output).toBe(text);
    expect(result.findings[0]?.code).toBe('not-kubernetes');
  });

  it('gives JSON out for JSON in', () => {
    const input = readFileSync(join(FIXTURES, 'json-pod', 'input.json'), 'utf8');
    const { output, isJson } = harden(input, DEFAULT_OPTIONS);
    expect(isJson).toBe(true);
    expect(JSON.parse(output).spec.volumes[0].projected.defaultMode).toBe(292);
  });

  it('reports workload identity and sidecar injectors', () => {
    const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: d
spec:
  template:
    metadata:
      annotations:
        vault.hashicorp.com/agent-inject: "true"
        iam.gke.io/gcp-service-account: x@y.iam.gserviceaccount.com
    spec:
      containers:
      - name: c
        image: i
`;
    const codes = harden(text, DEFAULT_OPTIONS).findings.map((finding) => finding.code);
    expect(codes).toContain('workload-identity');
    expect(codes).toContain('sidecar-injector');
  });
});

describe('empty and flow values', () => {
  it.each([
    [
      'volumes: [] and volumeMounts: []',
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: a\n    image: b\n    volumeMounts: []\n  volumes: []\n',
    ],
    [
      'empty volumes: and volumeMounts:',
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  volumes: # none yet\n  containers:\n  - name: a\n    image: b\n    volumeMounts:\n',
    ],
  ])('fills %s in block style', (_, text) => {
    const { output, errors } = harden(text, DEFAULT_OPTIONS);
    expect(errors).toEqual([]);
    expect(output).toContain('\n    volumeMounts:\n    - mountPath: /var/run/secrets/kubernetes.io/serviceaccount\n');
    expect(output).toMatch(/\n {2}volumes:( # none yet)?\n {2}- name: serviceaccount-token\n {4}projected:\n {6}defaultMode: 292 # 0444\n/);
    expect(harden(output, DEFAULT_OPTIONS).output).toBe(output);
  });

  it('extends a one-line flow pod spec on its line', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: a, image: b}]}\n';
    const { output } = harden(text, DEFAULT_OPTIONS);
    expect(output.split('\n')).toHaveLength(5);
    const [pod] = plainDocuments(output) as [any];
    expect(pod.spec.containers[0].volumeMounts[0].readOnly).toBe(true);
    expect(pod.spec.automountServiceAccountToken).toBe(false);
  });

  it('writes JSON-like keys in a minified flow document of a YAML stream, so the compact pairs still parse', () => {
    const minified = readFileSync(join(FIXTURES, 'json-minified', 'input.json'), 'utf8');
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n---\n${minified}`;
    const { output, errors } = harden(text, DEFAULT_OPTIONS);
    expect(errors).toEqual([]);
    expect(output).toContain('{"mountPath":"/var/run/secrets/kubernetes.io/serviceaccount","name":"serviceaccount-token","readOnly":true}');
    expect(harden(output, DEFAULT_OPTIONS).output).toBe(output);
  });

  it('replaces a copied kube-api-access volume in KYAML, keeping its quoting and trailing commas', () => {
    // KYAML starts with `---`: a text that starts with `{` is JSON to kubectl.
    const text =
      '---\n{\n  apiVersion: "v1",\n  kind: "Pod",\n  metadata: {\n    name: "p",\n  },\n  spec: {\n    containers: [{\n      name: "a",\n      image: "b",\n      volumeMounts: [{\n        mountPath: "/var/run/secrets/kubernetes.io/serviceaccount",\n        name: "kube-api-access-x1",\n      }],\n    }],\n    volumes: [{\n      name: "kube-api-access-x1",\n      projected: {\n        sources: [{\n          serviceAccountToken: {\n            path: "token",\n          },\n        }],\n      },\n    }],\n  },\n}\n';
    const { output } = harden(text, DEFAULT_OPTIONS);
    expect(output).not.toContain('kube-api-access');
    expect(output).toContain('        name: "serviceaccount-token",\n');
    expect(output).toContain('    automountServiceAccountToken: false,\n  },\n}\n');
    expect(harden(output, DEFAULT_OPTIONS).output).toBe(output);
  });
});

describe('bad input', () => {
  it.each([
    ['empty-input', '  \n'],
    ['duplicate-key', 'apiVersion: v1\nkind: Pod\nkind: Pod\n'],
    ['tab-indentation', 'apiVersion: v1\nmetadata:\n\tname: x\n'],
    ['helm-template', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Values.name }}\n  {{- include "labels" . | nindent 4 }}\n'],
    ['yaml-syntax', 'apiVersion: v1\nkind: [Pod\n'],
    ['too-deep', `a: ${'['.repeat(5000)}${']'.repeat(5000)}\n`],
  ])('%s', (code, text) => {
    const result = harden(text, DEFAULT_OPTIONS);
    expect(result.errors[0]?.code).toBe(code);
    expect(result.errors[0]?.start.line).toBeGreaterThan(0);
    expect(result.output).toBe(text);
  });

  it('refuses an alias bomb before expanding it', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let level = 1; level < 12; level += 1)
      lines.push(
        `a${level}: &a${level} [${Array(10)
          .fill(`*a${level - 1}`)
          .join(', ')}]`,
      );
    const text = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: bomb\n  labels:\n${lines.map((line) => `    ${line}`).join('\n')}\nspec:\n  containers: []\n`;
    const result = harden(text, DEFAULT_OPTIONS);
    expect(result.errors[0]?.code).toBe('alias-limit');
  });

  it('refuses inputs over the size cap', () => {
    const text = `a: "${'x'.repeat(10 * 1024 * 1024)}"\n`;
    expect(harden(text, DEFAULT_OPTIONS).errors[0]?.code).toBe('too-large');
  });

  it('hardens a pod without containers, with a finding', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  restartPolicy: Never\n';
    const result = harden(text, DEFAULT_OPTIONS);
    expect(result.errors).toEqual([]);
    expect(result.findings.map((finding) => finding.code)).toContain('no-containers');
    expect(result.output).toContain('automountServiceAccountToken: false');
  }, 30_000);
});

describe('inputs with very long lists', () => {
  it('hardens a pod whose arguments run to 200,000 items: no list is spread as arguments, which overflows the stack', () => {
    const args = Array.from({ length: 200_000 }, (_, index) => `        - --flag-${index}`).join('\n');
    const pod = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      args:\n${args}\n`;
    const result = harden(pod, DEFAULT_OPTIONS);
    expect(result.errors).toEqual([]);
    expect(result.output).toContain('automountServiceAccountToken: false');
  }, 30_000);
});
