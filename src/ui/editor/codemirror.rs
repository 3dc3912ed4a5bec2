//! The bridge to CodeMirror 6: the bundle that esbuild builds from `www/editor/editor.js`,
//! reached through `www/editor/bridge.js` (wasm-bindgen copies that file beside its own module;
//! it re-exports the bundle, `dist/editor.js`). [`CodeMirror`] is one mounted editor.
//!
//! Leaves out: which file is shown and when diagnostics are computed; the editor component
//! decides both. Lists cross to JavaScript as JSON strings, so no JavaScript object is built
//! field by field here.
//!
//! Architecture Invariant: every call into JavaScript catches what it throws, so a failing
//! editor is reported on the page and never unwinds through the app. The closure JavaScript
//! calls on an edit lives exactly as long as the editor: [`Drop`] destroys the editor before
//! the closure goes.

use std::cell::RefCell;
use std::rc::Rc;

use serde_json::{json, Map, Value};
use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;

use crate::sim::view::DiagnosticView;
use crate::ui::i18n::{Lang, Message};
use crate::ui::words::editor::EditorPhrase;

#[wasm_bindgen(module = "/www/editor/bridge.js")]
extern "C" {
    /// The `ManifestEditor` of `www/editor/editor.js`.
    type JsEditor;

    /// Imports the bundle and mounts an editor in `host`; calls `on_ready(editor)` or
    /// `on_error(message)` once, later.
    #[wasm_bindgen(js_name = loadEditor, catch)]
    #[allow(clippy::too_many_arguments)]
    fn load_editor(
        host: &HtmlElement,
        on_change: &JsValue,
        label: &str,
        description: &str,
        phrases: &str,
        on_ready: &JsValue,
        on_error: &JsValue,
    ) -> Result<(), JsValue>;

    #[wasm_bindgen(method, catch)]
    fn show(
        this: &JsEditor,
        key: &str,
        text: &str,
        live_keys: &str,
        renamed_from: &str,
    ) -> Result<(), JsValue>;

    #[wasm_bindgen(method, catch, js_name = setDiagnostics)]
    fn set_diagnostics(this: &JsEditor, diagnostics: &str) -> Result<(), JsValue>;

    #[wasm_bindgen(method, catch, js_name = setPhrases)]
    fn set_phrases(this: &JsEditor, phrases: &str) -> Result<(), JsValue>;

    #[wasm_bindgen(method, catch, js_name = setLabel)]
    fn set_label(this: &JsEditor, label: &str, description: &str) -> Result<(), JsValue>;

    #[wasm_bindgen(method, catch, js_name = focusAt)]
    fn focus_at(this: &JsEditor, line: u32, column: u32) -> Result<(), JsValue>;

    #[wasm_bindgen(method, catch)]
    fn destroy(this: &JsEditor) -> Result<(), JsValue>;
}

#[wasm_bindgen]
extern "C" {
    /// `performance.now()`, for timing the diagnostics.
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    pub fn performance_now() -> f64;
}

/// One CodeMirror editor mounted in a host element's shadow root.
pub struct CodeMirror {
    editor: JsEditor,
    _on_change: Closure<dyn FnMut(String)>,
}

/// What JavaScript threw, as text for the page.
fn describe(error: JsValue) -> String {
    error.as_string().unwrap_or_else(|| format!("{error:?}"))
}

/// CodeMirror's phrases in `lang`, as the JSON object it reads.
fn phrases(lang: Lang) -> String {
    let table: Map<String, Value> = EditorPhrase::ALL
        .iter()
        .map(|phrase| (phrase.en().to_string(), Value::from(phrase.get(lang))))
        .collect();
    Value::Object(table).to_string()
}

impl CodeMirror {
    /// Loads CodeMirror and mounts an editor in `host`, then calls `on_mounted` with it (or
    /// with what went wrong), once, after the current task: the bundle is imported on demand.
    /// `on_change` gets the whole text after each edit the learner makes (not after
    /// [`CodeMirror::show`]).
    pub fn mount(
        host: &HtmlElement,
        on_change: impl FnMut(String) + 'static,
        label: &str,
        description: &str,
        lang: Lang,
        on_mounted: impl FnOnce(Result<CodeMirror, String>) + 'static,
    ) {
        let on_change = Closure::<dyn FnMut(String)>::new(on_change);
        let on_change_js = on_change.as_ref().clone();
        // Exactly one of the two is called; each frees itself when called, and the other
        // (a few bytes) is left to the page.
        let mounted = Rc::new(RefCell::new(Some(on_mounted)));
        let on_error = {
            let mounted = mounted.clone();
            Closure::once_into_js(move |message: String| {
                if let Some(on_mounted) = mounted.borrow_mut().take() {
                    on_mounted(Err(message));
                }
            })
        };
        let on_ready = {
            let mounted = mounted.clone();
            Closure::once_into_js(move |editor: JsEditor| {
                let editor = CodeMirror {
                    editor,
                    _on_change: on_change,
                };
                if let Some(on_mounted) = mounted.borrow_mut().take() {
                    on_mounted(Ok(editor));
                }
            })
        };
        let started = load_editor(
            host,
            &on_change_js,
            label,
            description,
            &phrases(lang),
            &on_ready,
            &on_error,
        );
        if let Err(error) = started {
            if let Some(on_mounted) = mounted.borrow_mut().take() {
                on_mounted(Err(describe(error)));
            }
        }
    }

    /// Shows file `name` with `text`; `names` are all the page's files (the editor forgets
    /// the undo history of the others). `renamed_from` is the name the file on screen had
    /// until the page renamed it to `name`: its undo history goes on.
    pub fn show(
        &self,
        name: &str,
        text: &str,
        names: &[&str],
        renamed_from: Option<&str>,
    ) -> Result<(), String> {
        let names = Value::from(names.to_vec()).to_string();
        self.editor
            .show(name, text, &names, renamed_from.unwrap_or(""))
            .map_err(describe)
    }

    /// Shows `diagnostics` as lint markers in the gutter.
    pub fn set_diagnostics(&self, diagnostics: &[DiagnosticView]) -> Result<(), String> {
        let rows: Vec<Value> = diagnostics
            .iter()
            .map(|row| {
                json!({
                    "line": row.line,
                    "column": row.column,
                    "message": row.message,
                    "error": row.is_error,
                })
            })
            .collect();
        self.editor
            .set_diagnostics(&Value::from(rows).to_string())
            .map_err(describe)
    }

    /// CodeMirror's own words (the search panel) in `lang`.
    pub fn set_lang(&self, lang: Lang) -> Result<(), String> {
        self.editor.set_phrases(&phrases(lang)).map_err(describe)
    }

    /// The text box's accessible name and description.
    pub fn set_label(&self, label: &str, description: &str) -> Result<(), String> {
        self.editor.set_label(label, description).map_err(describe)
    }

    /// Focuses the editor at a 1-based line and column.
    pub fn focus_at(&self, line: usize, column: usize) -> Result<(), String> {
        let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        self.editor
            .focus_at(clamp(line), clamp(column))
            .map_err(describe)
    }
}

impl Drop for CodeMirror {
    fn drop(&mut self) {
        // Nothing useful can be done with a failure here: the editor is going away.
        let _ = self.editor.destroy();
    }
}
