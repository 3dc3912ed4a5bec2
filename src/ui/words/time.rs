//! The words of the time controls, the timeline, the saved-work messages and the panic panel.

crate::messages! {
    pub enum TimeText {
        Group => "Simulated time", "模拟时间";
        Play => "▶ Play", "▶ 播放";
        Pause => "❚❚ Pause", "❚❚ 暂停";
        Step => "Step ⇥", "单步 ⇥";
        StepTitle => "Jump to the next moment something happens", "跳到下一个有事发生的时刻";
        Speed => "Speed", "速度";
        ClockTitle => "{time} (the cluster has run for {elapsed})", "{time}（集群已运行 {elapsed}）";
        Restart => "Restart", "重新开始";
        RestartTitle => "A fresh cluster with the same seed; your files stay", "用同一个种子重新建一个集群；文件保留";
        NewSeed => "New seed", "换个种子";
        NewSeedTitle => "A fresh cluster with another seed (other pod IPs, nodes and timings); your files stay", "换一个种子重新建集群（Pod IP、节点和时间都会不同）；文件保留";
        Seed => "seed {seed}", "种子 {seed}";
    }
}

crate::messages! {
    pub enum TimelineText {
        Label => "Timeline: everything you did, by simulated time", "时间线：你做过的每件事，按模拟时间排列";
        SliderText => "{time}, after {count} of {total} inputs", "{time}，{total} 次操作中的前 {count} 次之后";
        Start => "start", "开始";
        Now => "now", "现在";
        Interrupt => "Ctrl+C (stop)", "Ctrl+C（中断）";
        BreakReadiness => "break readiness of {pod}", "让 {pod} 的就绪检查失败";
        RestoreReadiness => "restore readiness of {pod}", "恢复 {pod} 的就绪检查";
        Crash => "crash {pod}", "让 {pod} 崩溃";
        Viewing => "Viewing {time}, the past: the cluster as it was then.", "正在查看 {time} 的过去：集群当时的样子。";
        ViewingHint => "Running a command here forks from this moment.", "在这里运行命令会从这一刻分叉。";
        Fork => "Fork from here", "从这里分叉";
        ForkTitle => "Forget everything after this moment and carry on from it (undo)", "丢弃这一刻之后的所有操作，从这里继续（撤销）";
        BackToNow => "Back to now", "回到现在";
        Full => "The timeline is full; later inputs are not recorded.", "时间线已满；之后的操作不再记录。";
        Keys => "← → move between inputs, Home goes to the start, End to now", "← → 在操作之间移动，Home 回到开始，End 回到现在";
    }
}

crate::messages! {
    pub enum SavedText {
        Unreadable => "Your saved work could not be read ({why}). It was set aside under “{key}” in this browser's storage, and the page started fresh.", "无法读取你保存的内容（{why}）。它已被另存到本浏览器存储中的“{key}”，页面已重新开始。";
        Crashed => "Replaying your saved work stopped the page last time. It was set aside under “{key}” in this browser's storage, and the page started fresh.", "上次重放你保存的内容时页面停止了运行。它已被另存到本浏览器存储中的“{key}”，页面已重新开始。";
        CannotSave => "Your work cannot be saved in this browser ({why}); it will be gone when you leave the page.", "无法在本浏览器中保存你的内容（{why}）；离开页面后它就会丢失。";
        Dismiss => "Dismiss", "关闭";
    }
}

crate::messages! {
    pub enum PanicText {
        Title => "The playground stopped", "演练场停止运行了";
        Explain => "Something went wrong inside the simulation and the page cannot go on. Your work was saved a moment ago; reloading brings it back. A bug report (your seed, files and commands, and the message below) helps us fix it.", "模拟内部出了错，页面无法继续运行。你的内容刚刚已保存，重新加载即可恢复。一份错误报告（你的种子、文件、命令以及下面的消息）能帮助我们修复它。";
        Message => "What happened", "发生了什么";
        Report => "Bug report", "错误报告";
        Copy => "Copy bug report", "复制错误报告";
        Copied => "Copied", "已复制";
        CopyFailed => "Could not copy: select the report and copy it by hand", "无法复制：请选中报告手动复制";
        Reload => "Reload", "重新加载";
    }
}
