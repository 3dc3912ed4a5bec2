//! kubectl's `-o jsonpath=TEMPLATE` (and `jsonpath-as-json`) over `serde_json` values.
//!
//! Models client-go `util/jsonpath/parser.go` and `jsonpath.go`, its forked comparison helpers
//! (`third_party/forked/golang/template/funcs.go`), and the kubectl printer around them
//! (cli-runtime `pkg/printers/jsonpath.go`, `pkg/genericclioptions/jsonpath_flags.go`):
//! * the template language: text with `{…}` actions holding fields (`.metadata.name`, escaped
//!   dots `labels.app\.kubernetes\.io/name`), `[n]`, `[-1]`, `[a:b:step]`, `[*]`, `['key']`,
//!   unions `[0,2]`, `..` recursive descent, `*` wildcards, filters `[?(@.x=="y")]` with `==`,
//!   `!=`, `<`, `>`, `<=`, `>=` or bare existence, string and number literals, and
//!   `{range …}…{end}`;
//! * output exactly as kubectl prints it: the results of one action joined by single spaces,
//!   strings bare, maps and lists as compact Go JSON (sorted keys, HTML-escaped), numbers as Go
//!   prints `int64` and `float64`, `null` for a JSON null;
//! * every error text of the parser and evaluator, and kubectl's wrappers `error parsing
//!   jsonpath …` and `error executing jsonpath …` (with its `%#v` dump of the object);
//! * kubectl's default `--allow-missing-template-keys=true`: a missing field prints nothing.
//!
//! Also ported on purpose, because they are visible: a template whose `{range}` has no `{end}`
//! evaluates the rest of the template again after the loop; after a `{range}` the template
//! keeps only the part after it for later executions (so reusing one [`JsonPath`] for several
//! objects, as `kubectl get -w` does, behaves as kubectl does); `[]` means `[0]`; unions split
//! at every comma, even inside quotes; a slice that asks for zero elements ends the evaluation
//! of that step for all remaining inputs.
//!
//! Leaves out, with reasons: Go's map iteration is random, so wildcards and `..` over an object
//! visit keys in an unspecified order there; here they visit keys in sorted order (the order of
//! `kubectl get -o json`). Where Go would crash (indexing the empty value that an empty
//! `{range}` walks), this returns an error. A `\x80`-style escape in a string literal that
//! produces invalid UTF-8 is replaced by U+FFFD. `unicode.IsLetter`/`IsDigit` are approximated
//! by Rust's `is_alphabetic`/`is_numeric`.
//!
//! Invariants: no panics on any template or data; parsing is iterative (sub-templates nest at
//! most [`NESTING_MAX`] deep), evaluation counts its work ([`WORK_MAX`] values) and output
//! ([`OUTPUT_BYTES_MAX`]), and nested ranges are limited to [`NESTING_MAX`], so nothing hangs.

use std::rc::Rc;

use serde_json::Value;

use super::gofmt::{self, GoNumber};

/// How deeply sub-templates (unions, filters, `['key']`) and `{range}` blocks may nest.
pub const NESTING_MAX: usize = 64;
/// How many values one execution may produce before it is stopped.
pub const WORK_MAX: usize = 2_000_000;
/// The largest output one execution may print.
pub const OUTPUT_BYTES_MAX: usize = 10 * 1024 * 1024;

/// kubectl's whole `-o jsonpath=TEMPLATE` step for one object: parse, allow missing keys,
/// execute. Errors are the message kubectl's `checkErr` prints after `error: `.
pub fn kubectl_jsonpath(template: &str, data: &Value) -> Result<String, String> {
    let mut path = JsonPath::parse(template)
        .map_err(|error| parse_error_message(template, &error))?
        .allow_missing_keys(true);
    path.execute(data)
        .map_err(|error| execution_error_message(template, &error, data))
}

/// `error parsing jsonpath {template}, {error}` (genericclioptions `JSONPathPrintFlags`).
pub fn parse_error_message(template: &str, error: &str) -> String {
    format!("error parsing jsonpath {template}, {error}")
}

/// The error kubectl's JSONPath printer returns when execution fails, including the dump of
/// the object it was given. It ends with newlines of its own, so `checkErr` adds none.
pub fn execution_error_message(template: &str, error: &str, data: &Value) -> String {
    format!(
        "error executing jsonpath {}: Error executing template: {error}. Printing more \
         information for debugging the template:\n\ttemplate was:\n\t\t{template}\n\tobject \
         given to jsonpath engine was:\n\t\t{}\n\n\n",
        gofmt::quote(template),
        gofmt::value_sharp_v(data)
    )
}

/// One bound of an array selection `[start:end:step]`.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct ArrayParam {
    value: i64,
    known: bool,
    /// `end` was not written and stands for `start + 1` (a plain index).
    derived: bool,
}

/// The parse tree, as client-go's node types.
#[derive(Clone, Debug, PartialEq)]
enum Node {
    List(Vec<Node>),
    Text(String),
    Field(String),
    Identifier(String),
    Array([ArrayParam; 3]),
    Filter {
        left: Vec<Node>,
        right: Vec<Node>,
        operator: String,
    },
    Int(i64),
    Float(f64),
    Bool(bool),
    Wildcard,
    Recursive,
    Union(Vec<Vec<Node>>),
}

/// A parsed template and the evaluation state client-go keeps between executions.
#[derive(Clone, Debug)]
pub struct JsonPath {
    nodes: Rc<Vec<Node>>,
    /// Index of the first top-level node still in the template (client-go reassigns its
    /// root node list to the part after a `{range}`).
    root_start: usize,
    begin_range: usize,
    in_range: usize,
    end_range: usize,
    /// Top-level index of the most recent `{end}` that closed a range.
    last_end_node: Option<usize>,
    allow_missing_keys: bool,
    output_json: bool,
    work: usize,
}

impl JsonPath {
    /// Parses a template. The error is client-go's text, e.g. `unclosed action`.
    pub fn parse(template: &str) -> Result<JsonPath, String> {
        let nodes = parse_template(template, 0)?;
        Ok(JsonPath {
            nodes: Rc::new(nodes),
            root_start: 0,
            begin_range: 0,
            in_range: 0,
            end_range: 0,
            last_end_node: None,
            allow_missing_keys: false,
            output_json: false,
            work: 0,
        })
    }

    /// Whether a missing field is empty (kubectl's default) or an error `x is not found`.
    pub fn allow_missing_keys(mut self, allow: bool) -> JsonPath {
        self.allow_missing_keys = allow;
        self
    }

    /// `-o jsonpath-as-json`: each action's results printed as an indented JSON array.
    pub fn enable_json_output(mut self, enable: bool) -> JsonPath {
        self.output_json = enable;
        self
    }

    /// client-go's `FindResults`: the values of each action, in order, as JSON values (template
    /// strings become JSON strings). `kubectl wait --for=jsonpath=…` works from these.
    pub fn find_results(&mut self, data: &Value) -> Result<Vec<Vec<Value>>, String> {
        self.work = 0;
        let groups = self.find(Val::root(data), 0)?;
        Ok(groups
            .iter()
            .map(|group| group.iter().map(Val::to_json).collect())
            .collect())
    }

    /// client-go's `Execute`: the printed text of the template for `data`.
    pub fn execute(&mut self, data: &Value) -> Result<String, String> {
        self.work = 0;
        let groups = self.find(Val::root(data), 0)?;
        let mut out = String::new();
        for group in &groups {
            self.print_results(&mut out, group)?;
        }
        Ok(out)
    }

