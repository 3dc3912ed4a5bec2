//! `sts-playground lessons`: list the lessons, show one as text, and verify them all (every
//! goal fails after the setup and passes after the solution, through the same
//! [`crate::sim::session::Session`] that `run` uses).

use std::io::Write;

use crate::lessons::{self, run, Lesson};
use crate::ui::i18n::Lang;

const USAGE: &str = "usage:
  sts-playground lessons                         (the lessons: id, title, preset)
  sts-playground lessons show ID [--lang en|zh]  (one lesson as text)
  sts-playground lessons verify [ID…]            (goals fail before and pass after each solution)
  sts-playground lessons handout ID [--lang en|zh]  (the lesson and its solution as Markdown)";

/// Entry point of `sts-playground lessons …`; returns the exit code.
pub fn main(args: &[String]) -> i32 {
    let (mut out, mut err) = (std::io::stdout().lock(), std::io::stderr().lock());
    main_to(args, &mut out, &mut err)
}

/// [`main`] writing to the given streams (the tests read them).
pub fn main_to(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let mut io = Io { out, err };
    match args.first().map(String::as_str) {
        None => list(&mut io),
        Some("show") => show(&mut io, &args[1..], false),
        Some("handout") => show(&mut io, &args[1..], true),
        Some("verify") => verify(&mut io, &args[1..]),
        Some("-h") | Some("--help") => {
            io.out(format_args!("{USAGE}\n"));
            0
        }
        Some(other) => {
            io.err(format_args!(
                "sts-playground lessons: unknown command {other}\n{USAGE}\n"
            ));
            2
        }
    }
}

/// Where the command writes; a write that fails (a closed pipe) is ignored, as `print!` would
/// not be.
struct Io<'a> {
    out: &'a mut dyn Write,
    err: &'a mut dyn Write,
}

impl Io<'_> {
    fn out(&mut self, text: std::fmt::Arguments<'_>) {
        let _ = self.out.write_fmt(text);
    }

    fn err(&mut self, text: std::fmt::Arguments<'_>) {
        let _ = self.err.write_fmt(text);
    }
}

/// Reads every lesson; a lesson that cannot be read is reported on standard error.
fn read_all(io: &mut Io<'_>) -> (Vec<Lesson>, usize) {
    let (lessons, errors) = lessons::all();
    for error in &errors {
        io.err(format_args!("{error}\n"));
    }
    (lessons, errors.len())
}

fn list(io: &mut Io<'_>) -> i32 {
    let (lessons, broken) = read_all(io);
    let rows: Vec<Vec<String>> = lessons
        .iter()
        .map(|lesson| {
            vec![
                lesson.id.clone(),
                lesson.preset.name().to_string(),
                lesson.en.title.clone(),
            ]
        })
        .collect();
    let id_width = rows.iter().map(|r| r[0].len()).max().unwrap_or(2).max(2);
    io.out(format_args!(
        "{:<id_width$}   {:<7}   TITLE\n",
        "ID", "PRESET"
    ));
    for row in rows {
        io.out(format_args!(
            "{:<id_width$}   {:<7}   {}\n",
            row[0], row[1], row[2]
        ));
    }
    i32::from(broken > 0)
}

/// `show` prints the lesson as text; `handout` prints it as Markdown with its setup and solution
/// run on a fresh session.
fn show(io: &mut Io<'_>, args: &[String], handout: bool) -> i32 {
    let mut lang = Lang::En;
    let mut id: Option<&str> = None;
    let mut index = 0;
    while index < args.len() {
        let arg = args[index].as_str();
        index += 1;
        let value = if arg == "--lang" {
            index += 1;
            args.get(index - 1).map(String::as_str)
        } else if let Some(value) = arg.strip_prefix("--lang=") {
            Some(value)
        } else if arg.starts_with("--") {
            io.err(format_args!(
                "sts-playground lessons show: unknown option {arg}\n{USAGE}\n"
            ));
            return 2;
        } else if id.is_none() {
            id = Some(arg);
            continue;
        } else {
            io.err(format_args!(
                "sts-playground lessons show: unexpected argument {arg}\n{USAGE}\n"
            ));
            return 2;
        };
        match value.and_then(Lang::from_code) {
            Some(chosen) => lang = chosen,
            None => {
                io.err(format_args!(
                    "sts-playground lessons show: --lang takes en or zh\n{USAGE}\n"
                ));
                return 2;
            }
        }
    }
    let Some(id) = id else {
        io.err(format_args!("{USAGE}\n"));
        return 2;
    };
    match lessons::find(id) {
        Some(Ok(lesson)) => {
            if !handout {
                io.out(format_args!("{}", lessons::render_text(&lesson, lang)));
                return 0;
            }
            match lesson_handout(&lesson, lang) {
                Ok(text) => {
                    io.out(format_args!("{text}"));
                    0
                }
                Err(error) => {
                    io.err(format_args!("{error}\n"));
                    1
                }
            }
        }
        Some(Err(error)) => {
            io.err(format_args!("{error}\n"));
            1
        }
        None => {
            io.err(format_args!(
                "sts-playground lessons show: no lesson {id} (see `sts-playground lessons`)\n"
            ));
            2
        }
    }
}

