//! A tiny shell inside simulated containers: what `kubectl exec POD -- CMD…` and
//! `kubectl run … -- CMD…` run.
//!
//! **What it models.** The container runtime starting an executable from the image (`runc exec`
//! looks the command up on `$PATH`), and the handful of programs a StatefulSet lesson uses:
//! `hostname [-f|-i]`, `cat`, `ls [-l] [-a]`, `echo [-n] [-e]`, `rm [-f] [-r]`, `mv`,
//! `mkdir [-p]`, `rmdir`, `touch`, `sleep`, `env`, `pwd`, `true`, `false`, `nslookup`,
//! `wget`, `curl`, the images' servers (`nginx`…), and `sh -c '…'` with `;`, `&&`, `||`, `|`,
//! quoting, `$VAR`, `$(…)`, and `>`/`>>`/`<`/`2>&1` redirections. Which programs exist depends
//! on the image ([`crate::sim::images::ImageInfo::tools`]).
//!
//! **Sources and wording.**
//! * A missing executable at the top level: runc's message as containerd streams it to
//!   `kubectl exec`: `OCI runtime exec failed: exec failed: unable to start container process:
//!   exec: "nslookup": executable file not found in $PATH: unknown`, exit code 126 (kubectl then
//!   prints `command terminated with exit code 126`). The session-script spec quotes the middle
//!   part (`exec: "nslookup": executable file not found in $PATH`); we print the full line a
//!   containerd 1.7/2.x node prints, which contains the spec's words verbatim. The older
//!   `error: Internal error occurred: error executing command in container: …` wrapping came
//!   from dockershim and is not used.
//! * Inside a shell, a missing command is the shell's own error, exit 127: BusyBox ash
//!   `sh: nslookup: not found`, dash `sh: 1: nslookup: not found`, bash
//!   `sh: line 1: nslookup: command not found`.
//! * Tool error lines: [`crate::sim::fs::tool_error`] (BusyBox 1.36 vs GNU coreutils 9).
//! * `nslookup`, `wget`, `curl`: see [`net`].
//!
//! **Left out.** Real processes, signals, job control (`&` runs synchronously), terminals,
//! globbing, compound commands (`if`, `for`, `while`, `case`, functions, subshells: reported as
//! unsupported), arithmetic, most options of every tool, and the passage of time: `sleep N`
//! returns at once and reports [`ExecOutcome::elapsed_ms`] so the caller may advance its clock.
//!
//! **Invariants.** [`exec`] is pure given its context, deterministic, total (never panics), and
//! bounded: at most [`MAX_COMMANDS`] simple commands per call, [`MAX_DEPTH`] nested shells or
//! command substitutions, [`MAX_OUTPUT_BYTES`] of output, [`MAX_SCRIPT_BYTES`] of script.

mod http;
pub mod net;
mod parse;
mod tools;

#[cfg(test)]
mod tests;

pub use http::serve_http;
pub use net::{resolve_name, DnsAnswer, HttpResponse, HttpResult, Resolution};

use crate::sim::fs::{normalize_path, ContainerFs, FsError};
use crate::sim::images::{ImageInfo, ShellFlavor};
use parse::{Connector, ParseError, Pipeline, RedirectKind, SimpleCommand, Word, WordPart};

/// The cluster DNS Service IP every pod's `/etc/resolv.conf` names (kubeadm and kind default).
pub const NAMESERVER: &str = "10.96.0.10";
/// The cluster domain.
pub const CLUSTER_DOMAIN: &str = "cluster.local";
/// Exit code of an exec whose executable is missing (runc → containerd → kubectl).
pub const EXIT_CODE_EXEC_NOT_FOUND: i32 = 126;
/// Exit code of a shell command that is not found.
pub const EXIT_CODE_COMMAND_NOT_FOUND: i32 = 127;
/// Bound on simple commands executed by one [`exec`] call (nested shells included).
pub const MAX_COMMANDS: usize = 1000;
/// Bound on nesting of `sh -c` and `$(…)`.
pub const MAX_DEPTH: usize = 8;
/// Bound on the bytes of output one [`exec`] call produces; the rest is dropped.
pub const MAX_OUTPUT_BYTES: usize = 64 * 1024;
/// Bound on the length of a script given to `sh -c`.
pub const MAX_SCRIPT_BYTES: usize = 64 * 1024;

