//! Which language the page opens in, and where the learner's choice is kept.
//!
//! In order: the `lang` query parameter (a link that says `?lang=zh` wins), the choice saved
//! in localStorage under [`STORAGE_KEY`], the browser's languages, English. Choosing a language
//! in the switcher saves it.
//!
//! Architecture Invariant: pure; the browser's side (reading the URL and the storage) is in the
//! `lang_switch` component.

use crate::ui::i18n::Lang;

/// The localStorage key of the learner's choice.
pub const STORAGE_KEY: &str = "sts-playground/lang";

/// The language to open in.
pub fn choose<'a>(
    query: Option<Lang>,
    saved: Option<&str>,
    browser: impl IntoIterator<Item = &'a str>,
) -> Lang {
    query
        .or_else(|| saved.and_then(Lang::from_code))
        .unwrap_or_else(|| Lang::from_preferences(browser))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_link_wins_then_the_saved_choice_then_the_browser() {
        assert_eq!(choose(Some(Lang::Zh), Some("en"), ["en-US"]), Lang::Zh);
        assert_eq!(choose(None, Some("zh-CN"), ["en-US"]), Lang::Zh);
        assert_eq!(choose(None, Some("klingon"), ["zh-TW"]), Lang::Zh);
        assert_eq!(choose(None, None, ["fr", "en-GB"]), Lang::En);
        assert_eq!(choose(None, None, []), Lang::En);
    }
}
