import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { realFolder } from '../../../test/corpus';
import { hasKubectl, readWithKubectl } from '../../../test/kubectl';
import type { ApiUsage } from '../types';
import { generateLeastRoleYaml, leastRoles, yamlScalar, type PolicyRule, type RoleSubject } from './least-role';
import { createAuditLogReader } from './read-audit-log';

type Operation = ApiUsage['operations'][number];
type Request = {
  verb: string;
  apiGroup: string;
  resource: string;
  subresource?: string | undefined;
  namespace?: string | undefined;
  name?: string | undefined;
  path?: string;
};

/** RBAC's rule matching (k8s.io/kubernetes plugin/pkg/auth/authorizer/rbac), for the rules we write. */
function ruleAllows(rule: PolicyRule, request: Request): boolean {
  const verbs = rule.verbs;
  if (!verbs.includes(request.verb) && !verbs.includes('*')) return false;
  if (request.path !== undefined) {
    return (rule.nonResourceURLs ?? []).some(
      (url) => url === request.path || (url.endsWith('*') && request.path?.startsWith(url.slice(0, -1))),
    );
  }
  if (!rule.apiGroups || !(rule.apiGroups.includes(request.apiGroup) || rule.apiGroups.includes('*'))) return false;
  const resource = request.subresource ? `${request.resource}/${request.subresource}` : request.resource;
  if (!rule.resources || !(rule.resources.includes(resource) || rule.resources.includes('*'))) return false;
  return (
    !rule.resourceNames || rule.resourceNames.length === 0 || (request.name !== undefined && rule.resourceNames.includes(request.name))
  );
}

type ReadBackRole = { kind: string; namespace: string | undefined; rules: PolicyRule[] };

function readBack(yaml: string): { roles: ReadBackRole[]; bindings: any[] } {
  const objects = parseAllDocuments(yaml).map((document) => document.toJS());
  return {
    roles: objects
      .filter((object) => object.kind === 'Role' || object.kind === 'ClusterRole')
      .map((object) => ({ kind: object.kind, namespace: object.metadata.namespace, rules: object.rules })),
    bindings: objects.filter((object) => object.kind.endsWith('Binding')),
  };
}

/** Whether the Roles read back allow a request: a Role only in its namespace, a ClusterRole anywhere. */
function allows(roles: readonly ReadBackRole[], request: Request): boolean {
  return roles.some(
    (role) =>
      (role.kind === 'ClusterRole' || (request.namespace !== undefined && role.namespace === request.namespace)) &&
      role.rules.some((rule) => ruleAllows(rule, request)),
  );
}

/** The requests made as one user (impersonated or not) in a kube-apiserver JSON lines log, as the usage the reader would count. */
function usageOfUser(log: string, username: string): { usage: ApiUsage; requests: Request[] } {
  const requests: Request[] = [];
  const seen = new Set<string>();
  for (const line of log.split('\n')) {
    if (line.trim() === '') continue;
    const event = JSON.parse(line);
    if ((event.impersonatedUser ?? event.user)?.username !== username || seen.has(event.auditID)) continue;
    seen.add(event.auditID);
    const ref = event.objectRef;
    requests.push(
      ref
        ? {
            verb: event.verb,
            apiGroup: ref.apiGroup ?? '',
            resource: ref.resource,
            subresource: ref.subresource,
            namespace: ref.namespace,
            name: ref.name,
          }
        : { verb: event.verb, apiGroup: '', resource: '', path: String(event.requestURI).split('?')[0] ?? '' },
    );
  }
  return { usage: usageOf(requests), requests };
}

function usageOf(requests: readonly Request[]): ApiUsage {
  const operations = new Map<string, { -readonly [K in keyof Operation]: Operation[K] } & { names: Set<string> | null }>();
  for (const request of requests) {
    const key = JSON.stringify([request.verb, request.apiGroup, request.resource, request.subresource, request.namespace, request.path]);
    const operation = operations.get(key) ?? {
      verb: request.verb,
      apiGroup: request.apiGroup,
      resource: request.resource,
      subresource: request.subresource,
      namespace: request.path === undefined ? request.namespace : undefined,
      count: 0,
      names: request.path === undefined ? new Set<string>() : null,
      ...(request.path === undefined ? {} : { nonResourceURL: request.path }),
    };
    operation.count += 1;
    if (operation.names && request.name !== undefined) operation.names.add(request.name);
    else operation.names = null;
    operations.set(key, operation);
  }
  return {
    requests: requests.length,
    firstSeen: '',
    lastSeen: '',
    operations: [...operations.values()].map(({ names, ...operation }) => ({
      ...operation,
      ...(names && names.size > 0 ? { resourceNames: [...names].sort() } : {}),
    })),
  };
}

