// Generates a cluster dump as `kubectl get serviceaccounts,roles,rolebindings,clusterroles,
// clusterrolebindings,pods -A -o json` prints it (four-space indent, no managedFields; pods trimmed
// to about 2.7 kB each, as in the 27 MB dump of 10,000 pods the issue measures): `pods` pods
// in 40 namespaces, made by Deployments (through ReplicaSets the dump does not hold), StatefulSets,
// DaemonSets and CronJobs, with each workload's ServiceAccount and a Role and RoleBinding for a
// third of them, plus the cluster's default ClusterRoles and ClusterRoleBindings.
const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

function suffix(seed, length) {
  let text = '';
  let value = seed * 2654435761;
  for (let index = 0; index < length; index += 1) {
    value = (value * 1103515245 + 12345) >>> 0;
    text += ALPHABET[value % ALPHABET.length];
  }
  return text;
}

function uid(seed) {
  const hex = (seed * 2654435761 + 0x9e3779b9).toString(16).padStart(8, '0').slice(-8);
  return `${hex}-${hex.slice(0, 4)}-4${hex.slice(1, 4)}-8${hex.slice(4, 7)}-${hex}${hex.slice(0, 4)}`;
}

function pod(index, workload) {
  const { namespace, name, kind, account } = workload;
  const hash = suffix(workload.id, 10);
  const owner =
    kind === 'Deployment'
      ? { kind: 'ReplicaSet', name: `${name}-${hash}`, apiVersion: 'apps/v1' }
      : kind === 'CronJob'
        ? { kind: 'Job', name: `${name}-${29103960 + (index % 7) * 1440}`, apiVersion: 'batch/v1' }
        : { kind, name, apiVersion: 'apps/v1' };
  const podName = kind === 'StatefulSet' ? `${name}-${index % 3}` : `${owner.name}-${suffix(index, 5)}`;
  const started = new Date(Date.UTC(2025, 4, 1) + (index % 500) * 60_000).toISOString().replace('.000', '');
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      creationTimestamp: started,
      generateName: `${owner.name}-`,
      labels: {
        'app.kubernetes.io/name': name,
        'app.kubernetes.io/part-of': namespace,
        ...(kind === 'Deployment' ? { 'pod-template-hash': hash } : {}),
      },
      name: podName,
      namespace,
      ownerReferences: [
        {
          apiVersion: owner.apiVersion,
          blockOwnerDeletion: true,
          controller: true,
          kind: owner.kind,
          name: owner.name,
          uid: uid(workload.id),
        },
      ],
      resourceVersion: String(100000 + index),
      uid: uid(index + 1_000_000),
    },
    spec: {
      containers: [
        {
          image: `registry.example.com/${namespace}/${name}:1.${index % 40}.0`,
          imagePullPolicy: 'IfNotPresent',
          name: 'app',
          ports: [{ containerPort: 8080, name: 'http', protocol: 'TCP' }],
          resources: { requests: { cpu: '100m', memory: '128Mi' } },
          volumeMounts: [
            { mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', name: `kube-api-access-${suffix(index + 7, 5)}`, readOnly: true },
          ],
        },
      ],
      dnsPolicy: 'ClusterFirst',
      nodeName: `node-${index % 60}`,
      restartPolicy: kind === 'CronJob' ? 'OnFailure' : 'Always',
      serviceAccount: account,
      serviceAccountName: account,
      volumes: [
        {
          name: `kube-api-access-${suffix(index + 7, 5)}`,
          projected: {
            defaultMode: 420,
            sources: [{ serviceAccountToken: { expirationSeconds: 3607, path: 'token' } }],
          },
        },
      ],
    },
    status: {
      hostIP: `10.0.${index % 60}.10`,
      phase: kind === 'CronJob' ? 'Succeeded' : 'Running',
      podIP: `10.244.${index % 250}.${index % 200}`,
      qosClass: 'Burstable',
      startTime: started,
    },
  };
}

function rbac(namespace, account, id) {
  return [
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: account, namespace, uid: uid(id + 2_000_000) },
      rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: account, namespace, uid: uid(id + 3_000_000) },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: account },
      subjects: [{ kind: 'ServiceAccount', name: account, namespace }],
    },
  ];
}

const DEFAULTS = [
  [
    'system:basic-user',
    ['system:authenticated'],
    [{ apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'], verbs: ['create'] }],
  ],
  [
    'system:discovery',
    ['system:authenticated'],
    [
      {
        nonResourceURLs: [
          '/api',
          '/api/*',
          '/apis',
          '/apis/*',
          '/healthz',
          '/livez',
          '/openapi',
          '/openapi/*',
          '/readyz',
          '/version',
          '/version/',
        ],
        verbs: ['get'],
      },
    ],
  ],
  [
    'system:public-info-viewer',
    ['system:authenticated', 'system:unauthenticated'],
    [{ nonResourceURLs: ['/healthz', '/livez', '/readyz', '/version', '/version/'], verbs: ['get'] }],
  ],
  [
    'system:service-account-issuer-discovery',
    ['system:serviceaccounts'],
    [{ nonResourceURLs: ['/.well-known/openid-configuration', '/openid/v1/jwks'], verbs: ['get'] }],
  ],
];

/** The dump's objects (as a List), and the workloads that made its pods. */
export function generateClusterDump(pods = 10_000) {
  const kinds = ['Deployment', 'Deployment', 'Deployment', 'Deployment', 'StatefulSet', 'DaemonSet', 'CronJob'];
  const workloads = [];
  for (let id = 0; workloads.length * 10 < pods; id += 1) {
    const namespace = `team-${id % 40}`;
    const name = `svc-${id}`;
    workloads.push({ id, namespace, name, kind: kinds[id % kinds.length], account: id % 5 === 0 ? 'default' : name });
  }
  const items = [];
  const accounts = new Set();
  for (const workload of workloads) {
    const key = `${workload.namespace}/${workload.account}`;
    if (accounts.has(key)) continue;
    accounts.add(key);
    items.push({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: workload.account, namespace: workload.namespace, uid: uid(workload.id + 4_000_000) },
    });
    if (workload.id % 3 === 0 && workload.account !== 'default') items.push(...rbac(workload.namespace, workload.account, workload.id));
  }
  for (const [name, groups, rules] of DEFAULTS) {
    items.push({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name, labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' } },
      rules,
    });
    items.push({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name, labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' } },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
      subjects: groups.map((group) => ({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: group })),
    });
  }
  for (let index = 0; index < pods; index += 1) items.push(pod(index, workloads[index % workloads.length]));
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
}
