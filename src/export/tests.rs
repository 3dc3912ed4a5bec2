use super::*;
use expect_test::expect;

fn payload(preset: Preset, files: &[(&str, &str)], commands: &[&str]) -> SharePayload {
    SharePayload {
        files: files
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect(),
        commands: commands.iter().map(|c| c.to_string()).collect(),
        seed: 1,
        preset,
        lesson: None,
    }
}

/// The script after the fixed header.
fn body(files: &[(String, String)]) -> String {
    let script = &files.last().unwrap().1;
    script[HEADER.len()..].to_string()
}

#[test]
fn a_kubeadm_session_replays_with_hand_made_volumes() {
    let files = export(&payload(
        Preset::Kubeadm,
        &[("pv-demo.yaml", include_str!("../../examples/pv-demo.yaml"))],
        &[
            "kubectl apply -f pv-demo.yaml",
            "sleep 1m30s",
            "kubectl get pods -w",
            "kubectl exec myapp-0 -- sh -c 'echo hello > /usr/share/nginx/html/index.html'",
            "echo it's done",
            "cat > web.yaml <<EOF\nkind: Pod\nEOF\nEOF_1",
            "ls -l",
        ],
    ));
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["pv-demo.yaml", "replay.sh"]);
    expect![[r#"

        # Note: pv-demo.yaml uses `nfs:` volumes (the notes' NFS server k8s-master). A kind or minikube
        # cluster has no such server: a pod using one stays ContainerCreating with a mount
        # error. To replay it locally, replace `nfs: {path: …, server: …}` with
        # `hostPath: {path: …}`; the node's container runtime creates a missing directory.

        # The session ran on the playground's "kubeadm" preset, the cluster of the tutorial notes: no
        # StorageClass, so claims bind only to PersistentVolumes made by hand. kind and minikube have a
        # default StorageClass, which would give every claim without a class a new provisioned volume,
        # and the hand-made volumes would stay Available. Un-mark the default class so the claims bind as
        # in the session. To undo it afterwards:
        #   kubectl annotate storageclass standard storageclass.kubernetes.io/is-default-class=true --overwrite
        if [ "${REPLAY_KEEP_DEFAULT_STORAGECLASS:-}" != 1 ]; then
          for class in $(kubectl get storageclass -o name); do
            kubectl annotate "$class" storageclass.kubernetes.io/is-default-class- >/dev/null
          done
        fi

        # Before each `kubectl exec`, the script waits for the pod to be Ready: the playground's
        # pods start in simulated seconds, a real image pull can take longer.

        # The session.
        printf '%s\n' '$ kubectl apply -f pv-demo.yaml'
        kubectl apply -f pv-demo.yaml
        printf '%s\n' '$ sleep 1m30s'
        pause 90
        printf '%s\n' '$ kubectl get pods -w'
        timeout "$REPLAY_WATCH_SECONDS" kubectl get pods -w
        printf '%s\n' '$ kubectl exec myapp-0 -- sh -c '\''echo hello > /usr/share/nginx/html/index.html'\'''
        kubectl wait --for=condition=Ready pod/myapp-0 --timeout=300s >/dev/null || true
        kubectl exec myapp-0 -- sh -c 'echo hello > /usr/share/nginx/html/index.html'
        # Not replayed (unterminated single quote): echo it's done
        # Not replayed (EOF_1: command not found (session scripts run kubectl, sleep, echo and cat heredocs)): cat > web.yaml <<EOF
        # Not replayed (ls: command not found (session scripts run kubectl, sleep, echo and cat heredocs)): ls -l
    "#]].assert_eq(&body(&files));
}

#[test]
fn a_kind_session_says_what_kind_has() {
    let files = export(&payload(Preset::Kind, &[], &["kubectl get sc"]));
    expect![[r#"

        # The session ran on the playground's "kind" preset: a default StorageClass "standard"
        # (rancher.io/local-path, WaitForFirstConsumer, reclaim Delete), exactly what kind has. On
        # minikube the default class is also "standard" but binds at once (Immediate), so a claim there
        # is Bound before its pod is scheduled.

        # Before each `kubectl exec`, the script waits for the pod to be Ready: the playground's
        # pods start in simulated seconds, a real image pull can take longer.

        # The session.
        printf '%s\n' '$ kubectl get sc'
        kubectl get sc
    "#]].assert_eq(&body(&files));
}

#[test]
fn a_lesson_replays_its_setup_first_and_brings_its_manifests() {
    let mut session = payload(
        Preset::Kind,
        &[("web.yaml", "# edited\n")],
        &["kubectl get pods"],
    );
    session.lesson = Some("ordered-scaling".into());
    let files = export(&session);
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["web.yaml", "burst.yaml", "replay.sh"]);
    assert_eq!(files[0].1, "# edited\n", "the session's own file wins");
    let script = &files[2].1;
    let setup = script.find("kubectl apply -f web.yaml").unwrap();
    let session_start = script.find("# The session.").unwrap();
    assert!(setup < session_start);
}

#[test]
fn unsafe_file_names_are_not_written() {
    let files = export(&payload(
        Preset::Kind,
        &[("../x.yaml", "a"), ("replay.sh", "rm -rf /")],
        &["cat > /etc/passwd <<EOF\nroot\nEOF"],
    ));
    assert_eq!(files.len(), 1);
    assert!(files[0]
        .1
        .contains("# Not replayed: the file name /etc/passwd"));
    assert!(!files[0].1.contains("root\n"));
}

#[test]
fn quoting_keeps_every_word_literal() {
    assert_eq!(shell_quote("get"), "get");
    assert_eq!(
        shell_quote("--for=condition=Ready"),
        "--for=condition=Ready"
    );
    assert_eq!(shell_quote("it's"), r"'it'\''s'");
    assert_eq!(shell_quote("$(touch x)"), "'$(touch x)'");
    assert_eq!(shell_quote(""), "''");
}

fn bash_available() -> bool {
    std::process::Command::new("bash")
        .arg("-c")
        .arg("true")
        .status()
        .is_ok_and(|s| s.success())
}

/// Runs the exported script with a fake `kubectl` that logs its words and its standard input,
/// and checks that every command reaches kubectl exactly as the session script split it.
#[test]
fn the_script_passes_each_word_to_kubectl_unchanged() {
    if !bash_available() {
        return;
    }
    let hostile = [
        "kubectl get pods -o jsonpath='{range .items[*]}{.metadata.name}{\"\\n\"}{end}'",
        "kubectl exec web-0 -- sh -c 'echo $(id) `id` \"$HOME\" > /tmp/x; echo it'\\''s'",
        "kubectl annotate pod web-0 note='a b  c' --overwrite",
        "kubectl apply -f - <<EOF\nkind: Pod\nname: $(touch /tmp/pwned)\nEOF",
        "echo '$(touch /tmp/pwned)'",
        "kubectl get pods -w",
    ];
    let files = export(&payload(Preset::Kind, &[], &hostile));
    let dir = std::env::temp_dir().join(format!("sts-export-test-{}", std::process::id()));
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let fake = "#!/bin/bash\nif [ \"$1 $2\" = 'config current-context' ]; then echo kind-test; exit 0; fi\nfor a in \"$@\"; do printf '[%s]' \"$a\"; done; printf '\\n'\nif [ \"$1\" = apply ]; then sed 's/^/stdin: /'; fi\n";
    let kubectl = bin.join("kubectl");
    std::fs::write(&kubectl, fake).unwrap();
    std::process::Command::new("chmod")
        .arg("+x")
        .arg(&kubectl)
        .status()
        .unwrap();
    let script = dir.join("replay.sh");
    std::fs::write(&script, &files.last().unwrap().1).unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let output = std::process::Command::new("bash")
        .arg(&script)
        .env("PATH", path)
        .env("REPLAY_SLEEP_FACTOR", "0")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(!std::path::Path::new("/tmp/pwned").exists());
    let stdout = String::from_utf8_lossy(&output.stdout).to_string();
    expect![[r#"
        $ kubectl get pods -o jsonpath='{range .items[*]}{.metadata.name}{"\n"}{end}'
        [get][pods][-o][jsonpath={range .items[*]}{.metadata.name}{"\n"}{end}]
        $ kubectl exec web-0 -- sh -c 'echo $(id) `id` "$HOME" > /tmp/x; echo it'\''s'
        [exec][web-0][--][sh][-c][echo $(id) `id` "$HOME" > /tmp/x; echo it's]
        $ kubectl annotate pod web-0 note='a b  c' --overwrite
        [annotate][pod][web-0][note=a b  c][--overwrite]
        $ kubectl apply -f - <<EOF
        [apply][-f][-]
        stdin: kind: Pod
        stdin: name: $(touch /tmp/pwned)
        $(touch /tmp/pwned)
        $ kubectl get pods -w
        [get][pods][-w]
    "#]]
    .assert_eq(&stdout);
}

#[test]
fn every_lesson_exports_a_script_bash_can_read() {
    if !bash_available() {
        return;
    }
    let (all, _) = lessons::all();
    for lesson in all {
        let mut session = payload(lesson.preset, &[], &[lesson.solution]);
        session.lesson = Some(lesson.id.clone());
        let files = export(&session);
        let script = &files.last().unwrap().1;
        let check = std::process::Command::new("bash")
            .arg("-n")
            .arg("-c")
            .arg(script)
            .output()
            .unwrap();
        assert!(
            check.status.success(),
            "{}: {}",
            lesson.id,
            String::from_utf8_lossy(&check.stderr)
        );
    }
}
