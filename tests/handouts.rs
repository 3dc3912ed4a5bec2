//! Handout snapshots: `examples/notes-session.sh` as the Markdown handout `sts-playground run
//! --markdown` prints, beside it as `notes-session.handout.md` so a teacher can see what a
//! handout looks like. `UPDATE_EXPECT=1 cargo test --test handouts` rewrites it.

use std::path::Path;

use sts_playground::handout;
use sts_playground::sim::script;
use sts_playground::sim::session::Session;
use sts_playground::sim::world::Preset;

#[test]
fn the_notes_session_as_a_handout() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let text = std::fs::read_to_string(examples.join("notes-session.sh")).expect("readable");
    let steps = script::parse(&text).expect("a valid script");
    let loader = |name: &str| std::fs::read_to_string(examples.join(name)).ok();
    let mut session = Session::new(Preset::Kubeadm, 1);
    let footer = "_Simulated by StatefulSet Playground: `sts-playground run --cluster kubeadm --seed 1 examples/notes-session.sh`._";
    let actual = handout::markdown(&mut session, &text, &steps, &loader, footer);

    // The console blocks hold the plain transcript, byte for byte.
    let mut plain_session = Session::new(Preset::Kubeadm, 1);
    let plain = script::run(&mut plain_session, &steps, &loader);
    let console: String = actual
        .split("```console\n")
        .skip(1)
        .map(|block| block.split("```\n").next().unwrap_or(""))
        .collect();
    assert_eq!(console, plain);

    let path = examples.join("notes-session.handout.md");
    if std::env::var("UPDATE_EXPECT").is_ok_and(|v| v == "1") {
        std::fs::write(&path, &actual).expect("write snapshot");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        expected == actual,
        "{} differs; UPDATE_EXPECT=1 rewrites it\n{actual}",
        path.display()
    );
}
