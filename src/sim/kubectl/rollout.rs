//! `kubectl rollout` for StatefulSets: `status`, `history`, `undo`, `restart`, `pause` and
//! `resume`, as kubectl 1.34 runs them (`kubectl/pkg/cmd/rollout/*.go` and
//! `pkg/polymorphichelpers/{rollout_status,history,rollback,objectrestarter,objectpauser,
//! objectresumer}.go`; behaviour reference §4.6 and §1.8).
//!
//! * `status` is a [`Waiter`]: it evaluates the StatefulSet status viewer's rules after every
//!   poll and prints a line whenever the message changes (and on the first evaluation), one
//!   object after the other as kubectl visits them. Real kubectl prints on every watch event,
//!   so it may repeat a line when an unrelated field changes; the playground prints changes
//!   only, which keeps transcripts readable and deterministic. Real kubectl's default timeout
//!   is "never"; the playground bounds it to [`ROLLOUT_STATUS_MS_MAX`] of simulated time
//!   (session-scripts.md).
//! * `history` lists the set's ControllerRevisions (selected by the set's selector and
//!   controlled by it) with a `tabbedString` table, and `--revision=N` prints the revision's
//!   pod template with kubectl's describe layout (`describe::pod_template_text`, literal tabs
//!   and all, since kubectl writes that block without a tabwriter).
//! * `undo` is client side: it restores the chosen revision's template through an update; the
//!   StatefulSet controller then renumbers the revision and rolls the pods.
//! * `restart` sets `kubectl.kubernetes.io/restartedAt` on the pod template to the simulated
//!   time (RFC 3339, UTC); `pause` and `resume` are not supported for StatefulSets.
//!
//! The module also holds what the blocking commands share: the resource selection of
//! cli-runtime's builder ([`resource_targets`]), the error aggregate that kubectl's
//! `ContinueOnError` visitor and `checkErr` print ([`Errors`]), and Go duration flags.
//!
//! Left out: Deployments and DaemonSets (the simulation serves neither), `--kustomize`, and
//! the status viewer's rule for a set without a `rollingUpdate` block: the API server always
//! defaults that block (partition 0) for a RollingUpdate set, so the rule is never reached; a
//! stored set without it is treated as defaulted. `rollout undo` in 1.34 does not yet warn about
//! apply-managed objects (that warning came in a later kubectl).
//!
//! Architecture Invariant: these commands change the cluster only through `api::update`; the
//! waiter only reads. They never run the controllers themselves: the session settles the
//! cluster after a command and before time moves, as a real API server's watchers react
//! after the request returns. Nothing here panics on any argument or cluster state, and every loop is
//! bounded by the number of objects it visits.

use crate::sim::kubectl::sort;
use std::collections::{BTreeMap, VecDeque};

use serde_json::Value;

use crate::sim::api;
use crate::sim::clock::{SimTime, MINUTE_MS};
use crate::sim::kubectl::args::{self, boolean, integer, value, FlagSpec, ParsedArgs};
use crate::sim::kubectl::describe::pod_template_text;
use crate::sim::kubectl::mutate::{kind_slash_name, render_api_error};
use crate::sim::kubectl::printers;
use crate::sim::kubectl::resources::{self, Selection};
use crate::sim::kubectl::{Context, Invocation, Output, Stream, Waiter};
use crate::sim::model::{ControllerRevision, Kind, Object, PodTemplateSpec, StatefulSet};
use crate::sim::store::{ApiError, ObjectKey};
use crate::sim::text::duration::parse_go_duration;
use crate::sim::text::gofmt;
use crate::sim::world::Cluster;

/// How long `rollout status` watches one object when no `--timeout` is given.
pub const ROLLOUT_STATUS_MS_MAX: SimTime = 10 * MINUTE_MS;

/// The annotation `rollout restart` sets on the pod template.
pub const RESTARTED_AT: &str = "kubectl.kubernetes.io/restartedAt";
/// The annotation `rollout history` shows as CHANGE-CAUSE.
pub const CHANGE_CAUSE: &str = "kubernetes.io/change-cause";

// ---------------------------------------------------------------------------------------------
// Shared by the commands that visit several objects.
// ---------------------------------------------------------------------------------------------

/// The errors a command gathers while it goes on with the next object (cli-runtime's
/// `ContinueOnErrorVisitor`), printed at the end the way kubectl's `checkErr` prints them: a
/// single error gets an `error: ` prefix unless it is an API status error or already has one;
/// several errors are printed one per line, as they are.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Errors {
    /// Each message, and whether it is an API status error (printed without a prefix).
    messages: Vec<(String, bool)>,
}

