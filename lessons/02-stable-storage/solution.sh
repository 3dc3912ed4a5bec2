# en: Which volume did each claim take?
# zh: 每个 PVC 拿到了哪个卷？
kubectl get pvc
kubectl get pv
# en: Write a page into myapp-0's volume, then delete the pod.
# zh: 往 myapp-0 的卷里写一个页面，然后删除这个 Pod。
kubectl exec myapp-0 -- sh -c 'echo hello from myapp-0 > /usr/share/nginx/html/index.html'
kubectl delete pod myapp-0
sleep 2
kubectl wait --for=condition=Ready pod/myapp-0 --timeout=120s
# en: The new myapp-0 mounts the same claim, so the page is still there.
# zh: 新的 myapp-0 挂载同一个 PVC，所以页面还在。
kubectl exec myapp-0 -- cat /usr/share/nginx/html/index.html
kubectl run -i --rm client --image=busybox:1.36 --restart=Never -- wget -qO- http://myapp-0.myapp
# en: A third replica gets a claim of its own, and a volume of its own.
# zh: 第三个副本有自己的 PVC，也有自己的卷。
kubectl scale sts myapp --replicas=3
kubectl rollout status sts/myapp
kubectl get pvc
kubectl get pv
