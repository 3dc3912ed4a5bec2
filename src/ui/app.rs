//! The page's root: it owns the [`Engine`] (the session), the one reducer state, and the frame
//! loop that lets simulated time flow while playing. Every child gets plain data and callbacks.
//!
//! Architecture Invariant: the engine is borrowed only inside event handlers and frame
//! callbacks, never while rendering, and every borrow ends before an action is dispatched.

use std::rc::Rc;

use yew::prelude::*;

use crate::sim::session::Fault;
use crate::ui::cluster::{ClusterActions, ClusterPanel};
use crate::ui::cluster_inspect::Inspector;
use crate::ui::console::Console;
use crate::ui::controls::TimeControls;
use crate::ui::editor::Editor;
use crate::ui::engine::{Engine, PRESET_DEFAULT, SEED_DEFAULT};
use crate::ui::events::EventLog;
use crate::ui::i18n::{Lang, Message};
use crate::ui::lang_switch::{self, LangSwitch};
use crate::ui::lessons_panel::{self, Classroom, EngineHandle, LessonPanel};
use crate::ui::presenter::Shortcut;
use crate::ui::presenter_view::{self, Captions, PresenterToggle, ShortcutHelp};
use crate::ui::share_dialog::{self, Notice, ShareDialog};
use crate::ui::share_link;
use crate::ui::state::{ObjectRef, PageAction, PageState, SPEEDS};
use crate::ui::theme::ThemeToggle;
use crate::ui::timeline::{SavedStateMessage, Timeline};
use crate::ui::timers::FrameLoop;
use crate::ui::words::page::PageText;
use crate::ui::words::share::ShareText;
use crate::ui::{panic, persist};

impl Reducible for PageState {
    type Action = PageAction;

    fn reduce(self: Rc<Self>, action: PageAction) -> Rc<Self> {
        Rc::new(Rc::unwrap_or_clone(self).apply(action))
    }
}

/// The language every component reads with `use_context::<Lang>()`.
#[hook]
pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_default()
}

