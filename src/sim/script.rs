//! Session scripts (`../shared/spec/session-scripts.md`): what a learner would type into a
//! terminal beside a real cluster, read into steps and run against a [`Session`], giving the
//! terminal transcript.
//!
//! Lines: comments and blanks are skipped; `kubectl …`; `sleep DURATION`; `echo TEXT…`;
//! `cat > FILE <<EOF` (and `cat <<EOF > FILE`) writes a file into the session's file space;
//! `kubectl … -f - <<EOF` and `cat <<EOF | kubectl … -f -` feed a heredoc as standard input.
//! Anything else is a script error, reported as `SCRIPT:LINE: why` before anything runs.
//!
//! Architecture Invariant: reading a script never runs it and never panics; every loop is
//! bounded by the script's length.

use crate::sim::session::Session;
use crate::sim::text::duration::parse_sleep;
use crate::sim::text::words::{self, HereDoc, Operator, Token};

/// The most lines a script may have.
pub const SCRIPT_LINES_MAX: usize = 100_000;

/// One thing the script does.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Kubectl {
        argv: Vec<String>,
        stdin: Option<String>,
    },
    Sleep {
        ms: u64,
    },
    Echo {
        text: String,
    },
    WriteFile {
        path: String,
        body: String,
    },
}

/// A step: the text echoed after `$ ` and what it does.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// 1-based line where the step starts.
    pub line: usize,
    pub echo: String,
    pub action: Action,
}

/// Why a script cannot be read.
#[derive(Debug, Clone, PartialEq)]
pub struct ScriptError {
    pub line: usize,
    pub message: String,
}

/// Reads a whole script into steps.
pub fn parse(script: &str) -> Result<Vec<Step>, ScriptError> {
    let lines: Vec<&str> = script.lines().collect();
    if lines.len() > SCRIPT_LINES_MAX {
        return Err(ScriptError {
            line: 1,
            message: format!("the script has more than {SCRIPT_LINES_MAX} lines"),
        });
    }
    let mut steps = Vec::new();
    let mut index = 0;
    while index < lines.len() {
        let start = index;
        let mut text = lines[index].to_string();
        let mut echo = lines[index].to_string();
        index += 1;
        while words::is_incomplete(&text) && index < lines.len() {
            text.push('\n');
            text.push_str(lines[index]);
            echo.push_str("\n> ");
            echo.push_str(lines[index]);
            index += 1;
        }
        let error = |message: String| ScriptError {
            line: start + 1,
            message,
        };
        let tokens = words::tokenize(&text).map_err(error)?;
        if tokens.is_empty() {
            continue;
        }
        // Split the tokens into words and operators.
        let mut command_words: Vec<String> = Vec::new();
        let mut heredoc: Option<HereDoc> = None;
        let mut redirect_to: Option<String> = None;
        let mut piped_into: Option<Vec<String>> = None;
        let mut position = 0;
        while position < tokens.len() {
            match &tokens[position] {
                Token::Word(word) => match &mut piped_into {
                    Some(words) => words.push(word.clone()),
                    None => command_words.push(word.clone()),
                },
                Token::Operator(Operator::HereDoc(doc)) => {
                    if heredoc.is_some() {
                        return Err(error("only one here-document per line is supported".into()));
                    }
                    heredoc = Some(doc.clone());
                }
                Token::Operator(Operator::RedirectOut) => {
                    position += 1;
                    match tokens.get(position) {
                        Some(Token::Word(path)) => redirect_to = Some(path.clone()),
                        _ => return Err(error("syntax error: `>` needs a file name".into())),
                    }
                }
                Token::Operator(Operator::Pipe) => {
                    if piped_into.is_some() {
                        return Err(error("only one `|` per line is supported".into()));
                    }
                    piped_into = Some(Vec::new());
                }
                Token::Operator(other) => {
                    return Err(error(format!(
                        "`{}` is not supported in session scripts (one command per line)",
                        words::operator_text(other)
                    )));
                }
            }
            position += 1;
        }
        // Read the here-document body.
        let body = match &heredoc {
            Some(doc) => {
                let mut body = String::new();
                let mut closed = false;
                while index < lines.len() {
                    let line = lines[index];
                    index += 1;
                    if doc.is_end(line) {
                        closed = true;
                        break;
                    }
                    body.push_str(doc.body_line(line));
                    body.push('\n');
                }
                if !closed {
                    return Err(error(format!(
                        "here-document at line {} delimited by end-of-file (wanted `{}`)",
                        start + 1,
                        doc.delimiter
                    )));
                }
                Some(body)
            }
            None => None,
        };
        let action = match command_words.first().map(String::as_str) {
            Some("kubectl") => {
                if piped_into.is_some() || redirect_to.is_some() {
                    return Err(error("kubectl output cannot be piped or redirected in session scripts".into()));
                }
                Action::Kubectl { argv: command_words[1..].to_vec(), stdin: body }
            }
            Some("sleep") => {
                let [_, duration] = command_words.as_slice() else {
                    return Err(error("usage: sleep DURATION (30, 30s, 2m, 1h, 1m30s)".into()));
                };
                Action::Sleep { ms: parse_sleep(duration).map_err(error)? }
            }
            Some("echo") => {
                if redirect_to.is_some() || piped_into.is_some() || body.is_some() {
                    return Err(error("echo only prints text in session scripts".into()));
                }
                Action::Echo { text: command_words[1..].join(" ") }
            }
            Some("cat") => {
                let Some(body) = body else {
                    return Err(error("cat is only supported with a here-document (cat > FILE <<EOF)".into()));
                };
                if command_words.len() > 1 {
                    return Err(error("cat with a here-document takes no file arguments".into()));
                }
                match (redirect_to, piped_into) {
                    (Some(path), None) => Action::WriteFile { path, body },
                    (None, Some(kubectl)) if kubectl.first().map(String::as_str) == Some("kubectl") => {
                        Action::Kubectl { argv: kubectl[1..].to_vec(), stdin: Some(body) }
                    }
                    _ => return Err(error("cat <<EOF must be redirected to a file or piped into kubectl".into())),
                }
            }
            Some(other) => {
                return Err(error(format!(
                    "{other}: command not found (session scripts run kubectl, sleep, echo and cat heredocs)"
                )))
            }
            None => return Err(error("a line with no command".into())),
        };
        steps.push(Step {
            line: start + 1,
            echo,
            action,
        });
    }
    Ok(steps)
}

