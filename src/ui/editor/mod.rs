//! The manifest editor: file tabs ([`tabs`]), CodeMirror 6 ([`codemirror`]) with YAML
//! highlighting, line numbers, undo/redo, search and a lint gutter, the Apply button, and the
//! problems list under the editor.
//!
//! Diagnostics while typing: an edit schedules the core's [`view::diagnostics`] for the next
//! animation frame, so the keystrokes of one frame share one computation and the problems
//! appear within the frame after the edit. When the last computation took longer than
//! [`FRAME_WORK_MS_MAX`] (a large file), the next waits for
//! [`DIAGNOSTICS_DEBOUNCE_MS`] of quiet instead, so typing stays smooth. Either way the next
//! edit cancels what is pending, and results for an older revision are dropped by the reducer.
//!
//! Leaves out: the file rules (names, the last file), which are the reducer's
//! ([`crate::ui::state`]), and saving files, which is the page's.
//!
//! CodeMirror's bundle is imported when the editor mounts, after the page's first render, so
//! its evaluation and first layout are not on the way to the first render; the editor appears
//! a moment later.
//!
//! Architecture Invariant: the page's state owns the text; CodeMirror reports each edit as
//! [`PageAction::EditFile`] and is told the text back, which it ignores when equal. The host
//! element (`data-testid="editor"`) holds CodeMirror in its shadow root (see
//! `www/editor/editor.js` for why: the Content-Security-Policy).

mod codemirror;
mod tabs;

use std::cell::RefCell;
use std::rc::Rc;

use gloo_render::{request_animation_frame, AnimationFrame};
use gloo_timers::callback::Timeout;
use web_sys::HtmlElement;
use yew::prelude::*;

use crate::sim::view::{self, DiagnosticView};
use crate::ui::app::use_lang;
use crate::ui::i18n::Message;
use crate::ui::state::{EditorFile, PageAction};
use crate::ui::words::editor::EditorText;

use self::codemirror::{performance_now, CodeMirror};
use self::tabs::{tab_id, FileTabs};

/// How long typing must pause before diagnostics are recomputed, once they have become slow.
pub const DIAGNOSTICS_DEBOUNCE_MS: u32 = 150;
/// Diagnostics that took at most this long run on the next animation frame.
pub const FRAME_WORK_MS_MAX: f64 = 8.0;

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub files: Rc<Vec<EditorFile>>,
    pub selected: usize,
    /// A command is running (Apply would be refused).
    pub busy: bool,
    pub on_action: Callback<PageAction>,
    /// Apply the named file.
    pub on_apply: Callback<String>,
}

/// The file the editor showed last: where it was among how many files, and its name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Shown {
    index: usize,
    count: usize,
    name: String,
}

/// The old name, when going from `previous` to `current` is a rename of the file on screen:
/// same place, same number of files, a new name, and the old name gone.
fn renamed_from<'a>(previous: &'a Shown, current: &Shown, names: &[String]) -> Option<&'a str> {
    let renamed = previous.index == current.index
        && previous.count == current.count
        && previous.name != current.name
        && !names.contains(&previous.name);
    renamed.then_some(previous.name.as_str())
}

/// Work scheduled for the diagnostics; dropping it cancels it.
enum Pending {
    Frame { _frame: AnimationFrame },
    Quiet { _timeout: Timeout },
}

