# A kind cluster: the StatefulSet web (three replicas) is running, with the default retention policy.
kubectl apply -f web.yaml
kubectl rollout status sts/web
