//! What a link asks the page to open, read from its query and fragment, and the share payload:
//! files, commands, seed, preset and lesson.
//!
//! * `?lang=zh` — the language (it overrides the saved choice);
//! * `?embed` — compact mode for iframes; `?present` — presenter mode;
//! * `#lesson=<id>` or `?lesson=<id>` — open a lesson;
//! * `#share=<payload>` — restore a shared playground ([`decode`]).
//!
//! The payload's codec is an interface of two functions, [`encode`] and [`decode`]. Until the
//! lessons branch's `src/share.rs` lands, they write the payload as JSON in base64url (no
//! compression): a shared link is longer than it will be, but opens the same way.
//!
//! Leaves out: the page's own state (speed, play, language), which a link does not carry.
//!
//! Architecture Invariant: [`decode`] never panics on any input and accepts only what
//! satisfies every limit below, so a hostile fragment can neither stall nor flood the page;
//! everything it returns is later inserted as text only.

use serde::{Deserialize, Serialize};

use crate::sim::world::Preset;
use crate::ui::i18n::Lang;

/// The longest `#share=` payload read, in characters.
pub const PAYLOAD_CHARS_MAX: usize = 200_000;
/// The longest link the share dialog makes without a warning (what chat tools keep).
pub const LINK_CHARS_WARN: usize = 8_000;
/// The most files, the longest file, the most commands and the longest command a payload may
/// carry.
pub const FILES_MAX: usize = 32;
pub const FILE_BYTES_MAX: usize = 100_000;
pub const FILE_NAME_BYTES_MAX: usize = 100;
pub const COMMANDS_MAX: usize = 500;
pub const COMMAND_BYTES_MAX: usize = 2_000;
/// The payload format written by [`encode`].
pub const FORMAT_VERSION: u64 = 1;

/// What a share link carries.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shared {
    pub v: u64,
    pub seed: u64,
    pub preset: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lesson: Option<String>,
    /// The editor's tabs, `[name, text]`, in tab order.
    pub files: Vec<(String, String)>,
    /// The console lines, oldest first.
    pub commands: Vec<String>,
}

impl Shared {
    pub fn new(
        preset: Preset,
        seed: u64,
        lesson: Option<String>,
        files: Vec<(String, String)>,
        commands: Vec<String>,
    ) -> Shared {
        Shared {
            v: FORMAT_VERSION,
            seed,
            preset: preset.name().to_string(),
            lesson,
            files,
            commands,
        }
    }

    /// The preset; [`decode`] has checked that it parses.
    pub fn preset(&self) -> Preset {
        Preset::parse(&self.preset).unwrap_or(Preset::Kubeadm)
    }
}

/// Why a payload cannot be opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShareError {
    TooLarge {
        chars: usize,
    },
    /// Not base64url, or not JSON, or not UTF-8.
    NotEncoded,
    /// Readable, but breaks a rule; the detail is in English (it names fields).
    Invalid(String),
    /// Another version of the format.
    Version(u64),
}

impl ShareError {
    /// The reason, in `lang`, as one sentence ending with a full stop.
    pub fn reason(&self, lang: Lang) -> String {
        use crate::ui::i18n::Message;
        use crate::ui::words::share::ShareText as T;
        match self {
            ShareError::TooLarge { chars } => T::TooLarge.with(
                lang,
                &[
                    ("size", &chars.to_string()),
                    ("limit", &PAYLOAD_CHARS_MAX.to_string()),
                ],
            ),
            ShareError::NotEncoded => T::NotEncoded.get(lang).to_string(),
            ShareError::Invalid(detail) => T::NotValid.with(lang, &[("detail", detail)]),
            ShareError::Version(version) => {
                T::Version.with(lang, &[("version", &version.to_string())])
            }
        }
    }
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn base64url(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let digits = chunk.len() + 1;
        for i in 0..digits {
            out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
        }
    }
    out
}

