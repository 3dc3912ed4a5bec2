//! The words of the page's frame: its title and the language switcher.

crate::messages! {
    pub enum PageText {
        Title => "StatefulSet Playground", "StatefulSet 演练场";
        Language => "Language", "语言";
    }
}
