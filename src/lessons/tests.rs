use super::text::is_wide;
use super::*;
use expect_test::expect;

#[test]
fn the_catalog_lists_every_lesson_folder_and_manifest() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("lessons");
    let mut on_disk: Vec<String> = Vec::new();
    for entry in std::fs::read_dir(&root).unwrap() {
        let entry = entry.unwrap();
        if !entry.file_type().unwrap().is_dir() {
            continue;
        }
        let dir = entry.file_name().to_string_lossy().to_string();
        let mut files: Vec<String> = std::fs::read_dir(entry.path())
            .unwrap()
            .map(|f| f.unwrap().file_name().to_string_lossy().to_string())
            .filter(|name| name.ends_with(".yaml") && name != "lesson.yaml")
            .collect();
        files.sort();
        on_disk.push(format!("{dir}: {}", files.join(" ")));
    }
    on_disk.sort();
    let compiled: Vec<String> = catalog::SOURCES
        .iter()
        .map(|source| {
            let mut files: Vec<&str> = source.files.iter().map(|(name, _)| *name).collect();
            files.sort();
            format!("{}: {}", source.dir, files.join(" "))
        })
        .collect();
    assert_eq!(
        compiled, on_disk,
        "src/lessons/catalog.rs and lessons/ differ"
    );
}

#[test]
fn every_lesson_reads_and_there_are_at_least_eight() {
    let (lessons, errors) = all();
    assert_eq!(errors, Vec::<LessonError>::new());
    assert!(lessons.len() >= 8, "only {} lessons", lessons.len());
    let mut ids: Vec<&str> = lessons.iter().map(|l| l.id.as_str()).collect();
    ids.dedup();
    assert_eq!(ids.len(), lessons.len(), "duplicate lesson ids");
}

/// No lesson misses a translation: both texts have the same numbered tasks, the same number of
/// hints and of things learned, and every piece has Chinese text in the Chinese file.
#[test]
fn both_languages_have_the_same_shape() {
    fn items(blocks: &[Block]) -> usize {
        blocks
            .iter()
            .filter(|b| matches!(b, Block::Item { .. }))
            .count()
    }
    fn has_chinese(blocks: &[Block]) -> bool {
        blocks.iter().all(|b| match b {
            Block::Paragraph(t) | Block::Item { text: t, .. } => {
                let only_code =
                    t.starts_with('`') && t.ends_with('`') && t.matches('`').count() == 2;
                only_code || t.chars().any(is_wide)
            }
            Block::Code(_) => true,
        })
    }
    let (lessons, _) = all();
    for lesson in &lessons {
        let (en, zh) = (&lesson.en, &lesson.zh);
        for (name, a, b) in [
            ("introduction", &en.introduction, &zh.introduction),
            ("tasks", &en.tasks, &zh.tasks),
            ("hints", &en.hints, &zh.hints),
            ("learned", &en.learned, &zh.learned),
        ] {
            assert_eq!(items(a), items(b), "{}: {name}: items differ", lesson.id);
            assert!(has_chinese(b), "{}: {name}: untranslated text", lesson.id);
        }
        assert!(zh.title.chars().any(is_wide), "{}: title", lesson.id);
        for goal in &lesson.goals {
            assert!(
                goal.zh.chars().any(is_wide),
                "{}: goal {}",
                lesson.id,
                goal.source
            );
        }
    }
}

/// `lessons verify` over all lessons: every goal fails after the setup and passes after the
/// solution, and no command of a setup or solution fails.
#[test]
fn every_lesson_verifies() {
    let (lessons, _) = all();
    let mut report = Vec::new();
    for lesson in &lessons {
        let verification = run::verify(lesson);
        for problem in verification.problems {
            report.push(format!("{}: {problem}", lesson.id));
        }
    }
    assert_eq!(report, Vec::<String>::new());
}

/// Verifying a lesson twice tells the same story, byte for byte.
#[test]
fn verification_is_deterministic() {
    let lesson = find("stalled-rollout").unwrap().unwrap();
    let first = run::verify(&lesson);
    let second = run::verify(&lesson);
    assert!(first.passed());
    assert!(!first.transcript.is_empty());
    assert_eq!(first.transcript, second.transcript);
}

