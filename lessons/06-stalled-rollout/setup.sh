# en: The notes' cluster, then an update to an image tag that does not exist.
# zh: 教程笔记里的集群，随后镜像被更新成一个不存在的标签。
kubectl apply -f pv-demo.yaml
kubectl apply -f stateful-demo.yaml
kubectl rollout status sts/myapp
kubectl set image sts/myapp myapp=nginx:doesnotexist
sleep 1m
