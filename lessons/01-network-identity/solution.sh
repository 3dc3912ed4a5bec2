# Look at the names, the IPs and the DNS names first.
kubectl get pods -o wide
kubectl exec myapp-0 -- hostname -f
kubectl run -i --rm dns --image=busybox:1.36 --restart=Never -- nslookup myapp-0.myapp.default.svc.cluster.local
# Delete the pod; the StatefulSet creates a pod with the same name again.
kubectl delete pod myapp-0
sleep 2
kubectl wait --for=condition=Ready pod/myapp-0 --timeout=120s
# Same name, same DNS name, but a new IP address.
kubectl get pods -o wide
kubectl exec myapp-0 -- hostname -f
kubectl run -i --rm dns --image=busybox:1.36 --restart=Never -- nslookup myapp-0.myapp.default.svc.cluster.local
