//! The `sh -c` language we understand: a POSIX shell subset parsed into lists of pipelines.
//!
//! Supported: words with `'…'`, `"…"` and `\` quoting; `$NAME`, `${NAME}`, `$?`, `$$`, `$#`,
//! `$0`; command substitution `$(…)` and `` `…` ``; assignments `NAME=value`; redirections
//! `>`, `>>`, `<`, `2>`, `2>>`, `N>&M`, `&>`; pipelines `|`; lists with `;`, `&`, newline, `&&`,
//! `||`; `#` comments. Compound commands (`if`, `for`, `while`, `case`, `{ }`, `( )`, functions)
//! are reported as [`ParseError::Unsupported`] rather than misread.
//!
//! Invariant: parsing is total and linear in the input length; nesting of `$(…)` is kept as
//! text and parsed only when executed (depth-bounded there).

/// One piece of a word, before expansion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WordPart {
    /// Literal text; `quoted` parts are never split or globbed.
    Literal { text: String, quoted: bool },
    /// `$NAME` / `${NAME}` / `$?` …
    Variable { name: String, quoted: bool },
    /// `$(…)` or `` `…` ``: the inner script text.
    CommandSubstitution { script: String, quoted: bool },
}

/// A word: consecutive parts with no unquoted blank between them.
pub type Word = Vec<WordPart>;

/// What a redirection does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RedirectKind {
    /// `N> FILE` (truncate).
    Write,
    /// `N>> FILE`.
    Append,
    /// `N< FILE`.
    Read,
    /// `N>&M`: duplicate descriptor M.
    Duplicate(u8),
    /// `&> FILE`: stdout and stderr to FILE (bash; ash and dash read it as `&` then `>`,
    /// which we do not model).
    Both,
}

/// One redirection of a simple command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Redirect {
    /// The descriptor redirected (1 for `>`, 0 for `<`).
    pub fd: u8,
    /// What happens to it.
    pub kind: RedirectKind,
    /// The file word (empty for [`RedirectKind::Duplicate`]).
    pub target: Word,
}

/// `NAME=value … word … redirections`.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct SimpleCommand {
    /// Leading assignments.
    pub assignments: Vec<(String, Word)>,
    /// The command name and its arguments.
    pub words: Vec<Word>,
    /// Redirections in order.
    pub redirects: Vec<Redirect>,
    /// 1-based script line the command starts on (dash and bash print it in errors).
    pub line: usize,
}

/// `cmd | cmd | …`, optionally negated with `!`.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Pipeline {
    /// The commands, left to right.
    pub commands: Vec<SimpleCommand>,
    /// `! pipeline`.
    pub negated: bool,
}

/// How a pipeline is joined to the next one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Connector {
    /// `;`, `&` or newline: run the next one regardless.
    Sequence,
    /// `&&`.
    And,
    /// `||`.
    Or,
}

/// A parsed script: pipelines with the connector that follows each.
pub type Script = Vec<(Pipeline, Connector)>;

