//! Command-line parsing the way kubectl's cobra/pflag front end does it: flags anywhere among the
//! arguments, `--flag=value` and `--flag value`, combined short booleans (`-it`), `-oyaml`, and
//! `--` ending the flags. Errors use pflag's and cobra's texts.
//!
//! Architecture Invariant: parsing never panics and never consults the cluster.

use std::collections::BTreeMap;

/// Whether a flag takes a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlagKind {
    Bool,
    Value,
    /// A value that must parse as an integer (checked while parsing, as pflag does).
    Int,
}

#[derive(Debug, Clone, Copy)]
pub struct FlagSpec {
    pub long: &'static str,
    pub short: Option<char>,
    pub kind: FlagKind,
}

pub const fn value(long: &'static str, short: Option<char>) -> FlagSpec {
    FlagSpec {
        long,
        short,
        kind: FlagKind::Value,
    }
}

pub const fn integer(long: &'static str, short: Option<char>) -> FlagSpec {
    FlagSpec {
        long,
        short,
        kind: FlagKind::Int,
    }
}

pub const fn boolean(long: &'static str, short: Option<char>) -> FlagSpec {
    FlagSpec {
        long,
        short,
        kind: FlagKind::Bool,
    }
}

/// Flags every command accepts.
pub const GLOBAL_FLAGS: &[FlagSpec] = &[
    value("namespace", Some('n')),
    value("context", None),
    value("kubeconfig", None),
    value("request-timeout", None),
    value("v", Some('v')),
];

/// The parsed command line of one command.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParsedArgs {
    /// Arguments that are not flags, before `--`.
    pub positional: Vec<String>,
    /// Everything after `--`.
    pub after_dash: Vec<String>,
    /// Flag values by long name, in the order given (booleans hold "true"/"false").
    pub flags: BTreeMap<String, Vec<String>>,
}

impl ParsedArgs {
    pub fn has(&self, long: &str) -> bool {
        self.flags.contains_key(long)
    }

    /// The last value given for a flag.
    pub fn value(&self, long: &str) -> Option<&str> {
        self.flags
            .get(long)
            .and_then(|values| values.last())
            .map(String::as_str)
    }

    pub fn values(&self, long: &str) -> &[String] {
        self.flags.get(long).map(Vec::as_slice).unwrap_or(&[])
    }

    /// A boolean flag: absent → `default`.
    pub fn bool(&self, long: &str, default: bool) -> bool {
        match self.value(long) {
            Some(v) => v == "true",
            None => default,
        }
    }
}

/// Parses `argv` (the words after the command name) against `specs` + the global flags.
/// `command_path` is used in the usage hint (`kubectl get`).
pub fn parse(
    argv: &[String],
    specs: &[FlagSpec],
    command_path: &str,
) -> Result<ParsedArgs, String> {
    let all: Vec<&FlagSpec> = specs.iter().chain(GLOBAL_FLAGS.iter()).collect();
    let usage = format!("\nSee '{command_path} --help' for usage.");
    let mut parsed = ParsedArgs::default();
    let mut index = 0;
    while index < argv.len() {
        let word = &argv[index];
        index += 1;
        if word == "--" {
            parsed.after_dash = argv[index..].to_vec();
            break;
        }
        if let Some(body) = word.strip_prefix("--") {
            let (name, inline) = match body.split_once('=') {
                Some((name, value)) => (name, Some(value.to_string())),
                None => (body, None),
            };
            let Some(spec) = all.iter().find(|s| s.long == name) else {
                return Err(format!("Error: unknown flag: --{name}{usage}"));
            };
            let shown = flag_display(spec);
            let value = match (spec.kind, inline) {
                (FlagKind::Bool, None) => "true".to_string(),
                (FlagKind::Bool, Some(v)) => parse_bool(&v, &shown).map_err(|e| e + &usage)?,
                (_, Some(v)) => v,
                (_, None) => match argv.get(index) {
                    Some(next) => {
                        index += 1;
                        next.clone()
                    }
                    None => return Err(format!("Error: flag needs an argument: --{name}{usage}")),
                },
            };
            check_int(spec, &value).map_err(|e| e + &usage)?;
            parsed
                .flags
                .entry(spec.long.to_string())
                .or_default()
                .push(value);
        } else if word.len() > 1 && word.starts_with('-') && !is_negative_number(word) {
            let shorts: Vec<char> = word[1..].chars().collect();
            let mut position = 0;
            while position < shorts.len() {
                let c = shorts[position];
                position += 1;
                let Some(spec) = all.iter().find(|s| s.short == Some(c)) else {
                    return Err(format!(
                        "Error: unknown shorthand flag: '{c}' in {word}{usage}"
                    ));
                };
                match spec.kind {
                    FlagKind::Bool => {
                        let value = if shorts.get(position) == Some(&'=') {
                            let rest: String = shorts[position + 1..].iter().collect();
                            position = shorts.len();
                            parse_bool(&rest, &flag_display(spec)).map_err(|e| e + &usage)?
                        } else {
                            "true".to_string()
                        };
                        parsed
                            .flags
                            .entry(spec.long.to_string())
                            .or_default()
                            .push(value);
                    }
                    FlagKind::Value | FlagKind::Int => {
                        let rest: String = shorts[position..].iter().collect();
                        let value = if !rest.is_empty() {
                            rest.strip_prefix('=').unwrap_or(&rest).to_string()
                        } else {
                            match argv.get(index) {
                                Some(next) => {
                                    index += 1;
                                    next.clone()
                                }
                                None => {
                                    return Err(format!(
                                        "Error: flag needs an argument: '{c}' in -{c}{usage}"
                                    ));
                                }
                            }
                        };
                        check_int(spec, &value).map_err(|e| e + &usage)?;
                        parsed
                            .flags
                            .entry(spec.long.to_string())
                            .or_default()
                            .push(value);
                        position = shorts.len();
                    }
                }
            }
        } else {
            parsed.positional.push(word.clone());
        }
    }
    Ok(parsed)
}

