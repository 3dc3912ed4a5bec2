//! The lesson panel: a picker of every lesson, and for the open lesson its introduction, tasks,
//! goals passing or not as the cluster changes, hints and solution on demand, a button that
//! types the solution into the console line by line, and the summary once every goal passes.
//! Also how the page opens a lesson, a shared playground, or a fresh one (the session is
//! replaced through [`crate::ui::lessons`], whose actions are dispatched here).
//!
//! Architecture Invariant: lesson text is inserted as text only (inline `code` is split out as
//! text inside `<code>`); the engine is borrowed only in event handlers, effects and timers.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_timers::callback::Interval;
use yew::prelude::*;

use crate::lessons::goals::Outcome;
use crate::lessons::{Block, Lesson};
use crate::ui::app::use_lang;
use crate::ui::engine::{Engine, PRESET_DEFAULT, SEED_DEFAULT};
use crate::ui::i18n::{Lang, Message};
use crate::ui::lessons::{self, Opened, Typed};
use crate::ui::share_link::{self, PageLink, Shared};
use crate::ui::state::{PageAction, EXAMPLE_FILES};
use crate::ui::words::lessons::LessonPanelText as T;
use crate::ui::words::share::ShareText as S;

/// How often the solution runner looks whether the console is free for its next line.
const RUNNER_TICK_MS: u32 = 300;

/// The page's engine, compared by identity (it is one for the page's life).
#[derive(Clone)]
pub struct EngineHandle(pub Rc<RefCell<Engine>>);