#[function_component]
pub fn Editor(props: &EditorProps) -> Html {
    let lang = use_lang();
    let host = use_node_ref();
    let editor: Rc<RefCell<Option<CodeMirror>>> = use_mut_ref(|| None);
    let mount_error = use_state(|| None::<String>);
    let last_work_ms = use_mut_ref(|| 0.0_f64);
    let shown: Rc<RefCell<Shown>> = use_mut_ref(Shown::default);
    let ready = use_state(|| false);
    let index = props.selected;
    let file = props
        .files
        .get(index)
        .cloned()
        .unwrap_or_else(|| EditorFile::new("", ""));
    let label = EditorText::Contents.with(lang, &[("name", file.name.as_str())]);
    let hint = EditorText::KeyboardHint.get(lang);

    // Each edit in CodeMirror becomes an EditFile for the file on screen now.
    let on_change = use_mut_ref(Callback::<String>::noop);
    *on_change.borrow_mut() = props
        .on_action
        .reform(move |text| PageAction::EditFile { index, text });

    // Mount CodeMirror once, after the first render (its bundle is imported then); unmounting
    // destroys it. `ready` turns true when it is there, which runs the effects below again.
    {
        let editor = editor.clone();
        let host = host.clone();
        let mount_error = mount_error.clone();
        let ready = ready.clone();
        let on_change = on_change.clone();
        let label = label.clone();
        use_effect_with((), move |_| {
            if let Some(element) = host.cast::<HtmlElement>() {
                let report = move |text: String| {
                    // Cloned out first: emitting may render, which replaces the callback.
                    let callback = on_change.borrow().clone();
                    callback.emit(text);
                };
                let slot = editor.clone();
                let still_here = element.clone();
                let on_mounted = move |mounted: Result<CodeMirror, String>| match mounted {
                    // A page that went away meanwhile drops the editor here.
                    Ok(mounted) if still_here.is_connected() => {
                        *slot.borrow_mut() = Some(mounted);
                        ready.set(true);
                    }
                    Ok(_) => {}
                    Err(error) => mount_error.set(Some(error)),
                };
                CodeMirror::mount(&element, report, &label, hint, lang, on_mounted);
            }
            move || drop(editor.borrow_mut().take())
        });
    }

    // Show the selected file's text (CodeMirror ignores it when it already shows it).
    {
        let editor = editor.clone();
        let mount_error = mount_error.clone();
        let shown = shown.clone();
        let names: Vec<String> = props.files.iter().map(|f| f.name.clone()).collect();
        use_effect_with(
            (file.name.clone(), file.text.clone(), names, *ready),
            move |(name, text, names, _)| {
                let current = Shown {
                    index,
                    count: names.len(),
                    name: name.clone(),
                };
                let previous = shown.replace(current.clone());
                let renamed_from = renamed_from(&previous, &current, names);
                if let Some(mounted) = editor.borrow().as_ref() {
                    let names: Vec<&str> = names.iter().map(String::as_str).collect();
                    if let Err(error) = mounted.show(name, text, &names, renamed_from) {
                        mount_error.set(Some(error));
                    }
                }
            },
        );
    }

    // Lint markers for the diagnostics of the revision on screen.
    {
        let editor = editor.clone();
        let fresh = file.revision == file.diagnostics_revision;
        use_effect_with(
            (file.name.clone(), fresh, file.diagnostics.clone(), *ready),
            move |(_, fresh, diagnostics, _)| {
                if let (true, Some(mounted)) = (*fresh, editor.borrow().as_ref()) {
                    let _ = mounted.set_diagnostics(diagnostics);
                }
            },
        );
    }

    // CodeMirror's words and the text box's name follow the language and the file.
    {
        let editor = editor.clone();
        use_effect_with((lang, label.clone(), *ready), move |(lang, label, _)| {
            if let Some(mounted) = editor.borrow().as_ref() {
                let _ = mounted.set_lang(*lang);
                let _ = mounted.set_label(label, EditorText::KeyboardHint.get(*lang));
            }
        });
    }

    // Diagnostics for the revision on screen: next frame, or after quiet when they are slow.
    {
        let on_action = props.on_action.clone();
        let name = file.name.clone();
        let text = file.text.clone();
        let revision = file.revision;
        let pending = file.revision != file.diagnostics_revision;
        let last_work_ms = last_work_ms.clone();
        use_effect_with((index, revision, name.clone()), move |_| {
            let job = pending.then(|| {
                let slow = *last_work_ms.borrow() > FRAME_WORK_MS_MAX;
                let run = move || {
                    let start = performance_now();
                    let diagnostics = view::diagnostics(&name, &text);
                    *last_work_ms.borrow_mut() = performance_now() - start;
                    on_action.emit(PageAction::Diagnostics {
                        index,
                        revision,
                        diagnostics,
                    });
                };
                if slow {
                    Pending::Quiet {
                        _timeout: Timeout::new(DIAGNOSTICS_DEBOUNCE_MS, run),
                    }
                } else {
                    Pending::Frame {
                        _frame: request_animation_frame(move |_| run()),
                    }
                }
            });
            move || drop(job)
        });
    }

    let apply = {
        let name = file.name.clone();
        props.on_apply.reform(move |_: MouseEvent| name.clone())
    };
    let focus_at = {
        let editor = editor.clone();
        Callback::from(move |(line, column): (usize, usize)| {
            if let Some(mounted) = editor.borrow().as_ref() {
                let _ = mounted.focus_at(line, column);
            }
        })
    };
    let diagnostics = file
        .diagnostics
        .iter()
        .map(|diagnostic| {
            html! {
                <DiagnosticRow diagnostic={diagnostic.clone()} on_select={focus_at.clone()} />
            }
        })
        .collect::<Html>();
    let stale = file.revision != file.diagnostics_revision;

    html! {
        <section class="editor" aria-label={EditorText::Section.get(lang)}>
            <FileTabs
                files={props.files.clone()}
                selected={index}
                on_action={props.on_action.clone()}
            >
                <button
                    type="button"
                    class="apply-button"
                    data-testid="apply"
                    title={EditorText::ApplyTitle.with(lang, &[("name", file.name.as_str())])}
                    disabled={props.busy}
                    onclick={apply}
                >
                    { EditorText::Apply.get(lang) }
                </button>
            </FileTabs>
            <div
                id="file-panel"
                class="file-panel"
                role="tabpanel"
                aria-labelledby={tab_id(index)}
            >
                <div ref={host} class="code-editor" data-testid="editor"></div>
            </div>
            <p class="editor-hint">{ hint }</p>
            if let Some(error) = &*mount_error {
                <p class="editor-unavailable" role="alert">
                    { EditorText::Unavailable.with(lang, &[("error", error.as_str())]) }
                </p>
            }
            <ul
                class={classes!("diagnostics", stale.then_some("diagnostics--stale"))}
                data-testid="diagnostics"
                data-stale={stale.to_string()}
                aria-label={EditorText::Problems.get(lang)}
                aria-live="polite"
            >
                { diagnostics }
            </ul>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct DiagnosticRowProps {
    diagnostic: DiagnosticView,
    /// Puts the cursor on (line, column).
    on_select: Callback<(usize, usize)>,
}

/// One problem: where it is (line, column, document, field path) and what; choosing it puts
/// the cursor there.
#[function_component]
fn DiagnosticRow(props: &DiagnosticRowProps) -> Html {
    let lang = use_lang();
    let diagnostic = &props.diagnostic;
    let onclick = {
        let at = (diagnostic.line, diagnostic.column);
        props.on_select.reform(move |_: MouseEvent| at)
    };
    let location = EditorText::Location.with(
        lang,
        &[
            ("line", diagnostic.line.to_string().as_str()),
            ("column", diagnostic.column.to_string().as_str()),
        ],
    );
    let document = EditorText::Document.with(
        lang,
        &[("number", (diagnostic.document + 1).to_string().as_str())],
    );
    html! {
        <li
            class={classes!("diagnostic", if diagnostic.is_error { "diagnostic--error" } else { "diagnostic--warning" })}
            data-testid="diagnostic"
            data-line={diagnostic.line.to_string()}
            data-column={diagnostic.column.to_string()}
            data-document={diagnostic.document.to_string()}
            data-path={diagnostic.path.clone()}
        >
            <button type="button" class="diagnostic-button" {onclick}>
                <span class="diagnostic-location">
                    { location }
                    <span class="diagnostic-document">{ document }</span>
                    if !diagnostic.path.is_empty() {
                        <code class="diagnostic-path">{ diagnostic.path.clone() }</code>
                    }
                </span>
                <span class="diagnostic-message">{ diagnostic.message.clone() }</span>
            </button>
        </li>
    }
}
