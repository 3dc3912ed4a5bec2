# en: Look at the names, the IPs and the DNS names first.
# zh: 先看看名字、IP 和 DNS 名称。
kubectl get pods -o wide
kubectl exec myapp-0 -- hostname -f
kubectl run -i --rm dns --image=busybox:1.36 --restart=Never -- nslookup myapp-0.myapp.default.svc.cluster.local
# en: Delete the pod; the StatefulSet creates a pod with the same name again.
# zh: 删除 Pod；StatefulSet 会再创建一个同名的 Pod。
kubectl delete pod myapp-0
sleep 2
kubectl wait --for=condition=Ready pod/myapp-0 --timeout=120s
# en: Same name, same DNS name, but a new IP address.
# zh: 名字相同，DNS 名称相同，IP 地址却是新的。
kubectl get pods -o wide
kubectl exec myapp-0 -- hostname -f
kubectl run -i --rm dns --image=busybox:1.36 --restart=Never -- nslookup myapp-0.myapp.default.svc.cluster.local
