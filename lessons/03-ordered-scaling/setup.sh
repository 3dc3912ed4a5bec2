# A kind cluster: the StatefulSet web (OrderedReady, two replicas) is running.
kubectl apply -f web.yaml
kubectl rollout status sts/web
