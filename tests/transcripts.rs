//! Transcript snapshots: every session script in `examples/` and `tests/scripts/` runs through
//! the same path as `sts-playground run`, and its transcript must equal the `.transcript` file
//! beside it byte for byte. `UPDATE_EXPECT=1 cargo test --test transcripts` rewrites the snapshots; read the diff
//! against the behaviour reference before committing it.
//!
//! A script may choose its cluster and seed in its first lines: `# cluster: kind`, `# seed: 7`.

use std::path::{Path, PathBuf};

use sts_playground::sim::script;
use sts_playground::sim::session::Session;
use sts_playground::sim::world::Preset;

fn scripts_folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scripts")
}

/// Runs a script as the command line does.
pub fn run_script(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("script is readable");
    let mut preset = Preset::Kubeadm;
    let mut seed = 1;
    for line in text.lines().take_while(|l| l.starts_with('#')) {
        if let Some(name) = line.strip_prefix("# cluster: ") {
            preset = Preset::parse(name.trim()).expect("known preset");
        }
        if let Some(number) = line.strip_prefix("# seed: ") {
            seed = number.trim().parse().expect("numeric seed");
        }
    }
    let steps = script::parse(&text)
        .unwrap_or_else(|e| panic!("{}:{}: {}", path.display(), e.line, e.message));
    let folder = path.parent().map(Path::to_path_buf).unwrap_or_default();
    // Files come from beside the script, then from the repository's examples (the notes'
    // manifests), so the two are never copied.
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let loader = |name: &str| {
        std::fs::read_to_string(folder.join(name))
            .or_else(|_| std::fs::read_to_string(examples.join(name)))
            .ok()
    };
    let mut session = Session::new(preset, seed);
    script::run(&mut session, &steps, &loader)
}

#[test]
fn every_script_matches_its_transcript() {
    let update = std::env::var("UPDATE_EXPECT").is_ok_and(|v| v == "1");
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut scripts: Vec<PathBuf> = [scripts_folder(), examples]
        .iter()
        .filter_map(|folder| std::fs::read_dir(folder).ok())
        .flatten()
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "sh"))
        .collect();
    scripts.sort();
    assert!(!scripts.is_empty(), "no scripts found");
    let mut failures = Vec::new();
    for script in &scripts {
        let actual = run_script(script);
        let expected_path = script.with_extension("transcript");
        if update {
            std::fs::write(&expected_path, &actual).expect("write snapshot");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != actual {
            let first_difference = expected
                .lines()
                .zip(actual.lines())
                .position(|(e, a)| e != a)
                .unwrap_or(expected.lines().count().min(actual.lines().count()));
            failures.push(format!(
                "{}: transcript differs from line {}\n--- expected\n{}\n--- actual\n{}",
                script.display(),
                first_difference + 1,
                expected
                    .lines()
                    .skip(first_difference.saturating_sub(2))
                    .take(8)
                    .collect::<Vec<_>>()
                    .join("\n"),
                actual
                    .lines()
                    .skip(first_difference.saturating_sub(2))
                    .take(8)
                    .collect::<Vec<_>>()
                    .join("\n"),
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{}\n(run with UPDATE_EXPECT=1 to accept)",
        failures.join("\n\n")
    );
}

#[test]
fn the_same_seed_gives_the_same_transcript() {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/notes-session.sh");
    assert_eq!(run_script(&script), run_script(&script));
}
