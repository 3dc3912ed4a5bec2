//! Sharing on the page: the Share button and its dialog (the link, the `<iframe>` snippet),
//! the Export button (a download made in the page: a Blob and an object URL, no server), and
//! the notice that says what a link opened or why it could not.
//!
//! Architecture Invariant: the link, the snippet and every notice are shown as text (an input's
//! value, a text area's value, a text node), never parsed as markup.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::ui::app::use_lang;
use crate::ui::i18n::Message;
use crate::ui::lang_switch::address_without_fragment;
use crate::ui::share_link::{self, Shared, LINK_CHARS_WARN};
use crate::ui::words::share::ShareText as T;

/// Writes `text` to the clipboard when the browser lets the page (navigator.clipboard is not
/// in web-sys's stable API, so it is reached by name).
fn copy_to_clipboard(text: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let navigator: JsValue = window.navigator().into();
    let Ok(clipboard) = js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard")) else {
        return;
    };
    if clipboard.is_undefined() {
        return;
    }
    if let Ok(write) = js_sys::Reflect::get(&clipboard, &JsValue::from_str("writeText")) {
        if let Some(write) = write.dyn_ref::<js_sys::Function>() {
            let _ = write.call1(&clipboard, &JsValue::from_str(text));
        }
    }
}

/// Offers `text` as a download named `name`.
pub fn download(name: &str, text: &str, mime: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Ok(anchor) = document.create_element("a") {
        if let Ok(anchor) = anchor.dyn_into::<web_sys::HtmlAnchorElement>() {
            anchor.set_href(&url);
            anchor.set_download(name);
            anchor.click();
        }
    }
    // The download starts after this handler returns; the URL is let go a little later.
    gloo_timers::callback::Timeout::new(30_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
}

/// Downloads the export of a session: its manifests and `replay.sh`, one file each.
pub fn download_export(shared: &Shared) -> usize {
    let files = crate::export::export(shared);
    for (name, text) in &files {
        let mime = if name.ends_with(".sh") {
            "text/x-shellscript"
        } else {
            "text/yaml"
        };
        download(name, text, mime);
    }
    files.len()
}

#[derive(Properties, PartialEq)]
pub struct ShareDialogProps {
    pub shared: Shared,
    pub on_close: Callback<()>,
}

/// The dialog: the link and the snippet, each selectable and copyable.
#[function_component]
pub fn ShareDialog(props: &ShareDialogProps) -> Html {
    let lang = use_lang();
    let copied = use_state(|| None::<&'static str>);
    let (link, failure) = match share_link::fragment(&props.shared) {
        Ok(fragment) => (format!("{}{fragment}", address_without_fragment()), None),
        Err(error) => (
            address_without_fragment(),
            Some(T::LinkFailed.with(lang, &[("reason", &error.message(lang))])),
        ),
    };
    let snippet = share_link::iframe_snippet(&link);
    let select_input = Callback::from(|event: FocusEvent| {
        let input: HtmlInputElement = event.target_unchecked_into();
        input.select();
    });
    let select_area = Callback::from(|event: FocusEvent| {
        let area: HtmlTextAreaElement = event.target_unchecked_into();
        area.select();
    });
    let copy = |what: &'static str, text: String| {
        let copied = copied.clone();
        Callback::from(move |_: MouseEvent| {
            copy_to_clipboard(&text);
            copied.set(Some(what));
        })
    };
    let close = props.on_close.reform(|_: MouseEvent| ());
    let contents = T::Contents.with(
        lang,
        &[
            ("files", &props.shared.files.len().to_string()),
            ("commands", &props.shared.commands.len().to_string()),
            ("seed", &props.shared.seed.to_string()),
        ],
    );
    let long = link.chars().count() > LINK_CHARS_WARN;
    html! {
        <div class="classroom-dialog share-dialog" role="dialog" aria-modal="false"
             aria-labelledby="share-dialog-title" data-testid="share-dialog">
            <h2 id="share-dialog-title" class="classroom-dialog-title">{ T::ShareTitle.get(lang) }</h2>
            <p class="classroom-note">{ contents }</p>
            <label class="share-field">
                <span class="share-label">{ T::LinkLabel.get(lang) }</span>
                <input class="share-input" type="text" readonly=true data-testid="share-link"
                       value={link.clone()} onfocus={select_input} />
            </label>
            if let Some(failure) = failure {
                <p class="classroom-note classroom-note--warn" role="alert">{ failure }</p>
            }
            if long {
                <p class="classroom-note classroom-note--warn">
                    { T::LinkTooLong.with(lang, &[("length", &link.chars().count().to_string()), ("limit", &LINK_CHARS_WARN.to_string())]) }
                </p>
            }
            <button type="button" class="frame-button" onclick={copy("link", link)}>
                { if *copied == Some("link") { T::Copied.get(lang) } else { T::CopyLink.get(lang) } }
            </button>
            <label class="share-field">
                <span class="share-label">{ T::EmbedLabel.get(lang) }</span>
                <textarea class="share-snippet" readonly=true rows="3" data-testid="embed-snippet"
                          value={snippet.clone()} onfocus={select_area} />
            </label>
            <button type="button" class="frame-button" onclick={copy("snippet", snippet)}>
                { if *copied == Some("snippet") { T::Copied.get(lang) } else { T::CopySnippet.get(lang) } }
            </button>
            <button type="button" class="frame-button share-close" onclick={close}>{ T::Close.get(lang) }</button>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct NoticeProps {
    pub text: String,
    pub is_error: bool,
    pub on_close: Callback<()>,
    /// A button that acts on the notice (bringing back earlier work): its label and callback.
    #[prop_or_default]
    pub action: Option<(AttrValue, Callback<()>)>,
}

/// What a link opened, or why it could not: one line with a dismiss button.
#[function_component]
pub fn Notice(props: &NoticeProps) -> Html {
    let lang = use_lang();
    let close = props.on_close.reform(|_: MouseEvent| ());
    html! {
        <div class={classes!("notice", props.is_error.then_some("notice--error"))}
             role={if props.is_error { "alert" } else { "status" }}
             data-testid="notice" data-error={props.is_error.to_string()}>
            <span class="notice-text">{ props.text.clone() }</span>
            if let Some((label, on_action)) = &props.action {
                <button type="button" class="frame-button" data-testid="notice-action"
                        onclick={on_action.reform(|_: MouseEvent| ())}>{ label.clone() }</button>
            }
            <button type="button" class="frame-button" onclick={close}>{ T::Dismiss.get(lang) }</button>
        </div>
    }
}
