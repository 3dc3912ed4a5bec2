# Why is my pod Pending: how a claim chooses a PersistentVolume, and what happens when none fits.
kubectl apply -f - <<EOF
apiVersion: v1
kind: PersistentVolume
metadata:
  name: small-rwo
spec:
  capacity:
    storage: 1G
  accessModes: ["ReadWriteOnce"]
  hostPath:
    path: /data/small
---
apiVersion: v1
kind: PersistentVolume
metadata:
  name: big-rwo
spec:
  capacity:
    storage: 10Gi
  accessModes: ["ReadWriteOnce"]
  hostPath:
    path: /data/big
---
apiVersion: v1
kind: PersistentVolume
metadata:
  name: mid-rwo-rox
spec:
  capacity:
    storage: 2Gi
  accessModes: ["ReadWriteOnce", "ReadOnlyMany"]
  hostPath:
    path: /data/mid
---
apiVersion: v1
kind: PersistentVolume
metadata:
  name: fast-class
spec:
  capacity:
    storage: 1Gi
  storageClassName: fast
  accessModes: ["ReadWriteOnce"]
  hostPath:
    path: /data/fast
EOF
kubectl apply -f - <<EOF
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: wants-1gi
spec:
  accessModes: ["ReadWriteOnce"]
  resources:
    requests:
      storage: 1Gi
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: wants-rwx
spec:
  accessModes: ["ReadWriteMany"]
  resources:
    requests:
      storage: 1Gi
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: wants-fast
spec:
  storageClassName: fast
  accessModes: ["ReadWriteOnce"]
  resources:
    requests:
      storage: 1Gi
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: wants-missing-class
spec:
  storageClassName: gold
  accessModes: ["ReadWriteOnce"]
  resources:
    requests:
      storage: 1Gi
EOF
sleep 5
kubectl get pvc
kubectl get pv
kubectl describe pvc wants-rwx
kubectl delete pvc wants-1gi
kubectl get pv big-rwo
kubectl apply -f - <<EOF
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: wants-1gi
spec:
  accessModes: ["ReadWriteOnce"]
  resources:
    requests:
      storage: 1Gi
EOF
sleep 20s
kubectl get pvc wants-1gi
kubectl get pv
