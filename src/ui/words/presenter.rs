//! The words of presenter mode: the toggle, the shortcut help and the captions that say what a
//! controller just did and why. The object names and kubectl's own reasons inside a caption are
//! inserted as they are, never translated.

crate::messages! {
    pub enum PresenterText {
        Present => "Present", "演示模式";
        PresentOn => "Leave presenter mode", "退出演示模式";
        PresentTitle => "Presenter mode: large type, high contrast, keyboard shortcuts (? lists them)", "演示模式：大字号、高对比度、键盘快捷键（按 ? 查看）";
        Shortcuts => "Keyboard shortcuts", "键盘快捷键";
        KeyPlay => "Play or pause simulated time", "播放或暂停模拟时间";
        KeyStep => "Step to the next thing that happens", "跳到下一件发生的事";
        KeyFaster => "Faster", "加快速度";
        KeySlower => "Slower", "减慢速度";
        KeyPresent => "Presenter mode on or off", "开启或关闭演示模式";
        KeyHelp => "Show or hide this help", "显示或隐藏本帮助";
        KeyNote => "Shortcuts work when the cursor is not in a text field.", "光标不在文本框中时，快捷键才有效。";
        Close => "Close", "关闭";
        Captions => "What just happened", "刚刚发生了什么";
        NoCaption => "Nothing has happened yet. Apply a manifest or run a command.", "还什么都没发生。应用一个清单或运行一条命令吧。";
        Speed => "Speed {speed}×", "速度 {speed}×";
        Playing => "Playing", "播放中";
        Paused => "Paused", "已暂停";
        StsCreatedFirst => "{actor} created {object} because the StatefulSet wants it and ordinal 0 always comes first.", "{actor} 创建了 {object}，因为 StatefulSet 需要它，而序号 0 总是第一个。";
        StsCreatedAfter => "{actor} created {object} because {previous} is Running and Ready.", "{actor} 创建了 {object}，因为 {previous} 已经处于 Running 且 Ready 状态。";
        StsCreatedParallel => "{actor} created {object} at once, because the set's policy is Parallel.", "{actor} 立即创建了 {object}，因为该 StatefulSet 的策略是 Parallel。";
        StsCreatedClaim => "{actor} created the claim {object} for the new pod, from the volumeClaimTemplates.", "{actor} 根据 volumeClaimTemplates 为新 Pod 创建了存储卷声明 {object}。";
        StsDeleted => "{actor} deleted {object}: the highest ordinal goes first when a set scales down or updates.", "{actor} 删除了 {object}：缩容或更新时，总是先处理序号最大的 Pod。";
        StsFailed => "{actor} could not change {object}; it will try again.", "{actor} 未能修改 {object}，稍后会重试。";
        Scheduled => "{actor} placed {object} on a node.", "{actor} 把 {object} 调度到了一个节点上。";
        FailedScheduling => "{actor} cannot place {object} yet, so it stays Pending.", "{actor} 暂时无法调度 {object}，所以它保持 Pending 状态。";
        Pulling => "{actor} on the node is pulling the image for {object}.", "节点上的 {actor} 正在为 {object} 拉取镜像。";
        Pulled => "{actor} has the image for {object}.", "{actor} 已经拿到 {object} 的镜像。";
        PullFailed => "{actor} cannot pull the image for {object}, so the pod cannot start.", "{actor} 拉取不到 {object} 的镜像，所以 Pod 无法启动。";
        Created => "{actor} created a container in {object}.", "{actor} 在 {object} 中创建了一个容器。";
        Started => "{actor} started a container in {object}.", "{actor} 启动了 {object} 中的一个容器。";
        Killing => "{actor} is stopping a container in {object}, giving it its grace period.", "{actor} 正在停止 {object} 中的一个容器，并给予它优雅终止的时间。";
        Unhealthy => "{actor} found a probe failing in {object}.", "{actor} 发现 {object} 的探针检查失败。";
        Provisioned => "{actor} made a new volume for {object}, through its StorageClass.", "{actor} 通过 StorageClass 为 {object} 创建了一个新卷。";
        WaitForConsumer => "{actor} waits to bind {object} until a pod that uses it has a node.", "{actor} 要等到使用 {object} 的 Pod 被调度到节点后，才会绑定它。";
        FailedBinding => "{actor} found no volume that fits {object}, so the claim stays Pending.", "{actor} 找不到适合 {object} 的卷，所以该声明保持 Pending 状态。";
        Other => "{actor} reported {reason} for {object}.", "{actor} 针对 {object} 报告了 {reason}。";
    }
}
