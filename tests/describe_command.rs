//! The `kubectl describe` command line (`kubectl/pkg/cmd/describe/describe.go`): the ways of
//! naming objects, name-prefix matching, the separators between descriptions, and the errors
//! and messages of the resource builder, exactly as a terminal shows them.

mod describe_support;

use describe_support::{kubectl, notes_cluster, terminal};
use expect_test::expect;

/// Only the first line of each description, to keep transcripts about the command itself.
fn headlines(stdout: &str) -> String {
    stdout
        .lines()
        .filter(|line| line.starts_with("Name:") || line.is_empty())
        .map(|line| format!("{line}\n"))
        .collect()
}

#[test]
fn type_and_name_forms_describe_the_same_object() {
    let mut cluster = notes_cluster();
    let (spaced, _, code) = kubectl(&mut cluster, "kubectl describe pod myapp-0");
    assert_eq!(code, 0);
    for line in [
        "kubectl describe pods myapp-0",
        "kubectl describe po/myapp-0",
        "kubectl describe Pod myapp-0 -n default",
        "kubectl describe pod/myapp-0 --namespace=default",
    ] {
        let (stdout, stderr, code) = kubectl(&mut cluster, line);
        assert_eq!(
            (stdout.as_str(), stderr.as_str(), code),
            (spaced.as_str(), "", 0),
            "{line}"
        );
    }
    assert!(
        spaced.starts_with("Name:             myapp-0\n"),
        "{spaced}"
    );
}

/// Several objects: the first as is, each later one after two newlines (so two blank lines
/// between descriptions), nothing after the last.
#[test]
fn every_object_of_a_type_is_separated_by_two_blank_lines() {
    let mut cluster = notes_cluster();
    let (stdout, stderr, code) = kubectl(&mut cluster, "kubectl describe pods");
    assert_eq!((stderr.as_str(), code), ("", 0));
    assert!(
        stdout.contains("Started container myapp\n\n\nName:             myapp-1\n"),
        "{stdout}"
    );
    assert!(stdout.ends_with("Started container myapp\n"), "{stdout}");
    let (labelled, _, _) = kubectl(&mut cluster, "kubectl describe pods -l app=myapp-pod");
    assert_eq!(labelled, stdout);
    let (both, _, _) = kubectl(&mut cluster, "kubectl describe pod myapp-0 myapp-1");
    assert_eq!(both, stdout);
    let (slashes, _, _) = kubectl(&mut cluster, "kubectl describe pod/myapp-0 pod/myapp-1");
    assert_eq!(slashes, stdout);
}

