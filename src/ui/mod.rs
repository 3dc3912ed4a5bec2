//! The page: a manifest editor with the tutorial notes' files in tabs, a console that runs
//! kubectl, the cluster drawn from [`crate::sim::view`], time controls and the event log.
//!
//! * [`state`] — everything the page remembers and the pure reducer that changes it.
//! * [`engine`] — the page's [`crate::sim::session::Session`]: console lines, frames and steps
//!   in, [`state::Update`]s out.
//! * the components (wasm32 only): `app` (the reducer, the session and the frame loop),
//!   `editor`, `console`, `cluster`, `controls`, `events`, and `timers` (the animation-frame
//!   loop and the debounce, both cancelled when dropped).
//!
//! Architecture Invariant: nothing here simulates anything and nothing reaches into the store;
//! the page sends console lines and time to the session and draws the plain views it gets
//! back. User text is only ever inserted as text, never as HTML.
//!
//! Architecture Invariant: the root element carries `data-ready="true"` once the app has
//! mounted. The browser tests wait for that attribute before they look at the page; they find
//! everything else by `data-testid` (see `tests/browser/`).

pub mod engine;
pub mod state;

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

/// Mounts the app on the document's body. The wasm32 `main` calls this.
#[cfg(target_arch = "wasm32")]
pub fn start() {
    yew::Renderer::<app::App>::new().render();
}