/// `-w, --watch` or `--grace-period`: how pflag names a flag in its errors.
fn flag_display(spec: &FlagSpec) -> String {
    match spec.short {
        Some(c) => format!("-{c}, --{}", spec.long),
        None => format!("--{}", spec.long),
    }
}

fn check_int(spec: &FlagSpec, value: &str) -> Result<(), String> {
    if spec.kind == FlagKind::Int && value.parse::<i64>().is_err() {
        return Err(format!(
            "Error: invalid argument \"{value}\" for \"{}\" flag: strconv.ParseInt: parsing \"{value}\": invalid syntax",
            flag_display(spec)
        ));
    }
    Ok(())
}

fn is_negative_number(word: &str) -> bool {
    word[1..].chars().all(|c| c.is_ascii_digit()) && word.len() > 1
}

fn parse_bool(text: &str, flag: &str) -> Result<String, String> {
    match text {
        "1" | "t" | "T" | "true" | "TRUE" | "True" => Ok("true".into()),
        "0" | "f" | "F" | "false" | "FALSE" | "False" => Ok("false".into()),
        _ => Err(format!(
            "Error: invalid argument \"{text}\" for \"{flag}\" flag: strconv.ParseBool: parsing \"{text}\": invalid syntax"
        )),
    }
}

/// Parses an integer flag as pflag does (`invalid argument "x" for "--replicas" flag: …`).
pub fn int_flag(args: &ParsedArgs, long: &str) -> Result<Option<i64>, String> {
    match args.value(long) {
        None => Ok(None),
        Some(text) => text.parse::<i64>().map(Some).map_err(|_| {
            format!("Error: invalid argument \"{text}\" for \"--{long}\" flag: strconv.ParseInt: parsing \"{text}\": invalid syntax")
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPECS: &[FlagSpec] = &[
        value("output", Some('o')),
        boolean("watch", Some('w')),
        boolean("stdin", Some('i')),
        boolean("tty", Some('t')),
        value("replicas", None),
        boolean("wait", None),
    ];

    fn words(line: &str) -> Vec<String> {
        line.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn flags_parse_anywhere() {
        let parsed = parse(
            &words("pods -oyaml web-0 -n kube-system --replicas=3 -it --wait=false"),
            SPECS,
            "kubectl get",
        )
        .unwrap();
        assert_eq!(parsed.positional, ["pods", "web-0"]);
        assert_eq!(parsed.value("output"), Some("yaml"));
        assert_eq!(parsed.value("namespace"), Some("kube-system"));
        assert_eq!(parsed.value("replicas"), Some("3"));
        assert!(parsed.bool("stdin", false) && parsed.bool("tty", false));
        assert!(!parsed.bool("wait", true));
        let dashed = parse(&words("web-0 -- sh -c ls"), SPECS, "kubectl exec").unwrap();
        assert_eq!(dashed.after_dash, ["sh", "-c", "ls"]);
    }

    #[test]
    fn errors_read_like_pflag() {
        assert_eq!(
            parse(&words("--foo"), SPECS, "kubectl get").unwrap_err(),
            "Error: unknown flag: --foo\nSee 'kubectl get --help' for usage."
        );
        assert_eq!(
            parse(&words("-z"), SPECS, "kubectl get").unwrap_err(),
            "Error: unknown shorthand flag: 'z' in -z\nSee 'kubectl get --help' for usage."
        );
        assert_eq!(
            parse(&words("--replicas"), SPECS, "kubectl scale").unwrap_err(),
            "Error: flag needs an argument: --replicas\nSee 'kubectl scale --help' for usage."
        );
    }
}
