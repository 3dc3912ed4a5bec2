//! Bad input never panics: the manifest reader, kubectl's parser and runner, and the session
//! script reader get arbitrary input, and must answer with an error at worst.

use proptest::prelude::*;
use sts_playground::sim::manifest;
use sts_playground::sim::script;
use sts_playground::sim::session::Session;
use sts_playground::sim::world::Preset;

/// Fragments that make arbitrary text look enough like a manifest to reach deep code paths.
fn manifestish() -> impl Strategy<Value = String> {
    let fragments = prop::sample::select(vec![
        "apiVersion: v1\n",
        "apiVersion: apps/v1\n",
        "kind: Pod\n",
        "kind: StatefulSet\n",
        "kind: PersistentVolume\n",
        "kind: PersistentVolumeClaim\n",
        "kind: Service\n",
        "metadata:\n",
        "  name: web\n",
        "  name: \"\"\n",
        "spec:\n",
        "  replicas: 3\n",
        "  replicas: three\n",
        "  replicas: -1\n",
        "  capacity:\n    storage: 800E\n",
        "  storage: 1.2.3Gi\n",
        "---\n",
        "  - a\n",
        "- b: c\n",
        "&a [*a]\n",
        "{",
        "}",
        "[",
        "]",
        ": ",
        "\t",
        "'",
        "\"",
        "\u{0}",
        "  selector:\n    matchLabels:\n      app: x\n",
        "  template:\n    spec:\n      containers: 7\n",
        "  accessModes: [\"ReadWriteOnce\"]\n",
        "  unknownField: 1\n",
        "é",
        "🙂",
    ]);
    prop::collection::vec(fragments, 0..40).prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn the_manifest_reader_never_panics(text in manifestish()) {
        let _ = manifest::parse("fuzz.yaml", &text);
    }

    #[test]
    fn the_manifest_reader_never_panics_on_any_string(text in ".{0,400}") {
        let _ = manifest::parse("fuzz.yaml", &text);
    }

    #[test]
    fn apply_never_panics_and_kubectl_answers(text in manifestish()) {
        let mut session = Session::new(Preset::Kubeadm, 1);
        session.files.insert("fuzz.yaml".into(), text);
        let (output, _) = session.run_blocking(&["apply".into(), "-f".into(), "fuzz.yaml".into()], None);
        prop_assert!(!output.text().is_empty());
    }

    #[test]
    fn kubectl_never_panics_on_arbitrary_arguments(words in prop::collection::vec(
        prop::sample::select(vec![
            "get", "apply", "delete", "scale", "patch", "describe", "rollout", "status", "history", "undo",
            "label", "annotate", "set", "image", "create", "replace", "wait", "exec", "run", "logs", "explain",
            "pods", "pod", "sts", "statefulset", "pvc", "pv", "svc", "all", "events", "web", "web-0", "sts/web",
            "-o", "yaml", "json", "wide", "name", "jsonpath={.items[*]}", "jsonpath={", "-l", "app=web", "a in (",
            "-n", "kube-system", "-A", "-w", "--replicas=3", "--replicas=-1", "--replicas", "-f", "-", "x.yaml",
            "--cascade=orphan", "--grace-period=0", "--force", "--sort-by=.metadata.name", "-p", "{\"spec\":{}}",
            "--type=json", "[{\"op\":\"remove\",\"path\":\"/x\"}]", "--", "sh", "-c", "app=x", "app-", "--overwrite",
            "--show-labels", "--for=delete", "--timeout=1s", "-z", "--bogus", "=", "",
        ]),
        0..8,
    )) {
        let mut session = Session::new(Preset::Kind, 2);
        let argv: Vec<String> = words.into_iter().map(String::from).collect();
        let _ = session.run_blocking(&argv, Some("kind: Pod\n"));
    }

    #[test]
    fn the_script_reader_never_panics(text in ".{0,300}") {
        let _ = script::parse(&text);
    }

    #[test]
    fn scripts_of_known_lines_run(lines in prop::collection::vec(prop::sample::select(vec![
        "kubectl get pods", "sleep 5", "echo hi", "cat > a.yaml <<EOF\nkind: Pod\nEOF",
        "kubectl apply -f a.yaml", "kubectl delete pod x", "kubectl get pv -w --request-timeout=3s",
        "kubectl apply -f - <<EOF\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: lab\nEOF",
        "kubectl get ns", "# comment", "",
    ]), 0..10)) {
        let text = lines.join("\n");
        let steps = script::parse(&text).expect("known lines parse");
        let mut session = Session::new(Preset::Kubeadm, 3);
        let transcript = script::run(&mut session, &steps, &|_| None);
        prop_assert_eq!(transcript.matches("\n$ ").count() + usize::from(transcript.starts_with("$ ")), steps.len());
    }
}

#[test]
fn hostile_manifests_get_clear_errors() {
    let cases: Vec<(&str, String)> = vec![
        ("alias bomb", {
            let mut bomb = String::from("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
            let mut previous = 'a';
            for c in ['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'] {
                bomb.push_str(&format!("{c}: &{c} [*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous}]\n"));
                previous = c;
            }
            bomb
        }),
        ("deep nesting", "a: ".to_string() + &"[".repeat(5000) + &"]".repeat(5000)),
        ("binary junk", "\u{0}\u{1}\u{2}\u{7f}garbage".to_string()),
        ("ten megabytes", "# padding\n".repeat(1_100_000)),
        ("strings for numbers", "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  replicas: three\n".to_string()),
    ];
    for (label, text) in cases {
        let mut session = Session::new(Preset::Kubeadm, 1);
        session.files.insert("bad.yaml".into(), text);
        let before = session.cluster.store.resource_version();
        let (output, code) =
            session.run_blocking(&["apply".into(), "-f".into(), "bad.yaml".into()], None);
        assert_eq!(code, 1, "{label}: exit code");
        assert!(
            output.stderr().starts_with("error:")
                || output.stderr().starts_with("Error from server"),
            "{label}: {}",
            output.text()
        );
        assert_eq!(
            session.cluster.store.resource_version(),
            before,
            "{label}: nothing changed"
        );
    }
}
