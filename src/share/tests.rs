use super::*;
use expect_test::expect;
use proptest::prelude::*;

fn notes_payload() -> SharePayload {
    SharePayload {
        files: vec![
            (
                "pv-demo.yaml".into(),
                include_str!("../../examples/pv-demo.yaml").into(),
            ),
            (
                "stateful-demo.yaml".into(),
                include_str!("../../examples/stateful-demo.yaml").into(),
            ),
        ],
        commands: vec![
            "kubectl apply -f pv-demo.yaml".into(),
            "kubectl apply -f stateful-demo.yaml".into(),
            "kubectl get pvc".into(),
            "kubectl apply -f - <<EOF\nkind: ConfigMap\napiVersion: v1\nmetadata:\n  name: c\nEOF"
                .into(),
        ],
        seed: 42,
        preset: Preset::Kubeadm,
        lesson: Some("stable-storage".into()),
    }
}

/// Encodes arbitrary bytes as a `v1` value, as a hostile link would.
fn forged(json: &[u8]) -> String {
    format!(
        "v1.{}",
        base64url_encode(&miniz_oxide::deflate::compress_to_vec(json, 6))
    )
}

fn error_of(value: &str) -> String {
    decode(value).unwrap_err().message(Lang::En)
}

#[test]
fn the_notes_session_round_trips_and_stays_short() {
    let payload = notes_payload();
    let encoded = encode(&payload).unwrap();
    assert!(encoded.starts_with("v1."));
    assert!(encoded
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.'));
    assert_eq!(decode(&encoded).unwrap(), payload);
    // Two manifests of 2.4 KB and four commands fit in well under a kilobyte and a half.
    let raw = payload.files.iter().map(|(_, t)| t.len()).sum::<usize>();
    assert!(encoded.len() < 1_500, "{} bytes from {raw}", encoded.len());
    let fragment = fragment(&payload).unwrap();
    assert_eq!(
        find_in_fragment(&format!("#{fragment}")),
        Some(encoded.as_str())
    );
    assert_eq!(
        find_in_fragment(&format!("#embed&{fragment}")),
        Some(encoded.as_str())
    );
    assert_eq!(find_in_fragment("#lesson=network-identity"), None);
    assert_eq!(
        fragment_value("#lesson=network-identity", LESSON_KEY),
        Some("network-identity")
    );
}

#[test]
fn garbage_huge_and_markup_give_clear_messages() {
    let mut zip_bomb = String::from("{\"f\":[[\"a.yaml\",\"");
    zip_bomb.push_str(&"a".repeat(2 * DECODED_BYTES_MAX));
    zip_bomb.push_str("\"]],\"s\":1,\"p\":\"kind\"}");
    let messages = [
        error_of(""),
        error_of("hello"),
        error_of("v9.AAAA"),
        error_of("<script>alert(1)</script>"),
        error_of("v1.<img src=x onerror=alert(1)>"),
        error_of("v1.A"),
        error_of("v1.////"),
        error_of(&format!("v1.{}", "A".repeat(ENCODED_BYTES_MAX))),
        error_of(&format!("v1.{}", base64url_encode(b"not deflate at all"))),
        error_of(&forged(zip_bomb.as_bytes())),
        error_of(&forged(b"[1,2,3]")),
        error_of(&forged(b"{\"s\":1,\"p\":\"kind\",\"x\":true}")),
        error_of(&forged(b"{\"s\":-1,\"p\":\"kind\"}")),
        error_of(&forged(b"{\"s\":1,\"p\":\"gke\"}")),
        error_of(&forged(
            b"{\"f\":[[\"<img src=x onerror=alert(1)>\",\"x\"]],\"s\":1,\"p\":\"kind\"}",
        )),
        error_of(&forged(
            b"{\"f\":[[\"../etc/passwd\",\"x\"]],\"s\":1,\"p\":\"kind\"}",
        )),
        error_of(&forged(
            b"{\"f\":[[\"a.yaml\",\"x\"],[\"a.yaml\",\"y\"]],\"s\":1,\"p\":\"kind\"}",
        )),
        error_of(&forged(
            b"{\"c\":[\"kubectl get pods\\u0000\"],\"s\":1,\"p\":\"kind\"}",
        )),
        error_of(&forged(b"{\"s\":1,\"p\":\"kind\",\"l\":\"<b>x</b>\"}")),
        error_of(&forged(
            b"{\"s\":1,\"p\":\"kind\",\"l\":\"no-such-lesson\"}",
        )),
    ];
    expect![[r#"
        This link holds no playground session.
        This link holds no playground session.
        This share link was made by a newer playground (format v9).
        This link holds no playground session.
        This share link is damaged: it is not valid base64url. Was it cut off when it was copied?
        This share link is damaged: it is not valid base64url. Was it cut off when it was copied?
        This share link is damaged: it is not valid base64url. Was it cut off when it was copied?
        This share link is too long (65539 bytes; at most 65536).
        This share link is damaged: its data does not decompress.
        This share link unpacks to more than 1048576 bytes.
        This share link is damaged: invalid type: integer `1`, expected a sequence at line 1 column 2
        This share link is damaged: unknown field `x`, expected one of `f`, `c`, `s`, `p`, `l` at line 1 column 21
        This share link is damaged: invalid value: integer `-1`, expected u64 at line 1 column 7
        This share link asks for a cluster preset the playground does not have: "gke"
        This share link has a file with a name that is not allowed: "<img src=x onerror=alert(1)>"
        This share link has a file with a name that is not allowed: "../etc/passwd"
        This share link has two files named "a.yaml".
        Command 1 in this share link contains control characters.
        This share link names a lesson that does not exist: "<b>x</b>"
        This share link names a lesson that does not exist: "no-such-lesson""#]].assert_eq(&messages.join("\n"));
}

#[test]
fn messages_exist_in_both_languages() {
    assert_eq!(
        crate::ui::i18n::table_problems::<ShareText>(),
        Vec::<String>::new()
    );
    let error = decode("v1.!").unwrap_err();
    assert_ne!(error.message(Lang::En), error.message(Lang::Zh));
}

#[test]
fn encoding_refuses_what_decoding_would_refuse() {
    let mut payload = notes_payload();
    payload.files.push(("bad name.yaml".into(), String::new()));
    assert_eq!(encode(&payload).unwrap_err().kind, ShareText::BadFileName);
    let mut payload = notes_payload();
    payload.files = (0..=FILES_MAX)
        .map(|i| (format!("f{i}.yaml"), String::new()))
        .collect();
    assert_eq!(encode(&payload).unwrap_err().kind, ShareText::TooManyFiles);
}

#[test]
fn file_names_follow_the_rules() {
    for good in ["a.yaml", "pv-demo.yaml", "dir/web_1.yml", "A.B-c"] {
        assert!(valid_file_name(good), "{good}");
    }
    for bad in [
        "", ".hidden", "a/../b", "/abs", "a//b", "a b", "a\\b", "é.yaml", "a/", "..",
    ] {
        assert!(!valid_file_name(bad), "{bad}");
    }
    assert!(!valid_file_name(&"a".repeat(FILE_NAME_BYTES_MAX + 1)));
}

#[test]
fn base64url_is_rfc_4648() {
    assert_eq!(base64url_encode(b""), "");
    assert_eq!(base64url_encode(b"f"), "Zg");
    assert_eq!(base64url_encode(b"fo"), "Zm8");
    assert_eq!(base64url_encode(b"foo"), "Zm9v");
    assert_eq!(base64url_encode(&[0xfb, 0xff]), "-_8");
    assert_eq!(base64url_decode("-_8"), Some(vec![0xfb, 0xff]));
    assert_eq!(base64url_decode("Zh"), None, "non-zero leftover bits");
    assert_eq!(base64url_decode("Zg=="), None, "padding is not used");
    assert_eq!(base64url_decode("Z"), None);
}

fn payload_strategy() -> impl Strategy<Value = SharePayload> {
    let name = "[a-z0-9_-]{1,12}(\\.yaml)?";
    let text = "[\\PC\n\t]{0,200}";
    (
        prop::collection::btree_map(name, text, 0..5),
        prop::collection::vec(text, 0..6),
        any::<u64>(),
        any::<bool>(),
        prop::option::of(prop::sample::select(vec![
            "network-identity",
            "stable-storage",
            "dynamic-provisioning",
        ])),
    )
        .prop_map(|(files, commands, seed, kind, lesson)| SharePayload {
            files: files.into_iter().collect(),
            commands,
            seed,
            preset: if kind { Preset::Kind } else { Preset::Kubeadm },
            lesson: lesson.map(str::to_string),
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_valid_payload_round_trips(payload in payload_strategy()) {
        let encoded = encode(&payload).unwrap();
        prop_assert_eq!(decode(&encoded).unwrap(), payload);
    }

    #[test]
    fn decoding_any_text_never_panics(text in "(?s).{0,300}") {
        let _ = decode(&text);
        let _ = decode(&format!("v1.{text}"));
        let _ = find_in_fragment(&text);
    }

    #[test]
    fn decoding_any_bytes_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let _ = decode(&format!("v1.{}", base64url_encode(&bytes)));
        let _ = decode(&forged(&bytes));
    }

    #[test]
    fn a_damaged_link_is_refused_or_still_valid(payload in payload_strategy(), cut in any::<prop::sample::Index>(), flip in any::<u8>()) {
        let encoded = encode(&payload).unwrap();
        let mut bytes = encoded.into_bytes();
        let at = cut.index(bytes.len());
        bytes[at] = ALPHABET[usize::from(flip) % 64];
        let damaged = String::from_utf8(bytes).unwrap();
        if let Ok(decoded) = decode(&damaged) {
            prop_assert!(validate(&decoded).is_ok());
        }
    }
}
