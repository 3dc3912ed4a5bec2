//! `sts-playground lessons`: list the lessons, show one as text, and verify them all (every
//! goal fails after the setup and passes after the solution, through the same
//! [`crate::sim::session::Session`] that `run` uses).

use crate::lessons::{self, run, Lesson};
use crate::ui::i18n::Lang;

const USAGE: &str = "usage:
  sts-playground lessons                         (the lessons: id, title, preset)
  sts-playground lessons show ID [--lang en|zh]  (one lesson as text)
  sts-playground lessons verify [ID…]            (goals fail before and pass after each solution)";

/// Entry point of `sts-playground lessons …`; returns the exit code.
pub fn main(args: &[String]) -> i32 {
    match args.first().map(String::as_str) {
        None => list(),
        Some("show") => show(&args[1..]),
        Some("verify") => verify(&args[1..]),
        Some("-h") | Some("--help") => {
            println!("{USAGE}");
            0
        }
        Some(other) => {
            eprintln!("sts-playground lessons: unknown command {other}\n{USAGE}");
            2
        }
    }
}

/// Reads every lesson; a lesson that cannot be read is reported on standard error.
fn read_all() -> (Vec<Lesson>, usize) {
    let (lessons, errors) = lessons::all();
    for error in &errors {
        eprintln!("{error}");
    }
    (lessons, errors.len())
}

fn list() -> i32 {
    let (lessons, broken) = read_all();
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
    println!("{:<id_width$}   {:<7}   TITLE", "ID", "PRESET");
    for row in rows {
        println!("{:<id_width$}   {:<7}   {}", row[0], row[1], row[2]);
    }
    i32::from(broken > 0)
}

fn show(args: &[String]) -> i32 {
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
            eprintln!("sts-playground lessons show: unknown option {arg}\n{USAGE}");
            return 2;
        } else if id.is_none() {
            id = Some(arg);
            continue;
        } else {
            eprintln!("sts-playground lessons show: unexpected argument {arg}\n{USAGE}");
            return 2;
        };
        match value.and_then(Lang::from_code) {
            Some(chosen) => lang = chosen,
            None => {
                eprintln!("sts-playground lessons show: --lang takes en or zh\n{USAGE}");
                return 2;
            }
        }
    }
    let Some(id) = id else {
        eprintln!("{USAGE}");
        return 2;
    };
    match lessons::find(id) {
        Some(Ok(lesson)) => {
            print!("{}", lessons::render_text(&lesson, lang));
            0
        }
        Some(Err(error)) => {
            eprintln!("{error}");
            1
        }
        None => {
            eprintln!("sts-playground lessons show: no lesson {id} (see `sts-playground lessons`)");
            2
        }
    }
}

fn verify(ids: &[String]) -> i32 {
    let (lessons, broken) = read_all();
    for id in ids {
        if !lessons.iter().any(|lesson| &lesson.id == id) {
            eprintln!(
                "sts-playground lessons verify: no lesson {id} (see `sts-playground lessons`)"
            );
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
            println!("ok      {} ({} goals)", lesson.id, lesson.goals.len());
        } else {
            failed += 1;
            println!("FAILED  {}", lesson.id);
            for problem in &verification.problems {
                println!("        {problem}");
            }
        }
    }
    println!("{passed} passed, {failed} failed");
    i32::from(failed > 0)
}
