import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AuditEvent } from './audit-event';
import { decodeBase64, decodeUtf8, decodeValue, parseTime } from './decode-record';

function decodeOne(value: unknown): AuditEvent[] {
  const events: AuditEvent[] = [];
  decodeValue(value, 1, undefined, { event: (event) => events.push(event), skip: () => {}, warn: () => {} }, {});
  return events;
}

describe('decoding records', () => {
  it.each([
    ['io.k8s.authorization.rbac.v1.clusterroles.create', 'rbac.authorization.k8s.io', 'clusterroles', undefined, 'create'],
    ['io.k8s.coordination.v1.leases.update', 'coordination.k8s.io', 'leases', undefined, 'update'],
    ['io.k8s.apps.v1.deployments.list', 'apps', 'deployments', undefined, 'list'],
    ['io.k8s.core.v1.pods.exec.create', '', 'pods', 'exec', 'create'],
    ['io.k8s.batch.v1.cronjobs.create', 'batch', 'cronjobs', undefined, 'create'],
  ])('GKE methodName %s without a resourceName', (methodName, apiGroup, resource, subresource, verb) => {
    const [event] = decodeOne({
      protoPayload: { methodName, serviceName: 'k8s.io', authenticationInfo: { principalEmail: 'system:serviceaccount:a:b' } },
    });
    expect(event?.objectRef).toMatchObject({ apiGroup, resource, subresource });
    expect(event?.verb).toBe(verb);
  });

  it('GKE resourceName for a namespace, a cluster-scoped object and a path', () => {
    const refs = ['core/v1/namespaces/shop', 'core/v1/nodes/node-a', '/readyz'].map(
      (resourceName) => decodeOne({ protoPayload: { methodName: 'io.k8s.core.v1.x.get', resourceName } })[0],
    );
    expect(refs[0]?.objectRef).toMatchObject({ resource: 'namespaces', name: 'shop', namespace: undefined });
    expect(refs[1]?.objectRef).toMatchObject({ resource: 'nodes', name: 'node-a', namespace: undefined });
    expect(refs[2]).toMatchObject({ objectRef: undefined, path: '/readyz' });
  });

  it('reads times as RFC 3339, as Panther and Cloud Logging write them, and as CloudWatch milliseconds', () => {
    expect(parseTime('2020-05-05T16:16:37.655912Z')).toBe(Date.UTC(2020, 4, 5, 16, 16, 37, 655));
    expect(parseTime('2022-11-29 00:09:04.38')).toBe(Date.UTC(2022, 10, 29, 0, 9, 4, 380));
    expect(parseTime('2024-01-19T13:47:18.279921000+01:00')).toBe(Date.UTC(2024, 0, 19, 12, 47, 18, 279));
    expect(parseTime(1700000000123)).toBe(1700000000123);
    expect(parseTime('yesterday')).toBeUndefined();
  });

  it('reads UTC times exactly as Date.parse does, one after another (the last day is cached)', () => {
    const digits = (length: number, max: number) => fc.integer({ min: 0, max }).map((value) => String(value).padStart(length, '0'));
    const time = fc
      .tuple(
        digits(4, 9999),
        digits(2, 13),
        digits(2, 32),
        digits(2, 25),
        digits(2, 61),
        digits(2, 61),
        fc.oneof(fc.constant(''), fc.constant('.'), fc.stringMatching(/^\.[0-9]{1,12}$/), fc.stringMatching(/^\.[0-9x]{1,4}$/)),
        fc.constantFrom('Z', 'z', '+01:00', ''),
      )
      .map(
        ([year, month, day, hour, minute, second, fraction, zone]) =>
          `${year}-${month}-${day}T${hour}:${minute}:${second}${fraction}${zone}`,
      );
    const readsAsDateParse = (times: readonly string[]): void => {
      // Neighbours share their day, as in a log.
      for (const value of times.flatMap((time) => [time, `${time.slice(0, 19)}.5Z`, `${time.slice(0, 11)}23:59:59Z`, time])) {
        const expected = Date.parse(value);
        if (value.endsWith('Z') && !Number.isNaN(expected)) expect(parseTime(value)).toBe(expected);
        else if (value.endsWith('Z')) expect(parseTime(value)).toBeUndefined();
      }
    };
    // Where Date.parse has its own ideas: hour 24 takes no fraction, ten digits are not nine.
    readsAsDateParse([
      '2020-05-05T24:00:00.5Z',
      '2020-05-05T24:00:00.0Z',
      '2020-01-01T00:00:00.0001000000Z',
      '2020-01-01T00:00:00.000100000Z',
      '2020-05-05T16:16:37.Z',
      '2020-05-05T16:16:61.5Z',
      '2020-02-30T16:16:00.25Z',
      '2020-05-05T16:16:37.1e3Z',
      '2020-13-01T00:00:00.5Z',
      '2020-05-05T23:60:00Z',
      '2020-05-05T23:59:59.999999999Z',
      '0099-05-05T10:00:00Z',
    ]);
    fc.assert(fc.property(fc.array(time, { minLength: 1, maxLength: 8 }), readsAsDateParse));
  });

  it('an impersonated request is the impersonated user’s, with that user’s extras only', () => {
    const [event] = decodeOne({
      kind: 'Event',
      user: { username: 'system:serviceaccount:ops:deployer', extra: { 'authentication.kubernetes.io/pod-name': ['deployer-1'] } },
      impersonatedUser: { username: 'system:serviceaccount:shop:reporter' },
      verb: 'get',
    });
    expect(event?.identity).toMatchObject({ username: 'system:serviceaccount:shop:reporter', podName: undefined });
    expect(event?.impersonated).toBe(true);
  });

  it('base64 and UTF-8 decode as Node does (valid UTF-8: payloads are JSON)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(decodeBase64(Buffer.from(bytes).toString('base64'))).toEqual(bytes);
        expect(decodeBase64(Buffer.from(bytes).toString('base64url'))).toEqual(bytes);
      }),
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(decodeUtf8(new Uint8Array(Buffer.from(text, 'utf8')))).toBe(Buffer.from(text, 'utf8').toString('utf8'));
      }),
    );
  });
});
