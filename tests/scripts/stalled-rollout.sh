# The stalled rollout (OrderedReady + RollingUpdate to a broken image) and its documented fix.
kubectl apply -f pv-demo.yaml
kubectl apply -f stateful-demo.yaml
kubectl rollout status sts/myapp
kubectl set image sts/myapp myapp=nginx:doesnotexist
kubectl rollout status sts/myapp --timeout=90s
kubectl get pods
kubectl describe pod myapp-1
kubectl rollout undo sts/myapp
kubectl rollout status sts/myapp --timeout=60s
kubectl get pods
kubectl delete pod myapp-1
kubectl rollout status sts/myapp
kubectl get pods
