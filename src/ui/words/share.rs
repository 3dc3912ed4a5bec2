//! The words of sharing: the share dialog, the embed snippet, the export, and what the page says
//! when a link cannot be opened.

crate::messages! {
    pub enum ShareText {
        Share => "Share", "分享";
        ShareTitle => "Share this playground", "分享这个演练场";
        LinkLabel => "A link that opens these files, commands, seed and lesson", "打开同样文件、命令、随机种子和课程的链接";
        EmbedLabel => "Embed it in a tutorial page", "嵌入到教程页面中";
        CopyLink => "Copy the link", "复制链接";
        CopySnippet => "Copy the snippet", "复制代码片段";
        Copied => "Copied", "已复制";
        Close => "Close", "关闭";
        Export => "Export", "导出";
        ExportTitle => "Download the manifests and a shell script that replays this session on a real cluster (kind or minikube)", "下载清单文件和一个在真实集群（kind 或 minikube）上重放本次会话的 shell 脚本";
        Contents => "{files} files, {commands} commands, seed {seed}", "{files} 个文件，{commands} 条命令，随机种子 {seed}";
        LinkTooLong => "The link is {length} characters long; some browsers and chat tools cut links longer than {limit}.", "这个链接长 {length} 个字符；一些浏览器和聊天工具会截断超过 {limit} 个字符的链接。";
        Restored => "Opened a shared playground: {files} files, {commands} commands, seed {seed}.", "已打开分享的演练场：{files} 个文件、{commands} 条命令，随机种子 {seed}。";
        BadLink => "{reason} The playground starts fresh instead.", "{reason}演练场已重新开始。";
        LinkFailed => "No link can be made: {reason}", "无法生成链接：{reason}";
        ExportedFiles => "Downloading {count} files: the manifests and replay.sh.", "正在下载 {count} 个文件：清单文件和 replay.sh。";
        Dismiss => "Dismiss", "知道了";
        OpenFull => "Open in the full playground", "在完整的演练场中打开";
        KeptEarlier => "Your earlier work is kept.", "你之前的工作已保留。";
        BroughtBack => "Your earlier work is back, and the work it replaced is kept.", "之前的工作已恢复，被替换的工作也已保留。";
        BringBack => "Bring back earlier work", "恢复之前的工作";
        NoEarlier => "There is no earlier work to bring back.", "没有可以恢复的之前的工作。";
        EarlierUnreadable => "The earlier work cannot be read ({why}); it was moved to {key}.", "之前的工作无法读取（{why}），已移到 {key}。";
    }
}
