//! The binary: the page on wasm32, the command line on native targets.

/// Starts the page.
#[cfg(target_arch = "wasm32")]
fn main() {
    sts_playground::ui::start();
}

/// The command line (`sts-playground run …`).
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    std::process::exit(sts_playground::cli::main(args));
}
