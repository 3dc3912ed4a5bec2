# en: The notes' cluster with three replicas of myapp, all on nginx:1.13.
# zh: 教程笔记里的集群，myapp 有三个副本，都运行 nginx:1.13。
kubectl apply -f pv-demo.yaml
kubectl apply -f stateful-demo.yaml
kubectl scale sts myapp --replicas=3
kubectl rollout status sts/myapp
