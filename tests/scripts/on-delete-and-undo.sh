# OnDelete updates, rollout history and undo.
kubectl apply -f pv-demo.yaml
kubectl apply -f stateful-demo.yaml
kubectl rollout status sts/myapp
kubectl patch sts myapp -p '{"spec":{"updateStrategy":{"type":"OnDelete","rollingUpdate":null}}}'
kubectl set image sts/myapp myapp=nginx:1.14
sleep 30s
kubectl get pods -o jsonpath='{range .items[*]}{.metadata.name}{"\t"}{.spec.containers[0].image}{"\n"}{end}'
kubectl rollout status sts/myapp
kubectl delete pod myapp-1
sleep 30s
kubectl get pods -o jsonpath='{range .items[*]}{.metadata.name}{"\t"}{.spec.containers[0].image}{"\n"}{end}'
kubectl rollout history sts/myapp
kubectl rollout undo sts/myapp
kubectl rollout history sts/myapp
kubectl get sts myapp -o jsonpath='{.status.currentRevision} {.status.updateRevision}{"\n"}'
