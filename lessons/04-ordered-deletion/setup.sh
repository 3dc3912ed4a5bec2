# A kind cluster: the StatefulSet web (three replicas) is running.
kubectl apply -f web.yaml
kubectl rollout status sts/web
