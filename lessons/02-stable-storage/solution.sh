# Which volume did each claim take?
kubectl get pvc
kubectl get pv
# Write a page into myapp-0's volume, then delete the pod.
kubectl exec myapp-0 -- sh -c 'echo hello from myapp-0 > /usr/share/nginx/html/index.html'
kubectl delete pod myapp-0
sleep 2
kubectl wait --for=condition=Ready pod/myapp-0 --timeout=120s
# The new myapp-0 mounts the same claim, so the page is still there.
kubectl exec myapp-0 -- cat /usr/share/nginx/html/index.html
kubectl run -i --rm client --image=busybox:1.36 --restart=Never -- wget -qO- http://myapp-0.myapp
# A third replica gets a claim of its own, and a volume of its own.
kubectl scale sts myapp --replicas=3
kubectl rollout status sts/myapp
kubectl get pvc
kubectl get pv
