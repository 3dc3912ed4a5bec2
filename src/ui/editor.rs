//! The manifest editor: file tabs, a plain text area with a line gutter that marks lines with
//! problems, the Apply button, and the diagnostics list. Diagnostics are recomputed 150 ms after
//! the last keystroke (the timer belongs to this component and is cancelled by the next edit).

use std::rc::Rc;

use gloo_timers::callback::Timeout;
use web_sys::{HtmlElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::sim::view::{self, DiagnosticView};
use crate::ui::state::{EditorFile, PageAction};

/// How long typing must pause before diagnostics are recomputed.
pub const DIAGNOSTICS_DEBOUNCE_MS: u32 = 150;
/// The most line numbers the gutter draws.
pub const GUTTER_LINES_MAX: usize = 20_000;

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

#[function_component]
pub fn Editor(props: &EditorProps) -> Html {
    let text_area = use_node_ref();
    let gutter = use_node_ref();
    let index = props.selected;
    let file = props
        .files
        .get(index)
        .cloned()
        .unwrap_or_else(|| EditorFile::new("", ""));

    // Debounced diagnostics for the revision on screen.
    {
        let on_action = props.on_action.clone();
        let name = file.name.clone();
        let text = file.text.clone();
        let revision = file.revision;
        let pending = file.revision != file.diagnostics_revision;
        use_effect_with((index, revision), move |_| {
            let timeout = pending.then(|| {
                Timeout::new(DIAGNOSTICS_DEBOUNCE_MS, move || {
                    on_action.emit(PageAction::Diagnostics {
                        index,
                        revision,
                        diagnostics: view::diagnostics(&name, &text),
                    })
                })
            });
            move || drop(timeout)
        });
    }

    let tabs = props
        .files
        .iter()
        .enumerate()
        .map(|(tab_index, tab)| {
            let is_selected = tab_index == index;
            let errors = tab.diagnostics.iter().filter(|d| d.is_error).count();
            let onclick = props
                .on_action
                .reform(move |_: MouseEvent| PageAction::SelectFile(tab_index));
            html! {
                <button
                    type="button"
                    role="tab"
                    id={format!("file-tab-{tab_index}")}
                    class={classes!("file-tab", is_selected.then_some("file-tab--selected"))}
                    data-testid="file-tab"
                    data-name={tab.name.clone()}
                    aria-selected={is_selected.to_string()}
                    aria-controls="file-panel"
                    {onclick}
                >
                    { tab.name.clone() }
                    if errors > 0 {
                        <span class="file-tab-errors" title="problems in this file">{ errors }</span>
                    }
                </button>
            }
        })
        .collect::<Html>();

    let oninput = props.on_action.reform(move |event: InputEvent| {
        let area: HtmlTextAreaElement = event.target_unchecked_into();
        PageAction::EditFile {
            index,
            text: area.value(),
        }
    });
    let onscroll = {
        let gutter = gutter.clone();
        Callback::from(move |event: Event| {
            let area: HtmlTextAreaElement = event.target_unchecked_into();
            if let Some(gutter) = gutter.cast::<HtmlElement>() {
                gutter.set_scroll_top(area.scroll_top());
            }
        })
    };
    let apply = {
        let name = file.name.clone();
        props.on_apply.reform(move |_: MouseEvent| name.clone())
    };

    let error_lines: Vec<usize> = file
        .diagnostics
        .iter()
        .filter(|d| d.is_error)
        .map(|d| d.line)
        .collect();
    // A text area shows one more line after a final newline, so count the pieces between
    // newlines rather than the lines.
    let line_count = file.text.split('\n').count();
    let gutter_lines = (1..=line_count.min(GUTTER_LINES_MAX))
        .map(|line| {
            let marked = error_lines.contains(&line);
            html! {
                <span class={classes!("gutter-line", marked.then_some("gutter-line--error"))}>
                    { line }{ "\n" }
                </span>
            }
        })
        .collect::<Html>();

    let diagnostics = file
        .diagnostics
        .iter()
        .map(|diagnostic| {
            html! {
                <DiagnosticRow
                    diagnostic={diagnostic.clone()}
                    text={file.text.clone()}
                    text_area={text_area.clone()}
                />
            }
        })
        .collect::<Html>();
    let stale = file.revision != file.diagnostics_revision;

    html! {
        <section class="editor" aria-label="Manifest files">
            <div class="editor-bar">
                <div class="file-tabs" role="tablist">{ tabs }</div>
                <button
                    type="button"
                    class="apply-button"
                    data-testid="apply"
                    title={format!("kubectl apply -f {}", file.name)}
                    disabled={props.busy}
                    onclick={apply}
                >
                    { "Apply" }
                </button>
            </div>
            <div
                id="file-panel"
                class="file-panel"
                role="tabpanel"
                aria-labelledby={format!("file-tab-{index}")}
            >
                <pre class="editor-gutter" aria-hidden="true" ref={gutter}>{ gutter_lines }</pre>
                <textarea
                    ref={text_area}
                    class="file-text"
                    data-testid="editor"
                    spellcheck="false"
                    autocomplete="off"
                    wrap="off"
                    aria-label={file.name.clone()}
                    value={file.text.clone()}
                    {oninput}
                    {onscroll}
                />
            </div>
            <ul
                class={classes!("diagnostics", stale.then_some("diagnostics--stale"))}
                data-testid="diagnostics"
                data-stale={stale.to_string()}
                aria-label="Problems"
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
    text: String,
    text_area: NodeRef,
}

/// One problem; clicking it selects its line in the text area.
#[function_component]
fn DiagnosticRow(props: &DiagnosticRowProps) -> Html {
    let diagnostic = &props.diagnostic;
    let onclick = {
        let text_area = props.text_area.clone();
        let text = props.text.clone();
        let line = diagnostic.line;
        Callback::from(move |_: MouseEvent| {
            if let Some(area) = text_area.cast::<HtmlTextAreaElement>() {
                select_line(&area, &text, line);
            }
        })
    };
    let location = if diagnostic.path.is_empty() {
        format!("line {}, column {}", diagnostic.line, diagnostic.column)
    } else {
        format!(
            "line {}, column {} ({})",
            diagnostic.line, diagnostic.column, diagnostic.path
        )
    };
    html! {
        <li
            class={classes!("diagnostic", if diagnostic.is_error { "diagnostic--error" } else { "diagnostic--warning" })}
            data-testid="diagnostic"
            data-line={diagnostic.line.to_string()}
            data-column={diagnostic.column.to_string()}
        >
            <button type="button" class="diagnostic-button" {onclick}>
                <span class="diagnostic-location">{ location }</span>
                <span class="diagnostic-message">{ diagnostic.message.clone() }</span>
            </button>
        </li>
    }
}

/// Focuses the text area and selects line `line` (1-based), scrolling it into the middle.
fn select_line(area: &HtmlTextAreaElement, text: &str, line: usize) {
    // The DOM counts UTF-16 code units.
    let mut start = 0u32;
    let mut end = 0u32;
    for (index, piece) in text.split_inclusive('\n').enumerate() {
        let length = piece.encode_utf16().count() as u32;
        if index + 1 == line {
            end = start + piece.trim_end_matches('\n').encode_utf16().count() as u32;
            break;
        }
        start += length;
        end = start;
    }
    let _ = area.focus();
    let _ = area.set_selection_range(start, end);
    let lines = text.split('\n').count() as f64;
    let line_height = f64::from(area.scroll_height()) / lines;
    let target = (line as f64 - 1.0) * line_height - f64::from(area.client_height()) / 2.0;
    area.set_scroll_top(target.max(0.0) as i32);
}
