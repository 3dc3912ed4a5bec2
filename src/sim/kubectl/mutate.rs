//! The commands that change objects: apply, create, replace, delete, scale, patch, set image,
//! label and annotate (`kubectl/pkg/cmd/{apply,create,replace,delete,scale,patch,set,label,
//! annotate}`), with their result lines (§4.5) and errors (§3.1).

use serde_json::Value;

use crate::sim::api::{self, DeleteOptions, Propagation};
use crate::sim::clock::{SimTime, MINUTE_MS};
use crate::sim::kubectl::args::{self, boolean, integer, value, FlagSpec, ParsedArgs};
use crate::sim::kubectl::merge;
use crate::sim::kubectl::resources::{self, Selection};
use crate::sim::kubectl::{Context, Invocation, Output, Waiter};
use crate::sim::model::{Kind, Object};
use crate::sim::store::{ApiError, ObjectKey};
use crate::sim::world::Cluster;

pub const LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";

/// How long a blocking `delete` waits before giving up (real kubectl waits about a week).
pub const DELETE_WAIT_MS_MAX: SimTime = 10 * MINUTE_MS;

const FILE_FLAGS: &[FlagSpec] = &[
    value("filename", Some('f')),
    value("output", Some('o')),
    value("dry-run", None),
    boolean("recursive", Some('R')),
    value("validate", None),
    value("field-manager", None),
    boolean("server-side", None),
    boolean("force-conflicts", None),
    boolean("overwrite", None),
    boolean("prune", None),
    value("selector", Some('l')),
    boolean("save-config", None),
    boolean("wait", None),
    value("timeout", None),
    boolean("force", None),
    integer("grace-period", None),
    value("cascade", None),
];

/// `kubectl api error` rendering (§3.1): what kubectl prints for an API error.
pub fn render_api_error(error: &ApiError, verb_context: Option<(&str, &str)>) -> String {
    match error {
        ApiError::Invalid { kind, name, causes } => {
            let mut unique: Vec<&String> = Vec::new();
            for cause in causes {
                if !unique.contains(&cause) {
                    unique.push(cause);
                }
            }
            if unique.len() == 1 {
                format!("The {} \"{name}\" is invalid: {}", kind.name(), unique[0])
            } else {
                let mut text = format!("The {} \"{name}\" is invalid: ", kind.name());
                for cause in unique {
                    text.push_str(&format!("\n* {cause}"));
                }
                text
            }
        }
        other => {
            let context = match verb_context {
                Some((verb, file)) => format!("error when {verb} \"{file}\": "),
                None => String::new(),
            };
            format!(
                "Error from server ({}): {context}{}",
                other.reason(),
                other.server_message()
            )
        }
    }
}

/// `statefulset.apps/web`.
pub fn kind_slash_name(kind: Kind, name: &str) -> String {
    format!("{}/{name}", kind.qualified_singular())
}

fn dry_run_suffix(args: &ParsedArgs) -> Result<&'static str, String> {
    match args.value("dry-run") {
        None | Some("none") => Ok(""),
        Some("client") => Ok(" (dry run)"),
        Some("server") => Ok(" (server dry run)"),
        Some(other) => Err(format!(
            "error: Invalid dry-run value ({other}). Must be \"none\", \"server\", or \"client\"."
        )),
    }
}

/// Prints the result of a mutation in the `-o` format asked for, or the name-printer line.
fn print_result(
    ctx: &mut Context<'_>,
    args: &ParsedArgs,
    key: &ObjectKey,
    operation: &str,
    suffix: &str,
) {
    match args.value("output") {
        Some("name") => ctx.out.out(kind_slash_name(key.kind, &key.name)),
        Some(format @ ("yaml" | "json")) => {
            if let Some(object) = ctx.cluster.store.get(key) {
                let json = object.to_json();
                let text = if format == "yaml" {
                    crate::sim::kubectl::printers::to_yaml(&json)
                } else {
                    crate::sim::kubectl::printers::to_json(&json)
                };
                ctx.out.out(text);
            }
        }
        _ => ctx.out.out(format!(
            "{} {operation}{suffix}",
            kind_slash_name(key.kind, &key.name)
        )),
    }
}

