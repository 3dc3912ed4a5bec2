//! The commands that describe the cluster rather than its objects: `kubectl explain`,
//! `api-resources`, `version` and `cluster-info`, as kubectl 1.34 prints them
//! (`kubectl/pkg/cmd/{explain,apiresources,version,clusterinfo}`).
//!
//! * `explain RESOURCE[.field…] [--recursive] [--api-version=G/V]` resolves short names,
//!   plurals and `plural.group` prefixes to a kind, then renders through
//!   [`crate::sim::schema::explain`]; for a field that does not exist kubectl has already
//!   printed the header on stdout, and so does the playground.
//! * `api-resources` lists the kinds the simulation serves (not a real cluster's ~60), sorted
//!   as kubectl sorts them: by group, then by name (`--sort-by=name|kind`), with
//!   `--namespaced`, `--api-group`, `--verbs`, `--categories`, `--no-headers` and
//!   `-o wide|name|json|yaml`.
//! * `version` prints the client, Kustomize and server versions the simulation reproduces
//!   (v1.34.2, Kustomize v5.7.1); `-o json|yaml` add the build details. The server's details
//!   are those of the v1.34.2 release; the client's build date is assumed to equal them.
//! * `cluster-info` prints the control plane's address for the preset (kubeadm:
//!   `https://192.168.56.10:6443`, the notes' master; kind: `https://127.0.0.1:41797`, a port
//!   as kind picks one) and the CoreDNS proxy line, without the terminal colours. The
//!   simulation does not store the `kube-dns` Service, so its line is written from the
//!   preset; user Services labelled `kubernetes.io/cluster-service=true` are listed after it.
//!
//! Left out: `explain -o plaintext-openapiv2` (rendered like plaintext), `cluster-info dump`,
//! `api-resources --cached` (accepted), and the API's storage version hashes in
//! `api-resources -o json`.
//!
//! Architecture Invariant: these commands only read the cluster.

use crate::sim::kubectl::sort;
use serde_json::{json, Value};

use crate::sim::kubectl::args::{self, boolean, value, FlagSpec};
use crate::sim::kubectl::printers;
use crate::sim::kubectl::resources;
use crate::sim::kubectl::{Context, Invocation, Stream, CLIENT_VERSION, KUSTOMIZE_VERSION};
use crate::sim::model::{Kind, KindInfo, KINDS};
use crate::sim::text::table::render_table;
use crate::sim::world::Preset;

// ---------------------------------------------------------------------------------------------
// explain
// ---------------------------------------------------------------------------------------------

const EXPLAIN_FLAGS: &[FlagSpec] = &[
    boolean("recursive", None),
    value("api-version", None),
    value("output", Some('o')),
    boolean("help", Some('h')),
];

/// Splits `statefulsets.apps.spec.replicas` or `sts.spec.replicas` into the kind and the field
/// path (`SplitAndParseResourceRequestWithMatchingPrefix`).
fn split_resource_request(text: &str) -> Result<(Kind, Vec<String>), String> {
    let lower = text.to_ascii_lowercase();
    for info in KINDS.iter().filter(|i| !i.group.is_empty()) {
        let prefix = format!("{}.{}", info.plural, info.group);
        if let Some(rest) = lower.strip_prefix(&prefix) {
            if rest.is_empty() || rest.starts_with('.') {
                let fields = text[prefix.len()..]
                    .split('.')
                    .filter(|f| !f.is_empty())
                    .map(str::to_string)
                    .collect();
                return Ok((info.kind, fields));
            }
        }
    }
    let mut parts = text.split('.');
    let resource = parts.next().unwrap_or_default();
    let kind = resources::resolve_kind(resource)?;
    let fields = parts
        .filter(|f| !f.is_empty())
        .map(str::to_string)
        .collect();
    Ok((kind, fields))
}

