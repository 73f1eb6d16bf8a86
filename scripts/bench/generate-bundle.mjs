// Generates the benchmark bundle: N Deployments with two containers each and comments.
export function generateBundle(count = 2000) {
  const parts = [];
  for (let index = 0; index < count; index += 1) {
    parts.push(`# Deployment ${index}: the storefront's worker pool
apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop-${index}
  namespace: team-${index % 17}
  labels:
    app.kubernetes.io/name: shop-${index}
spec:
  replicas: ${1 + (index % 5)}
  selector:
    matchLabels:
      app.kubernetes.io/name: shop-${index}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: shop-${index}
    spec:
      serviceAccountName: shop-${index}
      containers:
        - name: app
          image: "registry.example.com/shop/app:1.${index}.0"
          args: ["--port=8080", "--log-level=info"]
          ports:
            - containerPort: 8080
          env:
            - name: MODE
              value: production # keep in sync with the chart
          volumeMounts:
            - name: cache
              mountPath: /cache
        - name: metrics
          image: registry.example.com/shop/exporter:0.4
      volumes:
        - name: cache
          emptyDir: {}
`);
  }
  return parts.join('---\n');
}