#[test]
fn lesson_text_reads_sections_items_and_code() {
    let text = "# Title here\n\n## Introduction\n\nOne\nparagraph.\n\n## Tasks\n\n1. First\n   continued.\n2. Second\n\n```\nkubectl get pods\n```\n\n## Hints\n\n- a hint\n\n## What you learned\n\nThat.\n";
    let parsed = parse_text(text, Lang::En).unwrap();
    expect![[r#"
        LessonText {
            title: "Title here",
            introduction: [
                Paragraph(
                    "One paragraph.",
                ),
            ],
            tasks: [
                Item {
                    number: Some(
                        1,
                    ),
                    text: "First continued.",
                },
                Item {
                    number: Some(
                        2,
                    ),
                    text: "Second",
                },
                Code(
                    "kubectl get pods",
                ),
            ],
            hints: [
                Item {
                    number: None,
                    text: "a hint",
                },
            ],
            learned: [
                Paragraph(
                    "That.",
                ),
            ],
        }
    "#]]
    .assert_debug_eq(&parsed);
}

#[test]
fn chinese_lines_join_without_spaces() {
    assert_eq!(
        join_lines(&["有两个副本的", "StatefulSet `myapp`。在这一课"]),
        "有两个副本的 StatefulSet `myapp`。在这一课"
    );
    assert_eq!(join_lines(&["删除", "Pod。"]), "删除 Pod。");
    assert_eq!(join_lines(&["第一行，", "第二行"]), "第一行，第二行");
    assert_eq!(join_lines(&["中文", "中文"]), "中文中文");
    assert_eq!(join_lines(&["English", "words"]), "English words");
}

#[test]
fn lesson_text_errors_name_the_line() {
    let cases = [
        "no title\n",
        "# T\n\n## Tasks\n",
        "# T\n\nstray text\n",
        "# T\n\n## Introduction\n\nx\n\n## Tasks\n\n```\nopen\n",
        "# T\n\n## Introduction\n\nx\n\n## Tasks\n\nx\n",
        "# T\n\n## Introduction\n\n## Tasks\n\nx\n\n## Hints\n\nx\n\n## What you learned\n\nx\n",
    ];
    let errors: Vec<String> = cases
        .iter()
        .map(|text| parse_text(text, Lang::En).unwrap_err())
        .collect();
    expect![[r#"
        line 1: the file starts with a `# Title` line
        line 3: the heading `## Tasks` is not the one expected here; the sections are, in this order: `## Introduction`, `## Tasks`, `## Hints`, `## What you learned`
        line 3: text before the first section `## Introduction`
        a code block is not closed with ```
        missing section `## Hints` (the sections are `## Introduction`, `## Tasks`, `## Hints`, `## What you learned`)
        the section `## Introduction` is empty"#]].assert_eq(&errors.join("\n"));
    assert!(parse_text("# 标题\n\n## Introduction\n", Lang::Zh)
        .unwrap_err()
        .contains("`## 简介`"));
}

#[test]
fn lesson_yaml_errors_name_the_file() {
    let mut source = catalog::SOURCES[0];
    let check = |source: &LessonSource| parse(source).unwrap_err().to_string();
    source.meta = "id: network-identity\npreset: kubeadm\nseed: 1\ngoals: []\n";
    let empty = check(&source);
    source.meta = "id: other\npreset: kubeadm\nseed: 1\ngoals: []\n";
    let wrong_id = check(&source);
    source.meta = "id: network-identity\npreset: gke\nseed: 1\ngoals: []\n";
    let preset = check(&source);
    source.meta = "id: network-identity\npreset: kind\nseed: 1\ncolour: red\ngoals: []\n";
    let unknown = check(&source);
    source.meta = "id: network-identity\npreset: kind\nseed: 1\ngoals:\n- check: pod/x {.a} = $nope\n  en: a\n  zh: 甲\n";
    let capture = check(&source);
    source.meta = "id: network-identity\npreset: kind\nseed: 1\ngoals:\n- check: exists pod/x\n  en: a\n  zh: ''\n";
    let untranslated = check(&source);
    expect![[r#"
        lessons/01-network-identity/lesson.yaml: a lesson needs at least one goal
        lessons/01-network-identity/lesson.yaml: the id `other` should be `network-identity`, the folder's name after its number
        lessons/01-network-identity/lesson.yaml: unknown preset `gke` (kubeadm or kind)
        lessons/01-network-identity/lesson.yaml: unknown field `colour`, expected one of `id`, `preset`, `seed`, `capture`, `goals` at line 4 column 1
        lessons/01-network-identity/lesson.yaml: goal 1: `$nope` is not a capture of this lesson
        lessons/01-network-identity/lesson.yaml: goal 1: needs both an `en` and a `zh` text"#]]
        .assert_eq(&[empty, wrong_id, preset, unknown, capture, untranslated].join("\n"));
}

#[test]
fn show_prints_a_lesson_in_both_languages() {
    let lesson = find("network-identity").unwrap().unwrap();
    let en = render_text(&lesson, Lang::En);
    let zh = render_text(&lesson, Lang::Zh);
    assert!(en.starts_with(
        "Stable network identity\n=======================\nCluster: kubeadm, seed 1\n"
    ));
    assert!(zh.contains("\n你学到了什么\n"));
    assert!(find("no-such-lesson").is_none());
}

/// What a lesson panel shows: the goals in the learner's language, failing after the setup
/// with a reason, passing after the solution.
#[test]
fn a_lesson_panel_sees_goals_fail_then_pass() {
    use crate::sim::script;
    let lesson = find("network-identity").unwrap().unwrap();
    let mut session = run::new_session(&lesson);
    let (started, setup) = run::start(&lesson, &mut session).unwrap();
    assert!(setup.failures.is_empty());
    assert!(started
        .transcript
        .starts_with("$ kubectl apply -f pv-demo.yaml\n"));
    let before = run::goal_statuses(&lesson, &session, &started.captures, Lang::Zh);
    assert_eq!(before.len(), 2);
    assert!(before.iter().all(|g| !g.passed));
    assert_eq!(
        before[0].text,
        "删除 myapp-0，让 StatefulSet 重新创建它（新的 Pod，新的 uid）。"
    );
    assert!(
        before[0].reason.ends_with("，与课程开始时相同"),
        "{}",
        before[0].reason
    );
    let steps = script::parse("kubectl delete pod myapp-0\nsleep 30s\n").unwrap();
    run::run_script(&mut session, &steps);
    let after = run::goal_statuses(&lesson, &session, &started.captures, Lang::En);
    assert!(after.iter().all(|g| g.passed), "{after:?}");
    assert!(after[1]
        .reason
        .starts_with("pod/myapp-0 {.status.podIP} changed from 10.244."));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

    /// Reading lesson text never panics, whatever an author writes.
    #[test]
    fn reading_any_lesson_text_never_panics(text in "(?s)(# |## |- |1\\. |```|简介|\n|[a-z ]|中){0,60}") {
        let _ = parse_text(&text, Lang::En);
        let _ = parse_text(&text, Lang::Zh);
        let _ = join_lines(&text.lines().collect::<Vec<_>>());
    }
}

/// The lessons' scripts comment in both languages: every comment is an `# en:` or a `# zh:`
/// line, and there are as many of each.
#[test]
fn script_comments_come_in_both_languages() {
    for source in catalog::SOURCES {
        for (file, text) in [("setup.sh", source.setup), ("solution.sh", source.solution)] {
            let comments: Vec<&str> = text
                .lines()
                .filter(|l| l.trim_start().starts_with('#'))
                .collect();
            let en = comments.iter().filter(|l| l.starts_with("# en: ")).count();
            let zh = comments
                .iter()
                .filter(|l| l.starts_with("# zh: ") && l.chars().any(is_wide))
                .count();
            assert_eq!(
                (en, zh, comments.len()),
                (en, en, 2 * en),
                "{}/{file}: comments must be `# en: …` / `# zh: …` pairs",
                source.dir
            );
        }
    }
}