/// Why a script could not be parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParseError {
    /// An opening quote, `$(` or `` ` `` without its end.
    UnterminatedQuote {
        /// The missing closing character.
        quote: char,
        /// Line where the script ended.
        line: usize,
    },
    /// A token where it cannot be (`&& x`, `a ;; b`, `| x`).
    UnexpectedToken {
        /// The token as written.
        token: String,
        /// Its line.
        line: usize,
    },
    /// The script ended where a command was required (`a &&`, `a |`, `echo >`).
    UnexpectedEnd {
        /// Last line.
        line: usize,
    },
    /// A compound command or other construct this shell does not model.
    Unsupported {
        /// The keyword or operator.
        construct: String,
        /// Its line.
        line: usize,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Token {
    Word(Word),
    /// `;`, `&`, `&&`, `||`, `|`, newline (as "\n"), `(`, `)`, `;;`.
    Operator(&'static str),
    Redirect {
        fd: u8,
        operator: &'static str,
    },
}

struct Lexer<'s> {
    chars: Vec<char>,
    position: usize,
    line: usize,
    source: std::marker::PhantomData<&'s str>,
}

impl<'s> Lexer<'s> {
    fn new(script: &'s str) -> Lexer<'s> {
        Lexer {
            chars: script.chars().collect(),
            position: 0,
            line: 1,
            source: std::marker::PhantomData,
        }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.position).copied()
    }

    fn peek_at(&self, offset: usize) -> Option<char> {
        self.chars.get(self.position + offset).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let next = self.peek()?;
        self.position += 1;
        if next == '\n' {
            self.line += 1;
        }
        Some(next)
    }

    /// Reads the body of `$(…)` (after the opening `(`), tracking nested parentheses and
    /// quotes, up to the matching `)`.
    fn read_command_substitution(&mut self) -> Result<String, ParseError> {
        let mut depth = 1usize;
        let mut text = String::new();
        let mut quote: Option<char> = None;
        while let Some(next) = self.bump() {
            match quote {
                Some('\'') => {
                    if next == '\'' {
                        quote = None;
                    }
                }
                Some(_) => {
                    if next == '\\' {
                        text.push(next);
                        if let Some(escaped) = self.bump() {
                            text.push(escaped);
                        }
                        continue;
                    }
                    if next == '"' {
                        quote = None;
                    }
                }
                None => match next {
                    '\'' | '"' => quote = Some(next),
                    '\\' => {
                        text.push(next);
                        if let Some(escaped) = self.bump() {
                            text.push(escaped);
                        }
                        continue;
                    }
                    '(' => depth += 1,
                    ')' => {
                        depth -= 1;
                        if depth == 0 {
                            return Ok(text);
                        }
                    }
                    _ => {}
                },
            }
            text.push(next);
        }
        Err(ParseError::UnterminatedQuote {
            quote: ')',
            line: self.line,
        })
    }

    /// Reads a `$…` expansion (the `$` already consumed).
    fn read_dollar(&mut self, quoted: bool) -> Result<WordPart, ParseError> {
        match self.peek() {
            Some('(') => {
                self.bump();
                let script = self.read_command_substitution()?;
                Ok(WordPart::CommandSubstitution { script, quoted })
            }
            Some('{') => {
                self.bump();
                let mut name = String::new();
                loop {
                    match self.bump() {
                        Some('}') => break,
                        Some(next) => name.push(next),
                        None => {
                            return Err(ParseError::UnterminatedQuote {
                                quote: '}',
                                line: self.line,
                            })
                        }
                    }
                }
                Ok(WordPart::Variable { name, quoted })
            }
            Some(next) if next == '?' || next == '$' || next == '#' || next.is_ascii_digit() => {
                self.bump();
                Ok(WordPart::Variable {
                    name: next.to_string(),
                    quoted,
                })
            }
            Some(next) if next == '_' || next.is_ascii_alphabetic() => {
                let mut name = String::new();
                while let Some(next) = self.peek() {
                    if next == '_' || next.is_ascii_alphanumeric() {
                        name.push(next);
                        self.bump();
                    } else {
                        break;
                    }
                }
                Ok(WordPart::Variable { name, quoted })
            }
            _ => Ok(WordPart::Literal {
                text: "$".to_string(),
                quoted,
            }),
        }
    }

    fn read_backquote(&mut self, quoted: bool) -> Result<WordPart, ParseError> {
        let mut script = String::new();
        loop {
            match self.bump() {
                Some('`') => return Ok(WordPart::CommandSubstitution { script, quoted }),
                Some('\\') => match self.bump() {
                    Some(escaped @ ('`' | '\\' | '$')) => script.push(escaped),
                    Some(other) => {
                        script.push('\\');
                        script.push(other);
                    }
                    None => break,
                },
                Some(next) => script.push(next),
                None => break,
            }
        }
        Err(ParseError::UnterminatedQuote {
            quote: '`',
            line: self.line,
        })
    }

    /// Reads one word starting at the current (non-blank, non-operator) character.
    fn read_word(&mut self) -> Result<Word, ParseError> {
        let mut parts: Word = Vec::new();
        let mut literal = String::new();
        let flush = |literal: &mut String, parts: &mut Word, quoted: bool| {
            if !literal.is_empty() || quoted {
                parts.push(WordPart::Literal {
                    text: std::mem::take(literal),
                    quoted,
                });
            }
        };
        while let Some(next) = self.peek() {
            match next {
                ' ' | '\t' | '\n' | ';' | '&' | '|' | '<' | '>' | '(' | ')' => break,
                '\\' => {
                    self.bump();
                    match self.bump() {
                        Some('\n') => {}
                        Some(escaped) => {
                            flush(&mut literal, &mut parts, false);
                            parts.push(WordPart::Literal {
                                text: escaped.to_string(),
                                quoted: true,
                            });
                        }
                        None => literal.push('\\'),
                    }
                }
                '\'' => {
                    self.bump();
                    flush(&mut literal, &mut parts, false);
                    let mut text = String::new();
                    loop {
                        match self.bump() {
                            Some('\'') => break,
                            Some(inner) => text.push(inner),
                            None => {
                                return Err(ParseError::UnterminatedQuote {
                                    quote: '\'',
                                    line: self.line,
                                })
                            }
                        }
                    }
                    parts.push(WordPart::Literal { text, quoted: true });
                }
                '"' => {
                    self.bump();
                    flush(&mut literal, &mut parts, false);
                    let mut text = String::new();
                    let mut produced_any = false;
                    loop {
                        match self.bump() {
                            Some('"') => break,
                            Some('\\') => match self.bump() {
                                Some(escaped @ ('"' | '\\' | '$' | '`')) => text.push(escaped),
                                Some('\n') => {}
                                Some(other) => {
                                    text.push('\\');
                                    text.push(other);
                                }
                                None => {
                                    return Err(ParseError::UnterminatedQuote {
                                        quote: '"',
                                        line: self.line,
                                    })
                                }
                            },
                            Some('$') => {
                                if !text.is_empty() {
                                    parts.push(WordPart::Literal {
                                        text: std::mem::take(&mut text),
                                        quoted: true,
                                    });
                                }
                                parts.push(self.read_dollar(true)?);
                                produced_any = true;
                            }
                            Some('`') => {
                                if !text.is_empty() {
                                    parts.push(WordPart::Literal {
                                        text: std::mem::take(&mut text),
                                        quoted: true,
                                    });
                                }
                                parts.push(self.read_backquote(true)?);
                                produced_any = true;
                            }
                            Some(inner) => text.push(inner),
                            None => {
                                return Err(ParseError::UnterminatedQuote {
                                    quote: '"',
                                    line: self.line,
                                })
                            }
                        }
                    }
                    if !text.is_empty() || !produced_any {
                        parts.push(WordPart::Literal { text, quoted: true });
                    }
                }
                '$' => {
                    self.bump();
                    flush(&mut literal, &mut parts, false);
                    parts.push(self.read_dollar(false)?);
                }
                '`' => {
                    self.bump();
                    flush(&mut literal, &mut parts, false);
                    parts.push(self.read_backquote(false)?);
                }
                other => {
                    literal.push(other);
                    self.bump();
                }
            }
        }
        flush(&mut literal, &mut parts, false);
        Ok(parts)
    }

    /// The next token, with the line it starts on, or `None` at the end.
    fn next_token(&mut self) -> Result<Option<(Token, usize)>, ParseError> {
        loop {
            match self.peek() {
                Some(' ' | '\t') => {
                    self.bump();
                }
                Some('\\') if self.peek_at(1) == Some('\n') => {
                    self.bump();
                    self.bump();
                }
                Some('#') => {
                    while let Some(next) = self.peek() {
                        if next == '\n' {
                            break;
                        }
                        self.bump();
                    }
                }
                _ => break,
            }
        }
        let line = self.line;
        let Some(next) = self.peek() else {
            return Ok(None);
        };
        let two: String = [Some(next), self.peek_at(1)].iter().flatten().collect();
        let token = match next {
            '\n' => {
                self.bump();
                Token::Operator("\n")
            }
            ';' => {
                self.bump();
                if self.peek() == Some(';') {
                    self.bump();
                    Token::Operator(";;")
                } else {
                    Token::Operator(";")
                }
            }
            '&' if two == "&&" => {
                self.bump();
                self.bump();
                Token::Operator("&&")
            }
            '&' if two == "&>" => {
                self.bump();
                self.bump();
                Token::Redirect {
                    fd: 1,
                    operator: "&>",
                }
            }
            '&' => {
                self.bump();
                Token::Operator("&")
            }
            '|' if two == "||" => {
                self.bump();
                self.bump();
                Token::Operator("||")
            }
            '|' => {
                self.bump();
                Token::Operator("|")
            }
            '(' => {
                self.bump();
                Token::Operator("(")
            }
            ')' => {
                self.bump();
                Token::Operator(")")
            }
            '<' | '>' => self.read_redirect(None),
            digit if digit.is_ascii_digit() && matches!(self.peek_at(1), Some('<' | '>')) => {
                self.bump();
                let fd = digit.to_digit(10).unwrap_or(1) as u8;
                self.read_redirect(Some(fd))
            }
            _ => Token::Word(self.read_word()?),
        };
        Ok(Some((token, line)))
    }

    fn read_redirect(&mut self, fd: Option<u8>) -> Token {
        let first = self.bump().unwrap_or('>');
        let (default_fd, operator) = match (first, self.peek()) {
            ('>', Some('>')) => {
                self.bump();
                (1, ">>")
            }
            ('>', Some('&')) => {
                self.bump();
                (1, ">&")
            }
            ('>', Some('|')) => {
                self.bump();
                (1, ">")
            }
            ('>', _) => (1, ">"),
            ('<', Some('&')) => {
                self.bump();
                (0, "<&")
            }
            _ => (0, "<"),
        };
        Token::Redirect {
            fd: fd.unwrap_or(default_fd),
            operator,
        }
    }
}

/// Words that start compound commands we do not model.
const UNSUPPORTED_KEYWORDS: &[&str] = &[
    "if", "then", "else", "elif", "fi", "for", "while", "until", "do", "done", "case", "esac",
    "function", "{", "}", "select",
];

fn literal_text(word: &Word) -> Option<String> {
    let mut text = String::new();
    for part in word {
        match part {
            WordPart::Literal { text: piece, .. } => text.push_str(piece),
            _ => return None,
        }
    }
    Some(text)
}

fn unquoted_literal(word: &Word) -> Option<&str> {
    match word.as_slice() {
        [WordPart::Literal {
            text,
            quoted: false,
        }] => Some(text),
        _ => None,
    }
}

fn assignment(word: &Word) -> Option<(String, Word)> {
    let WordPart::Literal {
        text,
        quoted: false,
    } = word.first()?
    else {
        return None;
    };
    let (name, rest) = text.split_once('=')?;
    let valid_name = !name.is_empty()
        && name.chars().all(|c| c == '_' || c.is_ascii_alphanumeric())
        && !name.starts_with(|c: char| c.is_ascii_digit());
    if !valid_name {
        return None;
    }
    let mut value: Word = Vec::new();
    if !rest.is_empty() {
        value.push(WordPart::Literal {
            text: rest.to_string(),
            quoted: false,
        });
    }
    value.extend(word.iter().skip(1).cloned());
    Some((name.to_string(), value))
}

/// Parses a script. Tokens are at most the script's length, so every loop here is bounded.
pub fn parse(script: &str) -> Result<Script, ParseError> {
    let mut lexer = Lexer::new(script);
    let mut tokens: Vec<(Token, usize)> = Vec::new();
    while let Some(token) = lexer.next_token()? {
        tokens.push(token);
    }
    let last_line = lexer.line;
    let mut script_out: Script = Vec::new();
    let mut index = 0;
    // The state machine: we are either expecting the start of a pipeline, or inside a command.
    let mut pipeline = Pipeline::default();
    let mut command = SimpleCommand::default();
    let mut command_started = false;
    let mut expecting_command = false; // after `|`, `&&`, `||`
    while index < tokens.len() {
        let (token, line) = tokens[index].clone();
        index += 1;
        match token {
            Token::Word(word) => {
                if !command_started {
                    command.line = line;
                    command_started = true;
                }
                if command.words.is_empty() {
                    if let Some(keyword) = unquoted_literal(&word) {
                        if UNSUPPORTED_KEYWORDS.contains(&keyword) {
                            return Err(ParseError::Unsupported {
                                construct: keyword.to_string(),
                                line,
                            });
                        }
                        if keyword == "!"
                            && command.assignments.is_empty()
                            && pipeline.commands.is_empty()
                        {
                            pipeline.negated = !pipeline.negated;
                            command_started = false;
                            continue;
                        }
                    }
                    if let Some(assignment) = assignment(&word) {
                        command.assignments.push(assignment);
                        expecting_command = false;
                        continue;
                    }
                }
                command.words.push(word);
                expecting_command = false;
            }
            Token::Redirect { fd, operator } => {
                if !command_started {
                    command.line = line;
                    command_started = true;
                }
                let Some((target_token, _)) = tokens.get(index).cloned() else {
                    return Err(ParseError::UnexpectedEnd { line: last_line });
                };
                index += 1;
                let Token::Word(target) = target_token else {
                    return Err(ParseError::UnexpectedToken {
                        token: token_text(&target_token),
                        line,
                    });
                };
                let kind = match operator {
                    ">" => RedirectKind::Write,
                    ">>" => RedirectKind::Append,
                    "<" => RedirectKind::Read,
                    "&>" => RedirectKind::Both,
                    _ => {
                        // `>&N`, `<&N`, `>&-`: only digits are modelled.
                        match literal_text(&target).and_then(|text| text.parse::<u8>().ok()) {
                            Some(target_fd) => RedirectKind::Duplicate(target_fd),
                            None => {
                                if operator == ">&" {
                                    // bash's `>& FILE` = `&> FILE`.
                                    RedirectKind::Both
                                } else {
                                    return Err(ParseError::Unsupported {
                                        construct: format!(
                                            "<&{}",
                                            literal_text(&target).unwrap_or_default()
                                        ),
                                        line,
                                    });
                                }
                            }
                        }
                    }
                };
                let target = if matches!(kind, RedirectKind::Duplicate(_)) {
                    Vec::new()
                } else {
                    target
                };
                command.redirects.push(Redirect { fd, kind, target });
                expecting_command = false;
            }
            Token::Operator(operator) => match operator {
                "|" => {
                    if !command_started {
                        return Err(ParseError::UnexpectedToken {
                            token: "|".to_string(),
                            line,
                        });
                    }
                    pipeline.commands.push(std::mem::take(&mut command));
                    command_started = false;
                    expecting_command = true;
                }
                ";" | "&" | "\n" | "&&" | "||" => {
                    if !command_started {
                        if operator == "\n"
                            && !expecting_command
                            && pipeline.commands.is_empty()
                            && !pipeline.negated
                        {
                            continue;
                        }
                        if operator == "\n" && expecting_command {
                            // `a &&` newline `b` continues the list.
                            continue;
                        }
                        return Err(ParseError::UnexpectedToken {
                            token: operator.to_string(),
                            line,
                        });
                    }
                    pipeline.commands.push(std::mem::take(&mut command));
                    command_started = false;
                    let connector = match operator {
                        "&&" => Connector::And,
                        "||" => Connector::Or,
                        _ => Connector::Sequence,
                    };
                    script_out.push((std::mem::take(&mut pipeline), connector));
                    expecting_command = matches!(connector, Connector::And | Connector::Or);
                }
                "(" | ")" | ";;" => {
                    return if command_started || operator == ";;" {
                        Err(ParseError::UnexpectedToken {
                            token: operator.to_string(),
                            line,
                        })
                    } else {
                        Err(ParseError::Unsupported {
                            construct: operator.to_string(),
                            line,
                        })
                    };
                }
                _ => {}
            },
        }
    }
    if command_started {
        pipeline.commands.push(command);
        script_out.push((pipeline, Connector::Sequence));
    } else if expecting_command || pipeline.negated {
        return Err(ParseError::UnexpectedEnd { line: last_line });
    }
    Ok(script_out)
}

fn token_text(token: &Token) -> String {
    match token {
        Token::Word(word) => literal_text(word).unwrap_or_default(),
        Token::Operator(operator) => {
            if *operator == "\n" {
                "newline".to_string()
            } else {
                operator.to_string()
            }
        }
        Token::Redirect { operator, .. } => operator.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::{expect, Expect};

    fn check(script: &str, expect: Expect) {
        expect.assert_debug_eq(&parse(script));
    }

    #[test]
    fn parses_lists_and_redirections() {
        check(
            r#"echo "$(hostname)" > /usr/share/nginx/html/index.html && cat x 2>&1 || true; a=1"#,
            expect![[r#"
                Ok(
                    [
                        (
                            Pipeline {
                                commands: [
                                    SimpleCommand {
                                        assignments: [],
                                        words: [
                                            [
                                                Literal {
                                                    text: "echo",
                                                    quoted: false,
                                                },
                                            ],
                                            [
                                                CommandSubstitution {
                                                    script: "hostname",
                                                    quoted: true,
                                                },
                                            ],
                                        ],
                                        redirects: [
                                            Redirect {
                                                fd: 1,
                                                kind: Write,
                                                target: [
                                                    Literal {
                                                        text: "/usr/share/nginx/html/index.html",
                                                        quoted: false,
                                                    },
                                                ],
                                            },
                                        ],
                                        line: 1,
                                    },
                                ],
                                negated: false,
                            },
                            And,
                        ),
                        (
                            Pipeline {
                                commands: [
                                    SimpleCommand {
                                        assignments: [],
                                        words: [
                                            [
                                                Literal {
                                                    text: "cat",
                                                    quoted: false,
                                                },
                                            ],
                                            [
                                                Literal {
                                                    text: "x",
                                                    quoted: false,
                                                },
                                            ],
                                        ],
                                        redirects: [
                                            Redirect {
                                                fd: 2,
                                                kind: Duplicate(
                                                    1,
                                                ),
                                                target: [],
                                            },
                                        ],
                                        line: 1,
                                    },
                                ],
                                negated: false,
                            },
                            Or,
                        ),
                        (
                            Pipeline {
                                commands: [
                                    SimpleCommand {
                                        assignments: [],
                                        words: [
                                            [
                                                Literal {
                                                    text: "true",
                                                    quoted: false,
                                                },
                                            ],
                                        ],
                                        redirects: [],
                                        line: 1,
                                    },
                                ],
                                negated: false,
                            },
                            Sequence,
                        ),
                        (
                            Pipeline {
                                commands: [
                                    SimpleCommand {
                                        assignments: [
                                            (
                                                "a",
                                                [
                                                    Literal {
                                                        text: "1",
                                                        quoted: false,
                                                    },
                                                ],
                                            ),
                                        ],
                                        words: [],
                                        redirects: [],
                                        line: 1,
                                    },
                                ],
                                negated: false,
                            },
                            Sequence,
                        ),
                    ],
                )
            "#]],
        );
    }

    #[test]
    fn parse_errors() {
        check(
            "echo 'abc",
            expect![[r#"
            Err(
                UnterminatedQuote {
                    quote: '\'',
                    line: 1,
                },
            )
        "#]],
        );
        check(
            "&& echo",
            expect![[r#"
            Err(
                UnexpectedToken {
                    token: "&&",
                    line: 1,
                },
            )
        "#]],
        );
        check(
            "echo a &&",
            expect![[r#"
            Err(
                UnexpectedEnd {
                    line: 1,
                },
            )
        "#]],
        );
        check(
            "for i in 1 2; do echo $i; done",
            expect![[r#"
            Err(
                Unsupported {
                    construct: "for",
                    line: 1,
                },
            )
        "#]],
        );
        check(
            "echo >",
            expect![[r#"
            Err(
                UnexpectedEnd {
                    line: 1,
                },
            )
        "#]],
        );
    }
}
