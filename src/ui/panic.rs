//! The panic hook: when the page's Rust code panics, the Yew app is dead (the release build
//! aborts), so the hook draws a panel itself with plain DOM calls — what happened, the panic
//! message, a "copy bug report" button (the last saved work: seed, preset, files and commands as
//! the journal's JSON, plus the panic text) and a "reload" button.
//!
//! The page keeps the hook's context up to date as it goes ([`set_lang`], [`set_saved`],
//! [`note_input`]): the hook must not borrow anything the app may hold at the moment of the
//! panic.
//!
//! Leaves out: sending the report anywhere; the learner copies it.
//!
//! Architecture Invariant: text goes into the panel with `textContent` (and a text area's value),
//! never as HTML; the panel's look comes from www/timeline.css (the page's CSP forbids inline
//! styles). The hook draws at most one panel, however many panics follow.
//!
//! Test hook: with the `panic-test` query parameter, `window.__stsPanicTest()` panics on
//! purpose, so the browser tests can check the panel and the report.

use std::cell::RefCell;
use std::panic::PanicHookInfo;
use std::sync::atomic::{AtomicBool, Ordering};

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, HtmlTextAreaElement};

use crate::ui::i18n::{Lang, Message};
use crate::ui::words::time::PanicText;

/// What the hook knows about the page when it runs.
#[derive(Default)]
struct Context {
    lang: Lang,
    /// The last autosaved document (journal, tabs, history).
    saved: String,
    /// The last input the page was handling.
    last_input: String,
}

thread_local! {
    static CONTEXT: RefCell<Context> = RefCell::new(Context::default());
}

static PANICKED: AtomicBool = AtomicBool::new(false);

/// Installs the hook. Call once, before the app starts. It goes through Yew, which would
/// otherwise install its own hook (console output only) when the app renders.
pub fn install() {
    yew::set_custom_panic_hook(Box::new(on_panic));
}

pub fn set_lang(lang: Lang) {
    CONTEXT.with(|context| {
        if let Ok(mut context) = context.try_borrow_mut() {
            context.lang = lang;
        }
    });
}

/// The work as last saved, for the report.
pub fn set_saved(saved: &str) {
    CONTEXT.with(|context| {
        if let Ok(mut context) = context.try_borrow_mut() {
            context.saved.clear();
            context.saved.push_str(saved);
        }
    });
}

/// The input the page is about to handle (a console line, a button), for the report.
pub fn note_input(input: &str) {
    CONTEXT.with(|context| {
        if let Ok(mut context) = context.try_borrow_mut() {
            context.last_input.clear();
            context.last_input.push_str(input);
        }
    });
}

/// With the `panic-test` query parameter: defines `window.__stsPanicTest()`, which panics.
pub fn install_test_trigger() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let asked = window
        .location()
        .search()
        .is_ok_and(|search| search.contains("panic-test"));
    if !asked {
        return;
    }
    let trigger = Closure::<dyn Fn()>::new(|| {
        panic!("panic test: window.__stsPanicTest() asked the playground to stop");
    });
    let _ = js_sys::Reflect::set(
        &window,
        &JsValue::from_str("__stsPanicTest"),
        trigger.as_ref(),
    );
    trigger.forget();
}

fn on_panic(info: &PanicHookInfo<'_>) {
    let message = info.to_string();
    web_sys::console::error_1(&JsValue::from_str(&message));
    if PANICKED.swap(true, Ordering::SeqCst) {
        return;
    }
    let (lang, report) = CONTEXT.with(|context| match context.try_borrow() {
        Ok(context) => (context.lang, report(&message, &context)),
        Err(_) => (Lang::default(), report(&message, &Context::default())),
    });
    let _ = show_panel(lang, &message, &report);
}

/// The bug report: the panic, the page, and the saved work.
fn report(message: &str, context: &Context) -> String {
    let page = web_sys::window()
        .and_then(|window| window.location().href().ok())
        .unwrap_or_default();
    let agent = web_sys::window()
        .and_then(|window| window.navigator().user_agent().ok())
        .unwrap_or_default();
    let saved = if context.saved.is_empty() {
        "(nothing saved yet)"
    } else {
        context.saved.as_str()
    };
    format!(
        "StatefulSet Playground bug report\n\
         panic: {message}\n\
         last input: {}\n\
         page: {page}\n\
         browser: {agent}\n\
         version: {}\n\
         saved work (seed, preset, files and commands; replay it with the journal):\n{saved}\n",
        context.last_input,
        env!("CARGO_PKG_VERSION"),
    )
}

fn element(document: &Document, tag: &str, class: &str, text: &str) -> Result<Element, JsValue> {
    let element = document.create_element(tag)?;
    element.set_class_name(class);
    if !text.is_empty() {
        element.set_text_content(Some(text));
    }
    Ok(element)
}