impl Errors {
    /// A client-side error, e.g. `timed out waiting for the condition`.
    pub fn plain(&mut self, message: impl Into<String>) {
        self.messages.push((message.into(), false));
    }

    /// An error from the API server, already rendered (`Error from server (NotFound): …`).
    pub fn api(&mut self, error: &ApiError) {
        self.messages.push((render_api_error(error, None), true));
    }

    pub fn is_empty(&self) -> bool {
        self.messages.is_empty()
    }

    /// What kubectl prints on stderr for these errors, if any.
    pub fn render(&self) -> Option<String> {
        match self.messages.as_slice() {
            [] => None,
            [(message, true)] => Some(message.clone()),
            [(message, false)] if message.starts_with("error: ") => Some(message.clone()),
            [(message, false)] => Some(format!("error: {message}")),
            many => Some(
                many.iter()
                    .map(|(message, _)| message.as_str())
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
        }
    }

    /// Prints the errors on stderr and returns the exit code.
    pub fn finish(&self, out: &mut Output) -> i32 {
        match self.render() {
            Some(text) => {
                out.err(text);
                1
            }
            None => 0,
        }
    }
}

/// The objects a command names, as cli-runtime's builder resolves `-f FILE`, `TYPE NAME…`,
/// `TYPE/NAME…`, `TYPE -l SELECTOR` and `TYPE --all`. With `allow_empty_selector` (kubectl's
/// `ResourceTypeOrNameArgs(true, …)`), a bare `TYPE` means every object of the type; without
/// it kubectl asks for a name, a selector or `--all`.
pub fn resource_targets(
    ctx: &Context<'_>,
    args: &ParsedArgs,
    allow_empty_selector: bool,
) -> Result<Vec<ObjectKey>, String> {
    let mut keys = Vec::new();
    if args.has("filename") {
        for source in resources::read_files(ctx, args)? {
            for item in source.objects {
                let mut object = item.object;
                resources::settle_namespace(&mut object, args)?;
                keys.push(ObjectKey::of(&object));
            }
        }
        if args.positional.is_empty() {
            return Ok(keys);
        }
    }
    match resources::select(args, &args.positional, true)? {
        Selection::Named(named) => keys.extend(named),
        Selection::Listing {
            kinds,
            namespace,
            selector,
        } => {
            if !allow_empty_selector && selector.is_none() && !args.bool("all", false) {
                return Err("error: resource(s) were provided, but no name was specified".into());
            }
            for kind in kinds {
                keys.extend(
                    resources::list(ctx, kind, namespace.as_deref(), selector.as_ref())
                        .into_iter()
                        .map(ObjectKey::of),
                );
            }
        }
    }
    Ok(keys)
}

/// A Go duration flag (`--timeout=30s`) in milliseconds, with pflag's error for bad text.
pub fn duration_flag(
    args: &ParsedArgs,
    long: &str,
    command_path: &str,
) -> Result<Option<i64>, String> {
    match args.value(long) {
        None => Ok(None),
        Some(text) => parse_go_duration(text).map(Some).map_err(|error| {
            format!(
                "Error: invalid argument {} for \"--{long}\" flag: {error}\nSee '{command_path} --help' for usage.",
                gofmt::quote(text)
            )
        }),
    }
}

/// How `--dry-run` asks a command to behave.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DryRun {
    None,
    Client,
    Server,
}

impl DryRun {
    /// Reads `--dry-run` with kubectl's error for an unknown value.
    pub fn from_args(args: &ParsedArgs) -> Result<DryRun, String> {
        match args.value("dry-run") {
            None | Some("none") => Ok(DryRun::None),
            Some("client") => Ok(DryRun::Client),
            Some("server") => Ok(DryRun::Server),
            Some(other) => Err(format!(
                "error: Invalid dry-run value ({other}). Must be \"none\", \"server\", or \"client\"."
            )),
        }
    }

    /// What the name printer appends to the operation.
    pub fn suffix(self) -> &'static str {
        match self {
            DryRun::None => "",
            DryRun::Client => " (dry run)",
            DryRun::Server => " (server dry run)",
        }
    }
}

/// Prints an object the way the name printer or `-o yaml|json` does after a command.
fn print_object(
    out: &mut Output,
    cluster: &Cluster,
    key: &ObjectKey,
    operation: &str,
    output: &str,
) {
    match output {
        "name" => out.out(kind_slash_name(key.kind, &key.name)),
        "yaml" | "json" => {
            if let Some(object) = cluster.store.get(key) {
                let json = object.to_json();
                if output == "yaml" {
                    out.raw(Stream::Stdout, printers::to_yaml(&json));
                } else {
                    out.out(printers::to_json(&json));
                }
            }
        }
        _ => out.out(format!(
            "{} {operation}",
            kind_slash_name(key.kind, &key.name)
        )),
    }
}

