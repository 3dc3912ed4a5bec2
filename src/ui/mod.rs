//! The page: a manifest editor with the tutorial notes' files in tabs, a console that runs
//! kubectl, the cluster drawn from [`crate::sim::view`], time controls and the event log.
//!
//! * [`state`] — everything the page remembers and the pure reducer that changes it.
//! * [`engine`] — the page's [`crate::sim::session::Session`]: console lines, frames and steps
//!   in, [`state::Update`]s out.
//! * the components (wasm32 only): `app` (the reducer, the session and the frame loop),
//!   `editor`, `console`, `cluster`, `controls`, `events`, and `timers` (the animation-frame
//!   loop and the debounce, both cancelled when dropped).
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
//! | `editor` (the text area), `apply`, `diagnostics` | `data-stale` on `diagnostics` |
//! | `file-tab` | `data-name` |
//! | `diagnostic` | `data-line`, `data-column` |
//! | `console-input`, `console-output` | |
//! | `play`, `pause`, `step`, `speed` (a select; values `0.5` … `20`), `clock` | `data-ms` on `clock` |
//! | `pod` | `data-name`, `data-phase` (kubectl's STATUS), `data-ready` (`1/1`), `data-uid` |
//! | `pvc` | `data-name`, `data-phase`, `data-volume` |
//! | `pv` | `data-name`, `data-phase`, `data-claim` (`namespace/name`, as kubectl's CLAIM) |
//! | `statefulset` (with `scale-up`, `scale-down` inside), `waiting` | `data-name`, `data-ready` |
//! | `service`, `dns`, `storageclass`, `event` | `data-name`, `data-published`, `data-reason` |
//! | the root `#playground` (classroom) | `data-seed`, `data-preset`; classes `playground--present`, `playground--embed` |
//! | `lang-switch` (a select; values `en`, `zh-CN`) | |
//! | `lesson-picker` (a select; values the lesson ids, `""` for free play), `lesson-panel` | `data-lesson` (the id, `""` for none), `data-all-passed` and `data-check-us` (the last goal check's time) on `lesson-panel` |
//! | `lesson-goal` | `data-passed` (`true`/`false`) |
//! | `lesson-hints-toggle`, `lesson-solution-toggle`, `lesson-run-solution`, `lesson-hints`, `lesson-solution`, `lesson-learned` | `data-running` on `lesson-run-solution` |
//! | `share` (opens the dialog), `share-dialog`, `share-link` (an input), `embed-snippet` (a text area), `export` | |
//! | `notice` (what a link opened, or why it could not) | `data-error` |
//! | `presenter-toggle`, `shortcut-help`, `caption` | `aria-pressed` on the toggle, `data-reason` on `caption` |

pub mod engine;
pub mod i18n;
pub mod lang;
pub mod lessons;
pub mod presenter;
pub mod share_link;
pub mod state;
pub mod words;

#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
mod cluster;
#[cfg(target_arch = "wasm32")]
mod console;
#[cfg(target_arch = "wasm32")]
mod controls;
#[cfg(target_arch = "wasm32")]
mod editor;
#[cfg(target_arch = "wasm32")]
mod events;
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

/// Mounts the app on the document's body. The wasm32 `main` calls this.
#[cfg(target_arch = "wasm32")]
pub fn start() {
    yew::Renderer::<app::App>::new().render();
}