    fn print_results(&self, out: &mut String, group: &[Val<'_>]) -> Result<(), String> {
        if self.output_json {
            let array = Value::Array(group.iter().map(Val::to_json).collect());
            out.push_str(&gofmt::json_marshal_indent(&array, "    "));
            out.push('\n');
        } else {
            for (index, value) in group.iter().enumerate() {
                out.push_str(&value.to_output_text());
                if index + 1 != group.len() {
                    out.push(' ');
                }
                if out.len() > OUTPUT_BYTES_MAX {
                    return Err(too_much_output());
                }
            }
        }
        if out.len() > OUTPUT_BYTES_MAX {
            return Err(too_much_output());
        }
        Ok(())
    }

    /// client-go's `FindResults` on the part of the template from `root_start` on.
    fn find<'a>(&mut self, data: Val<'a>, depth: usize) -> Result<Vec<Vec<Val<'a>>>, String> {
        if depth > NESTING_MAX {
            return Err(format!(
                "jsonpath: range blocks nested more than {NESTING_MAX} deep"
            ));
        }
        let all_nodes = Rc::clone(&self.nodes);
        let base = self.root_start.min(all_nodes.len());
        let nodes = &all_nodes[base..];
        let current = vec![data];
        let mut full_results: Vec<Vec<Val<'a>>> = Vec::new();
        let mut index = 0;
        while index < nodes.len() {
            let results = self
                .walk(&current, &nodes[index])
                .map_err(|failure| failure.message)?;

            if self.end_range > 0 && self.end_range <= self.in_range {
                self.end_range -= 1;
                self.last_end_node = Some(base + index);
                break;
            }
            if self.begin_range > 0 {
                self.begin_range -= 1;
                self.in_range += 1;
                if results.is_empty() {
                    // Walk the body once anyway so the matching {end} is found.
                    self.root_start = base + index + 1;
                    self.find(Val::Nil, depth + 1)?;
                } else {
                    for value in results {
                        self.root_start = base + index + 1;
                        let nested = self.find(value.into_range_root(), depth + 1)?;
                        full_results.extend(nested);
                    }
                }
                self.in_range -= 1;
                if let Some(end) = self.last_end_node {
                    if end > base + index && end < base + nodes.len() {
                        index = end - base;
                    }
                }
                index += 1;
                continue;
            }
            full_results.push(results);
            index += 1;
        }
        Ok(full_results)
    }

    fn count_work(&mut self, produced: usize) -> Result<(), Failure<'static>> {
        self.work = self.work.saturating_add(produced.max(1));
        if self.work > WORK_MAX {
            return Err(Failure::new(
                Vec::new(),
                format!("jsonpath: the template produces more than {WORK_MAX} values"),
            ));
        }
        Ok(())
    }

    fn walk<'a>(&mut self, input: &[Val<'a>], node: &Node) -> Walked<'a> {
        let result = match node {
            Node::List(nodes) => self.eval_list(input, nodes),
            Node::Text(text) => Ok(vec![Val::Text(text.clone())]),
            Node::Field(name) => self.eval_field(input, name),
            Node::Array(params) => eval_array(input, params),
            Node::Filter {
                left,
                right,
                operator,
            } => self.eval_filter(input, left, right, operator),
            Node::Int(value) => Ok(vec![Val::Int(*value); input.len()]),
            Node::Float(value) => Ok(vec![Val::Float(*value); input.len()]),
            Node::Bool(value) => Ok(vec![Val::Bool(*value); input.len()]),
            Node::Wildcard => Ok(eval_wildcard(input)),
            Node::Recursive => Ok(eval_recursive(input)),
            Node::Union(lists) => self.eval_union(input, lists),
            Node::Identifier(name) => self.eval_identifier(input, name),
        };
        if let Ok(values) = &result {
            if let Err(failure) = self.count_work(values.len()) {
                return Err(Failure::new(Vec::new(), failure.message));
            }
        }
        result
    }

    fn eval_list<'a>(&mut self, input: &[Val<'a>], nodes: &[Node]) -> Walked<'a> {
        let mut current = input.to_vec();
        for node in nodes {
            current = self.walk(&current, node)?;
        }
        Ok(current)
    }

    fn eval_identifier<'a>(&mut self, input: &[Val<'a>], name: &str) -> Walked<'a> {
        match name {
            "range" => {
                self.begin_range += 1;
                Ok(input.to_vec())
            }
            "end" => {
                if self.in_range > 0 {
                    self.end_range += 1;
                    Ok(Vec::new())
                } else {
                    Err(Failure::new(
                        Vec::new(),
                        "not in range, nothing to end".to_string(),
                    ))
                }
            }
            _ => Err(Failure::new(
                input.to_vec(),
                format!("unrecognized identifier {name}"),
            )),
        }
    }

    fn eval_field<'a>(&mut self, input: &[Val<'a>], name: &str) -> Walked<'a> {
        let mut results = Vec::new();
        if input.is_empty() {
            return Ok(results);
        }
        for value in input {
            if let Val::Json(Value::Object(map)) = value {
                if let Some(found) = map.get(name) {
                    results.push(Val::Json(found));
                }
            }
        }
        if results.is_empty() && !self.allow_missing_keys {
            return Err(Failure::new(results, format!("{name} is not found")));
        }
        Ok(results)
    }

    fn eval_union<'a>(&mut self, input: &[Val<'a>], lists: &[Vec<Node>]) -> Walked<'a> {
        let mut results = Vec::new();
        for list in lists {
            match self.eval_list(input, list) {
                Ok(values) => results.extend(values),
                Err(failure) => return Err(Failure::new(input.to_vec(), failure.message)),
            }
        }
        Ok(results)
    }

    fn eval_filter<'a>(
        &mut self,
        input: &[Val<'a>],
        left: &[Node],
        right: &[Node],
        operator: &str,
    ) -> Walked<'a> {
        let mut results = Vec::new();
        for value in input {
            let Val::Json(Value::Array(items)) = value else {
                return Err(Failure::new(
                    input.to_vec(),
                    format!(
                        "{} is not array or slice and cannot be filtered",
                        value.to_v()
                    ),
                ));
            };
            for item in items {
                let element = [Val::Json(item)];
                let lefts = self.eval_list(&element, left);
                if operator == "exists" {
                    // client-go looks at whatever the left side produced, error or not.
                    let produced = match &lefts {
                        Ok(values) => !values.is_empty(),
                        Err(failure) => !failure.partial.is_empty(),
                    };
                    if produced {
                        results.push(Val::Json(item));
                    }
                    continue;
                }
                let lefts =
                    lefts.map_err(|failure| Failure::new(input.to_vec(), failure.message))?;
                let left_value = match lefts.as_slice() {
                    [] => continue,
                    [single] => single.clone(),
                    _ => {
                        return Err(Failure::new(
                            input.to_vec(),
                            "can only compare one element at a time".to_string(),
                        ))
                    }
                };
                let rights = self
                    .eval_list(&element, right)
                    .map_err(|failure| Failure::new(input.to_vec(), failure.message))?;
                let right_value = match rights.as_slice() {
                    [] => continue,
                    [single] => single.clone(),
                    _ => {
                        return Err(Failure::new(
                            input.to_vec(),
                            "can only compare one element at a time".to_string(),
                        ))
                    }
                };
                let pass = match operator {
                    "<" => less(&left_value, &right_value),
                    ">" => less_equal(&left_value, &right_value).map(|result| !result),
                    "==" => equal(&left_value, &right_value),
                    "!=" => equal(&left_value, &right_value).map(|result| !result),
                    "<=" => less_equal(&left_value, &right_value),
                    ">=" => less(&left_value, &right_value).map(|result| !result),
                    _ => {
                        return Err(Failure::new(
                            results,
                            format!("unrecognized filter operator {operator}"),
                        ))
                    }
                };
                match pass {
                    Ok(true) => results.push(Val::Json(item)),
                    Ok(false) => {}
                    Err(message) => return Err(Failure::new(results, message.to_string())),
                }
            }
        }
        Ok(results)
    }
}

fn too_much_output() -> String {
    format!("jsonpath: output is larger than {OUTPUT_BYTES_MAX} bytes")
}

/// An evaluation error with the values client-go returns alongside it.
struct Failure<'a> {
    partial: Vec<Val<'a>>,
    message: String,
}

impl<'a> Failure<'a> {
    fn new(partial: Vec<Val<'a>>, message: String) -> Failure<'a> {
        Failure { partial, message }
    }
}

type Walked<'a> = Result<Vec<Val<'a>>, Failure<'a>>;

/// A value during evaluation: a part of the data, or a value the template made.
#[derive(Clone, Debug)]
enum Val<'a> {
    /// The empty value client-go walks when a `{range}` has nothing to range over (or ranges
    /// over a JSON null): Go's zero `reflect.Value`.
    Nil,
    Json(&'a Value),
    /// A string literal (Go `string`).
    Text(String),
    /// An integer literal (Go `int`).
    Int(i64),
    /// A float literal (Go `float64`).
    Float(f64),
    /// `true` / `false` (Go `bool`).
    Bool(bool),
    /// One byte of a string, from `*` over a string (Go `uint8`).
    Byte(u8),
}

impl<'a> Val<'a> {
    fn root(data: &'a Value) -> Val<'a> {
        Val::Json(data).into_range_root()
    }

    /// client-go passes `value.Interface()` to a nested `FindResults`; a JSON null becomes the
    /// zero value there.
    fn into_range_root(self) -> Val<'a> {
        match self {
            Val::Json(Value::Null) => Val::Nil,
            other => other,
        }
    }

    /// Go's type name, as `%v is not array or slice` prints it.
    fn type_name(&self) -> &'static str {
        match self {
            Val::Nil => "<invalid reflect.Value>",
            Val::Json(value) => gofmt::type_name(value),
            Val::Text(_) => "string",
            Val::Int(_) => "int",
            Val::Float(_) => "float64",
            Val::Bool(_) => "bool",
            Val::Byte(_) => "uint8",
        }
    }

    /// `%v` of the value.
    fn to_v(&self) -> String {
        match self {
            Val::Nil => "<invalid reflect.Value>".to_string(),
            Val::Json(value) => gofmt::value_v(value),
            Val::Text(text) => text.clone(),
            Val::Int(value) => value.to_string(),
            Val::Float(value) => gofmt::format_float(*value),
            Val::Bool(value) => value.to_string(),
            Val::Byte(value) => value.to_string(),
        }
    }

    /// How `PrintResults` writes one result.
    fn to_output_text(&self) -> String {
        match self {
            Val::Nil => "<no value>".to_string(),
            Val::Json(value @ (Value::Object(_) | Value::Array(_))) => gofmt::json_marshal(value),
            Val::Json(Value::Null) => "null".to_string(),
            other => other.to_v(),
        }
    }

    fn to_json(&self) -> Value {
        match self {
            Val::Nil => Value::Null,
            Val::Json(value) => (*value).clone(),
            Val::Text(text) => Value::String(text.clone()),
            Val::Int(value) => Value::from(*value),
            Val::Float(value) => serde_json::Number::from_f64(*value)
                .map(Value::Number)
                .unwrap_or(Value::Null),
            Val::Bool(value) => Value::Bool(*value),
            Val::Byte(value) => Value::from(*value),
        }
    }