/// Prints a write's result line, or its API error (with kubectl's `error when <verb> "<file>"`
/// context when the object came from a file). Returns true when the write failed.
fn report(
    ctx: &mut Context<'_>,
    args: &ParsedArgs,
    key: &ObjectKey,
    result: Result<(), ApiError>,
    done: &str,
    context: Option<(&str, &str)>,
) -> bool {
    match result {
        Ok(()) => {
            print_result(ctx, args, key, done, "");
            false
        }
        Err(error) => {
            ctx.out.err(render_api_error(&error, context));
            true
        }
    }
}

/// `kubectl apply -f …`
pub fn apply(ctx: &mut Context<'_>, argv: &[String]) -> Result<Invocation, String> {
    let args = args::parse(argv, FILE_FLAGS, "kubectl apply")?;
    if !args.has("filename") {
        return Err("error: must specify one of -f and -k".into());
    }
    let suffix = dry_run_suffix(&args)?;
    let server_side = args.bool("server-side", false);
    let sources = resources::read_files(ctx, &args)?;
    if sources
        .iter()
        .all(|s| s.objects.is_empty() && s.decode_errors.is_empty())
    {
        return Err("error: no objects passed to apply".into());
    }
    let mut failed = false;
    for source in sources {
        let mut errors = source.decode_errors.iter().peekable();
        for item in &source.objects {
            while let Some((_, message)) = errors.next_if(|(document, _)| *document < item.document)
            {
                ctx.out.err(message.clone());
                failed = true;
            }
            let mut object = item.object.clone();
            if let Err(message) = resources::settle_namespace(&mut object, &args) {
                ctx.out.err(message);
                failed = true;
                continue;
            }
            let key = ObjectKey::of(&object);
            let mut last_applied = item.source.clone();
            if let (Some(ns), Value::Object(map)) = (&object.meta().namespace, &mut last_applied) {
                if let Some(Value::Object(meta)) = map.get_mut("metadata") {
                    meta.entry("namespace")
                        .or_insert_with(|| Value::String(ns.clone()));
                }
            }
            let annotation = serde_json::to_string(&last_applied).unwrap_or_default() + "\n";
            match ctx.cluster.store.get(&key).cloned() {
                None => {
                    if !server_side {
                        object
                            .meta_mut()
                            .annotations
                            .insert(LAST_APPLIED.into(), annotation);
                    }
                    if !suffix.is_empty() {
                        print_result(ctx, &args, &key, "created", suffix);
                        continue;
                    }
                    let done = if server_side {
                        "serverside-applied"
                    } else {
                        "created"
                    };
                    let result = api::create(ctx.cluster, object).map(|_| ());
                    let context = Some(("creating", source.file_name.as_str()));
                    failed |= report(ctx, &args, &key, result, done, context);
                }
                Some(live) => {
                    let live_json = live.to_json();
                    let previous = live
                        .meta()
                        .annotations
                        .get(LAST_APPLIED)
                        .and_then(|text| serde_json::from_str::<Value>(text).ok());
                    if previous.is_none() && !server_side {
                        ctx.out.err(format!(
                            "Warning: resource {}/{} is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.",
                            key.kind.qualified_plural().split('.').next().unwrap_or_default(),
                            key.name
                        ));
                    }
                    let mut modified = item.source.clone();
                    if !server_side {
                        if let Value::Object(map) = &mut modified {
                            let meta = map
                                .entry("metadata")
                                .or_insert_with(|| Value::Object(Default::default()));
                            if let Value::Object(meta) = meta {
                                let annotations = meta
                                    .entry("annotations")
                                    .or_insert_with(|| Value::Object(Default::default()));
                                if let Value::Object(annotations) = annotations {
                                    annotations
                                        .insert(LAST_APPLIED.into(), Value::String(annotation));
                                }
                            }
                        }
                    }
                    let merged = merge::three_way_merge(previous.as_ref(), &modified, &live_json);
                    if merged == live_json {
                        print_result(
                            ctx,
                            &args,
                            &key,
                            if server_side {
                                "serverside-applied"
                            } else {
                                "unchanged"
                            },
                            suffix,
                        );
                        continue;
                    }
                    if !suffix.is_empty() {
                        print_result(ctx, &args, &key, "configured", suffix);
                        continue;
                    }
                    let result = Object::from_json(key.kind, merged)
                        .map_err(ApiError::bad_request)
                        .and_then(|object| api::update(ctx.cluster, object));
                    let done = if server_side {
                        "serverside-applied"
                    } else {
                        "configured"
                    };
                    let context = Some(("patching", source.file_name.as_str()));
                    failed |= report(ctx, &args, &key, result, done, context);
                }
            }
            ctx.cluster.settle();
        }
        for (_, message) in errors {
            ctx.out.err(message.clone());
            failed = true;
        }
    }
    Ok(Invocation::Done(i32::from(failed)))
}

