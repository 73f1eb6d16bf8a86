import { describe, expect, it } from 'vitest';
import { createLocator } from './locate';

const TEXT = `apiVersion: v1
kind: Pod
metadata:
  name: a
spec:
  containers:
    - name: web
      volumeMounts:
        - name: data
          mountPath: /data
        - name: token
          mountPath: /var/run/secrets/kubernetes.io/serviceaccount
  automountServiceAccountToken: false
---
kind: ServiceAccount
metadata: {name: sa}
automountServiceAccountToken: false
`;

describe('locate', () => {
  it('finds the lines of a key, an item and a key in a later document', () => {
    const locate = createLocator(TEXT);
    expect(locate(0, ['spec', 'automountServiceAccountToken'])).toEqual({ startLine: 13, endLine: 13 });
    expect(locate(0, ['spec', 'containers', 0, 'volumeMounts', 1])).toEqual({ startLine: 11, endLine: 12 });
    expect(locate(1, ['automountServiceAccountToken'])).toEqual({ startLine: 17, endLine: 17 });
  });

  it('falls back to the deepest node the path reaches, and to nothing for a missing document', () => {
    const locate = createLocator(TEXT);
    expect(locate(0, ['spec', 'containers', 0, 'volumeMounts', 5])).toEqual({ startLine: 8, endLine: 12 });
    expect(locate(7, ['spec'])).toBeUndefined();
  });

  it('reads JSON', () => {
    const json = '{\n  "kind": "Pod",\n  "spec": {\n    "automountServiceAccountToken": false\n  }\n}\n';
    expect(createLocator(json)(0, ['spec', 'automountServiceAccountToken'])).toEqual({ startLine: 4, endLine: 4 });
  });
});
