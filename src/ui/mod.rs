//! The page: a manifest editor with the tutorial notes' files in tabs, a console that runs
//! kubectl, the cluster drawn from [`crate::sim::view`], time controls and the event log.
//!
//! * [`state`] — everything the page remembers and the pure reducer that changes it.
//! * [`engine`] — the page's [`crate::sim::session::Session`] and its journal: console lines,
//!   faults, frames, steps and moves on the timeline in, [`state::Update`]s out.
//! * [`persist`] — the autosave in localStorage and the saved document's format.
//! * [`console_complete`] — Tab completion of console lines (verbs, kinds, object names).
//! * [`cluster_summary`] — the cluster in a sentence, for the screen-reader live region.
//! * [`i18n`] and [`words`] — the two languages and every word of the page in both.
//! * the components (wasm32 only): `app` (the reducer, the session and the frame loop),
//!   `editor`, `console`, `cluster` (with `cluster_pod`: pod cards, actions and the compact
//!   grid; `cluster_storage`: claims, volumes, StorageClasses; `cluster_inspect`: describe and
//!   YAML of the selected object), `controls`, `timeline`, `events`, `theme` (light/dark
//!   toggle), `panic` (the panel a panic leaves), and `timers` (the animation-frame loop and the
//!   debounce, both cancelled when dropped).
//! * the classroom: [`lang`] (which language opens), [`lessons`] (opening a lesson or a shared
//!   playground through the engine, the solution as console lines), [`share_link`] (what a link
//!   asks for, the share payload, the iframe snippet, the export script), [`presenter`]
//!   (shortcuts and captions); their components (wasm32 only): `lang_switch`, `lessons_panel`,
//!   `share_dialog`, `presenter_view`.
//!
//! Architecture Invariant: nothing here simulates anything and nothing reaches into the store;
//! the page sends console lines and time to the session and draws the plain views it gets
//! back. User text is only ever inserted as text, never as HTML.
//!
//! Architecture Invariant: the root element carries `data-ready="true"` once the app has
//! mounted. The browser tests wait for that attribute before they look at the page; they find
//! everything else by these hooks, which other tests depend on and which stay stable:
//!
//! | `data-testid` | more attributes |
//! |---|---|
//! | `editor` (the host of CodeMirror, which lives in its open shadow root), `apply`, `diagnostics` | `data-stale` on `diagnostics`; `editorView` (a property, for tests) on `editor` |
//! | `file-tab` | `data-name` |
//! | `file-new`, `file-rename`, `file-delete`, `file-name-input`, `file-error`, `file-delete-confirm` | |
//! | `diagnostic` | `data-line`, `data-column`, `data-document` (from 0), `data-path` |
//! | `console-input`, `console-output` | |
//! | `play`, `pause`, `step`, `speed` (a select; values `0.5` … `20`), `clock` | `data-ms` on `clock` |
//! | `pod` (a card, or a cell of `pod-grid`) | `data-name`, `data-phase` (kubectl's STATUS), `data-ready` (`1/1`), `data-uid`, `data-revision`, `data-restarts` |
//! | `pod-actions` (the disclosure), `pod-action-delete`, `pod-action-shell`, `pod-action-break`, `pod-action-restore`, `pod-action-crash` | inside a `pod` card and in the `inspector` |
//! | `pod-grid` (a set of more than 60 pods) | cells are `pod` buttons named `Pod NAME: STATUS, READY ready` |
//! | `pvc` | `data-name`, `data-phase`, `data-volume` |
//! | `pv` | `data-name`, `data-phase`, `data-claim` (`namespace/name`, as kubectl's CLAIM) |
//! | `statefulset` (with `scale-up`, `scale-down`, `change-image`, `image-input`, `set-image`, `partition` inside), `waiting` | `data-name`, `data-ready`; `data-partition` on `partition` |
//! | `inspector` (with `inspector-describe-tab`, `inspector-yaml-tab`, `inspector-text`, `inspector-close`) | `data-kind` (`pod`, `persistentvolumeclaim`, …), `data-name` |
//! | `console-candidates`, `console-stop` | |
//! | `event-filter`, `event-object` (a row's object, selects it) | `data-object` on `event` |
//! | `sr-summary` (the polite live region), `theme-toggle` | `data-theme` (`light`/`dark`) on `theme-toggle` and on `<html>` once chosen |
//! | `service`, `dns`, `storageclass`, `event` | `data-name`, `data-published`, `data-reason` |
//! | `timeline` (the bar, a slider), `timeline-mark` | `data-viewing`, `data-end` on `timeline`; `data-ms`, `data-inputs` on marks |
//! | `fork`, `back-to-now` (shown while looking at the past), `restart`, `new-seed`, `seed` | `data-seed` on `seed` |
//! | `saved-state-error` (with `dismiss-saved-state-error`) | |
//! | `panic-panel` (with `panic-message`, `bug-report`, `copy-bug-report`, `reload`, `copy-status`) | |
//! | the root `#playground` (classroom) | `data-seed`, `data-preset`; classes `playground--present`, `playground--embed` |
//! | `lang-switch` (a select; values `en`, `zh-CN`) | |
//! | `lesson-picker` (a select; values the lesson ids, `""` for free play), `lesson-panel` | `data-lesson` (the id, `""` for none), `data-all-passed` and `data-check-us` (the last goal check's time) on `lesson-panel` |
//! | `lesson-goal` | `data-passed` (`true`/`false`) |
//! | `lesson-hints-toggle`, `lesson-solution-toggle`, `lesson-run-solution`, `lesson-hints`, `lesson-solution`, `lesson-learned` | `data-running` on `lesson-run-solution` |
//! | `share` (opens the dialog), `share-dialog`, `share-link` (an input), `embed-snippet` (a text area), `export` | |
//! | `notice` (what a link opened, or why it could not) | `data-error` |
//! | `presenter-toggle`, `shortcut-help`, `caption` | `aria-pressed` on the toggle, `data-reason` on `caption` |