/// `kubectl create -f …` and `kubectl create namespace NAME`.
pub fn create(ctx: &mut Context<'_>, argv: &[String]) -> Result<Invocation, String> {
    let args = args::parse(argv, FILE_FLAGS, "kubectl create")?;
    let suffix = dry_run_suffix(&args)?;
    if let Some(sub) = args.positional.first() {
        return match sub.as_str() {
            "namespace" | "ns" => {
                let Some(name) = args.positional.get(1) else {
                    return Err("error: exactly one NAME is required, got 0\nSee 'kubectl create namespace -h' for help and examples".into());
                };
                let namespace = crate::sim::model::Namespace {
                    metadata: crate::sim::model::ObjectMeta { name: name.clone(), ..Default::default() },
                    ..Default::default()
                };
                let key = ObjectKey::new(Kind::Namespace, "", name);
                if !suffix.is_empty() {
                    print_result(ctx, &args, &key, "created", suffix);
                    return Ok(Invocation::Done(0));
                }
                match api::create(ctx.cluster, Object::Namespace(Box::new(namespace))) {
                    Ok(key) => {
                        print_result(ctx, &args, &key, "created", "");
                        Ok(Invocation::Done(0))
                    }
                    Err(error) => Err(render_api_error(&error, None)),
                }
            }
            other => Err(format!("error: unknown command \"{other}\" for \"kubectl create\"\nSee 'kubectl create -h' for help and examples")),
        };
    }
    if !args.has("filename") {
        return Err("error: must specify one of -f and -k".into());
    }
    let sources = resources::read_files(ctx, &args)?;
    if sources
        .iter()
        .all(|s| s.objects.is_empty() && s.decode_errors.is_empty())
    {
        return Err("error: no objects passed to create".into());
    }
    let mut failed = false;
    for source in sources {
        for (_, message) in &source.decode_errors {
            ctx.out.err(message.clone());
            failed = true;
        }
        for item in &source.objects {
            let mut object = item.object.clone();
            if let Err(message) = resources::settle_namespace(&mut object, &args) {
                ctx.out.err(message);
                failed = true;
                continue;
            }
            let key = ObjectKey::of(&object);
            if !suffix.is_empty() {
                print_result(ctx, &args, &key, "created", suffix);
                continue;
            }
            let result = api::create(ctx.cluster, object).map(|_| ());
            let context = Some(("creating", source.file_name.as_str()));
            failed |= report(ctx, &args, &key, result, "created", context);
            ctx.cluster.settle();
        }
    }
    Ok(Invocation::Done(i32::from(failed)))
}

