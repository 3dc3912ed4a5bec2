use super::*;
use crate::sim::session::Session;
use crate::sim::world::Preset;
use expect_test::{expect, Expect};

/// A kind cluster with one running pod `web` and one claim `data` (bound once `web` uses it),
/// a file written on the claim's volume, after `sleep`.
fn cluster() -> Session {
    let mut session = Session::new(Preset::Kind, 1);
    let manifest = "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\nspec:\n  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      storage: 1Gi\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.25\n    volumeMounts:\n    - name: data\n      mountPath: /usr/share/nginx/html\n  volumes:\n  - name: data\n    persistentVolumeClaim:\n      claimName: data\n";
    let argv = |words: &[&str]| words.iter().map(|w| w.to_string()).collect::<Vec<_>>();
    session.run_blocking(&argv(&["apply", "-f", "-"]), Some(manifest));
    session.run_blocking(
        &argv(&["wait", "--for=condition=Ready", "pod/web", "--timeout=120s"]),
        None,
    );
    session.run_blocking(
        &argv(&[
            "exec",
            "web",
            "--",
            "sh",
            "-c",
            "echo hello there > /usr/share/nginx/html/index.html",
        ]),
        None,
    );
    session
}

/// Evaluates each check and prints `passed|failed: English / Chinese`, one line each.
fn check(checks: &[&str], captures: &Captures, expect: Expect) {
    let session = cluster();
    let mut out = String::new();
    for text in checks {
        let check = parse_check(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        let outcome = evaluate(&session.cluster, &check, captures);
        out.push_str(&format!(
            "{}: {} / {}\n",
            if outcome.passed { "passed" } else { "failed" },
            outcome.reason(Lang::En),
            outcome.reason(Lang::Zh)
        ));
    }
    expect.assert_eq(&out);
}

#[test]
fn existence_and_readiness() {
    check(
        &[
            "exists pod/web",
            "exists pod/web-2",
            "absent pod/web",
            "absent sts/nothing",
            "ready pod/web",
            "ready pod/missing",
            "count pods = 1",
            "count pvc = 3",
        ],
        &Captures::new(),
        expect![[r#"
            passed: pod/web exists / pod/web 已存在
            failed: pod/web-2 does not exist / pod/web-2 不存在
            failed: pod/web still exists / pod/web 仍然存在
            passed: statefulset/nothing is gone / statefulset/nothing 已不存在
            passed: pod/web is running and Ready / pod/web 正在运行且已就绪（Ready）
            failed: pod/missing does not exist / pod/missing 不存在
            passed: pods: 1 / pods：1 个
            failed: persistentvolumeclaims: 1, wanted 3 / persistentvolumeclaims：1 个，目标是 3 个
        "#]],
    );
}

#[test]
fn comparisons_with_literals_and_captures() {
    let mut captures = Captures::new();
    captures.insert("image0".into(), "nginx:1.24".into());
    captures.insert("same".into(), "nginx:1.25".into());
    check(
        &[
            "pod/web {.spec.containers[0].image} = nginx:1.25",
            "pod/web {.spec.containers[0].image} = nginx:1.14",
            "pod/web {.spec.containers[0].image} != $image0",
            "pod/web {.spec.containers[0].image} != $same",
            "pvc/data {.status.phase} = Bound",
            "pvc/data {.spec.storageClassName} != standard",
            "pod/web {.metadata.annotations.none} = something",
            "pod/gone {.status.podIP} = 10.0.0.1",
        ],
        &captures,
        expect![[r#"
            passed: pod/web {.spec.containers[0].image} is nginx:1.25 / pod/web 的 {.spec.containers[0].image} 为 nginx:1.25
            failed: pod/web {.spec.containers[0].image} is nginx:1.25, not nginx:1.14 / pod/web 的 {.spec.containers[0].image} 为 nginx:1.25，而不是 nginx:1.14
            passed: pod/web {.spec.containers[0].image} changed from nginx:1.24 to nginx:1.25 / pod/web 的 {.spec.containers[0].image} 已从 nginx:1.24 变为 nginx:1.25
            failed: pod/web {.spec.containers[0].image} is still nginx:1.25, as it was when the lesson started / pod/web 的 {.spec.containers[0].image} 仍是 nginx:1.25，与课程开始时相同
            passed: persistentvolumeclaim/data {.status.phase} is Bound / persistentvolumeclaim/data 的 {.status.phase} 为 Bound
            failed: persistentvolumeclaim/data {.spec.storageClassName} is standard / persistentvolumeclaim/data 的 {.spec.storageClassName} 为 standard
            failed: pod/web {.metadata.annotations.none} is "", not something / pod/web 的 {.metadata.annotations.none} 为 ""，而不是 something
            failed: pod/gone does not exist / pod/gone 不存在
        "#]],
    );
}

#[test]
fn files_on_volumes_and_events() {
    check(
        &[
            "file pvc/data /index.html contains 'hello there'",
            "file pvc/data /index.html contains goodbye",
            "file pvc/data /other.html contains x",
            "file pvc/none /index.html contains x",
            "event Scheduled contains 'Successfully assigned default/web'",
            "event Killing contains web",
        ],
        &Captures::new(),
        expect![[r#"
            passed: /index.html on the volume of persistentvolumeclaim/data (pvc-561f3edc-0a74-48f7-8f1d-e9d0fbf63995) contains "hello there" / persistentvolumeclaim/data 的卷（pvc-561f3edc-0a74-48f7-8f1d-e9d0fbf63995）上的 /index.html 包含 "hello there"
            failed: /index.html on the volume of persistentvolumeclaim/data (pvc-561f3edc-0a74-48f7-8f1d-e9d0fbf63995) does not contain "goodbye" / persistentvolumeclaim/data 的卷（pvc-561f3edc-0a74-48f7-8f1d-e9d0fbf63995）上的 /index.html 不包含 "goodbye"
            failed: the volume of persistentvolumeclaim/data (pvc-561f3edc-0a74-48f7-8f1d-e9d0fbf63995) has no file /other.html / persistentvolumeclaim/data 的卷（pvc-561f3edc-0a74-48f7-8f1d-e9d0fbf63995）中没有文件 /other.html
            failed: persistentvolumeclaim/none does not exist / persistentvolumeclaim/none 不存在
            passed: an event Scheduled says "Successfully assigned default/web" / 有一条 Scheduled 事件写着 "Successfully assigned default/web"
            failed: no event Killing says "web" yet / 还没有内容为 "web" 的 Killing 事件
        "#]],
    );
}

#[test]
fn parse_errors_say_what_is_wrong() {
    let errors: Vec<String> = [
        "",
        "exists pod",
        "exists widget/x",
        "ready sts/web",
        "pod/web .status.podIP = 1",
        "pod/web {.status.podIP = 1",
        "count pods = many",
        "file pod/web /x contains y",
        "file pvc/web x contains y",
        "exists 'pod/web",
    ]
    .iter()
    .map(|text| format!("{text:?}: {}", parse_check(text).unwrap_err()))
    .collect();
    expect![[r#"
        "": cannot read the check ``: expected one of exists KIND/NAME, absent KIND/NAME, ready pod/NAME, KIND/NAME {JSONPATH} = VALUE (or !=), count KIND = N, file pvc/NAME PATH contains TEXT, event REASON contains TEXT
        "exists pod": `pod` should be KIND/NAME, such as pod/myapp-0
        "exists widget/x": `widget` is not a kind kubectl knows
        "ready sts/web": `ready` takes a pod: ready pod/NAME
        "pod/web .status.podIP = 1": `.status.podIP` should be a jsonpath template in braces, such as {.status.podIP}
        "pod/web {.status.podIP = 1": `{.status.podIP` should be a jsonpath template in braces, such as {.status.podIP}
        "count pods = many": `many` is not a count
        "file pod/web /x contains y": `file` takes a claim: file pvc/NAME PATH contains TEXT
        "file pvc/web x contains y": `x` should be a path on the volume, starting with /
        "exists 'pod/web": unterminated 'quote'"#]].assert_eq(&errors.join("\n"));
}

#[test]
fn probes_read_values_and_missing_objects_read_empty() {
    let session = cluster();
    let probe = parse_probe("pod/web {.spec.containers[0].image}").unwrap();
    assert_eq!(read_probe(&session.cluster, &probe), "nginx:1.25");
    let missing = parse_probe("pod/none {.status.podIP}").unwrap();
    assert_eq!(read_probe(&session.cluster, &missing), "");
    assert!(parse_probe("pod/web").is_err());
}

#[test]
fn the_words_table_is_complete_in_both_languages() {
    assert_eq!(
        crate::ui::i18n::table_problems::<LessonText>(),
        Vec::<String>::new()
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

    /// Reading a check or a probe never panics, whatever an author writes.
    #[test]
    fn parsing_any_check_never_panics(text in "(?s).{0,120}") {
        let _ = parse_check(&text);
        let _ = parse_probe(&text);
    }

    /// Evaluating any check that parses never panics, on a cluster with objects in it.
    #[test]
    fn evaluating_any_parsed_check_never_panics(
        verb in proptest::sample::select(vec!["exists", "absent", "ready", "count", "file", "event"]),
        kind in proptest::sample::select(vec!["pod", "pvc", "sts", "pv", "svc", "node"]),
        name in "[a-z0-9./-]{0,12}",
        path in "\\{[.a-zA-Z0-9\\[\\]*?@=\"()-]{0,20}\\}",
    ) {
        let session = cluster();
        let texts = [
            format!("{verb} {kind}/{name}"),
            format!("{kind}/{name} {path} = x"),
            format!("{kind}/{name} {path} != $x"),
            format!("file pvc/{name} /{name} contains x"),
            format!("count {kind} = 1"),
        ];
        for text in texts {
            if let Ok(check) = parse_check(&text) {
                let _ = evaluate(&session.cluster, &check, &Captures::new());
            }
        }
    }
}
