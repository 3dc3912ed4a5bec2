//! The file and process tools: `cat`, `ls`, `echo`, `rm`, `mv`, `mkdir`, `rmdir`, `touch`,
//! `sleep`, `env`, `hostname`, `pwd`, `true`, `false`, and the images' server programs.
//!
//! Each follows BusyBox 1.36 or GNU coreutils 9 depending on the image's userland, for the
//! options a lesson uses; other options are rejected with the tool's own "invalid option" text.

use super::{Io, Shell};
use crate::sim::fs::{base_name, normalize_path, tool_error, EntryKind, FsError, ToolOp, Userland};
use crate::sim::images::HttpServerKind;

const BUSYBOX_BANNER: &str = "BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.";

/// Short usage lines, for the BusyBox "invalid option" screen.
fn busybox_usage(tool: &str) -> &'static str {
    match tool {
        "cat" => "cat [-nbvteA] [FILE]...",
        "ls" => "ls [-1AaCxdLHRFplinshrSXvctu] [-w WIDTH] [FILE]...",
        "rm" => "rm [-irf] FILE...",
        "mv" => "mv [-fin] SOURCE DEST\nor: mv [-fin] SOURCE... DIRECTORY",
        "mkdir" => "mkdir [-m MODE] [-p] DIRECTORY...",
        "rmdir" => "rmdir [-p] DIRECTORY...",
        "touch" => "touch [-c] [-d DATE] [-t DATE] [-r FILE] FILE...",
        "sleep" => "sleep [N]...",
        "hostname" => "hostname [-sidf] [HOSTNAME | -F FILE]",
        "env" => "env [-i] [-u NAME]... [-] [NAME=VALUE]... [PROG ARGS]",
        _ => "",
    }
}

/// The "invalid option" error of `tool` for option character `option`; returns the exit code.
fn invalid_option(userland: Userland, tool: &str, option: char, io: &mut Io) -> i32 {
    match userland {
        Userland::Busybox => {
            io.err(&format!(
                "{tool}: invalid option -- '{option}'\n{BUSYBOX_BANNER}\n\nUsage: {}\n",
                busybox_usage(tool)
            ));
            1
        }
        Userland::Gnu => {
            io.err(&format!(
                "{tool}: invalid option -- '{option}'\nTry '{tool} --help' for more information.\n"
            ));
            if tool == "ls" {
                2
            } else {
                1
            }
        }
    }
}

/// "missing operand" of `tool`; returns the exit code.
fn missing_operand(userland: Userland, tool: &str, io: &mut Io) -> i32 {
    match userland {
        Userland::Busybox => io.err(&format!(
            "{BUSYBOX_BANNER}\n\nUsage: {}\n",
            busybox_usage(tool)
        )),
        Userland::Gnu => io.err(&format!(
            "{tool}: missing operand\nTry '{tool} --help' for more information.\n"
        )),
    }
    1
}

/// Splits `args` into single-letter flags and operands (`--` ends options; `-` is an operand).
/// Returns the first flag not in `allowed` as an error.
fn split_flags(args: &[String], allowed: &str) -> Result<(Vec<char>, Vec<String>), char> {
    let mut flags = Vec::new();
    let mut operands = Vec::new();
    let mut options_done = false;
    for arg in args {
        if !options_done && arg == "--" {
            options_done = true;
            continue;
        }
        if !options_done && arg.starts_with('-') && arg.len() > 1 {
            if arg.starts_with("--") {
                // Long options are not modelled: report their first letter.
                return Err(arg.chars().nth(2).unwrap_or('-'));
            }
            for flag in arg.chars().skip(1) {
                if !allowed.contains(flag) {
                    return Err(flag);
                }
                flags.push(flag);
            }
        } else {
            operands.push(arg.clone());
        }
    }
    Ok((flags, operands))
}

/// `echo`: the shells' builtin and `/bin/echo`. `dash_escapes`: dash's echo always interprets
/// backslash escapes and knows only `-n`.
pub(super) fn echo(args: &[String], io: &mut Io, dash_escapes: bool) -> i32 {
    let mut newline = true;
    let mut escapes = dash_escapes;
    let mut index = 0;
    while index < args.len() {
        let arg = &args[index];
        let is_flag_group = arg.len() > 1
            && arg.starts_with('-')
            && arg.chars().skip(1).all(|flag| {
                if dash_escapes {
                    flag == 'n'
                } else {
                    "neE".contains(flag)
                }
            });
        if !is_flag_group {
            break;
        }
        for flag in arg.chars().skip(1) {
            match flag {
                'n' => newline = false,
                'e' => escapes = true,
                'E' => escapes = false,
                _ => {}
            }
        }
        index += 1;
    }
    let mut text = args[index..].join(" ");
    if escapes {
        let (expanded, stop) = interpret_escapes(&text);
        text = expanded;
        if stop {
            newline = false;
        }
    }
    if newline {
        text.push('\n');
    }
    io.out(&text);
    0
}

