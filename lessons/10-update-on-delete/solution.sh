# en: Switch to OnDelete, then change the image: nothing is replaced yet.
# zh: 切换到 OnDelete，再修改镜像：此时什么都不会被替换。
kubectl patch sts myapp -p '{"spec":{"updateStrategy":{"type":"OnDelete","rollingUpdate":null}}}'
kubectl set image sts/myapp myapp=nginx:1.14
sleep 30s
kubectl get pods -o jsonpath='{range .items[*]}{.metadata.name}{"\t"}{.spec.containers[0].image}{"\n"}{end}'
# en: You choose the order: myapp-0 first this time.
# zh: 顺序由你决定：这次先更新 myapp-0。
kubectl delete pod myapp-0
kubectl wait --for=condition=Ready pod/myapp-0 --timeout=120s
kubectl delete pod myapp-1
kubectl wait --for=condition=Ready pod/myapp-1 --timeout=120s
kubectl get pods -o jsonpath='{range .items[*]}{.metadata.name}{"\t"}{.spec.containers[0].image}{"\n"}{end}'
kubectl get sts myapp -o jsonpath='{.status.currentRevision} {.status.updateRevision}{"\n"}'
kubectl rollout history sts/myapp