/// `kubectl explain RESOURCE[.FIELD…] [--recursive]`
pub fn explain(ctx: &mut Context<'_>, argv: &[String]) -> Result<Invocation, String> {
    let args = args::parse(argv, EXPLAIN_FLAGS, "kubectl explain")?;
    if args.bool("help", false) {
        ctx.out.out("Describe fields and structure of various resources.\n\nUsage:\n  kubectl explain TYPE [--recursive=FALSE|TRUE] [--api-version=api-version-group] [-o|--output=plaintext|plaintext-openapiv2] [options]\n");
        return Ok(Invocation::Done(0));
    }
    match args.positional.len() {
        0 => return Err("error: You must specify the type of resource to explain. Use \"kubectl api-resources\" for a complete list of supported resources.".into()),
        1 => {}
        _ => return Err("error: We accept only this format: explain RESOURCE".into()),
    }
    let (kind, fields) = split_resource_request(&args.positional[0])?;
    let info = kind.info();
    let (mut group, mut version) = (info.group.to_string(), info.version.to_string());
    if let Some(api_version) = args.value("api-version") {
        let (g, v) = match api_version.split_once('/') {
            Some((g, v)) => (g.to_string(), v.to_string()),
            None => (String::new(), api_version.to_string()),
        };
        if g != group || v != version {
            return Err(format!(
                "error: couldn't find resource for \"{g}/{v}, Resource={}\"",
                info.plural
            ));
        }
        group = g;
        version = v;
    }
    match args.value("output").unwrap_or("plaintext") {
        "plaintext" | "plaintext-openapiv2" => {}
        other => return Err(format!("error: unrecognized format: {other}")),
    }
    let field_refs: Vec<&str> = fields.iter().map(String::as_str).collect();
    let recursive = args.bool("recursive", false);
    match crate::sim::schema::explain(&group, &version, kind.name(), &field_refs, recursive) {
        Ok(text) => {
            ctx.out.raw(Stream::Stdout, text);
            Ok(Invocation::Done(0))
        }
        Err(message) => {
            if message.starts_with("error: field ") {
                ctx.out.raw(
                    Stream::Stdout,
                    crate::sim::schema::explain_header(&group, &version, kind.name()),
                );
            }
            Err(message)
        }
    }
}

// ---------------------------------------------------------------------------------------------
// api-resources
// ---------------------------------------------------------------------------------------------

const API_RESOURCES_FLAGS: &[FlagSpec] = &[
    value("output", Some('o')),
    boolean("no-headers", None),
    value("api-group", None),
    boolean("namespaced", None),
    value("verbs", None),
    value("sort-by", None),
    boolean("cached", None),
    value("categories", None),
    boolean("help", Some('h')),
];

/// The categories discovery reports for a kind (`all` for the kinds `kubectl get all` shows).
fn categories(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Pod | Kind::Service | Kind::StatefulSet => &["all"],
        _ => &[],
    }
}

/// A comma-separated flag (`StringSliceVar`), all of its occurrences.
fn slice_flag(values: &[String]) -> Vec<String> {
    values
        .iter()
        .flat_map(|v| v.split(','))
        .filter(|v| !v.is_empty())
        .map(str::to_string)
        .collect()
}

