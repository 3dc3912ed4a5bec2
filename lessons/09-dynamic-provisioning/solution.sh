# en: The default StorageClass of kind.
# zh: kind 的默认 StorageClass。
kubectl get storageclass
kubectl apply -f web.yaml
# en: WaitForFirstConsumer: a claim waits until its pod has a node.
# zh: WaitForFirstConsumer：PVC 会等到它的 Pod 分配到节点。
kubectl get pvc
kubectl rollout status sts/web
kubectl get pvc
kubectl get pv
# en: Reclaim policy Delete: once a claim is deleted, its volume (and its data) is deleted too.
# zh: 回收策略 Delete：PVC 一旦被删除，它的卷（以及数据）也会被删除。
kubectl scale sts web --replicas=1
kubectl wait --for=delete pod/web-1 --timeout=120s
kubectl delete pvc www-web-1
sleep 10s
kubectl get pv