/// `kubectl replace -f …`
pub fn replace(ctx: &mut Context<'_>, argv: &[String]) -> Result<Invocation, String> {
    let args = args::parse(argv, FILE_FLAGS, "kubectl replace")?;
    if !args.has("filename") {
        return Err("error: must specify --filename to replace".into());
    }
    let sources = resources::read_files(ctx, &args)?;
    let mut failed = false;
    for source in sources {
        for (_, message) in &source.decode_errors {
            ctx.out.err(message.clone());
            failed = true;
        }
        for item in &source.objects {
            let mut object = item.object.clone();
            if let Err(message) = resources::settle_namespace(&mut object, &args) {
                ctx.out.err(message);
                failed = true;
                continue;
            }
            let key = ObjectKey::of(&object);
            let Some(live) = ctx.cluster.store.get(&key).cloned() else {
                ctx.out.err(render_api_error(
                    &ApiError::not_found(key.kind, &key.name),
                    Some(("replacing", &source.file_name)),
                ));
                failed = true;
                continue;
            };
            // PUT keeps what the server owns.
            let meta = object.meta_mut();
            meta.uid = live.meta().uid.clone();
            meta.creation_timestamp = live.meta().creation_timestamp;
            meta.resource_version = live.meta().resource_version.clone();
            let result = api::update(ctx.cluster, object);
            let context = Some(("replacing", source.file_name.as_str()));
            failed |= report(ctx, &args, &key, result, "replaced", context);
            ctx.cluster.settle();
        }
    }
    Ok(Invocation::Done(i32::from(failed)))
}

const DELETE_FLAGS: &[FlagSpec] = &[
    value("filename", Some('f')),
    value("selector", Some('l')),
    boolean("all", None),
    boolean("all-namespaces", Some('A')),
    value("cascade", None),
    integer("grace-period", None),
    boolean("force", None),
    boolean("now", None),
    boolean("wait", None),
    value("timeout", None),
    boolean("ignore-not-found", None),
    value("output", Some('o')),
    value("dry-run", None),
    boolean("recursive", Some('R')),
    value("field-selector", None),
];

/// The line kubectl ≥1.34 prints for a deletion.
pub fn deleted_line(key: &ObjectKey, force: bool) -> String {
    let verb = if force { "force deleted" } else { "deleted" };
    if key.kind.namespaced() {
        format!(
            "{} \"{}\" {verb} from {} namespace",
            key.kind.qualified_singular(),
            key.name,
            key.namespace
        )
    } else {
        format!("{} \"{}\" {verb}", key.kind.qualified_singular(), key.name)
    }
}

