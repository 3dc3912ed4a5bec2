//! `sts-playground share` and `sts-playground export`: the page's share links and real-cluster
//! export, from the command line, for tutorial authors and bug reports.
//!
//! * `share [--cluster P] [--seed N] [--lesson ID] SCRIPT` prints the fragment of a share link
//!   (`#share=v1.…`) that opens the script's session in the page: its files (the heredocs it
//!   writes stay commands; the files it names with `-f` come from beside the script) and its
//!   commands.
//! * `share --decode FRAGMENT` prints a shared session back as a session script that `run`
//!   replays.
//! * `export [--cluster P] [--seed N] [--lesson ID] SCRIPT DIR` writes the manifests and
//!   `replay.sh` (see [`crate::export`]) into DIR.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::export;
use crate::share::{self, SharePayload};
use crate::sim::script::{self, Action};
use crate::sim::world::Preset;

const USAGE: &str = "usage:
  sts-playground share [--cluster kubeadm|kind] [--seed N] [--lesson ID] SCRIPT
  sts-playground share --decode FRAGMENT
  sts-playground export [--cluster kubeadm|kind] [--seed N] [--lesson ID] SCRIPT DIR";

/// The options both commands take, and their positional words.
struct Options {
    preset: Preset,
    seed: u64,
    lesson: Option<String>,
    decode: bool,
    positional: Vec<String>,
}

