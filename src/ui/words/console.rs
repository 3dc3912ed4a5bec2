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

crate::messages! {
    /// The playground's own notes that the session prints in English (the journal replays them
    /// word for word); the console shows them in the page's language.
    pub enum ConsoleNote {
        Help => "This console runs kubectl against the simulated cluster, one command per line:
  kubectl apply -f stateful-demo.yaml   (the editor's tabs are the files)
  kubectl get pods -o wide
  kubectl get pvc,pv
  kubectl describe pod myapp-0
  kubectl scale statefulset myapp --replicas=3
  kubectl get pods -w                   (Ctrl+C stops a command that waits)
↑ and ↓ walk through the history; `clear` empties the console.
", "这个控制台对模拟集群运行 kubectl，每行一条命令：
  kubectl apply -f stateful-demo.yaml   （编辑器的标签页就是文件）
  kubectl get pods -o wide
  kubectl get pvc,pv
  kubectl describe pod myapp-0
  kubectl scale statefulset myapp --replicas=3
  kubectl get pods -w                   （Ctrl+C 停止正在等待的命令）
↑ 和 ↓ 浏览历史；`clear` 清空控制台。
";
        NotKubectl => "This console runs kubectl commands; type `help` for examples.\n", "这个控制台只运行 kubectl 命令；输入 `help` 查看示例。\n";
        JournalFull => "The timeline is full: later inputs run but are not recorded (restart to record again).\n", "时间线已满：之后的输入仍会运行，但不再记录（重新开始即可再次记录）。\n";
        FaultBroken => "# playground: the readiness of pod {name} fails from now on (its application stops answering health checks)\n", "# 演练场：从现在起 Pod {name} 的就绪检查失败（应用不再响应健康检查）\n";
        FaultRestored => "# playground: the readiness of pod {name} passes again from its next probe\n", "# 演练场：Pod {name} 的就绪检查从下一次探测起重新通过\n";
        FaultCrashed => "# playground: the containers of pod {name} crashed (exit code 1); the kubelet restarts them\n", "# 演练场：Pod {name} 的容器崩溃了（退出码 1）；kubelet 会重启它们\n";
    }
}

/// A note of the console in `lang`: each of the session's English notes inside it is replaced
/// by its translation; anything else (kubectl's words, a pod's name) stays as printed. A note
/// with a `{name}` (a fault's) is found by the text around the name, which the name must not
/// cross a line to fill.
pub fn localize_note(text: &str, lang: crate::ui::i18n::Lang) -> std::borrow::Cow<'_, str> {
    use crate::ui::i18n::Message;
    let mut out = std::borrow::Cow::Borrowed(text);
    for note in ConsoleNote::ALL {
        let (english, translated) = (note.en(), note.get(lang));
        if english == translated {
            continue;
        }
        match english.split_once("{name}") {
            None if out.contains(english) => {
                out = std::borrow::Cow::Owned(out.replace(english, translated));
            }
            None => {}
            Some((before, after)) if out.contains(before) => {
                out = std::borrow::Cow::Owned(fill_template(&out, before, after, translated));
            }
            Some(_) => {}
        }
    }
    out
}

/// `text` with every `before<name>after` (the name on one line) replaced by `translated` with
/// that name.
fn fill_template(text: &str, before: &str, after: &str, translated: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(before) {
        let (head, tail) = rest.split_at(start);
        out.push_str(head);
        let body = &tail[before.len()..];
        let found = body.find(after).filter(|at| !body[..*at].contains('\n'));
        match found {
            Some(at) => {
                out.push_str(&translated.replace("{name}", &body[..at]));
                rest = &body[at + after.len()..];
            }
            None => {
                out.push_str(before);
                rest = body;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::journal::input::{HELP_TEXT, NOT_KUBECTL_NOTE};
    use crate::ui::engine::JOURNAL_FULL_NOTE;
    use crate::ui::i18n::{Lang, Message};

    #[test]
    fn the_tables_english_is_the_sessions_note_word_for_word() {
        assert_eq!(ConsoleNote::Help.en(), HELP_TEXT);
        assert_eq!(ConsoleNote::NotKubectl.en(), NOT_KUBECTL_NOTE);
        assert_eq!(ConsoleNote::JournalFull.en(), JOURNAL_FULL_NOTE);
    }

    #[test]
    fn notes_are_shown_in_the_pages_language_and_nothing_else_changes() {
        let joined = format!("{NOT_KUBECTL_NOTE}# playground: pod web crashed\n");
        assert_eq!(localize_note(&joined, Lang::En), joined);
        assert_eq!(
            localize_note(&joined, Lang::Zh),
            "这个控制台只运行 kubectl 命令；输入 `help` 查看示例。\n# playground: pod web crashed\n"
        );
        assert_eq!(localize_note("^C\n", Lang::Zh), "^C\n");
    }

    #[test]
    fn a_fault_note_is_translated_around_its_pod_name() {
        use crate::sim::journal::input::fault_note_template;
        use crate::sim::session::Fault;
        let notes = [
            (Fault::BreakReadiness, ConsoleNote::FaultBroken),
            (Fault::RestoreReadiness, ConsoleNote::FaultRestored),
            (Fault::Crash, ConsoleNote::FaultCrashed),
        ];
        for (fault, note) in notes {
            assert_eq!(note.en(), fault_note_template(fault));
        }
        let printed = format!(
            "NAME READY\n{}web-0 0/1\n{}",
            fault_note_template(Fault::BreakReadiness).replace("{name}", "web-0"),
            fault_note_template(Fault::Crash).replace("{name}", "db-1"),
        );
        assert_eq!(localize_note(&printed, Lang::En), printed);
        assert_eq!(
            localize_note(&printed, Lang::Zh),
            "NAME READY\n# 演练场：从现在起 Pod web-0 的就绪检查失败（应用不再响应健康检查）\n\
             web-0 0/1\n# 演练场：Pod db-1 的容器崩溃了（退出码 1）；kubelet 会重启它们\n"
        );
        // The text before a name with no matching text after it stays as printed.
        let cut = "# playground: the readiness of pod web-0\nweb-0 0/1\n";
        assert_eq!(localize_note(cut, Lang::Zh), cut);
    }
}
