//! Shell word splitting for session-script lines, as a POSIX shell reads a simple command.
//!
//! Models the token recognition rules of POSIX `sh` (XCU 2.3 "Token Recognition", 2.2
//! "Quoting") for the subset a session script uses:
//! * blanks (space, tab) separate words; quoting joins: `a'b c'"d"` is the single word `ab cd`,
//!   and `''` is an empty word;
//! * single quotes keep everything literally up to the next single quote;
//! * double quotes keep everything literally except that a backslash escapes `$`, `` ` ``, `"`,
//!   `\` and newline (a backslash before any other character stays);
//! * outside quotes a backslash makes the next character literal, and backslash-newline is a
//!   line continuation (both characters vanish);
//! * an unquoted `#` at the start of a word begins a comment that runs to the end of the text;
//! * the operators `|`, `||`, `&&`, `&`, `;`, `<`, `>`, `>>` and here-documents `<<WORD` /
//!   `<<-WORD` (with the delimiter's quoting recorded) become [`Operator`] tokens, even without
//!   blanks around them (`cat <<EOF>file`).
//!
//! Leaves out, deliberately: parameter expansion (`$HOME` stays as typed), globbing, tilde
//! expansion, I/O numbers (`2>` is the word `2` then `>`), and here-document body expansion
//! (bodies are taken literally, as with a quoted delimiter). Command substitution and subshells
//! are errors rather than silent literals, so a learner is told the playground does not run
//! them.
//!
//! Invariants: never panics; an error message says what is wrong in shell terms. Errors that
//! more input could fix (an open quote, a trailing backslash, a trailing `|`) are reported by
//! [`is_incomplete`], so a script reader can join the next physical line first.

/// One token of a command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Token {
    /// A word with its quotes removed.
    Word(String),
    Operator(Operator),
}

/// A shell control or redirection operator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Operator {
    /// `|`
    Pipe,
    /// `||`
    Or,
    /// `&&`
    And,
    /// `&`
    Background,
    /// `;`, or an unquoted newline (which ends a command the same way).
    Semicolon,
    /// `<`
    RedirectIn,
    /// `>`
    RedirectOut,
    /// `>>`
    AppendOut,
    /// `<<WORD` or `<<-WORD`.
    HereDoc(HereDoc),
}

/// A here-document request: the lines that follow, up to a line equal to `delimiter`, are the
/// command's standard input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HereDoc {
    /// The delimiter word with its quotes removed.
    pub delimiter: String,
    /// Whether any part of the delimiter was quoted (`'EOF'`, `"EOF"`, `\EOF`); a shell then
    /// leaves the body unexpanded. The playground never expands bodies; this is informational.
    pub quoted: bool,
    /// `<<-`: leading tabs are removed from body lines and from the delimiter line.
    pub strip_tabs: bool,
}

impl HereDoc {
    /// A body line as the command receives it (leading tabs removed for `<<-`).
    pub fn body_line<'a>(&self, line: &'a str) -> &'a str {
        if self.strip_tabs {
            line.trim_start_matches('\t')
        } else {
            line
        }
    }

    /// Whether `line` ends the here-document.
    pub fn is_end(&self, line: &str) -> bool {
        self.body_line(line) == self.delimiter
    }
}

/// Splits a command line into plain words. Any shell operator (pipe, redirection, heredoc,
/// `;`, `&&`, …) is an error here; use [`tokenize`] where operators are expected.
pub fn split_words(line: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    for token in tokenize(line)? {
        match token {
            Token::Word(word) => words.push(word),
            Token::Operator(operator) => {
                return Err(format!(
                    "unsupported shell syntax `{}`: the playground runs one command per line",
                    operator_text(&operator)
                ))
            }
        }
    }
    Ok(words)
}

/// Splits a command line into words and operators.
pub fn tokenize(line: &str) -> Result<Vec<Token>, String> {
    scan(line).map_err(|error| error.message)
}

