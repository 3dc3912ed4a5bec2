//! Tab completion for the console: kubectl's verbs (and the subcommands of `rollout` and
//! `set`), resource kinds as kubectl accepts them (plural, singular, short name), object names
//! of the kind already typed (`get pods my<Tab>`, `describe pod/my<Tab>`, `exec my<Tab>`),
//! namespaces after `-n`, and `-o` formats.
//!
//! Leaves out: file names after `-f` (the editor's tabs are a click away), flags, and quoting:
//! words are split at spaces, which is enough for kinds and object names.
//!
//! Architecture Invariant: pure. Names come through [`Names`], which the page answers from the
//! session's store ([`Cluster`] implements it here) and tests answer from a table. Candidates
//! are sorted and unique, so the same input always completes the same way.

use std::collections::BTreeSet;

use crate::sim::model::{Kind, Object, KINDS};
use crate::sim::world::Cluster;

/// The kubectl verbs the simulation runs, as `kubectl` dispatches them.
pub const VERBS: &[&str] = &[
    "annotate",
    "api-resources",
    "apply",
    "cluster-info",
    "cordon",
    "create",
    "delete",
    "describe",
    "drain",
    "exec",
    "explain",
    "get",
    "label",
    "logs",
    "patch",
    "replace",
    "rollout",
    "run",
    "scale",
    "set",
    "uncordon",
    "version",
    "wait",
];
/// What the console itself runs besides kubectl.
pub const SHELL_WORDS: &[&str] = &["clear", "help", "kubectl"];
const ROLLOUT_SUBCOMMANDS: &[&str] = &["history", "pause", "restart", "resume", "status", "undo"];
const SET_SUBCOMMANDS: &[&str] = &["image"];
const OUTPUT_FORMATS: &[&str] = &["json", "name", "wide", "yaml"];
/// Flags whose value is the next word.
const FLAGS_WITH_VALUE: &[&str] = &[
    "-n",
    "--namespace",
    "-f",
    "--filename",
    "-o",
    "--output",
    "-l",
    "--selector",
    "-c",
    "--container",
    "--image",
    "--for",
    "--timeout",
    "--replicas",
    "-p",
    "--patch",
    "--type",
];
/// The namespace commands use when none is typed.
const DEFAULT_NAMESPACE: &str = "default";

/// Where object names come from.
pub trait Names {
    /// The names of `kind`'s objects in `namespace` (ignored for cluster-scoped kinds).
    fn names(&self, kind: Kind, namespace: &str) -> Vec<String>;
}

impl Names for Cluster {
    fn names(&self, kind: Kind, namespace: &str) -> Vec<String> {
        let namespace = kind.namespaced().then_some(namespace);
        self.store
            .list(kind, namespace)
            .map(Object::name)
            .map(str::to_string)
            .collect()
    }
}

/// What Tab does to the input line.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Completion {
    /// The line after Tab: the last word completed as far as every candidate agrees.
    pub input: String,
    /// Every word that would fit, shown when there is more than one.
    pub candidates: Vec<String>,
}

/// Completes the last word of `input`.
pub fn complete(input: &str, names: &dyn Names) -> Completion {
    let (head, partial) = match input.rfind(char::is_whitespace) {
        Some(at) => input.split_at(at + 1),
        None => ("", input),
    };
    let words: Vec<&str> = head.split_whitespace().collect();
    let candidates = candidates(&words, partial, names);
    let input = match candidates.as_slice() {
        [] => input.to_string(),
        [only] => format!("{head}{only}{}", if only.ends_with('/') { "" } else { " " }),
        many => {
            let common = common_prefix(many);
            if common.len() > partial.len() {
                format!("{head}{common}")
            } else {
                input.to_string()
            }
        }
    };
    let shown = if candidates.len() > 1 {
        candidates
    } else {
        Vec::new()
    };
    Completion {
        input,
        candidates: shown,
    }
}

/// The words that fit `partial` after `words`, sorted and unique.
fn candidates(words: &[&str], partial: &str, names: &dyn Names) -> Vec<String> {
    let found: Vec<String> = match words.first() {
        None => starting_with(SHELL_WORDS.iter().copied(), partial),
        Some(&"kubectl") => kubectl_candidates(&words[1..], partial, names),
        Some(_) => Vec::new(),
    };
    let unique: BTreeSet<String> = found.into_iter().collect();
    unique.into_iter().collect()
}

