//! Parsing of the generated schema data file (`k8s-api.schema`) into lookup tables.
//!
//! The file is written by `tools/gen-schema.py`; its line format is described in the header of
//! `schema/mod.rs`. Parsing never panics: every malformed line becomes an error naming its line
//! number, and a unit test keeps the committed file free of them.

use std::collections::BTreeMap;

/// The value type of one field, as the API server's JSON decoder sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ValueType {
    String,
    Bool,
    Int32,
    Int64,
    Float64,
    /// `resource.Quantity`: a string or a number in the quantity grammar.
    Quantity,
    /// `intstr.IntOrString`: an int32 or a string.
    IntOrString,
    /// `metav1.Time`: an RFC 3339 string.
    Time,
    /// `metav1.MicroTime`: an RFC 3339 string with exactly six fractional digits.
    MicroTime,
    /// `runtime.RawExtension`: any JSON value.
    RawExtension,
    /// `metav1.FieldsV1`: any JSON value.
    FieldsV1,
    /// `[]byte`: a base64 string.
    Bytes,
    /// A struct, by index into [`Schema::types`].
    Object(usize),
    Array(Box<ValueType>),
    /// A map with string keys.
    Map(Box<ValueType>),
}

/// One JSON field of an API struct.
#[derive(Debug, Clone)]
pub(crate) struct Field {
    pub name: &'static str,
    pub value: ValueType,
    pub required: bool,
    /// Go's name for the field's type when it differs from the one derived from `value`
    /// (`v1.RestartPolicy`, `[]v1.PersistentVolumeAccessMode`). A named slice or map carries
    /// its underlying type after a `~` (`v1.ResourceList~map[v1.ResourceName]resource.Quantity`).
    pub go_type: Option<&'static str>,
    /// Go field names of the embedded structs this field is promoted from (`VolumeSource`).
    pub embedded_in: Option<&'static str>,
    /// Enum values as `kubectl explain` prints them (the empty string as `""`).
    pub enum_values: Vec<&'static str>,
    /// The OpenAPI description, still escaped (`\n`, `\t`, `\\`); empty when not kept.
    pub description: &'static str,
}

/// One API struct.
#[derive(Debug, Clone)]
pub(crate) struct TypeDef {
    pub name: &'static str,
    /// Escaped like [`Field::description`]; empty when not kept.
    pub description: &'static str,
    /// Sorted by name (byte order), as Go's text/template ranges over a map.
    pub fields: Vec<Field>,
}

impl TypeDef {
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields
            .binary_search_by(|field| field.name.cmp(name))
            .ok()
            .map(|index| &self.fields[index])
    }
}

/// One served kind.
#[derive(Debug, Clone)]
pub(crate) struct KindDef {
    pub group: &'static str,
    pub version: &'static str,
    pub kind: &'static str,
    pub type_index: usize,
}

/// Everything in the data file.
#[derive(Debug)]
pub(crate) struct Schema {
    pub kinds: Vec<KindDef>,
    pub types: Vec<TypeDef>,
    /// Descriptions of the scalar-like referenced types, keyed by their value code.
    special_descriptions: BTreeMap<char, &'static str>,
}

impl Schema {
    pub fn kind(&self, group: &str, version: &str, kind: &str) -> Option<&KindDef> {
        self.kinds
            .iter()
            .find(|def| def.group == group && def.version == version && def.kind == kind)
    }

    /// The (escaped) description of a scalar-like referenced type such as Quantity or Time.
    pub fn special_description(&self, value: &ValueType) -> &'static str {
        let code = match value {
            ValueType::Quantity => 'q',
            ValueType::IntOrString => 'x',
            ValueType::Time => 't',
            ValueType::MicroTime => 'm',
            ValueType::RawExtension => 'r',
            ValueType::FieldsV1 => 'v',
            _ => return "",
        };
        self.special_descriptions.get(&code).copied().unwrap_or("")
    }
}

/// Undoes the generator's escaping of descriptions.
pub(crate) fn unescape(text: &str) -> String {
    let mut result = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(char) = chars.next() {
        if char != '\\' {
            result.push(char);
            continue;
        }
        match chars.next() {
            Some('n') => result.push('\n'),
            Some('t') => result.push('\t'),
            Some(other) => result.push(other),
            None => result.push('\\'),
        }
    }
    result
}

