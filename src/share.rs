//! Share links: a playground session (files, console commands, seed, cluster preset and lesson)
//! packed into a URL fragment, so a static host with no server can pass it on.
//!
//! The fragment is `share=v1.<data>`, where `<data>` is base64url (RFC 4648 §5, no padding) of
//! raw DEFLATE (RFC 1951) of a small JSON document:
//! `{"f":[["pv-demo.yaml","…"],…],"c":["kubectl apply -f pv-demo.yaml",…],"s":1,"p":"kubeadm","l":"stable-storage"}`.
//! A fragment never reaches a web server, and base64url needs no escaping in a URL.
//!
//! Decoding is the door through which strangers' text enters the page, so it is strict: a bound
//! on the encoded length ([`ENCODED_BYTES_MAX`]) before anything is decoded, a bound on the
//! inflated size ([`DECODED_BYTES_MAX`], enforced while inflating, so a "zip bomb" stops early),
//! unknown JSON fields refused, file names restricted to a safe alphabet, counts and sizes of
//! files and commands bounded, and control characters refused. Every failure is a
//! [`ShareError`] with a message in both languages; the page then starts a clean playground.
//! Markup in a file or command is only text: the page inserts it as text, never as HTML.
//!
//! Left out: encryption or signatures (a link is as public as the page it is pasted into) and
//! older format versions (there is only `v1`).
//!
//! Architecture Invariant: [`decode`] never panics and does work bounded by the limits here,
//! whatever its input; what [`encode`] produces, [`decode`] accepts and returns unchanged.

use serde::{Deserialize, Serialize};

use crate::sim::world::Preset;
use crate::ui::i18n::{messages, Lang, Message};

/// The key of the share link in the URL fragment: `#share=v1.…`.
pub const FRAGMENT_KEY: &str = "share";
/// The key of a link that opens a lesson: `#lesson=stable-storage`.
pub const LESSON_KEY: &str = "lesson";
/// The format version, written before the data.
pub const VERSION: &str = "v1";
/// The longest fragment value decoded (64 KiB, far below what browsers accept in a URL).
pub const ENCODED_BYTES_MAX: usize = 64 * 1024;
/// The most bytes the data may inflate to.
pub const DECODED_BYTES_MAX: usize = 1024 * 1024;
/// The most files a link carries.
pub const FILES_MAX: usize = 32;
/// The longest file name.
pub const FILE_NAME_BYTES_MAX: usize = 100;
/// The largest file.
pub const FILE_BYTES_MAX: usize = 256 * 1024;
/// The most console commands a link carries.
pub const COMMANDS_MAX: usize = 2_000;
/// The longest command (a command with a here-document holds a whole manifest).
pub const COMMAND_BYTES_MAX: usize = 64 * 1024;
/// The longest lesson id.
pub const LESSON_ID_BYTES_MAX: usize = 64;

/// What a share link carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharePayload {
    /// The editor's files, in tab order: (name, text).
    pub files: Vec<(String, String)>,
    /// The console commands in the order they ran, each a session-script line (a command with
    /// a here-document spans several lines).
    pub commands: Vec<String>,
    pub seed: u64,
    pub preset: Preset,
    /// The lesson the session belongs to, if any.
    pub lesson: Option<String>,
}

/// The JSON on the wire: short keys, nothing optional left out by accident.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Wire {
    #[serde(rename = "f", default)]
    files: Vec<(String, String)>,
    #[serde(rename = "c", default)]
    commands: Vec<String>,
    #[serde(rename = "s")]
    seed: u64,
    #[serde(rename = "p")]
    preset: String,
    #[serde(rename = "l", default, skip_serializing_if = "Option::is_none")]
    lesson: Option<String>,
}

messages! {
    pub enum ShareText {
        NotAShareLink => "This link holds no playground session.", "这个链接里没有演练场会话。";
        UnknownVersion => "This share link was made by a newer playground (format {version}).", "这个分享链接来自更新版本的演练场（格式 {version}）。";
        TooLong => "This share link is too long ({bytes} bytes; at most {max}).", "这个分享链接太长了（{bytes} 字节，最多 {max}）。";
        BadEncoding => "This share link is damaged: it is not valid base64url. Was it cut off when it was copied?", "这个分享链接已损坏：不是有效的 base64url。是不是复制时被截断了？";
        BadCompression => "This share link is damaged: its data does not decompress.", "这个分享链接已损坏：数据无法解压。";
        TooLarge => "This share link unpacks to more than {max} bytes.", "这个分享链接解压后超过 {max} 字节。";
        BadContent => "This share link is damaged: {detail}", "这个分享链接已损坏：{detail}";
        TooManyFiles => "This share link has {count} files; at most {max} are allowed.", "这个分享链接有 {count} 个文件，最多允许 {max} 个。";
        BadFileName => "This share link has a file with a name that is not allowed: {name}", "这个分享链接里有一个名字不被允许的文件：{name}";
        DuplicateFile => "This share link has two files named {name}.", "这个分享链接里有两个名为 {name} 的文件。";
        FileTooLarge => "The file {name} in this share link is larger than {max} bytes.", "这个分享链接里的文件 {name} 超过 {max} 字节。";
        TooManyCommands => "This share link has {count} commands; at most {max} are allowed.", "这个分享链接有 {count} 条命令，最多允许 {max} 条。";
        CommandTooLong => "Command {number} in this share link is longer than {max} bytes.", "这个分享链接里的第 {number} 条命令超过 {max} 字节。";
        ControlCharacter => "The file {name} in this share link contains control characters.", "这个分享链接里的文件 {name} 含有控制字符。";
        ControlInCommand => "Command {number} in this share link contains control characters.", "这个分享链接里的第 {number} 条命令含有控制字符。";
        UnknownPreset => "This share link asks for a cluster preset the playground does not have: {name}", "这个分享链接要求的集群预设在演练场中不存在：{name}";
        UnknownLesson => "This share link names a lesson that does not exist: {name}", "这个分享链接指向的课程不存在：{name}";
    }
}

