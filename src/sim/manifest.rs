//! Manifests: multi-document YAML (or JSON) text → objects, plus diagnostics that carry the
//! document index, line, column and field path, for kubectl's error texts and the editor.
//!
//! Models kubectl's resource builder (`cli-runtime/pkg/resource/{visitor,mapper}.go`): the text
//! is split into documents on `---` lines as `YAMLReader` does, each document is converted to
//! JSON, `kind` and `apiVersion` are checked, the kind is mapped, and the API server's strict
//! decoding ([`crate::sim::schema`]) rejects unknown fields and wrong types.
//!
//! Deliberate choices, documented for learners:
//! * A syntax error anywhere in a file stops the whole file before anything is applied (real
//!   kubectl applies the documents before the broken one). Errors from the API server stay per
//!   object, as in kubectl.
//! * Duplicate keys are an error (`yaml: unmarshal errors: line N: key "x" already set in map`,
//!   the strict YAML-to-JSON wording); real kubectl silently keeps the last value.
//! * Files over [`MANIFEST_BYTES_MAX`] are refused with a clear message (the API server's own
//!   request limit is 3 MiB).
//!
//! Architecture Invariant: never panics; returns what it understood plus diagnostics. YAML alias
//! expansion and nesting depth are bounded by the YAML library (repetition and recursion
//! limits), and every loop here is bounded by the text length.

use serde::Deserialize;

use crate::sim::model::{Kind, Object};

/// The largest manifest the playground reads.
pub const MANIFEST_BYTES_MAX: usize = 4 * 1024 * 1024;
/// The most documents one manifest may hold.
pub const DOCUMENTS_MAX: usize = 20_000;

/// One `---`-separated document of a manifest.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// Position among the documents of the file, from 0.
    pub index: usize,
    /// 1-based line of the file where the document's text starts.
    pub start_line: usize,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// A problem in a manifest, located for the editor and worded for kubectl.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub document: usize,
    /// 1-based line and column in the whole file.
    pub line: usize,
    pub column: usize,
    /// Field path (`spec.replcas`), empty for syntax errors.
    pub path: String,
    /// Short text for the editor.
    pub message: String,
    /// The complete text kubectl prints for it (`error: error parsing …`, `Error from server …`).
    pub kubectl: String,
    pub severity: Severity,
}

/// A document that decoded into an object.
#[derive(Debug, Clone, PartialEq)]
pub struct ManifestObject {
    pub document: usize,
    pub start_line: usize,
    pub object: Object,
    /// The JSON the object came from (what `last-applied-configuration` records).
    pub source: serde_json::Value,
}

/// Everything understood from one manifest.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Manifest {
    pub objects: Vec<ManifestObject>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Manifest {
    /// Errors that stop the file before anything is sent (syntax, kind, apiVersion).
    pub fn client_errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error && d.kubectl.starts_with("error:"))
    }
}

/// Splits on lines that are exactly `---` (optionally followed by spaces or a comment), the way
/// kubectl's YAML reader does. Documents that hold only comments and blanks are dropped.
pub fn split_documents(text: &str) -> Vec<Document> {
    let mut documents = Vec::new();
    let mut current = String::new();
    let mut start_line = 1;
    let mut index = 0;
    for (number, line) in text.split_inclusive('\n').enumerate() {
        let trimmed = line.trim_end();
        let is_separator = trimmed == "---"
            || (trimmed.starts_with("--- ") && trimmed[4..].trim_start().starts_with('#'))
            || (trimmed.starts_with("---") && trimmed[3..].trim().is_empty());
        if is_separator {
            if has_content(&current) && documents.len() < DOCUMENTS_MAX {
                documents.push(Document {
                    index,
                    start_line,
                    text: std::mem::take(&mut current),
                });
                index += 1;
            }
            current.clear();
            start_line = number + 2;
            continue;
        }
        current.push_str(line);
    }
    if has_content(&current) && documents.len() < DOCUMENTS_MAX {
        documents.push(Document {
            index,
            start_line,
            text: current,
        });
    }
    documents
}

