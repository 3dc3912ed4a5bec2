//! `kubectl get` (`kubectl/pkg/cmd/get/get.go`): tables with one block per kind, `-o
//! wide|yaml|json|name|jsonpath=…`, `-l`, `-A`, `--show-labels`, `--sort-by`, `--no-headers`,
//! and `-w`, which prints a row per change of a matched object as simulated time passes.

use crate::sim::kubectl::sort;
use std::collections::BTreeMap;

use serde_json::Value;

use crate::sim::clock::{SimTime, SECOND_MS};
use crate::sim::kubectl::args::{self, boolean, value, FlagSpec, ParsedArgs};
use crate::sim::kubectl::printers;
use crate::sim::kubectl::resources::{self, Selection};
use crate::sim::kubectl::{Context, Invocation, Output, Waiter};
use crate::sim::model::{Kind, LabelSelector, Object};
use crate::sim::store::{ApiError, ObjectKey};
use crate::sim::text::jsonpath;
use crate::sim::text::table::{render_table, TabWriter, TableStyle as WriterStyle};
use crate::sim::world::Cluster;

const GET_FLAGS: &[FlagSpec] = &[
    value("output", Some('o')),
    value("selector", Some('l')),
    boolean("watch", Some('w')),
    boolean("watch-only", None),
    boolean("all-namespaces", Some('A')),
    boolean("show-labels", None),
    value("sort-by", None),
    boolean("no-headers", None),
    boolean("show-kind", None),
    boolean("ignore-not-found", None),
    value("label-columns", Some('L')),
    value("field-selector", None),
    value("filename", Some('f')),
    boolean("output-watch-events", None),
    value("chunk-size", None),
];

/// How long `get -w` keeps watching after the last change (session-scripts.md).
pub const WATCH_QUIET_MS: SimTime = 30 * SECOND_MS;

/// How rows are decorated.
#[derive(Debug, Clone)]
struct TableStyle {
    wide: bool,
    show_kind: bool,
    all_namespaces: bool,
    show_labels: bool,
    label_columns: Vec<String>,
    no_headers: bool,
}

