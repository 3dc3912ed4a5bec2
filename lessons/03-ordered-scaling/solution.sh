# Scale up: one ordinal at a time, each waiting for the one before to be Running and Ready.
kubectl scale sts web --replicas=4
kubectl get pods -l app=web -w
# A Parallel set starts all its pods at once.
kubectl apply -f burst.yaml
kubectl get pods -l app=burst
kubectl rollout status sts/burst
kubectl get pods