pub mod cluster_links;
pub mod cluster_summary;
pub mod console_complete;
pub mod engine;
pub mod i18n;
pub mod lang;
pub mod lessons;
pub mod persist;
pub mod presenter;
pub mod share_link;
pub mod state;
pub mod words;

#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
mod cluster;
#[cfg(target_arch = "wasm32")]
mod cluster_inspect;
#[cfg(target_arch = "wasm32")]
mod cluster_links_svg;
#[cfg(target_arch = "wasm32")]
mod cluster_pod;
#[cfg(target_arch = "wasm32")]
mod cluster_storage;
#[cfg(target_arch = "wasm32")]
mod console;
#[cfg(target_arch = "wasm32")]
mod controls;
#[cfg(target_arch = "wasm32")]
mod editor;
#[cfg(target_arch = "wasm32")]
mod events;
#[cfg(target_arch = "wasm32")]
mod panic;
#[cfg(target_arch = "wasm32")]
mod theme;
#[cfg(target_arch = "wasm32")]
mod timeline;
#[cfg(target_arch = "wasm32")]
mod timers;
// The classroom's components: the language switcher, the lesson panel, sharing, presenter mode.
#[cfg(target_arch = "wasm32")]
mod lang_switch;
#[cfg(target_arch = "wasm32")]
mod lessons_panel;
#[cfg(target_arch = "wasm32")]
mod presenter_view;
#[cfg(target_arch = "wasm32")]
mod share_dialog;
// The component tests, run in headless Chromium by wasm-bindgen-test (scripts/test.sh).
#[cfg(all(test, target_arch = "wasm32"))]
mod component_tests;

/// Mounts the app on the document's body. The wasm32 `main` calls this.
#[cfg(target_arch = "wasm32")]
pub fn start() {
    panic::install();
    yew::Renderer::<app::App>::new().render();
}