/// Backslash escapes of `echo -e`; the flag is `true` after `\c` (stop output).
fn interpret_escapes(text: &str) -> (String, bool) {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(next) = chars.next() {
        if next != '\\' {
            out.push(next);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('\\') => out.push('\\'),
            Some('a') => out.push('\u{7}'),
            Some('b') => out.push('\u{8}'),
            Some('f') => out.push('\u{c}'),
            Some('v') => out.push('\u{b}'),
            Some('c') => return (out, true),
            Some('0') => {}
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    (out, false)
}

/// Runs a file or process tool; the caller checked the image has it.
pub(super) fn run_tool(shell: &mut Shell<'_>, tool: &str, args: &[String], io: &mut Io) -> i32 {
    let userland = shell.ctx.image().userland;
    match tool {
        "true" => 0,
        "false" => 1,
        "echo" => echo(args, io, false),
        "pwd" => {
            io.out(&format!("{}\n", shell.cwd));
            0
        }
        "cat" => cat(shell, userland, args, io),
        "ls" => ls(shell, userland, args, io),
        "rm" => rm(shell, userland, args, io),
        "mv" => mv(shell, userland, args, io),
        "mkdir" => mkdir(shell, userland, args, io),
        "rmdir" => rmdir(shell, userland, args, io),
        "touch" => touch(shell, userland, args, io),
        "sleep" => sleep(shell, userland, args, io),
        "env" | "printenv" => {
            if let Some(first) = args.first() {
                if first.starts_with('-') {
                    return invalid_option(userland, tool, first.chars().nth(1).unwrap_or('-'), io);
                }
                // `env CMD…`: run the command (assignments before it are not modelled).
                let command: Vec<String> = args
                    .iter()
                    .skip_while(|arg| arg.contains('='))
                    .cloned()
                    .collect();
                if command.is_empty() {
                    print_env(shell, io);
                    return 0;
                }
                if !shell.is_executable(&command[0]) {
                    io.err(&format!(
                        "env: '{}': No such file or directory\n",
                        command[0]
                    ));
                    return 127;
                }
                return shell.run_program(&command, io, 0);
            }
            print_env(shell, io);
            0
        }
        "hostname" => hostname(shell, userland, args, io),
        _ => {
            io.err(&format!("sh: {tool}: not found\n"));
            127
        }
    }
}

fn print_env(shell: &Shell<'_>, io: &mut Io) {
    for (name, value) in shell.environment() {
        io.out(&format!("{name}={value}\n"));
    }
}

fn hostname(shell: &mut Shell<'_>, userland: Userland, args: &[String], io: &mut Io) -> i32 {
    let (flags, operands) = match split_flags(args, "fisdA") {
        Ok(split) => split,
        Err(flag) => return invalid_option(userland, "hostname", flag, io),
    };
    if !operands.is_empty() {
        io.err(match userland {
            Userland::Busybox => "hostname: sethostname: Operation not permitted\n",
            Userland::Gnu => "hostname: you must be root to change the host name\n",
        });
        return 1;
    }
    let hostname = shell.ctx.hostname();
    let text = match flags.last() {
        Some('f') | Some('A') => shell.ctx.fqdn(),
        Some('i') => shell.ctx.pod_ip(),
        Some('d') => {
            let fqdn = shell.ctx.fqdn();
            fqdn.split_once('.')
                .map(|(_, domain)| domain.to_string())
                .unwrap_or_default()
        }
        _ => hostname,
    };
    io.out(&format!("{text}\n"));
    0
}

fn cat(shell: &mut Shell<'_>, userland: Userland, args: &[String], io: &mut Io) -> i32 {
    let (_, operands) = match split_flags(args, "u") {
        Ok(split) => split,
        Err(flag) => return invalid_option(userland, "cat", flag, io),
    };
    if operands.is_empty() {
        let stdin = std::mem::take(&mut io.stdin);
        io.out(&stdin);
        return 0;
    }
    let mut status = 0;
    for operand in operands {
        if operand == "-" {
            let stdin = std::mem::take(&mut io.stdin);
            io.out(&stdin);
            continue;
        }
        if operand == "/dev/null" {
            continue;
        }
        let path = normalize_path(&shell.cwd, &operand);
        match shell.read_file(&path) {
            Ok(contents) => io.out(&contents),
            Err(error) => {
                io.err(&format!(
                    "{}\n",
                    tool_error(userland, ToolOp::Cat, &operand, error)
                ));
                status = 1;
            }
        }
    }
    status
}

fn ls(shell: &mut Shell<'_>, userland: Userland, args: &[String], io: &mut Io) -> i32 {
    let (flags, mut operands) = match split_flags(args, "la1ARdhF") {
        Ok(split) => split,
        Err(flag) => return invalid_option(userland, "ls", flag, io),
    };
    let long = flags.contains(&'l');
    let all = flags.contains(&'a');
    let directory_itself = flags.contains(&'d');
    if operands.is_empty() {
        operands.push(".".to_string());
    }
    let tty = shell.ctx.tty();
    let mut status = 0;
    let mut files: Vec<(String, usize)> = Vec::new();
    let mut directories: Vec<(String, String)> = Vec::new();
    for operand in &operands {
        let path = normalize_path(&shell.cwd, operand);
        let fs = shell.ctx.fs();
        match fs.kind(&path) {
            None => {
                drop(fs);
                let error = if shell.ctx.fs().list(&path).err() == Some(FsError::NotADirectory) {
                    FsError::NotADirectory
                } else {
                    FsError::NotFound
                };
                io.err(&format!(
                    "{}\n",
                    tool_error(userland, ToolOp::Ls, operand, error)
                ));
                status = if userland == Userland::Gnu { 2 } else { 1 };
            }
            Some(EntryKind::File) => {
                let size = fs.read(&path).map(|contents| contents.len()).unwrap_or(0);
                files.push((operand.clone(), size));
            }
            Some(EntryKind::Directory) if directory_itself => files.push((operand.clone(), 4096)),
            Some(EntryKind::Directory) => directories.push((operand.clone(), path)),
        }
    }
    let render = |entries: &[(String, EntryKind, usize)], io: &mut Io, show_total: bool| {
        if long {
            if show_total && userland == Userland::Gnu {
                let blocks: usize = entries
                    .iter()
                    .map(|(_, _, size)| size.div_ceil(4096) * 4)
                    .sum();
                io.out(&format!("total {blocks}\n"));
            }
            for (name, kind, size) in entries {
                let mode = if *kind == EntryKind::Directory {
                    "drwxr-xr-x"
                } else {
                    "-rw-r--r--"
                };
                let links = if *kind == EntryKind::Directory { 2 } else { 1 };
                let line = match userland {
                    Userland::Gnu => {
                        format!("{mode} {links} root root {size:>4} Jan  1 00:00 {name}\n")
                    }
                    Userland::Busybox => {
                        format!(
                            "{mode}    {links} root     root      {size:>9} Jan  1 00:00 {name}\n"
                        )
                    }
                };
                io.out(&line);
            }
        } else if tty && !entries.is_empty() {
            let names: Vec<&str> = entries.iter().map(|(name, _, _)| name.as_str()).collect();
            io.out(&format!("{}\n", names.join("  ")));
        } else {
            for (name, _, _) in entries {
                io.out(&format!("{name}\n"));
            }
        }
    };
    let file_entries: Vec<(String, EntryKind, usize)> = files
        .iter()
        .map(|(name, size)| (name.clone(), EntryKind::File, *size))
        .collect();
    render(&file_entries, io, false);
    let headers = operands.len() > 1;
    for (index, (operand, path)) in directories.iter().enumerate() {
        if headers {
            if index > 0 || !file_entries.is_empty() {
                io.out("\n");
            }
            io.out(&format!("{operand}:\n"));
        }
        let listed = shell.ctx.fs().list(path);
        match listed {
            Ok(entries) => {
                let mut rendered: Vec<(String, EntryKind, usize)> = Vec::new();
                if all {
                    rendered.push((".".to_string(), EntryKind::Directory, 4096));
                    rendered.push(("..".to_string(), EntryKind::Directory, 4096));
                }
                for entry in entries {
                    if entry.name.starts_with('.') && !all && !flags.contains(&'A') {
                        continue;
                    }
                    rendered.push((entry.name, entry.kind, entry.size));
                }
                render(&rendered, io, true);
            }
            Err(error) => {
                io.err(&format!(
                    "{}\n",
                    tool_error(userland, ToolOp::Ls, operand, error)
                ));
                status = 2;
            }
        }
    }
    status
}

fn rm(shell: &mut Shell<'_>, userland: Userland, args: &[String], io: &mut Io) -> i32 {
    let (flags, operands) = match split_flags(args, "frRiv") {
        Ok(split) => split,
        Err(flag) => return invalid_option(userland, "rm", flag, io),
    };
    let force = flags.contains(&'f');
    let recursive = flags.contains(&'r') || flags.contains(&'R');
    if operands.is_empty() {
        return if force {
            0
        } else {
            missing_operand(userland, "rm", io)
        };
    }
    let mut status = 0;
    for operand in operands {
        let path = normalize_path(&shell.cwd, &operand);
        if path == "/" && recursive {
            io.err(match userland {
                Userland::Busybox => "rm: can't remove '/'\n",
                Userland::Gnu => "rm: it is dangerous to operate recursively on '/'\nrm: use --no-preserve-root to override this failsafe\n",
            });
            status = 1;
            continue;
        }
        match shell.ctx.fs().remove(&path, recursive) {
            Ok(()) => {}
            Err(FsError::NotFound) if force => {}
            Err(error) => {
                io.err(&format!(
                    "{}\n",
                    tool_error(userland, ToolOp::Rm, &operand, error)
                ));
                status = 1;
            }
        }
    }
    status
}

fn mv(shell: &mut Shell<'_>, userland: Userland, args: &[String], io: &mut Io) -> i32 {
    let (_, operands) = match split_flags(args, "fin") {
        Ok(split) => split,
        Err(flag) => return invalid_option(userland, "mv", flag, io),
    };
    if operands.len() < 2 {
        if userland == Userland::Gnu && operands.len() == 1 {
            io.err(&format!(
                "mv: missing destination file operand after '{}'\nTry 'mv --help' for more information.\n",
                operands[0]
            ));
            return 1;
        }
        return missing_operand(userland, "mv", io);
    }
    let (sources, destination) = operands.split_at(operands.len() - 1);
    let destination = &destination[0];
    let destination_path = normalize_path(&shell.cwd, destination);
    let into_directory = shell.ctx.fs().is_dir(&destination_path);
    if sources.len() > 1 && !into_directory {
        io.err(&match userland {
            Userland::Busybox => format!("mv: '{destination}' is not a directory\n"),
            Userland::Gnu => format!("mv: target '{destination}': Not a directory\n"),
        });
        return 1;
    }
    let mut status = 0;
    for source in sources {
        let source_path = normalize_path(&shell.cwd, source);
        let target = if into_directory {
            normalize_path(&destination_path, base_name(&source_path))
        } else {
            destination_path.clone()
        };
        let result = shell.ctx.fs().move_path(&source_path, &target);
        if let Err(error) = result {
            let line = match (userland, error) {
                (Userland::Gnu, FsError::NotFound) if !shell.ctx.fs().exists(&source_path) => {
                    tool_error(userland, ToolOp::Mv, source, error)
                }
                (Userland::Gnu, _) => {
                    format!("mv: cannot move '{source}' to '{destination}': {error}")
                }
                (Userland::Busybox, _) => tool_error(userland, ToolOp::Mv, source, error),
            };
            io.err(&format!("{line}\n"));
            status = 1;
        }
    }
    status
}

fn mkdir(shell: &mut Shell<'_>, userland: Userland, args: &[String], io: &mut Io) -> i32 {
    let (flags, operands) = match split_flags(args, "pv") {
        Ok(split) => split,
        Err(flag) => return invalid_option(userland, "mkdir", flag, io),
    };
    if operands.is_empty() {
        return missing_operand(userland, "mkdir", io);
    }
    let parents = flags.contains(&'p');
    let mut status = 0;
    for operand in operands {
        let path = normalize_path(&shell.cwd, &operand);
        if let Err(error) = shell.ctx.fs().mkdir(&path, parents) {
            io.err(&format!(
                "{}\n",
                tool_error(userland, ToolOp::Mkdir, &operand, error)
            ));
            status = 1;
        }
    }
    status
}

fn rmdir(shell: &mut Shell<'_>, userland: Userland, args: &[String], io: &mut Io) -> i32 {
    let (_, operands) = match split_flags(args, "p") {
        Ok(split) => split,
        Err(flag) => return invalid_option(userland, "rmdir", flag, io),
    };
    if operands.is_empty() {
        return missing_operand(userland, "rmdir", io);
    }
    let mut status = 0;
    for operand in operands {
        let path = normalize_path(&shell.cwd, &operand);
        if let Err(error) = shell.ctx.fs().remove_empty_dir(&path) {
            io.err(&format!(
                "{}\n",
                tool_error(userland, ToolOp::Rmdir, &operand, error)
            ));
            status = 1;
        }
    }
    status
}

fn touch(shell: &mut Shell<'_>, userland: Userland, args: &[String], io: &mut Io) -> i32 {
    let (_, operands) = match split_flags(args, "c") {
        Ok(split) => split,
        Err(flag) => return invalid_option(userland, "touch", flag, io),
    };
    if operands.is_empty() {
        return missing_operand(userland, "touch", io);
    }
    let mut status = 0;
    for operand in operands {
        let path = normalize_path(&shell.cwd, &operand);
        if shell.ctx.fs().exists(&path) {
            continue;
        }
        if let Err(error) = shell.ctx.fs().write(&path, "", true) {
            io.err(&format!(
                "{}\n",
                tool_error(userland, ToolOp::Touch, &operand, error)
            ));
            status = 1;
        }
    }
    status
}

/// Parses a `sleep` operand: a decimal number of seconds with an optional `s`/`m`/`h`/`d`
/// suffix; `None` for `infinity`, `Err` when invalid.
fn parse_duration_ms(text: &str) -> Result<Option<u64>, ()> {
    if text == "infinity" || text == "inf" {
        return Ok(None);
    }
    let (number, multiplier) = match text.chars().last() {
        Some('s') => (&text[..text.len() - 1], 1_000.0),
        Some('m') => (&text[..text.len() - 1], 60_000.0),
        Some('h') => (&text[..text.len() - 1], 3_600_000.0),
        Some('d') => (&text[..text.len() - 1], 86_400_000.0),
        _ => (text, 1_000.0),
    };
    let valid = !number.is_empty()
        && number.chars().all(|c| c.is_ascii_digit() || c == '.')
        && number.chars().filter(|c| *c == '.').count() <= 1
        && number != ".";
    if !valid {
        return Err(());
    }
    let seconds: f64 = number.parse().map_err(|_| ())?;
    let milliseconds = (seconds * multiplier).round();
    if !milliseconds.is_finite() || milliseconds > 1e15 {
        return Ok(None);
    }
    Ok(Some(milliseconds as u64))
}

fn sleep(shell: &mut Shell<'_>, userland: Userland, args: &[String], io: &mut Io) -> i32 {
    if args.is_empty() {
        return missing_operand(userland, "sleep", io);
    }
    let mut total: u64 = 0;
    for arg in args {
        match parse_duration_ms(arg) {
            Ok(Some(milliseconds)) => total = total.saturating_add(milliseconds),
            Ok(None) => {
                shell.blocks_forever = true;
                return 0;
            }
            Err(()) => {
                io.err(&match userland {
                    Userland::Busybox => format!("sleep: invalid number '{arg}'\n"),
                    Userland::Gnu => format!(
                        "sleep: invalid time interval '{arg}'\nTry 'sleep --help' for more information.\n"
                    ),
                });
                return 1;
            }
        }
    }
    shell.elapsed_ms = shell.elapsed_ms.saturating_add(total);
    0
}

/// An image's server program (`nginx`, `redis-server`…): it runs until stopped, except for
/// nginx's informational options.
pub(super) fn server(shell: &mut Shell<'_>, program: &str, args: &[String], io: &mut Io) -> i32 {
    if program == "nginx" {
        let version = match shell.ctx.image().serves.as_ref().map(|server| &server.kind) {
            Some(HttpServerKind::Nginx(version)) => version.clone(),
            _ => "nginx".to_string(),
        };
        match args.first().map(String::as_str) {
            Some("-v") => {
                io.err(&format!("nginx version: {version}\n"));
                return 0;
            }
            Some("-t") => {
                io.err("nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\nnginx: configuration file /etc/nginx/nginx.conf test is successful\n");
                return 0;
            }
            Some("-s") => return 0,
            _ => {}
        }
    }
    shell.blocks_forever = true;
    0
}