/// `kubectl get …`
pub fn get(ctx: &mut Context<'_>, argv: &[String]) -> Result<Invocation, String> {
    let args = args::parse(argv, GET_FLAGS, "kubectl get")?;
    let output = args.value("output").unwrap_or("").to_string();
    validate_output(&output)?;
    let all_namespaces = args.bool("all-namespaces", false);
    let mut named: Vec<ObjectKey> = Vec::new();
    let mut listing: Option<(Vec<Kind>, Option<String>, Option<LabelSelector>)> = None;
    if args.has("filename") {
        for source in resources::read_files(ctx, &args)? {
            for item in source.objects {
                let mut object = item.object;
                resources::settle_namespace(&mut object, &args)?;
                named.push(ObjectKey::of(&object));
            }
        }
    } else {
        match resources::select(&args, &args.positional, false)? {
            Selection::Named(keys) => named = keys,
            Selection::Listing {
                kinds,
                namespace,
                selector,
            } => listing = Some((kinds, namespace, selector)),
        }
    }
    let watch = args.bool("watch", false) || args.bool("watch-only", false);
    let mut failed = false;
    // Collect the objects to print, grouped by kind in the order asked.
    let mut groups: Vec<(Kind, Vec<Object>)> = Vec::new();
    let multiple_kinds;
    let namespace_for_message;
    match &listing {
        Some((kinds, namespace, selector)) => {
            multiple_kinds = kinds.len() > 1;
            namespace_for_message = namespace.clone();
            for kind in kinds {
                let objects =
                    list_kind(ctx.cluster, *kind, namespace.as_deref(), selector.as_ref());
                groups.push((*kind, objects));
            }
        }
        None => {
            let kinds: Vec<Kind> = named.iter().map(|k| k.kind).fold(Vec::new(), |mut acc, k| {
                if !acc.contains(&k) {
                    acc.push(k);
                }
                acc
            });
            multiple_kinds = kinds.len() > 1
                || args.positional.iter().any(|p| p.contains('/')) && kinds.len() > 1;
            namespace_for_message = Some(resources::namespace(&args));
            for key in &named {
                match ctx.cluster.store.get(key) {
                    Some(object) => {
                        let object = object.clone();
                        match groups.iter_mut().find(|(k, _)| *k == key.kind) {
                            Some((_, objects)) => objects.push(object),
                            None => groups.push((key.kind, vec![object])),
                        }
                    }
                    None => {
                        if !args.bool("ignore-not-found", false) {
                            ctx.out.err(crate::sim::kubectl::mutate::render_api_error(
                                &ApiError::not_found(key.kind, &key.name),
                                None,
                            ));
                            failed = true;
                        }
                    }
                }
            }
        }
    }
    if let Some(field) = args.value("sort-by") {
        for (_, objects) in &mut groups {
            sort_by_field(objects, field)?;
        }
    }
    let style = TableStyle {
        wide: output == "wide",
        show_kind: multiple_kinds || args.bool("show-kind", false),
        all_namespaces: all_namespaces && listing.is_some(),
        show_labels: args.bool("show-labels", false),
        label_columns: args
            .values("label-columns")
            .iter()
            .flat_map(|v| v.split(',').map(str::to_string))
            .collect(),
        no_headers: args.bool("no-headers", false),
    };
    let total: usize = groups.iter().map(|(_, o)| o.len()).sum();
    let table_output = output.is_empty() || output == "wide";
    let mut writer = TabWriter::new(WriterStyle::KUBECTL);
    let watching_table = watch && table_output && groups.len() == 1;
    if watching_table && total > 0 && !args.bool("watch-only", false) {
        // kubectl's watch printer remembers column widths, so later rows line up with these.
        let (kind, objects) = &groups[0];
        let mut rows = Vec::new();
        if !style.no_headers {
            rows.push(header_row(*kind, &style));
        }
        for object in objects {
            rows.push(object_row(ctx.cluster, object, &style));
        }
        writer.write_rows(&rows);
        writer.flush();
        ctx.out
            .raw(crate::sim::kubectl::Stream::Stdout, writer.take_output());
    } else if !args.bool("watch-only", false) {
        if total == 0 && listing.is_some() && !watch {
            let kinds: Vec<Kind> = groups.iter().map(|(k, _)| *k).collect();
            ctx.out.err(resources::no_resources_message(
                namespace_for_message.as_deref(),
                &kinds,
            ));
        } else if total > 0 {
            print_objects(
                ctx,
                &args,
                &output,
                &style,
                &groups,
                listing.is_none() && named.len() == 1,
            )?;
        } else if watch && listing.is_some() {
            let kinds: Vec<Kind> = groups.iter().map(|(k, _)| *k).collect();
            ctx.out.err(resources::no_resources_message(
                namespace_for_message.as_deref(),
                &kinds,
            ));
        }
    }
    if watch {
        let (kinds, namespace, selector) = match listing {
            Some(listing) => listing,
            None => (
                named.iter().map(|k| k.kind).collect(),
                Some(resources::namespace(&args)),
                None,
            ),
        };
        let names: Vec<String> = named.iter().map(|k| k.name.clone()).collect();
        let request_timeout = match args.value("request-timeout") {
            Some(text) => Some(
                crate::sim::text::duration::parse_go_duration(text)
                    .map_err(|e| format!("error: {e}"))?,
            ),
            None => None,
        };
        let mut seen = BTreeMap::new();
        for (_, objects) in &groups {
            for object in objects {
                seen.insert(
                    ObjectKey::of(object),
                    object.meta().resource_version.clone(),
                );
            }
        }
        let printed_header = total > 0 && !args.bool("watch-only", false);
        ctx.cluster.store.start_watch();
        return Ok(Invocation::Waiting(Box::new(GetWatcher {
            kinds,
            namespace,
            selector,
            names,
            seen,
            style,
            output,
            printed_header,
            writer,
            last_change: ctx.cluster.now,
            deadline_override: request_timeout.map(|t| ctx.cluster.now + t.max(0) as u64),
            started: ctx.cluster.now,
            failed,
        })));
    }
    Ok(Invocation::Done(i32::from(failed)))
}