    /// The scalar kind used by the comparison helpers, or `None` for maps, lists and nil.
    fn comparable(&self) -> Option<Comparable<'_>> {
        match self {
            Val::Nil => None,
            Val::Json(Value::Bool(value)) | Val::Bool(value) => Some(Comparable::Bool(*value)),
            Val::Json(Value::String(text)) => Some(Comparable::Text(text)),
            Val::Text(text) => Some(Comparable::Text(text)),
            Val::Json(Value::Number(number)) => Some(match GoNumber::from_json(number) {
                GoNumber::Int(value) => Comparable::Int(value),
                GoNumber::Float(value) => Comparable::Float(value),
            }),
            Val::Int(value) => Some(Comparable::Int(*value)),
            Val::Float(value) => Some(Comparable::Float(*value)),
            Val::Byte(value) => Some(Comparable::Uint(u64::from(*value))),
            Val::Json(_) => None,
        }
    }
}

/// Go's basic kinds as the template comparison helpers see them.
enum Comparable<'v> {
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    Text(&'v str),
}

const BAD_COMPARISON_TYPE: &str = "invalid type for comparison";
const BAD_COMPARISON: &str = "incompatible types for comparison";

fn equal(left: &Val<'_>, right: &Val<'_>) -> Result<bool, &'static str> {
    let left = left.comparable().ok_or(BAD_COMPARISON_TYPE)?;
    let right = right.comparable().ok_or(BAD_COMPARISON_TYPE)?;
    match (left, right) {
        (Comparable::Bool(a), Comparable::Bool(b)) => Ok(a == b),
        (Comparable::Int(a), Comparable::Int(b)) => Ok(a == b),
        (Comparable::Uint(a), Comparable::Uint(b)) => Ok(a == b),
        (Comparable::Float(a), Comparable::Float(b)) => Ok(a == b),
        (Comparable::Text(a), Comparable::Text(b)) => Ok(a == b),
        (Comparable::Int(a), Comparable::Uint(b)) => Ok(a >= 0 && a as u64 == b),
        (Comparable::Uint(a), Comparable::Int(b)) => Ok(b >= 0 && a == b as u64),
        _ => Err(BAD_COMPARISON),
    }
}

fn less(left: &Val<'_>, right: &Val<'_>) -> Result<bool, &'static str> {
    let left = left.comparable().ok_or(BAD_COMPARISON_TYPE)?;
    let right = right.comparable().ok_or(BAD_COMPARISON_TYPE)?;
    match (left, right) {
        (Comparable::Bool(_), Comparable::Bool(_)) => Err(BAD_COMPARISON_TYPE),
        (Comparable::Int(a), Comparable::Int(b)) => Ok(a < b),
        (Comparable::Uint(a), Comparable::Uint(b)) => Ok(a < b),
        (Comparable::Float(a), Comparable::Float(b)) => Ok(a < b),
        (Comparable::Text(a), Comparable::Text(b)) => Ok(a.as_bytes() < b.as_bytes()),
        (Comparable::Int(a), Comparable::Uint(b)) => Ok(a < 0 || (a as u64) < b),
        (Comparable::Uint(a), Comparable::Int(b)) => Ok(b >= 0 && a < b as u64),
        _ => Err(BAD_COMPARISON),
    }
}

fn less_equal(left: &Val<'_>, right: &Val<'_>) -> Result<bool, &'static str> {
    if less(left, right)? {
        return Ok(true);
    }
    equal(left, right)
}

fn eval_array<'a>(input: &[Val<'a>], params: &[ArrayParam; 3]) -> Walked<'a> {
    let mut results = Vec::new();
    for value in input {
        let items = match value {
            Val::Json(Value::Null) => continue,
            Val::Json(Value::Array(items)) => items,
            Val::Nil => {
                return Err(Failure::new(
                    input.to_vec(),
                    "reflect: call of reflect.Value.Type on zero Value".to_string(),
                ))
            }
            other => {
                return Err(Failure::new(
                    input.to_vec(),
                    format!("{} is not array or slice", other.type_name()),
                ))
            }
        };
        let length = items.len() as i64;
        let [mut start, mut end, step] = *params;
        if !start.known {
            start.value = 0;
        }
        if start.value < 0 {
            start.value = start.value.wrapping_add(length);
        }
        if !end.known {
            end.value = length;
        }
        if end.value < 0 || (end.value == 0 && end.derived) {
            end.value = end.value.wrapping_add(length);
        }
        if end.value == start.value {
            // Asking for zero elements ends this step, for every remaining input too.
            return Ok(results);
        }
        if start.value >= length || start.value < 0 {
            return Err(Failure::new(
                input.to_vec(),
                format!(
                    "array index out of bounds: index {}, length {length}",
                    start.value
                ),
            ));
        }
        if end.value > length || end.value < 0 {
            return Err(Failure::new(
                input.to_vec(),
                format!(
                    "array index out of bounds: index {}, length {length}",
                    end.value.wrapping_sub(1)
                ),
            ));
        }
        if start.value > end.value {
            return Err(Failure::new(
                input.to_vec(),
                format!(
                    "starting index {} is greater than ending index {}",
                    start.value, end.value
                ),
            ));
        }
        let mut stride = 1usize;
        if step.known {
            if step.value <= 0 {
                return Err(Failure::new(input.to_vec(), "step must be > 0".to_string()));
            }
            stride = usize::try_from(step.value).unwrap_or(usize::MAX);
        }
        let selected = &items[start.value as usize..end.value as usize];
        results.extend(selected.iter().step_by(stride).map(Val::Json));
    }
    Ok(results)
}

/// The children `*` and `..` see: object values in sorted key order, list elements, and the
/// bytes of a string.
fn children<'a>(value: &Val<'a>) -> Vec<Val<'a>> {
    match value {
        Val::Json(Value::Object(map)) => gofmt::sorted_entries(map)
            .into_iter()
            .map(|(_, child)| Val::Json(child))
            .collect(),
        Val::Json(Value::Array(items)) => items.iter().map(Val::Json).collect(),
        Val::Json(Value::String(text)) => text.bytes().map(Val::Byte).collect(),
        Val::Text(text) => text.bytes().map(Val::Byte).collect(),
        _ => Vec::new(),
    }
}

fn eval_wildcard<'a>(input: &[Val<'a>]) -> Vec<Val<'a>> {
    input.iter().flat_map(children).collect()
}

/// Every value with at least one child, in pre-order: client-go's `evalRecursive`, run on an
/// explicit stack.
fn eval_recursive<'a>(input: &[Val<'a>]) -> Vec<Val<'a>> {
    let mut results = Vec::new();
    let mut stack: Vec<Val<'a>> = input.iter().rev().cloned().collect();
    while let Some(value) = stack.pop() {
        let has_children = match &value {
            Val::Json(Value::Object(map)) => !map.is_empty(),
            Val::Json(Value::Array(items)) => !items.is_empty(),
            Val::Json(Value::String(text)) => !text.is_empty(),
            Val::Text(text) => !text.is_empty(),
            _ => false,
        };
        if !has_children {
            continue;
        }
        // A string's children are bytes, which have no children: no need to visit them.
        let is_string = matches!(value, Val::Json(Value::String(_)) | Val::Text(_));
        if !is_string {
            stack.extend(children(&value).into_iter().rev());
        }
        results.push(value);
    }
    results
}

// ---------------------------------------------------------------------------------------------
// Parsing: client-go's recursive-descent scanner, run as a loop.

/// End of input, as the scanner reports it.
const EOF: Option<char> = None;

struct Scanner<'t> {
    input: &'t str,
    position: usize,
    start: usize,
    /// Byte width of the last character returned by `next`, for `backup`.
    width: usize,
}

impl<'t> Scanner<'t> {
    fn new(input: &'t str) -> Scanner<'t> {
        Scanner {
            input,
            position: 0,
            start: 0,
            width: 0,
        }
    }

    fn rest(&self) -> &'t str {
        self.input.get(self.position..).unwrap_or("")
    }

    fn next(&mut self) -> Option<char> {
        match self.rest().chars().next() {
            Some(character) => {
                self.width = character.len_utf8();
                self.position += self.width;
                Some(character)
            }
            None => {
                self.width = 0;
                EOF
            }
        }
    }

    fn peek(&mut self) -> Option<char> {
        self.rest().chars().next()
    }

    fn backup(&mut self) {
        self.position -= self.width;
    }

    fn consume_text(&mut self) -> &'t str {
        let text = self.input.get(self.start..self.position).unwrap_or("");
        self.start = self.position;
        text
    }

    /// The byte two before the current position (client-go's escape check `input[pos-2]`).
    fn byte_before_last(&self) -> Option<u8> {
        self.position
            .checked_sub(2)
            .and_then(|index| self.input.as_bytes().get(index).copied())
    }
}

fn is_space(character: char) -> bool {
    character == ' ' || character == '\t'
}

fn is_end_of_line(character: char) -> bool {
    character == '\r' || character == '\n'
}

fn is_go_digit(character: char) -> bool {
    character.is_ascii_digit() || (!character.is_ascii() && character.is_numeric())
}