describe("audit2rbac's demo", () => {
  const folder = realFolder('audit-logs');
  const demo = folder ? readFileSync(join(folder, 'audit2rbac__testdata__demo.log'), 'utf8') : '';

  it.runIf(folder)("alice's Role allows every request she made, and no more than audit2rbac's published Role", () => {
    const { usage, requests } = usageOfUser(demo, 'alice');
    const { roles } = readBack(generateLeastRoleYaml({ kind: 'User', name: 'alice' }, usage));
    expect(roles.map((role) => `${role.kind}/${role.namespace}`)).toEqual(['Role/ns1']);
    for (const request of requests) expect(allows(roles, request)).toBe(true);
    // audit2rbac's README prints, for alice: a Role in ns1 with get, list, watch on configmaps, pods, secrets.
    const published: PolicyRule = { apiGroups: [''], resources: ['configmaps', 'pods', 'secrets'], verbs: ['get', 'list', 'watch'] };
    for (const rule of roles[0]?.rules ?? []) {
      for (const verb of rule.verbs)
        for (const resource of rule.resources ?? []) expect(ruleAllows(published, { verb, apiGroup: '', resource })).toBe(true);
    }
  });

  it.runIf(folder)("the ServiceAccount ns1:sa1's Role allows every request made as it, the denied ones included", () => {
    const reader = createAuditLogReader();
    reader.readText('demo.log', demo);
    const [sa1] = reader.summarize().accounts;
    expect(sa1?.account).toEqual({ namespace: 'ns1', name: 'sa1' });
    const { requests } = usageOfUser(demo, 'system:serviceaccount:ns1:sa1');
    const yaml = generateLeastRoleYaml({ kind: 'ServiceAccount', namespace: 'ns1', name: 'sa1' }, sa1?.usage ?? usageOf([]));
    const { roles, bindings } = readBack(yaml);
    expect(requests).toHaveLength(5);
    for (const request of requests) expect(allows(roles, request)).toBe(true);
    expect(roles.map((role) => `${role.kind}/${role.namespace}`)).toEqual(['Role/default', 'ClusterRole/undefined']);
    expect(bindings.map((binding) => binding.subjects)).toEqual(
      roles.map(() => [{ kind: 'ServiceAccount', name: 'sa1', namespace: 'ns1' }]),
    );
  });
});

