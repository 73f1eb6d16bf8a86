import { describe, expect, it } from 'vitest';
import { describeManifest } from './manifest-facts';

describe('describeManifest', () => {
  it('finds the pod spec ServiceAccounts and existing token audiences', () => {
    const facts = describeManifest(`
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      serviceAccountName: web-sa
      containers: [{name: web, image: web}]
      volumes:
        - name: token
          projected:
            sources:
              - serviceAccountToken: {audience: vault, path: token}
`);
    expect(facts.serviceAccountNames).toEqual(['web-sa']);
    expect(facts.audiences).toEqual(['vault']);
    expect(facts.secrets).toEqual([]);
  });

  it('flags Secrets and credential-like literal env values, not references', () => {
    const facts = describeManifest(`
apiVersion: v1
kind: Secret
metadata: {name: db}
stringData: {password: hunter2}
---
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: app
      env:
        - {name: DB_PASSWORD, value: hunter2}
        - {name: API_TOKEN, valueFrom: {secretKeyRef: {name: db, key: token}}}
        - {name: LOG_LEVEL, value: debug}
`);
    expect(facts.secrets).toEqual(['Secret/db']);
    expect(facts.credentialEnv).toEqual(['DB_PASSWORD']);
  });

  it('reads JSON and Lists, and survives garbage', () => {
    const list = '{"apiVersion":"v1","kind":"List","items":[{"kind":"Secret","metadata":{"name":"s"}}]}';
    expect(describeManifest(list).secrets).toEqual(['Secret/s']);
    expect(describeManifest('{{ .Values }}: [').secrets).toEqual([]);
    expect(describeManifest('').serviceAccountNames).toEqual([]);
  });

  it('counts objects, a List by its items, to tell one object from a bundle', () => {
    expect(describeManifest('kind: Pod\nmetadata: {name: a}\n').objectCount).toBe(1);
    expect(describeManifest('kind: Pod\n---\nkind: ServiceAccount\n---\n# only a comment\n').objectCount).toBe(2);
    expect(describeManifest('{"kind":"List","items":[{"kind":"Pod"},{"kind":"Pod"},{"kind":"Pod"}]}').objectCount).toBe(3);
    expect(describeManifest('just: text\n').objectCount).toBe(0);
  });
});
