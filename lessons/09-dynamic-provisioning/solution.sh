# The default StorageClass of kind.
kubectl get storageclass
kubectl apply -f web.yaml
# WaitForFirstConsumer: a claim waits until its pod has a node.
kubectl get pvc
kubectl rollout status sts/web
kubectl get pvc
kubectl get pv
# Reclaim policy Delete: once a claim is deleted, its volume (and its data) is deleted too.
kubectl scale sts web --replicas=1
kubectl wait --for=delete pod/web-1 --timeout=120s
kubectl delete pvc www-web-1
sleep 10s
kubectl get pv