fn starting_with<'a>(words: impl Iterator<Item = &'a str>, partial: &str) -> Vec<String> {
    words
        .filter(|word| word.starts_with(partial))
        .map(str::to_string)
        .collect()
}

/// What the words after `kubectl` say: the positional arguments, the namespace, and the flag
/// whose value is being typed.
struct Parsed<'a> {
    args: Vec<&'a str>,
    namespace: &'a str,
    pending_flag: Option<&'a str>,
}

fn parse<'a>(words: &[&'a str]) -> Parsed<'a> {
    let mut parsed = Parsed {
        args: Vec::new(),
        namespace: DEFAULT_NAMESPACE,
        pending_flag: None,
    };
    let mut iter = words.iter().copied();
    while let Some(word) = iter.next() {
        if word == "--" {
            // What follows is the command run in the container.
            parsed.args.push(word);
            break;
        }
        if let Some(namespace) = word.strip_prefix("--namespace=") {
            parsed.namespace = namespace;
        } else if word == "-f" && parsed.args.first() == Some(&"logs") {
            // `logs -f` follows; it names no file.
        } else if FLAGS_WITH_VALUE.contains(&word) {
            match iter.next() {
                Some(value) if word == "-n" || word == "--namespace" => parsed.namespace = value,
                Some(_) => {}
                None => parsed.pending_flag = Some(word),
            }
        } else if !word.starts_with('-') {
            parsed.args.push(word);
        }
    }
    parsed
}

/// Every spelling of every kind kubectl accepts, lower case.
fn kind_words() -> impl Iterator<Item = &'static str> {
    KINDS.iter().flat_map(|info| {
        [info.plural, info.singular]
            .into_iter()
            .chain(info.short_names.iter().copied())
    })
}

fn kubectl_candidates(words: &[&str], partial: &str, names: &dyn Names) -> Vec<String> {
    let parsed = parse(words);
    if let Some(flag) = parsed.pending_flag {
        return match flag {
            "-n" | "--namespace" => starting_with(
                names_of(names, Kind::Namespace, "")
                    .iter()
                    .map(String::as_str),
                partial,
            ),
            "-o" | "--output" => starting_with(OUTPUT_FORMATS.iter().copied(), partial),
            _ => Vec::new(),
        };
    }
    if partial.starts_with('-') || parsed.args.contains(&"--") {
        return Vec::new();
    }
    let Some((verb, rest)) = parsed.args.split_first() else {
        return starting_with(VERBS.iter().copied(), partial);
    };
    let namespace = parsed.namespace;
    let typed_args: &[&str] = match *verb {
        "rollout" | "set" => {
            let subcommands = if *verb == "rollout" {
                ROLLOUT_SUBCOMMANDS
            } else {
                SET_SUBCOMMANDS
            };
            match rest.split_first() {
                None => return starting_with(subcommands.iter().copied(), partial),
                Some((_, after)) => after,
            }
        }
        "exec" | "logs" => {
            return if rest.is_empty() {
                object_names(names, Kind::Pod, namespace, partial)
            } else {
                Vec::new()
            };
        }
        "cordon" | "uncordon" | "drain" => {
            return object_names(names, Kind::Node, namespace, partial);
        }
        "explain" => {
            return if rest.is_empty() {
                starting_with(kind_words(), partial)
            } else {
                Vec::new()
            };
        }
        "get" | "describe" | "delete" | "label" | "annotate" | "scale" | "patch" | "wait" => rest,
        _ => return Vec::new(),
    };
    match typed_args.first() {
        // `kind/name` forms name every object with its kind.
        _ if partial.contains('/') => slash_names(names, namespace, partial),
        Some(kinds) if !kinds.contains('/') => {
            // Names of every kind in a comma list (`get pvc,pv NAME` is refused by kubectl,
            // but a single kind is the common case).
            kinds
                .split(',')
                .filter_map(Kind::from_resource_arg)
                .flat_map(|kind| object_names(names, kind, namespace, partial))
                .collect()
        }
        Some(_) => Vec::new(),
        None => match partial.rsplit_once(',') {
            // `get pvc,p<Tab>`: complete the last kind of the list.
            Some((before, last)) => starting_with(kind_words(), last)
                .into_iter()
                .map(|word| format!("{before},{word}"))
                .collect(),
            None => starting_with(kind_words(), partial),
        },
    }
}

