# Ordered, graceful deployment and scaling (OrderedReady): one ordinal at a time, up and down.
kubectl apply -f pv-demo.yaml
kubectl apply -f stateful-demo.yaml
kubectl rollout status sts/myapp
kubectl get pods
kubectl scale sts myapp --replicas=4
kubectl get pods
sleep 20s
kubectl get pods
kubectl rollout status sts/myapp
kubectl get pvc
kubectl scale sts myapp --replicas=1
kubectl get pods -w --request-timeout=40s
kubectl get pvc
kubectl get sts myapp