/// The lines of `text` (without their `\n` or `\r\n`), found with a fast byte search.
fn lines(text: &'static str) -> impl Iterator<Item = &'static str> {
    let mut start = 0;
    let ends = memchr::memchr_iter(b'\n', text.as_bytes()).chain(std::iter::once(text.len()));
    ends.filter_map(move |end| {
        let line = text.get(start..end)?;
        start = end + 1;
        Some(line.strip_suffix('\r').unwrap_or(line))
    })
}

/// Splits `text` at tabs into at most `limit` columns (the last keeps any further tabs) and
/// returns them with their count; the empty text has no columns.
fn split_columns<const N: usize>(text: &'static str, limit: usize) -> ([&'static str; N], usize) {
    let mut columns = [""; N];
    let mut count = 0;
    if text.is_empty() {
        return (columns, 0);
    }
    let limit = limit.clamp(1, N);
    let mut start = 0;
    // A plain byte loop: the columns before a description are a few bytes each, too short for
    // a search routine's setup to pay off. A tab is ASCII, so every cut is a char boundary.
    for (position, byte) in text.bytes().enumerate() {
        if count + 1 == limit {
            break;
        }
        if byte == b'\t' {
            if let Some(slot) = columns.get_mut(count) {
                *slot = text.get(start..position).unwrap_or("");
            }
            count += 1;
            start = position + 1;
        }
    }
    if let Some(slot) = columns.get_mut(count) {
        *slot = text.get(start..).unwrap_or("");
        count += 1;
    }
    (columns, count)
}

/// A field whose object type is still a name, resolved once all types are known.
struct PendingField {
    field: Field,
    type_code: &'static str,
}

/// Parses the whole data file.
pub(crate) fn parse(text: &'static str) -> Result<Schema, String> {
    let mut kinds_by_type_name: Vec<(&'static str, &'static str, &'static str, &'static str)> =
        Vec::new();
    let mut special_descriptions = BTreeMap::new();
    let mut pending_types: Vec<(&'static str, &'static str, Vec<PendingField>)> = Vec::new();

    for (index, line) in lines(text).enumerate() {
        let line_number = index + 1;
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        // Descriptions come last and hold no raw tab, so splitting stops before them: the long
        // texts are never searched.
        let (record, rest) = line.split_once('\t').unwrap_or((line, ""));
        let limit = match record {
            "K" => 5,
            "S" | "T" => 2,
            _ => 7,
        };
        let (columns, count) = split_columns::<7>(rest, limit);
        let column = |position: usize| {
            position
                .checked_sub(1)
                .and_then(|index| columns.get(index))
                .copied()
                .unwrap_or("")
        };
        match record {
            "K" => {
                if count != 4 {
                    return Err(format!("line {line_number}: a kind line needs 5 columns"));
                }
                kinds_by_type_name.push((column(1), column(2), column(3), column(4)));
            }
            "S" => {
                let mut code = column(1).chars();
                match (code.next(), code.next()) {
                    (Some(code), None) => {
                        special_descriptions.insert(code, column(2));
                    }
                    _ => return Err(format!("line {line_number}: bad scalar type code")),
                }
            }
            "T" => {
                if column(1).is_empty() {
                    return Err(format!("line {line_number}: a type line needs a name"));
                }
                pending_types.push((column(1), column(2), Vec::new()));
            }
            "F" => {
                let Some((_, _, fields)) = pending_types.last_mut() else {
                    return Err(format!("line {line_number}: a field before any type"));
                };
                let name = column(1);
                let type_code = column(2);
                if name.is_empty() || type_code.is_empty() {
                    return Err(format!(
                        "line {line_number}: a field needs a name and a type"
                    ));
                }
                let required = match column(3) {
                    "" => false,
                    "r" => true,
                    other => return Err(format!("line {line_number}: unknown flags {other:?}")),
                };
                let optional = |text: &'static str| (!text.is_empty()).then_some(text);
                let enum_values = match column(6) {
                    "" => Vec::new(),
                    values => values.split(',').collect(),
                };
                fields.push(PendingField {
                    field: Field {
                        name,
                        value: ValueType::String,
                        required,
                        go_type: optional(column(4)),
                        embedded_in: optional(column(5)),
                        enum_values,
                        description: column(7),
                    },
                    type_code,
                });
            }
            other => return Err(format!("line {line_number}: unknown record {other:?}")),
        }
    }

    let mut by_name = BTreeMap::new();
    for (index, (name, _, _)) in pending_types.iter().enumerate() {
        if by_name.insert(*name, index).is_some() {
            return Err(format!("type {name} is defined twice"));
        }
    }

    let mut types = Vec::with_capacity(pending_types.len());
    for (name, description, pending_fields) in pending_types {
        let mut fields = Vec::with_capacity(pending_fields.len());
        for PendingField {
            mut field,
            type_code,
        } in pending_fields
        {
            field.value = parse_value_type(type_code, &by_name)
                .map_err(|error| format!("{name}.{}: {error}", field.name))?;
            fields.push(field);
        }
        if !fields.windows(2).all(|pair| pair[0].name < pair[1].name) {
            return Err(format!("fields of {name} are not sorted or not unique"));
        }
        types.push(TypeDef {
            name,
            description,
            fields,
        });
    }

    let mut kinds = Vec::with_capacity(kinds_by_type_name.len());
    for (group, version, kind, type_name) in kinds_by_type_name {
        let Some(&type_index) = by_name.get(type_name) else {
            return Err(format!("kind {kind} names the unknown type {type_name}"));
        };
        kinds.push(KindDef {
            group,
            version,
            kind,
            type_index,
        });
    }

    Ok(Schema {
        kinds,
        types,
        special_descriptions,
    })
}

