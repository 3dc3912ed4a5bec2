//! The words of the manifest editor: its file tabs, Apply, the problems list, and CodeMirror's
//! own words (the search panel and the gutters), which CodeMirror looks up by their English
//! text as "phrases".

crate::messages! {
    pub enum EditorText {
        Section => "Manifest files", "清单文件";
        Files => "Files", "文件";
        NewFile => "New file", "新建文件";
        Rename => "Rename", "重命名";
        RenameTitle => "Rename {name}", "重命名 {name}";
        Delete => "Delete", "删除";
        DeleteTitle => "Delete {name}", "删除 {name}";
        FileName => "New name for {name}", "{name} 的新名称";
        Save => "Save", "保存";
        Cancel => "Cancel", "取消";
        ConfirmDelete => "Delete {name}? Its text is lost; objects already applied stay in the cluster.", "删除 {name}？文件中的文本将丢失；已经应用到集群的对象仍会保留。";
        DeleteFile => "Delete file", "删除文件";
        KeepFile => "Keep it", "保留";
        Dismiss => "Got it", "知道了";
        LastFile => "The last file cannot be deleted: add a new file first, or clear this one.", "不能删除最后一个文件：请先新建一个文件，或清空这个文件。";
        TooManyFiles => "The editor holds at most {max} files.", "编辑器最多容纳 {max} 个文件。";
        NameEmpty => "A file needs a name.", "文件名不能为空。";
        NameTooLong => "A file name has at most {max} characters.", "文件名最多 {max} 个字符。";
        NameInvalid => "Use only letters, digits, dots, dashes and underscores, starting with a letter or digit: the name is typed after kubectl apply -f.", "只能使用字母、数字、点、连字符和下划线，并以字母或数字开头：这个名字要跟在 kubectl apply -f 后面使用。";
        NameTaken => "There is already a file named {name}.", "已经有一个名为 {name} 的文件。";
        Apply => "Apply", "应用";
        ApplyTitle => "Runs kubectl apply -f {name}", "运行 kubectl apply -f {name}";
        Contents => "Contents of {name}", "{name} 的内容";
        KeyboardHint => "Tab indents with spaces; to leave the editor with the keyboard, press Esc, then Tab. Ctrl+F searches, Ctrl+Z undoes.", "Tab 键用空格缩进；要用键盘离开编辑器，请先按 Esc，再按 Tab。Ctrl+F 搜索，Ctrl+Z 撤销。";
        Problems => "Problems", "问题";
        ProblemsInFile => "{count} problems in this file", "此文件中有 {count} 个问题";
        NoProblems => "No problems found.", "没有发现问题。";
        Location => "line {line}, column {column}", "第 {line} 行，第 {column} 列";
        Document => "document {number}", "第 {number} 个文档";
        Unavailable => "The editor could not start: {error}", "编辑器无法启动：{error}";
    }
}

// CodeMirror's phrases: the English text is CodeMirror's own key, so it must stay exactly as
// CodeMirror writes it (`$` is CodeMirror's placeholder).
crate::messages! {
    pub enum EditorPhrase {
        Find => "Find", "查找";
        Replace => "Replace", "替换";
        Next => "next", "下一个";
        Previous => "previous", "上一个";
        All => "all", "全部";
        MatchCase => "match case", "区分大小写";
        Regexp => "regexp", "正则表达式";
        ByWord => "by word", "全词匹配";
        ReplaceOne => "replace", "替换";
        ReplaceAll => "replace all", "全部替换";
        Close => "close", "关闭";
        CurrentMatch => "current match", "当前匹配";
        OnLine => "on line", "位于行";
        GoToLine => "Go to line", "跳转到行";
        Go => "go", "跳转";
        ReplacedOne => "replaced match on line $", "已替换第 $ 行的匹配";
        ReplacedMany => "replaced $ matches", "已替换 $ 处匹配";
        ControlCharacter => "Control character", "控制字符";
        Diagnostics => "Diagnostics", "诊断";
        NoDiagnostics => "No diagnostics", "没有诊断";
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::i18n::{Lang, Message};

    #[test]
    fn english_phrases_are_codemirrors_keys() {
        // The English side is looked up by CodeMirror verbatim: "replace" and "Replace" are
        // two different phrases, so the table must keep both, and no key twice.
        let keys: Vec<&str> = EditorPhrase::ALL.iter().map(|p| p.get(Lang::En)).collect();
        let mut unique = keys.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), keys.len());
        assert!(keys.contains(&"replace") && keys.contains(&"Replace"));
    }
}