fn has_content(text: &str) -> bool {
    text.lines().any(|line| {
        let trimmed = line.trim();
        !trimmed.is_empty() && !trimmed.starts_with('#') && trimmed != "..."
    })
}

/// Reads a manifest named `file_name` (used in kubectl's messages) into objects and
/// diagnostics. Objects are not admitted here; the API server does that on apply/create.
pub fn parse(file_name: &str, text: &str) -> Manifest {
    let mut manifest = Manifest::default();
    if text.len() > MANIFEST_BYTES_MAX {
        manifest.diagnostics.push(Diagnostic {
            document: 0,
            line: 1,
            column: 1,
            path: String::new(),
            message: format!("the file is larger than the playground reads ({} MiB)", MANIFEST_BYTES_MAX >> 20),
            kubectl: format!(
                "error: error reading {file_name}: the file is {} bytes; the playground reads manifests of at most {} bytes",
                text.len(),
                MANIFEST_BYTES_MAX
            ),
            severity: Severity::Error,
        });
        return manifest;
    }
    for document in split_documents(text) {
        match decode_document(file_name, &document) {
            Ok(Some(object)) => manifest.objects.push(object),
            Ok(None) => {}
            Err(diagnostic) => {
                let syntax = diagnostic.kubectl.starts_with("error: error parsing");
                manifest.diagnostics.push(*diagnostic);
                if syntax {
                    // kubectl's decoder cannot continue past a syntax error.
                    break;
                }
            }
        }
    }
    manifest
}

/// Converts one document to JSON and then to an object.
fn decode_document(
    file_name: &str,
    document: &Document,
) -> Result<Option<ManifestObject>, Box<Diagnostic>> {
    let value = yaml_to_json(&document.text).map_err(|(message, line, column)| {
        Box::new(Diagnostic {
            document: document.index,
            line: document.start_line + line.saturating_sub(1),
            column,
            path: String::new(),
            message: message.clone(),
            kubectl: format!(
                "error: error parsing {file_name}: error converting YAML to JSON: yaml: {message}"
            ),
            severity: Severity::Error,
        })
    })?;
    let value = match value {
        serde_json::Value::Null => return Ok(None),
        value => value,
    };
    let at = |path: &str, message: String, kubectl: String| -> Box<Diagnostic> {
        let (line, column) = locate(&document.text, path).unwrap_or((1, 1));
        Box::new(Diagnostic {
            document: document.index,
            line: document.start_line + line - 1,
            column,
            path: path.to_string(),
            message,
            kubectl,
            severity: Severity::Error,
        })
    };
    let serde_json::Value::Object(map) = &value else {
        return Err(at(
            "",
            "a manifest document must be a mapping".into(),
            format!(
                "error: error parsing {file_name}: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {} into Go value of type map[string]interface {{}}",
                json_type_name(&value)
            ),
        ));
    };
    let kind_name = map.get("kind").and_then(|k| k.as_str()).unwrap_or("");
    let api_version = map.get("apiVersion").and_then(|k| k.as_str()).unwrap_or("");
    let compact = serde_json::to_string(&value).unwrap_or_default();
    if kind_name.is_empty() {
        return Err(at(
            "kind",
            "Object 'Kind' is missing".into(),
            format!(
                "error: unable to decode \"{file_name}\": Object 'Kind' is missing in '{compact}'"
            ),
        ));
    }
    let name = map
        .get("metadata")
        .and_then(|m| m.get("name"))
        .and_then(|n| n.as_str())
        .unwrap_or("")
        .to_string();
    let namespace = map
        .get("metadata")
        .and_then(|m| m.get("namespace"))
        .and_then(|n| n.as_str())
        .unwrap_or("")
        .to_string();
    let Some(kind) = Kind::from_api_version_kind(api_version, kind_name) else {
        let message = format!("no matches for kind \"{kind_name}\" in version \"{api_version}\"");
        return Err(at(
            if api_version.is_empty() { "kind" } else { "apiVersion" },
            message.clone(),
            format!(
                "error: resource mapping not found for name: \"{name}\" namespace: \"{namespace}\" from \"{file_name}\": {message}\nensure CRDs are installed first"
            ),
        ));
    };
    if let Err(problem) = crate::sim::schema::check_strict(api_version, kind_name, &value) {
        let path = first_problem_path(&problem);
        return Err(at(
            &path,
            problem.clone(),
            format!(
                "Error from server (BadRequest): error when creating \"{file_name}\": {problem}"
            ),
        ));
    }
    match Object::from_json(kind, value.clone()) {
        Ok(object) => Ok(Some(ManifestObject {
            document: document.index,
            start_line: document.start_line,
            object,
            source: value,
        })),
        Err(error) => Err(at(
            "",
            error.clone(),
            format!(
                "Error from server (BadRequest): error when creating \"{file_name}\": {kind_name} in version \"v1\" cannot be handled as a {kind_name}: {error}"
            ),
        )),
    }
}

