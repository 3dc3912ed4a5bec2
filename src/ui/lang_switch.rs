//! The browser's side of the page's frame: the language switcher in the header, the saved
//! language, `<html lang>`, and the page's address (what the link asks for, and the fragment
//! the page rewrites when a lesson opens).
//!
//! Architecture Invariant: every browser call here can fail (no storage in a sandboxed iframe,
//! no history in a data: page) and failing only means the choice is not remembered.

use yew::prelude::*;

use crate::ui::i18n::{Lang, Message};
use crate::ui::lang::{self, STORAGE_KEY};
use crate::ui::share_link::{self, PageLink};
use crate::ui::words::page::PageText;

/// What the page's address asks for.
pub fn read_link() -> PageLink {
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return PageLink::default();
    };
    let search = location.search().unwrap_or_default();
    let hash = location.hash().unwrap_or_default();
    share_link::parse_location(&search, &hash)
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The language to open in: the link's, the saved one, the browser's, English.
pub fn initial_lang(link: &PageLink) -> Lang {
    let saved = storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten());
    let browser: Vec<String> = web_sys::window()
        .map(|w| {
            w.navigator()
                .languages()
                .iter()
                .filter_map(|tag| tag.as_string())
                .collect()
        })
        .unwrap_or_default();
    lang::choose(
        link.lang,
        saved.as_deref(),
        browser.iter().map(String::as_str),
    )
}

/// Remembers the learner's choice.
pub fn save(lang: Lang) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(STORAGE_KEY, lang.code());
    }
}

/// Sets `<html lang>` (screen readers and fonts follow it).
pub fn set_document_lang(lang: Lang) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("lang", lang.code());
    }
}

/// The page's address without its fragment.
pub fn address_without_fragment() -> String {
    let href = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    href.split('#').next().unwrap_or("").to_string()
}

/// The address of the full page for an embedded one: the same address without `embed`.
pub fn full_page_address() -> String {
    let href = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    share_link::without_embed(&href)
}

/// Replaces the address's fragment (`None` removes it) without reloading or adding history.
pub fn replace_fragment(fragment: Option<&str>) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let url = format!("{}{}", address_without_fragment(), fragment.unwrap_or(""));
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

/// Calls `on_change` with what the address asks for whenever its fragment changes (a link to
/// `#lesson=…` inside a tutorial page, or one pasted into the address bar).
#[hook]
pub fn use_fragment_links(on_change: Callback<PageLink>) {
    // The callback is new on every render (it holds the page's language), so the listener is
    // renewed with it.
    use_effect_with(on_change, move |on_change| {
        let on_change = on_change.clone();
        let listener = web_sys::window().map(|window| {
            gloo_events::EventListener::new(&window, "hashchange", move |_| {
                on_change.emit(read_link());
            })
        });
        move || drop(listener)
    });
}

#[derive(Properties, PartialEq)]
pub struct LangSwitchProps {
    pub lang: Lang,
    pub on_change: Callback<Lang>,
}

/// The switcher: a select listing each language in its own name.
#[function_component]
pub fn LangSwitch(props: &LangSwitchProps) -> Html {
    let onchange = props.on_change.reform(|event: Event| {
        let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
        Lang::from_code(&select.value()).unwrap_or_default()
    });
    let options = Lang::ALL
        .iter()
        .map(|lang| {
            html! {
                <option value={lang.code()} lang={lang.code()} selected={*lang == props.lang}>
                    { lang.native_name() }
                </option>
            }
        })
        .collect::<Html>();
    html! {
        <label class="lang-switch">
            <span class="visually-hidden">{ PageText::Language.get(props.lang) }</span>
            <select
                class="lang-switch-select"
                data-testid="lang-switch"
                title={PageText::Language.get(props.lang)}
                {onchange}
            >
                { options }
            </select>
        </label>
    }
}