/// What a container can ask of the simulated cluster while running a command. The integrator
/// (the kubelet model) implements it for one container of one pod.
pub trait ExecContext {
    /// The container's image.
    fn image(&self) -> &ImageInfo;
    /// The pod's hostname (`spec.hostname` or the pod name).
    fn hostname(&self) -> String;
    /// What `hostname -f` prints: `<hostname>.<subdomain>.<ns>.svc.cluster.local` when the pod
    /// has a subdomain (a StatefulSet pod with its headless Service), else the hostname.
    fn fqdn(&self) -> String;
    /// The pod's IP.
    fn pod_ip(&self) -> String;
    /// The pod's namespace (for the DNS search path).
    fn namespace(&self) -> String;
    /// The container's environment from the pod spec and the kubelet (`env:`, service links), in
    /// order. The image's `ENV` and `HOSTNAME`, `HOME` are added by the shell.
    fn env(&self) -> Vec<(String, String)>;
    /// The container's files: its root layer plus its volume mounts.
    fn fs(&mut self) -> ContainerFs<'_>;
    /// One DNS query for an A record of an absolute name (lowercase, no trailing dot), as
    /// CoreDNS would answer it.
    fn dns_a(&self, name: &str) -> DnsAnswer;
    /// Reverse lookup (PTR) of an IP, if the cluster DNS has one.
    fn reverse_dns(&self, _ip: &str) -> Option<String> {
        None
    }
    /// An HTTP GET to `ip:port` with the given `Host` header and path. `127.0.0.1` is the pod
    /// itself. Use [`serve_http`] for a container that serves files.
    fn http_get(&mut self, ip: &str, port: u16, host: &str, path: &str) -> HttpResult;
    /// Whether `kubectl exec -t` gave the command a terminal (changes `ls` layout and `curl`'s
    /// progress meter).
    fn tty(&self) -> bool {
        false
    }
    /// Resolves a name the way the C library does in a pod (`/etc/hosts`, then DNS with
    /// `search <ns>.svc.cluster.local svc.cluster.local cluster.local` and `ndots:5`).
    fn resolve(&self, name: &str) -> Resolution {
        resolve_name(self, name)
    }
}

/// Which output stream a chunk went to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum Stream {
    /// Standard output.
    Stdout,
    /// Standard error.
    Stderr,
}

/// The result of running a command in a container.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct ExecOutcome {
    /// Everything written to standard output.
    pub stdout: String,
    /// Everything written to standard error.
    pub stderr: String,
    /// Both streams in the order a terminal shows them.
    pub output: String,
    /// The exit code (126: executable not found, 127: command not found in a shell).
    pub exit_code: i32,
    /// Simulated time the command took (sleeps, network timeouts), in milliseconds.
    pub elapsed_ms: u64,
    /// The command never ends by itself (a server, `sleep infinity`): a container running it
    /// stays Running; an exec of it blocks until interrupted.
    pub blocks_forever: bool,
    /// Output was cut at [`MAX_OUTPUT_BYTES`] or a bound stopped the command.
    pub truncated: bool,
}

/// The stderr line of an exec whose executable the image does not have.
pub fn exec_not_found_message(program: &str) -> String {
    format!(
        "OCI runtime exec failed: exec failed: unable to start container process: {}: unknown",
        exec_lookup_error(program)
    )
}

/// The message of a container whose command the image does not have (`StartError`, exit code
/// 128), as the kubelet reports it in the container's terminated state and `Failed` event.
pub fn start_error_message(program: &str) -> String {
    format!(
        "failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: {}: unknown",
        exec_lookup_error(program)
    )
}

fn exec_lookup_error(program: &str) -> String {
    if program.contains('/') {
        format!("exec: \"{program}\": stat {program}: no such file or directory")
    } else {
        format!("exec: \"{program}\": executable file not found in $PATH")
    }
}

/// Runs `argv` in the container, as `kubectl exec POD -- argv…` does.
pub fn exec(argv: &[String], ctx: &mut dyn ExecContext) -> ExecOutcome {
    exec_with_stdin(argv, "", ctx)
}

/// [`exec`] with standard input (`kubectl exec -i`).
pub fn exec_with_stdin(argv: &[String], stdin: &str, ctx: &mut dyn ExecContext) -> ExecOutcome {
    let Some(program) = argv.first() else {
        let mut outcome = ExecOutcome {
            exit_code: 1,
            ..ExecOutcome::default()
        };
        let line = "error: you must specify at least one command for the container\n";
        outcome.stderr.push_str(line);
        outcome.output.push_str(line);
        return outcome;
    };
    let mut shell = Shell::new(ctx);
    if !shell.is_executable(program) {
        shell
            .io
            .err(&format!("{}\n", exec_not_found_message(program)));
        shell.status = EXIT_CODE_EXEC_NOT_FOUND;
        return shell.finish();
    }
    let mut io = Io::new(stdin.to_string());
    let status = shell.run_program(argv, &mut io, 0);
    shell.io.absorb(io);
    shell.status = status;
    shell.finish()
}