fn unbase64url(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut buffer = 0u32;
    let mut bits = 0;
    for c in text.bytes() {
        let value = ALPHABET.iter().position(|&a| a == c)? as u32;
        buffer = (buffer << 6) | value;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    (bits < 6).then_some(out)
}

/// The payload of a share link (what follows `#share=`).
pub fn encode(shared: &Shared) -> String {
    let json = serde_json::to_string(shared).unwrap_or_default();
    base64url(json.as_bytes())
}

/// Reads a payload; checks every limit.
pub fn decode(payload: &str) -> Result<Shared, ShareError> {
    let chars = payload.chars().count();
    if chars > PAYLOAD_CHARS_MAX {
        return Err(ShareError::TooLarge { chars });
    }
    let bytes = unbase64url(payload.trim()).ok_or(ShareError::NotEncoded)?;
    let value: serde_json::Value =
        serde_json::from_slice(&bytes).map_err(|_| ShareError::NotEncoded)?;
    match value.get("v").and_then(serde_json::Value::as_u64) {
        Some(FORMAT_VERSION) => {}
        Some(other) => return Err(ShareError::Version(other)),
        None => return Err(ShareError::Invalid("no format version".into())),
    }
    let shared: Shared =
        serde_json::from_value(value).map_err(|e| ShareError::Invalid(e.to_string()))?;
    check(&shared)?;
    Ok(shared)
}

fn check(shared: &Shared) -> Result<(), ShareError> {
    let invalid = |detail: String| Err(ShareError::Invalid(detail));
    if Preset::parse(&shared.preset).is_none() {
        return invalid(format!("unknown preset {:?}", shared.preset));
    }
    if shared.files.len() > FILES_MAX {
        return invalid(format!("more than {FILES_MAX} files"));
    }
    for (name, text) in &shared.files {
        if name.is_empty()
            || name.len() > FILE_NAME_BYTES_MAX
            || name.contains(['/', '\\'])
            || name.chars().any(char::is_control)
        {
            return invalid(format!("a file name that cannot be a tab: {name:?}"));
        }
        if text.len() > FILE_BYTES_MAX {
            return invalid(format!(
                "the file {name} is larger than {FILE_BYTES_MAX} bytes"
            ));
        }
    }
    if shared.commands.len() > COMMANDS_MAX {
        return invalid(format!("more than {COMMANDS_MAX} commands"));
    }
    if shared
        .commands
        .iter()
        .any(|c| c.len() > COMMAND_BYTES_MAX || c.contains('\n'))
    {
        return invalid("a command that is too long or spans lines".into());
    }
    if let Some(lesson) = &shared.lesson {
        if crate::lessons::find(lesson).is_none() {
            return invalid(format!("no lesson {lesson:?}"));
        }
    }
    Ok(())
}

/// What a link asks for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageLink {
    pub lang: Option<Lang>,
    pub lesson: Option<String>,
    /// The raw `#share=` payload, not decoded yet.
    pub share: Option<String>,
    pub embed: bool,
    pub present: bool,
}

/// `a=1&b&c=x%20y` → pairs, percent-decoded (`+` is a space in the query).
fn pairs(text: &str, plus_is_space: bool) -> Vec<(String, String)> {
    text.split('&')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (key, value) = part.split_once('=').unwrap_or((part, ""));
            (
                percent_decode(key, plus_is_space),
                percent_decode(value, plus_is_space),
            )
        })
        .collect()
}

fn percent_decode(text: &str, plus_is_space: bool) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(byte) => {
                        out.push(byte);
                        i += 3;
                        continue;
                    }
                    None => out.push(b'%'),
                }
            }
            b'+' if plus_is_space => out.push(b' '),
            byte => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Reads `location.search` and `location.hash` (each with or without its `?` / `#`).
