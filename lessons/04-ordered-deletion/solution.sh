# en: Scale to 0 first: the controller removes the highest ordinal first, one at a time.
# zh: 先缩容到 0：控制器从序号最大的开始删除，一次一个。
kubectl scale sts web --replicas=0
kubectl get pods -l app=web -w
# en: Now the set has no pods left, and deleting it is safe.
# zh: 现在 StatefulSet 已经没有 Pod 了，可以放心删除它。
kubectl delete sts web
kubectl get pods
# en: The claims (and so the data) are still there.
# zh: PVC（也就是数据）都还在。
kubectl get pvc
