//! Presenter mode on the page: the toggle, the shortcut help (`?`), the captions bar, and the
//! document-wide keyboard shortcuts (see [`crate::ui::presenter`] for what each key does).
//!
//! Architecture Invariant: a shortcut never fires while the focus is in a text field, a select
//! or a button that Space would press, and the listener is removed when the page drops it.

use std::rc::Rc;

use gloo_events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::sim::view::ClusterView;
use crate::ui::app::use_lang;
use crate::ui::i18n::Message;
use crate::ui::presenter::{captions, Shortcut};
use crate::ui::words::presenter::PresenterText as T;

/// Whether the focus is somewhere typing belongs (or where Space presses a button).
fn focus_takes_keys(key: &str) -> bool {
    let Some(mut active) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
    else {
        return false;
    };
    // The editor lives in a shadow root: the document only sees its host, so follow the focus
    // down through open shadow roots (a few levels at most).
    for _ in 0..8 {
        match active.shadow_root().and_then(|root| root.active_element()) {
            Some(inner) => active = inner,
            None => break,
        }
    }
    let tag = active.tag_name().to_ascii_lowercase();
    let editable = active.get_attribute("contenteditable").is_some()
        || active.closest(".cm-editor").ok().flatten().is_some();
    matches!(tag.as_str(), "input" | "textarea" | "select")
        || editable
        || (key == " " && matches!(tag.as_str(), "button" | "a" | "summary"))
}

/// Listens for the shortcuts on the document while mounted. `enabled` says whether presenter
/// mode is on: the help (`?`, Escape) and the toggle (`P`) work everywhere, the time keys only
/// in presenter mode.
#[hook]
pub fn use_shortcuts(enabled: bool, on_shortcut: Callback<Shortcut>) {
    use_effect_with((enabled, on_shortcut), move |(enabled, on_shortcut)| {
        let enabled = *enabled;
        let on_shortcut = on_shortcut.clone();
        let listener = web_sys::window()
            .and_then(|w| w.document())
            .map(|document| {
                let options = EventListenerOptions::enable_prevent_default();
                EventListener::new_with_options(&document, "keydown", options, move |event| {
                    let Some(event) = event.dyn_ref::<web_sys::KeyboardEvent>() else {
                        return;
                    };
                    let key = event.key();
                    let modified = event.ctrl_key() || event.alt_key() || event.meta_key();
                    let Some(shortcut) = Shortcut::from_key(&key, modified) else {
                        return;
                    };
                    if focus_takes_keys(&key) {
                        return;
                    }
                    let everywhere = matches!(
                        shortcut,
                        Shortcut::Help | Shortcut::Close | Shortcut::TogglePresenter
                    );
                    if enabled || everywhere {
                        event.prevent_default();
                        on_shortcut.emit(shortcut);
                    }
                })
            });
        move || drop(listener)
    });
}

#[derive(Properties, PartialEq)]
pub struct PresenterToggleProps {
    pub on: bool,
    pub on_toggle: Callback<()>,
}

#[function_component]
pub fn PresenterToggle(props: &PresenterToggleProps) -> Html {
    let lang = use_lang();
    let onclick = props.on_toggle.reform(|_: MouseEvent| ());
    html! {
        <button
            type="button"
            class={classes!("frame-button", props.on.then_some("frame-button--active"))}
            data-testid="presenter-toggle"
            aria-pressed={props.on.to_string()}
            title={T::PresentTitle.get(lang)}
            {onclick}
        >
            { if props.on { T::PresentOn.get(lang) } else { T::Present.get(lang) } }
        </button>
    }
}

#[derive(Properties, PartialEq)]
pub struct ShortcutHelpProps {
    pub on_close: Callback<()>,
}

/// The list of shortcuts, as a dialog.
#[function_component]
pub fn ShortcutHelp(props: &ShortcutHelpProps) -> Html {
    let lang = use_lang();
    let close = props.on_close.reform(|_: MouseEvent| ());
    let rows = Shortcut::help(lang)
        .into_iter()
        .map(|(key, what)| {
            html! { <><dt><kbd>{ key }</kbd></dt><dd>{ what }</dd></> }
        })
        .collect::<Html>();
    html! {
        <div class="classroom-dialog shortcut-help" role="dialog" aria-modal="false"
             aria-labelledby="shortcut-help-title" data-testid="shortcut-help">
            <h2 id="shortcut-help-title" class="classroom-dialog-title">{ T::Shortcuts.get(lang) }</h2>
            <dl class="shortcut-list">{ rows }</dl>
            <p class="classroom-note">{ T::KeyNote.get(lang) }</p>
            <button type="button" class="frame-button" onclick={close}>{ T::Close.get(lang) }</button>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct CaptionsProps {
    pub view: Rc<ClusterView>,
    pub playing: bool,
    pub speed: f64,
}

/// What the controllers just did and why, newest first, in the page's language.
#[function_component]
pub fn Captions(props: &CaptionsProps) -> Html {
    let lang = use_lang();
    let list = captions(&props.view, lang);
    let speed = if props.speed.fract() == 0.0 {
        format!("{:.0}", props.speed)
    } else {
        props.speed.to_string()
    };
    html! {
        <section class="captions" aria-label={T::Captions.get(lang)} aria-live="polite">
            <p class="captions-state">
                { if props.playing { T::Playing.get(lang) } else { T::Paused.get(lang) } }
                { " · " }
                { T::Speed.with(lang, &[("speed", &speed)]) }
            </p>
            if list.is_empty() {
                <p class="caption caption--empty">{ T::NoCaption.get(lang) }</p>
            } else {
                <ol class="caption-list">
                    { for list.into_iter().enumerate().map(|(index, caption)| html! {
                        <li key={caption.uid.clone()}
                            class={classes!("caption", (index == 0).then_some("caption--newest"))}
                            data-testid="caption"
                            data-reason={caption.reason.clone()}>
                            { caption.text }
                        </li>
                    }) }
                </ol>
            }
        </section>
    }
}