/// `Pod`, `StatefulSet.apps`: how Go prints a `schema.GroupKind`.
fn group_kind(kind: Kind) -> String {
    match kind.info().group {
        "" => kind.name().to_string(),
        group => format!("{}.{group}", kind.name()),
    }
}

/// `{ Service}`, `{apps ControllerRevision}`: how Go's `%v` prints kubectl's
/// `GroupKindElement` in "no visitor method exists" errors.
fn group_kind_element(kind: Kind) -> String {
    format!("{{{} {}}}", kind.info().group, kind.name())
}

/// The output formats `rollout history|undo|restart` accept here.
fn check_output(output: &str) -> Result<(), String> {
    match output {
        "" | "name" | "yaml" | "json" => Ok(()),
        other => Err(format!(
            "error: unable to match a printer suitable for the output format \"{other}\", allowed formats are: json,name,yaml"
        )),
    }
}

// ---------------------------------------------------------------------------------------------
// `kubectl rollout`
// ---------------------------------------------------------------------------------------------

const ROLLOUT_HELP: &str = "Manage the rollout of one or many resources.
        
 Valid resource types include:

  *  deployments
  *  daemonsets
  *  statefulsets

Examples:
  # Rollback to the previous deployment
  kubectl rollout undo deployment/abc
  
  # Check the rollout status of a daemonset
  kubectl rollout status daemonset/foo
  
  # Restart a deployment
  kubectl rollout restart deployment/abc
  
  # Restart deployments with the 'app=nginx' label
  kubectl rollout restart deployment --selector=app=nginx

Available Commands:
  history       View rollout history
  pause         Mark the provided resource as paused
  restart       Restart a resource
  resume        Resume a paused resource
  status        Show the status of the rollout
  undo          Undo a previous rollout

Usage:
  kubectl rollout SUBCOMMAND [options]

Use \"kubectl rollout <command> --help\" for more information about a given command.
Use \"kubectl options\" for a list of global command-line options (applies to all commands).
";

/// Global flags that take a value, so the subcommand word is not mistaken for one.
const VALUE_FLAGS: &[&str] = &[
    "-n",
    "--namespace",
    "--context",
    "--kubeconfig",
    "--request-timeout",
    "-v",
];

/// Splits `rollout [global flags] SUBCOMMAND ARGS…` into the subcommand and the rest.
fn split_subcommand(argv: &[String]) -> (Option<String>, Vec<String>) {
    let mut index = 0;
    while index < argv.len() {
        let word = &argv[index];
        if word == "--" {
            break;
        }
        if word.len() > 1 && word.starts_with('-') {
            index += if VALUE_FLAGS.contains(&word.as_str()) {
                2
            } else {
                1
            };
            continue;
        }
        let mut rest = argv.to_vec();
        let sub = rest.remove(index);
        return (Some(sub), rest);
    }
    (None, argv.to_vec())
}

/// `kubectl rollout SUBCOMMAND …`
pub fn rollout(ctx: &mut Context<'_>, argv: &[String]) -> Result<Invocation, String> {
    let (sub, rest) = split_subcommand(argv);
    let wants_help = rest.iter().any(|w| w == "-h" || w == "--help");
    match sub.as_deref() {
        None if wants_help => {
            ctx.out.out(ROLLOUT_HELP);
            Ok(Invocation::Done(0))
        }
        None => {
            ctx.out.raw(Stream::Stdout, ROLLOUT_HELP);
            Ok(Invocation::Done(1))
        }
        Some("status") => status(ctx, &rest),
        Some("history") => history(ctx, &rest),
        Some("undo") => undo(ctx, &rest),
        Some("restart") => restart(ctx, &rest),
        Some("pause") => pause_or_resume(ctx, &rest, true),
        Some("resume") => pause_or_resume(ctx, &rest, false),
        Some(other) => Err(format!(
            "error: unknown command {}\nSee 'kubectl rollout -h' for help and examples",
            gofmt::quote(other)
        )),
    }
}

/// A subcommand's one-paragraph help (`-h`).
fn sub_help(out: &mut Output, short: &str, usage: &str) -> Result<Invocation, String> {
    out.out(format!(
        "{short}\n\nUsage:\n  kubectl rollout {usage} [options]\n\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n"
    ));
    Ok(Invocation::Done(0))
}

