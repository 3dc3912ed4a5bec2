//! Parsing of the generated schema data file (`k8s-api.schema`) into lookup tables.
//!
//! The file is written by `tools/gen-schema.py`; its line format is described in the header of
//! `schema/mod.rs`. Parsing never panics: every malformed line becomes an error naming its line
//! number, and a unit test keeps the committed file free of them.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::OnceLock;

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

/// One struct of the data file: its `T` line read, its `F` lines kept as text until first use.
#[derive(Debug)]
struct TypeEntry {
    name: &'static str,
    description: &'static str,
    /// The indexes of its `F` lines in the file: the lines after the `T` line up to the next.
    field_lines: std::ops::Range<usize>,
    /// The parsed struct, and the error that cut its parsing short if any.
    parsed: OnceLock<(TypeDef, Option<String>)>,
}

/// The struct returned for an index that names none (no caller builds such an index).
static NO_TYPE: TypeDef = TypeDef {
    name: "",
    description: "",
    fields: Vec::new(),
};

/// Everything in the data file. The kinds and the names of the structs are read at once; a
/// struct's fields are parsed the first time it is looked up, so decoding a StatefulSet never
/// pays for the 200 other structs.
#[derive(Debug)]
pub(crate) struct Schema {
    pub kinds: Vec<KindDef>,
    /// The whole data file.
    text: &'static str,
    /// Where each line of `text` starts (see [`line_starts`]).
    line_starts: Cow<'static, [u32]>,
    types: Vec<TypeEntry>,
    by_name: BTreeMap<&'static str, usize>,
    /// Descriptions of the scalar-like referenced types, keyed by their value code.
    special_descriptions: BTreeMap<char, &'static str>,
}

impl Schema {
    pub fn kind(&self, group: &str, version: &str, kind: &str) -> Option<&KindDef> {
        self.kinds
            .iter()
            .find(|def| def.group == group && def.version == version && def.kind == kind)
    }

    /// The struct at `index` (from [`KindDef::type_index`] or [`ValueType::Object`]), parsed on
    /// first use. A struct whose lines do not parse keeps the fields before the bad line;
    /// [`Schema::check_all`] (run by a unit test over the committed file) reports it.
    pub fn type_def(&self, index: usize) -> &TypeDef {
        match self.types.get(index) {
            Some(entry) => &entry.parsed.get_or_init(|| self.parse_type(entry)).0,
            None => &NO_TYPE,
        }
    }

    /// The name of the struct at `index`, without parsing its fields.
    pub fn type_name(&self, index: usize) -> &'static str {
        self.types.get(index).map_or("", |entry| entry.name)
    }

    /// The (escaped) description of the struct at `index`, without parsing its fields.
    pub fn type_description(&self, index: usize) -> &'static str {
        self.types.get(index).map_or("", |entry| entry.description)
    }

    /// How many structs the file defines.
    #[cfg(test)]
    pub fn type_count(&self) -> usize {
        self.types.len()
    }

    /// Parses every struct now and returns the first error met, in file order.
    #[cfg(test)]
    pub fn check_all(&self) -> Result<(), String> {
        for index in 0..self.types.len() {
            self.type_def(index);
            if let Some(Some(error)) = self
                .types
                .get(index)
                .and_then(|entry| entry.parsed.get().map(|(_, error)| error.clone()))
            {
                return Err(error);
            }
        }
        Ok(())
    }

    /// Parses the `F` lines of one struct.
    fn parse_type(&self, entry: &TypeEntry) -> (TypeDef, Option<String>) {
        let mut type_def = TypeDef {
            name: entry.name,
            description: entry.description,
            fields: Vec::new(),
        };
        type_def.fields.reserve_exact(entry.field_lines.len());
        for index in entry.field_lines.clone() {
            let line = line_at(self.text, &self.line_starts, index);
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            match parse_field(entry.name, line, &self.by_name) {
                Ok(field) => type_def.fields.push(field),
                Err(FieldError::Named(error)) => return (type_def, Some(error)),
                Err(FieldError::Line(error)) => {
                    let line_number = index + 1;
                    return (type_def, Some(format!("line {line_number}: {error}")));
                }
            }
        }
        if !type_def
            .fields
            .windows(2)
            .all(|pair| pair[0].name < pair[1].name)
        {
            let error = format!("fields of {} are not sorted or not unique", entry.name);
            return (type_def, Some(error));
        }
        (type_def, None)
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

/// Parses the whole data file, every struct included (what the unit tests check).
#[cfg(test)]
pub(crate) fn parse(text: &'static str) -> Result<Schema, String> {
    let schema = index(text)?;
    schema.check_all()?;
    Ok(schema)
}

/// Reads the kinds, the scalar descriptions and the structs' names; the structs' fields wait
/// for [`Schema::type_def`]. The line starts are found here, at run time (see [`index_lines`]).
#[cfg(test)]
pub(crate) fn index(text: &'static str) -> Result<Schema, String> {
    let starts: Vec<u32> = std::iter::once(0)
        .chain(
            text.bytes()
                .enumerate()
                .filter(|&(_, byte)| byte == b'\n')
                .map(|(at, _)| at as u32 + 1),
        )
        .collect();
    index_lines(text, Cow::Owned(starts))
}

/// How many lines `text` has, counted as `split('\n')` counts them (a final line break is
/// followed by one empty line). A `const fn`, so the data file's table is built by the compiler.
pub(crate) const fn line_count(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut count = 1;
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] == b'\n' {
            count += 1;
        }
        at += 1;
    }
    count
}