/// Why a share link cannot be read or made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareError {
    pub kind: ShareText,
    args: Vec<(&'static str, String)>,
}

impl ShareError {
    fn new(kind: ShareText, args: Vec<(&'static str, String)>) -> ShareError {
        ShareError { kind, args }
    }

    /// What went wrong, for the learner, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let args: Vec<(&str, &str)> = self
            .args
            .iter()
            .map(|(name, value)| (*name, value.as_str()))
            .collect();
        self.kind.with(lang, &args)
    }
}

impl std::fmt::Display for ShareError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for ShareError {}

/// Shows at most 40 characters of a name from a link, so a huge name cannot flood a message.
fn shown(name: &str) -> String {
    let mut out: String = name.chars().take(40).collect();
    if name.chars().count() > 40 {
        out.push('…');
    }
    format!("{out:?}")
}

/// Is `name` an acceptable file name: ASCII letters, digits, `.`, `_`, `-`, folders separated by
/// `/`; no empty, `.` or `..` part, no part starting with a dot, and not too long.
pub fn valid_file_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= FILE_NAME_BYTES_MAX
        && name.split('/').all(|part| {
            !part.is_empty()
                && !part.starts_with('.')
                && part
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
        })
}

fn has_control(text: &str) -> bool {
    text.chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r')
}

/// Checks a payload against every limit; the same checks run before encoding and after
/// decoding.
fn validate(payload: &SharePayload) -> Result<(), ShareError> {
    if payload.files.len() > FILES_MAX {
        return Err(ShareError::new(
            ShareText::TooManyFiles,
            vec![
                ("count", payload.files.len().to_string()),
                ("max", FILES_MAX.to_string()),
            ],
        ));
    }
    for (index, (name, text)) in payload.files.iter().enumerate() {
        if !valid_file_name(name) {
            return Err(ShareError::new(
                ShareText::BadFileName,
                vec![("name", shown(name))],
            ));
        }
        if payload.files[..index]
            .iter()
            .any(|(other, _)| other == name)
        {
            return Err(ShareError::new(
                ShareText::DuplicateFile,
                vec![("name", shown(name))],
            ));
        }
        if text.len() > FILE_BYTES_MAX {
            return Err(ShareError::new(
                ShareText::FileTooLarge,
                vec![("name", shown(name)), ("max", FILE_BYTES_MAX.to_string())],
            ));
        }
        if has_control(text) {
            return Err(ShareError::new(
                ShareText::ControlCharacter,
                vec![("name", shown(name))],
            ));
        }
    }
    if payload.commands.len() > COMMANDS_MAX {
        return Err(ShareError::new(
            ShareText::TooManyCommands,
            vec![
                ("count", payload.commands.len().to_string()),
                ("max", COMMANDS_MAX.to_string()),
            ],
        ));
    }
    for (index, command) in payload.commands.iter().enumerate() {
        if command.len() > COMMAND_BYTES_MAX {
            return Err(ShareError::new(
                ShareText::CommandTooLong,
                vec![
                    ("number", (index + 1).to_string()),
                    ("max", COMMAND_BYTES_MAX.to_string()),
                ],
            ));
        }
        if has_control(command) {
            return Err(ShareError::new(
                ShareText::ControlInCommand,
                vec![("number", (index + 1).to_string())],
            ));
        }
    }
    if let Some(lesson) = &payload.lesson {
        let well_formed = !lesson.is_empty()
            && lesson.len() <= LESSON_ID_BYTES_MAX
            && lesson
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !well_formed || crate::lessons::find(lesson).is_none() {
            return Err(ShareError::new(
                ShareText::UnknownLesson,
                vec![("name", shown(lesson))],
            ));
        }
    }
    Ok(())
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// base64url without padding.
pub fn base64url_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let symbols = chunk.len() + 1;
        for i in 0..symbols {
            let index = (n >> (18 - 6 * i)) & 0x3f;
            out.push(char::from(ALPHABET[index as usize]));
        }
    }
    out
}

