//! Running a lesson on a [`Session`]: start it (files, setup script, captures), evaluate its
//! goals at any moment, and verify it (every goal fails after the setup and passes after the
//! solution). The command line's `lessons verify` and the page's lesson panel both use this.
//!
//! Architecture Invariant: a lesson drives the session only through its public facade
//! (`files`, `run_blocking`, `advance_to`), exactly as a session script on the command line
//! does, so a lesson's story is the same in both faces.

use super::goals::{self, Captures, Outcome};
use super::{Lesson, LessonError};
use crate::sim::script::{self, Action, Step};
use crate::sim::session::Session;

/// A started lesson: what the setup printed and the values captured after it.
#[derive(Debug, Clone, Default)]
pub struct Started {
    pub transcript: String,
    pub captures: Captures,
}

/// What running a script on a lesson's session gave: the transcript and the commands that
/// failed (a solution or setup should not have any).
#[derive(Debug, Clone, Default)]
pub struct ScriptRun {
    pub transcript: String,
    /// `(line, command, exit code)` of each kubectl command that exited non-zero.
    pub failures: Vec<(usize, String, i32)>,
}

/// A fresh session for the lesson: its preset and seed.
pub fn new_session(lesson: &Lesson) -> Session {
    Session::new(lesson.preset, lesson.seed)
}

/// Runs a script's steps on the session, printing as `sts-playground run` does and noting
/// failed kubectl commands.
pub fn run_script(session: &mut Session, steps: &[Step]) -> ScriptRun {
    let mut run = ScriptRun::default();
    for step in steps {
        match &step.action {
            Action::Kubectl { argv, stdin } => {
                run.transcript.push_str("$ ");
                run.transcript.push_str(&step.echo);
                run.transcript.push('\n');
                let (output, code) = session.run_blocking(argv, stdin.as_deref());
                run.transcript.push_str(&output.text());
                if code != 0 {
                    run.failures.push((step.line, step.echo.clone(), code));
                }
            }
            _ => {
                let no_files = |_: &str| None;
                run.transcript.push_str(&script::run(
                    session,
                    std::slice::from_ref(step),
                    &no_files,
                ));
            }
        }
    }
    run
}

fn steps_of(lesson: &Lesson, file: &str, text: &str) -> Result<Vec<Step>, LessonError> {
    script::parse(text).map_err(|e| LessonError {
        file: format!("lessons/{}/{file}", lesson.dir),
        message: format!("line {}: {}", e.line, e.message),
    })
}

/// Starts the lesson on a session: puts its manifests into the session's files, runs its
/// setup script and captures the values its goals compare with.
pub fn start(lesson: &Lesson, session: &mut Session) -> Result<(Started, ScriptRun), LessonError> {
    for (name, text) in lesson.files {
        session
            .files
            .insert((*name).to_string(), (*text).to_string());
    }
    let steps = steps_of(lesson, "setup.sh", lesson.setup)?;
    let run = run_script(session, &steps);
    let captures = capture(lesson, session);
    Ok((
        Started {
            transcript: run.transcript.clone(),
            captures,
        },
        run,
    ))
}

/// Reads the lesson's captures on the session's cluster now.
pub fn capture(lesson: &Lesson, session: &Session) -> Captures {
    lesson
        .captures
        .iter()
        .map(|(name, probe)| (name.clone(), goals::read_probe(&session.cluster, probe)))
        .collect()
}

/// Evaluates every goal of the lesson, in order.
pub fn check(lesson: &Lesson, session: &Session, captures: &Captures) -> Vec<Outcome> {
    lesson
        .goals
        .iter()
        .map(|goal| goals::evaluate(&session.cluster, &goal.check, captures))
        .collect()
}

/// One goal as a lesson panel shows it: what it asks for, whether it passes, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoalStatus {
    pub text: String,
    pub passed: bool,
    pub reason: String,
}

/// Every goal of the lesson, evaluated now, in `lang`.
pub fn goal_statuses(
    lesson: &Lesson,
    session: &Session,
    captures: &Captures,
    lang: crate::ui::i18n::Lang,
) -> Vec<GoalStatus> {
    lesson
        .goals
        .iter()
        .zip(check(lesson, session, captures))
        .map(|(goal, outcome)| GoalStatus {
            text: goal.text(lang).to_string(),
            passed: outcome.passed,
            reason: outcome.reason(lang),
        })
        .collect()
}

/// The result of verifying one lesson.
#[derive(Debug, Clone, Default)]
pub struct Verification {
    /// What is wrong, one line each; empty when the lesson is sound.
    pub problems: Vec<String>,
    /// The setup's and the solution's transcripts, for whoever needs to look.
    pub transcript: String,
}

impl Verification {
    pub fn passed(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Runs the lesson from a fresh session: the setup (no command may fail), every goal must fail;
/// then the solution (no command may fail), every goal must pass.
pub fn verify(lesson: &Lesson) -> Verification {
    use crate::ui::i18n::Lang;
    let mut verification = Verification::default();
    let mut session = new_session(lesson);
    let (started, setup) = match start(lesson, &mut session) {
        Ok(result) => result,
        Err(error) => {
            verification.problems.push(error.to_string());
            return verification;
        }
    };
    for (line, command, code) in &setup.failures {
        verification
            .problems
            .push(format!("setup.sh:{line}: `{command}` exited with {code}"));
    }
    for (goal, outcome) in lesson
        .goals
        .iter()
        .zip(check(lesson, &session, &started.captures))
    {
        if outcome.passed {
            verification.problems.push(format!(
                "goal `{}` already passes before the solution: {}",
                goal.source,
                outcome.reason(Lang::En)
            ));
        }
    }
    let steps = match steps_of(lesson, "solution.sh", lesson.solution) {
        Ok(steps) => steps,
        Err(error) => {
            verification.problems.push(error.to_string());
            return verification;
        }
    };
    let solution = run_script(&mut session, &steps);
    for (line, command, code) in &solution.failures {
        verification.problems.push(format!(
            "solution.sh:{line}: `{command}` exited with {code}"
        ));
    }
    for (goal, outcome) in lesson
        .goals
        .iter()
        .zip(check(lesson, &session, &started.captures))
    {
        if !outcome.passed {
            verification.problems.push(format!(
                "goal `{}` fails after the solution: {}",
                goal.source,
                outcome.reason(Lang::En)
            ));
        }
    }
    verification.transcript = format!("{}{}", setup.transcript, solution.transcript);
    verification
}