fn validate_output(output: &str) -> Result<(), String> {
    let known = ["", "wide", "yaml", "json", "name"];
    if known.contains(&output)
        || output.starts_with("jsonpath=")
        || output.starts_with("jsonpath-as-json=")
        || output.starts_with("custom-columns=")
    {
        return Ok(());
    }
    Err(format!(
        "error: unable to match a printer suitable for the output format \"{output}\", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml"
    ))
}

/// Objects of a kind, events included (the store keeps those apart).
fn list_kind(
    cluster: &Cluster,
    kind: Kind,
    namespace: Option<&str>,
    selector: Option<&LabelSelector>,
) -> Vec<Object> {
    let matches = |object: &Object| selector.is_none_or(|s| s.matches(&object.meta().labels));
    match kind {
        Kind::Event => {
            let mut events: Vec<Object> = cluster
                .store
                .events()
                .filter(|e| namespace.is_none_or(|ns| e.metadata.namespace() == ns))
                .map(|e| Object::Event(Box::new(e.clone())))
                .filter(|o| matches(o))
                .collect();
            sort::sort_by(&mut events, |a, b| {
                (a.meta().namespace(), a.name()).cmp(&(b.meta().namespace(), b.name()))
            });
            events
        }
        Kind::Endpoints => {
            let services: Vec<ObjectKey> = cluster
                .store
                .list(Kind::Service, namespace)
                .map(ObjectKey::of)
                .collect();
            services
                .iter()
                .filter_map(|key| crate::sim::dns::endpoints_for(cluster, key))
                .map(|endpoints| Object::Endpoints(Box::new(endpoints)))
                .filter(|o| matches(o))
                .collect()
        }
        _ => cluster
            .store
            .list(kind, namespace)
            .filter(|o| matches(o))
            .cloned()
            .collect(),
    }
}

fn sort_by_field(objects: &mut [Object], field: &str) -> Result<(), String> {
    let template = if field.starts_with('{') {
        field.to_string()
    } else {
        format!("{{{field}}}")
    };
    let mut keyed: Vec<(Value, Object)> = Vec::new();
    for object in objects.iter() {
        let json = object.to_json();
        let mut path = jsonpath::JsonPath::parse(&template)
            .map_err(|e| format!("error: {e}"))?
            .allow_missing_keys(true);
        let found = path
            .find_results(&json)
            .map_err(|e| format!("error: {e}"))?;
        let key = found.into_iter().flatten().next().unwrap_or(Value::Null);
        keyed.push((key, object.clone()));
    }
    sort::sort_by(&mut keyed, |(a, _), (b, _)| compare_values(a, b));
    for (slot, (_, object)) in objects.iter_mut().zip(keyed) {
        *slot = object;
    }
    Ok(())
}

fn compare_values(a: &Value, b: &Value) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x
            .as_f64()
            .unwrap_or(0.0)
            .partial_cmp(&y.as_f64().unwrap_or(0.0))
            .unwrap_or(Ordering::Equal),
        (Value::String(x), Value::String(y)) => {
            // Quantities sort by value when both parse.
            match (
                crate::sim::quantity::Quantity::parse(x),
                crate::sim::quantity::Quantity::parse(y),
            ) {
                (Ok(qx), Ok(qy)) => qx.cmp(&qy),
                _ => x.cmp(y),
            }
        }
        (Value::Null, Value::Null) => Ordering::Equal,
        (Value::Null, _) => Ordering::Less,
        (_, Value::Null) => Ordering::Greater,
        _ => a.to_string().cmp(&b.to_string()),
    }
}

/// A `List` wrapper as kubectl prints it for several objects.
fn as_list(objects: Vec<Value>) -> Value {
    serde_json::json!({
        "apiVersion": "v1",
        "items": objects,
        "kind": "List",
        "metadata": {"resourceVersion": ""},
    })
}

