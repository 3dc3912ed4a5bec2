//! The classroom's hold on the engine: opening a lesson (a fresh session with the lesson's
//! preset and seed, its files in the editor, its setup run), restoring a shared playground,
//! checking a lesson's goals, and the solution as console lines to type.
//!
//! Everything here returns [`PageAction`]s for the reducer instead of touching the page, so
//! it is tested natively: the component only dispatches what it gets.
//!
//! Leaves out: the panel itself (`lessons_panel`, wasm32 only) and the timing of the solution's
//! typing (the panel types one line whenever the previous one has finished).
//!
//! Architecture Invariant: scripts run here are driven through the engine's public facade
//! (`run_line`, `step`, `frame`, `interrupt`), exactly as a learner would drive it, and every
//! wait is bounded by [`STEPS_MAX`]: a command that never ends on its own is interrupted.

use std::rc::Rc;

use crate::lessons::goals::{Captures, Outcome};
use crate::lessons::{run, Lesson};
use crate::sim::script::{self, Action};
use crate::sim::view::ClockView;
use crate::sim::world::Preset;
use crate::ui::engine::Engine;
use crate::ui::share_link::Shared;
use crate::ui::state::{ClassroomAction, EntryKind, PageAction, Update};

/// The most steps one waiting command may take before it is interrupted.
pub const STEPS_MAX: usize = 2_000;
/// The most simulated time one waiting command may take before it is interrupted (a watch
/// never ends on its own): ten minutes.
pub const WAIT_MS_MAX: u64 = 10 * 60 * 1_000;
/// The most simulated time one frame call advances while sleeping, in milliseconds.
const SLEEP_CHUNK_MS: u64 = 200_000;

/// One thing a script does, as the console shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Typed {
    /// A console line (kubectl, typed as written).
    Line(String),
    /// `sleep`: simulated time passes; the line is the echo (`sleep 30s`).
    Sleep { line: String, ms: u64 },
    /// A heredoc that writes a file: a new editor tab.
    WriteFile {
        line: String,
        name: String,
        text: String,
    },
    /// `echo`: the text printed.
    Echo { line: String, text: String },
}

impl Typed {
    /// What the console shows after `$ `.
    pub fn line(&self) -> &str {
        match self {
            Typed::Line(line) => line,
            Typed::Sleep { line, .. }
            | Typed::WriteFile { line, .. }
            | Typed::Echo { line, .. } => line,
        }
    }
}

/// A script's steps as console lines; a script that cannot be read gives none.
pub fn typed(script_text: &str) -> Vec<Typed> {
    let Ok(steps) = script::parse(script_text) else {
        return Vec::new();
    };
    steps
        .into_iter()
        .map(|step| match step.action {
            Action::Kubectl { .. } => Typed::Line(step.echo),
            Action::Sleep { ms } => Typed::Sleep {
                line: step.echo,
                ms,
            },
            Action::Echo { text } => Typed::Echo {
                line: step.echo,
                text,
            },
            Action::WriteFile { path, body } => Typed::WriteFile {
                line: step.echo,
                name: path,
                text: body,
            },
        })
        .collect()
}

/// Actions that replace the page's session: new tabs, an empty console, the fresh view.
fn reset(engine: &mut Engine, files: &[(String, String)]) -> Vec<PageAction> {
    let view = Rc::new(engine.view());
    vec![
        PageAction::Classroom(ClassroomAction::Reset {
            files: files.to_vec(),
        }),
        PageAction::Updated(Update {
            clock: Some(ClockView::at(engine.now())),
            view: Some(view),
            ..Update::default()
        }),
    ]
}