fn is_alphanumeric(character: char) -> bool {
    character == '_' || character.is_alphabetic() || is_go_digit(character)
}

/// Whether `character` (or end of input) may end an identifier or field name.
fn is_terminator(character: Option<char>) -> bool {
    match character {
        None => true,
        Some(character) => {
            is_space(character)
                || is_end_of_line(character)
                || matches!(character, '.' | ',' | '[' | ']' | '$' | '@' | '{' | '}')
        }
    }
}

/// Go's `%#U`: `U+002A '*'`, or `U+0009` for a character that does not print.
fn go_unicode_format(character: char) -> String {
    if gofmt::is_go_printable(character) {
        format!("U+{:04X} '{character}'", character as u32)
    } else {
        format!("U+{:04X}", character as u32)
    }
}

/// client-go's `Parse`: the top-level nodes (text nodes and one list node per action).
fn parse_template(template: &str, nesting: usize) -> Result<Vec<Node>, String> {
    if nesting > NESTING_MAX {
        return Err(format!(
            "jsonpath: template nested more than {NESTING_MAX} deep"
        ));
    }
    let mut scanner = Scanner::new(template);
    let mut root: Vec<Node> = Vec::new();
    loop {
        // parseText: copy text up to the next `{`.
        loop {
            if scanner.rest().starts_with('{') {
                break;
            }
            if scanner.next() == EOF {
                if scanner.position > scanner.start {
                    root.push(Node::Text(scanner.consume_text().to_string()));
                }
                return Ok(root);
            }
        }
        if scanner.position > scanner.start {
            root.push(Node::Text(scanner.consume_text().to_string()));
        }
        // parseLeftDelim
        scanner.position += 1;
        scanner.consume_text();
        let mut action: Vec<Node> = Vec::new();
        let result = parse_inside_action(&mut scanner, &mut action, nesting);
        root.push(Node::List(action));
        result?;
    }
}

/// client-go's `parseInsideAction` and the scanners it calls, until the closing `}` (which it
/// consumes) or an error.
fn parse_inside_action(
    scanner: &mut Scanner<'_>,
    current: &mut Vec<Node>,
    nesting: usize,
) -> Result<(), String> {
    loop {
        let rest = scanner.rest();
        if rest.starts_with('}') {
            scanner.position += 1;
            scanner.consume_text();
            return Ok(());
        }
        if rest.starts_with("[?(") {
            parse_filter(scanner, current, nesting)?;
            continue;
        }
        if rest.starts_with("..") {
            if matches!(current.last(), Some(Node::Recursive)) {
                return Err("invalid multiple recursive descent".to_string());
            }
            scanner.position += 2;
            scanner.consume_text();
            current.push(Node::Recursive);
            if scanner.peek().is_some_and(is_alphanumeric) {
                parse_field(scanner, current);
            }
            continue;
        }
        match scanner.next() {
            None => return Err("unclosed action".to_string()),
            Some(character) if is_end_of_line(character) => {
                return Err("unclosed action".to_string())
            }
            Some(' ' | '@' | '$') => {
                scanner.consume_text();
            }
            Some('[') => parse_array(scanner, current, nesting)?,
            Some(quote @ ('"' | '\'')) => parse_quote(scanner, current, quote)?,
            Some('.') => parse_field(scanner, current),
            Some(character) if character == '+' || character == '-' || is_go_digit(character) => {
                scanner.backup();
                parse_number(scanner, current)?;
            }
            Some(character) if is_alphanumeric(character) => {
                scanner.backup();
                parse_identifier(scanner, current);
            }
            Some(character) => {
                return Err(format!(
                    "unrecognized character in action: {}",
                    go_unicode_format(character)
                ))
            }
        }
    }
}

/// client-go's `parseAction`: parses `{text}` on its own and returns the action's nodes.
fn parse_action(text: &str, nesting: usize) -> Result<Vec<Node>, String> {
    let nodes = parse_template(&format!("{{{text}}}"), nesting + 1)?;
    match nodes.into_iter().next() {
        Some(Node::List(action)) => Ok(action),
        _ => Ok(Vec::new()),
    }
}

fn parse_identifier(scanner: &mut Scanner<'_>, current: &mut Vec<Node>) {
    loop {
        let character = scanner.next();
        if is_terminator(character) {
            scanner.backup();
            break;
        }
    }
    let value = scanner.consume_text();
    match value {
        "true" => current.push(Node::Bool(true)),
        "false" => current.push(Node::Bool(false)),
        _ => current.push(Node::Identifier(value.to_string())),
    }
}

fn parse_number(scanner: &mut Scanner<'_>, current: &mut Vec<Node>) -> Result<(), String> {
    if matches!(scanner.peek(), Some('+' | '-')) {
        scanner.next();
    }
    loop {
        match scanner.next() {
            Some(character) if character == '.' || is_go_digit(character) => {}
            _ => {
                scanner.backup();
                break;
            }
        }
    }
    let value = scanner.consume_text();
    if let Some(integer) = go_atoi(value) {
        current.push(Node::Int(integer));
        return Ok(());
    }
    if let Some(float) = go_parse_float(value) {
        current.push(Node::Float(float));
        return Ok(());
    }
    Err(format!("cannot parse number {value}"))
}

/// Go's `strconv.Atoi` for a 64-bit `int`.
fn go_atoi(text: &str) -> Option<i64> {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    text.parse::<i64>().ok()
}

/// Go's `strconv.ParseFloat(text, 64)` for the characters a number token can hold (sign,
/// digits, points).
fn go_parse_float(text: &str) -> Option<f64> {
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    let valid = !unsigned.is_empty()
        && unsigned
            .bytes()
            .all(|byte| byte.is_ascii_digit() || byte == b'.')
        && unsigned.bytes().filter(|byte| *byte == b'.').count() <= 1
        && unsigned.bytes().any(|byte| byte.is_ascii_digit());
    if !valid {
        return None;
    }
    // Go reports a range error (and kubectl a parse error) where Rust would give infinity.
    text.parse::<f64>().ok().filter(|value| value.is_finite())
}

fn parse_array(
    scanner: &mut Scanner<'_>,
    current: &mut Vec<Node>,
    nesting: usize,
) -> Result<(), String> {
    loop {
        match scanner.next() {
            None | Some('\n') => return Err("unterminated array".to_string()),
            Some(']') => break,
            Some(_) => {}
        }
    }
    let consumed = scanner.consume_text();
    let mut text = consumed
        .get(1..consumed.len().saturating_sub(1))
        .unwrap_or("");
    if text == "*" {
        text = ":";
    }

    let parts: Vec<&str> = text.split(',').collect();
    if parts.len() > 1 {
        let mut union = Vec::with_capacity(parts.len());
        for part in parts {
            union.push(parse_action(
                &format!("[{}]", part.trim_matches(' ')),
                nesting,
            )?);
        }
        current.push(Node::Union(union));
        return Ok(());
    }

    if let Some(key) = text
        .strip_prefix('\'')
        .and_then(|inner| inner.strip_suffix('\''))
        .filter(|key| !key.contains('\''))
    {
        current.extend(parse_action(&format!(".{key}"), nesting)?);
        return Ok(());
    }

    let Some(pieces) = split_slice(text) else {
        return Err(format!("invalid array index {text}"));
    };
    let mut params = [ArrayParam::default(); 3];
    for index in 0..3 {
        match pieces[index] {
            Some(piece) => {
                let number = if index > 0 { &piece[1..] } else { piece };
                if index > 0 && number.is_empty() {
                    params[index].known = false;
                } else {
                    params[index].known = true;
                    params[index].value = go_atoi(number)
                        .ok_or_else(|| format!("array index {number} is not a number"))?;
                }
            }
            None if index == 1 => {
                params[1] = ArrayParam {
                    value: params[0].value.wrapping_add(1),
                    known: true,
                    derived: true,
                };
            }
            None => {
                params[index].known = false;
                params[index].value = 0;
            }
        }
    }
    current.push(Node::Array(params));
    Ok(())
}

/// Matches `^(-?[0-9]*)(:-?[0-9]*)?(:-?[0-9]*)?$` and returns its three groups, with an empty
/// first group and absent later groups as `None` (Go's empty submatch).
fn split_slice(text: &str) -> Option<[Option<&str>; 3]> {
    let pieces: Vec<&str> = text.split(':').collect();
    if pieces.len() > 3 {
        return None;
    }
    let valid_number = |piece: &str| {
        let digits = piece.strip_prefix('-').unwrap_or(piece);
        digits.bytes().all(|byte| byte.is_ascii_digit())
    };
    if !pieces.iter().all(|piece| valid_number(piece)) {
        return None;
    }
    let mut groups: [Option<&str>; 3] = [None, None, None];
    let mut offset = 0;
    for (index, piece) in pieces.iter().enumerate() {
        let group_start = if index == 0 { 0 } else { offset - 1 };
        let group_end = offset + piece.len();
        let group = &text[group_start..group_end];
        groups[index] = (!group.is_empty()).then_some(group);
        offset = group_end + 1;
    }
    Some(groups)
}