/// Parses a type code: `s b i l f q x t m r v y`, `@Name`, `[` + code, `{` + code.
fn parse_value_type(code: &str, by_name: &BTreeMap<&str, usize>) -> Result<ValueType, String> {
    if let Some(inner) = code.strip_prefix('[') {
        return Ok(ValueType::Array(Box::new(parse_value_type(
            inner, by_name,
        )?)));
    }
    if let Some(inner) = code.strip_prefix('{') {
        return Ok(ValueType::Map(Box::new(parse_value_type(inner, by_name)?)));
    }
    if let Some(name) = code.strip_prefix('@') {
        return by_name
            .get(name)
            .map(|&index| ValueType::Object(index))
            .ok_or_else(|| format!("unknown type {name}"));
    }
    Ok(match code {
        "s" => ValueType::String,
        "b" => ValueType::Bool,
        "i" => ValueType::Int32,
        "l" => ValueType::Int64,
        "f" => ValueType::Float64,
        "q" => ValueType::Quantity,
        "x" => ValueType::IntOrString,
        "t" => ValueType::Time,
        "m" => ValueType::MicroTime,
        "r" => ValueType::RawExtension,
        "v" => ValueType::FieldsV1,
        "y" => ValueType::Bytes,
        other => return Err(format!("unknown type code {other:?}")),
    })
}

/// Go's reflect name of a value type, given the field's stored override if any.
pub(crate) fn go_type_name(schema: &Schema, value: &ValueType, go_type: Option<&str>) -> String {
    if let Some(go_type) = go_type {
        return go_type.split('~').next().unwrap_or(go_type).to_string();
    }
    match value {
        ValueType::String => "string".into(),
        ValueType::Bool => "bool".into(),
        ValueType::Int32 => "int32".into(),
        ValueType::Int64 => "int64".into(),
        ValueType::Float64 => "float64".into(),
        ValueType::Quantity => "resource.Quantity".into(),
        ValueType::IntOrString => "intstr.IntOrString".into(),
        ValueType::Time => "v1.Time".into(),
        ValueType::MicroTime => "v1.MicroTime".into(),
        ValueType::RawExtension => "runtime.RawExtension".into(),
        ValueType::FieldsV1 => "v1.FieldsV1".into(),
        ValueType::Bytes => "[]uint8".into(),
        ValueType::Object(index) => format!("v1.{}", schema.types[*index].name),
        ValueType::Array(inner) => format!("[]{}", go_type_name(schema, inner, None)),
        ValueType::Map(inner) => format!("map[string]{}", go_type_name(schema, inner, None)),
    }
}

/// The stored Go type override of a slice's or map's element, derived from the container's.
pub(crate) fn element_go_type(go_type: Option<&str>) -> Option<&str> {
    let go_type = go_type?;
    let structural = go_type.split('~').nth(1).unwrap_or(go_type);
    if let Some(element) = structural.strip_prefix("[]") {
        return Some(element);
    }
    if let Some(rest) = structural.strip_prefix("map[") {
        let mut depth = 1usize;
        for (position, char) in rest.char_indices() {
            match char {
                '[' => depth += 1,
                ']' => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(&rest[position + 1..]);
                    }
                }
                _ => {}
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn element_types_come_from_the_container_name() {
        assert_eq!(
            element_go_type(Some("[]v1.PersistentVolumeAccessMode")),
            Some("v1.PersistentVolumeAccessMode")
        );
        assert_eq!(
            element_go_type(Some(
                "v1.ResourceList~map[v1.ResourceName]resource.Quantity"
            )),
            Some("resource.Quantity")
        );
        assert_eq!(
            element_go_type(Some("map[v1.ResourceName]v1.ClaimResourceStatus")),
            Some("v1.ClaimResourceStatus")
        );
        assert_eq!(element_go_type(Some("v1.RestartPolicy")), None);
        assert_eq!(element_go_type(None), None);
    }

    #[test]
    fn unescape_reverses_the_generator() {
        assert_eq!(unescape(r"a\nb\tc\\d"), "a\nb\tc\\d");
    }

    #[test]
    fn malformed_lines_are_errors_with_line_numbers() {
        assert_eq!(
            parse("T\tA\nF\tx\tzz\n").unwrap_err(),
            "A.x: unknown type code \"zz\""
        );
        assert_eq!(
            parse("F\tx\ts\n").unwrap_err(),
            "line 1: a field before any type"
        );
        assert_eq!(parse("Q\n").unwrap_err(), "line 1: unknown record \"Q\"");
        assert_eq!(
            parse("T\tA\nF\ty\ts\nF\tx\ts\n").unwrap_err(),
            "fields of A are not sorted or not unique"
        );
    }
}