/// Output of one command before redirection: chunks in emission order.
#[derive(Debug, Default)]
pub(crate) struct Io {
    pub(crate) stdin: String,
    pub(crate) chunks: Vec<(Stream, String)>,
    pub(crate) bytes: usize,
}

impl Io {
    pub(crate) fn new(stdin: String) -> Io {
        Io {
            stdin,
            chunks: Vec::new(),
            bytes: 0,
        }
    }

    fn push(&mut self, stream: Stream, text: &str) {
        if text.is_empty() || self.bytes >= MAX_OUTPUT_BYTES {
            return;
        }
        let room = MAX_OUTPUT_BYTES - self.bytes;
        let mut cut = text.len().min(room);
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        let piece = &text[..cut];
        self.bytes += piece.len();
        match self.chunks.last_mut() {
            Some((last, buffer)) if *last == stream => buffer.push_str(piece),
            _ => self.chunks.push((stream, piece.to_string())),
        }
    }

    pub(crate) fn out(&mut self, text: &str) {
        self.push(Stream::Stdout, text);
    }

    pub(crate) fn err(&mut self, text: &str) {
        self.push(Stream::Stderr, text);
    }

    fn absorb(&mut self, other: Io) {
        for (stream, text) in other.chunks {
            self.push(stream, &text);
        }
    }

    fn stdout_text(&self) -> String {
        self.chunks
            .iter()
            .filter(|(stream, _)| *stream == Stream::Stdout)
            .map(|(_, text)| text.as_str())
            .collect()
    }
}

/// Where a descriptor's output goes after redirections.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Sink {
    /// The enclosing stream (stdout or stderr of the caller).
    Inherit(Stream),
    /// A file (already created or truncated), appended to.
    File(String),
    /// `/dev/null`.
    Null,
}

/// The interpreter state for one [`exec`] call.
pub(crate) struct Shell<'c> {
    pub(crate) ctx: &'c mut dyn ExecContext,
    pub(crate) io: Io,
    pub(crate) status: i32,
    pub(crate) elapsed_ms: u64,
    pub(crate) blocks_forever: bool,
    pub(crate) commands_run: usize,
    pub(crate) limit_hit: bool,
    pub(crate) cwd: String,
}

/// Variables of one shell invocation.
#[derive(Clone, Debug, Default)]
struct Vars {
    values: Vec<(String, String)>,
    last_status: i32,
    exited: Option<i32>,
}