pub fn parse_location(search: &str, hash: &str) -> PageLink {
    let mut link = PageLink::default();
    let query = pairs(search.trim_start_matches('?'), true);
    for (key, value) in &query {
        match key.as_str() {
            "lang" => link.lang = Lang::from_code(value),
            "embed" => link.embed = value != "0" && value != "false",
            "present" => link.present = value != "0" && value != "false",
            "lesson" if !value.is_empty() => link.lesson = Some(value.clone()),
            _ => {}
        }
    }
    let hash = hash.trim_start_matches('#');
    // The payload is base64url and is taken as it is, without percent-decoding a huge text.
    if let Some(payload) = hash.strip_prefix("share=") {
        link.share = Some(payload.split('&').next().unwrap_or("").to_string());
    } else {
        for (key, value) in pairs(hash, false) {
            if key == "lesson" && !value.is_empty() {
                link.lesson = Some(value);
            }
        }
    }
    link
}

/// The fragment of a share link for `shared`.
pub fn fragment(shared: &Shared) -> String {
    format!("#share={}", encode(shared))
}

/// The `<iframe>` snippet for a page at `url` (the embed flag is added to its query). The URL
/// is escaped for an HTML attribute.
pub fn iframe_snippet(url: &str) -> String {
    let (base, hash) = url.split_once('#').unwrap_or((url, ""));
    let joiner = if base.contains('?') { '&' } else { '?' };
    let mut src = format!("{base}{joiner}embed");
    if !hash.is_empty() {
        src.push('#');
        src.push_str(hash);
    }
    let escaped = src
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    format!(
        "<iframe src=\"{escaped}\" title=\"StatefulSet Playground\" width=\"100%\" height=\"640\" loading=\"lazy\"></iframe>"
    )
}

