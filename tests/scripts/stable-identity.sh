# Stable network identity and stable storage: same name, same claim, same data, new IP.
kubectl apply -f pv-demo.yaml
kubectl apply -f stateful-demo.yaml
kubectl rollout status sts/myapp
kubectl get pvc
kubectl get pods -o wide
kubectl exec myapp-0 -- sh -c 'echo hello from myapp-0 > /usr/share/nginx/html/index.html'
kubectl exec myapp-1 -- sh -c 'echo hello from myapp-1 > /usr/share/nginx/html/index.html'
kubectl exec myapp-0 -- hostname
kubectl exec myapp-0 -- hostname -f
kubectl delete pod myapp-0
sleep 2
kubectl wait --for=condition=Ready pod/myapp-0 --timeout=120s
kubectl get pods -o wide
kubectl exec myapp-0 -- cat /usr/share/nginx/html/index.html
kubectl run -i --rm client --image=busybox:1.36 --restart=Never -- wget -qO- http://myapp-0.myapp
kubectl run -i --rm client --image=busybox:1.36 --restart=Never -- wget -qO- http://myapp-1.myapp
kubectl run -i --rm dns --image=busybox:1.36 --restart=Never -- nslookup myapp-0.myapp.default.svc.cluster.local
kubectl exec myapp-0 -- nslookup myapp-1.myapp