/// `kubectl api-resources`
pub fn api_resources(ctx: &mut Context<'_>, argv: &[String]) -> Result<Invocation, String> {
    let args = args::parse(argv, API_RESOURCES_FLAGS, "kubectl api-resources")?;
    if args.bool("help", false) {
        ctx.out.out("Print the supported API resources on the server.\n\nUsage:\n  kubectl api-resources [flags] [options]\n");
        return Ok(Invocation::Done(0));
    }
    if !args.positional.is_empty() {
        return Err(format!(
            "error: unexpected arguments: [{}]\nSee 'kubectl api-resources -h' for help and examples",
            args.positional.join(" ")
        ));
    }
    let sort_by = args.value("sort-by").unwrap_or("");
    if !["", "name", "kind"].contains(&sort_by) {
        return Err("error: --sort-by accepts only name or kind".into());
    }
    let output = args.value("output").unwrap_or("");
    if !["", "wide", "name", "json", "yaml"].contains(&output) {
        return Err(format!(
            "error: unable to match a printer suitable for the output format \"{output}\", allowed formats are: json,yaml,name,wide"
        ));
    }
    let verbs = slice_flag(args.values("verbs"));
    let wanted_categories = slice_flag(args.values("categories"));
    let mut rows: Vec<&KindInfo> = KINDS
        .iter()
        .filter(|info| args.value("api-group").is_none_or(|g| g == info.group))
        .filter(|info| !args.has("namespaced") || args.bool("namespaced", true) == info.namespaced)
        .filter(|info| {
            let served: Vec<&str> = info.verbs.split(' ').collect();
            verbs.iter().all(|v| served.contains(&v.as_str()))
        })
        .filter(|info| {
            wanted_categories
                .iter()
                .all(|c| categories(info.kind).contains(&c.as_str()))
        })
        .collect();
    sort::sort_by(&mut rows, |a, b| {
        let key = |info: &KindInfo| -> String {
            match sort_by {
                "name" => info.plural.to_string(),
                "kind" => info.name.to_string(),
                _ => info.group.to_string(),
            }
        };
        key(a).cmp(&key(b)).then_with(|| a.plural.cmp(b.plural))
    });
    match output {
        "name" => {
            for info in rows {
                if info.group.is_empty() {
                    ctx.out.out(info.plural);
                } else {
                    ctx.out.out(format!("{}.{}", info.plural, info.group));
                }
            }
        }
        "json" | "yaml" => {
            let resources: Vec<Value> = rows
                .iter()
                .map(|info| {
                    let mut resource = json!({
                        "name": info.plural,
                        "singularName": info.singular,
                        "namespaced": info.namespaced,
                        "group": info.group,
                        "version": info.version,
                        "kind": info.name,
                        "verbs": info.verbs.split(' ').collect::<Vec<_>>(),
                    });
                    if let Value::Object(map) = &mut resource {
                        if info.group.is_empty() {
                            map.remove("group");
                        }
                        if !info.short_names.is_empty() {
                            map.insert("shortNames".into(), json!(info.short_names));
                        }
                        if !categories(info.kind).is_empty() {
                            map.insert("categories".into(), json!(categories(info.kind)));
                        }
                    }
                    resource
                })
                .collect();
            let list = json!({
                "kind": "APIResourceList",
                "apiVersion": "v1",
                "groupVersion": "",
                "resources": resources,
            });
            if output == "json" {
                ctx.out.out(printers::to_json(&list));
            } else {
                ctx.out.raw(Stream::Stdout, printers::to_yaml(&list));
            }
        }
        _ => {
            let wide = output == "wide";
            let mut table: Vec<Vec<String>> = Vec::new();
            if !args.bool("no-headers", false) {
                let mut header = vec!["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"];
                if wide {
                    header.extend(["VERBS", "CATEGORIES"]);
                }
                table.push(header.into_iter().map(String::from).collect());
            }
            for info in rows {
                let mut row = vec![
                    info.plural.to_string(),
                    info.short_names.join(","),
                    info.kind.api_version(),
                    info.namespaced.to_string(),
                    info.name.to_string(),
                ];
                if wide {
                    row.push(info.verbs.replace(' ', ","));
                    row.push(categories(info.kind).join(","));
                }
                table.push(row);
            }
            ctx.out.raw(Stream::Stdout, render_table(&table));
        }
    }
    Ok(Invocation::Done(0))
}

// ---------------------------------------------------------------------------------------------
// version
// ---------------------------------------------------------------------------------------------

const VERSION_FLAGS: &[FlagSpec] = &[
    boolean("client", None),
    value("output", Some('o')),
    boolean("help", Some('h')),
];

/// The release the simulation reproduces (`k8s.io/apimachinery/pkg/version.Info`), in the
/// order Go writes the struct's fields.
const GIT_COMMIT: &str = "8cc511e399b929453cd98ae65b419c3cc227ec79";
const BUILD_DATE: &str = "2025-11-11T19:00:39Z";
const GO_VERSION: &str = "go1.24.9";

fn version_info(server: bool) -> Value {
    let mut info = serde_json::Map::new();
    info.insert("major".into(), json!("1"));
    info.insert("minor".into(), json!("34"));
    if server {
        info.insert("emulationMajor".into(), json!("1"));
        info.insert("emulationMinor".into(), json!("34"));
        info.insert("minCompatibilityMajor".into(), json!("1"));
        info.insert("minCompatibilityMinor".into(), json!("33"));
    }
    info.insert("gitVersion".into(), json!(CLIENT_VERSION));
    info.insert("gitCommit".into(), json!(GIT_COMMIT));
    info.insert("gitTreeState".into(), json!("clean"));
    info.insert("buildDate".into(), json!(BUILD_DATE));
    info.insert("goVersion".into(), json!(GO_VERSION));
    info.insert("compiler".into(), json!("gc"));
    info.insert("platform".into(), json!("linux/amd64"));
    Value::Object(info)
}