/// `kubectl delete …`
pub fn delete(ctx: &mut Context<'_>, argv: &[String]) -> Result<Invocation, String> {
    let args = args::parse(argv, DELETE_FLAGS, "kubectl delete")?;
    let propagation = match args.value("cascade").unwrap_or("background") {
        "background" | "true" => Propagation::Background,
        "foreground" => Propagation::Foreground,
        "orphan" | "false" => Propagation::Orphan,
        other => {
            return Err(format!(
                "error: invalid cascade value ({other}). Must be \"background\", \"foreground\", or \"orphan\""
            ))
        }
    };
    if matches!(args.value("cascade"), Some("false") | Some("true")) {
        let replacement = if args.value("cascade") == Some("false") {
            "orphan"
        } else {
            "background"
        };
        ctx.out.err(format!(
            "warning: --cascade={} is deprecated (boolean value) and can be replaced with --cascade={replacement}.",
            args.value("cascade").unwrap_or_default()
        ));
    }
    let force = args.bool("force", false);
    let mut grace = args::int_flag(&args, "grace-period")?.filter(|g| *g >= 0);
    if args.bool("now", false) {
        grace = Some(1);
    }
    if force && grace.is_none() {
        grace = Some(0);
    }
    if grace == Some(0) && !force {
        return Err("error: --grace-period=0 must have --force specified".into());
    }
    let wait = args.bool("wait", true);
    let ignore_not_found = args.bool("ignore-not-found", false);
    let mut keys: Vec<ObjectKey> = Vec::new();
    if args.has("filename") {
        let sources = resources::read_files(ctx, &args)?;
        for source in sources {
            for item in source.objects {
                let mut object = item.object;
                resources::settle_namespace(&mut object, &args)?;
                keys.push(ObjectKey::of(&object));
            }
        }
    } else {
        let all = args.bool("all", false);
        if args.positional.len() == 1
            && !all
            && !args.has("selector")
            && !args.positional[0].contains('/')
        {
            return Err("error: resource(s) were provided, but no name was specified".into());
        }
        match resources::select(&args, &args.positional, true)? {
            Selection::Named(named) => keys = named,
            Selection::Listing {
                kinds,
                namespace,
                selector,
            } => {
                for kind in &kinds {
                    let found: Vec<ObjectKey> =
                        resources::list(ctx, *kind, namespace.as_deref(), selector.as_ref())
                            .into_iter()
                            .map(ObjectKey::of)
                            .collect();
                    keys.extend(found);
                }
                if keys.is_empty() {
                    ctx.out.out("No resources found");
                    return Ok(Invocation::Done(0));
                }
            }
        }
    }
    if force {
        ctx.out.err("Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.");
    }
    let mut failed = false;
    let mut waiting = Vec::new();
    for key in keys {
        let uid = match ctx.cluster.store.get(&key) {
            Some(object) => object.meta().uid.clone(),
            None => {
                if !ignore_not_found {
                    ctx.out.err(render_api_error(
                        &ApiError::not_found(key.kind, &key.name),
                        None,
                    ));
                    failed = true;
                }
                continue;
            }
        };
        let options = DeleteOptions {
            grace_period_seconds: grace,
            propagation,
        };
        match api::delete(ctx.cluster, &key, options) {
            Ok(_) => {
                match args.value("output") {
                    Some("name") => ctx.out.out(kind_slash_name(key.kind, &key.name)),
                    _ => ctx.out.out(deleted_line(&key, force)),
                }
                waiting.push((key, uid));
            }
            Err(error) => {
                ctx.out.err(render_api_error(&error, None));
                failed = true;
            }
        }
        ctx.cluster.settle();
    }
    if wait && !waiting.is_empty() && !force {
        let timeout = match args.value("timeout") {
            Some(text) => crate::sim::text::duration::parse_go_duration(text)
                .map_err(|e| format!("error: {e}"))?,
            None => 0,
        };
        let limit = if timeout <= 0 {
            DELETE_WAIT_MS_MAX
        } else {
            timeout as u64
        };
        return Ok(Invocation::Waiting(Box::new(DeleteWaiter {
            waiting,
            deadline: ctx.cluster.now + limit,
            failed,
        })));
    }
    Ok(Invocation::Done(i32::from(failed)))
}

/// Waits until every deleted object (by uid) is gone.
pub struct DeleteWaiter {
    waiting: Vec<(ObjectKey, String)>,
    deadline: SimTime,
    failed: bool,
}

impl Waiter for DeleteWaiter {
    fn poll(&mut self, cluster: &mut Cluster, out: &mut Output) -> Option<i32> {
        self.waiting
            .retain(|(key, uid)| cluster.store.get(key).is_some_and(|o| &o.meta().uid == uid));
        if self.waiting.is_empty() {
            return Some(i32::from(self.failed));
        }
        if cluster.now >= self.deadline {
            for (key, _) in &self.waiting {
                out.err(format!(
                    "error: timed out waiting for the condition on {}/{}",
                    key.kind.qualified_plural(),
                    key.name
                ));
            }
            return Some(1);
        }
        None
    }

    fn deadline(&self) -> SimTime {
        self.deadline
    }
}

const SCALE_FLAGS: &[FlagSpec] = &[
    integer("replicas", None),
    integer("current-replicas", None),
    value("resource-version", None),
    value("filename", Some('f')),
    value("selector", Some('l')),
    boolean("all", None),
    value("timeout", None),
    value("output", Some('o')),
    value("dry-run", None),
];

