//! The words of the lesson panel: choosing a lesson, its sections, goals, hints and solution.
//! The lesson texts themselves come from `lessons/` in both languages.

crate::messages! {
    pub enum LessonPanelText {
        Lessons => "Lessons", "课程";
        Choose => "Choose a lesson…", "选择一门课程…";
        Free => "Free play (no lesson)", "自由练习（不选课程）";
        Number => "Lesson {number}", "第 {number} 课";
        Introduction => "Introduction", "简介";
        Tasks => "Tasks", "任务";
        Goals => "Goals", "目标";
        Hints => "Hints", "提示";
        ShowHints => "Show the hints", "显示提示";
        HideHints => "Hide the hints", "隐藏提示";
        Solution => "Solution", "参考答案";
        ShowSolution => "Show the solution", "显示参考答案";
        HideSolution => "Hide the solution", "隐藏参考答案";
        RunSolution => "Run the solution in the console", "在控制台中运行参考答案";
        StopSolution => "Stop running the solution", "停止运行参考答案";
        RunningSolution => "Typing line {line} of {total}…", "正在输入第 {line} 行（共 {total} 行）…";
        Restart => "Start the lesson again", "重新开始本课";
        Learned => "What you learned", "你学到了什么";
        AllPassed => "Every goal is reached. Well done!", "所有目标都已达成，干得好！";
        Progress => "{passed} of {total} goals reached", "已达成 {passed}/{total} 个目标";
        Passed => "reached", "已达成";
        NotYet => "not yet", "未达成";
        Cluster => "Cluster: {preset}, seed {seed}", "集群：{preset}，随机种子 {seed}";
        Unknown => "There is no lesson called “{id}”. The playground opened without it.", "没有名为“{id}”的课程，演练场已在不加载课程的情况下打开。";
        Broken => "This lesson cannot be read: {error}", "无法读取这门课程：{error}";
        Close => "Close the lesson", "关闭课程";
    }
}