impl Vars {
    fn get(&self, name: &str) -> Option<&str> {
        self.values
            .iter()
            .rev()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    fn set(&mut self, name: &str, value: String) {
        if let Some(entry) = self.values.iter_mut().find(|(key, _)| key == name) {
            entry.1 = value;
        } else if self.values.len() < 1000 {
            self.values.push((name.to_string(), value));
        }
    }
}

impl<'c> Shell<'c> {
    fn new(ctx: &'c mut dyn ExecContext) -> Shell<'c> {
        let cwd = ctx.image().workdir.to_string();
        Shell {
            ctx,
            io: Io::default(),
            status: 0,
            elapsed_ms: 0,
            blocks_forever: false,
            commands_run: 0,
            limit_hit: false,
            cwd,
        }
    }

    fn finish(self) -> ExecOutcome {
        let mut outcome = ExecOutcome {
            exit_code: self.status,
            elapsed_ms: self.elapsed_ms,
            blocks_forever: self.blocks_forever,
            truncated: self.limit_hit || self.io.bytes >= MAX_OUTPUT_BYTES,
            ..ExecOutcome::default()
        };
        for (stream, text) in &self.io.chunks {
            match stream {
                Stream::Stdout => outcome.stdout.push_str(text),
                Stream::Stderr => outcome.stderr.push_str(text),
            }
            outcome.output.push_str(text);
        }
        outcome
    }

    /// The environment a process in the container starts with: PATH, HOSTNAME, the image's ENV,
    /// the pod's env, HOME (runc adds it when missing).
    pub(crate) fn environment(&self) -> Vec<(String, String)> {
        let image = self.ctx.image();
        let mut environment: Vec<(String, String)> = Vec::new();
        let mut set = |name: &str, value: String| {
            if let Some(entry) = environment.iter_mut().find(|(key, _)| key == name) {
                entry.1 = value;
            } else {
                environment.push((name.to_string(), value));
            }
        };
        for (name, value) in image.env.iter().take(1) {
            set(name, value.clone());
        }
        set("HOSTNAME", self.ctx.hostname());
        for (name, value) in image.env.iter().skip(1) {
            set(name, value.clone());
        }
        for (name, value) in self.ctx.env().into_iter().take(1000) {
            set(&name, value);
        }
        if !environment.iter().any(|(name, _)| name == "HOME") {
            environment.push(("HOME".to_string(), "/root".to_string()));
        }
        environment
    }

    /// `true` when `program` can be started: an image tool, one of its servers or its
    /// entrypoint script.
    pub(crate) fn is_executable(&self, program: &str) -> bool {
        let image = self.ctx.image();
        let base = program.rsplit('/').next().unwrap_or(program);
        if program.contains('/') && !program.starts_with('/') {
            return false;
        }
        image.has_tool(program)
            || image.server_commands.contains(&base)
            || image
                .entrypoint
                .iter()
                .any(|entry| entry.rsplit('/').next() == Some(base))
    }

    /// Counts one command against [`MAX_COMMANDS`]; `false` when the bound is reached.
    fn budget(&mut self) -> bool {
        if self.commands_run >= MAX_COMMANDS || self.blocks_forever {
            self.limit_hit = self.limit_hit || self.commands_run >= MAX_COMMANDS;
            return false;
        }
        self.commands_run += 1;
        true
    }

    /// Runs an executable (not a shell builtin) with `argv`; output goes to `io`.
    pub(crate) fn run_program(&mut self, argv: &[String], io: &mut Io, depth: usize) -> i32 {
        if !self.budget() {
            return 1;
        }
        let program = argv[0].rsplit('/').next().unwrap_or(&argv[0]).to_string();
        let args = &argv[1..];
        let image_servers = self.ctx.image().server_commands.clone();
        if image_servers.contains(&program.as_str()) {
            return tools::server(self, &program, args, io);
        }
        let is_entrypoint = self
            .ctx
            .image()
            .entrypoint
            .iter()
            .any(|entry| entry.rsplit('/').next() == Some(program.as_str()));
        if is_entrypoint {
            // docker-entrypoint.sh: `exec "$@"` for anything that is not the server.
            if args.is_empty() {
                self.blocks_forever = true;
                return 0;
            }
            if !self.is_executable(&args[0]) {
                io.err(&format!(
                    "{}: line 1: exec: {}: not found\n",
                    argv[0], args[0]
                ));
                return EXIT_CODE_COMMAND_NOT_FOUND;
            }
            return self.run_program(args, io, depth);
        }
        match program.as_str() {
            "sh" | "ash" | "dash" | "bash" => self.run_sh(args, io, depth),
            "nslookup" => net::nslookup(self, args, io),
            "wget" => net::wget(self, args, io),
            "curl" => net::curl(self, args, io),
            _ => tools::run_tool(self, &program, args, io),
        }
    }

    fn flavor(&self) -> ShellFlavor {
        self.ctx.image().shell.unwrap_or(ShellFlavor::Ash)
    }

    /// The `sh: ` prefix of a shell error at `line`.
    fn error_prefix(&self, line: usize) -> String {
        match self.flavor() {
            ShellFlavor::Ash => "sh: ".to_string(),
            ShellFlavor::Dash => format!("sh: {line}: "),
            ShellFlavor::Bash => format!("sh: line {line}: "),
        }
    }

    /// `sh [-c SCRIPT [NAME [ARGS…]] | FILE]`.
    fn run_sh(&mut self, args: &[String], io: &mut Io, depth: usize) -> i32 {
        if depth >= MAX_DEPTH {
            self.limit_hit = true;
            io.err("sh: too many nested shells (simulation limit)\n");
            return 2;
        }
        let flavor = self.flavor();
        let mut index = 0;
        let mut script: Option<String> = None;
        while index < args.len() {
            let arg = &args[index];
            if arg == "-c"
                || (arg.starts_with('-')
                    && arg.len() > 1
                    && arg.ends_with('c')
                    && !arg.starts_with("--"))
            {
                match args.get(index + 1) {
                    Some(text) => {
                        script = Some(text.clone());
                        break;
                    }
                    None => {
                        io.err(match flavor {
                            ShellFlavor::Ash => "sh: -c requires an argument\n",
                            ShellFlavor::Dash => "sh: 0: -c requires an argument\n",
                            ShellFlavor::Bash => "sh: -c: option requires an argument\n",
                        });
                        return 2;
                    }
                }
            } else if arg.starts_with('-') && arg.len() > 1 {
                // -e, -x, -i…: accepted and ignored.
                index += 1;
                continue;
            } else {
                let path = normalize_path(&self.cwd, arg);
                match self.read_file(&path) {
                    Ok(contents) => script = Some(contents),
                    Err(error) => {
                        io.err(&match flavor {
                            ShellFlavor::Ash => format!("sh: can't open '{arg}': {error}\n"),
                            ShellFlavor::Dash => {
                                format!("sh: 0: cannot open {arg}: No such file\n")
                            }
                            ShellFlavor::Bash => format!("sh: {arg}: {error}\n"),
                        });
                        return if flavor == ShellFlavor::Bash { 127 } else { 2 };
                    }
                }
                break;
            }
        }
        let Some(script) = script else {
            // No script and standard input closed: the shell reads EOF and exits.
            let stdin = std::mem::take(&mut io.stdin);
            if stdin.is_empty() {
                return 0;
            }
            return self.run_script(&stdin, io, depth + 1, &mut Vars::default());
        };
        let mut vars = Vars::default();
        self.run_script(&script, io, depth + 1, &mut vars)
    }

    /// Parses and runs a script; returns its exit status.
    fn run_script(&mut self, script: &str, io: &mut Io, depth: usize, vars: &mut Vars) -> i32 {
        if script.len() > MAX_SCRIPT_BYTES {
            self.limit_hit = true;
            io.err("sh: script too long (simulation limit)\n");
            return 2;
        }
        let parsed = match parse::parse(script) {
            Ok(parsed) => parsed,
            Err(error) => {
                io.err(&format!("{}\n", self.syntax_error_text(&error)));
                return 2;
            }
        };
        let mut status = 0;
        let mut skip_next = false;
        for (pipeline, connector) in parsed {
            if vars.exited.is_some() || self.blocks_forever || self.limit_hit {
                break;
            }
            if !skip_next {
                status = self.run_pipeline(&pipeline, io, depth, vars);
                vars.last_status = status;
            }
            skip_next = match connector {
                Connector::Sequence => false,
                Connector::And => status != 0,
                Connector::Or => status == 0,
            };
        }
        vars.exited.unwrap_or(status)
    }

    fn syntax_error_text(&self, error: &ParseError) -> String {
        let flavor = self.flavor();
        match error {
            ParseError::UnterminatedQuote { quote, line } => match flavor {
                ShellFlavor::Ash => "sh: syntax error: unterminated quoted string".to_string(),
                ShellFlavor::Dash => format!("sh: {line}: Syntax error: Unterminated quoted string"),
                ShellFlavor::Bash => format!(
                    "sh: -c: line {line}: unexpected EOF while looking for matching `{quote}'"
                ),
            },
            ParseError::UnexpectedToken { token, line } => match flavor {
                ShellFlavor::Ash => format!("sh: syntax error: unexpected \"{token}\""),
                ShellFlavor::Dash => format!("sh: {line}: Syntax error: \"{token}\" unexpected"),
                ShellFlavor::Bash => {
                    format!("sh: -c: line {line}: syntax error near unexpected token `{token}'")
                }
            },
            ParseError::UnexpectedEnd { line } => match flavor {
                ShellFlavor::Ash => "sh: syntax error: unexpected end of file".to_string(),
                ShellFlavor::Dash => format!("sh: {line}: Syntax error: end of file unexpected"),
                ShellFlavor::Bash => {
                    format!("sh: -c: line {line}: syntax error: unexpected end of file")
                }
            },
            ParseError::Unsupported { construct, line } => format!(
                "{}{construct}: not supported by the simulated shell (only simple commands, ;, &&, ||, | and redirections)",
                self.error_prefix(*line)
            ),
        }
    }

    fn run_pipeline(
        &mut self,
        pipeline: &Pipeline,
        io: &mut Io,
        depth: usize,
        vars: &mut Vars,
    ) -> i32 {
        let mut input = std::mem::take(&mut io.stdin);
        let mut status = 0;
        let count = pipeline.commands.len();
        for (position, command) in pipeline.commands.iter().enumerate() {
            let last = position + 1 == count;
            let mut command_io = Io::new(std::mem::take(&mut input));
            status = self.run_simple(command, &mut command_io, depth, vars, !last);
            if last {
                io.absorb(command_io);
            } else {
                // Stdout feeds the next command; stderr goes straight out.
                for (stream, text) in command_io.chunks {
                    match stream {
                        Stream::Stdout => input.push_str(&text),
                        Stream::Stderr => io.err(&text),
                    }
                }
            }
            if self.limit_hit || vars.exited.is_some() {
                break;
            }
        }
        if pipeline.negated {
            i32::from(status == 0)
        } else {
            status
        }
    }

    /// Expands one word into fields (unquoted expansions are split on blanks).
    fn expand_word(
        &mut self,
        word: &Word,
        io: &mut Io,
        depth: usize,
        vars: &mut Vars,
    ) -> Vec<String> {
        let mut fields: Vec<String> = Vec::new();
        let mut current = String::new();
        let mut current_exists = false;
        for part in word {
            let (value, quoted, splittable) = match part {
                WordPart::Literal { text, quoted } => (text.clone(), *quoted, false),
                WordPart::Variable { name, quoted } => (self.variable(name, vars), *quoted, true),
                WordPart::CommandSubstitution { script, quoted } => (
                    self.command_substitution(script, io, depth, vars),
                    *quoted,
                    true,
                ),
            };
            if quoted || !splittable {
                current.push_str(&value);
                current_exists = current_exists || quoted || !value.is_empty();
                continue;
            }
            let starts_blank = value.starts_with([' ', '\t', '\n']);
            let ends_blank = value.ends_with([' ', '\t', '\n']);
            let pieces: Vec<&str> = value
                .split([' ', '\t', '\n'])
                .filter(|piece| !piece.is_empty())
                .collect();
            if pieces.is_empty() {
                if starts_blank && current_exists {
                    fields.push(std::mem::take(&mut current));
                    current_exists = false;
                }
                continue;
            }
            for (index, piece) in pieces.iter().enumerate() {
                if (index > 0 || starts_blank) && current_exists {
                    fields.push(std::mem::take(&mut current));
                }
                current.push_str(piece);
                current_exists = true;
            }
            if ends_blank {
                fields.push(std::mem::take(&mut current));
                current_exists = false;
            }
        }
        if current_exists {
            fields.push(current);
        }
        fields
    }

    /// Expands a word into exactly one string (assignments, redirection targets).
    fn expand_single(&mut self, word: &Word, io: &mut Io, depth: usize, vars: &mut Vars) -> String {
        let mut text = String::new();
        for part in word {
            match part {
                WordPart::Literal { text: piece, .. } => text.push_str(piece),
                WordPart::Variable { name, .. } => text.push_str(&self.variable(name, vars)),
                WordPart::CommandSubstitution { script, .. } => {
                    text.push_str(&self.command_substitution(script, io, depth, vars))
                }
            }
        }
        text
    }

    fn variable(&self, name: &str, vars: &Vars) -> String {
        match name {
            "?" => return vars.last_status.to_string(),
            "$" => return "1".to_string(),
            "#" => return "0".to_string(),
            "0" => return "sh".to_string(),
            _ => {}
        }
        if let Some(value) = vars.get(name) {
            return value.to_string();
        }
        if name == "PWD" {
            return self.cwd.clone();
        }
        self.environment()
            .into_iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value)
            .unwrap_or_default()
    }