fn print_objects(
    ctx: &mut Context<'_>,
    _args: &ParsedArgs,
    output: &str,
    style: &TableStyle,
    groups: &[(Kind, Vec<Object>)],
    single: bool,
) -> Result<(), String> {
    let objects: Vec<&Object> = groups.iter().flat_map(|(_, o)| o.iter()).collect();
    let structured = || -> Value {
        if single && objects.len() == 1 {
            objects[0].to_json()
        } else {
            as_list(objects.iter().map(|o| o.to_json()).collect())
        }
    };
    match output {
        "yaml" => ctx.out.raw(
            crate::sim::kubectl::Stream::Stdout,
            printers::to_yaml(&structured()),
        ),
        "json" => ctx.out.out(printers::to_json(&structured())),
        "name" => {
            for object in &objects {
                ctx.out.out(format!(
                    "{}/{}",
                    object.kind().qualified_singular(),
                    object.name()
                ));
            }
        }
        template
            if template.starts_with("jsonpath=") || template.starts_with("jsonpath-as-json=") =>
        {
            let (as_json, text) = match template.strip_prefix("jsonpath=") {
                Some(text) => (false, text),
                None => (true, template.trim_start_matches("jsonpath-as-json=")),
            };
            let data = structured();
            let mut path = jsonpath::JsonPath::parse(text)
                .map_err(|e| format!("error: {}", jsonpath::parse_error_message(text, &e)))?
                .allow_missing_keys(true)
                .enable_json_output(as_json);
            let result = path.execute(&data).map_err(|e| {
                format!(
                    "error: {}",
                    jsonpath::execution_error_message(text, &e, &data)
                )
            })?;
            ctx.out.raw(crate::sim::kubectl::Stream::Stdout, result);
        }
        custom if custom.starts_with("custom-columns=") => {
            let spec = custom.trim_start_matches("custom-columns=");
            let mut rows = Vec::new();
            let columns: Vec<(String, String)> = spec
                .split(',')
                .map(|column| {
                    let (header, path) = column.split_once(':').unwrap_or((column, ""));
                    (header.to_string(), path.to_string())
                })
                .collect();
            if columns.iter().any(|(_, path)| path.is_empty()) {
                return Err(
                    "error: custom-columns format specified but no custom columns given".into(),
                );
            }
            if !style.no_headers {
                rows.push(columns.iter().map(|(h, _)| h.clone()).collect());
            }
            for object in &objects {
                let json = object.to_json();
                let mut row = Vec::new();
                for (_, path) in &columns {
                    let template = if path.starts_with('{') {
                        path.clone()
                    } else {
                        format!("{{{path}}}")
                    };
                    let mut parsed = jsonpath::JsonPath::parse(&template)
                        .map_err(|e| format!("error: {e}"))?
                        .allow_missing_keys(true);
                    let found = parsed
                        .find_results(&json)
                        .map_err(|e| format!("error: {e}"))?;
                    let values: Vec<String> = found
                        .into_iter()
                        .flatten()
                        .map(|v| match v {
                            Value::String(s) => s,
                            other => other.to_string(),
                        })
                        .collect();
                    row.push(if values.is_empty() {
                        "<none>".to_string()
                    } else {
                        values.join(",")
                    });
                }
                rows.push(row);
            }
            ctx.out
                .raw(crate::sim::kubectl::Stream::Stdout, render_table(&rows));
        }
        _ => {
            let mut first_block = true;
            for (kind, objects) in groups {
                if objects.is_empty() {
                    continue;
                }
                if !first_block {
                    ctx.out.out("");
                }
                first_block = false;
                let text = table_text(ctx.cluster, *kind, objects, style, true);
                ctx.out.raw(crate::sim::kubectl::Stream::Stdout, text);
            }
        }
    }
    Ok(())
}

fn header_row(kind: Kind, style: &TableStyle) -> Vec<String> {
    let mut header: Vec<String> = Vec::new();
    if style.all_namespaces && kind.namespaced() {
        header.push("NAMESPACE".into());
    }
    header.extend(
        printers::headers(kind, style.wide)
            .into_iter()
            .map(String::from),
    );
    for label in &style.label_columns {
        header.push(label.rsplit('/').next().unwrap_or(label).to_uppercase());
    }
    if style.show_labels {
        header.push("LABELS".into());
    }
    header
}