/// The lesson as a Markdown handout: its setup and its solution run on a fresh session.
fn lesson_handout(lesson: &Lesson, lang: Lang) -> Result<String, lessons::LessonError> {
    let mut session = run::new_session(lesson);
    for (name, text) in lesson.files {
        session
            .files
            .insert((*name).to_string(), (*text).to_string());
    }
    let no_files = |_: &str| None;
    let parse = |file: &str, text: &str| {
        crate::sim::script::parse(text).map_err(|e| lessons::LessonError {
            file: format!("lessons/{}/{file}", lesson.dir),
            message: format!("line {}: {}", e.line, e.message),
        })
    };
    let setup_steps = parse("setup.sh", lesson.setup)?;
    let setup = crate::handout::markdown(&mut session, lesson.setup, &setup_steps, &no_files, "");
    let solution_steps = parse("solution.sh", lesson.solution)?;
    let solution = crate::handout::markdown(
        &mut session,
        lesson.solution,
        &solution_steps,
        &no_files,
        "",
    );
    Ok(lessons::render_markdown(lesson, lang, &setup, &solution))
}

fn verify(io: &mut Io<'_>, ids: &[String]) -> i32 {
    let (lessons, broken) = read_all(io);
    for id in ids {
        if !lessons.iter().any(|lesson| &lesson.id == id) {
            io.err(format_args!(
                "sts-playground lessons verify: no lesson {id} (see `sts-playground lessons`)\n"
            ));
            return 2;
        }
    }
    let mut passed = 0;
    let mut failed = broken;
    for lesson in lessons
        .iter()
        .filter(|lesson| ids.is_empty() || ids.contains(&lesson.id))
    {
        let verification = run::verify(lesson);
        if verification.passed() {
            passed += 1;
            io.out(format_args!(
                "ok      {} ({} goals)\n",
                lesson.id,
                lesson.goals.len()
            ));
        } else {
            failed += 1;
            io.out(format_args!("FAILED  {}\n", lesson.id));
            for problem in &verification.problems {
                io.out(format_args!("        {problem}\n"));
            }
        }
    }
    io.out(format_args!("{passed} passed, {failed} failed\n"));
    i32::from(failed > 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::expect;

    /// Runs `sts-playground lessons ARGS…` and returns (exit code, stdout, stderr).
    fn cli(args: &[&str]) -> (i32, String, String) {
        let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = main_to(&args, &mut out, &mut err);
        (
            code,
            String::from_utf8_lossy(&out).to_string(),
            String::from_utf8_lossy(&err).to_string(),
        )
    }

    #[test]
    fn lists_the_lessons() {
        let (code, out, err) = cli(&[]);
        assert_eq!((code, err.as_str()), (0, ""));
        expect![[r#"
            ID                      PRESET    TITLE
            network-identity        kubeadm   Stable network identity
            stable-storage          kubeadm   Stable, persistent storage
            ordered-scaling         kind      Ordered deployment and scaling
            ordered-deletion        kind      Ordered deletion and termination
            rolling-update-canary   kubeadm   Rolling updates and a canary
            stalled-rollout         kubeadm   A stalled rollout and its fix
            pending-pods            kubeadm   Why is my pod Pending?
            claim-retention         kind      What happens to claims
            dynamic-provisioning    kind      Dynamic provisioning with a StorageClass
        "#]]
        .assert_eq(&out);
    }

    #[test]
    fn verify_runs_every_lesson_and_counts() {
        let (code, out, _) = cli(&["verify"]);
        assert_eq!(code, 0, "{out}");
        assert!(out.ends_with("\n9 passed, 0 failed\n"), "{out}");
        assert_eq!(out.lines().filter(|l| l.starts_with("ok ")).count(), 9);
        let (code, out, _) = cli(&["verify", "pending-pods"]);
        assert_eq!(
            (code, out.as_str()),
            (0, "ok      pending-pods (2 goals)\n1 passed, 0 failed\n")
        );
        let (code, _, err) = cli(&["verify", "nope"]);
        assert_eq!(code, 2);
        assert!(err.contains("no lesson nope"));
    }

    #[test]
    fn shows_a_lesson_in_chinese() {
        let (code, out, _) = cli(&["show", "stalled-rollout", "--lang", "zh"]);
        assert_eq!(code, 0);
        expect![[r#"
            卡住的滚动更新及其修复
            ======================
            集群：kubeadm，随机种子 1

            简介
            ----
            有人把 StatefulSet `myapp` 的镜像改成了 `nginx:doesnotexist`。滚动更新从序号最大的 `myapp-1` 开始，它现在拉不到镜像，永远不会就绪。更新就停在这里等待：在默认的 `OrderedReady` 策略下，只要 `myapp-1` 没有就绪，控制器就不会动 `myapp-0`。

            只回滚模板是不够的。控制器要等坏掉的 Pod 就绪后才会替换它，而它永远不会就绪：这是 StatefulSet 一个众所周知的陷阱。回滚模板之后，你必须亲手删除这个坏掉的 Pod，控制器才会用正确的模板重新创建它。

            任务
            ----
              1. 找出问题：先 `kubectl get pods`，再 `kubectl describe pod myapp-1` 看它的事件。
              2. 把 StatefulSet 回滚到上一个版本。
              3. 稍等片刻再看：`myapp-1` 仍然是坏的。
              4. 删除 `myapp-1`，等待滚动更新完成。

            目标
            ----
              * StatefulSet 的模板已回滚到能正常工作的那个版本。
              * myapp-1 重新运行 nginx:1.13。
              * myapp-1 正在运行并且已就绪。

            提示
            ----
              * `kubectl rollout undo sts/myapp` 回到上一个版本。
              * `kubectl rollout history sts/myapp` 列出所有版本。
              * `kubectl rollout status sts/myapp` 会一直等到所有 Pod 都处于更新后的版本并且就绪。

            你学到了什么
            ------------
              * 滚动更新会停在第一个无法就绪的 Pod 上，这样坏模板就不会波及整个 StatefulSet。
              * `kubectl rollout undo` 会恢复之前某个版本的模板。
              * 在 OrderedReady 加 RollingUpdate 的组合下，回滚不会替换已经卡住的 Pod：回滚之后要手动删除它。
        "#]].assert_eq(&out);
    }

    #[test]
    fn a_handout_has_the_lesson_and_its_session() {
        let (code, out, err) = cli(&["handout", "pending-pods", "--lang", "zh"]);
        assert_eq!((code, err.as_str()), (0, ""));
        let headings: Vec<&str> = out.lines().filter(|l| l.starts_with('#')).collect();
        assert_eq!(
            headings,
            [
                "# 我的 Pod 为什么一直是 Pending？",
                "## 简介",
                "## 开始之前",
                "## 任务",
                "## 目标",
                "## 提示",
                "## 参考解法",
                "## 你学到了什么",
            ]
        );
        assert!(out.contains(
            "```console\n$ kubectl apply -f pv-wrong.yaml\npersistentvolume/pv-small created\n"
        ));
        assert!(
            out.contains("$ kubectl apply -f pv-good.yaml\npersistentvolume/pv-good-1 created\n")
        );
    }

    #[test]
    fn usage_errors_exit_2() {
        assert_eq!(cli(&["show"]).0, 2);
        assert_eq!(cli(&["show", "network-identity", "--lang", "fr"]).0, 2);
        assert_eq!(cli(&["show", "no-such"]).0, 2);
        assert_eq!(cli(&["frobnicate"]).0, 2);
        assert_eq!(cli(&["show", "network-identity", "--lang=zh"]).0, 0);
    }
}