/// The field path named in a strict-decoding message (`unknown field "spec.replcas"`, `Go struct
/// field StatefulSetSpec.spec.replicas`), for locating it.
fn first_problem_path(problem: &str) -> String {
    if let Some(start) = problem.find("unknown field \"") {
        let rest = &problem[start + 15..];
        return rest.split('"').next().unwrap_or("").to_string();
    }
    if let Some(start) = problem.find("Go struct field ") {
        let rest = &problem[start + 16..];
        let field = rest.split(' ').next().unwrap_or("");
        // `StatefulSetSpec.spec.replicas` → `spec.replicas`
        return field
            .split_once('.')
            .map(|(_, path)| path.to_string())
            .unwrap_or_default();
    }
    String::new()
}

fn json_type_name(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "bool",
        serde_json::Value::Number(_) => "number",
        serde_json::Value::String(_) => "string",
        serde_json::Value::Array(_) => "array",
        serde_json::Value::Object(_) => "object",
    }
}

/// YAML text of one document → JSON value. The error is (Go-yaml-style message, line, column),
/// with the line relative to the document.
pub fn yaml_to_json(text: &str) -> Result<serde_json::Value, (String, usize, usize)> {
    let parsed = serde_yaml::Deserializer::from_str(text)
        .next()
        .map(serde_yaml::Value::deserialize)
        .unwrap_or(Ok(serde_yaml::Value::Null));
    match parsed {
        Ok(value) => yaml_value_to_json(value, 0).map_err(|message| (message, 1, 1)),
        Err(error) => {
            let (line, column) = error
                .location()
                .map(|l| (l.line(), l.column()))
                .unwrap_or((1, 1));
            let text = error.to_string();
            let message = if let Some(rest) = text.split_once("duplicate entry with key ") {
                let key = rest.1.split(" at line").next().unwrap_or("");
                format!("unmarshal errors:\n  line {line}: key {key} already set in map")
            } else {
                let problem = text.split(" at line ").next().unwrap_or(&text);
                let problem = problem.rsplit(": ").next().unwrap_or(problem);
                format!("line {line}: {problem}")
            };
            Err((message, line, column))
        }
    }
}