impl PartialEq for EngineHandle {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// An open lesson and what was captured when it started.
pub struct ActiveLesson {
    pub lesson: Rc<Lesson>,
    pub opened: Opened,
}

/// Where the page's session came from: its preset and seed, the lesson, if any, and the link it
/// was opened from (in [`PageLink::origin`]'s form), which the saved work remembers.
#[derive(Clone)]
pub struct Classroom {
    pub preset: crate::sim::world::Preset,
    pub seed: u64,
    pub lesson: Option<Rc<ActiveLesson>>,
    pub link: Option<String>,
}

impl PartialEq for Classroom {
    fn eq(&self, other: &Self) -> bool {
        self.preset == other.preset
            && self.seed == other.seed
            && self.link == other.link
            && match (&self.lesson, &other.lesson) {
                (Some(a), Some(b)) => Rc::ptr_eq(a, b),
                (None, None) => true,
                _ => false,
            }
    }
}

impl Default for Classroom {
    fn default() -> Classroom {
        Classroom {
            preset: PRESET_DEFAULT,
            seed: SEED_DEFAULT,
            lesson: None,
            link: None,
        }
    }
}

impl Classroom {
    pub fn lesson_id(&self) -> Option<String> {
        self.lesson.as_ref().map(|active| active.lesson.id.clone())
    }
}

thread_local! {
    static CATALOG: Rc<Vec<Rc<Lesson>>> = Rc::new(
        crate::lessons::all().0.into_iter().map(Rc::new).collect()
    );
}

/// Every lesson that reads, in teaching order.
pub fn catalog() -> Rc<Vec<Rc<Lesson>>> {
    CATALOG.with(Rc::clone)
}

fn find(id: &str) -> Option<Rc<Lesson>> {
    catalog().iter().find(|lesson| lesson.id == id).cloned()
}

fn dispatch_all(dispatch: &Callback<PageAction>, actions: Vec<PageAction>) {
    for action in actions {
        dispatch.emit(action);
    }
}

/// Opens a lesson: the engine is replaced and the page follows.
pub fn open_lesson(
    engine: &EngineHandle,
    lesson: Rc<Lesson>,
    dispatch: &Callback<PageAction>,
) -> Classroom {
    let Ok(mut engine) = engine.0.try_borrow_mut() else {
        return Classroom::default();
    };
    let (opened, actions) = lessons::open_lesson(&mut engine, &lesson);
    drop(engine);
    dispatch_all(dispatch, actions);
    Classroom {
        preset: lesson.preset,
        seed: lesson.seed,
        link: Some(format!("#lesson={}", lesson.id)),
        lesson: Some(Rc::new(ActiveLesson { lesson, opened })),
    }
}

/// The classroom of work saved from `origin` (a link in [`PageLink::origin`]'s form), without
/// touching the page's session: the work itself comes back from the saved journal. A lesson's
/// captured values are read again by opening it on a scratch engine (its setup is
/// deterministic). `None` when the link no longer opens anything (a lesson that was renamed).
pub fn reattach(origin: &str) -> Option<Classroom> {
    let link = share_link::parse_location("", origin);
    let captured = |lesson: Rc<Lesson>| {
        let mut scratch = Engine::new(lesson.preset, lesson.seed);
        let (opened, _) = lessons::open_lesson(&mut scratch, &lesson);
        Rc::new(ActiveLesson { lesson, opened })
    };
    let origin = link.origin();
    match (&link.share, &link.lesson) {
        (Some(payload), _) => {
            let shared = share_link::decode(payload).ok()?;
            Some(Classroom {
                preset: shared.preset,
                seed: shared.seed,
                lesson: shared.lesson.as_deref().and_then(find).map(captured),
                link: origin,
            })
        }
        (None, Some(id)) => {
            let lesson = find(id)?;
            Some(Classroom {
                preset: lesson.preset,
                seed: lesson.seed,
                lesson: Some(captured(lesson)),
                link: origin,
            })
        }
        (None, None) => None,
    }
}

/// A fresh playground: the notes' files on the default cluster.
pub fn open_fresh(engine: &EngineHandle, dispatch: &Callback<PageAction>) -> Classroom {
    let files: Vec<(String, String)> = EXAMPLE_FILES
        .iter()
        .map(|f| (f.name.to_string(), f.text.to_string()))
        .collect();
    if let Ok(mut engine) = engine.0.try_borrow_mut() {
        let actions = lessons::fresh(&mut engine, PRESET_DEFAULT, SEED_DEFAULT, &files);
        drop(engine);
        dispatch_all(dispatch, actions);
    }
    Classroom::default()
}

/// What opening the page's link did: the classroom, and a notice (text, is it an error).
pub fn open_link(
    link: &PageLink,
    engine: &EngineHandle,
    dispatch: &Callback<PageAction>,
    lang: Lang,
) -> (Option<Classroom>, Option<(String, bool)>) {
    if let Some(payload) = &link.share {
        return match share_link::decode(payload) {
            Ok(shared) => {
                let lesson = shared.lesson.as_deref().and_then(find);
                let Ok(mut borrowed) = engine.0.try_borrow_mut() else {
                    return (None, None);
                };
                let (opened, actions) = lessons::restore(&mut borrowed, &shared, lesson.as_deref());
                drop(borrowed);
                dispatch_all(dispatch, actions);
                let notice = S::Restored.with(
                    lang,
                    &[
                        ("files", &shared.files.len().to_string()),
                        ("commands", &shared.commands.len().to_string()),
                        ("seed", &shared.seed.to_string()),
                    ],
                );
                let classroom = Classroom {
                    preset: shared.preset,
                    seed: shared.seed,
                    link: link.origin(),
                    lesson: lesson
                        .zip(opened)
                        .map(|(lesson, opened)| Rc::new(ActiveLesson { lesson, opened })),
                };
                (Some(classroom), Some((notice, false)))
            }
            Err(error) => {
                crate::ui::lang_switch::replace_fragment(None);
                let notice = S::BadLink.with(lang, &[("reason", &error.message(lang))]);
                (Some(Classroom::default()), Some((notice, true)))
            }
        };
    }
    if let Some(id) = &link.lesson {
        return match find(id) {
            Some(lesson) => (Some(open_lesson(engine, lesson, dispatch)), None),
            None => {
                crate::ui::lang_switch::replace_fragment(None);
                let shown: String = id.chars().take(80).collect();
                (None, Some((T::Unknown.with(lang, &[("id", &shown)]), true)))
            }
        };
    }
    (None, None)
}

/// What the share button shares now.
pub fn shared_now(
    classroom: &Classroom,
    files: Vec<(String, String)>,
    commands: Vec<String>,
) -> Shared {
    share_link::shared(
        classroom.preset,
        classroom.seed,
        classroom.lesson_id(),
        files,
        commands,
    )
}

#[derive(Properties, PartialEq)]
pub struct LessonPickerProps {
    pub selected: Option<String>,
    pub on_choose: Callback<Option<String>>,
}

/// The lesson picker: free play or one of the lessons.
#[function_component]
pub fn LessonPicker(props: &LessonPickerProps) -> Html {
    let lang = use_lang();
    let onchange = props.on_choose.reform(|event: Event| {
        let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
        let value = select.value();
        (!value.is_empty()).then_some(value)
    });
    let options = catalog()
        .iter()
        .enumerate()
        .map(|(index, lesson)| {
            let selected = props.selected.as_deref() == Some(lesson.id.as_str());
            html! {
                <option value={lesson.id.clone()} {selected}>
                    { format!("{}. {}", index + 1, lesson.text(lang).title) }
                </option>
            }
        })
        .collect::<Html>();
    html! {
        <label class="lesson-picker">
            <span class="lesson-picker-label">{ T::Lessons.get(lang) }</span>
            <select class="lesson-picker-select" data-testid="lesson-picker" {onchange}>
                <option value="" selected={props.selected.is_none()}>{ T::Free.get(lang) }</option>
                { options }
            </select>
        </label>
    }
}

/// Text with `code` spans: the code shown in `<code>`, all of it as text.
fn inline(text: &str) -> Html {
    text.split('`')
        .enumerate()
        .map(|(index, piece)| {
            if index % 2 == 1 {
                html! { <code>{ piece.to_string() }</code> }
            } else {
                html! { { piece.to_string() } }
            }
        })
        .collect()
}

/// A section's blocks: paragraphs, lists (consecutive items), code.
fn blocks(list: &[Block]) -> Html {
    let mut out: Vec<Html> = Vec::new();
    let mut items: Vec<Html> = Vec::new();
    let mut numbered = false;
    let flush = |items: &mut Vec<Html>, out: &mut Vec<Html>, numbered: bool| {
        if items.is_empty() {
            return;
        }
        let children: Html = items.drain(..).collect();
        out.push(if numbered {
            html! { <ol class="lesson-list">{ children }</ol> }
        } else {
            html! { <ul class="lesson-list">{ children }</ul> }
        });
    };
    for block in list {
        match block {
            Block::Item { number, text } => {
                if !items.is_empty() && numbered != number.is_some() {
                    flush(&mut items, &mut out, numbered);
                }
                numbered = number.is_some();
                items.push(html! { <li>{ inline(text) }</li> });
            }
            Block::Paragraph(text) => {
                flush(&mut items, &mut out, numbered);
                out.push(html! { <p>{ inline(text) }</p> });
            }
            Block::Code(code) => {
                flush(&mut items, &mut out, numbered);
                out.push(html! { <pre class="lesson-code"><code>{ code.clone() }</code></pre> });
            }
        }
    }
    flush(&mut items, &mut out, numbered);
    out.into_iter().collect()
}

#[derive(Properties, PartialEq)]
pub struct LessonPanelProps {
    pub engine: EngineHandle,
    pub classroom: Classroom,
    /// The store version of the view on screen: goals are checked again when it changes.
    pub view_version: u64,
    /// A command is running in the console.
    pub busy: bool,
    pub files: Rc<Vec<crate::ui::state::EditorFile>>,
    pub on_choose: Callback<Option<String>>,
    pub on_run: Callback<String>,
    pub on_action: Callback<PageAction>,
}

/// The solution being typed: its steps and the next one.
#[derive(Clone, PartialEq)]
struct Runner {
    steps: Rc<Vec<Typed>>,
    next: usize,
}

#[function_component]
pub fn LessonPanel(props: &LessonPanelProps) -> Html {
    let lang = use_lang();
    let outcomes = use_state_eq(Vec::<Outcome>::new);
    // How long the last check of the goals took, in microseconds (for the benchmark).
    let check_us = use_state_eq(|| 0u64);
    let show_hints = use_state(|| false);
    let show_solution = use_state(|| false);
    let runner = use_state(|| None::<Runner>);
    let tick = use_state(|| 0u64);
    let active = props.classroom.lesson.clone();
    let lesson_key = active.as_ref().map(|a| Rc::as_ptr(a) as usize);

    // A new lesson: everything revealed is hidden again and the runner stops.
    {
        let (show_hints, show_solution, runner) =
            (show_hints.clone(), show_solution.clone(), runner.clone());
        use_effect_with(lesson_key, move |_| {
            show_hints.set(false);
            show_solution.set(false);
            runner.set(None);
        });
    }

    // Goals, checked by the core whenever the cluster changed.
    {
        let (outcomes, check_us) = (outcomes.clone(), check_us.clone());
        let engine = props.engine.clone();
        let active = active.clone();
        use_effect_with((props.view_version, lesson_key), move |_| {
            let performance = web_sys::window().and_then(|w| w.performance());
            let started = performance.as_ref().map_or(0.0, |p| p.now());
            let checked = match (&active, engine.0.try_borrow()) {
                (Some(active), Ok(engine)) => {
                    lessons::check_goals(&engine, &active.lesson, &active.opened)
                }
                _ => Vec::new(),
            };
            let elapsed = performance.as_ref().map_or(0.0, |p| p.now()) - started;
            check_us.set((elapsed.max(0.0) * 1_000.0) as u64);
            outcomes.set(checked);
        });
    }

    // The runner's clock: while a solution is being typed, a tick every few hundred ms.
    {
        let tick = tick.clone();
        let running = runner.is_some();
        use_effect_with(running, move |running| {
            let interval = running.then(|| {
                let tick = tick.clone();
                Interval::new(RUNNER_TICK_MS, move || tick.set(*tick + 1))
            });
            move || drop(interval)
        });
    }
    // Each tick: when the console is free, the next line is typed.
    {
        let runner = runner.clone();
        let engine = props.engine.clone();
        let on_run = props.on_run.clone();
        let on_action = props.on_action.clone();
        let busy = props.busy;
        let files = props.files.clone();
        use_effect_with(*tick, move |_| {
            if let Some(current) = (*runner).clone() {
                if !busy {
                    match current.steps.get(current.next) {
                        Some(Typed::Line(line)) => on_run.emit(line.clone()),
                        Some(step) => {
                            let mut files: Vec<(String, String)> = files
                                .iter()
                                .map(|f| (f.name.clone(), f.text.clone()))
                                .collect();
                            let actions = engine.0.try_borrow_mut().map(|mut engine| {
                                lessons::run_to_end(&mut engine, step, &mut files, true)
                            });
                            if let Ok(actions) = actions {
                                dispatch_all(&on_action, actions);
                            }
                        }
                        None => {}
                    }
                    let next = current.next + 1;
                    runner.set((next < current.steps.len()).then_some(Runner { next, ..current }));
                }
            }
        });
    }

    let picker = html! {
        <LessonPicker selected={props.classroom.lesson_id()} on_choose={props.on_choose.clone()} />
    };
    let Some(active) = active else {
        return html! {
            <section class="lesson-panel lesson-panel--empty" data-testid="lesson-panel" data-lesson="">
                { picker }
            </section>
        };
    };
    let lesson = &active.lesson;
    let text = lesson.text(lang);
    let number = catalog()
        .iter()
        .position(|l| l.id == lesson.id)
        .map_or(0, |i| i + 1);
    let passed = outcomes.iter().filter(|o| o.passed).count();
    let all_passed = !outcomes.is_empty() && passed == outcomes.len();
    let goals = lesson
        .goals
        .iter()
        .enumerate()
        .map(|(index, goal)| {
            let outcome = outcomes.get(index);
            let ok = outcome.is_some_and(|o| o.passed);
            html! {
                <li class={classes!("lesson-goal", ok.then_some("lesson-goal--passed"))}
                    data-testid="lesson-goal" data-passed={ok.to_string()}>
                    <span class="lesson-goal-mark" aria-hidden="true">{ if ok { "✓" } else { "○" } }</span>
                    <span class="lesson-goal-text">{ goal.text(lang).to_string() }</span>
                    <span class="lesson-goal-state">{ if ok { T::Passed.get(lang) } else { T::NotYet.get(lang) } }</span>
                    if let Some(outcome) = outcome {
                        <span class="lesson-goal-reason">{ outcome.reason(lang) }</span>
                    }
                </li>
            }
        })
        .collect::<Html>();
    let toggle = |flag: &UseStateHandle<bool>| {
        let flag = flag.clone();
        Callback::from(move |_: MouseEvent| flag.set(!*flag))
    };
    let run_solution = {
        let runner = runner.clone();
        let solution = lesson.solution;
        Callback::from(move |_: MouseEvent| {
            if runner.is_some() {
                runner.set(None);
            } else {
                let steps = lessons::typed(solution);
                if !steps.is_empty() {
                    runner.set(Some(Runner {
                        steps: Rc::new(steps),
                        next: 0,
                    }));
                }
            }
        })
    };
    let restart = {
        let on_choose = props.on_choose.clone();
        let id = lesson.id.clone();
        Callback::from(move |_: MouseEvent| on_choose.emit(Some(id.clone())))
    };
    let close = props.on_choose.reform(|_: MouseEvent| None);
    let runner_note = (*runner).as_ref().map(|r| {
        T::RunningSolution.with(
            lang,
            &[
                ("line", &(r.next + 1).to_string()),
                ("total", &r.steps.len().to_string()),
            ],
        )
    });

    html! {
        <section class="lesson-panel" data-testid="lesson-panel" data-lesson={lesson.id.clone()}
                 data-all-passed={all_passed.to_string()} data-check-us={check_us.to_string()}
                 aria-labelledby="lesson-title">
            <div class="lesson-bar">
                { picker }
                <button type="button" class="frame-button" onclick={restart}>{ T::Restart.get(lang) }</button>
                <button type="button" class="frame-button" onclick={close}>{ T::Close.get(lang) }</button>
            </div>
            <div class="lesson-body">
                <div class="lesson-text">
                    <h2 id="lesson-title" class="lesson-title">
                        <span class="lesson-number">{ T::Number.with(lang, &[("number", &number.to_string())]) }</span>
                        { " " }{ text.title.clone() }
                    </h2>
                    <p class="lesson-cluster">{ T::Cluster.with(lang, &[("preset", lesson.preset.name()), ("seed", &lesson.seed.to_string())]) }</p>
                    <h3>{ T::Introduction.get(lang) }</h3>
                    { blocks(&text.introduction) }
                    <h3>{ T::Tasks.get(lang) }</h3>
                    { blocks(&text.tasks) }
                </div>
                <div class="lesson-side">
                    <h3>
                        { T::Goals.get(lang) }
                        <span class="lesson-progress">
                            { T::Progress.with(lang, &[("passed", &passed.to_string()), ("total", &lesson.goals.len().to_string())]) }
                        </span>
                    </h3>
                    <ul class="lesson-goals">{ goals }</ul>
                    if all_passed {
                        <div class="lesson-learned" data-testid="lesson-learned">
                            <p class="lesson-done">{ T::AllPassed.get(lang) }</p>
                            <h3>{ T::Learned.get(lang) }</h3>
                            { blocks(&text.learned) }
                        </div>
                    }
                    <div class="lesson-reveal">
                        <button type="button" class="frame-button" data-testid="lesson-hints-toggle"
                                aria-expanded={show_hints.to_string()} onclick={toggle(&show_hints)}>
                            { if *show_hints { T::HideHints.get(lang) } else { T::ShowHints.get(lang) } }
                        </button>
                        <button type="button" class="frame-button" data-testid="lesson-solution-toggle"
                                aria-expanded={show_solution.to_string()} onclick={toggle(&show_solution)}>
                            { if *show_solution { T::HideSolution.get(lang) } else { T::ShowSolution.get(lang) } }
                        </button>
                        <button type="button" class="frame-button" data-testid="lesson-run-solution"
                                data-running={runner.is_some().to_string()} onclick={run_solution}>
                            { if runner.is_some() { T::StopSolution.get(lang) } else { T::RunSolution.get(lang) } }
                        </button>
                    </div>
                    if let Some(note) = runner_note {
                        <p class="classroom-note" aria-live="polite">{ note }</p>
                    }
                    if *show_hints {
                        <div class="lesson-hints" data-testid="lesson-hints">
                            <h3>{ T::Hints.get(lang) }</h3>
                            { blocks(&text.hints) }
                        </div>
                    }
                    if *show_solution {
                        <div class="lesson-solution" data-testid="lesson-solution">
                            <h3>{ T::Solution.get(lang) }</h3>
                            <pre class="lesson-code"><code>{ lesson.solution.to_string() }</code></pre>
                        </div>
                    }
                </div>
            </div>
        </section>
    }
}
