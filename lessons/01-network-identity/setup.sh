# The notes' cluster: five hand-made PersistentVolumes, then the StatefulSet myapp with two replicas.
kubectl apply -f pv-demo.yaml
kubectl apply -f stateful-demo.yaml
kubectl rollout status sts/myapp