fn yaml_value_to_json(value: serde_yaml::Value, depth: usize) -> Result<serde_json::Value, String> {
    use serde_yaml::Value as Y;
    if depth > 200 {
        return Err("the document is nested too deeply".into());
    }
    Ok(match value {
        Y::Null => serde_json::Value::Null,
        Y::Bool(b) => serde_json::Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                serde_json::Value::from(i)
            } else if let Some(u) = n.as_u64() {
                serde_json::Value::from(u)
            } else {
                let f = n.as_f64().unwrap_or(0.0);
                if f.fract() == 0.0 && f.abs() < 9.0e15 {
                    serde_json::Value::from(f as i64)
                } else {
                    serde_json::Number::from_f64(f)
                        .map(serde_json::Value::Number)
                        .unwrap_or(serde_json::Value::Null)
                }
            }
        }
        Y::String(s) => serde_json::Value::String(s),
        Y::Sequence(items) => serde_json::Value::Array(
            items
                .into_iter()
                .map(|item| yaml_value_to_json(item, depth + 1))
                .collect::<Result<_, _>>()?,
        ),
        Y::Mapping(map) => {
            let mut out = serde_json::Map::new();
            for (key, value) in map {
                let key = match key {
                    Y::String(s) => s,
                    Y::Number(n) => n.to_string(),
                    Y::Bool(b) => b.to_string(),
                    Y::Null => "null".to_string(),
                    _ => return Err("a mapping key must be a string".into()),
                };
                out.insert(key, yaml_value_to_json(value, depth + 1)?);
            }
            serde_json::Value::Object(out)
        }
        Y::Tagged(tagged) => yaml_value_to_json(tagged.value, depth + 1)?,
    })
}

/// Finds the 1-based (line, column) of a field path (`spec.template.spec.containers[0].image`)
/// in block-style YAML, by following indentation. Flow-style parts are not entered; the
/// deepest key found on the way is returned.
pub fn locate(text: &str, path: &str) -> Option<(usize, usize)> {
    let segments = path_segments(path);
    if segments.is_empty() {
        return None;
    }
    let lines: Vec<&str> = text.lines().collect();
    let mut best: Option<(usize, usize)> = None;
    // Search window: lines [from, to) at indentation greater than `parent_indent`.
    let mut from = 0;
    let mut to = lines.len();
    let mut parent_indent: isize = -1;
    for segment in segments {
        match segment {
            Segment::Key(key) => {
                let mut found = None;
                for (number, line) in lines.iter().enumerate().take(to).skip(from) {
                    let content = line.trim_start_matches([' ', '-']);
                    let indent = (line.len() - content.len()) as isize;
                    if content.trim().is_empty() || content.trim_start().starts_with('#') {
                        continue;
                    }
                    if indent <= parent_indent && !line.trim_start().starts_with('-') {
                        break;
                    }
                    let key_text = content
                        .split(':')
                        .next()
                        .unwrap_or("")
                        .trim()
                        .trim_matches(['"', '\'']);
                    if key_text == key && content.contains(':') && indent > parent_indent {
                        found = Some((number, indent));
                        break;
                    }
                }
                let (number, indent) = found?;
                best = Some((number + 1, indent as usize + 1));
                parent_indent = indent;
                from = number + 1;
                to = block_end(&lines, number, indent);
            }
            Segment::Index(wanted) => {
                let mut seen = 0;
                let mut found = None;
                let mut item_indent = None;
                for (number, line) in lines.iter().enumerate().take(to).skip(from) {
                    let trimmed = line.trim_start();
                    let indent = line.len() - trimmed.len();
                    if trimmed.starts_with("- ") || trimmed == "-" {
                        let expected = *item_indent.get_or_insert(indent);
                        if indent == expected {
                            if seen == wanted {
                                found = Some((number, indent));
                                break;
                            }
                            seen += 1;
                        }
                    }
                }
                let (number, indent) = found?;
                best = Some((number + 1, indent + 1));
                parent_indent = indent as isize;
                from = number;
                to = item_end(&lines, number, indent);
                // Keys of the item's first line sit after the dash.
                parent_indent = parent_indent.min(indent as isize);
            }
        }
    }
    best
}

fn block_end(lines: &[&str], start: usize, indent: isize) -> usize {
    for (number, line) in lines.iter().enumerate().skip(start + 1) {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let line_indent = (line.len() - trimmed.len()) as isize;
        if line_indent < indent || (line_indent == indent && !trimmed.starts_with('-')) {
            return number;
        }
    }
    lines.len()
}

