// Generates `kubectl get pods -A -o json` output: a `kind: List` of running pods as the API server
// returns them (status, managedFields, ownerReferences, the injected kube-api-access volume), keys
// sorted and indented by four spaces as kubectl prints them. The shape follows a Deployment's pod
// from a real cluster (see ../shared/corpus/must-gather-clean__*.yaml for such pods).

const hex = (index, length) => (index * 2654435761).toString(16).padStart(8, '0').repeat(4).slice(0, length);

function pod(index) {
  const namespace = `team-${index % 23}`;
  const app = `shop-${Math.floor(index / 3)}`;
  const hash = hex(index + 7, 10);
  const name = `${app}-${hash}-${hex(index, 5)}`;
  const token = `kube-api-access-${hex(index + 3, 5)}`;
  const started = '2024-05-02T09:19:00Z';
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      creationTimestamp: started,
      generateName: `${app}-${hash}-`,
      labels: { 'app.kubernetes.io/name': app, 'pod-template-hash': hash },
      managedFields: [
        {
          apiVersion: 'v1',
          fieldsType: 'FieldsV1',
          fieldsV1: {
            'f:metadata': {
              'f:generateName': {},
              'f:labels': { '.': {}, 'f:app.kubernetes.io/name': {}, 'f:pod-template-hash': {} },
              'f:ownerReferences': { '.': {}, [`k:{"uid":"${hex(index + 1, 8)}-7b51-4471-9530-f80a1da13be2"}`]: {} },
            },
            'f:spec': {
              'f:containers': { 'k:{"name":"app"}': { '.': {}, 'f:image': {}, 'f:imagePullPolicy': {}, 'f:name': {} } },
              'f:serviceAccountName': {},
            },
          },
          manager: 'kube-controller-manager',
          operation: 'Update',
          time: started,
        },
      ],
      name,
      namespace,
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          blockOwnerDeletion: true,
          controller: true,
          kind: 'ReplicaSet',
          name: `${app}-${hash}`,
          uid: `${hex(index + 1, 8)}-7b51-4471-9530-f80a1da13be2`,
        },
      ],
      resourceVersion: String(22014 + index),
      uid: `${hex(index, 8)}-159f-401f-ab31-7272973fedeb`,
    },
    spec: {
      containers: [
        {
          image: `registry.example.com/shop/app:1.${index % 40}.0`,
          imagePullPolicy: 'IfNotPresent',
          name: 'app',
          ports: [{ containerPort: 8080, name: 'http', protocol: 'TCP' }],
          resources: { requests: { cpu: '10m', memory: '64Mi' } },
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
          volumeMounts: [{ mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', name: token, readOnly: true }],
        },
      ],
      dnsPolicy: 'ClusterFirst',
      enableServiceLinks: true,
      nodeName: `ip-10-0-${index % 200}-${index % 97}.ec2.internal`,
      preemptionPolicy: 'PreemptLowerPriority',
      priority: 0,
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      securityContext: {},
      serviceAccount: index % 4 === 0 ? 'default' : app,
      serviceAccountName: index % 4 === 0 ? 'default' : app,
      terminationGracePeriodSeconds: 30,
      tolerations: [
        { effect: 'NoExecute', key: 'node.kubernetes.io/not-ready', operator: 'Exists', tolerationSeconds: 300 },
        { effect: 'NoExecute', key: 'node.kubernetes.io/unreachable', operator: 'Exists', tolerationSeconds: 300 },
      ],
      volumes: [
        {
          name: token,
          projected: {
            defaultMode: 420,
            sources: [
              { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
              { configMap: { items: [{ key: 'ca.crt', path: 'ca.crt' }], name: 'kube-root-ca.crt' } },
              {
                downwardAPI: { items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }] },
              },
            ],
          },
        },
      ],
    },
    status: {
      conditions: ['Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({
        lastProbeTime: null,
        lastTransitionTime: started,
        status: 'True',
        type,
      })),
      containerStatuses: [
        {
          containerID: `containerd://${hex(index, 64)}`,
          image: `registry.example.com/shop/app:1.${index % 40}.0`,
          imageID: `registry.example.com/shop/app@sha256:${hex(index + 5, 64)}`,
          lastState: {},
          name: 'app',
          ready: true,
          restartCount: 0,
          started: true,
          state: { running: { startedAt: started } },
        },
      ],
      hostIP: `10.0.${index % 200}.${index % 97}`,
      phase: 'Running',
      podIP: `10.129.${index % 250}.${index % 251}`,
      podIPs: [{ ip: `10.129.${index % 250}.${index % 251}` }],
      qosClass: 'Burstable',
      startTime: started,
    },
  };
}

/** Keys in alphabetical order at every level, as kubectl prints an object it read as a map. */
function sorted(value) {
  if (Array.isArray(value)) return value.map(sorted);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sorted(value[key])]),
  );
}

/** `kubectl get pods -A -o json` of `count` pods; `indent` 4 as kubectl prints it, 0 for one line. */
export function generatePodList(count, indent = 4) {
  const list = {
    apiVersion: 'v1',
    items: Array.from({ length: count }, (_, index) => pod(index)),
    kind: 'List',
    metadata: { resourceVersion: '' },
  };
  return JSON.stringify(sorted(list), null, indent) + '\n';
}