    fn command_substitution(
        &mut self,
        script: &str,
        io: &mut Io,
        depth: usize,
        vars: &mut Vars,
    ) -> String {
        if depth >= MAX_DEPTH {
            self.limit_hit = true;
            io.err("sh: too many nested command substitutions (simulation limit)\n");
            return String::new();
        }
        let mut inner_io = Io::new(String::new());
        let mut inner_vars = vars.clone();
        inner_vars.exited = None;
        let saved_cwd = self.cwd.clone();
        let status = self.run_script(script, &mut inner_io, depth + 1, &mut inner_vars);
        self.cwd = saved_cwd;
        vars.last_status = status;
        let mut captured = inner_io.stdout_text();
        for (stream, text) in inner_io.chunks {
            if stream == Stream::Stderr {
                io.err(&text);
            }
        }
        while captured.ends_with('\n') {
            captured.pop();
        }
        captured
    }

    /// Runs one simple command with its assignments and redirections.
    fn run_simple(
        &mut self,
        command: &SimpleCommand,
        io: &mut Io,
        depth: usize,
        vars: &mut Vars,
        piped: bool,
    ) -> i32 {
        let mut argv: Vec<String> = Vec::new();
        for word in &command.words {
            let fields = self.expand_word(word, io, depth, vars);
            argv.extend(fields);
        }
        let assignments: Vec<(String, String)> = command
            .assignments
            .iter()
            .map(|(name, value)| (name.clone(), self.expand_single(value, io, depth, vars)))
            .collect();
        // Redirections: descriptor 1 and 2 sinks, processed left to right.
        let mut stdout_sink = Sink::Inherit(Stream::Stdout);
        let mut stderr_sink = Sink::Inherit(Stream::Stderr);
        for redirect in command.redirects.iter().take(20) {
            let target = match redirect.kind {
                RedirectKind::Duplicate(_) => String::new(),
                _ => self.expand_single(&redirect.target, io, depth, vars),
            };
            let sink = match &redirect.kind {
                RedirectKind::Duplicate(source) => match source {
                    1 => stdout_sink.clone(),
                    2 => stderr_sink.clone(),
                    _ => continue,
                },
                RedirectKind::Read => {
                    let path = normalize_path(&self.cwd, &target);
                    match self.read_file(&path) {
                        Ok(contents) => {
                            if redirect.fd == 0 {
                                io.stdin = contents;
                            }
                            continue;
                        }
                        Err(error) => {
                            let prefix = self.error_prefix(command.line);
                            io.err(&match self.flavor() {
                                ShellFlavor::Ash => {
                                    format!("sh: can't open {target}: no such file\n")
                                }
                                ShellFlavor::Dash => {
                                    format!("{prefix}cannot open {target}: No such file\n")
                                }
                                ShellFlavor::Bash => format!("{prefix}{target}: {error}\n"),
                            });
                            return if self.flavor() == ShellFlavor::Dash {
                                2
                            } else {
                                1
                            };
                        }
                    }
                }
                RedirectKind::Write | RedirectKind::Append | RedirectKind::Both => {
                    let append = redirect.kind == RedirectKind::Append;
                    match self.open_for_writing(&target, append) {
                        Ok(sink) => sink,
                        Err(error) => {
                            let prefix = self.error_prefix(command.line);
                            io.err(&match self.flavor() {
                                ShellFlavor::Ash => {
                                    let reason = if error == FsError::NotFound {
                                        "nonexistent directory".to_string()
                                    } else {
                                        error.strerror().to_string()
                                    };
                                    format!("sh: can't create {target}: {reason}\n")
                                }
                                ShellFlavor::Dash => {
                                    let reason = if error == FsError::NotFound {
                                        "Directory nonexistent".to_string()
                                    } else {
                                        error.strerror().to_string()
                                    };
                                    format!("{prefix}cannot create {target}: {reason}\n")
                                }
                                ShellFlavor::Bash => format!("{prefix}{target}: {error}\n"),
                            });
                            return if self.flavor() == ShellFlavor::Dash {
                                2
                            } else {
                                1
                            };
                        }
                    }
                }
            };
            match (redirect.fd, &redirect.kind) {
                (_, RedirectKind::Both) => {
                    stdout_sink = sink.clone();
                    stderr_sink = sink;
                }
                (1, _) => stdout_sink = sink,
                (2, _) => stderr_sink = sink,
                _ => {}
            }
        }
        let _ = piped;
        if argv.is_empty() {
            for (name, value) in assignments {
                vars.set(&name, value);
            }
            return 0;
        }
        let mut command_io = Io::new(std::mem::take(&mut io.stdin));
        let status = self.run_command(
            &argv,
            &assignments,
            &mut command_io,
            depth,
            vars,
            command.line,
        );
        // Route the command's output through its sinks.
        for (stream, text) in command_io.chunks {
            let sink = match stream {
                Stream::Stdout => &stdout_sink,
                Stream::Stderr => &stderr_sink,
            };
            match sink {
                Sink::Inherit(Stream::Stdout) => io.out(&text),
                Sink::Inherit(Stream::Stderr) => io.err(&text),
                Sink::Null => {}
                Sink::File(path) => {
                    let path = path.clone();
                    if let Err(error) = self.ctx.fs().write(&path, &text, true) {
                        io.err(&format!("sh: write error: {error}\n"));
                    }
                }
            }
        }
        status
    }