/// Runs one typed step to its end, as a learner waiting for it would: the line, then time
/// until the command finishes (interrupted after [`STEPS_MAX`] steps, or when it would wait
/// longer than [`WAIT_MS_MAX`]). A line goes into the console's history when `remember`
/// (a lesson's setup is not the learner's and is not replayed by a share link).
pub fn run_to_end(
    engine: &mut Engine,
    step: &Typed,
    files: &mut Vec<(String, String)>,
    remember: bool,
) -> Vec<PageAction> {
    let mut actions = Vec::new();
    match step {
        Typed::Line(line) if !remember => {
            actions.push(prompt(line));
            actions.extend(wait_for(engine, line, files));
        }
        Typed::Line(line) => {
            actions.push(PageAction::Submitted(line.clone()));
            actions.extend(wait_for(engine, line, files));
        }
        Typed::Sleep { line, ms } => {
            actions.push(prompt(line));
            let mut left = *ms;
            while left > 0 {
                let chunk = left.min(SLEEP_CHUNK_MS);
                let before = engine.now();
                if let Some(update) = engine.frame(chunk as f64 / 1_000.0, 1_000.0) {
                    actions.push(PageAction::Updated(update));
                }
                let moved = engine.now().saturating_sub(before);
                if moved == 0 {
                    break;
                }
                left = left.saturating_sub(moved);
            }
        }
        Typed::WriteFile { line, name, text } => {
            actions.push(prompt(line));
            match files.iter_mut().find(|(n, _)| n == name) {
                Some(file) => file.1 = text.clone(),
                None => files.push((name.clone(), text.clone())),
            }
            actions.push(PageAction::Classroom(ClassroomAction::WriteFile {
                name: name.clone(),
                text: text.clone(),
            }));
        }
        Typed::Echo { line, text } => {
            actions.push(prompt(line));
            actions.push(PageAction::Updated(Update {
                output: vec![(EntryKind::Stdout, format!("{text}\n"))],
                ..Update::default()
            }));
        }
    }
    actions
}

/// Runs a console line and lets time pass until it has finished.
fn wait_for(engine: &mut Engine, line: &str, files: &[(String, String)]) -> Vec<PageAction> {
    let mut actions = Vec::new();
    actions.push(PageAction::Updated(engine.run_line(line, files)));
    let deadline = engine.now().saturating_add(WAIT_MS_MAX);
    let mut steps = 0;
    while engine.running().is_some() {
        let next = engine.session().next_wakeup();
        if steps >= STEPS_MAX || next.is_none_or(|next| next > deadline) {
            actions.push(PageAction::Updated(engine.interrupt()));
            break;
        }
        actions.push(PageAction::Updated(engine.step()));
        steps += 1;
    }
    actions
}

/// The echo of a line the console does not run itself.
fn prompt(line: &str) -> PageAction {
    PageAction::Updated(Update {
        output: vec![(EntryKind::Prompt, format!("$ {line}\n"))],
        ..Update::default()
    })
}

/// A started lesson: its captures (for goals about history).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Opened {
    pub captures: Captures,
}

/// The lesson's manifests as editor tabs.
pub fn lesson_files(lesson: &Lesson) -> Vec<(String, String)> {
    lesson
        .files
        .iter()
        .map(|(name, text)| ((*name).to_string(), (*text).to_string()))
        .collect()
}

/// Opens `lesson`: a fresh session with its preset and seed, its files in the editor, its setup
/// run to the end; then its captures are read.
pub fn open_lesson(engine: &mut Engine, lesson: &Lesson) -> (Opened, Vec<PageAction>) {
    *engine = Engine::new(lesson.preset, lesson.seed);
    let mut files = lesson_files(lesson);
    let mut actions = reset(engine, &files);
    for step in typed(lesson.setup) {
        actions.extend(run_to_end(engine, &step, &mut files, false));
    }
    let captures = run::capture(lesson, engine.session());
    (Opened { captures }, actions)
}

/// The lesson's goals on the engine's cluster now.
pub fn check_goals(engine: &Engine, lesson: &Lesson, opened: &Opened) -> Vec<Outcome> {
    run::check(lesson, engine.session(), &opened.captures)
}

/// Restores a shared playground: its lesson (when it names one) or a fresh session with its
/// preset and seed, its files in the editor, and its commands run one after the other.
pub fn restore(
    engine: &mut Engine,
    shared: &Shared,
    lesson: Option<&Lesson>,
) -> (Option<Opened>, Vec<PageAction>) {
    let (opened, mut actions) = match lesson {
        Some(lesson) => {
            let (opened, actions) = open_lesson(engine, lesson);
            (Some(opened), actions)
        }
        None => {
            *engine = Engine::new(shared.preset, shared.seed);
            (None, Vec::new())
        }
    };
    if lesson.is_some_and(|l| l.preset != shared.preset || l.seed != shared.seed) {
        // The link's own cluster wins over the lesson's.
        *engine = Engine::new(shared.preset, shared.seed);
        actions.clear();
    }
    let mut files = shared.files.clone();
    actions.extend(reset(engine, &files));
    for command in &shared.commands {
        actions.extend(run_to_end(
            engine,
            &Typed::Line(command.clone()),
            &mut files,
            true,
        ));
    }
    (opened, actions)
}

