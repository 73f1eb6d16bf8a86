import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { harden, type HardenOptions } from '../core';
import { corpusFiles, describeCorpus, repositoryRoot } from '../test/corpus';
import { validOptions } from '../test/options';
import { alternatingTitle, changeTitle, sentenceCase, titleMarkdown, titleText } from './change-titles';

const FIXTURES = join(repositoryRoot, 'src/core/fixtures');

function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

/** Each change as `path: title`, the title in Markdown. */
function titlesOf(text: string, options: HardenOptions = validOptions()): string[] {
  return harden(text, options).changes.map((change) => `${change.path}: ${titleMarkdown(changeTitle(change))}`);
}

describe('change titles', () => {
  it('names the three changes the seed pod gets', () => {
    expect(titlesOf(fixture('golden/seed-pod/input.yaml'))).toEqual([
      'spec.automountServiceAccountToken: Set `automountServiceAccountToken` to `false`',
      'spec.containers[0].volumeMounts[0]: Added volume mount `serviceaccount-token`',
      'spec.volumes[0]: Added projected volume `serviceaccount-token`',
    ]);
  });

  it('names removed mounts and volumes, a ServiceAccount and a chosen ServiceAccount name', () => {
    expect(titlesOf(fixture('golden/kubectl-get-pod/input.yaml'), validOptions({ serviceAccountName: 'app' }))).toEqual([
      'spec.automountServiceAccountToken: Set `automountServiceAccountToken` to `false`',
      'spec.serviceAccountName: Set `serviceAccountName` to `app`',
      'spec.serviceAccount: Set `serviceAccount` to `app`',
      'spec.containers[0].volumeMounts[0]: Removed volume mount `kube-api-access-9zq7d`',
      'spec.containers[0].volumeMounts[0]: Added volume mount `serviceaccount-token`',
      'spec.volumes[0]: Removed projected volume `kube-api-access-9zq7d`',
      'spec.volumes[0]: Added projected volume `serviceaccount-token`',
    ]);
    expect(titlesOf(fixture('formats/cronjob-and-service-account.input.yaml'), validOptions({ apiAccess: 'none' }))).toEqual([
      'automountServiceAccountToken: Set `automountServiceAccountToken` to `false`',
      'spec.jobTemplate.spec.template.spec.automountServiceAccountToken: Set `automountServiceAccountToken` to `false`',
    ]);
  });

  it('names a legacy token Secret volume and mounts in init containers', () => {
    expect(titlesOf(fixture('formats/statefulset-legacy-secret.input.yaml'), validOptions({ apiAccess: 'none' }))).toEqual([
      'spec.template.spec.automountServiceAccountToken: Set `automountServiceAccountToken` to `false`',
      'spec.template.spec.containers[0].volumeMounts[0]: Removed volume mount `db-token-abcde`',
      'spec.template.spec.containers[1].volumeMounts[0]: Removed volume mount `db-token-abcde`',
    ]);
    expect(titlesOf(fixture('formats/deployment-kube-api-access.input.yaml'))).toEqual([
      'spec.template.spec.automountServiceAccountToken: Set `automountServiceAccountToken` to `false`',
      'spec.template.spec.initContainers[0].volumeMounts[0]: Removed volume mount `kube-api-access-x7q2v`',
      'spec.template.spec.initContainers[0].volumeMounts[0]: Added volume mount `serviceaccount-token`',
      'spec.template.spec.initContainers[1].volumeMounts[0]: Added volume mount `serviceaccount-token`',
      'spec.template.spec.containers[0].volumeMounts[1]: Removed volume mount `kube-api-access-x7q2v`',
      'spec.template.spec.containers[0].volumeMounts[2]: Added volume mount `serviceaccount-token`',
      'spec.template.spec.containers[1].volumeMounts[0]: Removed volume mount `kube-api-access-x7q2v`',
      'spec.template.spec.containers[1].volumeMounts[0]: Added volume mount `serviceaccount-token`',
      'spec.template.spec.volumes[0]: Removed projected volume `kube-api-access-x7q2v`',
      'spec.template.spec.volumes[2]: Added projected volume `serviceaccount-token`',
    ]);
  });

  it('names a projected source carried over from a replaced volume', () => {
    const pod = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: c
      volumeMounts:
        - name: kube-api-access-1
          mountPath: /var/run/secrets/kubernetes.io/serviceaccount
          readOnly: true
  volumes:
    - name: kube-api-access-1
      projected:
        sources:
          - serviceAccountToken:
              path: token
          - configMap:
              name: extra
              items:
                - key: x
                  path: x
`;
    expect(titlesOf(pod)).toContain('spec.volumes[0].projected.sources[3]: Added `configMap` source `extra`');
  });

  it('has a title for changes the core does not make today', () => {
    const title = (steps: (string | number)[], before: unknown, after: unknown) => titleMarkdown(changeTitle({ steps, before, after }));
    expect(title(['spec', 'volumes', 1], { name: 'a', emptyDir: {} }, { name: 'a', projected: {} })).toBe('Replaced volume `a`');
    expect(title(['spec', 'hostAliases', 0], undefined, { ip: '1.2.3.4' })).toBe('Added item of hostAliases');
    expect(title(['spec', 'volumes', 0, 'projected', 'sources', 0], undefined, { downwardAPI: { items: [] } })).toBe(
      'Added `downwardAPI` source',
    );
    expect(title(['spec', 'containers', 2], { name: 'web' }, undefined)).toBe('Removed container `web`');
    expect(title(['spec', 'enableServiceLinks'], true, undefined)).toBe('Removed `enableServiceLinks`');
    expect(title(['spec', 'securityContext'], undefined, { runAsNonRoot: true })).toBe('Added `securityContext`');
    expect(title(['spec', 'securityContext'], {}, { runAsNonRoot: true })).toBe('Replaced `securityContext`');
    expect(title(['spec', 'priority'], 1, 2)).toBe('Set `priority` to `2`');
    expect(title(['spec', 'nodeName'], 'a', null)).toBe('Set `nodeName` to `null`');
    expect(title(['automountServiceAccountToken'], undefined, false)).toBe('Set `automountServiceAccountToken` to `false`');
  });

  it('reads as plain words for a screen reader, and starts core texts with a capital', () => {
    expect(titleText(changeTitle({ steps: ['spec', 'volumes', 0], before: undefined, after: { name: 'v', projected: {} } }))).toBe(
      'Added projected volume v',
    );
    expect(sentenceCase('mount the token read-only')).toBe('Mount the token read-only');
    expect(sentenceCase('')).toBe('');
  });
});

/** A title with its names elided, so that one line stands for every change of a kind. */
function titleKind(markdown: string): string {
  return markdown.replace(/`[^`]*`/g, (part) =>
    /^`(false|automountServiceAccountToken|serviceAccountName|serviceAccount|configMap|secret|downwardAPI)`$/.test(part) ? part : '`…`',
  );
}

describeCorpus('change titles of the corpus', () => {
  it('gives every change of every corpus file, with each API access, one of the known titles', () => {
    const kinds = new Set<string>();
    const options = [validOptions(), validOptions({ apiAccess: 'none' }), validOptions({ serviceAccountName: 'app' })];
    let changes = 0;
    for (const file of corpusFiles()) {
      for (const chosen of options) {
        for (const change of harden(file.text, chosen).changes) {
          changes += 1;
          kinds.add(titleKind(titleMarkdown(changeTitle(change))));
        }
      }
    }
    expect(changes).toBeGreaterThan(500);
    expect([...kinds].sort()).toEqual([
      'Added `configMap` source `…`',
      'Added projected volume `…`',
      'Added volume mount `…`',
      'Removed projected volume `…`',
      'Removed volume `…`',
      'Removed volume mount `…`',
      'Set `automountServiceAccountToken` to `false`',
      'Set `serviceAccountName` to `…`',
      'Set `serviceAccount` to `…`',
    ]);
  });
});

describe('a title by turns', () => {
  it('joins parts of one kind and starts with words, empty when the title starts with code', () => {
    const parts = [
      { text: 'Added ', code: false },
      { text: 'volume mount ', code: false },
      { text: 'token', code: true },
    ];
    expect(alternatingTitle(parts)).toEqual(['Added volume mount ', 'token']);
    expect(
      alternatingTitle([
        { text: 'configMap', code: true },
        { text: ' source', code: false },
      ]),
    ).toEqual(['', 'configMap', ' source']);
    expect(alternatingTitle([])).toEqual(['']);
  });
});