describe('the least Role', () => {
  const subject: RoleSubject = { kind: 'ServiceAccount', namespace: 'shop', name: 'web' };

  it('a Role per namespace, a ClusterRole for cluster-wide and non-resource requests, subresources as pods/log', () => {
    const usage = usageOf([
      { verb: 'get', apiGroup: '', resource: 'configmaps', namespace: 'shop', name: 'web-settings' },
      { verb: 'list', apiGroup: '', resource: 'pods', namespace: 'shop' },
      { verb: 'watch', apiGroup: '', resource: 'pods', namespace: 'shop' },
      { verb: 'get', apiGroup: '', resource: 'pods', subresource: 'log', namespace: 'shop', name: 'web-1' },
      { verb: 'create', apiGroup: 'batch', resource: 'jobs', namespace: 'jobs', name: 'nightly' },
      { verb: 'list', apiGroup: 'apps', resource: 'deployments' },
      { verb: 'get', apiGroup: '', resource: 'nodes', name: 'node-a' },
      { verb: 'get', apiGroup: '', resource: '', path: '/version' },
    ]);
    expect(leastRoles(subject, usage)).toEqual([
      { namespace: 'jobs', name: 'observed:web', rules: [{ apiGroups: ['batch'], resources: ['jobs'], verbs: ['create'] }] },
      {
        namespace: 'shop',
        name: 'observed:web',
        rules: [
          { apiGroups: [''], resources: ['configmaps'], resourceNames: ['web-settings'], verbs: ['get'] },
          { apiGroups: [''], resources: ['pods'], verbs: ['list', 'watch'] },
          { apiGroups: [''], resources: ['pods/log'], resourceNames: ['web-1'], verbs: ['get'] },
        ],
      },
      {
        namespace: undefined,
        name: 'observed:shop:web',
        rules: [
          { apiGroups: [''], resources: ['nodes'], resourceNames: ['node-a'], verbs: ['get'] },
          { apiGroups: ['apps'], resources: ['deployments'], verbs: ['list'] },
          { nonResourceURLs: ['/version'], verbs: ['get'] },
        ],
      },
    ]);
  });

  it('reads back as valid RBAC objects, for the yaml package and for kubectl', () => {
    const usage = usageOf([
      { verb: 'get', apiGroup: '', resource: 'configmaps', namespace: 'shop', name: 'web-settings' },
      { verb: 'get', apiGroup: '', resource: '', path: '/healthz' },
    ]);
    const yaml = generateLeastRoleYaml(subject, usage);
    const kinds = parseAllDocuments(yaml).map((document) => document.toJS().kind);
    expect(kinds).toEqual(['Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding']);
    if (!hasKubectl) {
      console.log('kubectl not installed: the kubectl reading of the Role is skipped');
      return;
    }
    const [reading] = readWithKubectl([yaml]);
    expect(reading).toMatchObject({ objects: expect.arrayContaining([expect.objectContaining({ kind: 'Role' })]) });
  });

  it('allows every request seen and nothing else (any requests)', () => {
    const request = fc.record({
      verb: fc.constantFrom('get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'),
      apiGroup: fc.constantFrom('', 'apps'),
      resource: fc.constantFrom('pods', 'configmaps', 'deployments'),
      subresource: fc.constantFrom(undefined, 'log', 'status'),
      namespace: fc.constantFrom(undefined, 'a', 'b'),
      name: fc.constantFrom(undefined, 'x', 'y'),
    });
    const path = fc.record({
      verb: fc.constantFrom('get', 'post'),
      apiGroup: fc.constant(''),
      resource: fc.constant(''),
      path: fc.constantFrom('/healthz', '/version', '/metrics'),
    });
    fc.assert(
      fc.property(fc.array(fc.oneof(request, path), { minLength: 1, maxLength: 25 }), (requests) => {
        const usage = usageOf(requests);
        const { roles } = readBack(generateLeastRoleYaml(subject, usage));
        for (const seen of requests) expect(allows(roles, seen)).toBe(true);
        // Nothing else: every request the Roles allow is one an operation seen covers.
        const covered = (candidate: Request): boolean =>
          usage.operations.some(
            (operation) =>
              operation.verb === candidate.verb &&
              (candidate.path !== undefined
                ? operation.nonResourceURL === candidate.path
                : operation.nonResourceURL === undefined &&
                  operation.apiGroup === candidate.apiGroup &&
                  operation.resource === candidate.resource &&
                  operation.subresource === candidate.subresource &&
                  (operation.namespace === undefined || operation.namespace === candidate.namespace) &&
                  (!operation.resourceNames ||
                    (operation.verb === 'create' && !operation.subresource) ||
                    operation.verb === 'deletecollection' ||
                    operation.resourceNames.includes(candidate.name ?? ''))),
          );
        for (const verb of ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection', 'post'])
          for (const apiGroup of ['', 'apps'])
            for (const resource of ['pods', 'configmaps', 'deployments'])
              for (const subresource of [undefined, 'log', 'status'])
                for (const namespace of [undefined, 'a', 'b'])
                  for (const name of [undefined, 'x', 'y']) {
                    const candidate = { verb, apiGroup, resource, subresource, namespace, name };
                    if (allows(roles, candidate)) expect(covered(candidate)).toBe(true);
                  }
        for (const verb of ['get', 'post', 'put'])
          for (const candidatePath of ['/healthz', '/version', '/metrics', '/apis']) {
            const candidate = { verb, apiGroup: '', resource: '', path: candidatePath };
            if (allows(roles, candidate)) expect(covered(candidate)).toBe(true);
          }
      }),
      { numRuns: 80 },
    );
  });

  it('writes names from the log so that they read back exactly and show nothing raw in a terminal', () => {
    const hostile = ['web\u001b]0;owned\u0007', 'a\u202egnp.exe', 'quote"back\\slash', 'line\nbreak', 'yes', '0755', 'tab\there'];
    const usage = usageOf(hostile.map((name) => ({ verb: 'get', apiGroup: '', resource: 'configmaps', namespace: 'ns\u001b[31m', name })));
    const yaml = generateLeastRoleYaml({ kind: 'ServiceAccount', namespace: 'ns\u001b[31m', name: 'sa\u202e' }, usage);
    // eslint-disable-next-line no-control-regex -- looking for raw control characters is the point
    expect(yaml).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    const { roles, bindings } = readBack(yaml);
    expect(roles[0]?.namespace).toBe('ns\u001b[31m');
    expect([...(roles[0]?.rules[0]?.resourceNames ?? [])].sort()).toEqual([...hostile].sort());
    expect(bindings[0].subjects[0].name).toBe('sa\u202e');
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (value) => {
        expect(parseAllDocuments(`v: ${yamlScalar(value)}`)[0]?.toJS().v).toBe(value);
      }),
    );
  });
});
