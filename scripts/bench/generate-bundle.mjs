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
    app.kubernetes.io/part-of: shop
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
              name: http
          env:
            - name: MODE
              value: production # keep in sync with the chart
          resources:
            requests:
              cpu: 100m
              memory: 128Mi
          volumeMounts:
            - name: cache
              mountPath: /cache
        - name: metrics
          image: registry.example.com/shop/exporter:0.4
          ports:
            - containerPort: 9100
      volumes:
        - name: cache
          emptyDir: {}
`);
  }
  return parts.join('---\n');
}
