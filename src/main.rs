//! The binary: the page on wasm32, the command line on native targets.

/// Starts the page.
#[cfg(target_arch = "wasm32")]
fn main() {
    sts_playground::ui::start();
}

/// The command line; wired to `sts_playground::cli::main()` once that exists.
#[cfg(not(target_arch = "wasm32"))]
fn main() {}