/// Loads a file the script names (`-f PATH`) when it is not in the session's file space yet:
/// on the command line, from beside the script.
pub type FileLoader<'a> = dyn Fn(&str) -> Option<String> + 'a;

/// Runs the steps and returns the transcript.
pub fn run(session: &mut Session, steps: &[Step], loader: &FileLoader<'_>) -> String {
    let mut transcript = String::new();
    for step in steps {
        transcript.push_str("$ ");
        transcript.push_str(&step.echo);
        transcript.push('\n');
        match &step.action {
            Action::Kubectl { argv, stdin } => {
                for path in file_arguments(argv) {
                    if path != "-" && !session.files.contains_key(&path) {
                        if let Some(text) = loader(&path) {
                            session.files.insert(path, text);
                        }
                    }
                }
                let (output, _) = session.run_blocking(argv, stdin.as_deref());
                transcript.push_str(&output.text());
            }
            Action::Sleep { ms } => {
                let until = session.cluster.now + ms;
                session.advance_to(until);
            }
            Action::Echo { text } => {
                transcript.push_str(text);
                transcript.push('\n');
            }
            Action::WriteFile { path, body } => {
                session.files.insert(path.clone(), body.clone());
            }
        }
    }
    transcript
}

/// The values of `-f` / `--filename` in a kubectl command line.
fn file_arguments(argv: &[String]) -> Vec<String> {
    let mut paths = Vec::new();
    let mut index = 0;
    while index < argv.len() {
        let word = &argv[index];
        if word == "--" {
            break;
        }
        if word == "-f" || word == "--filename" {
            if let Some(path) = argv.get(index + 1) {
                paths.push(path.clone());
            }
            index += 1;
        } else if let Some(path) = word
            .strip_prefix("--filename=")
            .or_else(|| word.strip_prefix("-f="))
        {
            paths.push(path.to_string());
        } else if let Some(path) = word
            .strip_prefix("-f")
            .filter(|p| !p.is_empty() && !word.starts_with("--"))
        {
            paths.push(path.to_string());
        }
        index += 1;
    }
    paths
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_line_forms() {
        let script = "# a comment\n\nkubectl get pods\nsleep 1m30s\necho hello   world\ncat > web.yaml <<'EOF'\nkind: Pod\nEOF\ncat <<EOF | kubectl apply -f -\nkind: Pod\nEOF\nkubectl apply \\\n  -f web.yaml\n";
        let steps = parse(script).unwrap();
        let actions: Vec<&Action> = steps.iter().map(|s| &s.action).collect();
        assert_eq!(actions.len(), 6);
        assert_eq!(
            actions[0],
            &Action::Kubectl {
                argv: vec!["get".into(), "pods".into()],
                stdin: None
            }
        );
        assert_eq!(actions[1], &Action::Sleep { ms: 90_000 });
        assert_eq!(
            actions[2],
            &Action::Echo {
                text: "hello world".into()
            }
        );
        assert_eq!(
            actions[3],
            &Action::WriteFile {
                path: "web.yaml".into(),
                body: "kind: Pod\n".into()
            }
        );
        assert_eq!(
            actions[4],
            &Action::Kubectl {
                argv: vec!["apply".into(), "-f".into(), "-".into()],
                stdin: Some("kind: Pod\n".into())
            }
        );
        assert_eq!(steps[5].echo, "kubectl apply \\\n>   -f web.yaml");
        assert_eq!(steps[5].line, 12);
    }

    #[test]
    fn errors_name_the_line() {
        assert_eq!(parse("kubectl get pods\nls -l\n").unwrap_err(), ScriptError {
            line: 2,
            message: "ls: command not found (session scripts run kubectl, sleep, echo and cat heredocs)".into()
        });
        assert_eq!(parse("cat > a <<EOF\nx\n").unwrap_err().line, 1);
        assert_eq!(parse("echo 'open\n").unwrap_err().line, 1);
    }
}
