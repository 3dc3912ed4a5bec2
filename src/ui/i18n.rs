//! The page's two languages, English and Simplified Chinese: which one the learner reads, and
//! the words of every control in both.
//!
//! Each part of the page declares its own words with [`messages!`], next to the component that
//! shows them: one enum per part, each variant with its English and its Chinese text side by
//! side. A message cannot exist in one language only, because the macro takes both or does not
//! compile. Placeholders are written `{name}` and filled by [`fill`].
//!
//! Leaves out: kubectl's output, errors and event texts. Those stay exactly as a real cluster
//! prints them, in English, in both languages.
//!
//! Architecture Invariant: nothing here touches the browser, so the tables and the language
//! choice are tested natively. The page finds the language from, in order: a saved choice, the
//! `lang` query parameter, the browser's languages, and English.

use std::fmt;

/// A language the page speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    /// Every language, in the order the switcher lists them.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Zh];

    /// The BCP 47 tag, as `<html lang>` and the `lang` query parameter write it.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
        }
    }

    /// The language's own name, as the switcher shows it.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Zh => "简体中文",
        }
    }

    /// Reads a tag such as `zh`, `zh-CN`, `zh-Hans-SG`, `en-GB`. Traditional Chinese tags
    /// (`zh-TW`, `zh-HK`, `zh-Hant`) are still closer to our Simplified text than English is.
    pub fn from_code(code: &str) -> Option<Lang> {
        let primary = code
            .trim()
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Lang::En),
            "zh" => Some(Lang::Zh),
            _ => None,
        }
    }

    /// The first language of the browser's preference list that the page speaks, else English.
    pub fn from_preferences<'a>(tags: impl IntoIterator<Item = &'a str>) -> Lang {
        tags.into_iter()
            .find_map(Lang::from_code)
            .unwrap_or_default()
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// One message in both languages; what [`messages!`] generates a table of.
pub trait Message: Copy + 'static {
    /// Every variant, in declaration order.
    const ALL: &'static [Self];
    /// The variant's name, for tests and reports.
    fn key(self) -> &'static str;
    fn en(self) -> &'static str;
    fn zh(self) -> &'static str;

    /// The message in `lang`.
    fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.en(),
            Lang::Zh => self.zh(),
        }
    }

    /// The message in `lang` with its `{name}` placeholders filled.
    fn with(self, lang: Lang, args: &[(&str, &str)]) -> String {
        fill(self.get(lang), args)
    }
}

/// Declares one part of the page's messages:
///
/// ```ignore
/// messages! {
///     pub enum EditorText {
///         Apply => "Apply", "应用";
///         Problems => "{count} problems", "{count} 个问题";
///     }
/// }
/// ```
#[macro_export]
macro_rules! messages {
    ($(#[$meta:meta])* $vis:vis enum $name:ident { $($variant:ident => $en:literal, $zh:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        $vis enum $name { $($variant,)+ }

        impl $crate::ui::i18n::Message for $name {
            const ALL: &'static [Self] = &[$($name::$variant,)+];
            fn key(self) -> &'static str {
                match self { $($name::$variant => stringify!($variant),)+ }
            }
            fn en(self) -> &'static str {
                match self { $($name::$variant => $en,)+ }
            }
            fn zh(self) -> &'static str {
                match self { $($name::$variant => $zh,)+ }
            }
        }
    };
}
pub use messages;

/// `template` with each `{name}` replaced by its value; unknown placeholders stay as written,
/// and braces that open no placeholder are kept.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match args.iter().find(|(key, _)| *key == name) {
                    Some((_, value)) => out.push_str(value),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// What is wrong with one message table, for the tests: empty texts, a Chinese text that is
/// still the English one (unless it has no letters to translate), and placeholders that differ
/// between the two languages.
pub fn table_problems<M: Message>() -> Vec<String> {
    fn placeholders(text: &str) -> Vec<&str> {
        let mut names: Vec<&str> = text
            .split('{')
            .skip(1)
            .filter_map(|part| part.split_once('}').map(|(name, _)| name))
            .collect();
        names.sort_unstable();
        names
    }
    let mut problems = Vec::new();
    for message in M::ALL {
        let (key, en, zh) = (message.key(), message.en(), message.zh());
        if en.trim().is_empty() || zh.trim().is_empty() {
            problems.push(format!("{key}: empty text"));
        }
        if en == zh && en.chars().any(|c| c.is_ascii_alphabetic()) && !is_untranslatable(en) {
            problems.push(format!(
                "{key}: the Chinese text is the English one: {en:?}"
            ));
        }
        if placeholders(en) != placeholders(zh) {
            problems.push(format!(
                "{key}: placeholders differ between {en:?} and {zh:?}"
            ));
        }
    }
    problems
}

/// Words that read the same in both languages: kubectl's own names and kinds.
fn is_untranslatable(text: &str) -> bool {
    const SAME: [&str; 10] = [
        "kubectl",
        "StatefulSet",
        "Pod",
        "PVC",
        "PV",
        "YAML",
        "Service",
        "StorageClass",
        "DNS",
        "English",
    ];
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .all(|word| SAME.contains(&word) || word.chars().all(|c| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    messages! {
        enum Sample {
            Apply => "Apply", "应用";
            Problems => "{count} problems in {file}", "{file} 中有 {count} 个问题";
        }
    }

    #[test]
    fn languages_come_from_tags() {
        assert_eq!(Lang::from_code("zh-CN"), Some(Lang::Zh));
        assert_eq!(Lang::from_code("zh_Hans_SG"), Some(Lang::Zh));
        assert_eq!(Lang::from_code("EN-gb"), Some(Lang::En));
        assert_eq!(Lang::from_code("fr"), None);
        assert_eq!(Lang::from_preferences(["fr-FR", "zh-TW", "en"]), Lang::Zh);
        assert_eq!(Lang::from_preferences(["de"]), Lang::En);
        for lang in Lang::ALL {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
        }
    }

    #[test]
    fn placeholders_are_filled() {
        assert_eq!(
            Sample::Problems.with(Lang::Zh, &[("count", "2"), ("file", "a.yaml")]),
            "a.yaml 中有 2 个问题"
        );
        assert_eq!(fill("{x} {y} {", &[("x", "1")]), "1 {y} {");
        assert_eq!(Sample::Apply.get(Lang::En), "Apply");
    }

    #[test]
    fn a_table_with_an_untranslated_or_mismatched_message_is_reported() {
        messages! {
            enum Bad {
                Same => "Scale up", "Scale up";
                Kind => "StatefulSet", "StatefulSet";
                Holes => "{a} and {b}", "{a}";
            }
        }
        assert_eq!(table_problems::<Sample>(), Vec::<String>::new());
        assert_eq!(
            table_problems::<Bad>(),
            vec![
                "Same: the Chinese text is the English one: \"Scale up\"".to_string(),
                "Holes: placeholders differ between \"{a} and {b}\" and \"{a}\"".to_string(),
            ]
        );
    }
}
