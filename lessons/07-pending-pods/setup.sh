# Three volumes that do not fit, then the StatefulSet; a while later it is still not running.
kubectl apply -f pv-wrong.yaml
kubectl apply -f stateful-demo.yaml
sleep 1m
