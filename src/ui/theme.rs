//! Light and dark themes. The page follows the system (`prefers-color-scheme`, in the style
//! sheet) until the learner presses the toggle; the choice is then remembered in localStorage
//! under [`THEME_KEY`] and written as `data-theme` on the `<html>` element, which the style
//! sheet reads before the system preference.
//!
//! Architecture Invariant: a storage that cannot be read or written (private browsing, a
//! sandbox) only means the choice is not remembered; nothing here can fail the page.

use wasm_bindgen::prelude::*;
use yew::prelude::*;

use crate::ui::app::use_lang;
use crate::ui::i18n::Message;
use crate::ui::words::cluster::ClusterText;

/// Where the choice is remembered.
pub const THEME_KEY: &str = "sts-playground/theme";

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = localStorage, js_name = getItem)]
    fn storage_get(key: &str) -> Result<Option<String>, JsValue>;
    #[wasm_bindgen(catch, js_namespace = localStorage, js_name = setItem)]
    fn storage_set(key: &str, value: &str) -> Result<(), JsValue>;

    type MediaQueryList;
    #[wasm_bindgen(catch, js_name = matchMedia)]
    fn match_media(query: &str) -> Result<MediaQueryList, JsValue>;
    #[wasm_bindgen(method, getter)]
    fn matches(this: &MediaQueryList) -> bool;
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Theme {
    Light,
    Dark,
}

impl Theme {
    fn code(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    fn saved() -> Option<Theme> {
        match storage_get(THEME_KEY).ok().flatten().as_deref() {
            Some("light") => Some(Theme::Light),
            Some("dark") => Some(Theme::Dark),
            _ => None,
        }
    }

    fn system() -> Theme {
        let dark = match_media("(prefers-color-scheme: dark)")
            .map(|list| list.matches())
            .unwrap_or(false);
        if dark {
            Theme::Dark
        } else {
            Theme::Light
        }
    }

    fn other(self) -> Theme {
        match self {
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::Light,
        }
    }
}

/// Writes `data-theme` on `<html>` (or removes it, to follow the system).
fn show(theme: Option<Theme>) {
    let Some(root) = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.document_element())
    else {
        return;
    };
    let _ = match theme {
        Some(theme) => root.set_attribute("data-theme", theme.code()),
        None => root.remove_attribute("data-theme"),
    };
}

/// The toggle in the page's header.
#[function_component]
pub fn ThemeToggle() -> Html {
    let lang = use_lang();
    let chosen = use_state(Theme::saved);
    {
        let chosen = *chosen;
        use_effect_with(chosen, move |chosen| show(*chosen));
    }
    let current = (*chosen).unwrap_or_else(Theme::system);
    let next = current.other();
    let onclick = {
        let chosen = chosen.clone();
        Callback::from(move |_: MouseEvent| {
            let _ = storage_set(THEME_KEY, next.code());
            chosen.set(Some(next));
        })
    };
    let next_name = match next {
        Theme::Dark => ClusterText::ThemeToDark.get(lang),
        Theme::Light => ClusterText::ThemeToLight.get(lang),
    };
    let label = ClusterText::ThemeLabel.with(lang, &[("theme", next_name)]);
    html! {
        <button
            type="button"
            class="time-button theme-toggle"
            data-testid="theme-toggle"
            data-theme={current.code()}
            aria-label={label.clone()}
            title={label}
            {onclick}
        >
            <span aria-hidden="true">{ if current == Theme::Dark { "☀" } else { "☾" } }</span>
            <span class="theme-toggle-text">{ match next {
                Theme::Dark => ClusterText::ThemeToDarkShort.get(lang),
                Theme::Light => ClusterText::ThemeToLightShort.get(lang),
            } }</span>
        </button>
    }
}
