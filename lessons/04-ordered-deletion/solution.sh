# Scale to 0 first: the controller removes the highest ordinal first, one at a time.
kubectl scale sts web --replicas=0
kubectl get pods -l app=web -w
# Now the set has no pods left, and deleting it is safe.
kubectl delete sts web
kubectl get pods
# The claims (and so the data) are still there.
kubectl get pvc