fn item_end(lines: &[&str], start: usize, indent: usize) -> usize {
    for (number, line) in lines.iter().enumerate().skip(start + 1) {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let line_indent = line.len() - trimmed.len();
        if line_indent <= indent {
            return number;
        }
    }
    lines.len()
}

enum Segment {
    Key(String),
    Index(usize),
}

fn path_segments(path: &str) -> Vec<Segment> {
    let mut segments = Vec::new();
    for part in path.split('.') {
        let mut rest = part;
        if let Some(open) = rest.find('[') {
            if open > 0 {
                segments.push(Segment::Key(rest[..open].to_string()));
            }
            rest = &rest[open..];
            while let Some(stripped) = rest.strip_prefix('[') {
                let close = stripped.find(']').unwrap_or(stripped.len());
                if let Ok(index) = stripped[..close].parse() {
                    segments.push(Segment::Index(index));
                }
                rest = stripped.get(close + 1..).unwrap_or("");
            }
        } else if !part.is_empty() {
            segments.push(Segment::Key(part.to_string()));
        }
    }
    segments
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_split_on_separator_lines() {
        let docs =
            split_documents("a: 1\n---\n# only a comment\n---\nb: 2\n--- # trailing\nc: 3\n");
        let summary: Vec<(usize, usize, &str)> = docs
            .iter()
            .map(|d| (d.index, d.start_line, d.text.trim()))
            .collect();
        assert_eq!(summary, [(0, 1, "a: 1"), (1, 5, "b: 2"), (2, 7, "c: 3")]);
    }

    #[test]
    fn syntax_errors_read_like_kubectl() {
        let manifest = parse("bad.yaml", "apiVersion: v1\nkind: Pod\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  labels: a: b\n");
        let d = &manifest.diagnostics[0];
        assert_eq!(
            d.kubectl,
            "error: error parsing bad.yaml: error converting YAML to JSON: yaml: line 4: mapping values are not allowed in this context"
        );
        assert_eq!((d.document, d.line), (1, 7));
    }

    #[test]
    fn duplicate_keys_are_errors() {
        let manifest = parse("dup.yaml", "a: 1\nb:\n  c: 2\n  c: 3\n");
        assert_eq!(
            manifest.diagnostics[0].kubectl,
            "error: error parsing dup.yaml: error converting YAML to JSON: yaml: unmarshal errors:\n  line 3: key \"c\" already set in map"
        );
    }

    #[test]
    fn paths_are_located_in_block_yaml() {
        let text = crate::sim::testkit::NOTES_STATEFUL_DEMO;
        let docs = split_documents(text);
        let sts = &docs[1];
        assert_eq!(locate(&sts.text, "spec.replicas"), Some((7, 3)));
        assert_eq!(
            locate(&sts.text, "spec.template.spec.containers[0].image"),
            Some((18, 9))
        );
        assert_eq!(
            locate(
                &sts.text,
                "spec.volumeClaimTemplates[0].spec.resources.requests.storage"
            ),
            Some((32, 11))
        );
    }

    #[test]
    fn missing_kind_and_unknown_versions() {
        let manifest = parse("web.yaml", "apiVersion: apps/v1\nmetadata:\n  name: web\n");
        assert_eq!(
            manifest.diagnostics[0].kubectl,
            "error: unable to decode \"web.yaml\": Object 'Kind' is missing in '{\"apiVersion\":\"apps/v1\",\"metadata\":{\"name\":\"web\"}}'"
        );
        let manifest = parse(
            "web.yaml",
            "apiVersion: apps/v1beta1\nkind: StatefulSet\nmetadata:\n  name: web\n",
        );
        assert_eq!(
            manifest.diagnostics[0].kubectl,
            "error: resource mapping not found for name: \"web\" namespace: \"\" from \"web.yaml\": no matches for kind \"StatefulSet\" in version \"apps/v1beta1\"\nensure CRDs are installed first"
        );
    }
}