fn parse_filter(
    scanner: &mut Scanner<'_>,
    current: &mut Vec<Node>,
    nesting: usize,
) -> Result<(), String> {
    scanner.position += 3;
    scanner.consume_text();
    let mut begin = false;
    let mut end = false;
    let mut pair = '"';
    loop {
        let character = scanner.next();
        match character {
            None | Some('\n') => return Err("unterminated filter".to_string()),
            Some(quote @ ('"' | '\'')) => {
                if !begin {
                    begin = true;
                    pair = quote;
                    continue;
                }
                if scanner.byte_before_last() != Some(b'\\') && quote == pair {
                    end = true;
                }
            }
            Some(')') => {
                if begin == end {
                    break;
                }
            }
            Some(_) => {}
        }
    }
    if scanner.next() != Some(']') {
        return Err("unclosed array expect ]".to_string());
    }
    let consumed = scanner.consume_text();
    let text = consumed
        .get(..consumed.len().saturating_sub(2))
        .unwrap_or("");
    match split_comparison(text) {
        None => {
            let left = parse_action(text, nesting)?;
            current.push(Node::Filter {
                left,
                right: Vec::new(),
                operator: "exists".to_string(),
            });
        }
        Some((left, operator, right)) => {
            let left = parse_action(left, nesting)?;
            let right = parse_action(right, nesting)?;
            current.push(Node::Filter {
                left,
                right,
                operator: operator.to_string(),
            });
        }
    }
    Ok(())
}

/// Matches `^([^!<>=]+)([!<>=]+)(.+?)$` (Go RE2, leftmost-first): the left operand, the
/// operator and the right operand of a filter.
fn split_comparison(text: &str) -> Option<(&str, &str, &str)> {
    let is_operator = |byte: u8| matches!(byte, b'!' | b'<' | b'>' | b'=');
    let bytes = text.as_bytes();
    let operator_start = bytes.iter().position(|byte| is_operator(*byte))?;
    if operator_start == 0 || text.contains('\n') {
        return None;
    }
    let run = bytes[operator_start..]
        .iter()
        .take_while(|byte| is_operator(**byte))
        .count();
    let mut operator_end = operator_start + run;
    if operator_end == bytes.len() {
        // The right operand needs at least one character: give back the last operator byte.
        if run < 2 {
            return None;
        }
        operator_end -= 1;
    }
    Some((
        &text[..operator_start],
        &text[operator_start..operator_end],
        &text[operator_end..],
    ))
}

fn parse_quote(
    scanner: &mut Scanner<'_>,
    current: &mut Vec<Node>,
    quote: char,
) -> Result<(), String> {
    loop {
        match scanner.next() {
            None | Some('\n') => return Err("unterminated quoted string".to_string()),
            Some(character) if character == quote => {
                if scanner.byte_before_last() != Some(b'\\') {
                    break;
                }
            }
            Some(_) => {}
        }
    }
    let value = scanner.consume_text();
    let text = unquote_extend(value)
        .ok_or_else(|| format!("unquote string {value} error invalid syntax"))?;
    current.push(Node::Text(text));
    Ok(())
}

fn parse_field(scanner: &mut Scanner<'_>, current: &mut Vec<Node>) {
    scanner.consume_text();
    loop {
        let character = scanner.next();
        if character == Some('\\') {
            scanner.next();
        } else if is_terminator(character) {
            scanner.backup();
            break;
        }
    }
    let value = scanner.consume_text();
    if value == "*" {
        current.push(Node::Wildcard);
    } else {
        current.push(Node::Field(value.replace('\\', "")));
    }
}

/// client-go's `UnquoteExtend`: `strconv.Unquote` that also accepts single-quoted strings.
fn unquote_extend(quoted: &str) -> Option<String> {
    let bytes = quoted.as_bytes();
    if bytes.len() < 2 {
        return None;
    }
    let quote = bytes[0];
    if quote != bytes[bytes.len() - 1] || (quote != b'"' && quote != b'\'') {
        return None;
    }
    let inner = &quoted[1..quoted.len() - 1];
    if !inner.contains('\\') && !inner.contains(char::from(quote)) {
        return Some(inner.to_string());
    }
    let mut out: Vec<u8> = Vec::with_capacity(inner.len());
    let mut rest = inner;
    while !rest.is_empty() {
        let (piece, remaining) = unquote_char(rest, char::from(quote))?;
        match piece {
            Unquoted::Char(character) => {
                let mut buffer = [0u8; 4];
                out.extend_from_slice(character.encode_utf8(&mut buffer).as_bytes());
            }
            Unquoted::Byte(byte) => out.push(byte),
        }
        rest = remaining;
    }
    Some(String::from_utf8_lossy(&out).into_owned())
}

enum Unquoted {
    Char(char),
    Byte(u8),
}

