//! The file tabs: one tab per file (the WAI-ARIA tabs pattern: ←/→, Home and End move between
//! them), and the buttons that add, rename and delete files. Renaming opens a small form whose
//! errors say what is wrong with the name; deleting asks first, and the last file is kept
//! (see [`crate::ui::state::delete_refused`]).
//!
//! Leaves out: the rules themselves, which live beside the reducer in
//! [`crate::ui::state`] (checked here to explain a refusal, and again by the reducer).
//!
//! Architecture Invariant: every control is a labelled button or input, reachable with Tab;
//! after a form closes, focus returns to the selected tab.

use std::rc::Rc;

use web_sys::{HtmlElement, HtmlInputElement};
use yew::prelude::*;

use crate::ui::app::use_lang;
use crate::ui::i18n::{Lang, Message};
use crate::ui::state::{
    check_file_name, delete_refused, EditorFile, FileNameError, PageAction, FILES_MAX,
    FILE_NAME_CHARS_MAX,
};
use crate::ui::words::editor::EditorText;

/// The element id of tab `index`.
pub fn tab_id(index: usize) -> String {
    format!("file-tab-{index}")
}

/// What the area under the tabs shows.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Mode {
    Idle,
    /// The rename form, with the name being typed and why it was refused.
    Renaming {
        draft: String,
        error: Option<FileNameError>,
    },
    ConfirmDelete,
    /// A refusal to explain (the last file, too many files).
    Refused(EditorText),
}

/// A refused name, in words.
fn name_error(error: &FileNameError, lang: Lang) -> String {
    match error {
        FileNameError::Empty => EditorText::NameEmpty.get(lang).to_string(),
        FileNameError::TooLong => {
            EditorText::NameTooLong.with(lang, &[("max", FILE_NAME_CHARS_MAX.to_string().as_str())])
        }
        FileNameError::Invalid => EditorText::NameInvalid.get(lang).to_string(),
        FileNameError::Taken(name) => EditorText::NameTaken.with(lang, &[("name", name)]),
    }
}

/// Focuses tab `index` (after its form closed, or when the arrow keys move to it).
fn focus_tab(index: usize) {
    let element = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.get_element_by_id(&tab_id(index)))
        .and_then(|element| wasm_bindgen::JsCast::dyn_into::<HtmlElement>(element).ok());
    if let Some(element) = element {
        let _ = element.focus();
    }
}

#[derive(Properties, PartialEq)]
pub struct FileTabsProps {
    pub files: Rc<Vec<EditorFile>>,
    pub selected: usize,
    pub on_action: Callback<PageAction>,
    /// Shown at the end of the file actions' row (the Apply button).
    #[prop_or_default]
    pub children: Html,
}

