# en: Why is myapp-0 Pending? Its claim is Pending, and the claim says why.
# zh: myapp-0 为什么是 Pending？它的 PVC 是 Pending，PVC 会说明原因。
kubectl get pods
kubectl describe pod myapp-0
kubectl get pvc
kubectl describe pvc myappdata-myapp-0
kubectl get pv
# en: Two volumes that fit: at least 2Gi, ReadWriteOnce, no class.
# zh: 两个匹配的卷：至少 2Gi，ReadWriteOnce，不指定存储类。
cat > pv-good.yaml <<EOF
apiVersion: v1
kind: PersistentVolume
metadata:
  name: pv-good-1
spec:
  capacity:
    storage: 2Gi
  accessModes: ["ReadWriteOnce"]
  hostPath:
    path: /data/pv-good-1
---
apiVersion: v1
kind: PersistentVolume
metadata:
  name: pv-good-2
spec:
  capacity:
    storage: 2Gi
  accessModes: ["ReadWriteOnce"]
  hostPath:
    path: /data/pv-good-2
EOF
kubectl apply -f pv-good.yaml
kubectl rollout status sts/myapp
kubectl get pvc
