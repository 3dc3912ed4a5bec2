//! Every word the page shows, in English and Simplified Chinese, one table per part of the page
//! (see [`crate::ui::i18n`]). The tables compile natively, beside the components that show them,
//! so the test below checks all of them with `cargo test`.
//!
//! Architecture Invariant: a component never writes a visible word as a string literal; it
//! asks its table for the word in the page's language. kubectl's output is not a word of the
//! page and stays as kubectl prints it.

pub mod cluster;
pub mod console;
pub mod editor;
pub mod events;
pub mod lessons;
pub mod page;
pub mod presenter;
pub mod share;
pub mod time;

#[cfg(test)]
mod tests {
    use crate::ui::i18n::{table_problems, Message};

    /// Every table's problems, named by the table. A new table adds one line here.
    fn all_problems() -> Vec<String> {
        fn of<M: Message>(name: &str) -> Vec<String> {
            table_problems::<M>()
                .into_iter()
                .map(|problem| format!("{name}::{problem}"))
                .collect()
        }
        [
            of::<super::page::PageText>("page"),
            of::<super::time::TimeText>("time"),
            of::<super::time::TimelineText>("timeline"),
            of::<super::time::SavedText>("saved"),
            of::<super::time::PanicText>("panic"),
            of::<super::editor::EditorText>("editor"),
            of::<super::editor::EditorPhrase>("editor-phrase"),
            of::<super::cluster::ClusterText>("cluster"),
            of::<super::console::ConsoleText>("console"),
            of::<super::console::ConsoleNote>("console-note"),
            of::<super::events::EventsText>("events"),
            of::<super::lessons::LessonPanelText>("lessons"),
            of::<super::share::ShareText>("share"),
            of::<super::presenter::PresenterText>("presenter"),
        ]
        .concat()
    }

    #[test]
    fn every_message_has_both_languages_and_the_same_placeholders() {
        assert_eq!(all_problems(), Vec::<String>::new());
    }
}
