# AGE as kubectl prints it, across every band of HumanDuration.
kubectl create namespace lab
sleep 59
kubectl get ns lab
sleep 61
kubectl get ns lab
sleep 80
kubectl get ns lab
sleep 7m
kubectl get ns lab
sleep 3h
kubectl get ns lab
sleep 5h
kubectl get ns lab
sleep 2d
kubectl get ns lab
sleep 8d
kubectl get ns lab
