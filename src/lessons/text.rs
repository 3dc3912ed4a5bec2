//! Lesson text: reading a `lesson.LANG.md` file into sections of blocks, and printing a lesson
//! as plain text (`lessons show`) or as a Markdown handout (`lessons handout`).
//!
//! Left out: Markdown beyond paragraphs, items and fenced code (the page inserts lesson text as
//! text, never as HTML, so emphasis is shown as written).
//!
//! Architecture Invariant: reading never panics; a problem is an error naming the line.

use super::words;
use super::Lesson;
use crate::ui::i18n::Lang;

/// A piece of lesson text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A paragraph (its lines joined as [`join_lines`] does).
    Paragraph(String),
    /// A list item: `- …` (no number) or `1. …`; continuation lines joined.
    Item { number: Option<u32>, text: String },
    /// A fenced code block, as written.
    Code(String),
}

/// A lesson's text in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LessonText {
    pub title: String,
    pub introduction: Vec<Block>,
    pub tasks: Vec<Block>,
    pub hints: Vec<Block>,
    pub learned: Vec<Block>,
}

/// The fixed section headings of each language, in order.
fn headings(lang: Lang) -> [&'static str; 4] {
    match lang {
        Lang::En => ["Introduction", "Tasks", "Hints", "What you learned"],
        Lang::Zh => ["简介", "任务", "提示", "你学到了什么"],
    }
}

/// Reads a `lesson.LANG.md` file.
pub fn parse_text(text: &str, lang: Lang) -> Result<LessonText, String> {
    let expected = headings(lang);
    let mut title: Option<String> = None;
    let mut sections: Vec<Vec<Block>> = Vec::new();
    let mut paragraph: Vec<&str> = Vec::new();
    let mut code: Option<Vec<&str>> = None;
    let mut item: Option<(Option<u32>, Vec<&str>)> = None;

    fn flush(
        blocks: Option<&mut Vec<Block>>,
        paragraph: &mut Vec<&str>,
        item: &mut Option<(Option<u32>, Vec<&str>)>,
    ) {
        let Some(blocks) = blocks else {
            paragraph.clear();
            *item = None;
            return;
        };
        if let Some((number, lines)) = item.take() {
            blocks.push(Block::Item {
                number,
                text: join_lines(&lines),
            });
        }
        if !paragraph.is_empty() {
            blocks.push(Block::Paragraph(join_lines(paragraph)));
            paragraph.clear();
        }
    }

    for (index, raw) in text.lines().enumerate() {
        let line_number = index + 1;
        if let Some(lines) = code.as_mut() {
            if raw.trim_start().starts_with("```") {
                let body = lines.join("\n");
                code = None;
                match sections.last_mut() {
                    Some(blocks) => blocks.push(Block::Code(body)),
                    None => {
                        return Err(format!("line {line_number}: code before the first section"))
                    }
                }
            } else {
                lines.push(raw);
            }
            continue;
        }
        let line = raw.trim_end();
        if line.trim_start().starts_with("```") {
            flush(sections.last_mut(), &mut paragraph, &mut item);
            code = Some(Vec::new());
            continue;
        }
        if let Some(heading) = line.strip_prefix("## ") {
            flush(sections.last_mut(), &mut paragraph, &mut item);
            let wanted = expected.get(sections.len()).copied();
            if wanted != Some(heading.trim()) {
                return Err(format!(
                    "line {line_number}: the heading `## {}` is not the one expected here; the sections are, in this order: {}",
                    heading.trim(),
                    expected.map(|h| format!("`## {h}`")).join(", ")
                ));
            }
            sections.push(Vec::new());
            continue;
        }
        if let Some(heading) = line.strip_prefix("# ") {
            if title.is_some() || !sections.is_empty() {
                return Err(format!(
                    "line {line_number}: only one `# Title` line, at the top"
                ));
            }
            title = Some(heading.trim().to_string());
            continue;
        }
        if line.trim().is_empty() {
            flush(sections.last_mut(), &mut paragraph, &mut item);
            continue;
        }
        if sections.is_empty() {
            if title.is_none() {
                return Err(format!(
                    "line {line_number}: the file starts with a `# Title` line"
                ));
            }
            return Err(format!(
                "line {line_number}: text before the first section `## {}`",
                expected[0]
            ));
        }
        let trimmed = line.trim_start();
        let list_item = trimmed
            .strip_prefix("- ")
            .or_else(|| trimmed.strip_prefix("* "))
            .map(|rest| (None, rest))
            .or_else(|| {
                let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
                let number = trimmed[..digits].parse::<u32>().ok()?;
                trimmed[digits..]
                    .strip_prefix(". ")
                    .map(|rest| (Some(number), rest))
            });
        match list_item {
            Some((number, first)) => {
                flush(sections.last_mut(), &mut paragraph, &mut item);
                item = Some((number, vec![first.trim()]));
            }
            None => match item.as_mut() {
                Some((_, lines)) => lines.push(trimmed),
                None => paragraph.push(trimmed),
            },
        }
    }
    if code.is_some() {
        return Err("a code block is not closed with ```".into());
    }
    flush(sections.last_mut(), &mut paragraph, &mut item);
    let Some(title) = title.filter(|t| !t.is_empty()) else {
        return Err("the file starts with a `# Title` line".into());
    };
    if sections.len() != expected.len() {
        return Err(format!(
            "missing section `## {}` (the sections are {})",
            expected[sections.len().min(expected.len() - 1)],
            expected.map(|h| format!("`## {h}`")).join(", ")
        ));
    }
    for (name, blocks) in expected.iter().zip(&sections) {
        if blocks.is_empty() {
            return Err(format!("the section `## {name}` is empty"));
        }
    }
    let mut sections = sections.into_iter();
    let mut next = || sections.next().unwrap_or_default();
    Ok(LessonText {
        title,
        introduction: next(),
        tasks: next(),
        hints: next(),
        learned: next(),
    })
}

