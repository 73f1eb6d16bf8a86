import { describe, expect, it } from 'vitest';
import { validateKubernetesObject } from './validate-object';

describe('validateKubernetesObject', () => {
  it('accepts a valid Deployment and rejects a wrong type', async () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd' },
      spec: {
        selector: { matchLabels: { a: 'b' } },
        template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i' }] } },
      },
    };
    expect(await validateKubernetesObject(deployment)).toBeUndefined();
    const broken = structuredClone(deployment);
    (broken.spec.template.spec.containers[0] as Record<string, unknown>)['volumeMounts'] = [
      { mountPath: '/a', name: 'v', readOnly: 'yes' },
    ];
    expect(await validateKubernetesObject(broken)).toMatch(/readOnly/);
  });
});
