//! What a link asks the page to open, read from its query and fragment, and the share payload:
//! files, commands, seed, preset and lesson.
//!
//! * `?lang=zh` — the language (it overrides the saved choice);
//! * `?embed` — compact mode for iframes; `?present` — presenter mode;
//! * `#lesson=<id>` or `?lesson=<id>` — open a lesson;
//! * `#share=v1.<data>` — restore a shared playground (the codec, its limits and its messages
//!   are [`crate::share`]'s; [`Shared`] is its payload).
//!
//! Leaves out: the page's own state (speed, play, language), which a link does not carry.
//!
//! Architecture Invariant: reading a link never panics, and the share payload is only taken
//! as it is (no percent-decoding of a huge text) and handed to [`crate::share::decode`], which
//! bounds everything; what it returns is later inserted as text only.

use crate::ui::i18n::Lang;

pub use crate::share::{decode, ShareError, SharePayload as Shared};

/// The longest link the share dialog makes without a warning (what chat tools keep).
pub const LINK_CHARS_WARN: usize = 8_000;

/// A payload for the page's session now.
pub fn shared(
    preset: crate::sim::world::Preset,
    seed: u64,
    lesson: Option<String>,
    files: Vec<(String, String)>,
    commands: Vec<String>,
) -> Shared {
    Shared {
        files,
        commands,
        seed,
        preset,
        lesson,
    }
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

impl PageLink {
    /// The work this link opens, in one canonical form (`#share=…` or `#lesson=…`), which the
    /// saved work remembers: a reload of the same link keeps the learner's work.
    pub fn origin(&self) -> Option<String> {
        match (&self.share, &self.lesson) {
            (Some(payload), _) => Some(format!("#share={payload}")),
            (None, Some(id)) => Some(format!("#lesson={id}")),
            (None, None) => None,
        }
    }
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

/// The fragment of a share link for `shared` (with its `#`), or why it cannot be made.
pub fn fragment(shared: &Shared) -> Result<String, ShareError> {
    crate::share::fragment(shared).map(|fragment| format!("#{fragment}"))
}

/// `href` without the `embed` query parameter (the fragment is kept), for the embedded page's
/// "open in the full playground" link.
pub fn without_embed(href: &str) -> String {
    let (rest, hash) = match href.split_once('#') {
        Some((rest, hash)) => (rest, format!("#{hash}")),
        None => (href, String::new()),
    };
    let (base, query) = rest.split_once('?').unwrap_or((rest, ""));
    let kept: Vec<&str> = query
        .split('&')
        .filter(|part| !part.is_empty() && part.split('=').next() != Some("embed"))
        .collect();
    if kept.is_empty() {
        format!("{base}{hash}")
    } else {
        format!("{base}?{}{hash}", kept.join("&"))
    }
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn a_link_names_the_work_it_opens_in_one_form() {
        let origin = |search: &str, hash: &str| parse_location(search, hash).origin();
        assert_eq!(origin("?lang=zh", ""), None);
        assert_eq!(
            origin("?lesson=stable-storage", ""),
            Some("#lesson=stable-storage".to_string())
        );
        assert_eq!(
            origin("", "lesson=stable-storage"),
            origin("?lesson=stable-storage", "")
        );
        assert_eq!(
            origin("?lesson=stable-storage", "#share=abc_-&x"),
            Some("#share=abc_-".to_string())
        );
    }

    #[test]
    fn a_share_link_round_trips_through_the_address() {
        let payload = shared(
            crate::sim::world::Preset::Kind,
            42,
            Some("network-identity".into()),
            vec![("web.yaml".into(), "kind: Service\n# 中文 <b>\n".into())],
            vec!["kubectl apply -f web.yaml".into()],
        );
        let fragment = fragment(&payload).expect("small enough");
        let link = parse_location("?lang=zh", &fragment);
        let value = link.share.expect("a share link");
        assert_eq!(decode(&value), Ok(payload));
        assert!(decode("garbage<script>").is_err());
    }

    #[test]
    fn the_full_page_drops_only_the_embed_flag() {
        assert_eq!(
            without_embed("https://x.test/p/index.html?embed&lang=zh#lesson=a"),
            "https://x.test/p/index.html?lang=zh#lesson=a"
        );
        assert_eq!(without_embed("https://x.test/?embed=1"), "https://x.test/");
        assert_eq!(
            without_embed("https://x.test/?a=embed"),
            "https://x.test/?a=embed"
        );
    }

    #[test]
    fn the_snippet_escapes_its_url() {
        assert_eq!(
            iframe_snippet("https://x.test/p/?lang=zh#share=a\"b"),
            "<iframe src=\"https://x.test/p/?lang=zh&amp;embed#share=a&quot;b\" title=\"StatefulSet Playground\" width=\"100%\" height=\"640\" loading=\"lazy\"></iframe>"
        );
    }
}
