# By default (Retain) claims stay after a scale-down. Ask the set to delete them instead.
kubectl get sts web -o jsonpath='{.spec.persistentVolumeClaimRetentionPolicy}{"\n"}'
kubectl patch sts web -p '{"spec":{"persistentVolumeClaimRetentionPolicy":{"whenScaled":"Delete"}}}'
kubectl scale sts web --replicas=1
kubectl wait --for=delete pvc/www-web-1 --timeout=120s
kubectl get pods
kubectl get pvc
sleep 10s
kubectl get pv
