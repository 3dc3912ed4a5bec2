//! The command line face: `sts-playground run [--seed N] [--cluster kubeadm|kind] SCRIPT|-` and
//! `sts-playground bench`, `sts-playground lessons …` ([`lessons`]), `run --markdown` (a
//! handout, [`crate::handout`]), and `share` / `export` ([`share`]). Native only: it reads the script and the files it names from disk,
//! then hands everything to the pure core.

pub mod bench;
pub mod lessons;
pub mod share;

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::sim::script;
use crate::sim::session::Session;
use crate::sim::world::Preset;

const USAGE: &str = "usage:
  sts-playground run [--seed N] [--cluster kubeadm|kind] [--markdown [--lang en|zh]] SCRIPT
  sts-playground run [--seed N] [--cluster kubeadm|kind] [--markdown [--lang en|zh]] -
                                       (script on standard input; --markdown prints a handout)
  sts-playground lessons                         (the lessons: id, title, preset)
  sts-playground lessons show ID [--lang en|zh]  (one lesson as text)
  sts-playground lessons verify [ID…]            (goals fail before and pass after each solution)
  sts-playground share [--cluster P] [--seed N] [--lesson ID] SCRIPT   (a share link's fragment)
  sts-playground share --decode FRAGMENT         (a share link back to a session script)
  sts-playground export [--cluster P] [--seed N] [--lesson ID] SCRIPT DIR
                                       (manifests and replay.sh for kind or minikube)
  sts-playground bench [--quick | --memory]      (performance table)";

/// Entry point; returns the process exit code.
pub fn main(args: Vec<String>) -> i32 {
    match args.first().map(String::as_str) {
        Some("run") => run(&args[1..]),
        Some("bench") => bench::main(&args[1..]),
        Some("lessons") => lessons::main(&args[1..]),
        Some("share") => share::share_main(&args[1..]),
        Some("export") => share::export_main(&args[1..]),
        Some("-h") | Some("--help") | Some("help") => {
            println!("{USAGE}");
            0
        }
        _ => {
            eprintln!("{USAGE}");
            2
        }
    }
}

fn run(args: &[String]) -> i32 {
    let mut seed: u64 = 1;
    let mut preset = Preset::Kubeadm;
    let mut script_path: Option<String> = None;
    let mut markdown = false;
    let mut lang = crate::ui::i18n::Lang::En;
    let mut index = 0;
    while index < args.len() {
        let arg = &args[index];
        index += 1;
        let mut take_value = |name: &str| -> Result<String, String> {
            if let Some(value) = arg.strip_prefix(&format!("{name}=")) {
                return Ok(value.to_string());
            }
            let value = args
                .get(index)
                .cloned()
                .ok_or_else(|| format!("{name} needs a value"))?;
            index += 1;
            Ok(value)
        };
        let result: Result<(), String> = if arg == "--seed" || arg.starts_with("--seed=") {
            take_value("--seed").and_then(|v| {
                v.parse()
                    .map(|s| seed = s)
                    .map_err(|_| format!("--seed: not a number: {v}"))
            })
        } else if arg == "--cluster" || arg.starts_with("--cluster=") {
            take_value("--cluster").and_then(|v| {
                Preset::parse(&v)
                    .map(|p| preset = p)
                    .ok_or_else(|| format!("--cluster: unknown preset {v} (kubeadm or kind)"))
            })
        } else if arg == "--markdown" {
            markdown = true;
            Ok(())
        } else if arg == "--lang" || arg.starts_with("--lang=") {
            take_value("--lang").and_then(|v| {
                crate::ui::i18n::Lang::from_code(&v)
                    .map(|l| lang = l)
                    .ok_or_else(|| format!("--lang: unknown language {v} (en or zh)"))
            })
        } else if arg.starts_with("--") {
            Err(format!("unknown option {arg}"))
        } else if script_path.is_none() {
            script_path = Some(arg.clone());
            Ok(())
        } else {
            Err(format!("unexpected argument {arg}"))
        };
        if let Err(message) = result {
            eprintln!("sts-playground: {message}\n{USAGE}");
            return 2;
        }
    }
    let Some(script_path) = script_path else {
        eprintln!("{USAGE}");
        return 2;
    };
    let (text, folder, shown_name) = if script_path == "-" {
        let mut text = String::new();
        if let Err(error) = std::io::stdin().read_to_string(&mut text) {
            eprintln!("-: cannot read standard input: {error}");
            return 2;
        }
        (text, PathBuf::from("."), "-".to_string())
    } else {
        match std::fs::read_to_string(&script_path) {
            Ok(text) => {
                let folder = Path::new(&script_path)
                    .parent()
                    .map(Path::to_path_buf)
                    .unwrap_or_default();
                (text, folder, script_path.clone())
            }
            Err(error) => {
                eprintln!("{script_path}: cannot read the script: {error}");
                return 2;
            }
        }
    };
    let steps = match script::parse(&text) {
        Ok(steps) => steps,
        Err(error) => {
            eprintln!("{shown_name}:{}: {}", error.line, error.message);
            return 2;
        }
    };
    let mut session = Session::new(preset, seed);
    let loader = |path: &str| std::fs::read_to_string(folder.join(path)).ok();
    if markdown {
        let footer = format!(
            "_Simulated by StatefulSet Playground: `sts-playground run --cluster {} --seed {seed} {shown_name}`._",
            preset.name()
        );
        let text = crate::handout::localize_comments(&text, lang);
        print!(
            "{}",
            crate::handout::markdown(&mut session, &text, &steps, &loader, &footer)
        );
        return 0;
    }
    let transcript = script::run(&mut session, &steps, &loader);
    print!("{transcript}");
    0
}
