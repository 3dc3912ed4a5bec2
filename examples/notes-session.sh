# The tutorial notes' session on the kubeadm cluster, with the notes' own manifests.
kubectl apply -f pv-demo.yaml
kubectl get pv
kubectl apply -f stateful-demo.yaml
sleep 2m
kubectl get sts
kubectl get svc
kubectl get pvc
kubectl get pv
kubectl get pds
kubectl get pods
