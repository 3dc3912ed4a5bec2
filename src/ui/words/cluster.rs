//! The words of the cluster view, the object inspector, the pod and set actions, the
//! screen-reader summary and the theme switch. Object names, kubectl's STATUS texts, field
//! names (`spec.replicas`) and the controller's reasons stay as the cluster writes them.

crate::messages! {
    pub enum ClusterText {
        Region => "Cluster", "集群";
        Stuck => "The cluster is stuck: {why}", "集群卡住了：{why}";
        Empty => "Nothing here yet. Apply pv-demo.yaml, then stateful-demo.yaml, and watch the cluster work.", "这里还什么都没有。先应用 pv-demo.yaml，再应用 stateful-demo.yaml，然后看集群如何运作。";
        HeadlessService => "Headless Service", "无头 Service";
        Selector => "selector {selector}", "选择器 {selector}";
        ResolvesToReady => "resolves to every ready pod", "解析为所有就绪的 Pod";
        NotPublished => "{ip} (not ready: not published)", "{ip}（未就绪：不发布）";
        NoAddress => "no address yet", "还没有地址";
        StatefulSet => "StatefulSet", "StatefulSet";
        ReadyTitle => "READY: ready pods / replicas", "READY：就绪的 Pod / 副本数";
        ScaleGroup => "Scale {name}", "扩缩 {name}";
        ScaleDown => "Scale {name} down to {replicas}", "把 {name} 缩容到 {replicas}";
        ScaleUp => "Scale {name} up to {replicas}", "把 {name} 扩容到 {replicas}";
        Partition => "partition {partition}", "分区 {partition}";
        Revision => "revision {revision}", "版本 {revision}";
        RevisionWord => "revision", "版本";
        MoreOrdinals => "… and {count} more ordinals (use kubectl get pods to see them)", "……还有 {count} 个序号（用 kubectl get pods 查看）";
        ChangeImage => "Change image", "更换镜像";
        ImageLabel => "New image for every container of {name}", "{name} 所有容器的新镜像";
        SetImage => "Set image", "设置镜像";
        Ordinal => "ordinal", "序号";
        NotCreatedYet => "not created yet", "尚未创建";
        ScaledAway => "scaled away; its claims stay", "已缩容移除；它的存储声明保留";
        BelowPartition => "below partition", "分区以下";
        BelowPartitionTitle => "Below the partition: kept at the current revision", "在分区以下：保持当前版本";
        NotScheduled => "not scheduled", "尚未调度";
        OnNode => "on {node}", "在 {node} 上";
        RevNew => "rev {revision}", "版本 {revision}";
        RevOld => "old rev {revision}", "旧版本 {revision}";
        PodLabel => "Pod {name}: {status}, {ready} ready", "Pod {name}：{status}，就绪 {ready}";
        Actions => "Actions", "操作";
        ActionsFor => "Actions for pod {name}", "Pod {name} 的操作";
        Delete => "Delete", "删除";
        Shell => "Shell", "进入容器";
        ShellTitle => "Type a command to run in {name} (kubectl exec)", "输入要在 {name} 中运行的命令（kubectl exec）";
        BreakReadiness => "Break readiness", "使就绪失败";
        BreakReadinessTitle => "Make the readiness probe of {name} fail from now on", "从现在起让 {name} 的就绪探针失败";
        RestoreReadiness => "Restore readiness", "恢复就绪";
        RestoreReadinessTitle => "Let the readiness probe of {name} pass again", "让 {name} 的就绪探针重新通过";
        Crash => "Crash", "崩溃";
        CrashTitle => "Make the containers of {name} exit with code 1; the kubelet restarts them", "让 {name} 的容器以退出码 1 退出；kubelet 会重启它们";
        FaultMissing => "# playground: pod {name} is not running on any node, so nothing happened\n", "# 演练场：Pod {name} 没有在任何节点上运行，什么也没有发生\n";
        GridLabel => "Pods of {name}, one cell per ordinal", "{name} 的 Pod，每个序号一格";
        GridLegend => "✓ ready · ! running, not ready · … starting · × terminating · ✗ failed · ◦ not created", "✓ 就绪 · ! 运行但未就绪 · … 启动中 · × 终止中 · ✗ 失败 · ◦ 未创建";
        OrdinalMissing => "{name}: not created yet", "{name}：尚未创建";
        OtherPods => "Other pods and claims", "其他 Pod 和存储声明";
        ClaimLabel => "Claim {name}: {phase}", "存储声明 {name}：{phase}";
        Volumes => "PersistentVolumes", "PersistentVolume 池";
        NoVolumes => "No PersistentVolumes.", "没有 PersistentVolume。";
        VolumeLabel => "PersistentVolume {name}: {phase}", "PersistentVolume {name}：{phase}";
        VolumeTitle => "PersistentVolume {name} · reclaim policy {policy}", "PersistentVolume {name} · 回收策略 {policy}";
        NoStorageClass => "No StorageClass: claims bind only to PersistentVolumes created by hand.", "没有 StorageClass：存储声明只能绑定手动创建的 PersistentVolume。";
        StorageClasses => "StorageClasses:", "StorageClass：";
        DefaultClass => " (default)", "（默认）";
        Describe => "Describe", "描述";
        Yaml => "YAML", "YAML";
        Close => "Close", "关闭";
        InspectorLabel => "Details of {object}", "{object} 的详情";
        InspectorHint => "Click any object in the cluster to see kubectl describe and its YAML here.", "点击集群中的任意对象，这里会显示它的 kubectl describe 和 YAML。";
        SummarySet => "{name}: {ready} of {replicas} pods ready", "{name}：{replicas} 个 Pod 中 {ready} 个就绪";
        SummaryPod => "{name} {status}: {why}", "{name} {status}：{why}";
        SummaryPartJoin => "; ", "；";
        SummarySetJoin => ". ", "。";
        SummaryEmpty => "No StatefulSets yet.", "还没有 StatefulSet。";
        ThemeToDark => "dark theme", "深色主题";
        ThemeToLight => "light theme", "浅色主题";
        ThemeLabel => "Switch to the {theme}", "切换到{theme}";
        ThemeToDarkShort => "Dark", "深色";
        ThemeToLightShort => "Light", "浅色";
    }
}
