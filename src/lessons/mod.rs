//! Guided lessons: the five guarantees of a StatefulSet (and the storage around them) taught as
//! small sessions with goals the core checks on the cluster.
//!
//! A lesson is data in the repository, one folder under `lessons/`:
//! * `lesson.yaml` — `id`, `preset` (`kubeadm` or `kind`), `seed`, optional `capture` (named
//!   values read when the lesson starts, for goals about history) and `goals` (a check in the
//!   language of [`goals`] plus what it asks for in English and Chinese);
//! * `lesson.en.md` and `lesson.zh.md` — a `# Title` line, then the sections `## Introduction`,
//!   `## Tasks`, `## Hints`, `## What you learned` (in the Chinese file `## 简介`, `## 任务`,
//!   `## 提示`, `## 你学到了什么`), each made of paragraphs, `- ` or `1. ` items and fenced code;
//! * the manifests the lesson starts from (`*.yaml`), put into the session's file space;
//! * `setup.sh` — a session script for what happened before the learner arrives (may be empty);
//! * `solution.sh` — a session script that reaches every goal.
//!
//! [`catalog`] compiles every folder into the binary, so the page and the command line read the
//! same lessons. [`run`] starts a lesson on a [`crate::sim::session::Session`], evaluates its
//! goals and verifies that each goal fails before the solution and passes after it.
//!
//! [`text`] reads and prints the texts.
//!
//! Architecture Invariant: parsing a lesson never panics; every problem is a [`LessonError`]
//! naming the file. Lessons only use the session's public facade and the store's read API.

pub mod catalog;
pub mod goals;
pub mod run;
pub mod text;
pub mod words;

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::sim::world::Preset;
use crate::ui::i18n::Lang;
use goals::{Check, Probe};
pub use text::{join_lines, parse_text, render_markdown, render_text, Block, LessonText};

/// The source files of one lesson, as [`catalog`] compiles them in.
#[derive(Debug, Clone, Copy)]
pub struct LessonSource {
    /// The folder under `lessons/`, e.g. `01-network-identity`.
    pub dir: &'static str,
    pub meta: &'static str,
    pub en: &'static str,
    pub zh: &'static str,
    pub setup: &'static str,
    pub solution: &'static str,
    /// The manifests, by file name.
    pub files: &'static [(&'static str, &'static str)],
}

/// A problem in a lesson's files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LessonError {
    /// The file, as `lessons/DIR/FILE`.
    pub file: String,
    pub message: String,
}

impl std::fmt::Display for LessonError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.file, self.message)
    }
}

/// One goal: the check and what it asks for in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Goal {
    /// The check as written in `lesson.yaml`.
    pub source: String,
    pub check: Check,
    pub en: String,
    pub zh: String,
}

impl Goal {
    /// What the goal asks for, in `lang`.
    pub fn text(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Zh => &self.zh,
        }
    }
}

/// A lesson, read and checked.
#[derive(Debug, Clone)]
pub struct Lesson {
    pub id: String,
    pub dir: &'static str,
    pub preset: Preset,
    pub seed: u64,
    pub en: LessonText,
    pub zh: LessonText,
    /// Values read when the lesson starts, by name (see [`goals`]).
    pub captures: Vec<(String, Probe)>,
    pub goals: Vec<Goal>,
    pub files: &'static [(&'static str, &'static str)],
    pub setup: &'static str,
    pub solution: &'static str,
}

impl Lesson {
    /// The lesson's text in `lang`.
    pub fn text(&self, lang: Lang) -> &LessonText {
        match lang {
            Lang::En => &self.en,
            Lang::Zh => &self.zh,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Meta {
    id: String,
    preset: String,
    seed: u64,
    #[serde(default)]
    capture: BTreeMap<String, String>,
    goals: Vec<GoalMeta>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GoalMeta {
    check: String,
    en: String,
    zh: String,
}

/// Reads and checks one lesson from its source files.
pub fn parse(source: &LessonSource) -> Result<Lesson, LessonError> {
    let error = |file: &str, message: String| LessonError {
        file: format!("lessons/{}/{file}", source.dir),
        message,
    };
    let meta: Meta =
        serde_yaml::from_str(source.meta).map_err(|e| error("lesson.yaml", e.to_string()))?;
    let expected_id = source
        .dir
        .split_once('-')
        .map(|(_, rest)| rest)
        .unwrap_or(source.dir);
    if meta.id != expected_id {
        return Err(error(
            "lesson.yaml",
            format!(
                "the id `{}` should be `{expected_id}`, the folder's name after its number",
                meta.id
            ),
        ));
    }
    let preset = Preset::parse(&meta.preset).ok_or_else(|| {
        error(
            "lesson.yaml",
            format!("unknown preset `{}` (kubeadm or kind)", meta.preset),
        )
    })?;
    let mut captures = Vec::new();
    for (name, probe) in &meta.capture {
        let probe = goals::parse_probe(probe)
            .map_err(|e| error("lesson.yaml", format!("capture {name}: {e}")))?;
        captures.push((name.clone(), probe));
    }
    if meta.goals.is_empty() {
        return Err(error(
            "lesson.yaml",
            "a lesson needs at least one goal".into(),
        ));
    }
    let mut goal_list = Vec::new();
    for (index, goal) in meta.goals.iter().enumerate() {
        let check = goals::parse_check(&goal.check)
            .map_err(|e| error("lesson.yaml", format!("goal {}: {e}", index + 1)))?;
        if let Some(name) = check.captures_used() {
            if !meta.capture.contains_key(name) {
                return Err(error(
                    "lesson.yaml",
                    format!(
                        "goal {}: `${name}` is not a capture of this lesson",
                        index + 1
                    ),
                ));
            }
        }
        if goal.en.trim().is_empty() || goal.zh.trim().is_empty() {
            return Err(error(
                "lesson.yaml",
                format!("goal {}: needs both an `en` and a `zh` text", index + 1),
            ));
        }
        goal_list.push(Goal {
            source: goal.check.clone(),
            check,
            en: goal.en.trim().to_string(),
            zh: goal.zh.trim().to_string(),
        });
    }
    let en = parse_text(source.en, Lang::En).map_err(|e| error("lesson.en.md", e))?;
    let zh = parse_text(source.zh, Lang::Zh).map_err(|e| error("lesson.zh.md", e))?;
    for (file, script) in [("setup.sh", source.setup), ("solution.sh", source.solution)] {
        crate::sim::script::parse(script)
            .map_err(|e| error(file, format!("line {}: {}", e.line, e.message)))?;
    }
    Ok(Lesson {
        id: meta.id,
        dir: source.dir,
        preset,
        seed: meta.seed,
        en,
        zh,
        captures,
        goals: goal_list,
        files: source.files,
        setup: source.setup,
        solution: source.solution,
    })
}

/// Every lesson of the catalog, in order, or the problems of those that cannot be read.
pub fn all() -> (Vec<Lesson>, Vec<LessonError>) {
    let mut lessons = Vec::new();
    let mut errors = Vec::new();
    for source in catalog::SOURCES {
        match parse(source) {
            Ok(lesson) => lessons.push(lesson),
            Err(error) => errors.push(error),
        }
    }
    (lessons, errors)
}

/// The lesson with this id.
pub fn find(id: &str) -> Option<Result<Lesson, LessonError>> {
    catalog::SOURCES
        .iter()
        .find(|source| source.dir.split_once('-').map(|(_, rest)| rest) == Some(id))
        .map(parse)
}

#[cfg(test)]
mod tests;