#[function_component]
pub fn FileTabs(props: &FileTabsProps) -> Html {
    let lang = use_lang();
    let mode = use_state(|| Mode::Idle);
    let name_input = use_node_ref();
    let count = props.files.len();
    let selected = props.selected.min(count.saturating_sub(1));
    let selected_name = props
        .files
        .get(selected)
        .map(|file| file.name.clone())
        .unwrap_or_default();

    // A new selection closes whatever form was open for the previous one.
    {
        let mode = mode.clone();
        use_effect_with(selected_name.clone(), move |_| mode.set(Mode::Idle));
    }
    // The rename form takes focus when it opens.
    {
        let name_input = name_input.clone();
        let renaming = matches!(*mode, Mode::Renaming { .. });
        use_effect_with(renaming, move |renaming| {
            if *renaming {
                if let Some(input) = name_input.cast::<HtmlInputElement>() {
                    let _ = input.focus();
                    input.select();
                }
            }
        });
    }

    let tabs = props
        .files
        .iter()
        .enumerate()
        .map(|(index, file)| {
            let is_selected = index == selected;
            let errors = file.diagnostics.iter().filter(|d| d.is_error).count();
            let onclick = props
                .on_action
                .reform(move |_: MouseEvent| PageAction::SelectFile(index));
            let onkeydown = {
                let on_action = props.on_action.clone();
                let mode = mode.clone();
                let name = file.name.clone();
                let files = props.files.clone();
                Callback::from(move |event: KeyboardEvent| {
                    let target = match event.key().as_str() {
                        "ArrowRight" => Some((index + 1) % count.max(1)),
                        "ArrowLeft" => Some((index + count.max(1) - 1) % count.max(1)),
                        "Home" => Some(0),
                        "End" => Some(count.saturating_sub(1)),
                        "F2" => {
                            event.prevent_default();
                            mode.set(Mode::Renaming {
                                draft: name.clone(),
                                error: None,
                            });
                            None
                        }
                        "Delete" => {
                            event.prevent_default();
                            mode.set(if delete_refused(&files) {
                                Mode::Refused(EditorText::LastFile)
                            } else {
                                Mode::ConfirmDelete
                            });
                            None
                        }
                        _ => None,
                    };
                    if let Some(target) = target {
                        event.prevent_default();
                        on_action.emit(PageAction::SelectFile(target));
                        focus_tab(target);
                    }
                })
            };
            html! {
                <button
                    type="button"
                    role="tab"
                    id={tab_id(index)}
                    class={classes!("file-tab", is_selected.then_some("file-tab--selected"))}
                    data-testid="file-tab"
                    data-name={file.name.clone()}
                    aria-selected={is_selected.to_string()}
                    aria-controls="file-panel"
                    tabindex={if is_selected { "0" } else { "-1" }}
                    {onclick}
                    {onkeydown}
                >
                    { file.name.clone() }
                    if errors > 0 {
                        <span
                            class="file-tab-errors"
                            title={EditorText::ProblemsInFile.with(lang, &[("count", errors.to_string().as_str())])}
                        >
                            { errors }
                        </span>
                    }
                </button>
            }
        })
        .collect::<Html>();

    let on_new = {
        let on_action = props.on_action.clone();
        let mode = mode.clone();
        Callback::from(move |_: MouseEvent| {
            if count >= FILES_MAX {
                mode.set(Mode::Refused(EditorText::TooManyFiles));
            } else {
                mode.set(Mode::Idle);
                on_action.emit(PageAction::NewFile);
            }
        })
    };
    let on_rename = {
        let mode = mode.clone();
        let name = selected_name.clone();
        Callback::from(move |_: MouseEvent| {
            mode.set(Mode::Renaming {
                draft: name.clone(),
                error: None,
            })
        })
    };
    let on_delete = {
        let mode = mode.clone();
        let files = props.files.clone();
        Callback::from(move |_: MouseEvent| {
            mode.set(if delete_refused(&files) {
                Mode::Refused(EditorText::LastFile)
            } else {
                Mode::ConfirmDelete
            })
        })
    };
    let close = {
        let mode = mode.clone();
        Callback::from(move |_: ()| {
            mode.set(Mode::Idle);
            focus_tab(selected);
        })
    };

    let panel = match &*mode {
        Mode::Idle => html! {},
        Mode::Renaming { draft, error } => {
            let oninput = {
                let mode = mode.clone();
                Callback::from(move |event: InputEvent| {
                    let input: HtmlInputElement = event.target_unchecked_into();
                    mode.set(Mode::Renaming {
                        draft: input.value(),
                        error: None,
                    });
                })
            };
            let onsubmit = {
                let mode = mode.clone();
                let files = props.files.clone();
                let on_action = props.on_action.clone();
                let draft = draft.clone();
                let close = close.clone();
                Callback::from(move |event: SubmitEvent| {
                    event.prevent_default();
                    match check_file_name(&files, Some(selected), &draft) {
                        Ok(name) => {
                            on_action.emit(PageAction::RenameFile {
                                index: selected,
                                name,
                            });
                            close.emit(());
                        }
                        Err(error) => mode.set(Mode::Renaming {
                            draft: draft.clone(),
                            error: Some(error),
                        }),
                    }
                })
            };
            let onkeydown = {
                let close = close.clone();
                Callback::from(move |event: KeyboardEvent| {
                    if event.key() == "Escape" {
                        event.prevent_default();
                        close.emit(());
                    }
                })
            };
            let cancel = close.reform(|_: MouseEvent| ());
            let label = EditorText::FileName.with(lang, &[("name", selected_name.as_str())]);
            html! {
                <form class="file-form" data-testid="file-rename-form" {onsubmit}>
                    <label class="file-form-label" for="file-name-input">{ label }</label>
                    <input
                        ref={name_input}
                        id="file-name-input"
                        class="file-form-input"
                        data-testid="file-name-input"
                        type="text"
                        spellcheck="false"
                        autocomplete="off"
                        value={draft.clone()}
                        aria-invalid={error.is_some().to_string()}
                        aria-describedby={error.is_some().then_some("file-form-error")}
                        {oninput}
                        {onkeydown}
                    />
                    <button type="submit" class="file-form-button" data-testid="file-rename-save">
                        { EditorText::Save.get(lang) }
                    </button>
                    <button type="button" class="file-form-button" onclick={cancel}>
                        { EditorText::Cancel.get(lang) }
                    </button>
                    if let Some(error) = error {
                        <p id="file-form-error" class="file-form-error" role="alert" data-testid="file-error">
                            { name_error(error, lang) }
                        </p>
                    }
                </form>
            }
        }
        Mode::ConfirmDelete => {
            let confirm = {
                let on_action = props.on_action.clone();
                let mode = mode.clone();
                Callback::from(move |_: MouseEvent| {
                    mode.set(Mode::Idle);
                    on_action.emit(PageAction::DeleteFile(selected));
                    focus_tab(selected.saturating_sub(1));
                })
            };
            let keep = close.reform(|_: MouseEvent| ());
            html! {
                <div class="file-form" role="group" aria-labelledby="file-delete-question">
                    <p id="file-delete-question" class="file-form-question">
                        { EditorText::ConfirmDelete.with(lang, &[("name", selected_name.as_str())]) }
                    </p>
                    <button type="button" class="file-form-button file-form-button--danger" data-testid="file-delete-confirm" onclick={confirm}>
                        { EditorText::DeleteFile.get(lang) }
                    </button>
                    <button type="button" class="file-form-button" onclick={keep}>
                        { EditorText::KeepFile.get(lang) }
                    </button>
                </div>
            }
        }
        Mode::Refused(reason) => {
            let text = reason.with(lang, &[("max", FILES_MAX.to_string().as_str())]);
            let dismiss = close.reform(|_: MouseEvent| ());
            html! {
                <div class="file-form">
                    <p class="file-form-error" role="alert" data-testid="file-error">{ text }</p>
                    <button type="button" class="file-form-button" onclick={dismiss}>
                        { EditorText::Dismiss.get(lang) }
                    </button>
                </div>
            }
        }
    };

    html! {
        <div class="file-tabs-area">
            <div class="file-actions">
                <button
                    type="button"
                    class="file-action"
                    data-testid="file-new"
                    onclick={on_new}
                >
                    { EditorText::NewFile.get(lang) }
                </button>
                <button
                    type="button"
                    class="file-action"
                    data-testid="file-rename"
                    aria-label={EditorText::RenameTitle.with(lang, &[("name", selected_name.as_str())])}
                    onclick={on_rename}
                >
                    { EditorText::Rename.get(lang) }
                </button>
                <button
                    type="button"
                    class="file-action"
                    data-testid="file-delete"
                    aria-label={EditorText::DeleteTitle.with(lang, &[("name", selected_name.as_str())])}
                    onclick={on_delete}
                >
                    { EditorText::Delete.get(lang) }
                </button>
                <span class="file-actions-end">{ props.children.clone() }</span>
            </div>
            { panel }
            <div class="file-tabs" role="tablist" aria-label={EditorText::Files.get(lang)}>
                { tabs }
            </div>
        </div>
    }
}
