//! The words of the console around kubectl's output (which is never translated).

crate::messages! {
    pub enum ConsoleText {
        Region => "Console", "控制台";
        Welcome => "Type kubectl commands here, e.g. kubectl get pods (help lists more, Tab completes).\n", "在这里输入 kubectl 命令，例如 kubectl get pods（help 列出更多，Tab 键补全）。\n";
        Running => "running: {command}", "正在运行：{command}";
        Stop => "Stop (Ctrl+C)", "停止（Ctrl+C）";
        InputLabel => "kubectl command (Tab completes, ↑ and ↓ walk the history)", "kubectl 命令（Tab 补全，↑ ↓ 浏览历史）";
        Candidates => "Completions", "可选补全";
    }
}