/// Where each of the `N` lines of `text` starts (`N` is [`line_count`]). Evaluated by the
/// compiler for the data file, so the first lookup of a process finds every line without
/// reading the file's 150 KB (and the table is derived from the file, never written by hand).
pub(crate) const fn line_starts<const N: usize>(text: &str) -> [u32; N] {
    let bytes = text.as_bytes();
    let mut starts = [0u32; N];
    let mut line = 1;
    let mut at = 0;
    while at < bytes.len() && line < N {
        if bytes[at] == b'\n' {
            starts[line] = at as u32 + 1;
            line += 1;
        }
        at += 1;
    }
    starts
}

/// The line at `index` of `text` (without its `\n` or `\r\n`), given where each line starts.
fn line_at(text: &'static str, starts: &[u32], index: usize) -> &'static str {
    let Some(&start) = starts.get(index) else {
        return "";
    };
    let end = starts
        .get(index + 1)
        .map_or(text.len(), |&next| (next as usize).saturating_sub(1));
    let line = text.get(start as usize..end).unwrap_or("");
    line.strip_suffix('\r').unwrap_or(line)
}

/// Whether a line is a struct's `T` line (its record, before the first tab, is `T`).
fn is_type_line(line: &str) -> bool {
    line == "T" || line.starts_with("T\t")
}

/// [`index`] with the line starts of `text` given (the data file's are computed at compile
/// time): reads the kinds, the scalar descriptions and the structs' names.
pub(crate) fn index_lines(
    text: &'static str,
    line_starts: Cow<'static, [u32]>,
) -> Result<Schema, String> {
    let mut kinds_by_type_name: Vec<(&'static str, &'static str, &'static str, &'static str)> =
        Vec::new();
    let mut special_descriptions = BTreeMap::new();
    let line_total = line_starts.len();
    // The index of the first struct's `T` line.
    let mut first_type = line_total;

    // The head (kinds and scalar descriptions), line by line up to the first struct.
    for index in 0..line_total {
        let line = line_at(text, &line_starts, index);
        let line_number = index + 1;
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (record, rest) = line.split_once('\t').unwrap_or((line, ""));
        match record {
            "T" => {
                first_type = index;
                break;
            }
            "F" => return Err(format!("line {line_number}: a field before any type")),
            "K" => {
                let (columns, count) = split_columns::<5>(rest, 5);
                if count != 4 {
                    return Err(format!("line {line_number}: a kind line needs 5 columns"));
                }
                kinds_by_type_name.push((columns[0], columns[1], columns[2], columns[3]));
            }
            "S" => {
                let (columns, _) = split_columns::<2>(rest, 2);
                let mut code = columns[0].chars();
                match (code.next(), code.next()) {
                    (Some(code), None) => {
                        special_descriptions.insert(code, columns[1]);
                    }
                    _ => return Err(format!("line {line_number}: bad scalar type code")),
                }
            }
            other => return Err(format!("line {line_number}: unknown record {other:?}")),
        }
    }

    // The structs: only each line's first bytes are looked at to find the `T` lines, so the
    // field lines between them are not read until the struct is looked up (they are checked
    // then, see `Schema::parse_type`).
    let type_lines: Vec<usize> = (first_type..line_total)
        .filter(|&index| is_type_line(line_at(text, &line_starts, index)))
        .collect();
    let mut types: Vec<TypeEntry> = Vec::with_capacity(type_lines.len());
    for (position, &index) in type_lines.iter().enumerate() {
        let end = type_lines.get(position + 1).copied().unwrap_or(line_total);
        let line = line_at(text, &line_starts, index);
        let rest = line.strip_prefix("T").unwrap_or(line);
        let rest = rest.strip_prefix('\t').unwrap_or(rest);
        let (columns, _) = split_columns::<2>(rest, 2);
        if columns[0].is_empty() {
            let line_number = index + 1;
            return Err(format!("line {line_number}: a type line needs a name"));
        }
        types.push(TypeEntry {
            name: columns[0],
            description: columns[1],
            field_lines: index + 1..end,
            parsed: OnceLock::new(),
        });
    }

    let mut by_name = BTreeMap::new();
    for (index, entry) in types.iter().enumerate() {
        if by_name.insert(entry.name, index).is_some() {
            return Err(format!("type {} is defined twice", entry.name));
        }
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
        text,
        line_starts,
        types,
        by_name,
        special_descriptions,
    })
}