fn names_of(names: &dyn Names, kind: Kind, namespace: &str) -> Vec<String> {
    names.names(kind, namespace)
}

fn object_names(names: &dyn Names, kind: Kind, namespace: &str, partial: &str) -> Vec<String> {
    names_of(names, kind, namespace)
        .into_iter()
        .filter(|name| name.starts_with(partial))
        .collect()
}

/// `pod/my` → `pod/myapp-0`, `pod/myapp-1`; `sts/` → every StatefulSet.
fn slash_names(names: &dyn Names, namespace: &str, partial: &str) -> Vec<String> {
    let Some((kind_word, name_part)) = partial.split_once('/') else {
        return Vec::new();
    };
    let Some(kind) = Kind::from_resource_arg(kind_word) else {
        return Vec::new();
    };
    object_names(names, kind, namespace, name_part)
        .into_iter()
        .map(|name| format!("{kind_word}/{name}"))
        .collect()
}

/// The longest prefix every word shares (on character boundaries).
fn common_prefix(words: &[String]) -> String {
    let Some(first) = words.first() else {
        return String::new();
    };
    let mut end = first.len();
    for word in &words[1..] {
        end = first
            .char_indices()
            .zip(word.chars())
            .find(|((_, a), b)| a != b)
            .map_or(end.min(word.len()), |((index, _), _)| index)
            .min(end);
    }
    first[..end].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    struct Table(BTreeMap<(Kind, &'static str), Vec<&'static str>>);

    impl Names for Table {
        fn names(&self, kind: Kind, namespace: &str) -> Vec<String> {
            let namespace = if kind.namespaced() { namespace } else { "" };
            self.0
                .iter()
                .filter(|((k, ns), _)| *k == kind && *ns == namespace)
                .flat_map(|(_, names)| names.iter().map(|n| n.to_string()))
                .collect()
        }
    }

    fn table() -> Table {
        Table(BTreeMap::from([
            ((Kind::Pod, "default"), vec!["myapp-0", "myapp-1", "web"]),
            ((Kind::Pod, "shop"), vec!["cart-0"]),
            ((Kind::StatefulSet, "default"), vec!["myapp"]),
            (
                (Kind::PersistentVolumeClaim, "default"),
                vec!["myappdata-myapp-0", "myappdata-myapp-1"],
            ),
            ((Kind::PersistentVolume, ""), vec!["pv001", "pv002"]),
            (
                (Kind::Node, ""),
                vec!["k8s-master", "k8s-node1", "k8s-node2"],
            ),
            (
                (Kind::Namespace, ""),
                vec!["default", "kube-system", "shop"],
            ),
        ]))
    }

    /// `input` ⇥ → `line after | candidates`.
    fn tab(input: &str) -> String {
        let completion = complete(input, &table());
        format!("{}|{}", completion.input, completion.candidates.join(" "))
    }

    #[test]
    fn completes_the_console_words_and_kubectl_verbs() {
        assert_eq!(tab("ku"), "kubectl |");
        assert_eq!(tab("c"), "clear |");
        assert_eq!(tab(""), "|clear help kubectl");
        assert_eq!(tab("kubectl des"), "kubectl describe |");
        assert_eq!(tab("kubectl r"), "kubectl r|replace rollout run");
        assert_eq!(tab("kubectl ro"), "kubectl rollout |");
        assert_eq!(tab("kubectl rollout st"), "kubectl rollout status |");
        assert_eq!(tab("kubectl set i"), "kubectl set image |");
        assert_eq!(tab("kubectl co"), "kubectl cordon |");
        assert_eq!(tab("kubectl zz"), "kubectl zz|");
        assert_eq!(tab("ls -l"), "ls -l|");
    }

    #[test]
    fn completes_kinds_with_their_short_names() {
        assert_eq!(
            tab("kubectl get st"),
            "kubectl get st|statefulset statefulsets storageclass storageclasses sts"
        );
        assert_eq!(tab("kubectl get sts"), "kubectl get sts |");
        assert_eq!(
            tab("kubectl get persistentvolumec"),
            "kubectl get persistentvolumeclaim|persistentvolumeclaim persistentvolumeclaims"
        );
        assert_eq!(tab("kubectl get pvc,p"), "kubectl get pvc,p|pvc,persistentvolume pvc,persistentvolumeclaim pvc,persistentvolumeclaims pvc,persistentvolumes pvc,po pvc,pod pvc,pods pvc,pv pvc,pvc");
        assert_eq!(
            tab("kubectl explain statefulsets"),
            "kubectl explain statefulsets |"
        );
        assert_eq!(
            tab("kubectl rollout status sta"),
            "kubectl rollout status statefulset|statefulset statefulsets"
        );
    }

    #[test]
    fn completes_object_names_of_the_typed_kind() {
        assert_eq!(
            tab("kubectl get pods my"),
            "kubectl get pods myapp-|myapp-0 myapp-1"
        );
        assert_eq!(
            tab("kubectl describe sts m"),
            "kubectl describe sts myapp |"
        );
        assert_eq!(
            tab("kubectl delete pod myapp-0 myapp-"),
            "kubectl delete pod myapp-0 myapp-|myapp-0 myapp-1"
        );
        assert_eq!(
            tab("kubectl get pv pv00"),
            "kubectl get pv pv00|pv001 pv002"
        );
        assert_eq!(tab("kubectl describe pod/w"), "kubectl describe pod/web |");
        assert_eq!(
            tab("kubectl get statefulset/"),
            "kubectl get statefulset/myapp |"
        );
        assert_eq!(tab("kubectl scale sts my"), "kubectl scale sts myapp |");
        assert_eq!(
            tab("kubectl rollout status sts/m"),
            "kubectl rollout status sts/myapp |"
        );
        assert_eq!(
            tab("kubectl set image sts/m"),
            "kubectl set image sts/myapp |"
        );
        assert_eq!(tab("kubectl exec w"), "kubectl exec web |");
        assert_eq!(
            tab("kubectl logs -f m"),
            "kubectl logs -f myapp-|myapp-0 myapp-1"
        );
        assert_eq!(
            tab("kubectl logs --follow m"),
            "kubectl logs --follow myapp-|myapp-0 myapp-1"
        );
        assert_eq!(tab("kubectl exec web -- l"), "kubectl exec web -- l|");
        assert_eq!(
            tab("kubectl drain k8s-n"),
            "kubectl drain k8s-node|k8s-node1 k8s-node2"
        );
        assert_eq!(tab("kubectl get nope x"), "kubectl get nope x|");
    }

    #[test]
    fn follows_the_namespace_and_completes_it() {
        assert_eq!(
            tab("kubectl get pods -n shop c"),
            "kubectl get pods -n shop cart-0 |"
        );
        assert_eq!(
            tab("kubectl get pods --namespace=shop c"),
            "kubectl get pods --namespace=shop cart-0 |"
        );
        assert_eq!(
            tab("kubectl -n shop get pods m"),
            "kubectl -n shop get pods m|"
        );
        assert_eq!(
            tab("kubectl get pods -n k"),
            "kubectl get pods -n kube-system |"
        );
        assert_eq!(tab("kubectl get pods -o y"), "kubectl get pods -o yaml |");
        // Cluster-scoped kinds ignore the namespace.
        assert_eq!(
            tab("kubectl get pv -n shop pv001"),
            "kubectl get pv -n shop pv001 |"
        );
    }

    #[test]
    fn names_come_from_the_store() {
        let mut cluster = Cluster::new(crate::sim::world::Preset::Kubeadm, 1);
        cluster.settle();
        assert_eq!(
            complete("kubectl describe node k8s-n", &cluster).candidates,
            ["k8s-node1", "k8s-node2"]
        );
        assert_eq!(
            complete("kubectl get ns kube-s", &cluster).input,
            "kubectl get ns kube-system "
        );
    }

    #[test]
    fn the_common_prefix_respects_characters() {
        assert_eq!(common_prefix(&["数据-0".into(), "数据-1".into()]), "数据-");
        assert_eq!(common_prefix(&["ab".into(), "a".into()]), "a");
        assert_eq!(common_prefix(&[]), "");
    }
}