/// Finds the single object a command names (`sts web`, `sts/web`).
fn single_target(
    ctx: &mut Context<'_>,
    args: &ParsedArgs,
    positional: &[String],
) -> Result<Vec<ObjectKey>, String> {
    if args.has("filename") {
        let mut keys = Vec::new();
        for source in resources::read_files(ctx, args)? {
            for item in source.objects {
                let mut object = item.object;
                resources::settle_namespace(&mut object, args)?;
                keys.push(ObjectKey::of(&object));
            }
        }
        return Ok(keys);
    }
    match resources::select(args, positional, true)? {
        Selection::Named(keys) => Ok(keys),
        Selection::Listing {
            kinds,
            namespace,
            selector,
        } => {
            if selector.is_none() && !args.bool("all", false) {
                return Err("error: resource(s) were provided, but no name was specified".into());
            }
            let mut keys = Vec::new();
            for kind in kinds {
                keys.extend(
                    resources::list(ctx, kind, namespace.as_deref(), selector.as_ref())
                        .into_iter()
                        .map(ObjectKey::of),
                );
            }
            Ok(keys)
        }
    }
}

/// `kubectl scale sts web --replicas=N`
pub fn scale(ctx: &mut Context<'_>, argv: &[String]) -> Result<Invocation, String> {
    let args = args::parse(argv, SCALE_FLAGS, "kubectl scale")?;
    let replicas = match args::int_flag(&args, "replicas")? {
        Some(r) if r >= 0 => r,
        _ => return Err("error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0".into()),
    };
    let keys = single_target(ctx, &args, &args.positional)?;
    let mut failed = false;
    for key in keys {
        if key.kind != Kind::StatefulSet {
            ctx.out.err(format!(
                "error: no objects passed to scale {}",
                key.kind.qualified_plural()
            ));
            failed = true;
            continue;
        }
        let Some(Object::StatefulSet(mut set)) = ctx.cluster.store.get(&key).cloned() else {
            ctx.out.err(render_api_error(
                &ApiError::not_found(key.kind, &key.name),
                None,
            ));
            failed = true;
            continue;
        };
        if let Some(current) = args::int_flag(&args, "current-replicas")? {
            if i64::from(set.replicas()) != current {
                ctx.out.err(format!(
                    "error: Expected replicas to be {current}, was {}",
                    set.replicas()
                ));
                failed = true;
                continue;
            }
        }
        set.spec.replicas = Some(i32::try_from(replicas).unwrap_or(i32::MAX));
        let result = api::update(ctx.cluster, Object::StatefulSet(set));
        failed |= report(ctx, &args, &key, result, "scaled", None);
        ctx.cluster.settle();
    }
    Ok(Invocation::Done(i32::from(failed)))
}

const PATCH_FLAGS: &[FlagSpec] = &[
    value("patch", Some('p')),
    value("patch-file", None),
    value("type", None),
    value("filename", Some('f')),
    value("output", Some('o')),
    value("dry-run", None),
    boolean("local", None),
    value("subresource", None),
];

/// Parses patch text given as JSON or YAML.
fn parse_patch_text(text: &str) -> Result<Value, String> {
    if let Ok(value) = serde_json::from_str::<Value>(text) {
        return Ok(value);
    }
    crate::sim::manifest::yaml_to_json(text)
        .map_err(|(message, _, _)| format!("error: unable to parse \"{text}\": yaml: {message}"))
}

