//! kubectl's resource builder: turns `-f FILE`, `TYPE NAME…`, `TYPE/NAME`, `TYPE1,TYPE2`, `-l`
//! and `--all` into the objects a command works on (`cli-runtime/pkg/resource/builder.go`).

use crate::sim::kubectl::args::ParsedArgs;
use crate::sim::kubectl::Context;
use crate::sim::manifest::{self, ManifestObject};
use crate::sim::model::{parse_selector, Kind, LabelSelector, Object};
use crate::sim::store::ObjectKey;

/// What one `-f` source gave: the file name kubectl prints and its objects.
pub struct FileObjects {
    pub file_name: String,
    pub objects: Vec<ManifestObject>,
    /// Per-object errors from the API server's decoding (unknown fields, wrong types), printed
    /// in document order among the results.
    pub decode_errors: Vec<(usize, String)>,
}

/// The namespace a command works in: `-n`, else `default`.
pub fn namespace(args: &ParsedArgs) -> String {
    args.value("namespace").unwrap_or("default").to_string()
}

/// Reads every `-f` source. A syntax error in any file stops the command before anything is
/// applied (see `manifest` for why).
pub fn read_files(ctx: &Context<'_>, args: &ParsedArgs) -> Result<Vec<FileObjects>, String> {
    let mut sources = Vec::new();
    for path in args.values("filename") {
        let (file_name, text) = if path == "-" {
            match ctx.stdin {
                Some(text) => ("STDIN".to_string(), text.to_string()),
                None => return Err("error: no objects passed to apply".into()),
            }
        } else {
            match ctx.files.get(path.as_str()) {
                Some(text) => (path.clone(), text.clone()),
                None => return Err(format!("error: the path \"{path}\" does not exist")),
            }
        };
        let parsed = manifest::parse(&file_name, &text);
        if let Some(error) = parsed.client_errors().next() {
            return Err(error.kubectl.clone());
        }
        let decode_errors = parsed
            .diagnostics
            .iter()
            .map(|d| (d.document, d.kubectl.clone()))
            .collect();
        sources.push(FileObjects {
            file_name,
            objects: parsed.objects,
            decode_errors,
        });
    }
    Ok(sources)
}

/// Sets the namespace of a namespaced object from the file, `-n` or `default`, with kubectl's
/// error when the file and `-n` disagree.
pub fn settle_namespace(object: &mut Object, args: &ParsedArgs) -> Result<(), String> {
    let kind = object.kind();
    if !kind.namespaced() {
        object.meta_mut().namespace = None;
        return Ok(());
    }
    let flag = args.value("namespace");
    match (&object.meta().namespace, flag) {
        (Some(from_file), Some(flag)) if from_file != flag => Err(format!(
            "error: the namespace from the provided object \"{from_file}\" does not match the namespace \"{flag}\". You must pass '--namespace={from_file}' to perform this operation."
        )),
        (Some(_), _) => Ok(()),
        (None, flag) => {
            object.meta_mut().namespace = Some(flag.unwrap_or("default").to_string());
            Ok(())
        }
    }
}

/// A resource type typed on the command line.
pub fn resolve_kind(text: &str) -> Result<Kind, String> {
    Kind::from_resource_arg(text)
        .ok_or_else(|| format!("error: the server doesn't have a resource type \"{text}\""))
}

/// What the positional arguments select.
#[derive(Debug, Clone, PartialEq)]
pub enum Selection {
    /// Named objects, in the order given.
    Named(Vec<ObjectKey>),
    /// Every object of these kinds (matching the selector) in the namespace, or in all
    /// namespaces when `namespace` is None.
    Listing {
        kinds: Vec<Kind>,
        namespace: Option<String>,
        selector: Option<LabelSelector>,
    },
}

/// Expands `all` as kubectl's category does for the kinds we serve.
fn expand_types(text: &str) -> Result<Vec<Kind>, String> {
    let mut kinds = Vec::new();
    for part in text.split(',') {
        if part == "all" {
            kinds.extend([Kind::Pod, Kind::Service, Kind::StatefulSet]);
        } else {
            kinds.push(resolve_kind(part)?);
        }
    }
    Ok(kinds)
}

/// Interprets `TYPE [NAME…]`, `TYPE/NAME…`, `-l`, `--all`, `-A`.
pub fn select(
    args: &ParsedArgs,
    positional: &[String],
    require_something: bool,
) -> Result<Selection, String> {
    let namespace = namespace(args);
    let selector = match args.value("selector") {
        Some(text) => Some(parse_selector(text).map_err(|e| format!("error: {e}"))?),
        None => None,
    };
    let all_namespaces = args.bool("all-namespaces", false);
    if positional.is_empty() {
        return Err(if require_something {
            "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'".to_string()
        } else {
            "You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples".to_string()
        });
    }
    if positional.iter().any(|p| p.contains('/')) {
        let mut keys = Vec::new();
        for word in positional {
            let Some((type_text, name)) = word.split_once('/') else {
                return Err("error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'".to_string());
            };
            let kind = resolve_kind(type_text)?;
            keys.push(ObjectKey::new(kind, &namespace, name));
        }
        return Ok(Selection::Named(keys));
    }
    let kinds = expand_types(&positional[0])?;
    let names = &positional[1..];
    if names.is_empty() {
        return Ok(Selection::Listing {
            kinds,
            namespace: if all_namespaces {
                None
            } else {
                Some(namespace)
            },
            selector,
        });
    }
    if selector.is_some() {
        return Err("error: name cannot be provided when a selector is specified".into());
    }
    let mut keys = Vec::new();
    for kind in kinds {
        for name in names {
            keys.push(ObjectKey::new(kind, &namespace, name));
        }
    }
    Ok(Selection::Named(keys))
}

/// The objects of a listing, sorted as kubectl shows them (namespace, then name).
pub fn list<'c>(
    ctx: &'c Context<'_>,
    kind: Kind,
    namespace: Option<&str>,
    selector: Option<&LabelSelector>,
) -> Vec<&'c Object> {
    ctx.cluster
        .store
        .list(kind, namespace)
        .filter(|o| selector.is_none_or(|s| s.matches(&o.meta().labels)))
        .collect()
}

/// `No resources found in default namespace.` / `No resources found`.
pub fn no_resources_message(namespace: Option<&str>, kinds: &[Kind]) -> String {
    match namespace {
        Some(ns) if kinds.iter().any(|k| k.namespaced()) => {
            format!("No resources found in {ns} namespace.")
        }
        _ => "No resources found".to_string(),
    }
}
