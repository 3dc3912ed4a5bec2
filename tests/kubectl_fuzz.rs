//! The rollout, wait, explain, api-resources, version, cluster-info, cordon, uncordon and
//! drain commands never panic and always end, whatever their arguments: random command lines
//! run through the session against a cluster with a StatefulSet, its pods and revisions.

mod kubectl_support;

use proptest::prelude::*;
use sts_playground::sim::session::Session;
use sts_playground::sim::world::Preset;

fn session() -> Session {
    let mut session = Session::new(Preset::Kubeadm, 7);
    kubectl_support::insert(&mut session.cluster, kubectl_support::WEB);
    kubectl_support::insert(
        &mut session.cluster,
        &kubectl_support::pod_yaml("web-0", "k8s-node1", true),
    );
    kubectl_support::insert(
        &mut session.cluster,
        &kubectl_support::pod_yaml("web-1", "k8s-node2", false),
    );
    session
}

fn words() -> impl Strategy<Value = Vec<String>> {
    let first = prop::sample::select(vec![
        "rollout",
        "wait",
        "explain",
        "api-resources",
        "version",
        "cluster-info",
        "cordon",
        "uncordon",
        "drain",
    ]);
    let rest = prop::collection::vec(
        prop::sample::select(vec![
            "status",
            "history",
            "undo",
            "restart",
            "pause",
            "resume",
            "sts/web",
            "sts",
            "web",
            "statefulset",
            "pod/web-0",
            "pods",
            "web-1",
            "svc",
            "node",
            "k8s-node1",
            "k8s-node2",
            "k8s-master",
            "nothere",
            "-l",
            "app=web",
            "a in (",
            "--all",
            "-A",
            "-n",
            "kube-system",
            "-w",
            "--watch=false",
            "--timeout=2s",
            "--timeout=0",
            "--timeout=-1s",
            "--timeout=x",
            "--revision=1",
            "--revision=-3",
            "--to-revision=2",
            "--dry-run=client",
            "--dry-run=server",
            "--dry-run=maybe",
            "--for=delete",
            "--for=create",
            "--for=condition=Ready",
            "--for=condition=Ready=false",
            "--for=jsonpath={.status.phase}=Running",
            "--for=jsonpath={",
            "--for=jsonpath=",
            "--for=jsonpath={.a}=b=c",
            "--for",
            "-o",
            "yaml",
            "json",
            "name",
            "wide",
            "--force",
            "--grace-period=0",
            "--grace-period=-1",
            "--ignore-daemonsets",
            "--delete-emptydir-data",
            "--pod-selector=app=web",
            "--recursive",
            "--api-version=apps/v1",
            "sts.spec.template",
            "pods.spec.containers.name",
            "statefulsets.apps.status",
            "--client",
            "--namespaced=false",
            "--sort-by=kind",
            "--verbs=get",
            "--api-group=apps",
            "-f",
            "x.yaml",
            "--",
            "-h",
            "",
            "🙂",
            "é.ñ",
        ]),
        0..8,
    );
    (first, rest).prop_map(|(first, rest)| {
        std::iter::once(first.to_string())
            .chain(rest.into_iter().map(String::from))
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, .. ProptestConfig::default() })]

    #[test]
    fn these_commands_never_panic_and_always_finish(argv in words()) {
        let mut session = session();
        let (output, code) = session.run_blocking(&argv, None);
        prop_assert!(!session.is_running());
        prop_assert!(code == 0 || code == 1, "exit code {code} for {argv:?}: {}", output.text());
    }

    #[test]
    fn arbitrary_text_arguments_never_panic(first in prop::sample::select(vec!["rollout", "wait", "explain", "drain", "cordon"]), text in prop::collection::vec(".{0,12}", 0..5)) {
        let mut session = session();
        let mut argv = vec![first.to_string()];
        argv.extend(text);
        let _ = session.run_blocking(&argv, None);
        prop_assert!(!session.is_running());
    }
}