// ---------------------------------------------------------------------------------------------
// rollout status
// ---------------------------------------------------------------------------------------------

const STATUS_FLAGS: &[FlagSpec] = &[
    value("filename", Some('f')),
    boolean("watch", Some('w')),
    integer("revision", None),
    value("timeout", None),
    value("selector", Some('l')),
    boolean("recursive", Some('R')),
    value("kustomize", Some('k')),
    boolean("help", Some('h')),
];

/// The StatefulSet status viewer (`StatefulSetStatusViewer.Status`): the message, whether the
/// rollout is done, or the viewer's error.
pub fn statefulset_status(set: &StatefulSet) -> Result<(String, bool), String> {
    if set.update_strategy_type() != "RollingUpdate" {
        return Err("rollout status is only available for RollingUpdate strategy type".into());
    }
    let observed = set.status.observed_generation.unwrap_or(0);
    let generation = set.metadata.generation.unwrap_or(0);
    if observed == 0 || generation > observed {
        return Ok((
            "Waiting for statefulset spec update to be observed...".into(),
            false,
        ));
    }
    let replicas = i64::from(set.replicas());
    let ready = i64::from(set.status.ready_replicas);
    if ready < replicas {
        return Ok((
            format!("Waiting for {} pods to be ready...", replicas - ready),
            false,
        ));
    }
    let partition = set
        .spec
        .update_strategy
        .as_ref()
        .and_then(|s| s.rolling_update.as_ref())
        .and_then(|r| r.partition)
        .map(i64::from)
        .unwrap_or(0);
    let updated = i64::from(set.status.updated_replicas);
    if updated < replicas - partition {
        return Ok((
            format!(
                "Waiting for partitioned roll out to finish: {updated} out of {} new pods have been updated...",
                replicas - partition
            ),
            false,
        ));
    }
    Ok((
        format!("partitioned roll out complete: {updated} new pods have been updated..."),
        true,
    ))
}

/// `kubectl rollout status (TYPE NAME | TYPE/NAME) [-w] [--timeout=D]`
pub fn status(ctx: &mut Context<'_>, argv: &[String]) -> Result<Invocation, String> {
    let args = args::parse(argv, STATUS_FLAGS, "kubectl rollout status")?;
    if args.bool("help", false) {
        return sub_help(
            ctx.out,
            "Show the status of the rollout.",
            "status (TYPE NAME | TYPE/NAME)",
        );
    }
    if args.positional.is_empty() && !args.has("filename") {
        return Err("error: required resource not specified".into());
    }
    if let Some(revision) = args::int_flag(&args, "revision")? {
        if revision < 0 {
            return Err(format!(
                "error: revision must be a positive integer: {revision}"
            ));
        }
    }
    let timeout = duration_flag(&args, "timeout", "kubectl rollout status")?.unwrap_or(0);
    let limit = if timeout <= 0 {
        ROLLOUT_STATUS_MS_MAX
    } else {
        timeout as SimTime
    };
    let keys = resource_targets(ctx, &args, true)?;
    Ok(Invocation::Waiting(Box::new(RolloutStatusWaiter {
        pending: keys.into(),
        current: None,
        watch: args.bool("watch", true),
        limit_ms: limit,
        namespace: resources::namespace(&args),
        found: false,
        errors: Errors::default(),
    })))
}

/// The object `rollout status` is watching now.
#[derive(Debug, Clone)]
struct Watched {
    key: ObjectKey,
    uid: String,
    last_message: Option<String>,
    deadline: SimTime,
}

/// `rollout status`: watches each object in turn until its rollout is done.
pub struct RolloutStatusWaiter {
    pending: VecDeque<ObjectKey>,
    current: Option<Watched>,
    watch: bool,
    limit_ms: SimTime,
    namespace: String,
    found: bool,
    errors: Errors,
}

impl RolloutStatusWaiter {
    /// Starts watching the next object; false when there is none left.
    fn start_next(&mut self, cluster: &Cluster) -> bool {
        let Some(key) = self.pending.pop_front() else {
            return false;
        };
        let Some(object) = cluster.store.get(&key) else {
            self.errors.api(&ApiError::not_found(key.kind, &key.name));
            return true;
        };
        self.found = true;
        if key.kind != Kind::StatefulSet {
            self.errors.plain(format!(
                "no status viewer has been implemented for {}",
                group_kind(key.kind)
            ));
            return true;
        }
        self.current = Some(Watched {
            uid: object.meta().uid.clone(),
            key,
            last_message: None,
            deadline: cluster.now + self.limit_ms,
        });
        true
    }

