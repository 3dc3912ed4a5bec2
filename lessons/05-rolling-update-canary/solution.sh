# en: A partition of 2: only ordinals 2 and above take the new template.
# zh: partition 为 2：只有序号 2 及以上的 Pod 使用新模板。
kubectl patch sts myapp -p '{"spec":{"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":2}}}}'
kubectl set image sts/myapp myapp=nginx:1.14
kubectl rollout status sts/myapp
kubectl get pods -o jsonpath='{range .items[*]}{.metadata.name}{"\t"}{.spec.containers[0].image}{"\n"}{end}'
kubectl get sts myapp -o jsonpath='{.status.currentRevision} {.status.updateRevision} {.status.updatedReplicas}{"\n"}'
