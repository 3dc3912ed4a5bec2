//! The console: kubectl's output as a terminal shows it (stdout and stderr interleaved) and a
//! prompt with history (↑/↓). Ctrl+C, or the Stop button, interrupts a command that waits.

use std::rc::Rc;

use web_sys::{Element, HtmlInputElement};
use yew::prelude::*;

use crate::ui::state::{ConsoleState, EntryKind, PageAction};

#[derive(Properties, PartialEq)]
pub struct ConsoleProps {
    pub console: Rc<ConsoleState>,
    /// The command that is still running, as typed.
    pub running: Option<String>,
    pub on_action: Callback<PageAction>,
    pub on_run: Callback<String>,
    pub on_interrupt: Callback<()>,
}

#[function_component]
pub fn Console(props: &ConsoleProps) -> Html {
    let output = use_node_ref();
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

    let oninput = props.on_action.reform(|event: InputEvent| {
        let input: HtmlInputElement = event.target_unchecked_into();
        PageAction::ConsoleInput(input.value())
    });
    let onkeydown = {
        let on_action = props.on_action.clone();
        let on_run = props.on_run.clone();
        let on_interrupt = props.on_interrupt.clone();
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
            html! { <span key={entry.id} class={class}>{ entry.text.clone() }</span> }
        })
        .collect::<Html>();

    html! {
        <section class="console" aria-label="Console">
            <pre class="console-output" data-testid="console-output" ref={output} aria-live="polite">
                if console.entries.is_empty() {
                    <span class="console-note">
                        { "Type kubectl commands here, e.g. kubectl get pods (help lists more).\n" }
                    </span>
                }
                { entries }
            </pre>
            if let Some(command) = &props.running {
                <div class="console-running">
                    <span class="console-running-text">{ format!("running: {command}") }</span>
                    <button type="button" class="console-stop" onclick={stop}>{ "Stop (Ctrl+C)" }</button>
                </div>
            }
            <div class="console-prompt-line">
                <span class="console-sigil" aria-hidden="true">{ "$" }</span>
                <input
                    class="console-input"
                    data-testid="console-input"
                    type="text"
                    spellcheck="false"
                    autocomplete="off"
                    autocapitalize="off"
                    aria-label="kubectl command"
                    placeholder="kubectl get pods"
                    value={console.input.clone()}
                    {oninput}
                    {onkeydown}
                />
            </div>
        </section>
    }
}
