# cluster: kind
# What happens to claims: persistentVolumeClaimRetentionPolicy whenScaled / whenDeleted.
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: keep
spec:
  serviceName: keep
  replicas: 2
  selector:
    matchLabels:
      app: keep
  template:
    metadata:
      labels:
        app: keep
    spec:
      containers:
      - name: nginx
        image: nginx:1.25
        volumeMounts:
        - name: data
          mountPath: /usr/share/nginx/html
  volumeClaimTemplates:
  - metadata:
      name: data
    spec:
      accessModes: ["ReadWriteOnce"]
      resources:
        requests:
          storage: 1Gi
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: tidy
spec:
  serviceName: tidy
  replicas: 2
  persistentVolumeClaimRetentionPolicy:
    whenScaled: Delete
    whenDeleted: Delete
  selector:
    matchLabels:
      app: tidy
  template:
    metadata:
      labels:
        app: tidy
    spec:
      containers:
      - name: nginx
        image: nginx:1.25
        volumeMounts:
        - name: data
          mountPath: /usr/share/nginx/html
  volumeClaimTemplates:
  - metadata:
      name: data
    spec:
      accessModes: ["ReadWriteOnce"]
      resources:
        requests:
          storage: 1Gi
EOF
kubectl rollout status sts/keep
kubectl rollout status sts/tidy
kubectl get pvc
kubectl scale sts keep tidy --replicas=1
sleep 30s
kubectl get pvc
kubectl delete sts keep tidy
sleep 30s
kubectl get pvc
kubectl get pv