fn show_panel(lang: Lang, message: &str, report: &str) -> Result<(), JsValue> {
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    let document = window
        .document()
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let body = document
        .body()
        .ok_or_else(|| JsValue::from_str("no body"))?;

    let backdrop = element(&document, "div", "panic-backdrop", "")?;
    let panel = element(&document, "section", "panic-panel", "")?;
    panel.set_attribute("data-testid", "panic-panel")?;
    panel.set_attribute("role", "alertdialog")?;
    panel.set_attribute("aria-modal", "true")?;
    panel.set_attribute("aria-labelledby", "panic-title")?;
    panel.set_attribute("aria-describedby", "panic-explain")?;
    panel.set_attribute("lang", lang.code())?;

    let title = element(&document, "h2", "panic-title", PanicText::Title.get(lang))?;
    title.set_id("panic-title");
    let explain = element(
        &document,
        "p",
        "panic-explain",
        PanicText::Explain.get(lang),
    )?;
    explain.set_id("panic-explain");
    let message_heading = element(
        &document,
        "h3",
        "panic-heading",
        PanicText::Message.get(lang),
    )?;
    let message_text = element(&document, "pre", "panic-message", message)?;
    message_text.set_attribute("data-testid", "panic-message")?;
    let report_heading = element(
        &document,
        "h3",
        "panic-heading",
        PanicText::Report.get(lang),
    )?;
    let report_area: HtmlTextAreaElement = document.create_element("textarea")?.dyn_into()?;
    report_area.set_class_name("panic-report");
    report_area.set_read_only(true);
    report_area.set_value(report);
    report_area.set_attribute("data-testid", "bug-report")?;
    report_area.set_attribute("aria-label", PanicText::Report.get(lang))?;
    report_area.set_attribute("rows", "8")?;

    let actions = element(&document, "div", "panic-actions", "")?;
    let copy = element(
        &document,
        "button",
        "panic-button panic-button--primary",
        "",
    )?;
    copy.set_text_content(Some(PanicText::Copy.get(lang)));
    copy.set_attribute("type", "button")?;
    copy.set_attribute("data-testid", "copy-bug-report")?;
    let reload = element(
        &document,
        "button",
        "panic-button",
        PanicText::Reload.get(lang),
    )?;
    reload.set_attribute("type", "button")?;
    reload.set_attribute("data-testid", "reload")?;
    let status = element(&document, "span", "panic-status", "")?;
    status.set_attribute("role", "status")?;
    status.set_attribute("data-testid", "copy-status")?;

    {
        let report = report.to_string();
        let status = status.clone();
        let area = report_area.clone();
        let on_copy = Closure::<dyn Fn()>::new(move || copy_report(lang, &report, &status, &area));
        copy.add_event_listener_with_callback("click", on_copy.as_ref().unchecked_ref())?;
        on_copy.forget();
    }
    {
        let on_reload = Closure::<dyn Fn()>::new(|| {
            if let Some(window) = web_sys::window() {
                let _ = window.location().reload();
            }
        });
        reload.add_event_listener_with_callback("click", on_reload.as_ref().unchecked_ref())?;
        on_reload.forget();
    }

    actions.append_child(&copy)?;
    actions.append_child(&reload)?;
    actions.append_child(&status)?;
    for child in [
        &title,
        &explain,
        &message_heading,
        &message_text,
        &report_heading,
        report_area.as_ref(),
        &actions,
    ] {
        panel.append_child(child)?;
    }
    backdrop.append_child(&panel)?;
    body.append_child(&backdrop)?;
    if let Some(copy) = copy.dyn_ref::<web_sys::HtmlElement>() {
        let _ = copy.focus();
    }
    Ok(())
}

/// Writes the report to the clipboard (`navigator.clipboard.writeText`, called by name because
/// web-sys still counts the Clipboard API as unstable) and says whether it worked; when it does
/// not, the report is selected for copying by hand.
fn copy_report(lang: Lang, report: &str, status: &Element, area: &HtmlTextAreaElement) {
    let failed = {
        let status = status.clone();
        let area = area.clone();
        move || {
            status.set_text_content(Some(PanicText::CopyFailed.get(lang)));
            area.select();
        }
    };
    let promise = web_sys::window()
        .map(|window| JsValue::from(window.navigator()))
        .and_then(|navigator| js_sys::Reflect::get(&navigator, &"clipboard".into()).ok())
        .filter(|clipboard| !clipboard.is_undefined() && !clipboard.is_null())
        .and_then(|clipboard| {
            let write = js_sys::Reflect::get(&clipboard, &"writeText".into()).ok()?;
            let write: js_sys::Function = write.dyn_into().ok()?;
            write.call1(&clipboard, &JsValue::from_str(report)).ok()
        })
        .and_then(|promise| promise.dyn_into::<js_sys::Promise>().ok());
    let Some(promise) = promise else {
        failed();
        return;
    };
    let done = {
        let status = status.clone();
        Closure::once(move |_: JsValue| {
            status.set_text_content(Some(PanicText::Copied.get(lang)));
        })
    };
    let refused = Closure::once(move |_: JsValue| failed());
    let _ = promise.then2(&done, &refused);
    done.forget();
    refused.forget();
}
