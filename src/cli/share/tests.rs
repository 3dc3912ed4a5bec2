use super::*;
use crate::sim::session::Session;

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sts-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn call(
    f: fn(&[String], &mut dyn Write, &mut dyn Write) -> i32,
    args: &[&str],
) -> (i32, String, String) {
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = f(&args, &mut out, &mut err);
    (
        code,
        String::from_utf8_lossy(&out).to_string(),
        String::from_utf8_lossy(&err).to_string(),
    )
}

const SCRIPT: &str = "# A comment\nkubectl apply -f pv-demo.yaml\n\ncat > web.yaml <<'EOF'\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\nEOF\n# between\nkubectl apply \\\n  -f web.yaml\necho done\nsleep 5\nkubectl get pv,cm\n";

/// A script shared and decoded again replays to the same transcript.
#[test]
fn a_shared_script_decodes_to_the_same_session() {
    let dir = temp_dir("share");
    let script_path = dir.join("session.sh");
    std::fs::write(&script_path, SCRIPT).unwrap();
    std::fs::write(
        dir.join("pv-demo.yaml"),
        include_str!("../../../examples/pv-demo.yaml"),
    )
    .unwrap();
    let path = script_path.to_string_lossy().to_string();
    let (code, fragment, err) = call(share_to, &["--cluster", "kind", "--seed", "7", &path]);
    assert_eq!((code, err.as_str()), (0, ""));
    assert!(fragment.starts_with("#share=v1."));
    let (code, decoded, err) = call(share_to, &["--decode", fragment.trim()]);
    assert_eq!((code, err.as_str()), (0, ""));
    assert!(decoded.starts_with("# A shared playground session: replay it with\n#   sts-playground run --cluster kind --seed 7 SCRIPT\ncat > pv-demo.yaml <<'EOF'\n"));
    assert!(decoded
        .ends_with("kubectl apply \\\n  -f web.yaml\necho done\nsleep 5\nkubectl get pv,cm\n"));

    let run = |text: &str, with_folder: bool| {
        let steps = script::parse(text).unwrap();
        let mut session = Session::new(Preset::Kind, 7);
        let loader = |name: &str| {
            with_folder
                .then(|| std::fs::read_to_string(dir.join(name)).ok())
                .flatten()
        };
        script::run(&mut session, &steps, &loader)
    };
    let original = run(SCRIPT, true);
    let replayed = run(&decoded, false);
    // The decoded script writes pv-demo.yaml first: its transcript has that one extra step.
    let extra = "$ cat > pv-demo.yaml <<'EOF'\n";
    assert_eq!(replayed.strip_prefix(extra), Some(original.as_str()));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn export_writes_the_manifests_and_an_executable_replay_script() {
    let dir = temp_dir("export");
    let script_path = dir.join("session.sh");
    std::fs::write(&script_path, SCRIPT).unwrap();
    std::fs::write(dir.join("pv-demo.yaml"), "kind: PersistentVolume\n").unwrap();
    let out_dir = dir.join("out");
    let (code, out, err) = call(
        export_to,
        &[&script_path.to_string_lossy(), &out_dir.to_string_lossy()],
    );
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    assert_eq!(
        std::fs::read_to_string(out_dir.join("pv-demo.yaml")).unwrap(),
        "kind: PersistentVolume\n"
    );
    let replay = std::fs::read_to_string(out_dir.join("replay.sh")).unwrap();
    assert!(replay.contains("cat > web.yaml <<'EOF'\napiVersion: v1\n"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(out_dir.join("replay.sh"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o111, 0o111);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn errors_are_clear() {
    let (code, _, err) = call(share_to, &["--decode", "#share=v1.<script>"]);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "sts-playground share: This share link is damaged: it is not valid base64url. Was it cut off when it was copied?\n"
    );
    assert_eq!(call(share_to, &[]).0, 2);
    assert_eq!(call(share_to, &["--cluster", "gke", "x.sh"]).0, 2);
    assert_eq!(call(share_to, &["/no/such/script.sh"]).0, 1);
    assert_eq!(
        call(share_to, &["--lesson", "nope", "/no/such/script.sh"]).0,
        1
    );
    assert_eq!(call(export_to, &["only-one-argument"]).0, 2);
}