/// The whole page.
#[function_component]
pub fn App() -> Html {
    // --- Classroom: what the link asks for, the language, lessons, sharing, presenter mode ---
    let link = use_memo((), |_| lang_switch::read_link());
    let lang = {
        let link = link.clone();
        use_state(move || lang_switch::initial_lang(&link))
    };
    let classroom = use_state(Classroom::default);
    let notice = use_state(|| None::<(String, bool)>);
    // The notice offers to bring back the work a link or lesson replaced.
    let offer_earlier = use_state(|| false);
    let present = use_state(|| link.present);
    let help = use_state(|| false);
    let sharing = use_state(|| false);
    // --- end of the classroom's state ---
    let engine = use_mut_ref(|| Engine::new(PRESET_DEFAULT, SEED_DEFAULT));
    // The link the restored work was opened from: `Some(None)` for restored work without one.
    let restored_link = use_mut_ref(|| None::<Option<String>>);
    // Where this page keeps its work: an embed has a slot of its own.
    let slot = {
        let link = link.clone();
        use_memo((), move |_| match link.embed {
            true => persist::Slot::embedded(link.origin().as_deref()),
            false => persist::Slot::main(),
        })
    };
    let state = {
        let (engine, restored_link, slot) = (engine.clone(), restored_link.clone(), slot.clone());
        let lang = *lang;
        use_reducer(move || {
            let (state, link) = restore(&mut engine.borrow_mut(), lang, &slot);
            *restored_link.borrow_mut() = link;
            state
        })
    };
    panic::set_lang(*lang);

    {
        let state = state.clone();
        use_effect_with((), move |_| {
            panic::install_test_trigger();
            state.dispatch(PageAction::Mounted)
        });
    }

    // --- timeline: autosave, shortly after the work changes (and every few simulated seconds):
    // at most one save per AUTOSAVE_DELAY_MS, always of the newest work.
    {
        let (engine, slot) = (engine.clone(), slot.clone());
        let dispatcher = state.dispatcher();
        let pending = use_mut_ref(|| None::<gloo_timers::callback::Timeout>);
        let due = use_mut_ref(|| false);
        type Work = (Vec<(String, String)>, usize, Vec<String>, Option<String>);
        let latest = use_mut_ref(|| None::<Work>);
        let reported = use_mut_ref(|| false);
        let work = (
            state.file_contents(),
            state.selected_file,
            state.console.history.clone(),
            classroom.link.clone(),
        );
        let lang = *lang;
        let deps = (
            state.files.clone(),
            state.timeline.clone(),
            state.console.history.len(),
            state.clock.ms / 5_000,
            state.selected_file,
            classroom.link.clone(),
        );
        // Saves the newest work, if a save is due; says once when the browser refuses.
        let save_latest = {
            let (due, latest) = (due.clone(), latest.clone());
            Rc::new(move || {
                *due.borrow_mut() = false;
                let Some((files, selected, history, link)) = latest.borrow_mut().take() else {
                    return;
                };
                let text = {
                    let engine = engine.borrow();
                    persist::encode(
                        engine.journal(),
                        &files,
                        selected,
                        &history,
                        link.as_deref(),
                    )
                };
                panic::set_saved(&text);
                if let Err(notice) = persist::save(&slot, &text) {
                    if !std::mem::replace(&mut *reported.borrow_mut(), true) {
                        let message = notice_text(lang, &notice);
                        dispatcher.dispatch(PageAction::SavedStateMessage(message));
                    }
                }
            })
        };
        {
            // A page being closed or hidden (a phone puts it away) saves at once: the delay
            // must not lose the last keystrokes.
            let save_latest = save_latest.clone();
            use_effect_with(lang, move |_| {
                let window = web_sys::window();
                let document = window.as_ref().and_then(|window| window.document());
                let on_hide = save_latest.clone();
                let listeners = (
                    window.map(|window| {
                        gloo_events::EventListener::new(&window, "pagehide", move |_| on_hide())
                    }),
                    document.map(|document| {
                        gloo_events::EventListener::new(&document, "visibilitychange", move |_| {
                            save_latest()
                        })
                    }),
                );
                move || drop(listeners)
            });
        }
        use_effect_with(deps, move |_| {
            *latest.borrow_mut() = Some(work);
            if !std::mem::replace(&mut *due.borrow_mut(), true) {
                let save =
                    gloo_timers::callback::Timeout::new(AUTOSAVE_DELAY_MS, move || save_latest());
                // The timeout replaced here has already fired (a save was not due).
                *pending.borrow_mut() = Some(save);
            }
        });
    }

    // --- Classroom: open what the link asks for, follow the language, the shortcuts ---
    let dispatch_action = {
        let state = state.clone();
        Callback::from(move |action: PageAction| state.dispatch(action))
    };
    // The work on the page now, as it would be saved with `link` (the link it came from): what
    // a link or lesson keeps before it replaces the work (`None` for the untouched first page,
    // unless `always`).
    let current_work = {
        let (engine, state) = (engine.clone(), state.clone());
        Rc::new(move |always: bool, link: Option<&str>| {
            let files = state.file_contents();
            let engine = engine.borrow();
            (always || !persist::untouched(engine.journal(), &files, link)).then(|| {
                let history = &state.console.history;
                persist::encode(engine.journal(), &files, state.selected_file, history, link)
            })
        })
    };
    let keep_current_work = {
        let (current_work, slot) = (current_work.clone(), slot.clone());
        move |link: Option<&str>| {
            current_work(false, link)
                .is_some_and(|text| persist::keep_previous(&slot, &text).is_ok())
        }
    };
    // Opens a link over the work on the page, which came from the second link.
    let open_link = {
        let (engine, dispatch) = (EngineHandle(engine.clone()), dispatch_action.clone());
        let (classroom, notice, lang) = (classroom.clone(), notice.clone(), *lang);
        let (offer_earlier, keep) = (offer_earlier.clone(), keep_current_work.clone());
        Callback::from(
            move |(link, current): (Rc<share_link::PageLink>, Option<String>)| {
                let kept = link.origin().is_some() && keep(current.as_deref());
                let (opened, message) = lessons_panel::open_link(&link, &engine, &dispatch, lang);
                if let Some(opened) = opened {
                    classroom.set(opened);
                }
                offer_earlier.set(kept);
                notice.set(with_kept(message, kept, lang));
            },
        )
    };
    {
        // A reload of the link the saved work came from (or of the bare page) keeps the work
        // and its lesson; another link replaces it, keeping it as the earlier work.
        let (link, open_link, classroom) = (link.clone(), open_link.clone(), classroom.clone());
        let restored_link = restored_link.clone();
        use_effect_with((), move |_| {
            let restored = restored_link.borrow_mut().take().flatten();
            match (link.origin(), restored) {
                (Some(origin), restored) if restored.as_ref() != Some(&origin) => {
                    open_link.emit((link, restored));
                }
                (_, Some(saved)) => {
                    if let Some(reattached) = lessons_panel::reattach(&saved) {
                        classroom.set(reattached);
                    }
                }
                (_, None) => {}
            }
        });
    }
    {
        let classroom = classroom.clone();
        lang_switch::use_fragment_links(
            open_link.reform(move |link| (Rc::new(link), classroom.link.clone())),
        );
    }
    let bring_back = {
        let (engine, dispatch, slot) = (engine.clone(), dispatch_action.clone(), slot.clone());
        let (classroom, notice, lang) = (classroom.clone(), notice.clone(), *lang);
        let (offer_earlier, current_work) = (offer_earlier.clone(), current_work.clone());
        Callback::from(move |()| {
            // The work on the page is kept in its place even when untouched, so that the swap
            // can be undone.
            let current = current_work(true, classroom.link.as_deref()).unwrap_or_default();
            let (text, is_error, offer) = match persist::swap_previous(&slot, &current) {
                persist::Previous::Back(saved) => {
                    let link = saved.link.clone();
                    let actions = replay_saved(&mut engine.borrow_mut(), *saved);
                    for action in actions {
                        dispatch.emit(action);
                    }
                    let reattached = link.as_deref().and_then(lessons_panel::reattach);
                    lang_switch::replace_fragment(
                        reattached.as_ref().and_then(|c| c.link.as_deref()),
                    );
                    classroom.set(reattached.unwrap_or_default());
                    (ShareText::BroughtBack.get(lang).to_string(), false, true)
                }
                persist::Previous::Missing => {
                    (ShareText::NoEarlier.get(lang).to_string(), true, false)
                }
                persist::Previous::Unreadable { why, key } => (
                    ShareText::EarlierUnreadable.with(lang, &[("why", &why), ("key", &key)]),
                    true,
                    false,
                ),
            };
            offer_earlier.set(offer);
            notice.set(Some((text, is_error)));
        })
    };
    use_effect_with(*lang, |lang| lang_switch::set_document_lang(*lang));
    let on_lang = {
        let lang = lang.clone();
        Callback::from(move |chosen: Lang| {
            lang_switch::save(chosen);
            lang.set(chosen);
        })
    };
    let on_choose_lesson = {
        let (engine, dispatch) = (EngineHandle(engine.clone()), dispatch_action.clone());
        let (classroom, notice, lang) = (classroom.clone(), notice.clone(), *lang);
        let (offer_earlier, keep) = (offer_earlier.clone(), keep_current_work);
        Callback::from(move |id: Option<String>| {
            let lesson = id.as_deref().and_then(|id| {
                lessons_panel::catalog()
                    .iter()
                    .find(|l| l.id == id)
                    .cloned()
            });
            let kept = keep(classroom.link.as_deref());
            offer_earlier.set(kept);
            notice.set(with_kept(None, kept, lang));
            match lesson {
                Some(lesson) => {
                    lang_switch::replace_fragment(Some(&format!("#lesson={}", lesson.id)));
                    classroom.set(lessons_panel::open_lesson(&engine, lesson, &dispatch));
                }
                None => {
                    lang_switch::replace_fragment(None);
                    classroom.set(lessons_panel::open_fresh(&engine, &dispatch));
                }
            }
        })
    };
    // --- end of the classroom's effects ---
    // While playing, every animation frame moves simulated time by real time × speed.
    {
        let engine = engine.clone();
        let dispatcher = state.dispatcher();
        let speed = state.speed();
        use_effect_with((state.playing, state.speed_index), move |(playing, _)| {
            let frames = playing.then(|| {
                FrameLoop::start(move |elapsed_ms| {
                    let update = engine.borrow_mut().frame(elapsed_ms, speed);
                    if let Some(update) = update {
                        dispatcher.dispatch(PageAction::Updated(update));
                    }
                })
            });
            move || drop(frames)
        });
    }

    // A console line: echoed, remembered, run.
    let run_line = {
        let engine = engine.clone();
        let state = state.clone();
        Callback::from(move |line: String| {
            panic::note_input(&line);
            state.dispatch(PageAction::Submitted(line.clone()));
            let files = state.file_contents();
            let update = engine.borrow_mut().run_line(&line, &files);
            state.dispatch(PageAction::Updated(update));
        })
    };
    let interrupt = {
        let engine = engine.clone();
        let state = state.clone();
        Callback::from(move |()| {
            panic::note_input("Ctrl+C");
            let update = engine.borrow_mut().interrupt();
            state.dispatch(PageAction::Updated(update));
        })
    };
    let step = {
        let engine = engine.clone();
        let state = state.clone();
        Callback::from(move |()| {
            let update = engine.borrow_mut().step();
            state.dispatch(PageAction::Updated(update));
        })
    };
    // --- timeline: moves in time, restart.
    let engine_action = |name: &'static str, act: fn(&mut Engine) -> crate::ui::state::Update| {
        let engine = engine.clone();
        let state = state.clone();
        Callback::from(move |()| {
            panic::note_input(name);
            let update = act(&mut engine.borrow_mut());
            state.dispatch(PageAction::Updated(update));
        })
    };
    let on_back = engine_action("back to now", Engine::back_to_now);
    let on_fork = engine_action("fork", Engine::fork);
    let on_restart = engine_action("restart", |engine| {
        let seed = engine.journal().seed;
        engine.restart(seed)
    });
    let on_new_seed = engine_action("new seed", |engine| {
        let seed = engine.next_seed();
        engine.restart(seed)
    });
    let on_view = {
        let engine = engine.clone();
        let state = state.clone();
        Callback::from(move |moment: crate::sim::journal::Moment| {
            panic::note_input(&format!(
                "timeline: view {} ms, {} inputs",
                moment.at, moment.inputs
            ));
            state.dispatch(PageAction::Pause);
            let update = engine.borrow_mut().view_at(moment);
            state.dispatch(PageAction::Updated(update));
        })
    };
    let dismiss_saved = {
        let state = state.clone();
        Callback::from(move |()| state.dispatch(PageAction::DismissSavedStateMessage))
    };
    // Cluster view, inspector, event log and console completion (view engineer).
    // The cluster's callbacks are made once per language, so a new view re-renders only the
    // cards that changed. Cluster buttons name no file, so they pass no files.
    let linked_volume = use_state(|| None::<String>);
    let cluster_actions = {
        let engine = engine.clone();
        let dispatcher = state.dispatcher();
        let set_linked = linked_volume.setter();
        use_memo(*lang, move |lang| {
            let lang = *lang;
            let command = {
                let engine = engine.clone();
                let dispatcher = dispatcher.clone();
                Callback::from(move |line: String| {
                    dispatcher.dispatch(PageAction::Submitted(line.clone()));
                    let update = engine.borrow_mut().run_line(&line, &[]);
                    dispatcher.dispatch(PageAction::Updated(update));
                })
            };
            let fault = {
                let engine = engine.clone();
                let dispatcher = dispatcher.clone();
                Callback::from(move |(namespace, name, fault): (String, String, Fault)| {
                    let update = engine
                        .borrow_mut()
                        .pod_fault(&namespace, &name, fault, lang);
                    dispatcher.dispatch(PageAction::Updated(update));
                })
            };
            let select = {
                let dispatcher = dispatcher.clone();
                Callback::from(move |target: ObjectRef| {
                    dispatcher.dispatch(PageAction::Select(Some(target)));
                })
            };
            let fill = {
                let dispatcher = dispatcher.clone();
                Callback::from(move |line: String| {
                    dispatcher.dispatch(PageAction::ConsoleFill(line))
                })
            };
            let link = Callback::from(move |volume: Option<String>| set_linked.set(volume));
            ClusterActions {
                command,
                select,
                fault,
                fill,
                link,
            }
        })
    };
    let complete = {
        let engine = engine.clone();
        let dispatcher = state.dispatcher();
        Callback::from(move |input: String| {
            let completion = engine.borrow().complete(&input);
            dispatcher.dispatch(PageAction::Completed(completion));
        })
    };
    // The inspector prints the selected object again whenever the cluster changed.
    {
        let engine = engine.clone();
        let dispatcher = state.dispatcher();
        use_effect_with(
            (state.selected.clone(), state.view.resource_version),
            move |(selected, _)| {
                if let Some(target) = selected {
                    let inspection = engine.borrow_mut().inspect(target);
                    dispatcher.dispatch(PageAction::Inspected(Rc::new(inspection)));
                }
            },
        );
    }
    let close_inspector = {
        let dispatcher = state.dispatcher();
        Callback::from(move |()| dispatcher.dispatch(PageAction::Select(None)))
    };
    let select_object = cluster_actions.select.clone();
    let set_event_filter = {
        let dispatcher = state.dispatcher();
        Callback::from(move |filter: String| dispatcher.dispatch(PageAction::EventFilter(filter)))
    };

    let apply_file = run_line.reform(|name: String| format!("kubectl apply -f {name}"));

    // --- Classroom: shortcuts, share, export ---
    {
        let presenting = *present;
        let (state, step, present, help) =
            (state.clone(), step.clone(), present.clone(), help.clone());
        let on_shortcut = Callback::from(move |shortcut: Shortcut| match shortcut {
            Shortcut::PlayPause => state.dispatch(if state.playing {
                PageAction::Pause
            } else {
                PageAction::Play
            }),
            Shortcut::Step => step.emit(()),
            Shortcut::Faster => state.dispatch(PageAction::SetSpeed(
                (state.speed_index + 1).min(SPEEDS.len() - 1),
            )),
            Shortcut::Slower => {
                state.dispatch(PageAction::SetSpeed(state.speed_index.saturating_sub(1)))
            }
            Shortcut::Help => help.set(!*help),
            Shortcut::Close => help.set(false),
            Shortcut::TogglePresenter => present.set(!*present),
        });
        presenter_view::use_shortcuts(presenting, on_shortcut);
    }
    let shared = lessons_panel::shared_now(
        &classroom,
        state.file_contents(),
        state.console.history.clone(),
    );
    let export = {
        let (shared, notice, lang) = (shared.clone(), notice.clone(), *lang);
        Callback::from(move |_: MouseEvent| {
            let count = share_dialog::download_export(&shared);
            let text = ShareText::ExportedFiles.with(lang, &[("count", &count.to_string())]);
            notice.set(Some((text, false)));
        })
    };
    let toggle = |flag: &UseStateHandle<bool>| {
        let flag = flag.clone();
        Callback::from(move |()| flag.set(!*flag))
    };
    let open_share = toggle(&sharing).reform(|_: MouseEvent| ());
    let embed = link.embed;
    // --- end of the classroom's callbacks ---
    let dispatch = {
        let state = state.clone();
        Callback::from(move |action: PageAction| state.dispatch(action))
    };
    let busy = state.running.is_some();

    html! {
        <ContextProvider<Lang> context={*lang}>
        <div id="playground"
             class={classes!("playground", present.then_some("playground--present"), embed.then_some("playground--embed"))}
             lang={lang.code()} data-ready={state.is_mounted.to_string()}
             data-seed={classroom.seed.to_string()} data-preset={classroom.preset.name()}>
            <header class="page-header">
                if !embed {
                    <h1 class="page-title">{ PageText::Title.get(*lang) }</h1>
                }
                <TimeControls
                    playing={state.playing}
                    speed_index={state.speed_index}
                    clock={state.clock.clone()}
                    viewing_past={state.timeline.viewing.is_some()}
                    seed={state.timeline.seed}
                    on_action={dispatch.clone()}
                    on_step={step}
                    on_restart={on_restart}
                    on_new_seed={on_new_seed}
                />
                <div class="frame-tools">
                    if embed {
                        <a class="frame-button" href={lang_switch::full_page_address()}
                           target="_blank" rel="noopener">{ ShareText::OpenFull.get(*lang) }</a>
                    } else {
                        <button type="button" class="frame-button" data-testid="share" onclick={open_share}>{ ShareText::Share.get(*lang) }</button>
                        <button type="button" class="frame-button" data-testid="export"
                                title={ShareText::ExportTitle.get(*lang)} onclick={export}>{ ShareText::Export.get(*lang) }</button>
                        <PresenterToggle on={*present} on_toggle={toggle(&present)} />
                    }
                    <LangSwitch lang={*lang} on_change={on_lang} />
                    <ThemeToggle />
                </div>
            </header>
            <Timeline
                timeline={state.timeline.clone()}
                now_ms={state.clock.ms}
                {on_view}
                {on_back}
                {on_fork}
            />
            <SavedStateMessage message={state.saved_state_message.clone()} on_dismiss={dismiss_saved} />
            if let Some((text, is_error)) = (*notice).clone() {
                <Notice {text} {is_error}
                        action={offer_earlier.then(|| (AttrValue::from(ShareText::BringBack.get(*lang)), bring_back.clone()))}
                        on_close={{ let notice = notice.clone(); Callback::from(move |()| notice.set(None)) }} />
            }
            if *sharing {
                <ShareDialog shared={shared.clone()} on_close={toggle(&sharing)} />
            }
            if *help {
                <ShortcutHelp on_close={toggle(&help)} />
            }
            if *present {
                <Captions view={state.view.clone()} playing={state.playing} speed={state.speed()} />
            }
            if !embed || classroom.lesson.is_some() {
                <LessonPanel
                    engine={EngineHandle(engine.clone())}
                    classroom={(*classroom).clone()}
                    view_version={state.view.resource_version}
                    busy={busy}
                    files={state.files.clone()}
                    on_choose={on_choose_lesson}
                    on_run={run_line.clone()}
                    on_action={dispatch_action}
                />
            }
            <main class="page-main">
                <div class="page-column page-column--work">
                    <Editor
                        files={state.files.clone()}
                        selected={state.selected_file}
                        busy={busy}
                        on_action={dispatch.clone()}
                        on_apply={apply_file}
                    />
                    <Console
                        console={state.console.clone()}
                        running={state.running.clone()}
                        on_action={dispatch}
                        on_run={run_line.clone()}
                        on_interrupt={interrupt}
                        on_complete={complete}
                    />
                    if let Some(target) = &state.selected {
                        <Inspector
                            target={target.clone()}
                            inspection={state.inspection.clone()}
                            busy={busy}
                            actions={(*cluster_actions).clone()}
                            on_close={close_inspector}
                        />
                    }
                </div>
                <div class="page-column page-column--cluster">
                    <ClusterPanel
                        view={state.view.clone()}
                        linked={(*linked_volume).clone()}
                        busy={busy}
                        selected={state.selected.clone()}
                        actions={(*cluster_actions).clone()}
                    />
                    <EventLog
                        events={state.view.events.clone()}
                        total={state.view.events_total}
                        filter={state.event_filter.clone()}
                        on_filter={set_event_filter}
                        on_select={select_object}
                    />
                </div>
            </main>
        </div>
        </ContextProvider<Lang>>
    }
}