fn object_row(cluster: &Cluster, object: &Object, style: &TableStyle) -> Vec<String> {
    let kind = object.kind();
    let mut row: Vec<String> = Vec::new();
    if style.all_namespaces && kind.namespaced() {
        row.push(object.meta().namespace().to_string());
    }
    let mut cells = printers::row(cluster, object, style.wide);
    if style.show_kind && kind != Kind::Event {
        if let Some(name) = cells.first_mut() {
            *name = format!("{}/{}", kind.qualified_singular(), name);
        }
    }
    row.extend(cells);
    for label in &style.label_columns {
        row.push(object.meta().labels.get(label).cloned().unwrap_or_default());
    }
    if style.show_labels {
        let labels = &object.meta().labels;
        row.push(if labels.is_empty() {
            "<none>".into()
        } else {
            labels
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(",")
        });
    }
    row
}

fn table_text(
    cluster: &Cluster,
    kind: Kind,
    objects: &[Object],
    style: &TableStyle,
    with_header: bool,
) -> String {
    let mut rows = Vec::new();
    if with_header && !style.no_headers {
        rows.push(header_row(kind, style));
    }
    for object in objects {
        rows.push(object_row(cluster, object, style));
    }
    render_table(&rows)
}

/// `get -w`: prints a row whenever a matched object changes, until quiet for 30 s.
pub struct GetWatcher {
    kinds: Vec<Kind>,
    namespace: Option<String>,
    selector: Option<LabelSelector>,
    names: Vec<String>,
    seen: BTreeMap<ObjectKey, String>,
    style: TableStyle,
    output: String,
    printed_header: bool,
    /// One writer for the whole watch, so columns keep the widths they have had.
    writer: TabWriter,
    last_change: SimTime,
    deadline_override: Option<SimTime>,
    started: SimTime,
    failed: bool,
}

impl GetWatcher {
    fn matches(&self, key: &ObjectKey, object: &Object) -> bool {
        self.kinds.contains(&key.kind)
            && (!key.kind.namespaced()
                || self
                    .namespace
                    .as_ref()
                    .is_none_or(|ns| &key.namespace == ns))
            && (self.names.is_empty() || self.names.contains(&key.name))
            && self
                .selector
                .as_ref()
                .is_none_or(|s| s.matches(&object.meta().labels))
    }
}

impl Waiter for GetWatcher {
    fn poll(&mut self, cluster: &mut Cluster, out: &mut Output) -> Option<i32> {
        for entry in cluster.store.take_watch_events() {
            let Some(object) = entry.object else { continue };
            if !self.matches(&entry.key, &object) {
                continue;
            }
            let rv = object.meta().resource_version.clone();
            if self.seen.get(&entry.key) == Some(&rv) {
                continue;
            }
            self.seen.insert(entry.key.clone(), rv);
            self.last_change = cluster.now;
            let mut rows = Vec::new();
            if !self.printed_header && (self.output.is_empty() || self.output == "wide") {
                rows.push(header_row(entry.key.kind, &self.style));
                self.printed_header = true;
            }
            match self.output.as_str() {
                "yaml" => {
                    out.raw(
                        crate::sim::kubectl::Stream::Stdout,
                        format!("---\n{}", printers::to_yaml(&object.to_json())),
                    );
                }
                "json" => out.out(printers::to_json(&object.to_json())),
                "name" => out.out(format!(
                    "{}/{}",
                    entry.key.kind.qualified_singular(),
                    entry.key.name
                )),
                _ => {
                    rows.push(object_row(cluster, &object, &self.style));
                    self.writer.write_rows(&rows);
                    self.writer.flush();
                    out.raw(
                        crate::sim::kubectl::Stream::Stdout,
                        self.writer.take_output(),
                    );
                }
            }
        }
        if cluster.now >= self.deadline() {
            cluster.store.stop_watch();
            return Some(i32::from(self.failed));
        }
        None
    }

    fn deadline(&self) -> SimTime {
        match self.deadline_override {
            Some(deadline) => deadline,
            None => self.last_change.max(self.started) + WATCH_QUIET_MS,
        }
    }

    fn interrupt(&mut self, cluster: &mut Cluster, _out: &mut Output) {
        cluster.store.stop_watch();
    }
}