    fn finish(&mut self, out: &mut Output) -> i32 {
        if self.errors.is_empty() && !self.found {
            out.err(format!(
                "No resources found in {} namespace.",
                self.namespace
            ));
        }
        self.errors.finish(out)
    }
}

impl Waiter for RolloutStatusWaiter {
    fn poll(&mut self, cluster: &mut Cluster, out: &mut Output) -> Option<i32> {
        // Each pass either finishes an object or returns, so this bound is never reached.
        let passes = 2 * (self.pending.len() + 1) + 2;
        for _ in 0..passes {
            let Some(watched) = self.current.as_mut() else {
                if self.start_next(cluster) {
                    continue;
                }
                return Some(self.finish(out));
            };
            let set = cluster
                .store
                .get(&watched.key)
                .filter(|o| o.meta().uid == watched.uid)
                .and_then(Object::as_stateful_set);
            let Some(set) = set else {
                self.errors.plain("object has been deleted");
                self.current = None;
                continue;
            };
            match statefulset_status(set) {
                Err(message) => {
                    self.errors.plain(message);
                    self.current = None;
                    continue;
                }
                Ok((message, done)) => {
                    if watched.last_message.as_deref() != Some(message.as_str()) {
                        out.out(message.clone());
                        watched.last_message = Some(message);
                    }
                    if done || !self.watch {
                        self.current = None;
                        continue;
                    }
                }
            }
            if cluster.now >= watched.deadline {
                self.errors.plain("timed out waiting for the condition");
                self.current = None;
                continue;
            }
            return None;
        }
        self.errors
            .plain("internal error: rollout status made no progress");
        Some(self.finish(out))
    }

    fn deadline(&self) -> SimTime {
        self.current.as_ref().map_or(SimTime::MAX, |w| w.deadline)
    }
}

// ---------------------------------------------------------------------------------------------
// Revisions
// ---------------------------------------------------------------------------------------------

/// The ControllerRevisions of a set: selected by its selector and controlled by it
/// (`controlledHistoryV1`), in the API's list order.
pub fn controlled_history(cluster: &Cluster, set: &StatefulSet) -> Vec<ControllerRevision> {
    let Some(selector) = &set.spec.selector else {
        return Vec::new();
    };
    cluster
        .store
        .list(Kind::ControllerRevision, Some(set.metadata.namespace()))
        .filter_map(Object::as_controller_revision)
        .filter(|r| selector.matches(&r.metadata.labels))
        .filter(|r| {
            r.metadata
                .controller_ref()
                .is_some_and(|owner| owner.uid == set.metadata.uid)
        })
        .cloned()
        .collect()
}

/// The pod template a revision restores: its data is a "replace" patch of `spec.template`.
pub fn template_of_revision(revision: &ControllerRevision) -> Result<PodTemplateSpec, String> {
    let mut template = revision
        .data
        .get("spec")
        .and_then(|spec| spec.get("template"))
        .cloned()
        .ok_or_else(|| format!("unable to parse history {}", revision.metadata.name))?;
    if let Some(map) = template.as_object_mut() {
        map.remove("$patch");
    }
    serde_json::from_value(template)
        .map_err(|_| format!("unable to parse history {}", revision.metadata.name))
}

/// A template as revision data compares it: Go always writes a container's `resources`, so an
/// absent one equals an empty one.
fn comparable_template(template: &PodTemplateSpec) -> Value {
    let mut value = serde_json::to_value(template).unwrap_or(Value::Null);
    if let Some(spec) = value.get_mut("spec").and_then(Value::as_object_mut) {
        for list in ["initContainers", "containers"] {
            if let Some(containers) = spec.get_mut(list).and_then(Value::as_array_mut) {
                for container in containers.iter_mut().filter_map(Value::as_object_mut) {
                    container
                        .entry("resources")
                        .or_insert_with(|| Value::Object(Default::default()));
                }
            }
        }
    }
    value
}

/// Whether the set's template already equals a revision's (`statefulsetMatch`).
fn templates_match(a: &PodTemplateSpec, b: &PodTemplateSpec) -> bool {
    comparable_template(a) == comparable_template(b)
}

/// The error kubectl gives for a kind without a history viewer or rollbacker.
fn unsupported_kind(kind: Kind, what: &str) -> String {
    if kind == Kind::Pod {
        format!(
            "no {what} has been implemented for {}",
            gofmt::quote(&group_kind(kind))
        )
    } else {
        format!(
            "error retrieving {what} for {}, no visitor method exists for {}",
            gofmt::quote(&group_kind(kind)),
            group_kind_element(kind)
        )
    }
}