/// Whether `text` stops in the middle of a command: inside quotes, after a trailing unquoted
/// backslash, or after a trailing `|`, `||` or `&&`. A script reader appends a newline and the
/// next physical line, then asks again.
pub fn is_incomplete(text: &str) -> bool {
    match scan(text) {
        Err(error) => error.needs_more_input,
        Ok(tokens) => matches!(
            tokens.last(),
            Some(Token::Operator(
                Operator::Pipe | Operator::Or | Operator::And
            ))
        ),
    }
}

/// The text of an operator as it is typed.
pub fn operator_text(operator: &Operator) -> String {
    match operator {
        Operator::Pipe => "|".to_string(),
        Operator::Or => "||".to_string(),
        Operator::And => "&&".to_string(),
        Operator::Background => "&".to_string(),
        Operator::Semicolon => ";".to_string(),
        Operator::RedirectIn => "<".to_string(),
        Operator::RedirectOut => ">".to_string(),
        Operator::AppendOut => ">>".to_string(),
        Operator::HereDoc(heredoc) => {
            format!(
                "<<{}{}",
                if heredoc.strip_tabs { "-" } else { "" },
                heredoc.delimiter
            )
        }
    }
}

struct ScanError {
    message: String,
    needs_more_input: bool,
}

impl ScanError {
    fn fatal(message: impl Into<String>) -> ScanError {
        ScanError {
            message: message.into(),
            needs_more_input: false,
        }
    }

    fn unfinished(message: impl Into<String>) -> ScanError {
        ScanError {
            message: message.into(),
            needs_more_input: true,
        }
    }
}

/// A cursor over the characters of the text.
struct Cursor<'a> {
    chars: std::iter::Peekable<std::str::Chars<'a>>,
}

impl Cursor<'_> {
    fn peek(&mut self) -> Option<char> {
        self.chars.peek().copied()
    }

    fn next(&mut self) -> Option<char> {
        self.chars.next()
    }

    fn eat(&mut self, expected: char) -> bool {
        if self.peek() == Some(expected) {
            self.chars.next();
            true
        } else {
            false
        }
    }
}

fn is_blank(character: char) -> bool {
    character == ' ' || character == '\t'
}

fn is_operator_start(character: char) -> bool {
    matches!(character, '|' | '&' | ';' | '<' | '>' | '(' | ')' | '\n')
}

fn scan(text: &str) -> Result<Vec<Token>, ScanError> {
    let mut cursor = Cursor {
        chars: text.chars().peekable(),
    };
    let mut tokens = Vec::new();
    loop {
        while cursor.peek().is_some_and(is_blank) {
            cursor.next();
        }
        let Some(character) = cursor.peek() else {
            break;
        };
        if character == '#' {
            break;
        }
        if is_operator_start(character) {
            tokens.push(Token::Operator(scan_operator(&mut cursor)?));
            continue;
        }
        match scan_word(&mut cursor)? {
            Some((word, _quoted)) => tokens.push(Token::Word(word)),
            // Only a line continuation was there: nothing to add.
            None => continue,
        }
    }
    Ok(tokens)
}

fn scan_operator(cursor: &mut Cursor<'_>) -> Result<Operator, ScanError> {
    let Some(character) = cursor.next() else {
        return Err(ScanError::fatal("internal: operator expected"));
    };
    let operator = match character {
        '\n' | ';' => {
            if cursor.peek() == Some(';') {
                return Err(ScanError::fatal("unsupported shell syntax `;;`"));
            }
            Operator::Semicolon
        }
        '|' => {
            if cursor.eat('|') {
                Operator::Or
            } else {
                Operator::Pipe
            }
        }
        '&' => {
            if cursor.eat('&') {
                Operator::And
            } else {
                Operator::Background
            }
        }
        '>' => {
            if cursor.eat('>') {
                Operator::AppendOut
            } else if let Some(next @ ('&' | '|')) = cursor.peek() {
                return Err(ScanError::fatal(format!(
                    "unsupported redirection `>{next}`"
                )));
            } else {
                Operator::RedirectOut
            }
        }
        '<' => {
            if cursor.eat('<') {
                if cursor.peek() == Some('<') {
                    return Err(ScanError::fatal(
                        "unsupported redirection `<<<` (here-string)",
                    ));
                }
                let strip_tabs = cursor.eat('-');
                while cursor.peek().is_some_and(is_blank) {
                    cursor.next();
                }
                let delimiter = match cursor.peek() {
                    Some(next) if !is_operator_start(next) && next != '#' => scan_word(cursor)?,
                    _ => None,
                };
                let Some((delimiter, quoted)) = delimiter else {
                    return Err(ScanError::fatal(
                        "missing here-document delimiter after `<<`",
                    ));
                };
                Operator::HereDoc(HereDoc {
                    delimiter,
                    quoted,
                    strip_tabs,
                })
            } else if let Some(next @ ('&' | '>')) = cursor.peek() {
                return Err(ScanError::fatal(format!(
                    "unsupported redirection `<{next}`"
                )));
            } else {
                Operator::RedirectIn
            }
        }
        _ => {
            return Err(ScanError::fatal(format!(
                "unsupported shell syntax `{character}`: subshells and grouping are not supported"
            )))
        }
    };
    Ok(operator)
}