/// `kubectl patch TYPE NAME -p PATCH [--type strategic|merge|json]`
pub fn patch(ctx: &mut Context<'_>, argv: &[String]) -> Result<Invocation, String> {
    let args = args::parse(argv, PATCH_FLAGS, "kubectl patch")?;
    let text = match (args.value("patch"), args.value("patch-file")) {
        (Some(text), _) => text.to_string(),
        (None, Some(path)) => ctx.files.get(path).cloned().ok_or_else(|| {
            format!("error: unable to read patch file: open {path}: no such file or directory")
        })?,
        (None, None) => return Err("error: must specify -p to patch".into()),
    };
    let patch_value = parse_patch_text(&text)?;
    let patch_type = args.value("type").unwrap_or("strategic").to_string();
    if !["strategic", "merge", "json"].contains(&patch_type.as_str()) {
        return Err(format!(
            "error: --type must be one of [json merge strategic], not \"{patch_type}\""
        ));
    }
    let keys = single_target(ctx, &args, &args.positional)?;
    let mut failed = false;
    for key in keys {
        let Some(live) = ctx.cluster.store.get(&key).cloned() else {
            ctx.out.err(render_api_error(
                &ApiError::not_found(key.kind, &key.name),
                None,
            ));
            failed = true;
            continue;
        };
        let live_json = live.to_json();
        let mut patched = live_json.clone();
        match patch_type.as_str() {
            "merge" => merge::json_merge_patch(&mut patched, &patch_value),
            "json" => {
                if let Err(message) = merge::json_patch(&mut patched, &patch_value) {
                    ctx.out.err(format!(
                        "Error from server (UnprocessableEntity): {message}"
                    ));
                    failed = true;
                    continue;
                }
            }
            _ => merge::strategic_merge_patch(&mut patched, &patch_value),
        }
        if patched == live_json {
            print_result(ctx, &args, &key, "patched (no change)", "");
            continue;
        }
        let strict =
            crate::sim::schema::check_strict(&key.kind.api_version(), key.kind.name(), &patched);
        if let Err(problem) = strict {
            ctx.out
                .err(format!("Error from server (BadRequest): {problem}"));
            failed = true;
            continue;
        }
        let result = Object::from_json(key.kind, patched)
            .map_err(ApiError::bad_request)
            .and_then(|object| api::update(ctx.cluster, object));
        failed |= report(ctx, &args, &key, result, "patched", None);
        ctx.cluster.settle();
    }
    Ok(Invocation::Done(i32::from(failed)))
}

const SET_FLAGS: &[FlagSpec] = &[
    value("filename", Some('f')),
    value("selector", Some('l')),
    boolean("all", None),
    value("output", Some('o')),
    value("dry-run", None),
    boolean("local", None),
];

/// `kubectl set image TYPE/NAME CONTAINER=IMAGE…`
pub fn set(ctx: &mut Context<'_>, argv: &[String]) -> Result<Invocation, String> {
    let args = args::parse(argv, SET_FLAGS, "kubectl set")?;
    let Some(sub) = args.positional.first() else {
        return Err(
            "error: Required resource not specified.\nSee 'kubectl set -h' for help and examples"
                .into(),
        );
    };
    if sub != "image" {
        return Err(format!("error: unknown command \"{sub}\" for \"kubectl set\"\nSee 'kubectl set -h' for help and examples"));
    }
    let words = &args.positional[1..];
    let (pairs, targets): (Vec<&String>, Vec<&String>) =
        words.iter().partition(|w| w.contains('='));
    if pairs.is_empty() {
        return Err("error: at least one image update is required".into());
    }
    let targets: Vec<String> = targets.into_iter().cloned().collect();
    let keys = single_target(ctx, &args, &targets)?;
    let mut failed = false;
    for key in keys {
        let Some(mut object) = ctx.cluster.store.get(&key).cloned() else {
            ctx.out.err(render_api_error(
                &ApiError::not_found(key.kind, &key.name),
                None,
            ));
            failed = true;
            continue;
        };
        let spec: &mut crate::sim::model::PodSpec = match &mut object {
            Object::StatefulSet(set) => &mut set.spec.template.spec,
            Object::Pod(pod) => &mut pod.spec,
            _ => {
                ctx.out.err(format!(
                    "error: {} is not a pod template owner",
                    key.kind.qualified_plural()
                ));
                failed = true;
                continue;
            }
        };
        let mut changed = false;
        for pair in &pairs {
            let (container, image) = pair.split_once('=').unwrap_or((pair.as_str(), ""));
            let mut found = false;
            for c in spec
                .init_containers
                .iter_mut()
                .chain(spec.containers.iter_mut())
            {
                if container == "*" || c.name == container {
                    found = true;
                    if c.image != image {
                        c.image = image.to_string();
                        changed = true;
                    }
                }
            }
            if !found {
                ctx.out.err(format!(
                    "error: unable to find container named \"{container}\""
                ));
                failed = true;
            }
        }
        if !changed {
            continue;
        }
        let result = api::update(ctx.cluster, object);
        failed |= report(ctx, &args, &key, result, "image updated", None);
        ctx.cluster.settle();
    }
    Ok(Invocation::Done(i32::from(failed)))
}

