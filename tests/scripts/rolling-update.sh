# Ordered rolling updates: highest ordinal first, a partition for a canary, then the rest.
kubectl apply -f pv-demo.yaml
kubectl apply -f stateful-demo.yaml
kubectl patch sts myapp -p '{"spec":{"replicas":3}}'
kubectl rollout status sts/myapp
kubectl patch sts myapp -p '{"spec":{"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":2}}}}'
kubectl set image sts/myapp myapp=nginx:1.14
kubectl rollout status sts/myapp
kubectl get pods -L controller-revision-hash
kubectl get pods myapp-2 -o jsonpath='{.spec.containers[0].image}{"\n"}'
kubectl get pods myapp-1 -o jsonpath='{.spec.containers[0].image}{"\n"}'
kubectl patch sts myapp -p '{"spec":{"updateStrategy":{"rollingUpdate":{"partition":0}}}}'
kubectl rollout status sts/myapp
kubectl get pods -o jsonpath='{range .items[*]}{.metadata.name}{"\t"}{.spec.containers[0].image}{"\n"}{end}'
kubectl rollout history sts/myapp