/// `kubectl version [--client] [-o yaml|json]`
pub fn version(ctx: &mut Context<'_>, argv: &[String]) -> Result<Invocation, String> {
    let args = args::parse(argv, VERSION_FLAGS, "kubectl version")?;
    if args.bool("help", false) {
        ctx.out.out("Print the client and server version information for the current context.\n\nUsage:\n  kubectl version [flags] [options]\n");
        return Ok(Invocation::Done(0));
    }
    if !args.positional.is_empty() {
        return Err(format!(
            "error: extra arguments: [{}]",
            args.positional.join(" ")
        ));
    }
    let output = args.value("output").unwrap_or("");
    if !["", "yaml", "json"].contains(&output) {
        return Err("error: --output must be 'yaml' or 'json'".into());
    }
    let client_only = args.bool("client", false);
    match output {
        "" => {
            ctx.out.out(format!("Client Version: {CLIENT_VERSION}"));
            ctx.out
                .out(format!("Kustomize Version: {KUSTOMIZE_VERSION}"));
            if !client_only {
                ctx.out.out(format!("Server Version: {CLIENT_VERSION}"));
            }
        }
        format => {
            let mut version = serde_json::Map::new();
            version.insert("clientVersion".into(), version_info(false));
            version.insert("kustomizeVersion".into(), json!(KUSTOMIZE_VERSION));
            if !client_only {
                version.insert("serverVersion".into(), version_info(true));
            }
            let version = Value::Object(version);
            if format == "json" {
                // `json.MarshalIndent` of the struct: fields in declaration order.
                ctx.out
                    .out(serde_json::to_string_pretty(&version).unwrap_or_default());
            } else {
                // sigs.k8s.io/yaml goes through JSON, so the keys come out sorted; Println adds
                // a blank line after the document.
                ctx.out.raw(
                    Stream::Stdout,
                    printers::to_yaml(&printers::sort_keys(&version)) + "\n",
                );
            }
        }
    }
    Ok(Invocation::Done(0))
}

// ---------------------------------------------------------------------------------------------
// cluster-info
// ---------------------------------------------------------------------------------------------

const CLUSTER_INFO_FLAGS: &[FlagSpec] = &[boolean("help", Some('h'))];

/// The API server address the kubeconfig of the preset points at.
pub fn api_server_host(preset: Preset) -> &'static str {
    match preset {
        Preset::Kubeadm => "https://192.168.56.10:6443",
        Preset::Kind => "https://127.0.0.1:41797",
    }
}

/// `kubectl cluster-info`
pub fn cluster_info(ctx: &mut Context<'_>, argv: &[String]) -> Result<Invocation, String> {
    let args = args::parse(argv, CLUSTER_INFO_FLAGS, "kubectl cluster-info")?;
    if args.bool("help", false) {
        ctx.out.out("Display addresses of the control plane and services with label kubernetes.io/cluster-service=true.\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n\nUsage:\n  kubectl cluster-info [flags] [options]\n");
        return Ok(Invocation::Done(0));
    }
    if args.positional.first().is_some_and(|p| p == "dump") {
        return Err("error: cluster-info dump is not available in the playground; use kubectl get and kubectl describe instead".into());
    }
    let host = api_server_host(ctx.cluster.preset);
    let namespace = args.value("namespace").unwrap_or("kube-system").to_string();
    let mut text = format!("Kubernetes control plane is running at {host}\n");
    if namespace == "kube-system" {
        text.push_str(&format!(
            "CoreDNS is running at {host}/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy\n"
        ));
    }
    for object in ctx.cluster.store.list(Kind::Service, Some(&namespace)) {
        let Some(service) = object.as_service() else {
            continue;
        };
        let labels = &service.metadata.labels;
        if labels
            .get("kubernetes.io/cluster-service")
            .map(String::as_str)
            != Some("true")
        {
            continue;
        }
        let name = &service.metadata.name;
        let path = match service.spec.ports.first() {
            Some(port) => {
                let port_name = port.name.as_deref().unwrap_or("");
                // `utilnet.JoinSchemeNamePort`.
                if port_name == "https" || port.port == 443 {
                    format!("https:{name}:{port_name}")
                } else if port_name.is_empty() {
                    name.clone()
                } else {
                    format!("{name}:{port_name}")
                }
            }
            None => name.clone(),
        };
        let shown = labels
            .get("kubernetes.io/name")
            .filter(|n| !n.is_empty())
            .unwrap_or(name);
        text.push_str(&format!(
            "{shown} is running at {host}/api/v1/namespaces/{namespace}/services/{path}/proxy\n"
        ));
    }
    text.push_str(
        "\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n",
    );
    ctx.out.raw(Stream::Stdout, text);
    Ok(Invocation::Done(0))
}