/// Why an `F` line did not parse.
enum FieldError {
    /// A malformed line; the caller prefixes its line number.
    Line(String),
    /// A type code that does not resolve, already naming the struct and the field.
    Named(String),
}

/// Parses one `F` line of the struct `type_name`.
fn parse_field(
    type_name: &str,
    line: &'static str,
    by_name: &BTreeMap<&'static str, usize>,
) -> Result<Field, FieldError> {
    let (record, rest) = line.split_once('\t').unwrap_or((line, ""));
    if record != "F" {
        return Err(FieldError::Line(format!("unknown record {record:?}")));
    }
    let (columns, _) = split_columns::<7>(rest, 7);
    let [name, type_code, flags, go_type, embedded_in, enum_values, description] = columns;
    if name.is_empty() || type_code.is_empty() {
        return Err(FieldError::Line("a field needs a name and a type".into()));
    }
    let required = match flags {
        "" => false,
        "r" => true,
        other => return Err(FieldError::Line(format!("unknown flags {other:?}"))),
    };
    let optional = |text: &'static str| (!text.is_empty()).then_some(text);
    let enum_values = match enum_values {
        "" => Vec::new(),
        values => values.split(',').collect(),
    };
    let value = parse_value_type(type_code, by_name)
        .map_err(|error| FieldError::Named(format!("{type_name}.{name}: {error}")))?;
    Ok(Field {
        name,
        value,
        required,
        go_type: optional(go_type),
        embedded_in: optional(embedded_in),
        enum_values,
        description,
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
        ValueType::Object(index) => format!("v1.{}", schema.type_name(*index)),
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
    fn the_compiled_line_table_is_the_data_file_s() {
        let text = super::super::SCHEMA_DATA;
        let runtime: Vec<usize> = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(at, _)| at + 1))
            .collect();
        let compiled: Vec<usize> = super::super::SCHEMA_LINE_STARTS
            .iter()
            .map(|&start| start as usize)
            .collect();
        assert_eq!(compiled, runtime);
        assert_eq!(line_count("a\nb\n"), 3);
        assert_eq!(line_starts::<3>("a\nb\n"), [0, 2, 4]);
        assert_eq!(line_at("a\r\nb", &[0, 3], 0), "a");
        assert_eq!(line_at("a\r\nb", &[0, 3], 1), "b");
        assert_eq!(line_at("a\r\nb", &[0, 3], 2), "");
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

    #[test]
    fn lines_inside_a_struct_are_checked_on_first_use_with_their_numbers() {
        let text = "K\t\tv1\tA\tA\nT\tA\nF\ta\ts\nT\tB\tAbout B.\nF\tb\ts\tzz\nQ\n";
        let schema = index(text).expect("the head and the struct names are well formed");
        assert_eq!(schema.type_name(1), "B");
        assert_eq!(schema.type_description(1), "About B.");
        assert_eq!(schema.type_def(0).fields.len(), 1);
        assert_eq!(parse(text).unwrap_err(), "line 5: unknown flags \"zz\"");
        assert_eq!(
            parse("T\tA\nF\ta\ts\nT\tB\nF\tb\ts\nQ\n").unwrap_err(),
            "line 5: unknown record \"Q\""
        );
        assert_eq!(schema.type_def(7).name, "");
    }
}