/// Whether a character is written without spaces around it (Chinese text and its punctuation).
pub(super) fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3040..=0xA4CF | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6)
}

/// Chinese punctuation, which never has a space beside it.
fn is_wide_punctuation(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0xFF00..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF60)
}

/// Joins the lines of a paragraph as a reader expects: with a space between English words, with
/// nothing where a line break falls between two Chinese characters or next to Chinese punctuation.
pub fn join_lines(lines: &[&str]) -> String {
    let mut out = String::new();
    for line in lines {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let last = out.chars().last();
        let first = line.chars().next();
        let glued = (last.is_some_and(is_wide) && first.is_some_and(is_wide))
            || last.is_some_and(is_wide_punctuation)
            || first.is_some_and(is_wide_punctuation);
        if !out.is_empty() && !glued {
            out.push(' ');
        }
        out.push_str(line);
    }
    out
}

/// How many terminal columns the text takes (Chinese characters take two).
pub fn display_width(text: &str) -> usize {
    text.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

/// The lesson as plain text in `lang` (what `sts-playground lessons show` prints): the title,
/// the cluster, then each section with its blocks, one blank line between blocks (list items
/// stay together).
pub fn render_text(lesson: &Lesson, lang: Lang) -> String {
    use crate::ui::i18n::Message;
    use words::LessonText as W;
    let text = lesson.text(lang);
    let mut out = String::new();
    let underline = |title: &str, mark: &str| mark.repeat(display_width(title).max(3));
    out.push_str(&format!(
        "{}\n{}\n",
        text.title,
        underline(&text.title, "=")
    ));
    out.push_str(&W::Preset.with(
        lang,
        &[
            ("preset", lesson.preset.name()),
            ("seed", &lesson.seed.to_string()),
        ],
    ));
    out.push('\n');
    let goal_items: Vec<Block> = lesson
        .goals
        .iter()
        .map(|goal| Block::Item {
            number: None,
            text: goal.text(lang).to_string(),
        })
        .collect();
    let sections = [
        (W::Introduction, &text.introduction),
        (W::Tasks, &text.tasks),
        (W::Goals, &goal_items),
        (W::Hints, &text.hints),
        (W::Learned, &text.learned),
    ];
    for (heading, blocks) in sections {
        let heading = heading.get(lang);
        out.push_str(&format!("\n{heading}\n{}\n", underline(heading, "-")));
        let mut previous_item = false;
        for (index, block) in blocks.iter().enumerate() {
            let is_item = matches!(block, Block::Item { .. });
            if index > 0 && !(is_item && previous_item) {
                out.push('\n');
            }
            match block {
                Block::Paragraph(p) => {
                    out.push_str(p);
                    out.push('\n');
                }
                Block::Item { number, text } => {
                    match number {
                        Some(n) => out.push_str(&format!("  {n}. ")),
                        None => out.push_str("  * "),
                    }
                    out.push_str(text);
                    out.push('\n');
                }
                Block::Code(code) => {
                    for line in code.lines() {
                        out.push_str("    ");
                        out.push_str(line);
                        out.push('\n');
                    }
                }
            }
            previous_item = is_item;
        }
    }
    out
}

/// Markdown for lesson blocks (a handout): paragraphs, numbered or bulleted items, fenced code.
fn blocks_markdown(blocks: &[Block]) -> String {
    let mut out = String::new();
    let mut previous_item = false;
    for (index, block) in blocks.iter().enumerate() {
        let is_item = matches!(block, Block::Item { .. });
        if index > 0 && !(is_item && previous_item) {
            out.push('\n');
        }
        match block {
            Block::Paragraph(text) => out.push_str(&format!("{text}\n")),
            Block::Item {
                number: Some(n),
                text,
            } => out.push_str(&format!("{n}. {text}\n")),
            Block::Item { number: None, text } => out.push_str(&format!("- {text}\n")),
            Block::Code(code) => out.push_str(&format!("```\n{code}\n```\n")),
        }
        previous_item = is_item;
    }
    out
}

/// A lesson as a Markdown handout, in `lang`: the title and introduction, the tasks and goals,
/// `setup` (what the setup script printed, as a handout) under "Before you start",
/// `solution` (the solution as a handout) under "A solution", then the hints and what was
/// learned. The two session parts come from [`crate::handout::markdown`].
pub fn render_markdown(lesson: &Lesson, lang: Lang, setup: &str, solution: &str) -> String {
    use crate::ui::i18n::Message;
    use words::LessonText as W;
    let text = lesson.text(lang);
    let goals: Vec<Block> = lesson
        .goals
        .iter()
        .map(|goal| Block::Item {
            number: None,
            text: goal.text(lang).to_string(),
        })
        .collect();
    let mut out = format!("# {}\n\n", text.title);
    out.push_str(&format!(
        "_{}_\n",
        W::Preset.with(
            lang,
            &[
                ("preset", lesson.preset.name()),
                ("seed", &lesson.seed.to_string())
            ]
        )
    ));
    let sections: [(W, String); 7] = [
        (W::Introduction, blocks_markdown(&text.introduction)),
        (W::Setup, setup.to_string()),
        (W::Tasks, blocks_markdown(&text.tasks)),
        (W::Goals, blocks_markdown(&goals)),
        (W::Hints, blocks_markdown(&text.hints)),
        (W::Solution, solution.to_string()),
        (W::Learned, blocks_markdown(&text.learned)),
    ];
    for (heading, body) in sections {
        if body.trim().is_empty() {
            continue;
        }
        out.push_str(&format!("\n## {}\n\n{body}", heading.get(lang)));
        if !body.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}