/// A shell script that replays the shared session on a real cluster: it writes each manifest
/// with a quoted heredoc (nothing in it is expanded), then runs the commands in order, stopping
/// at the first that fails. Until the lessons branch's export generator lands, this is the
/// export the page downloads.
pub fn export_script(shared: &Shared) -> String {
    let mut out = String::from("#!/usr/bin/env bash\n");
    out.push_str("# Replays a StatefulSet Playground session on a real cluster.\n");
    match shared.preset() {
        Preset::Kind => out.push_str(
            "# The playground's cluster was kind's: create one with `kind create cluster` first\n# (its default StorageClass `standard` provisions volumes).\n",
        ),
        Preset::Kubeadm => out.push_str(
            "# The playground's cluster had no StorageClass: claims bind only to PersistentVolumes\n# someone created. On minikube or kind, remove the default StorageClass's annotation\n# or the claims are provisioned instead of bound to your PVs.\n",
        ),
    }
    out.push_str("set -euo pipefail\ncd \"$(mktemp -d)\"\n\n");
    for (name, text) in &shared.files {
        let mut marker = String::from("PLAYGROUND_EOF");
        while text.lines().any(|line| line == marker) {
            marker.push('_');
        }
        let quoted = name.replace('\'', "'\\''");
        out.push_str(&format!("cat > '{quoted}' <<'{marker}'\n{text}"));
        if !text.ends_with('\n') {
            out.push('\n');
        }
        out.push_str(&format!("{marker}\n\n"));
    }
    for command in &shared.commands {
        let words = command.split_whitespace().next().unwrap_or("");
        if words == "kubectl" {
            out.push_str(command);
            out.push('\n');
        } else {
            out.push_str(&format!("# {command}\n"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Shared {
        Shared::new(
            Preset::Kind,
            42,
            Some("network-identity".into()),
            vec![("web.yaml".into(), "kind: Service\n# 中文 ✓\n".into())],
            vec![
                "kubectl apply -f web.yaml".into(),
                "kubectl get pods".into(),
            ],
        )
    }

    #[test]
    fn a_payload_round_trips() {
        let shared = sample();
        let payload = encode(&shared);
        assert!(payload
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        assert_eq!(decode(&payload), Ok(shared));
        for n in 0..5 {
            let bytes: Vec<u8> = (0..n).collect();
            assert_eq!(unbase64url(&base64url(&bytes)), Some(bytes));
        }
    }

    #[test]
    fn hostile_payloads_are_refused_with_a_reason() {
        assert_eq!(decode("!!!<script>"), Err(ShareError::NotEncoded));
        assert_eq!(
            decode(&base64url(b"{not json")),
            Err(ShareError::NotEncoded)
        );
        assert_eq!(
            decode(&"A".repeat(PAYLOAD_CHARS_MAX + 1)),
            Err(ShareError::TooLarge {
                chars: PAYLOAD_CHARS_MAX + 1
            })
        );
        assert_eq!(
            decode(&base64url(br#"{"v":9}"#)),
            Err(ShareError::Version(9))
        );
        let mut bad = sample();
        bad.files[0].0 = "../../etc/passwd".into();
        assert!(matches!(decode(&encode(&bad)), Err(ShareError::Invalid(_))));
        let mut bad = sample();
        bad.preset = "<b>".into();
        assert!(matches!(decode(&encode(&bad)), Err(ShareError::Invalid(_))));
        let mut bad = sample();
        bad.lesson = Some("nope".into());
        assert!(matches!(decode(&encode(&bad)), Err(ShareError::Invalid(_))));
        let mut bad = sample();
        bad.commands = vec!["x".into(); COMMANDS_MAX + 1];
        assert!(matches!(decode(&encode(&bad)), Err(ShareError::Invalid(_))));
        for error in [ShareError::NotEncoded, ShareError::Version(2)] {
            assert!(error.reason(Lang::Zh).ends_with('。'));
            assert!(error.reason(Lang::En).ends_with('.'));
        }
    }

    #[test]
    fn every_prefix_of_a_payload_decodes_or_says_why() {
        let payload = encode(&sample());
        for end in 0..payload.len() {
            let _ = decode(&payload[..end]);
        }
    }

    #[test]
    fn links_name_language_modes_lessons_and_payloads() {
        let link = parse_location("?lang=zh&embed&present=1", "#lesson=stable-storage");
        assert_eq!(link.lang, Some(Lang::Zh));
        assert!(link.embed && link.present);
        assert_eq!(link.lesson.as_deref(), Some("stable-storage"));
        let link = parse_location("?lesson=ordered-scaling&embed=0", "#share=abc_-");
        assert_eq!(link.lesson.as_deref(), Some("ordered-scaling"));
        assert_eq!(link.share.as_deref(), Some("abc_-"));
        assert!(!link.embed && !link.present);
        assert_eq!(parse_location("", ""), PageLink::default());
        let odd = parse_location("?%zz=%&lang=%E4", "#%");
        assert_eq!(odd.lang, None);
    }

    #[test]
    fn the_export_writes_the_files_then_runs_the_commands() {
        let mut shared = sample();
        shared
            .files
            .push(("it's.yaml".into(), "PLAYGROUND_EOF\nx".into()));
        shared.commands.push("clear".into());
        let script = export_script(&shared);
        assert!(script.starts_with("#!/usr/bin/env bash\n"));
        assert!(script.contains(
            "cat > 'web.yaml' <<'PLAYGROUND_EOF'\nkind: Service\n# 中文 ✓\nPLAYGROUND_EOF\n"
        ));
        assert!(script.contains(
            "cat > 'it'\\''s.yaml' <<'PLAYGROUND_EOF_'\nPLAYGROUND_EOF\nx\nPLAYGROUND_EOF_\n"
        ));
        assert!(script.ends_with("kubectl apply -f web.yaml\nkubectl get pods\n# clear\n"));
    }

    #[test]
    fn the_snippet_escapes_its_url() {
        assert_eq!(
            iframe_snippet("https://x.test/p/?lang=zh#share=a\"b"),
            "<iframe src=\"https://x.test/p/?lang=zh&amp;embed#share=a&quot;b\" title=\"StatefulSet Playground\" width=\"100%\" height=\"640\" loading=\"lazy\"></iframe>"
        );
    }
}