fn parse_options(args: &[String]) -> Result<Options, String> {
    let mut options = Options {
        preset: Preset::Kubeadm,
        seed: 1,
        lesson: None,
        decode: false,
        positional: Vec::new(),
    };
    let mut index = 0;
    while index < args.len() {
        let arg = &args[index];
        index += 1;
        let (name, inline) = match arg.split_once('=') {
            Some((name, value)) if name.starts_with("--") => (name, Some(value.to_string())),
            _ => (arg.as_str(), None),
        };
        let mut value = || -> Result<String, String> {
            if let Some(value) = inline.clone() {
                return Ok(value);
            }
            index += 1;
            args.get(index - 1)
                .cloned()
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match name {
            "--cluster" => {
                let v = value()?;
                options.preset = Preset::parse(&v)
                    .ok_or_else(|| format!("--cluster: unknown preset {v} (kubeadm or kind)"))?;
            }
            "--seed" => {
                let v = value()?;
                options.seed = v
                    .parse()
                    .map_err(|_| format!("--seed: not a number: {v}"))?;
            }
            "--lesson" => options.lesson = Some(value()?),
            "--decode" => options.decode = true,
            _ if name.starts_with("--") => return Err(format!("unknown option {arg}")),
            _ => options.positional.push(arg.clone()),
        }
    }
    Ok(options)
}

/// Reads a script into a share payload: each step's lines as one command, and the files it
/// names with `-f` that exist beside it.
fn payload_of(path: &str, options: &Options) -> Result<SharePayload, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{path}: cannot read the script: {e}"))?;
    let steps = script::parse(&text).map_err(|e| format!("{path}:{}: {}", e.line, e.message))?;
    let folder = Path::new(path)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    let mut commands = Vec::new();
    let mut files: Vec<(String, String)> = Vec::new();
    for (index, step) in steps.iter().enumerate() {
        let start = step.line.saturating_sub(1);
        let end = steps
            .get(index + 1)
            .map_or(lines.len(), |next| next.line.saturating_sub(1));
        // The step's own lines, without the comments and blank lines before the next step.
        let mut own: Vec<&str> = lines.get(start..end).unwrap_or_default().to_vec();
        if !matches!(
            step.action,
            Action::WriteFile { .. } | Action::Kubectl { stdin: Some(_), .. }
        ) {
            own.truncate(step.echo.lines().count().max(1));
        }
        while own
            .last()
            .is_some_and(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
            && own.len() > 1
        {
            own.pop();
        }
        commands.push(own.join("\n"));
        if let Action::Kubectl { argv, .. } = &step.action {
            for name in file_arguments(argv) {
                if files.iter().any(|(n, _)| *n == name) || !share::valid_file_name(&name) {
                    continue;
                }
                let written_by_script = steps
                    .iter()
                    .any(|s| matches!(&s.action, Action::WriteFile { path, .. } if *path == name));
                if written_by_script {
                    continue;
                }
                if let Ok(text) = std::fs::read_to_string(folder.join(&name)) {
                    files.push((name, text));
                }
            }
        }
    }
    Ok(SharePayload {
        files,
        commands,
        seed: options.seed,
        preset: options.preset,
        lesson: options.lesson.clone(),
    })
}

/// The values of `-f` in a kubectl command line (the simple forms).
fn file_arguments(argv: &[String]) -> Vec<String> {
    let mut names = Vec::new();
    let mut words = argv.iter().take_while(|w| *w != "--");
    while let Some(word) = words.next() {
        if word == "-f" || word == "--filename" {
            if let Some(name) = words.next() {
                names.push(name.clone());
            }
        } else if let Some(name) = word.strip_prefix("--filename=") {
            names.push(name.to_string());
        }
    }
    names.retain(|n| n != "-");
    names
}

/// A decoded share payload as a session script that `run` replays.
pub fn payload_as_script(payload: &SharePayload) -> String {
    let mut out = format!(
        "# A shared playground session: replay it with\n#   sts-playground run --cluster {} --seed {} SCRIPT\n",
        payload.preset.name(),
        payload.seed
    );
    if let Some(lesson) = &payload.lesson {
        out.push_str(&format!(
            "# It belongs to the lesson {lesson} (sts-playground lessons show {lesson}); the lesson's setup is not included.\n"
        ));
    }
    for (name, text) in &payload.files {
        let mut delimiter = "EOF".to_string();
        let mut counter = 0;
        while text.lines().any(|l| l == delimiter) && counter < 1_000_000 {
            counter += 1;
            delimiter = format!("EOF_{counter}");
        }
        out.push_str(&format!("cat > {name} <<'{delimiter}'\n{text}"));
        if !text.is_empty() && !text.ends_with('\n') {
            out.push('\n');
        }
        out.push_str(&delimiter);
        out.push('\n');
    }
    for command in &payload.commands {
        out.push_str(command);
        out.push('\n');
    }
    out
}

/// `sts-playground share …`; returns the exit code.
pub fn share_main(args: &[String]) -> i32 {
    let (mut out, mut err) = (std::io::stdout().lock(), std::io::stderr().lock());
    share_to(args, &mut out, &mut err)
}

/// [`share_main`] writing to the given streams.
pub fn share_to(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let options = match parse_options(args) {
        Ok(options) => options,
        Err(message) => {
            let _ = writeln!(err, "sts-playground share: {message}\n{USAGE}");
            return 2;
        }
    };
    let [argument] = options.positional.as_slice() else {
        let _ = writeln!(err, "{USAGE}");
        return 2;
    };
    if options.decode {
        let value = share::find_in_fragment(argument).unwrap_or(argument);
        return match share::decode(value) {
            Ok(payload) => {
                let _ = write!(out, "{}", payload_as_script(&payload));
                0
            }
            Err(error) => {
                let _ = writeln!(err, "sts-playground share: {error}");
                1
            }
        };
    }
    let result = payload_of(argument, &options)
        .and_then(|payload| share::fragment(&payload).map_err(|e| e.to_string()));
    match result {
        Ok(fragment) => {
            let _ = writeln!(out, "#{fragment}");
            0
        }
        Err(message) => {
            let _ = writeln!(err, "sts-playground share: {message}");
            1
        }
    }
}

/// `sts-playground export …`; returns the exit code.
pub fn export_main(args: &[String]) -> i32 {
    let (mut out, mut err) = (std::io::stdout().lock(), std::io::stderr().lock());
    export_to(args, &mut out, &mut err)
}

/// [`export_main`] writing to the given streams.
pub fn export_to(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let options = match parse_options(args) {
        Ok(options) if !options.decode => options,
        Ok(_) => {
            let _ = writeln!(
                err,
                "sts-playground export: unknown option --decode\n{USAGE}"
            );
            return 2;
        }
        Err(message) => {
            let _ = writeln!(err, "sts-playground export: {message}\n{USAGE}");
            return 2;
        }
    };
    let [script_path, dir] = options.positional.as_slice() else {
        let _ = writeln!(err, "{USAGE}");
        return 2;
    };
    let payload = match payload_of(script_path, &options) {
        Ok(payload) => payload,
        Err(message) => {
            let _ = writeln!(err, "sts-playground export: {message}");
            return 1;
        }
    };
    let dir = PathBuf::from(dir);
    if let Err(error) = std::fs::create_dir_all(&dir) {
        let _ = writeln!(err, "sts-playground export: {}: {error}", dir.display());
        return 1;
    }
    for (name, text) in export::export(&payload) {
        let path = dir.join(&name);
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&path, text));
        if let Err(error) = written {
            let _ = writeln!(err, "sts-playground export: {}: {error}", path.display());
            return 1;
        }
        #[cfg(unix)]
        if name == export::REPLAY_SCRIPT {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755));
        }
        let _ = writeln!(out, "{}", path.display());
    }
    0
}

#[cfg(test)]
mod tests;
