# en: The rollout is stuck: myapp-1 cannot pull its image, and myapp-0 waits for it.
# zh: 滚动更新卡住了：myapp-1 拉不到镜像，myapp-0 在等它。
kubectl get pods
kubectl describe pod myapp-1
# en: Roll the template back to the revision before.
# zh: 把模板回滚到上一个版本。
kubectl rollout undo sts/myapp
sleep 30s
# en: The broken pod is not replaced on its own: delete it.
# zh: 坏掉的 Pod 不会自己被替换：删除它。
kubectl get pods
kubectl delete pod myapp-1
kubectl rollout status sts/myapp
kubectl get pods