    /// Creates or truncates the target of `>`/`>>`.
    fn open_for_writing(&mut self, target: &str, append: bool) -> Result<Sink, FsError> {
        if target == "/dev/null" {
            return Ok(Sink::Null);
        }
        if target == "/dev/stdout" {
            return Ok(Sink::Inherit(Stream::Stdout));
        }
        if target == "/dev/stderr" {
            return Ok(Sink::Inherit(Stream::Stderr));
        }
        let path = normalize_path(&self.cwd, target);
        if target.ends_with('/') && !self.ctx.fs().is_dir(&path) {
            return Err(FsError::IsADirectory);
        }
        self.ctx.fs().write(&path, "", append)?;
        Ok(Sink::File(path))
    }

    /// Shell builtins first, then programs.
    fn run_command(
        &mut self,
        argv: &[String],
        assignments: &[(String, String)],
        io: &mut Io,
        depth: usize,
        vars: &mut Vars,
        line: usize,
    ) -> i32 {
        if !self.budget() {
            return 1;
        }
        self.commands_run -= 1; // run_program counts programs; builtins are counted here.
        let name = argv[0].as_str();
        let args = &argv[1..];
        let flavor = self.flavor();
        match name {
            ":" | "true" => return self.builtin_done(0),
            "false" => return self.builtin_done(1),
            "exit" => {
                let code = args
                    .first()
                    .and_then(|text| text.parse::<i64>().ok())
                    .map_or(vars.last_status, |code| (code & 0xff) as i32);
                vars.exited = Some(code);
                return self.builtin_done(code);
            }
            "echo" => {
                let status = tools::echo(args, io, flavor == ShellFlavor::Dash);
                return self.builtin_done(status);
            }
            "pwd" => {
                io.out(&format!("{}\n", self.cwd));
                return self.builtin_done(0);
            }
            "cd" => {
                let target = args.first().map_or("/root", String::as_str);
                let path = normalize_path(&self.cwd, target);
                if self.ctx.fs().is_dir(&path) {
                    self.cwd = path;
                    return self.builtin_done(0);
                }
                let error = if self.ctx.fs().exists(&path) {
                    FsError::NotADirectory
                } else {
                    FsError::NotFound
                };
                let prefix = self.error_prefix(line);
                io.err(&match flavor {
                    ShellFlavor::Ash => format!("sh: cd: can't cd to {target}: {error}\n"),
                    ShellFlavor::Dash => format!("{prefix}cd: can't cd to {target}\n"),
                    ShellFlavor::Bash => format!("{prefix}cd: {target}: {error}\n"),
                });
                return self.builtin_done(if flavor == ShellFlavor::Bash { 1 } else { 2 });
            }
            "export" | "readonly" | "local" => {
                for arg in args {
                    if let Some((key, value)) = arg.split_once('=') {
                        vars.set(key, value.to_string());
                    }
                }
                return self.builtin_done(0);
            }
            "unset" => {
                for arg in args {
                    vars.set(arg, String::new());
                }
                return self.builtin_done(0);
            }
            "exec" if !args.is_empty() => {
                let status = self.run_found(args, assignments, io, depth, line);
                vars.exited = Some(status);
                return status;
            }
            "set" | "shift" | "wait" | "trap" | "umask" | "exec" => return self.builtin_done(0),
            _ => {}
        }
        self.run_found(argv, assignments, io, depth, line)
    }