// ---------------------------------------------------------------------------------------------
// rollout history
// ---------------------------------------------------------------------------------------------

const HISTORY_FLAGS: &[FlagSpec] = &[
    value("filename", Some('f')),
    value("selector", Some('l')),
    integer("revision", None),
    value("output", Some('o')),
    boolean("recursive", Some('R')),
    value("kustomize", Some('k')),
    boolean("allow-missing-template-keys", None),
    boolean("show-managed-fields", None),
    value("template", None),
    boolean("help", Some('h')),
];

/// The text `ViewHistory` returns for a set's revisions.
fn view_history(revisions: &[ControllerRevision], revision: i64) -> Result<String, String> {
    let mut by_number: BTreeMap<i64, &ControllerRevision> = BTreeMap::new();
    for history in revisions {
        by_number.insert(history.revision, history);
    }
    if by_number.is_empty() {
        return Ok("No rollout history found.".into());
    }
    if revision > 0 {
        let history = by_number
            .get(&revision)
            .ok_or_else(|| "unable to find the specified revision".to_string())?;
        let template = template_of_revision(history)?;
        return Ok(pod_template_text(&template));
    }
    let mut rows = vec![vec!["REVISION".to_string(), "CHANGE-CAUSE".to_string()]];
    for (number, history) in &by_number {
        let cause = history
            .metadata
            .annotations
            .get(CHANGE_CAUSE)
            .filter(|c| !c.is_empty())
            .cloned()
            .unwrap_or_else(|| "<none>".into());
        rows.push(vec![number.to_string(), cause]);
    }
    Ok(crate::sim::text::table::render_table_with(
        &rows,
        crate::sim::text::table::TableStyle::TABBED_STRING,
    ))
}

/// `kubectl rollout history (TYPE NAME | TYPE/NAME) [--revision=N] [-o yaml|json|name]`
pub fn history(ctx: &mut Context<'_>, argv: &[String]) -> Result<Invocation, String> {
    let args = args::parse(argv, HISTORY_FLAGS, "kubectl rollout history")?;
    if args.bool("help", false) {
        return sub_help(
            ctx.out,
            "View previous rollout revisions and configurations.",
            "history (TYPE NAME | TYPE/NAME)",
        );
    }
    if args.positional.is_empty() && !args.has("filename") {
        return Err("error: required resource not specified".into());
    }
    let revision = args::int_flag(&args, "revision")?.unwrap_or(0);
    if revision < 0 {
        return Err(format!(
            "error: revision must be a positive integer: {revision}"
        ));
    }
    let output = args.value("output").unwrap_or("").to_string();
    check_output(&output)?;
    let keys = resource_targets(ctx, &args, true)?;
    let mut errors = Errors::default();
    for key in keys {
        let Some(object) = ctx.cluster.store.get(&key) else {
            errors.api(&ApiError::not_found(key.kind, &key.name));
            continue;
        };
        let Some(set) = object.as_stateful_set() else {
            errors.plain(unsupported_kind(key.kind, "history viewer"));
            continue;
        };
        let revisions = controlled_history(ctx.cluster, set);
        if !output.is_empty() {
            if let Err(message) =
                print_revision_objects(ctx.out, set, &revisions, revision, &output)
            {
                errors.plain(message);
            }
            continue;
        }
        match view_history(&revisions, revision) {
            Ok(text) => {
                let with_revision = if revision > 0 {
                    format!("with revision #{revision}")
                } else {
                    String::new()
                };
                ctx.out.raw(
                    Stream::Stdout,
                    format!(
                        "{} {with_revision}\n{text}\n",
                        kind_slash_name(key.kind, &key.name)
                    ),
                );
            }
            Err(message) => errors.plain(message),
        }
    }
    Ok(Invocation::Done(errors.finish(ctx.out)))
}