const LABEL_FLAGS: &[FlagSpec] = &[
    boolean("overwrite", None),
    value("selector", Some('l')),
    boolean("all", None),
    boolean("all-namespaces", Some('A')),
    value("filename", Some('f')),
    value("output", Some('o')),
    value("dry-run", None),
    boolean("list", None),
    boolean("local", None),
    value("resource-version", None),
];

/// `kubectl label|annotate TYPE NAME KEY=VALUE… KEY-…`
pub fn label(ctx: &mut Context<'_>, argv: &[String], verb: &str) -> Result<Invocation, String> {
    let args = args::parse(argv, LABEL_FLAGS, &format!("kubectl {verb}"))?;
    let (changes, targets): (Vec<&String>, Vec<&String>) = args
        .positional
        .iter()
        .partition(|w| w.contains('=') || (w.ends_with('-') && w.len() > 1 && !w.contains('/')));
    if changes.is_empty() {
        return Err(format!(
            "error: at least one {} update is required",
            if verb == "label" {
                "label"
            } else {
                "annotation"
            }
        ));
    }
    let targets: Vec<String> = targets.into_iter().cloned().collect();
    let keys = single_target(ctx, &args, &targets)?;
    let overwrite = args.bool("overwrite", false);
    let mut failed = false;
    for key in keys {
        let Some(mut object) = ctx.cluster.store.get(&key).cloned() else {
            ctx.out.err(render_api_error(
                &ApiError::not_found(key.kind, &key.name),
                None,
            ));
            failed = true;
            continue;
        };
        let meta = object.meta_mut();
        let map = if verb == "label" {
            &mut meta.labels
        } else {
            &mut meta.annotations
        };
        let mut changed = false;
        let mut removed_only = true;
        let mut conflict = None;
        for change in &changes {
            if let Some((k, v)) = change.split_once('=') {
                removed_only = false;
                match map.get(k) {
                    Some(existing) if existing != v && !overwrite => {
                        conflict = Some(format!("error: '{k}' already has a value ({existing}), and --overwrite is false"));
                    }
                    Some(existing) if existing == v => {}
                    _ => {
                        map.insert(k.to_string(), v.to_string());
                        changed = true;
                    }
                }
            } else {
                let k = change.trim_end_matches('-');
                if map.remove(k).is_some() {
                    changed = true;
                } else {
                    ctx.out.err(format!("{k} not found"));
                }
            }
        }
        if let Some(message) = conflict {
            ctx.out.err(message);
            failed = true;
            continue;
        }
        let done = if verb == "label" {
            if !changed {
                "not labeled"
            } else if removed_only {
                "unlabeled"
            } else {
                "labeled"
            }
        } else {
            "annotated"
        };
        if changed {
            if let Err(error) = api::update(ctx.cluster, object) {
                ctx.out.err(render_api_error(&error, None));
                failed = true;
                continue;
            }
        }
        ctx.out
            .out(format!("{} {done}", kind_slash_name(key.kind, &key.name)));
        ctx.cluster.settle();
    }
    Ok(Invocation::Done(i32::from(failed)))
}
