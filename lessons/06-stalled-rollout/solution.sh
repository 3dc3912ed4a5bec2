# The rollout is stuck: myapp-1 cannot pull its image, and myapp-0 waits for it.
kubectl get pods
kubectl describe pod myapp-1
# Roll the template back to the revision before.
kubectl rollout undo sts/myapp
sleep 30s
# The broken pod is not replaced on its own: delete it.
kubectl get pods
kubectl delete pod myapp-1
kubectl rollout status sts/myapp
kubectl get pods