/// `rollout history -o …`: the set as each revision would make it (`GetHistory`).
fn print_revision_objects(
    out: &mut Output,
    set: &StatefulSet,
    revisions: &[ControllerRevision],
    revision: i64,
    output: &str,
) -> Result<(), String> {
    let mut applied: BTreeMap<i64, StatefulSet> = BTreeMap::new();
    for history in revisions {
        let mut copy = set.clone();
        copy.spec.template = template_of_revision(history)?;
        applied.insert(history.revision, copy);
    }
    let chosen: Vec<&StatefulSet> = if revision > 0 {
        vec![applied
            .get(&revision)
            .ok_or_else(|| "unable to find the specified revision".to_string())?]
    } else {
        applied.values().collect()
    };
    for (index, copy) in chosen.into_iter().enumerate() {
        let object = Object::StatefulSet(Box::new(copy.clone()));
        match output {
            "name" => out.out(kind_slash_name(Kind::StatefulSet, &copy.metadata.name)),
            "yaml" => {
                if index > 0 {
                    out.raw(Stream::Stdout, "---\n");
                }
                out.raw(Stream::Stdout, printers::to_yaml(&object.to_json()));
            }
            _ => out.out(printers::to_json(&object.to_json())),
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// rollout undo
// ---------------------------------------------------------------------------------------------

const UNDO_FLAGS: &[FlagSpec] = &[
    value("filename", Some('f')),
    value("selector", Some('l')),
    integer("to-revision", None),
    value("dry-run", None),
    value("output", Some('o')),
    boolean("recursive", Some('R')),
    value("kustomize", Some('k')),
    boolean("allow-missing-template-keys", None),
    boolean("show-managed-fields", None),
    value("template", None),
    boolean("help", Some('h')),
];

/// The revision `undo` goes back to (`findHistory`): the second-highest for 0.
fn find_history(to_revision: i64, history: &[ControllerRevision]) -> Option<&ControllerRevision> {
    if to_revision == 0 {
        if history.len() <= 1 {
            return None;
        }
        let mut sorted: Vec<&ControllerRevision> = history.iter().collect();
        sort::sort_by_key(&mut sorted, |h| h.revision);
        return sorted.get(sorted.len() - 2).copied();
    }
    history.iter().find(|h| h.revision == to_revision)
}

/// `kubectl rollout undo (TYPE NAME | TYPE/NAME) [--to-revision=N]`
pub fn undo(ctx: &mut Context<'_>, argv: &[String]) -> Result<Invocation, String> {
    let args = args::parse(argv, UNDO_FLAGS, "kubectl rollout undo")?;
    if args.bool("help", false) {
        return sub_help(
            ctx.out,
            "Roll back to a previous rollout.",
            "undo (TYPE NAME | TYPE/NAME) [flags]",
        );
    }
    if args.positional.is_empty() && !args.has("filename") {
        return Err("error: required resource not specified".into());
    }
    let to_revision = args::int_flag(&args, "to-revision")?.unwrap_or(0);
    let dry_run = DryRun::from_args(&args)?;
    let output = args.value("output").unwrap_or("").to_string();
    check_output(&output)?;
    let keys = resource_targets(ctx, &args, true)?;
    let mut errors = Errors::default();
    for key in keys {
        let Some(object) = ctx.cluster.store.get(&key) else {
            errors.api(&ApiError::not_found(key.kind, &key.name));
            continue;
        };
        let Some(set) = object.as_stateful_set().cloned() else {
            errors.plain(unsupported_kind(key.kind, "rollbacker"));
            continue;
        };
        match rollback(ctx.cluster, set, to_revision, dry_run) {
            Ok(result) => {
                let operation = format!("{result}{}", dry_run.suffix());
                print_object(ctx.out, ctx.cluster, &key, &operation, &output);
            }
            Err(message) => errors.plain(message),
        }
    }
    Ok(Invocation::Done(errors.finish(ctx.out)))
}

/// `StatefulSetRollbacker.Rollback`: the operation text, or the error.
fn rollback(
    cluster: &mut Cluster,
    mut set: StatefulSet,
    to_revision: i64,
    dry_run: DryRun,
) -> Result<String, String> {
    let not_found = || format!("unable to find specified revision {to_revision} in history");
    if to_revision < 0 {
        return Err(not_found());
    }
    let history = controlled_history(cluster, &set);
    if to_revision == 0 && history.len() <= 1 {
        return Err("no last revision to roll back to".into());
    }
    let target = find_history(to_revision, &history).ok_or_else(not_found)?;
    let template = template_of_revision(target)?;
    if dry_run == DryRun::Client {
        return Ok(format!(
            "will roll back to {}",
            pod_template_text(&template)
        ));
    }
    if templates_match(&set.spec.template, &template) {
        return Ok(format!(
            "skipped rollback (current template already matches revision {to_revision})"
        ));
    }
    if dry_run == DryRun::Server {
        return Ok("rolled back".into());
    }
    set.spec.template = template;
    api::update(cluster, Object::StatefulSet(Box::new(set))).map_err(|error| {
        format!(
            "failed restoring revision {to_revision}: {}",
            error.server_message()
        )
    })?;
    Ok("rolled back".into())
}

// ---------------------------------------------------------------------------------------------
// rollout restart / pause / resume
// ---------------------------------------------------------------------------------------------

const PATCHER_FLAGS: &[FlagSpec] = &[
    value("filename", Some('f')),
    value("selector", Some('l')),
    value("output", Some('o')),
    value("field-manager", None),
    boolean("recursive", Some('R')),
    value("kustomize", Some('k')),
    boolean("allow-missing-template-keys", None),
    boolean("show-managed-fields", None),
    value("template", None),
    boolean("help", Some('h')),
];

/// `kubectl rollout restart (TYPE NAME | TYPE/NAME)`
pub fn restart(ctx: &mut Context<'_>, argv: &[String]) -> Result<Invocation, String> {
    let args = args::parse(argv, PATCHER_FLAGS, "kubectl rollout restart")?;
    if args.bool("help", false) {
        return sub_help(ctx.out, "Restart a resource.", "restart RESOURCE");
    }
    if args.positional.is_empty() && !args.has("filename") {
        return Err("error: required resource not specified".into());
    }
    let output = args.value("output").unwrap_or("").to_string();
    check_output(&output)?;
    let keys = resource_targets(ctx, &args, true)?;
    let mut errors = Errors::default();
    let mut infos = Vec::new();
    for key in keys {
        match ctx.cluster.store.get(&key) {
            Some(object) => infos.push(object.clone()),
            None => errors.api(&ApiError::not_found(key.kind, &key.name)),
        }
    }
    if infos.is_empty() && errors.is_empty() {
        ctx.out.err(format!(
            "No resources found in {} namespace.",
            resources::namespace(&args)
        ));
        return Ok(Invocation::Done(0));
    }
    let restarted_at = crate::sim::clock::rfc3339(ctx.cluster.now);
    for object in infos {
        let key = ObjectKey::of(&object);
        let Object::StatefulSet(mut set) = object else {
            errors.plain(format!(
                "error: {} {} restarting is not supported",
                key.kind.qualified_plural(),
                gofmt::quote(&key.name)
            ));
            continue;
        };
        let annotations = &mut set.spec.template.metadata.annotations;
        if annotations.get(RESTARTED_AT) == Some(&restarted_at) {
            errors.plain(format!(
                "failed to create patch for {}: if restart has already been triggered within the past second, please wait before attempting to trigger another",
                key.name
            ));
            continue;
        }
        annotations.insert(RESTARTED_AT.into(), restarted_at.clone());
        match api::update(ctx.cluster, Object::StatefulSet(set)) {
            Ok(()) => print_object(ctx.out, ctx.cluster, &key, "restarted", &output),
            Err(error) => errors.plain(format!("failed to patch: {}", error.server_message())),
        }
    }
    Ok(Invocation::Done(errors.finish(ctx.out)))
}

/// `kubectl rollout pause|resume …`: neither is supported for the kinds we serve.
pub fn pause_or_resume(
    ctx: &mut Context<'_>,
    argv: &[String],
    pause: bool,
) -> Result<Invocation, String> {
    let (verb, command) = if pause {
        ("pausing", "kubectl rollout pause")
    } else {
        ("resuming", "kubectl rollout resume")
    };
    let args = args::parse(argv, PATCHER_FLAGS, command)?;
    if args.bool("help", false) {
        let short = if pause {
            "Mark the provided resource as paused."
        } else {
            "Resume a paused resource."
        };
        let usage = if pause {
            "pause RESOURCE"
        } else {
            "resume RESOURCE"
        };
        return sub_help(ctx.out, short, usage);
    }
    if args.positional.is_empty() && !args.has("filename") {
        return Err("error: required resource not specified".into());
    }
    let output = args.value("output").unwrap_or("").to_string();
    check_output(&output)?;
    let keys = resource_targets(ctx, &args, true)?;
    let mut errors = Errors::default();
    let mut found = Vec::new();
    for key in keys {
        if ctx.cluster.store.contains(&key) {
            found.push(key);
        } else {
            errors.api(&ApiError::not_found(key.kind, &key.name));
        }
    }
    if found.is_empty() && errors.is_empty() {
        ctx.out.err(format!(
            "No resources found in {} namespace.",
            resources::namespace(&args)
        ));
        return Ok(Invocation::Done(0));
    }
    for key in found {
        errors.plain(format!(
            "error: {} {} {verb} is not supported",
            key.kind.qualified_plural(),
            gofmt::quote(&key.name)
        ));
    }
    Ok(Invocation::Done(errors.finish(ctx.out)))
}