const COMMAND_SUBSTITUTION: &str =
    "command substitution (`…` or $(…)) is not supported in the playground";

/// Reads one word up to an unquoted blank or operator. Returns the word and whether any part
/// of it was quoted, or `None` when the text held only line continuations.
fn scan_word(cursor: &mut Cursor<'_>) -> Result<Option<(String, bool)>, ScanError> {
    let mut word = String::new();
    let mut started = false;
    let mut quoted = false;
    while let Some(character) = cursor.peek() {
        if is_blank(character) || is_operator_start(character) {
            break;
        }
        cursor.next();
        match character {
            '\\' => match cursor.next() {
                Some('\n') => {}
                Some(escaped) => {
                    word.push(escaped);
                    started = true;
                    quoted = true;
                }
                None => {
                    return Err(ScanError::unfinished(
                        "unfinished line: a trailing backslash continues onto a missing line",
                    ))
                }
            },
            '\'' => {
                started = true;
                quoted = true;
                loop {
                    match cursor.next() {
                        Some('\'') => break,
                        Some(inner) => word.push(inner),
                        None => {
                            return Err(ScanError::unfinished("unterminated single quote"));
                        }
                    }
                }
            }
            '"' => {
                started = true;
                quoted = true;
                loop {
                    match cursor.next() {
                        Some('"') => break,
                        Some('\\') => match cursor.next() {
                            Some('\n') => {}
                            Some(escaped @ ('$' | '`' | '"' | '\\')) => word.push(escaped),
                            Some(other) => {
                                word.push('\\');
                                word.push(other);
                            }
                            None => {
                                return Err(ScanError::unfinished("unterminated double quote"));
                            }
                        },
                        Some('`') => return Err(ScanError::fatal(COMMAND_SUBSTITUTION)),
                        Some('$') if cursor.peek() == Some('(') => {
                            return Err(ScanError::fatal(COMMAND_SUBSTITUTION));
                        }
                        Some(inner) => word.push(inner),
                        None => {
                            return Err(ScanError::unfinished("unterminated double quote"));
                        }
                    }
                }
            }
            '`' => return Err(ScanError::fatal(COMMAND_SUBSTITUTION)),
            '$' if cursor.peek() == Some('(') => {
                return Err(ScanError::fatal(COMMAND_SUBSTITUTION));
            }
            other => {
                word.push(other);
                started = true;
            }
        }
    }
    Ok(started.then_some((word, quoted)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::expect;
    use proptest::prelude::*;

    fn show(lines: &[&str]) -> String {
        lines
            .iter()
            .map(|line| format!("{line:?}\n  -> {:?}\n", tokenize(line)))
            .collect()
    }

    #[test]
    fn words_follow_posix_quoting() {
        expect![[r##"
            "kubectl get pods"
              -> Ok([Word("kubectl"), Word("get"), Word("pods")])
            "  kubectl\tget   pods  "
              -> Ok([Word("kubectl"), Word("get"), Word("pods")])
            "kubectl get pods -o jsonpath='{.items[*].metadata.name}'"
              -> Ok([Word("kubectl"), Word("get"), Word("pods"), Word("-o"), Word("jsonpath={.items[*].metadata.name}")])
            "kubectl exec web-0 -- sh -c \"echo \\\"hi\\\" > /tmp/x; echo \\$HOME \\a \\\\\""
              -> Ok([Word("kubectl"), Word("exec"), Word("web-0"), Word("--"), Word("sh"), Word("-c"), Word("echo \"hi\" > /tmp/x; echo $HOME \\a \\")])
            "echo a'b c'\"d\" '' \"\" x\\ y \\' \\\\"
              -> Ok([Word("echo"), Word("ab cd"), Word(""), Word(""), Word("x y"), Word("'"), Word("\\")])
            "echo one\\\ntwo"
              -> Ok([Word("echo"), Word("onetwo")])
            "echo \"multi\nline\""
              -> Ok([Word("echo"), Word("multi\nline")])
            "kubectl get pods # list them"
              -> Ok([Word("kubectl"), Word("get"), Word("pods")])
            "echo a#b '#' \\#c"
              -> Ok([Word("echo"), Word("a#b"), Word("#"), Word("#c")])
            "echo $HOME ~ * {a,b}"
              -> Ok([Word("echo"), Word("$HOME"), Word("~"), Word("*"), Word("{a,b}")])
        "##]]
        .assert_eq(&show(&[
            "kubectl get pods",
            "  kubectl\tget   pods  ",
            "kubectl get pods -o jsonpath='{.items[*].metadata.name}'",
            r#"kubectl exec web-0 -- sh -c "echo \"hi\" > /tmp/x; echo \$HOME \a \\""#,
            r#"echo a'b c'"d" '' "" x\ y \' \\"#,
            "echo one\\\ntwo",
            "echo \"multi\nline\"",
            "kubectl get pods # list them",
            "echo a#b '#' \\#c",
            "echo $HOME ~ * {a,b}",
        ]));
    }

    #[test]
    fn operators_and_heredocs_are_tokens() {
        expect![[r#"
            "cat > web.yaml <<EOF"
              -> Ok([Word("cat"), Operator(RedirectOut), Word("web.yaml"), Operator(HereDoc(HereDoc { delimiter: "EOF", quoted: false, strip_tabs: false }))])
            "cat <<'EOF' >web.yaml"
              -> Ok([Word("cat"), Operator(HereDoc(HereDoc { delimiter: "EOF", quoted: true, strip_tabs: false })), Operator(RedirectOut), Word("web.yaml")])
            "cat <<\"END\"|kubectl apply -f -"
              -> Ok([Word("cat"), Operator(HereDoc(HereDoc { delimiter: "END", quoted: true, strip_tabs: false })), Operator(Pipe), Word("kubectl"), Word("apply"), Word("-f"), Word("-")])
            "kubectl apply -f - <<-  E\\OF"
              -> Ok([Word("kubectl"), Word("apply"), Word("-f"), Word("-"), Operator(HereDoc(HereDoc { delimiter: "EOF", quoted: true, strip_tabs: true }))])
            "a && b || c; d & e >> f < g"
              -> Ok([Word("a"), Operator(And), Word("b"), Operator(Or), Word("c"), Operator(Semicolon), Word("d"), Operator(Background), Word("e"), Operator(AppendOut), Word("f"), Operator(RedirectIn), Word("g")])
            "cat <<"
              -> Err("missing here-document delimiter after `<<`")
            "cat << | x"
              -> Err("missing here-document delimiter after `<<`")
            "echo $(date)"
              -> Err("command substitution (`…` or $(…)) is not supported in the playground")
            "echo `date`"
              -> Err("command substitution (`…` or $(…)) is not supported in the playground")
            "echo \"$(date)\""
              -> Err("command substitution (`…` or $(…)) is not supported in the playground")
            "(cd x)"
              -> Err("unsupported shell syntax `(`: subshells and grouping are not supported")
            "echo hi 2>&1"
              -> Err("unsupported redirection `>&`")
            "cat <<< word"
              -> Err("unsupported redirection `<<<` (here-string)")
            "a ;; b"
              -> Err("unsupported shell syntax `;;`")
        "#]]
        .assert_eq(&show(&[
            "cat > web.yaml <<EOF",
            "cat <<'EOF' >web.yaml",
            "cat <<\"END\"|kubectl apply -f -",
            "kubectl apply -f - <<-  E\\OF",
            "a && b || c; d & e >> f < g",
            "cat <<",
            "cat << | x",
            "echo $(date)",
            "echo `date`",
            "echo \"$(date)\"",
            "(cd x)",
            "echo hi 2>&1",
            "cat <<< word",
            "a ;; b",
        ]));
    }

    #[test]
    fn split_words_rejects_operators_and_open_quotes() {
        let out: String = [
            "kubectl get pods",
            "kubectl get pods | grep web",
            "echo 'open",
            "echo \"open",
            "echo \"open\\",
            "echo trailing\\",
            "",
            "# only a comment",
        ]
        .iter()
        .map(|line| format!("{line:?} -> {:?}\n", split_words(line)))
        .collect();
        expect![[r##"
            "kubectl get pods" -> Ok(["kubectl", "get", "pods"])
            "kubectl get pods | grep web" -> Err("unsupported shell syntax `|`: the playground runs one command per line")
            "echo 'open" -> Err("unterminated single quote")
            "echo \"open" -> Err("unterminated double quote")
            "echo \"open\\" -> Err("unterminated double quote")
            "echo trailing\\" -> Err("unfinished line: a trailing backslash continues onto a missing line")
            "" -> Ok([])
            "# only a comment" -> Ok([])
        "##]]
        .assert_eq(&out);
    }

    #[test]
    fn incomplete_lines_ask_for_more() {
        let out: String = [
            "echo 'open",
            "echo 'open\nclosed'",
            "kubectl get pods \\",
            "kubectl get pods \\\n  -o wide",
            "cat <<EOF |",
            "a &&",
            "a &",
            "echo $(x",
            "echo done",
        ]
        .iter()
        .map(|text| format!("{text:?} -> {}\n", is_incomplete(text)))
        .collect();
        expect![[r#"
            "echo 'open" -> true
            "echo 'open\nclosed'" -> false
            "kubectl get pods \\" -> true
            "kubectl get pods \\\n  -o wide" -> false
            "cat <<EOF |" -> true
            "a &&" -> true
            "a &" -> false
            "echo $(x" -> false
            "echo done" -> false
        "#]]
        .assert_eq(&out);
    }

    #[test]
    fn heredoc_helpers_strip_tabs_only_for_dash_form() {
        let Ok(tokens) = tokenize("cat <<-EOF") else {
            panic!("tokenize failed");
        };
        let Some(Token::Operator(Operator::HereDoc(heredoc))) = tokens.last() else {
            panic!("no heredoc in {tokens:?}");
        };
        assert!(heredoc.is_end("\t\tEOF"));
        assert_eq!(heredoc.body_line("\tkind: Pod"), "kind: Pod");
        let plain = HereDoc {
            delimiter: "EOF".to_string(),
            quoted: false,
            strip_tabs: false,
        };
        assert!(!plain.is_end("\tEOF"));
        assert!(!plain.is_end("EOF "));
        assert_eq!(plain.body_line("\tkind: Pod"), "\tkind: Pod");
    }

    proptest! {
        #[test]
        fn splitting_never_panics(line in "\\PC{0,60}") {
            let _ = split_words(&line);
            let _ = is_incomplete(&line);
        }

        #[test]
        fn shell_like_lines_never_panic(line in "[a-z '\"\\\\|&;<>()#$`\n\t-]{0,40}") {
            let _ = tokenize(&line);
            let _ = is_incomplete(&line);
        }

        #[test]
        fn single_quoting_round_trips(words in proptest::collection::vec("[^']{0,12}", 0..6)) {
            let line: String = words.iter().map(|word| format!("'{word}' ")).collect();
            prop_assert_eq!(split_words(&line), Ok(words));
        }
    }
}