    fn builtin_done(&mut self, status: i32) -> i32 {
        self.commands_run += 1;
        status
    }

    /// Looks a command up on the image's PATH and runs it, or prints the shell's not-found
    /// error.
    fn run_found(
        &mut self,
        argv: &[String],
        _assignments: &[(String, String)],
        io: &mut Io,
        depth: usize,
        line: usize,
    ) -> i32 {
        let name = &argv[0];
        if !self.is_executable(name) {
            self.commands_run += 1;
            let prefix = self.error_prefix(line);
            let message = match (self.flavor(), name.contains('/')) {
                (ShellFlavor::Bash, true) => format!("{prefix}{name}: No such file or directory\n"),
                (ShellFlavor::Bash, false) => format!("{prefix}{name}: command not found\n"),
                _ => format!("{prefix}{name}: not found\n"),
            };
            io.err(&message);
            return EXIT_CODE_COMMAND_NOT_FOUND;
        }
        self.run_program(argv, io, depth)
    }

    /// Reads a file as the container sees it, with the kubelet-managed files filled in.
    pub(crate) fn read_file(&mut self, path: &str) -> Result<String, FsError> {
        let stored = self.ctx.fs().read(path)?;
        if !stored.is_empty() {
            return Ok(stored);
        }
        Ok(match path {
            "/etc/hostname" => format!("{}\n", self.ctx.hostname()),
            "/etc/hosts" => self.etc_hosts(),
            "/etc/resolv.conf" => format!(
                "search {}\nnameserver {NAMESERVER}\noptions ndots:5\n",
                search_domains(&self.ctx.namespace()).join(" ")
            ),
            _ => stored,
        })
    }

    /// The kubelet-managed `/etc/hosts`.
    pub(crate) fn etc_hosts(&self) -> String {
        let hostname = self.ctx.hostname();
        let fqdn = self.ctx.fqdn();
        let own = if fqdn != hostname {
            format!("{}\t{fqdn}\t{hostname}\n", self.ctx.pod_ip())
        } else {
            format!("{}\t{hostname}\n", self.ctx.pod_ip())
        };
        format!(
            "# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n{own}"
        )
    }
}

/// A pod's DNS search path.
pub fn search_domains(namespace: &str) -> Vec<String> {
    vec![
        format!("{namespace}.svc.{CLUSTER_DOMAIN}"),
        format!("svc.{CLUSTER_DOMAIN}"),
        CLUSTER_DOMAIN.to_string(),
    ]
}
