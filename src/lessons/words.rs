//! The lessons' own words in both languages: what a goal check says when it passes or fails,
//! and the section names a lesson is printed with. kubectl's names (`pod/myapp-0`, jsonpath
//! templates, values) are inserted as they are, never translated.

use crate::ui::i18n::messages;

messages! {
    pub enum LessonText {
        Introduction => "Introduction", "简介";
        Tasks => "Tasks", "任务";
        Hints => "Hints", "提示";
        Learned => "What you learned", "你学到了什么";
        Goals => "Goals", "目标";
        Setup => "Before you start", "开始之前";
        Solution => "A solution", "参考解法";
        Preset => "Cluster: {preset}, seed {seed}", "集群：{preset}，随机种子 {seed}";
        Passed => "passed", "已达成";
        Failed => "not yet", "未达成";
        Exists => "{object} exists", "{object} 已存在";
        Missing => "{object} does not exist", "{object} 不存在";
        StillThere => "{object} still exists", "{object} 仍然存在";
        Gone => "{object} is gone", "{object} 已不存在";
        Ready => "{object} is running and Ready", "{object} 正在运行且已就绪（Ready）";
        NotReady => "{object} is not Ready yet (status: {status})", "{object} 尚未就绪（状态：{status}）";
        Terminating => "{object} is terminating", "{object} 正在终止";
        ValueIs => "{object} {path} is {actual}", "{object} 的 {path} 为 {actual}";
        ValueIsNot => "{object} {path} is {actual}, not {wanted}", "{object} 的 {path} 为 {actual}，而不是 {wanted}";
        ValueUnchanged => "{object} {path} is still {actual}, as it was when the lesson started", "{object} 的 {path} 仍是 {actual}，与课程开始时相同";
        ValueChanged => "{object} {path} changed from {before} to {actual}", "{object} 的 {path} 已从 {before} 变为 {actual}";
        Empty => "(empty)", "（空）";
        Count => "{kind}: {actual}", "{kind}：{actual} 个";
        CountNot => "{kind}: {actual}, wanted {wanted}", "{kind}：{actual} 个，目标是 {wanted} 个";
        ClaimUnbound => "{object} is not bound to a volume yet", "{object} 还没有绑定到任何卷";
        VolumeEmpty => "the volume of {object} ({volume}) has no file {file}", "{object} 的卷（{volume}）中没有文件 {file}";
        FileHas => "{file} on the volume of {object} ({volume}) contains {text}", "{object} 的卷（{volume}）上的 {file} 包含 {text}";
        FileLacks => "{file} on the volume of {object} ({volume}) does not contain {text}", "{object} 的卷（{volume}）上的 {file} 不包含 {text}";
        EventSeen => "an event {reason} says {text}", "有一条 {reason} 事件写着 {text}";
        EventMissing => "no event {reason} says {text} yet", "还没有内容为 {text} 的 {reason} 事件";
        JsonPathError => "cannot read {path} of {object}: {error}", "无法读取 {object} 的 {path}：{error}";
    }
}
