# en: A kind cluster: the StatefulSet web (three replicas) is running.
# zh: 一个 kind 集群：StatefulSet web（三个副本）正在运行。
kubectl apply -f web.yaml
kubectl rollout status sts/web
