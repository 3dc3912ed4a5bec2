//! The page: Yew components only, compiled for wasm32 alone.
//!
//! For now this is the page's shell: the title, one tab for each manifest of the tutorial
//! notes the playground follows, and a text area that shows the selected file. The editor,
//! the cluster view and the console come later and will talk to the core only through its
//! facade in [`crate::sim`].
//!
//! Architecture Invariant: nothing here simulates anything. The page keeps one
//! [`use_reducer`] state ([`PageState`]) changed only by [`PageAction`]s, in the manner of
//! Yew's `function_todomvc` example.
//!
//! Architecture Invariant: the root element carries `data-ready="true"` once the app has
//! mounted. The browser tests wait for that attribute before they look at the page.

use std::rc::Rc;

use yew::prelude::*;

/// One manifest file the page opens with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExampleFile {
    /// The file name as the tutorial uses it with `kubectl apply -f`.
    pub name: &'static str,
    /// The file's YAML text.
    pub text: &'static str,
}

/// The tutorial's manifests, in the order the notes apply them: the PersistentVolumes first,
/// because the StatefulSet's claims need volumes to bind to.
pub const EXAMPLE_FILES: [ExampleFile; 2] = [
    ExampleFile {
        name: "pv-demo.yaml",
        text: include_str!("../../examples/pv-demo.yaml"),
    },
    ExampleFile {
        name: "stateful-demo.yaml",
        text: include_str!("../../examples/stateful-demo.yaml"),
    },
];

/// Mounts [`App`] on the document's body. The wasm32 `main` calls this.
pub fn start() {
    yew::Renderer::<App>::new().render();
}

/// Everything the page remembers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageState {
    /// Index into [`EXAMPLE_FILES`] of the file whose tab is selected.
    pub selected_file_index: usize,
    /// Whether the app has mounted; shown as the root element's `data-ready`.
    pub is_mounted: bool,
}

/// The only ways [`PageState`] changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageAction {
    /// The app's first render reached the document.
    Mounted,
    /// The user chose the file tab with this index into [`EXAMPLE_FILES`].
    SelectFile(usize),
}

impl Reducible for PageState {
    type Action = PageAction;

    fn reduce(self: Rc<Self>, action: PageAction) -> Rc<Self> {
        match action {
            PageAction::Mounted => Rc::new(PageState {
                is_mounted: true,
                ..(*self).clone()
            }),
            PageAction::SelectFile(file_index) if file_index < EXAMPLE_FILES.len() => {
                Rc::new(PageState {
                    selected_file_index: file_index,
                    ..(*self).clone()
                })
            }
            PageAction::SelectFile(_) => self,
        }
    }
}

/// The whole page.
#[function_component]
pub fn App() -> Html {
    let state = use_reducer(PageState::default);

    {
        let state = state.clone();
        use_effect_with((), move |_| state.dispatch(PageAction::Mounted));
    }

    let selected_file = EXAMPLE_FILES[state.selected_file_index];
    let file_tabs = EXAMPLE_FILES
        .iter()
        .enumerate()
        .map(|(file_index, file)| {
            let is_selected = file_index == state.selected_file_index;
            let onclick = {
                let state = state.clone();
                Callback::from(move |_: MouseEvent| {
                    state.dispatch(PageAction::SelectFile(file_index))
                })
            };
            html! {
                <button
                    type="button"
                    role="tab"
                    id={format!("file-tab-{file_index}")}
                    class={classes!("file-tab", is_selected.then_some("file-tab--selected"))}
                    aria-selected={is_selected.to_string()}
                    aria-controls="file-panel"
                    {onclick}
                >
                    { file.name }
                </button>
            }
        })
        .collect::<Html>();

    html! {
        <div id="playground" class="playground" data-ready={state.is_mounted.to_string()}>
            <header class="page-header">
                <h1 class="page-title">{ "StatefulSet Playground" }</h1>
            </header>
            <main class="page-main">
                <section class="files" aria-label="Manifest files">
                    <div class="file-tabs" role="tablist">{ file_tabs }</div>
                    <div
                        id="file-panel"
                        class="file-panel"
                        role="tabpanel"
                        aria-labelledby={format!("file-tab-{}", state.selected_file_index)}
                    >
                        <textarea
                            class="file-text"
                            readonly=true
                            spellcheck="false"
                            aria-label={selected_file.name}
                            value={selected_file.text}
                        />
                    </div>
                </section>
            </main>
        </div>
    }
}
