#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    std::process::exit(sts_playground::cli::main(args));
}

#[cfg(target_arch = "wasm32")]
fn main() {}