/// The seed and preset a fresh playground uses.
pub fn fresh(
    engine: &mut Engine,
    preset: Preset,
    seed: u64,
    files: &[(String, String)],
) -> Vec<PageAction> {
    *engine = Engine::new(preset, seed);
    reset(engine, files)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::view::cluster_view;
    use crate::sim::world::Cluster;
    use crate::ui::state::PageState;

    fn page() -> PageState {
        PageState::new(cluster_view(&Cluster::new(Preset::Kubeadm, 1)))
    }

    fn apply(state: PageState, actions: Vec<PageAction>) -> PageState {
        actions.into_iter().fold(state, PageState::apply)
    }

    fn console(state: &PageState) -> String {
        state
            .console
            .entries
            .iter()
            .map(|e| e.text.as_str())
            .collect()
    }

    /// Every lesson opens with its files and setup, its goals fail; after its solution is typed
    /// line by line into the page's console, every goal passes.
    #[test]
    fn every_lesson_passes_when_its_solution_is_typed_into_the_console() {
        let (lessons, errors) = crate::lessons::all();
        assert_eq!(errors, vec![]);
        assert!(lessons.len() >= 8);
        for lesson in &lessons {
            let mut engine = Engine::new(Preset::Kubeadm, 1);
            let (opened, actions) = open_lesson(&mut engine, lesson);
            let mut state = apply(page(), actions);
            let names: Vec<&str> = state.files.iter().map(|f| f.name.as_str()).collect();
            let expected: Vec<&str> = lesson.files.iter().map(|(n, _)| *n).collect();
            assert_eq!(names, expected, "{}", lesson.id);
            assert!(state.running.is_none());
            let before = check_goals(&engine, lesson, &opened);
            assert!(
                before.iter().all(|o| !o.passed),
                "{}: {before:?}",
                lesson.id
            );
            let mut files = state.file_contents();
            for step in typed(lesson.solution) {
                let actions = run_to_end(&mut engine, &step, &mut files, true);
                state = apply(state, actions);
                files = state.file_contents();
            }
            let after = check_goals(&engine, lesson, &opened);
            assert!(
                after.iter().all(|o| o.passed),
                "{}: {:?}\n{}",
                lesson.id,
                after
                    .iter()
                    .map(|o| o.reason(crate::ui::i18n::Lang::En))
                    .collect::<Vec<_>>(),
                console(&state)
            );
            assert!(state.view.resource_version > 0);
        }
    }

    #[test]
    fn a_shared_playground_is_restored_with_its_files_commands_and_seed() {
        let shared = crate::ui::share_link::shared(
            Preset::Kind,
            7,
            None,
            vec![(
                "cm.yaml".into(),
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: notes\n".into(),
            )],
            vec![
                "kubectl apply -f cm.yaml".into(),
                "kubectl get configmap notes".into(),
                "kubectl get configmaps -w".into(),
            ],
        );
        let mut engine = Engine::new(Preset::Kubeadm, 1);
        let (opened, actions) = restore(&mut engine, &shared, None);
        assert!(opened.is_none());
        let state = apply(page(), actions);
        assert_eq!(state.file_contents(), shared.files);
        assert_eq!(state.console.history, shared.commands);
        let text = console(&state);
        assert!(text.contains("configmap/notes created"), "{text}");
        assert!(
            engine.now() <= WAIT_MS_MAX,
            "a watch is stopped within ten simulated minutes: {text}"
        );
        assert!(state.running.is_none());
        assert_eq!(
            engine
                .session()
                .cluster
                .store
                .list(crate::sim::model::Kind::Node, None)
                .count(),
            1,
            "the kind preset has one node"
        );
    }

    #[test]
    fn scripts_become_console_lines() {
        let steps = typed(
            "# a comment\nkubectl get pods\nsleep 30s\necho hi\ncat > a.yaml <<EOF\nx: 1\nEOF\n",
        );
        assert_eq!(steps.len(), 4);
        assert_eq!(steps[0], Typed::Line("kubectl get pods".into()));
        assert!(matches!(&steps[1], Typed::Sleep { ms: 30_000, .. }));
        assert!(matches!(&steps[3], Typed::WriteFile { name, .. } if name == "a.yaml"));
        assert_eq!(typed("cat <<EOF\nnever closed\n"), vec![]);
    }
}
