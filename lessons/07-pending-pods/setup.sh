# en: Three volumes that do not fit, then the StatefulSet; a while later it is still not running.
# zh: 三个不匹配的卷，然后是 StatefulSet；过了一会儿它仍然没有运行起来。
kubectl apply -f pv-wrong.yaml
kubectl apply -f stateful-demo.yaml
sleep 1m
