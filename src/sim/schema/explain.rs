//! `kubectl explain` over the generated schema, laid out exactly as kubectl's plaintext template.
//!
//! Models kubernetes/kubectl `pkg/explain/v2/templates/plaintext.tmpl` (as of kubectl 1.35) with
//! its helpers in `pkg/explain/v2/funcs.go`, and the word wrapping of
//! github.com/mitchellh/go-wordwrap v1.0.1 that its `wrap` function uses. The template walks an
//! OpenAPI v3 document; we walk the same information from our data file:
//! * the header `GROUP:`/`KIND:`/`VERSION:` (GROUP only for non-core groups), a blank line;
//! * for a field path, `FIELD: name <type>`, the enum values under `ENUM:`, then a blank line and
//!   (from the template's line ends) one more;
//! * `DESCRIPTION:` with the target's description followed by the descriptions of the types it
//!   refers to (through lists and maps), wrapped at 76 columns and indented by 4;
//! * `FIELDS:` with every field sorted by name: `name\t<type>[ -required-]`, an `enum:` line
//!   (at most four values, then `, ....`), and the description wrapped to `78 - indent` columns
//!   and indented by `indent + 2`, then a blank line. With `--recursive` only the name lines are
//!   printed, nested fields indented by two more spaces per level;
//! * one final newline.
//!
//! Type names follow the template's `typeGuess`: `string`, `integer`, `boolean`, `number`,
//! `Object` names (`ObjectMeta`), `[]T`, `map[string]T`, `Quantity`, `IntOrString`, `string` for
//! times, `RawExtension`, `FieldsV1`.
//!
//! Deliberate difference: the data file keeps descriptions only for the fields the playground's
//! lessons need (see `tools/gen-schema.py`). A field whose description was dropped is printed
//! with no description line at all, where kubectl would print the real text.

use super::data::{unescape, Field, Schema, TypeDef, ValueType};

/// Go's `unicode.IsSpace`, minus the non-breaking space go-wordwrap refuses to break at.
fn is_break_space(char: char) -> bool {
    char.is_whitespace() && char != '\u{a0}'
}

/// go-wordwrap's `WrapString`: breaks lines at whitespace so that they fit in `limit`
/// characters where possible; words longer than the limit are kept whole, existing line breaks
/// are kept, and the spaces at a break are dropped.
pub(crate) fn wrap(text: &str, limit: usize) -> String {
    let mut result = String::with_capacity(text.len() + text.len() / limit.max(1));
    let mut current = 0usize;
    let mut word = String::new();
    let mut word_length = 0usize;
    let mut spaces = String::new();
    let mut spaces_length = 0usize;
    for char in text.chars() {
        if char == '\n' {
            if word.is_empty() {
                if current + spaces_length <= limit {
                    result.push_str(&spaces);
                }
            } else {
                result.push_str(&spaces);
                result.push_str(&word);
            }
            spaces.clear();
            spaces_length = 0;
            word.clear();
            word_length = 0;
            result.push('\n');
            current = 0;
        } else if is_break_space(char) {
            if spaces.is_empty() || !word.is_empty() {
                current += spaces_length + word_length;
                result.push_str(&spaces);
                result.push_str(&word);
                spaces.clear();
                spaces_length = 0;
                word.clear();
                word_length = 0;
            }
            spaces.push(char);
            spaces_length += 1;
        } else {
            word.push(char);
            word_length += 1;
            if current + word_length + spaces_length > limit && word_length < limit {
                result.push('\n');
                current = 0;
                spaces.clear();
                spaces_length = 0;
            }
        }
    }
    if word.is_empty() {
        if current + spaces_length <= limit {
            result.push_str(&spaces);
        }
    } else {
        result.push_str(&spaces);
        result.push_str(&word);
    }
    result
}

/// The template's `indent`: the pad before the text and after every newline in it.
fn indent(text: &str, amount: usize) -> String {
    let pad = " ".repeat(amount);
    format!("{pad}{}", text.replace('\n', &format!("\n{pad}")))
}

/// The template's `typeGuess` for a field's value type.
fn type_guess(schema: &Schema, value: &ValueType) -> String {
    match value {
        ValueType::String | ValueType::Bytes | ValueType::Time | ValueType::MicroTime => {
            "string".into()
        }
        ValueType::Bool => "boolean".into(),
        ValueType::Int32 | ValueType::Int64 => "integer".into(),
        ValueType::Float64 => "number".into(),
        ValueType::Quantity => "Quantity".into(),
        ValueType::IntOrString => "IntOrString".into(),
        ValueType::RawExtension => "RawExtension".into(),
        ValueType::FieldsV1 => "FieldsV1".into(),
        ValueType::Object(index) => schema.type_name(*index).into(),
        ValueType::Array(inner) => format!("[]{}", type_guess(schema, inner)),
        ValueType::Map(inner) => format!("map[string]{}", type_guess(schema, inner)),
    }
}

/// The struct whose fields a value lists or leads to, through lists and maps.
fn object_target(value: &ValueType) -> Option<usize> {
    match value {
        ValueType::Object(index) => Some(*index),
        ValueType::Array(inner) | ValueType::Map(inner) => object_target(inner),
        _ => None,
    }
}