// --- timeline (journal, replay, autosave) ---

/// How long the page waits after a change before it saves the work.
const AUTOSAVE_DELAY_MS: u32 = 250;

/// The page as it opens: the saved work replayed if there is any, else the notes' files; a
/// message when saved work had to be set aside. Also the link the restored work came from
/// (`Some(None)` for restored work without a link, `None` when nothing was restored).
fn restore(
    engine: &mut Engine,
    lang: Lang,
    slot: &persist::Slot,
) -> (PageState, Option<Option<String>>) {
    let loaded = persist::load(slot);
    let link = loaded.saved.as_ref().map(|saved| saved.link.clone());
    let mut state = match loaded.saved {
        Some(saved) => {
            let actions = replay_saved(engine, saved);
            actions
                .into_iter()
                .fold(PageState::new(engine.view()), PageState::apply)
        }
        None => {
            let mut state = PageState::new(engine.view());
            state.timeline = engine.timeline();
            state
        }
    };
    persist::replay_done(slot);
    if let Some(notice) = loaded.notice {
        state = state.apply(PageAction::SavedStateMessage(notice_text(lang, &notice)));
    }
    (state, link)
}

/// Replays saved work into `engine`; the actions that show it (the replayed console, the
/// editor's tabs, the console's history).
fn replay_saved(engine: &mut Engine, saved: persist::Saved) -> [PageAction; 2] {
    let (restored, update) = Engine::restore(saved.journal);
    *engine = restored;
    [
        PageAction::Updated(update),
        PageAction::Restored {
            files: saved.files,
            selected: saved.selected,
            history: saved.history,
        },
    ]
}

/// A link's notice, saying that the work it replaced is kept.
fn with_kept(message: Option<(String, bool)>, kept: bool, lang: Lang) -> Option<(String, bool)> {
    let kept_text = ShareText::KeptEarlier.get(lang);
    match (message, kept) {
        (Some((text, is_error)), true) => Some((format!("{text} {kept_text}"), is_error)),
        (None, true) => Some((kept_text.to_string(), false)),
        (message, false) => message,
    }
}

fn notice_text(lang: Lang, notice: &persist::Notice) -> String {
    use crate::ui::words::time::SavedText;
    match notice {
        persist::Notice::Unreadable { why, key } => {
            SavedText::Unreadable.with(lang, &[("why", why), ("key", key)])
        }
        persist::Notice::Crashed { key } => SavedText::Crashed.with(lang, &[("key", key)]),
        persist::Notice::CannotSave { why } => SavedText::CannotSave.with(lang, &[("why", why)]),
    }
}
