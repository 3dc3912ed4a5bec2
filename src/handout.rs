//! A session as a Markdown handout (`sts-playground run --markdown SCRIPT`): what a teacher
//! hands out after a class. The script's `#` comments become paragraphs of prose, `echo` lines
//! become paragraphs too (they are the teacher's annotations), and the commands with what they
//! printed go into fenced `console` blocks, exactly as the plain transcript shows them. A
//! here-document is shown as a terminal shows it: its lines after `> ` prompts, then its
//! delimiter.
//!
//! A comment written `# en: …` or `# zh: …` belongs to one language: [`localize_comments`]
//! keeps the reader's and blanks the other, so one script makes a handout in either language.
//!
//! Left out: Markdown inside the comments is passed through as the teacher wrote it (a handout
//! is the teacher's text); the output of commands is never interpreted (a fence longer than any
//! run of backticks in it keeps it literal).
//!
//! Architecture Invariant: every step runs through [`crate::sim::script::run`], one step at a
//! time, so the console blocks hold byte for byte what `sts-playground run` prints for the same
//! script, seed and preset.

use crate::sim::script::{self, Action, FileLoader, Step};
use crate::sim::session::Session;
use crate::ui::i18n::Lang;

/// The script with its language-tagged comments resolved for `lang`: `# zh: 文字` becomes
/// `# 文字` in Chinese and an empty line in English (and the other way round). Lines keep their
/// numbers, so the steps read from the original script still point at the right lines; outside
/// comments nothing changes, so the steps are the same.
pub fn localize_comments(script_text: &str, lang: Lang) -> String {
    let mut out = String::with_capacity(script_text.len());
    let mut in_heredoc: Option<String> = None;
    for line in script_text.lines() {
        if let Some(delimiter) = &in_heredoc {
            if line.trim() == delimiter {
                in_heredoc = None;
            }
            out.push_str(line);
            out.push('\n');
            continue;
        }
        if let Some(delimiter) = heredoc_delimiter(line) {
            in_heredoc = Some(delimiter);
        }
        let trimmed = line.trim_start();
        let tagged = Lang::ALL.iter().find_map(|tag| {
            let prefix = format!("# {}:", tag_of(*tag));
            trimmed
                .strip_prefix(&prefix)
                .map(|rest| (*tag, rest.trim_start()))
        });
        match tagged {
            Some((tag, text)) if tag == lang => {
                out.push_str("# ");
                out.push_str(text);
            }
            Some(_) => {}
            None => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

/// The tag a comment for `lang` starts with.
fn tag_of(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "en",
        Lang::Zh => "zh",
    }
}

/// The delimiter of a here-document a line opens (`<<EOF`, `<<'EOF'`, `<<-EOF`), so that
/// [`localize_comments`] leaves here-document bodies alone.
fn heredoc_delimiter(line: &str) -> Option<String> {
    if line.trim_start().starts_with('#') {
        return None;
    }
    let after = &line[line.find("<<")? + 2..];
    let after = after.strip_prefix('-').unwrap_or(after).trim_start();
    let word: String = after
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != '|' && *c != '>')
        .filter(|c| *c != '\'' && *c != '"')
        .collect();
    (!word.is_empty()).then_some(word)
}

/// What the handout is made of, in order.
enum Piece {
    Prose(String),
    Console(String),
}

/// The raw lines of the script that are comments, grouped into paragraphs, between two lines
/// (`from` inclusive, `to` exclusive, 0-based).
fn comment_paragraphs(lines: &[&str], from: usize, to: usize) -> Vec<String> {
    let mut paragraphs = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in lines.iter().take(to).skip(from) {
        let trimmed = line.trim();
        match trimmed.strip_prefix('#') {
            Some(rest) if !trimmed.starts_with("#!") => current.push(rest.trim()),
            _ => {
                if !current.is_empty() {
                    paragraphs.push(current.join(" "));
                    current.clear();
                }
            }
        }
    }
    if !current.is_empty() {
        paragraphs.push(current.join(" "));
    }
    paragraphs.retain(|p| !p.is_empty());
    paragraphs
}

/// How many raw lines a step takes: its echoed lines, plus a here-document's body and
/// delimiter.
fn step_line_count(step: &Step) -> usize {
    let echoed = step.echo.lines().count().max(1);
    let body = match &step.action {
        Action::Kubectl {
            stdin: Some(body), ..
        }
        | Action::WriteFile { body, .. } => body.lines().count() + 1,
        _ => 0,
    };
    echoed + body
}

/// A fence of backticks longer than any run of backticks in `text`.
fn fence_for(text: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        if c == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    "`".repeat((longest + 1).max(3))
}

/// Runs the steps on the session and returns the handout. `script_text` is the script the
/// steps were read from (for its comments); `footer` is a closing line (for example how to
/// reproduce the session), left out when empty.
pub fn markdown(
    session: &mut Session,
    script_text: &str,
    steps: &[Step],
    loader: &FileLoader<'_>,
    footer: &str,
) -> String {
    let lines: Vec<&str> = script_text.lines().collect();
    let mut pieces: Vec<Piece> = Vec::new();
    let mut next_line = 0;
    for step in steps {
        let start = step.line.saturating_sub(1);
        for paragraph in comment_paragraphs(&lines, next_line, start) {
            pieces.push(Piece::Prose(paragraph));
        }
        let count = step_line_count(step);
        next_line = start + count;
        let printed = script::run(session, std::slice::from_ref(step), loader);
        match &step.action {
            Action::Echo { text } => pieces.push(Piece::Prose(text.clone())),
            Action::Kubectl {
                stdin: Some(body), ..
            }
            | Action::WriteFile { body, .. } => {
                // The echoed command line, the here-document as typed, then the output.
                let (command, output) = printed.split_at(printed_command_len(&printed, step));
                let mut text = command.to_string();
                for line in body.lines() {
                    text.push_str("> ");
                    text.push_str(line);
                    text.push('\n');
                }
                let delimiter = lines
                    .get(next_line.saturating_sub(1))
                    .copied()
                    .unwrap_or("EOF");
                text.push_str("> ");
                text.push_str(delimiter);
                text.push('\n');
                text.push_str(output);
                push_console(&mut pieces, text);
            }
            _ => push_console(&mut pieces, printed),
        }
    }
    for paragraph in comment_paragraphs(&lines, next_line, lines.len()) {
        pieces.push(Piece::Prose(paragraph));
    }
    let mut out = String::new();
    for piece in pieces {
        if !out.is_empty() {
            out.push('\n');
        }
        match piece {
            Piece::Prose(text) => {
                out.push_str(&text);
                out.push('\n');
            }
            Piece::Console(text) => {
                let fence = fence_for(&text);
                out.push_str(&fence);
                out.push_str("console\n");
                out.push_str(&text);
                if !text.ends_with('\n') {
                    out.push('\n');
                }
                out.push_str(&fence);
                out.push('\n');
            }
        }
    }
    if !footer.is_empty() {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(footer);
        out.push('\n');
    }
    out
}

/// The length of the `$ command` part at the start of a step's printed text.
fn printed_command_len(printed: &str, step: &Step) -> usize {
    let echoed = format!("$ {}\n", step.echo);
    if printed.starts_with(&echoed) {
        echoed.len()
    } else {
        0
    }
}

/// Adds console text, joining it to the block before when no prose came between.
fn push_console(pieces: &mut Vec<Piece>, text: String) {
    if let Some(Piece::Console(previous)) = pieces.last_mut() {
        previous.push_str(&text);
    } else {
        pieces.push(Piece::Console(text));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::world::Preset;
    use expect_test::expect;

    fn handout(script_text: &str) -> String {
        let steps = script::parse(script_text).unwrap();
        let mut session = Session::new(Preset::Kind, 1);
        markdown(&mut session, script_text, &steps, &|_: &str| None, "")
    }

    #[test]
    fn comments_become_prose_and_commands_console_blocks() {
        let text = "# Nodes of the kind cluster.\n# Only one.\nkubectl get nodes\n\necho Now a pod:\nkubectl run web --image=nginx:1.25\nsleep 5\n# The end.\n";
        expect![[r#"
            Nodes of the kind cluster. Only one.

            ```console
            $ kubectl get nodes
            NAME                 STATUS   ROLES           AGE   VERSION
            kind-control-plane   Ready    control-plane   0s    v1.34.2
            ```

            Now a pod:

            ```console
            $ kubectl run web --image=nginx:1.25
            pod/web created
            $ sleep 5
            ```

            The end.
        "#]]
        .assert_eq(&handout(text));
    }

    #[test]
    fn here_documents_are_shown_as_typed() {
        let text = "cat > cm.yaml <<'END'\nkind: ConfigMap\napiVersion: v1\nmetadata:\n  name: c\nEND\nkubectl apply -f cm.yaml\n";
        expect![[r#"
            ```console
            $ cat > cm.yaml <<'END'
            > kind: ConfigMap
            > apiVersion: v1
            > metadata:
            >   name: c
            > END
            $ kubectl apply -f cm.yaml
            configmap/c created
            ```
        "#]]
        .assert_eq(&handout(text));
    }

    #[test]
    fn console_blocks_hold_the_plain_transcript() {
        let text =
            "kubectl get pods\n# between\nkubectl create configmap x\nkubectl get cm x -o yaml\n";
        let steps = script::parse(text).unwrap();
        let plain = script::run(&mut Session::new(Preset::Kind, 3), &steps, &|_: &str| None);
        let md = markdown(
            &mut Session::new(Preset::Kind, 3),
            text,
            &steps,
            &|_: &str| None,
            "",
        );
        let console: String = md
            .split("```console\n")
            .skip(1)
            .map(|block| block.split("```\n").next().unwrap_or(""))
            .collect();
        assert_eq!(console, plain);
    }

    #[test]
    fn comments_in_two_languages_become_one() {
        let text = "# en: Nodes.\n# zh: 节点。\n# shared\nkubectl get nodes\ncat > a.yaml <<EOF\n# en: kept in the body\nEOF\n";
        let zh = localize_comments(text, Lang::Zh);
        assert_eq!(zh, "\n# 节点。\n# shared\nkubectl get nodes\ncat > a.yaml <<EOF\n# en: kept in the body\nEOF\n");
        let en = localize_comments(text, Lang::En);
        assert_eq!(en.lines().count(), text.lines().count());
        let steps = script::parse(text).unwrap();
        assert_eq!(script::parse(&zh).unwrap(), steps);
        let mut session = Session::new(Preset::Kind, 1);
        let md = markdown(&mut session, &zh, &steps, &|_: &str| None, "");
        assert!(
            md.starts_with("节点。 shared\n\n```console\n$ kubectl get nodes\n"),
            "{md}"
        );
    }

    #[test]
    fn a_fence_outgrows_backticks_in_the_output() {
        assert_eq!(fence_for("a ``` b"), "````");
        assert_eq!(fence_for("plain"), "```");
    }
}