/// `kubectl describe pod myapp` names no pod, so kubectl describes every pod whose name starts
/// with `myapp`, each followed by a newline (one blank line between them, one at the end).
#[test]
fn a_name_prefix_describes_the_matching_objects() {
    let mut cluster = notes_cluster();
    let (stdout, stderr, code) = kubectl(&mut cluster, "kubectl describe pod myapp");
    assert_eq!((stderr.as_str(), code), ("", 0));
    expect![[r#"
        Name:             myapp-0

        Name:             myapp-1

    "#]]
    .assert_eq(&headlines(&stdout));
    assert!(
        stdout.ends_with("Started container myapp\n\n"),
        "{stdout:?}"
    );
    let (claims, _, _) = kubectl(&mut cluster, "kubectl describe pvc myappdata");
    expect![[r#"
        Name:          myappdata-myapp-0

        Name:          myappdata-myapp-1

    "#]]
    .assert_eq(&headlines(&claims));
    let (volumes, _, _) = kubectl(&mut cluster, "kubectl describe pv pv00");
    assert_eq!(headlines(&volumes).matches("Name:").count(), 5);
}

#[test]
fn not_found_and_nothing_found() {
    let mut cluster = notes_cluster();
    let mut transcript = String::new();
    for line in [
        "kubectl describe pod nope",
        "kubectl describe sts/nope",
        "kubectl describe pvc nope",
        "kubectl describe pv nope",
        "kubectl describe sc nope",
        "kubectl describe pods -n kube-system",
        "kubectl describe pods -l app=nothing",
        "kubectl describe pods -A -l app=nothing",
        "kubectl describe pv -l name=nothing",
        "kubectl describe",
        "kubectl describe pds",
        "kubectl describe pod myapp-0 -A",
        "kubectl describe pods,svc myapp",
        "kubectl describe pod myapp -l app=myapp-pod",
    ] {
        transcript.push_str(&terminal(&mut cluster, line));
    }
    expect![[r#"
        $ kubectl describe pod nope
        Error from server (NotFound): pods "nope" not found
        [exit 1]
        $ kubectl describe sts/nope
        Error from server (NotFound): statefulsets.apps "nope" not found
        [exit 1]
        $ kubectl describe pvc nope
        Error from server (NotFound): persistentvolumeclaims "nope" not found
        [exit 1]
        $ kubectl describe pv nope
        Error from server (NotFound): persistentvolumes "nope" not found
        [exit 1]
        $ kubectl describe sc nope
        Error from server (NotFound): storageclasses.storage.k8s.io "nope" not found
        [exit 1]
        $ kubectl describe pods -n kube-system
        No resources found in kube-system namespace.
        [exit 0]
        $ kubectl describe pods -l app=nothing
        No resources found in default namespace.
        [exit 0]
        $ kubectl describe pods -A -l app=nothing
        No resources found
        [exit 0]
        $ kubectl describe pv -l name=nothing
        No resources found in default namespace.
        [exit 0]
        $ kubectl describe
        error: You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.
        [exit 1]
        $ kubectl describe pds
        error: the server doesn't have a resource type "pds"
        [exit 1]
        $ kubectl describe pod myapp-0 -A
        error: a resource cannot be retrieved by name across all namespaces
        [exit 1]
        $ kubectl describe pods,svc myapp
        error: you must specify only one resource
        [exit 1]
        $ kubectl describe pod myapp -l app=myapp-pod
        error: name cannot be provided when a selector is specified
        [exit 1]
    "#]]
    .assert_eq(&transcript);
}

/// A missing name among found ones: the found ones are described, then the error, exit 1.
#[test]
fn errors_follow_the_descriptions() {
    let mut cluster = notes_cluster();
    let (stdout, stderr, code) = kubectl(&mut cluster, "kubectl describe pod myapp-0 nope myapp-9");
    assert_eq!(code, 1);
    assert_eq!(headlines(&stdout), "Name:             myapp-0\n");
    expect![[r#"
        Error from server (NotFound): pods "nope" not found
        Error from server (NotFound): pods "myapp-9" not found
    "#]]
    .assert_eq(&stderr);
    // With exactly two arguments in TYPE/NAME form, kubectl takes the NotFound for a prefix
    // search of the second word among objects named by the first, finds nothing, and prints
    // only the error.
    let (stdout, stderr, code) = kubectl(&mut cluster, "kubectl describe pod/myapp-0 pod/nope");
    assert_eq!((stdout.as_str(), code), ("", 1));
    assert_eq!(
        stderr,
        "Error from server (NotFound): pods \"nope\" not found\n"
    );
}

#[test]
fn all_namespaces_and_show_events() {
    let mut cluster = notes_cluster();
    let (stdout, _, _) = kubectl(&mut cluster, "kubectl describe sts -A");
    assert!(
        stdout.starts_with("Name:               myapp\nNamespace:          default\n"),
        "{stdout}"
    );
    let (quiet, _, code) = kubectl(
        &mut cluster,
        "kubectl describe sts myapp --show-events=false",
    );
    assert_eq!(code, 0);
    assert!(!quiet.contains("Events:"), "{quiet}");
    assert!(
        quiet.ends_with("  Access Modes:  [ReadWriteOnce]\n"),
        "{quiet}"
    );
    let (nodes, _, _) = kubectl(&mut cluster, "kubectl describe nodes");
    assert_eq!(nodes.matches("\nRoles:").count(), 3);
}

/// Events are objects too; kubectl describes them with its generic describer.
#[test]
fn events_describe_generically() {
    let mut cluster = notes_cluster();
    let (stdout, stderr, code) = kubectl(&mut cluster, "kubectl describe events");
    assert_eq!((stderr.as_str(), code), ("", 0));
    assert_eq!(stdout.matches("\nKind:").count(), 14, "{stdout}");
    let scheduled = stdout
        .split("\n\n\n")
        .find(|text| text.contains("Reason:                Scheduled\n"))
        .unwrap_or_default();
    // Event names end in a random suffix, as upstream's do.
    let name = scheduled.split_whitespace().nth(1).unwrap_or_default();
    assert!(name.starts_with("myapp-0."), "{name}");
    let scheduled = scheduled.replacen(name, "myapp-0.(suffix)", 1);
    expect![[r#"
        Name:             myapp-0.(suffix)
        Namespace:        default
        Labels:           <none>
        Annotations:      <none>
        API Version:      v1
        Count:            1
        First Timestamp:  2026-01-05T09:00:05Z
        Involved Object:
          API Version:       v1
          Kind:              Pod
          Name:              myapp-0
          Namespace:         default
          Resource Version:  (resource version)
          UID:               (uid)
        Kind:                Event
        Last Timestamp:      2026-01-05T09:00:05Z
        Message:             Successfully assigned default/myapp-0 to k8s-node1
        Metadata:
          Creation Timestamp:  2026-01-05T09:00:05Z
          Resource Version:    (resource version)
          UID:                 (uid)
        Reason:                Scheduled
        Reporting Component:   default-scheduler
        Source:
          Component:  default-scheduler
        Type:         Normal
        Events:       <none>"#]]
    .assert_eq(&describe_support::mask_identities(&scheduled));
}
