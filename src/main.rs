//! The binary: the page on wasm32, the command line on native targets.

/// Starts the page.
#[cfg(target_arch = "wasm32")]
fn main() {
    sts_playground::ui::start();
}

/// Counts the live heap for `sts-playground bench --memory` (native only).
#[cfg(not(target_arch = "wasm32"))]
#[global_allocator]
static ALLOCATOR: sts_playground::cli::bench::CountingAllocator =
    sts_playground::cli::bench::CountingAllocator;

/// The command line (`sts-playground run …`).
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    std::process::exit(sts_playground::cli::main(args));
}
