# The notes' cluster, then an update to an image tag that does not exist.
kubectl apply -f pv-demo.yaml
kubectl apply -f stateful-demo.yaml
kubectl rollout status sts/myapp
kubectl set image sts/myapp myapp=nginx:doesnotexist
sleep 1m
