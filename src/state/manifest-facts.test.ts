import { describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS, harden } from '../core';

/** The facts as the worker gets them: from the one hardening of the text. */
function factsOf(text: string) {
  return harden(text, DEFAULT_OPTIONS).facts;
}

describe('the facts of a manifest', () => {
  it('finds the pod spec ServiceAccounts and existing token audiences, from the hardening itself', () => {
    const facts = factsOf(`
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
  });

  it('reads JSON and Lists, and survives garbage', () => {
    const list = '{"apiVersion":"v1","kind":"List","items":[{"apiVersion":"v1","kind":"Pod","metadata":{"name":"s"}}]}';
    expect(factsOf(list).objectCount).toBe(1);
    expect(factsOf('{{ .Values }}: [').serviceAccountNames).toEqual([]);
    expect(factsOf('').serviceAccountNames).toEqual([]);
  });

  it('counts objects, a List by its items, to tell one object from a bundle', () => {
    expect(factsOf('apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n').objectCount).toBe(1);
    expect(factsOf('apiVersion: v1\nkind: Pod\n---\napiVersion: v1\nkind: ServiceAccount\n---\n# only a comment\n').objectCount).toBe(2);
    const list =
      '{"apiVersion":"v1","kind":"List","items":[{"apiVersion":"v1","kind":"Pod"},{"apiVersion":"v1","kind":"Pod"},{"apiVersion":"v1","kind":"Pod"}]}';
    expect(factsOf(list).objectCount).toBe(3);
    expect(factsOf('just: text\n').objectCount).toBe(0);
  });
});