/// Decodes base64url without padding; `None` for any other character, an impossible length,
/// or leftover bits that are not zero (so each byte string has exactly one encoding).
pub fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    if text.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(text.len() / 4 * 3 + 2);
    let mut buffer: u32 = 0;
    let mut bits = 0;
    for byte in text.bytes() {
        let value = match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return None,
        };
        buffer = (buffer << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    if buffer != 0 {
        return None;
    }
    Some(out)
}

/// Packs a payload into the fragment value `v1.<data>` (without `share=`).
pub fn encode(payload: &SharePayload) -> Result<String, ShareError> {
    validate(payload)?;
    let wire = Wire {
        files: payload.files.clone(),
        commands: payload.commands.clone(),
        seed: payload.seed,
        preset: payload.preset.name().to_string(),
        lesson: payload.lesson.clone(),
    };
    let json = serde_json::to_vec(&wire).map_err(|error| {
        ShareError::new(ShareText::BadContent, vec![("detail", error.to_string())])
    })?;
    if json.len() > DECODED_BYTES_MAX {
        return Err(ShareError::new(
            ShareText::TooLarge,
            vec![("max", DECODED_BYTES_MAX.to_string())],
        ));
    }
    let compressed = miniz_oxide::deflate::compress_to_vec(&json, 9);
    let encoded = format!("{VERSION}.{}", base64url_encode(&compressed));
    if encoded.len() > ENCODED_BYTES_MAX {
        return Err(ShareError::new(
            ShareText::TooLong,
            vec![
                ("bytes", encoded.len().to_string()),
                ("max", ENCODED_BYTES_MAX.to_string()),
            ],
        ));
    }
    Ok(encoded)
}

/// The whole fragment for a payload: `share=v1.<data>` (the page puts `#` before it).
pub fn fragment(payload: &SharePayload) -> Result<String, ShareError> {
    Ok(format!("{FRAGMENT_KEY}={}", encode(payload)?))
}

/// Finds the share value in a URL fragment (`#share=v1.…`, `share=v1.…`, or `a=b&share=…`).
/// `None` when the fragment has no share link (an ordinary page load).
pub fn find_in_fragment(fragment: &str) -> Option<&str> {
    fragment_value(fragment, FRAGMENT_KEY)
}

/// The value of `key` in a URL fragment of `key=value` parts joined by `&`
/// (`#lesson=stable-storage` gives `stable-storage` for [`LESSON_KEY`]).
pub fn fragment_value<'a>(fragment: &'a str, key: &str) -> Option<&'a str> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    fragment
        .split('&')
        .find_map(|part| part.strip_prefix(key)?.strip_prefix('='))
}

/// Reads a fragment value `v1.<data>` back into a payload.
pub fn decode(value: &str) -> Result<SharePayload, ShareError> {
    if value.len() > ENCODED_BYTES_MAX {
        return Err(ShareError::new(
            ShareText::TooLong,
            vec![
                ("bytes", value.len().to_string()),
                ("max", ENCODED_BYTES_MAX.to_string()),
            ],
        ));
    }
    let Some((version, data)) = value.split_once('.') else {
        return Err(ShareError::new(ShareText::NotAShareLink, Vec::new()));
    };
    if version != VERSION {
        let looks_like_version = version.len() <= 8
            && version.starts_with('v')
            && version[1..].bytes().all(|b| b.is_ascii_digit());
        return Err(if looks_like_version && version.len() > 1 {
            ShareError::new(
                ShareText::UnknownVersion,
                vec![("version", version.to_string())],
            )
        } else {
            ShareError::new(ShareText::NotAShareLink, Vec::new())
        });
    }
    let compressed = base64url_decode(data)
        .ok_or_else(|| ShareError::new(ShareText::BadEncoding, Vec::new()))?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&compressed, DECODED_BYTES_MAX)
        .map_err(|error| {
        if error.status == miniz_oxide::inflate::TINFLStatus::HasMoreOutput {
            ShareError::new(
                ShareText::TooLarge,
                vec![("max", DECODED_BYTES_MAX.to_string())],
            )
        } else {
            ShareError::new(ShareText::BadCompression, Vec::new())
        }
    })?;
    let wire: Wire = serde_json::from_slice(&json).map_err(|error| {
        ShareError::new(ShareText::BadContent, vec![("detail", error.to_string())])
    })?;
    let preset = Preset::parse(&wire.preset).ok_or_else(|| {
        ShareError::new(
            ShareText::UnknownPreset,
            vec![("name", shown(&wire.preset))],
        )
    })?;
    let payload = SharePayload {
        files: wire.files,
        commands: wire.commands,
        seed: wire.seed,
        preset,
        lesson: wire.lesson,
    };
    validate(&payload)?;
    Ok(payload)
}

#[cfg(test)]
mod tests;