/// Go's `strconv.UnquoteChar`.
fn unquote_char(text: &str, quote: char) -> Option<(Unquoted, &str)> {
    let first = text.chars().next()?;
    if first == quote && (quote == '\'' || quote == '"') {
        return None;
    }
    if !first.is_ascii() {
        return Some((Unquoted::Char(first), &text[first.len_utf8()..]));
    }
    if first != '\\' {
        return Some((Unquoted::Byte(first as u8), &text[1..]));
    }
    let bytes = text.as_bytes();
    if bytes.len() <= 1 {
        return None;
    }
    let escape = bytes[1];
    if !escape.is_ascii() {
        // `\` followed by a multi-byte character is not an escape Go knows.
        return None;
    }
    let rest = &text[2..];
    let simple = |byte: u8| Some((Unquoted::Byte(byte), rest));
    match escape {
        b'a' => simple(7),
        b'b' => simple(8),
        b'f' => simple(12),
        b'n' => simple(b'\n'),
        b'r' => simple(b'\r'),
        b't' => simple(b'\t'),
        b'v' => simple(11),
        b'\\' => simple(b'\\'),
        b'x' | b'u' | b'U' => {
            let digits = match escape {
                b'x' => 2,
                b'u' => 4,
                _ => 8,
            };
            let hex = rest.get(..digits)?;
            if !hex.bytes().all(|byte| byte.is_ascii_hexdigit()) {
                return None;
            }
            let value = u32::from_str_radix(hex, 16).ok()?;
            let remaining = &rest[digits..];
            if escape == b'x' {
                return Some((Unquoted::Byte(value as u8), remaining));
            }
            Some((Unquoted::Char(char::from_u32(value)?), remaining))
        }
        b'0'..=b'7' => {
            let octal = rest.get(..2)?;
            let mut value = u32::from(escape - b'0');
            for byte in octal.bytes() {
                if !(b'0'..=b'7').contains(&byte) {
                    return None;
                }
                value = value * 8 + u32::from(byte - b'0');
            }
            if value > 255 {
                return None;
            }
            Some((Unquoted::Byte(value as u8), &rest[2..]))
        }
        b'\'' | b'"' => {
            if char::from(escape) != quote {
                return None;
            }
            simple(escape)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::expect;
    use proptest::prelude::*;
    use serde_json::json;

    /// A compact dump of the parse tree, in the order client-go's parser tests list nodes.
    fn dump(nodes: &[Node]) -> String {
        nodes.iter().map(dump_node).collect::<Vec<_>>().join(" ")
    }

    fn dump_node(node: &Node) -> String {
        match node {
            Node::List(nodes) => format!("List({})", dump(nodes)),
            Node::Text(text) => format!("Text({text:?})"),
            Node::Field(name) => format!("Field({name:?})"),
            Node::Identifier(name) => format!("Identifier({name})"),
            Node::Array(params) => format!(
                "Array({})",
                params
                    .iter()
                    .map(|param| format!(
                        "{}{}{}",
                        param.value,
                        if param.known { "" } else { "?" },
                        if param.derived { "d" } else { "" }
                    ))
                    .collect::<Vec<_>>()
                    .join(",")
            ),
            Node::Filter {
                left,
                right,
                operator,
            } => format!("Filter({} {operator} {})", dump(left), dump(right)),
            Node::Int(value) => format!("Int({value})"),
            Node::Float(value) => format!("Float({value})"),
            Node::Bool(value) => format!("Bool({value})"),
            Node::Wildcard => "Wildcard".to_string(),
            Node::Recursive => "Recursive".to_string(),
            Node::Union(lists) => format!(
                "Union({})",
                lists
                    .iter()
                    .map(|list| dump(list))
                    .collect::<Vec<_>>()
                    .join(" | ")
            ),
        }
    }

    fn parse_dump(templates: &[&str]) -> String {
        templates
            .iter()
            .map(|template| match parse_template(template, 0) {
                Ok(nodes) => format!("{template}\n  {}\n", dump(&nodes)),
                Err(error) => format!("{template}\n  error: {error}\n"),
            })
            .collect()
    }

    /// Runs templates against data with the given missing-key mode, one line per template.
    fn run(data: &Value, allow_missing_keys: bool, templates: &[&str]) -> String {
        templates
            .iter()
            .map(|template| {
                let outcome = JsonPath::parse(template)
                    .and_then(|path| path.allow_missing_keys(allow_missing_keys).execute(data));
                match outcome {
                    Ok(text) => format!("{template}\n  => {text:?}\n"),
                    Err(error) => format!("{template}\n  !! {error}\n"),
                }
            })
            .collect()
    }

    #[test]
    fn parser_builds_client_go_trees() {
        expect![[r#"
            hello jsonpath
              Text("hello jsonpath")
            hello {.jsonpath}
              Text("hello ") List(Field("jsonpath"))
            hello {['jsonpath']}
              Text("hello ") List(Field("jsonpath"))
            {"{"}
              List(Text("{"))
            {[1:3]}
              List(Array(1,3,0?))
            {.book[*].author}
              List(Field("book") Array(0?,0?,0?) Field("author"))
            {.bicycle.*}
              List(Field("bicycle") Wildcard)
            {[?(@.price<3)]}
              List(Filter(Field("price") < Int(3)))
            {..}
              List(Recursive)
            {..price}
              List(Recursive Field("price"))
            {['book.price']}
              List(Field("book") Field("price"))
            {['bicycle.price', 3, 'book.price']}
              List(Union(Field("bicycle") Field("price") | Array(3,4d,0?) | Field("book") Field("price")))
            {range .items}{.name},{end}
              List(Identifier(range) Field("items")) List(Field("name")) Text(",") List(Identifier(end))
            {[?(@.status.nodeInfo.osImage == "()")]}
              List(Filter(Field("status") Field("nodeInfo") Field("osImage") == Text("()")))
            {[?(@.status.nodeInfo.osImage == "(\"\")")]}
              List(Filter(Field("status") Field("nodeInfo") Field("osImage") == Text("(\"\")")))
            {[?(@.test == "())(")]}
              List(Filter(Field("test") == Text("())(")))
            {[?(@.status.nodeInfo.osImage == 'Linux')]}
              List(Filter(Field("status") Field("nodeInfo") Field("osImage") == Text("Linux")))
            {[?(@.status.nodeInfo.osImage == "{[()]}")]}
              List(Filter(Field("status") Field("nodeInfo") Field("osImage") == Text("{[()]}")))
            {[?(@.status.nodeInfo.osImage == "''")]}
              List(Filter(Field("status") Field("nodeInfo") Field("osImage") == Text("''")))
            {[?(@.status.nodeInfo.osImage == '""')]}
              List(Filter(Field("status") Field("nodeInfo") Field("osImage") == Text("\"\"")))
            {[?(@.status.nodeInfo.osImage == '\\\'')]}
              List(Filter(Field("status") Field("nodeInfo") Field("osImage") == Text("\\'")))
            {[-5:]}
              List(Array(-5,0?,0?))
            {[-1]}
              List(Array(-1,0d,0?))
            {[1:-1]}
              List(Array(1,-1,0?))
            {[]}
              List(Array(0?,1d,0?))
            {.metadata.labels.app\.kubernetes\.io/name}
              List(Field("metadata") Field("labels") Field("app.kubernetes.io/name"))
            {true}{false}{12}{-3}{+1.5}{1.}
              List(Bool(true)) List(Bool(false)) List(Int(12)) List(Int(-3)) List(Float(1.5)) List(Float(1))
            {.a}{"\t"}{'b\n'}{"\x41\u00e9\101"}
              List(Field("a")) List(Text("\t")) List(Text("b\n")) List(Text("AéA"))
            {.items[?(@.x)]}
              List(Field("items") Filter(Field("x") exists ))
            {[?(@.a==)]}
              error: unrecognized character in action: U+003D '='
            {[?(@.a===)]}
              error: unrecognized character in action: U+003D '='
        "#]]
        .assert_eq(&parse_dump(&[
            "hello jsonpath",
            "hello {.jsonpath}",
            "hello {['jsonpath']}",
            r#"{"{"}"#,
            "{[1:3]}",
            "{.book[*].author}",
            "{.bicycle.*}",
            "{[?(@.price<3)]}",
            "{..}",
            "{..price}",
            "{['book.price']}",
            "{['bicycle.price', 3, 'book.price']}",
            "{range .items}{.name},{end}",
            r#"{[?(@.status.nodeInfo.osImage == "()")]}"#,
            r#"{[?(@.status.nodeInfo.osImage == "(\"\")")]}"#,
            r#"{[?(@.test == "())(")]}"#,
            r#"{[?(@.status.nodeInfo.osImage == 'Linux')]}"#,
            r#"{[?(@.status.nodeInfo.osImage == "{[()]}")]}"#,
            r#"{[?(@.status.nodeInfo.osImage == "''")]}"#,
            r#"{[?(@.status.nodeInfo.osImage == '""')]}"#,
            r#"{[?(@.status.nodeInfo.osImage == '\\\'')]}"#,
            "{[-5:]}",
            "{[-1]}",
            "{[1:-1]}",
            "{[]}",
            "{.metadata.labels.app\\.kubernetes\\.io/name}",
            "{true}{false}{12}{-3}{+1.5}{1.}",
            "{.a}{\"\\t\"}{'b\\n'}{\"\\x41\\u00e9\\101\"}",
            "{.items[?(@.x)]}",
            "{[?(@.a==)]}",
            "{[?(@.a===)]}",
        ]));
    }

    #[test]
    fn parser_errors_match_client_go() {
        expect![[r#"
            {.hello
              error: unclosed action
            {*}
              error: unrecognized character in action: U+002A '*'
            {+12.3.0}
              error: cannot parse number +12.3.0
            {[1}
              error: unterminated array
            {[?(.price]}
              error: unterminated filter
            {........}
              error: invalid multiple recursive descent
            {\\\}
              error: unrecognized character in action: U+005C '\'
            {.a, unclosed
              error: unrecognized character in action: U+002C ','
            {.a
            }
              error: unclosed action
            {	}
              error: unrecognized character in action: U+0009
            {-}
              error: cannot parse number -
            {[a]}
              error: invalid array index a
            {[1:2:3:4]}
              error: invalid array index 1:2:3:4
            {[99999999999999999999]}
              error: array index 99999999999999999999 is not a number
            {[?(@.a==1)x}
              error: unclosed array expect ]
            {"open}
              error: unterminated quoted string
            {"\q"}
              error: unquote string "\q" error invalid syntax
            {"\é"}
              error: unquote string "\é" error invalid syntax
            {'"'}
              List(Text("\""))
            {[?(@.a=="x")
              error: unclosed array expect ]
            {['a,b']}
              error: invalid array index 'a
            {[?(@.a[?(@.b==1)]==2)]}
              error: unterminated filter
            {é}
              List(Identifier(é))
            {}
              error: unrecognized character in action: U+0007
        "#]]
        .assert_eq(&parse_dump(&[
            "{.hello",
            "{*}",
            "{+12.3.0}",
            "{[1}",
            "{[?(.price]}",
            "{........}",
            "{\\\\\\}",
            "{.a, unclosed",
            "{.a\n}",
            "{\t}",
            "{-}",
            "{[a]}",
            "{[1:2:3:4]}",
            "{[99999999999999999999]}",
            "{[?(@.a==1)x}",
            "{\"open}",
            "{\"\\q\"}",
            "{\"\\é\"}",
            "{'\"'}",
            "{[?(@.a==\"x\")",
            "{['a,b']}",
            "{[?(@.a[?(@.b==1)]==2)]}",
            "{é}",
            "{\u{7}}",
        ]));
    }

    fn sample_pods() -> Value {
        json!({
            "apiVersion": "v1",
            "kind": "List",
            "metadata": {"resourceVersion": ""},
            "items": [
                {
                    "apiVersion": "v1",
                    "kind": "Pod",
                    "metadata": {
                        "name": "web-0",
                        "namespace": "default",
                        "labels": {"app": "nginx", "app.kubernetes.io/name": "web"},
                        "annotations": {"note": "a<b>&c"}
                    },
                    "spec": {
                        "containers": [{"name": "nginx", "image": "registry.k8s.io/nginx-slim:0.24",
                                        "ports": [{"containerPort": 80, "name": "web"}]}],
                        "nodeName": "k8s-node1"
                    },
                    "status": {
                        "phase": "Running",
                        "podIP": "10.244.1.5",
                        "conditions": [{"type": "Ready", "status": "True"}],
                        "containerStatuses": [{"name": "nginx", "ready": true, "restartCount": 0}]
                    }
                },
                {
                    "apiVersion": "v1",
                    "kind": "Pod",
                    "metadata": {
                        "name": "web-1",
                        "namespace": "default",
                        "labels": {"app": "nginx", "app.kubernetes.io/name": "web"}
                    },
                    "spec": {
                        "containers": [{"name": "nginx", "image": "registry.k8s.io/nginx-slim:0.24"}],
                        "nodeName": "k8s-node2"
                    },
                    "status": {
                        "phase": "Pending",
                        "conditions": [{"type": "Ready", "status": "False"}],
                        "containerStatuses": [{"name": "nginx", "ready": false, "restartCount": 3}]
                    }
                },
                {
                    "apiVersion": "v1",
                    "kind": "Pod",
                    "metadata": {"name": "client", "namespace": "default"},
                    "spec": {"containers": [{"name": "busybox", "image": "busybox:1.36"}]},
                    "status": {"phase": "Succeeded", "ratio": 0.5, "big": 1234567.0}
                }
            ]
        })
    }

    #[test]
    fn pod_list_queries_print_like_kubectl() {
        expect![[r#"
            {.items[*].metadata.name}
              => "web-0 web-1 client"
            {.items[0].metadata.name}
              => "web-0"
            {.items[-1].metadata.name}
              => "client"
            {.items[0:2].metadata.name}
              => "web-0 web-1"
            {.items[::2].metadata.name}
              => "web-0 client"
            {.items[0,2].metadata.name}
              => "web-0 client"
            {.items[*]['metadata.name', 'status.phase']}
              => "web-0 web-1 client Running Pending Succeeded"
            {range .items[*]}{.metadata.name}{"\t"}{.status.phase}{"\n"}{end}
              => "web-0\tRunning\nweb-1\tPending\nclient\tSucceeded\n"
            {range .items[*]}{.metadata.name}:{range .spec.containers[*]}{.image},{end}{"\n"}{end}
              => "web-0:registry.k8s.io/nginx-slim:0.24,\nweb-1:registry.k8s.io/nginx-slim:0.24,\nclient:busybox:1.36,\n"
            {.items[?(@.status.phase=="Running")].metadata.name}
              => "web-0"
            {.items[?(@.status.phase!='Running')].metadata.name}
              => "web-1 client"
            {.items[?(@.status.podIP)].metadata.name}
              => "web-0"
            {.items[?(@.status.containerStatuses[0].restartCount>0)].metadata.name}
              => "web-1"
            {.items[?(@.status.containerStatuses[0].restartCount<=0)].metadata.name}
              => "web-0"
            {.items[?(@.status.containerStatuses[0].ready==true)].metadata.name}
              => "web-0"
            {.items[?(@.metadata.name>="web")].metadata.name}
              => "web-0 web-1"
            {.items[0].metadata.labels.app\.kubernetes\.io/name}
              => "web"
            {.items[0].metadata.labels['app.kubernetes.io/name']}
              => ""
            {.items[0].metadata.labels['app\.kubernetes\.io/name']}
              => "web"
            {.items[0].metadata.labels}
              => "{\"app\":\"nginx\",\"app.kubernetes.io/name\":\"web\"}"
            {.items[0].metadata.annotations}
              => "{\"note\":\"a\\u003cb\\u003e\\u0026c\"}"
            {.items[0].spec.containers[0].ports[0].containerPort}
              => "80"
            {.items[2].status.ratio} {.items[2].status.big}
              => "0.5 1.234567e+06"
            {.items[0].metadata.labels.*}
              => "nginx web"
            {..podIP}
              => "10.244.1.5"
            {.items[0]..name}
              => "web-0 nginx web nginx"
            {.items[*].status.missing}
              => ""
            before-{.nothing}-after
              => "before--after"
            {.kind}{"\n"}
              => "List\n"
            {.items[1].status.containerStatuses}
              => "[{\"name\":\"nginx\",\"ready\":false,\"restartCount\":3}]"
            {.items[0].metadata.name.*}
              => "119 101 98 45 48"
            {@.kind} {$.kind}
              => "List List"
            {.metadata}
              => "{\"resourceVersion\":\"\"}"
            plain text only
              => "plain text only"
            {.items[*].spec.containers[0:0]}
              => ""
        "#]]
        .assert_eq(&run(
            &sample_pods(),
            true,
            &[
                "{.items[*].metadata.name}",
                "{.items[0].metadata.name}",
                "{.items[-1].metadata.name}",
                "{.items[0:2].metadata.name}",
                "{.items[::2].metadata.name}",
                "{.items[0,2].metadata.name}",
                "{.items[*]['metadata.name', 'status.phase']}",
                "{range .items[*]}{.metadata.name}{\"\\t\"}{.status.phase}{\"\\n\"}{end}",
                "{range .items[*]}{.metadata.name}:{range .spec.containers[*]}{.image},{end}{\"\\n\"}{end}",
                "{.items[?(@.status.phase==\"Running\")].metadata.name}",
                "{.items[?(@.status.phase!='Running')].metadata.name}",
                "{.items[?(@.status.podIP)].metadata.name}",
                "{.items[?(@.status.containerStatuses[0].restartCount>0)].metadata.name}",
                "{.items[?(@.status.containerStatuses[0].restartCount<=0)].metadata.name}",
                "{.items[?(@.status.containerStatuses[0].ready==true)].metadata.name}",
                "{.items[?(@.metadata.name>=\"web\")].metadata.name}",
                "{.items[0].metadata.labels.app\\.kubernetes\\.io/name}",
                "{.items[0].metadata.labels['app.kubernetes.io/name']}",
                "{.items[0].metadata.labels['app\\.kubernetes\\.io/name']}",
                "{.items[0].metadata.labels}",
                "{.items[0].metadata.annotations}",
                "{.items[0].spec.containers[0].ports[0].containerPort}",
                "{.items[2].status.ratio} {.items[2].status.big}",
                "{.items[0].metadata.labels.*}",
                "{..podIP}",
                "{.items[0]..name}",
                "{.items[*].status.missing}",
                "before-{.nothing}-after",
                "{.kind}{\"\\n\"}",
                "{.items[1].status.containerStatuses}",
                "{.items[0].metadata.name.*}",
                "{@.kind} {$.kind}",
                "{.metadata}",
                "plain text only",
                "{.items[*].spec.containers[0:0]}",
            ],
        ));
    }

    #[test]
    fn evaluation_errors_match_client_go() {
        expect![[r#"
            {.items[5]}
              !! array index out of bounds: index 5, length 3
            {.items[-4]}
              !! array index out of bounds: index -1, length 3
            {.items[2:1]}
              !! starting index 2 is greater than ending index 1
            {.items[0:3:0]}
              !! step must be > 0
            {.kind[0]}
              !! string is not array or slice
            {.metadata[0]}
              !! map[string]interface {} is not array or slice
            {.kind[?(@.x)]}
              !! List is not array or slice and cannot be filtered
            {.metadata[?(@.x)]}
              !! map[resourceVersion:] is not array or slice and cannot be filtered
            {hello}
              !! unrecognized identifier hello
            {end}
              !! not in range, nothing to end
            {range .items[*]}{.metadata.name}{end}{end}
              !! not in range, nothing to end
            {.items[?(@.status.phase<>"x")]}
              !! unrecognized filter operator <>
            {.items[?(@.status.phase="x")]}
              !! unrecognized filter operator =
            {.items[?(@.status.phase>1)]}
              !! incompatible types for comparison
            {.items[?(@.metadata>1)]}
              !! invalid type for comparison
            {.items[?(@.status.containerStatuses[0].ready<true)]}
              !! invalid type for comparison
            {.items[?(@.spec.containers[*].name=="nginx")]}
              => "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"annotations\":{\"note\":\"a\\u003cb\\u003e\\u0026c\"},\"labels\":{\"app\":\"nginx\",\"app.kubernetes.io/name\":\"web\"},\"name\":\"web-0\",\"namespace\":\"default\"},\"spec\":{\"containers\":[{\"image\":\"registry.k8s.io/nginx-slim:0.24\",\"name\":\"nginx\",\"ports\":[{\"containerPort\":80,\"name\":\"web\"}]}],\"nodeName\":\"k8s-node1\"},\"status\":{\"conditions\":[{\"status\":\"True\",\"type\":\"Ready\"}],\"containerStatuses\":[{\"name\":\"nginx\",\"ready\":true,\"restartCount\":0}],\"phase\":\"Running\",\"podIP\":\"10.244.1.5\"}} {\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"labels\":{\"app\":\"nginx\",\"app.kubernetes.io/name\":\"web\"},\"name\":\"web-1\",\"namespace\":\"default\"},\"spec\":{\"containers\":[{\"image\":\"registry.k8s.io/nginx-slim:0.24\",\"name\":\"nginx\"}],\"nodeName\":\"k8s-node2\"},\"status\":{\"conditions\":[{\"status\":\"False\",\"type\":\"Ready\"}],\"containerStatuses\":[{\"name\":\"nginx\",\"ready\":false,\"restartCount\":3}],\"phase\":\"Pending\"}}"
            {.items[?(@.status.ratio>1)].metadata.name}
              !! incompatible types for comparison
        "#]]
        .assert_eq(&run(
            &sample_pods(),
            true,
            &[
                "{.items[5]}",
                "{.items[-4]}",
                "{.items[2:1]}",
                "{.items[0:3:0]}",
                "{.kind[0]}",
                "{.metadata[0]}",
                "{.kind[?(@.x)]}",
                "{.metadata[?(@.x)]}",
                "{hello}",
                "{end}",
                "{range .items[*]}{.metadata.name}{end}{end}",
                "{.items[?(@.status.phase<>\"x\")]}",
                "{.items[?(@.status.phase=\"x\")]}",
                "{.items[?(@.status.phase>1)]}",
                "{.items[?(@.metadata>1)]}",
                "{.items[?(@.status.containerStatuses[0].ready<true)]}",
                "{.items[?(@.spec.containers[*].name==\"nginx\")]}",
                "{.items[?(@.status.ratio>1)].metadata.name}",
            ],
        ));
    }

    #[test]
    fn strict_mode_reports_missing_keys() {
        expect![[r#"
            {.items[*].status.podIP}
              => "10.244.1.5"
            {.nothing}
              !! nothing is not found
            {.items[?(@.status.podIP)].metadata.name}
              => "web-0"
            {.items[?(@.status.podIP=="10.244.1.5")].metadata.name}
              !! podIP is not found
            {range .items[*]}{.status.podIP}{end}
              !! podIP is not found
        "#]]
        .assert_eq(&run(
            &sample_pods(),
            false,
            &[
                "{.items[*].status.podIP}",
                "{.nothing}",
                "{.items[?(@.status.podIP)].metadata.name}",
                "{.items[?(@.status.podIP==\"10.244.1.5\")].metadata.name}",
                "{range .items[*]}{.status.podIP}{end}",
            ],
        ));
    }

    #[test]
    fn range_quirks_follow_client_go() {
        let empty = json!({"items": [], "kind": "List"});
        let nulls = json!({"items": [null, {"a": 1}]});
        let mut out = run(
            &empty,
            true,
            &[
                "{range .items[*]}{.metadata.name}{end}",
                "{range .items[*]}{.metadata.name}{\":\"}{range @.spec.containers[*]}{.name}{\",\"}{end}{\"+\"}{end}",
                "{range .items[*]}{[0]}{end}",
                "{range .kind}{@}{end}",
            ],
        );
        out += &run(&empty, false, &["{range .items[*]}{.metadata.name}{end}"]);
        out += &run(
            &nulls,
            true,
            &[
                "{range .items[*]}[{@}]{end}",
                "{.items[0]}",
                "{range .items[*]}{.a}",
            ],
        );
        // One JsonPath reused for several objects, as `kubectl get -w` does: after the first
        // execution only the part after the {range} is left.
        let mut reused = JsonPath::parse("{range .items[*]}{.a},{end}")
            .map(|path| path.allow_missing_keys(true))
            .expect("template parses");
        out += &format!(
            "reused: {:?} then {:?}\n",
            reused.execute(&nulls),
            reused.execute(&json!({"a": 7}))
        );
        expect![[r#"
            {range .items[*]}{.metadata.name}{end}
              => ""
            {range .items[*]}{.metadata.name}{":"}{range @.spec.containers[*]}{.name}{","}{end}{"+"}{end}
              => ""
            {range .items[*]}{[0]}{end}
              !! reflect: call of reflect.Value.Type on zero Value
            {range .kind}{@}{end}
              => "List"
            {range .items[*]}{.metadata.name}{end}
              !! metadata is not found
            {range .items[*]}[{@}]{end}
              => "[<no value>][{\"a\":1}]"
            {.items[0]}
              => "null"
            {range .items[*]}{.a}
              => "1"
            reused: Ok(",1,") then Err("not in range, nothing to end")
        "#]]
        .assert_eq(&out);
    }

    #[test]
    fn client_go_fixtures() {
        let types = json!({
            "bools": [true, false, true, false],
            "integers": [1, 2, 3, 4],
            "floats": [1.0, 2.2, 3.3, 4.0],
            "strings": ["one", "two", "three", "four"],
            "interfaces": [true, "one", 1, 1.1],
            "maps": [
                {"name": "one", "value": 1},
                {"name": "two", "value": 2.02},
                {"name": "three", "value": 3.03},
                {"name": "four", "value": 4.04}
            ]
        });
        let cases: &[(&str, &str)] = &[
            ("{ .bools }", "[true,false,true,false]"),
            ("{ .bools[-1] }", "false"),
            ("{ .bools[:4:2] }", "true true"),
            ("{ .integers[-2] }", "3"),
            ("{ .floats }", "[1,2.2,3.3,4]"),
            ("{ .floats[0] }", "1"),
            ("{ .floats[:4:2] }", "1 3.3"),
            ("{ .strings }", r#"["one","two","three","four"]"#),
            ("{ .interfaces }", r#"[true,"one",1,1.1]"#),
            ("{ .interfaces[0:2] }", "true one"),
            ("{ .maps[-2] }", r#"{"name":"three","value":3.03}"#),
            (
                "{ .maps[1::2] }",
                r#"{"name":"two","value":2.02} {"name":"four","value":4.04}"#,
            ),
        ];
        for (template, expected) in cases {
            let mut path = JsonPath::parse(template).expect("fixture parses");
            assert_eq!(path.execute(&types).as_deref(), Ok(*expected), "{template}");
        }

        let points = json!([
            {"id": "i1", "x": 4, "y": -5},
            {"id": "i2", "x": -2, "y": -5, "z": 1},
            {"id": "i3", "x": 8, "y": 3},
            {"id": "i4", "x": -6, "y": -1},
            {"id": "i5", "x": 0, "y": 2, "z": 1},
            {"id": "i6", "x": 1, "y": 4},
            {"id": "i7", "x": null, "y": 4}
        ]);
        for (template, expected) in [
            ("{[?(@.z)].id}", "i2 i5"),
            ("{[0]['id']}", "i1"),
            ("{[-1]['x']}", "null"),
        ] {
            let mut path = JsonPath::parse(template).expect("fixture parses");
            assert_eq!(path.execute(&points).as_deref(), Ok(expected), "{template}");
        }

        for (template, data, expected) in [
            ("{..}", json!([1, 2, 3]), "[1,2,3]"),
            ("{[?(@<5)]}", json!([2, 6, 3, 7]), "2 3"),
            ("{[1,3,4]}", json!([0, 1, 2, 3, 4]), "1 3 4"),
            ("{[0:2]}", json!(["Monday", "Tudesday"]), "Monday Tudesday"),
            ("{\"{\"}", Value::Null, "{"),
            ("hello jsonpath", Value::Null, "hello jsonpath"),
        ] {
            let mut path = JsonPath::parse(template).expect("fixture parses");
            assert_eq!(path.execute(&data).as_deref(), Ok(expected), "{template}");
        }
    }

    #[test]
    fn kubectl_wrappers_and_json_output() {
        let pods = sample_pods();
        let empty = json!({"apiVersion": "v1", "items": [], "kind": "List",
                           "metadata": {"resourceVersion": ""}});
        let mut out = String::new();
        for (template, data) in [
            ("{.items[*].metadata.name}", &pods),
            ("{.a", &pods),
            ("{.items[0].metadata.name}", &empty),
        ] {
            out += &format!("{:?}\n", kubectl_jsonpath(template, data));
        }
        let mut as_json = JsonPath::parse("{.items[*].metadata.name}{.kind}")
            .expect("template parses")
            .allow_missing_keys(true)
            .enable_json_output(true);
        out += &as_json.execute(&pods).unwrap_or_else(|error| error);
        let mut finder = JsonPath::parse("{.items[0].status.phase}{\"x\"}").expect("parses");
        out += &format!("{:?}\n", finder.find_results(&pods));
        expect![[r#"
            Ok("web-0 web-1 client")
            Err("error parsing jsonpath {.a, unclosed action")
            Err("error executing jsonpath \"{.items[0].metadata.name}\": Error executing template: array index out of bounds: index 0, length 0. Printing more information for debugging the template:\n\ttemplate was:\n\t\t{.items[0].metadata.name}\n\tobject given to jsonpath engine was:\n\t\tmap[string]interface {}{\"apiVersion\":\"v1\", \"items\":[]interface {}{}, \"kind\":\"List\", \"metadata\":map[string]interface {}{\"resourceVersion\":\"\"}}\n\n\n")
            [
                "web-0",
                "web-1",
                "client"
            ]
            [
                "List"
            ]
            Ok([[String("Running")], [String("x")]])
        "#]]
        .assert_eq(&out);
    }

    #[test]
    fn runaway_templates_are_stopped() {
        // A chain of nested lists: every level's `..` sees all levels below it, so five nested
        // ranges would visit about 100^5 values.
        let mut deep = json!(1);
        for _ in 0..100 {
            deep = json!([deep]);
        }
        let template =
            "{range ..}{range ..}{range ..}{range ..}{range ..}{@}{end}{end}{end}{end}{end}";
        let mut path = JsonPath::parse(template).expect("parses");
        let outcome = path.execute(&deep);
        assert_eq!(
            outcome,
            Err("jsonpath: the template produces more than 2000000 values".to_string())
        );

        let nested = "{range @}".repeat(200) + &"{end}".repeat(200);
        let mut path = JsonPath::parse(&nested).expect("parses");
        assert!(path.execute(&json!({})).is_err());

        let long = "{.a}".repeat(50_000);
        assert!(JsonPath::parse(&long).is_ok());
        let brackets = "[".repeat(10_000);
        assert!(JsonPath::parse(&format!("{{{brackets}")).is_err());
    }

    proptest! {
        #[test]
        fn arbitrary_templates_never_panic(template in "\\PC{0,40}") {
            if let Ok(mut path) = JsonPath::parse(&template) {
                let _ = path.execute(&sample_pods());
            }
        }

        #[test]
        fn string_literals_never_panic(body in "[\\\\'\"xuU0-9a-fé€😀 ]{0,12}") {
            for template in [format!("{{\"{body}\"}}"), format!("{{'{body}'}}")] {
                if let Ok(mut path) = JsonPath::parse(&template) {
                    let _ = path.execute(&Value::Null);
                }
            }
        }

        #[test]
        fn template_like_strings_never_panic(
            template in "[{}\\[\\]().@$*?:,'\"\\\\=<>! a-z0-9\\-+]{0,40}"
        ) {
            if let Ok(path) = JsonPath::parse(&template) {
                let mut path = path.allow_missing_keys(true);
                let _ = path.execute(&sample_pods());
                let _ = path.execute(&json!([1, "x", null, {"a": [true]}]));
                let mut strict = path.clone().allow_missing_keys(false);
                let _ = strict.find_results(&json!({"a": {"b": [1, 2]}}));
            }
        }
    }
}
