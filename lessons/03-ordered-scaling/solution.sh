# en: Scale up: one ordinal at a time, each waiting for the one before to be Running and Ready.
# zh: 扩容：一次一个序号，每个都等前一个 Running 且 Ready。
kubectl scale sts web --replicas=4
kubectl get pods -l app=web -w
# en: A Parallel set starts all its pods at once.
# zh: Parallel 策略的 StatefulSet 一次启动所有 Pod。
kubectl apply -f burst.yaml
kubectl get pods -l app=burst
kubectl rollout status sts/burst
kubectl get pods
