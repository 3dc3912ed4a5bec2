# en: The notes' cluster: five hand-made PersistentVolumes, then the StatefulSet myapp with two replicas.
# zh: 教程笔记里的集群：五个手工创建的 PersistentVolume，然后是有两个副本的 StatefulSet myapp。
kubectl apply -f pv-demo.yaml
kubectl apply -f stateful-demo.yaml
kubectl rollout status sts/myapp
