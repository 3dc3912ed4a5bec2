# en: By default (Retain) claims stay after a scale-down. Ask the set to delete them instead.
# zh: 默认（Retain）情况下，缩容后 PVC 会保留。让 StatefulSet 改为删除它们。
kubectl get sts web -o jsonpath='{.spec.persistentVolumeClaimRetentionPolicy}{"\n"}'
kubectl patch sts web -p '{"spec":{"persistentVolumeClaimRetentionPolicy":{"whenScaled":"Delete"}}}'
kubectl scale sts web --replicas=1
kubectl wait --for=delete pvc/www-web-1 --timeout=120s
kubectl get pods
kubectl get pvc
sleep 10s
kubectl get pv