/// The template's `description`: each description met while following refs, items and
/// additionalProperties, one per line.
fn collect_type_descriptions(schema: &Schema, value: &ValueType, into: &mut String) {
    let description = match value {
        ValueType::Object(index) => schema.type_description(*index),
        ValueType::Array(inner) | ValueType::Map(inner) => {
            return collect_type_descriptions(schema, inner, into);
        }
        other => schema.special_description(other),
    };
    if !description.is_empty() {
        into.push_str(&unescape(description));
        into.push('\n');
    }
}

/// The target of an explain: the kind itself or a field reached through the path.
enum Target<'schema> {
    Kind(&'schema TypeDef),
    Field(&'schema Field),
}

/// Renders `kubectl explain` for the kind `type_def` and a field path, everything after the
/// GROUP/KIND/VERSION header.
pub(crate) fn render(
    schema: &Schema,
    type_def: &TypeDef,
    field_path: &[&str],
    recursive: bool,
) -> Result<String, String> {
    let mut out = String::new();
    let mut target = Target::Kind(type_def);
    for (position, name) in field_path.iter().enumerate() {
        let container = match &target {
            Target::Kind(type_def) => Some(*type_def),
            Target::Field(field) => object_target(&field.value).map(|index| schema.type_def(index)),
        };
        let Some(field) = container.and_then(|type_def| type_def.field(name)) else {
            let last = field_path.last().copied().unwrap_or(name);
            return Err(format!("error: field \"{last}\" does not exist"));
        };
        if position + 1 == field_path.len() {
            out.push_str(&format!(
                "FIELD: {} <{}>\n",
                field.name,
                type_guess(schema, &field.value)
            ));
            if !field.enum_values.is_empty() {
                out.push_str("ENUM:");
                for value in &field.enum_values {
                    out.push_str("\n    ");
                    out.push_str(value);
                }
            }
            out.push_str("\n\n");
        }
        target = Target::Field(field);
    }

    let mut description = String::new();
    let (fields_of, history) = match &target {
        Target::Kind(type_def) => {
            if !type_def.description.is_empty() {
                description.push_str(&unescape(type_def.description));
                description.push('\n');
            }
            (Some(*type_def), Vec::new())
        }
        Target::Field(field) => {
            if !field.description.is_empty() {
                description.push_str(&unescape(field.description));
                description.push('\n');
            }
            collect_type_descriptions(schema, &field.value, &mut description);
            let index = object_target(&field.value);
            (
                index.map(|index| schema.type_def(index)),
                index.into_iter().collect(),
            )
        }
    };
    if description.is_empty() {
        description.push_str("<empty>");
    }
    out.push_str("DESCRIPTION:\n");
    out.push_str(&indent(&wrap(&description, 76), 4));
    out.push('\n');

    if let Some(type_def) = fields_of {
        let mut fields = String::new();
        field_list(schema, type_def, 1, recursive, &history, &mut fields);
        if !fields.is_empty() {
            out.push_str("FIELDS:\n");
            out.push_str(&fields);
        }
    }
    out.push('\n');
    Ok(out)
}

/// The template's `fieldList`: the fields of one struct, and with `recursive` their fields,
/// never re-entering a struct already on the current path.
fn field_list(
    schema: &Schema,
    type_def: &TypeDef,
    level: usize,
    recursive: bool,
    history: &[usize],
    out: &mut String,
) {
    for field in &type_def.fields {
        field_detail(schema, field, level, recursive, out);
        if !recursive {
            continue;
        }
        if let Some(index) = object_target(&field.value) {
            if !history.contains(&index) {
                let mut path = history.to_vec();
                path.push(index);
                field_list(schema, schema.type_def(index), level + 1, true, &path, out);
            }
        }
    }
}

/// The template's `fieldDetail` for one field.
fn field_detail(schema: &Schema, field: &Field, level: usize, short: bool, out: &mut String) {
    let indent_amount = level * 2;
    out.push_str(&" ".repeat(indent_amount));
    out.push_str(field.name);
    out.push_str(&format!("\t<{}>", type_guess(schema, &field.value)));
    if field.required {
        out.push_str(" -required-");
    }
    if !field.enum_values.is_empty() {
        out.push('\n');
        out.push_str(&" ".repeat(indent_amount));
        out.push_str("enum: ");
        for (position, value) in field.enum_values.iter().enumerate() {
            if position >= 4 {
                out.push_str(", ....");
                break;
            }
            if position > 0 {
                out.push_str(", ");
            }
            out.push_str(value);
        }
    }
    out.push('\n');
    if short {
        return;
    }
    if !field.description.is_empty() {
        let limit = 78usize.saturating_sub(indent_amount);
        let text = wrap(&unescape(field.description), limit);
        out.push_str(&indent(&text, indent_amount + 2));
        out.push('\n');
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_matches_go_wordwrap() {
        assert_eq!(
            wrap("this is a really good test", 3),
            "this\nis\na\nreally\ngood\ntest"
        );
        assert_eq!(wrap("a b c", 76), "a b c");
        assert_eq!(wrap("one two three", 7), "one two\nthree");
        assert_eq!(wrap("line one\n\nline two\n", 76), "line one\n\nline two\n");
        assert_eq!(wrap("  - indented item\n", 76), "  - indented item\n");
        assert_eq!(wrap("word   \nnext", 6), "word\nnext");
        assert_eq!(
            wrap("averyveryverylongword short", 5),
            "averyveryverylongword\nshort"
        );
    }

    #[test]
    fn indent_pads_every_line() {
        assert_eq!(indent("a\n\nb\n", 4), "    a\n    \n    b\n    ");
    }
}
