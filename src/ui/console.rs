//! The console: kubectl's output as a terminal shows it (stdout and stderr interleaved) and a
//! prompt with history (↑/↓) and Tab completion (verbs, kinds, object names; the candidates
//! show under the output when more than one fits). Ctrl+C, or the Stop button, interrupts a
//! command that waits; blocking commands stream as simulated time passes.

use std::rc::Rc;

use web_sys::{Element, HtmlInputElement};
use yew::prelude::*;

use crate::ui::app::use_lang;
use crate::ui::i18n::Message;
use crate::ui::state::{ConsoleState, EntryKind, PageAction};
use crate::ui::words::console::{localize_note, ConsoleText};

#[derive(Properties, PartialEq)]
pub struct ConsoleProps {
    pub console: Rc<ConsoleState>,
    /// The command that is still running, as typed.
    pub running: Option<String>,
    pub on_action: Callback<PageAction>,
    pub on_run: Callback<String>,
    pub on_interrupt: Callback<()>,
    /// Tab: completes the line (the App asks the session and dispatches the result).
    pub on_complete: Callback<String>,
}

#[function_component]
pub fn Console(props: &ConsoleProps) -> Html {
    let lang = use_lang();
    let output = use_node_ref();
    let input_ref = use_node_ref();
    let console = &props.console;

    // Keep the newest output in sight.
    {
        let output = output.clone();
        let last = console
            .entries
            .last()
            .map(|entry| (entry.id, entry.text.len()));
        use_effect_with((last, props.running.clone()), move |_| {
            if let Some(element) = output.cast::<Element>() {
                element.set_scroll_top(element.scroll_height());
            }
        });
    }
    // The Shell action asks for the focus, with the cursor at the end of the line.
    {
        let input_ref = input_ref.clone();
        use_effect_with(console.focus_requests, move |requests| {
            if *requests > 0 {
                if let Some(input) = input_ref.cast::<HtmlInputElement>() {
                    let _ = input.focus();
                    let end = input.value().encode_utf16().count() as u32;
                    let _ = input.set_selection_range(end, end);
                }
            }
        });
    }

    let oninput = props.on_action.reform(|event: InputEvent| {
        let input: HtmlInputElement = event.target_unchecked_into();
        PageAction::ConsoleInput(input.value())
    });
    let onkeydown = {
        let on_action = props.on_action.clone();
        let on_run = props.on_run.clone();
        let on_interrupt = props.on_interrupt.clone();
        let on_complete = props.on_complete.clone();
        let running = props.running.is_some();
        Callback::from(move |event: KeyboardEvent| {
            let key = event.key();
            if event.ctrl_key() && key.eq_ignore_ascii_case("c") && running {
                event.prevent_default();
                on_interrupt.emit(());
                return;
            }
            match key.as_str() {
                "Enter" => {
                    event.prevent_default();
                    let input: HtmlInputElement = event.target_unchecked_into();
                    on_run.emit(input.value());
                }
                "ArrowUp" => {
                    event.prevent_default();
                    on_action.emit(PageAction::HistoryPrevious);
                }
                "ArrowDown" => {
                    event.prevent_default();
                    on_action.emit(PageAction::HistoryNext);
                }
                // Tab completes; Shift+Tab still moves the focus back, and Tab on an empty
                // line moves it on, so the keyboard is never trapped in the console.
                "Tab" if !event.shift_key() => {
                    let input: HtmlInputElement = event.target_unchecked_into();
                    let value = input.value();
                    if !value.trim().is_empty() {
                        event.prevent_default();
                        on_complete.emit(value);
                    }
                }
                _ => {}
            }
        })
    };
    let stop = props.on_interrupt.reform(|_: MouseEvent| ());

    let entries = console
        .entries
        .iter()
        .map(|entry| {
            let class = match entry.kind {
                EntryKind::Prompt => "console-prompt",
                EntryKind::Stdout => "console-stdout",
                EntryKind::Stderr => "console-stderr",
                EntryKind::Note => "console-note",
            };
            let text = match entry.kind {
                EntryKind::Note => localize_note(&entry.text, lang).into_owned(),
                _ => entry.text.clone(),
            };
            html! { <span key={entry.id} class={class}>{ text }</span> }
        })
        .collect::<Html>();

    html! {
        <section class="console" aria-label={ConsoleText::Region.get(lang)}>
            <pre class="console-output" data-testid="console-output" ref={output} aria-live="polite" tabindex="0">
                if console.entries.is_empty() {
                    <span class="console-note">{ ConsoleText::Welcome.get(lang) }</span>
                }
                { entries }
            </pre>
            if let Some(command) = &props.running {
                <div class="console-running">
                    <span class="console-running-text">{ ConsoleText::Running.with(lang, &[("command", command)]) }</span>
                    <button type="button" class="console-stop" data-testid="console-stop" onclick={stop}>{ ConsoleText::Stop.get(lang) }</button>
                </div>
            }
            if !console.candidates.is_empty() {
                <ul class="console-candidates" data-testid="console-candidates" aria-label={ConsoleText::Candidates.get(lang)}>
                    { for console.candidates.iter().map(|word| html! { <li key={word.clone()}>{ word.clone() }</li> }) }
                </ul>
            }
            <div class="console-prompt-line">
                <span class="console-sigil" aria-hidden="true">{ "$" }</span>
                <input
                    ref={input_ref}
                    class="console-input"
                    data-testid="console-input"
                    type="text"
                    spellcheck="false"
                    autocomplete="off"
                    autocapitalize="off"
                    aria-label={ConsoleText::InputLabel.get(lang)}
                    placeholder="kubectl get pods"
                    value={console.input.clone()}
                    {oninput}
                    {onkeydown}
                />
            </div>
        </section>
    }
}
