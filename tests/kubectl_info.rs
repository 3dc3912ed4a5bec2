//! `kubectl explain`, `api-resources`, `version` and `cluster-info` transcripts (kubectl 1.34
//! `pkg/cmd/{explain,apiresources,version,clusterinfo}`; behaviour reference §4.8, §4.9).

mod kubectl_support;

use expect_test::expect;
use kubectl_support::*;
use sts_playground::sim::world::{Cluster, Preset};

fn run_all(cluster: &mut Cluster, lines: &[&str]) -> String {
    let files = no_files();
    lines
        .iter()
        .map(|line| drive(cluster, &files, line, vec![]))
        .collect()
}

#[test]
fn api_resources_lists_the_served_kinds_sorted_by_group_then_name() {
    let mut cluster = Cluster::new(Preset::Kubeadm, 1);
    let transcript = run_all(
        &mut cluster,
        &[
            "api-resources",
            "api-resources --namespaced=false -o wide",
            "api-resources --api-group=apps -o name",
            "api-resources --sort-by=kind --no-headers --verbs=deletecollection --namespaced",
            "api-resources --categories=all -o name",
            "api-resources pods",
            "api-resources --sort-by=age",
            "api-resources -o table",
        ],
    );
    expect![[r#"
        $ kubectl api-resources
            0s   NAME                     SHORTNAMES   APIVERSION          NAMESPACED   KIND
            0s   configmaps               cm           v1                  true         ConfigMap
            0s   endpoints                ep           v1                  true         Endpoints
            0s   events                   ev           v1                  true         Event
            0s   namespaces               ns           v1                  false        Namespace
            0s   nodes                    no           v1                  false        Node
            0s   persistentvolumeclaims   pvc          v1                  true         PersistentVolumeClaim
            0s   persistentvolumes        pv           v1                  false        PersistentVolume
            0s   pods                     po           v1                  true         Pod
            0s   services                 svc          v1                  true         Service
            0s   controllerrevisions                   apps/v1             true         ControllerRevision
            0s   statefulsets             sts          apps/v1             true         StatefulSet
            0s   storageclasses           sc           storage.k8s.io/v1   false        StorageClass
        exit 0
        $ kubectl api-resources --namespaced=false -o wide
            0s   NAME                SHORTNAMES   APIVERSION          NAMESPACED   KIND               VERBS                                                        CATEGORIES
            0s   namespaces          ns           v1                  false        Namespace          create,delete,get,list,patch,update,watch                    
            0s   nodes               no           v1                  false        Node               create,delete,deletecollection,get,list,patch,update,watch   
            0s   persistentvolumes   pv           v1                  false        PersistentVolume   create,delete,deletecollection,get,list,patch,update,watch   
            0s   storageclasses      sc           storage.k8s.io/v1   false        StorageClass       create,delete,deletecollection,get,list,patch,update,watch   
        exit 0
        $ kubectl api-resources --api-group=apps -o name
            0s   controllerrevisions.apps
            0s   statefulsets.apps
        exit 0
        $ kubectl api-resources --sort-by=kind --no-headers --verbs=deletecollection --namespaced
            0s   configmaps               cm    v1        true   ConfigMap
            0s   controllerrevisions            apps/v1   true   ControllerRevision
            0s   endpoints                ep    v1        true   Endpoints
            0s   events                   ev    v1        true   Event
            0s   persistentvolumeclaims   pvc   v1        true   PersistentVolumeClaim
            0s   pods                     po    v1        true   Pod
            0s   services                 svc   v1        true   Service
            0s   statefulsets             sts   apps/v1   true   StatefulSet
        exit 0
        $ kubectl api-resources --categories=all -o name
            0s   pods
            0s   services
            0s   statefulsets.apps
        exit 0
        $ kubectl api-resources pods
            0s ! error: unexpected arguments: [pods]
            0s ! See 'kubectl api-resources -h' for help and examples
        exit 1
        $ kubectl api-resources --sort-by=age
            0s ! error: --sort-by accepts only name or kind
        exit 1
        $ kubectl api-resources -o table
            0s ! error: unable to match a printer suitable for the output format "table", allowed formats are: json,yaml,name,wide
        exit 1
    "#]]
    .assert_eq(&transcript);
}

#[test]
fn version_in_each_format() {
    let mut cluster = Cluster::new(Preset::Kubeadm, 1);
    let transcript = run_all(
        &mut cluster,
        &[
            "version",
            "version --client",
            "version -o yaml",
            "version --client -o json",
            "version -o wide",
            "version extra",
        ],
    );
    expect![[r#"
        $ kubectl version
            0s   Client Version: v1.34.2
            0s   Kustomize Version: v5.7.1
            0s   Server Version: v1.34.2
        exit 0
        $ kubectl version --client
            0s   Client Version: v1.34.2
            0s   Kustomize Version: v5.7.1
        exit 0
        $ kubectl version -o yaml
            0s   clientVersion:
            0s     buildDate: "2025-11-11T19:00:39Z"
            0s     compiler: gc
            0s     gitCommit: 8cc511e399b929453cd98ae65b419c3cc227ec79
            0s     gitTreeState: clean
            0s     gitVersion: v1.34.2
            0s     goVersion: go1.24.9
            0s     major: "1"
            0s     minor: "34"
            0s     platform: linux/amd64
            0s   kustomizeVersion: v5.7.1
            0s   serverVersion:
            0s     buildDate: "2025-11-11T19:00:39Z"
            0s     compiler: gc
            0s     emulationMajor: "1"
            0s     emulationMinor: "34"
            0s     gitCommit: 8cc511e399b929453cd98ae65b419c3cc227ec79
            0s     gitTreeState: clean
            0s     gitVersion: v1.34.2
            0s     goVersion: go1.24.9
            0s     major: "1"
            0s     minCompatibilityMajor: "1"
            0s     minCompatibilityMinor: "33"
            0s     minor: "34"
            0s     platform: linux/amd64
            0s   
        exit 0
        $ kubectl version --client -o json
            0s   {
            0s     "clientVersion": {
            0s       "major": "1",
            0s       "minor": "34",
            0s       "gitVersion": "v1.34.2",
            0s       "gitCommit": "8cc511e399b929453cd98ae65b419c3cc227ec79",
            0s       "gitTreeState": "clean",
            0s       "buildDate": "2025-11-11T19:00:39Z",
            0s       "goVersion": "go1.24.9",
            0s       "compiler": "gc",
            0s       "platform": "linux/amd64"
            0s     },
            0s     "kustomizeVersion": "v5.7.1"
            0s   }
        exit 0
        $ kubectl version -o wide
            0s ! error: --output must be 'yaml' or 'json'
        exit 1
        $ kubectl version extra
            0s ! error: extra arguments: [extra]
        exit 1
    "#]]
    .assert_eq(&transcript);
}

#[test]
fn cluster_info_names_the_presets_control_plane() {
    let mut kubeadm = Cluster::new(Preset::Kubeadm, 1);
    let mut kind = Cluster::new(Preset::Kind, 1);
    let mut transcript = run_all(&mut kubeadm, &["cluster-info", "cluster-info dump"]);
    transcript.push_str(&run_all(
        &mut kind,
        &["cluster-info", "cluster-info -n default"],
    ));
    expect![[r#"
        $ kubectl cluster-info
            0s   Kubernetes control plane is running at https://192.168.56.10:6443
            0s   CoreDNS is running at https://192.168.56.10:6443/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy
            0s   
            0s   To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.
        exit 0
        $ kubectl cluster-info dump
            0s ! error: cluster-info dump is not available in the playground; use kubectl get and kubectl describe instead
        exit 1
        $ kubectl cluster-info
            0s   Kubernetes control plane is running at https://127.0.0.1:41797
            0s   CoreDNS is running at https://127.0.0.1:41797/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy
            0s   
            0s   To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.
        exit 0
        $ kubectl cluster-info -n default
            0s   Kubernetes control plane is running at https://127.0.0.1:41797
            0s   
            0s   To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.
        exit 0
    "#]]
    .assert_eq(&transcript);
}

#[test]
fn explain_resolves_short_names_plurals_and_groups() {
    let mut cluster = Cluster::new(Preset::Kubeadm, 1);
    let transcript = run_all(
        &mut cluster,
        &[
            "explain sts.spec.replicas",
            "explain statefulsets.apps.spec.serviceName",
            "explain pvc.spec.foo",
            "explain pds",
            "explain",
            "explain pods svc",
            "explain sts --api-version=apps/v2",
            "explain sts -o json",
        ],
    );
    expect![[r#"
        $ kubectl explain sts.spec.replicas
            0s   GROUP:      apps
            0s   KIND:       StatefulSet
            0s   VERSION:    v1
            0s   
            0s   FIELD: replicas <integer>
            0s   
            0s   
            0s   DESCRIPTION:
            0s       replicas is the desired number of replicas of the given Template. These are
            0s       replicas in the sense that they are instantiations of the same Template, but
            0s       individual replicas also have a consistent identity. If unspecified,
            0s       defaults to 1.
            0s       
            0s   
        exit 0
        $ kubectl explain statefulsets.apps.spec.serviceName
            0s   GROUP:      apps
            0s   KIND:       StatefulSet
            0s   VERSION:    v1
            0s   
            0s   FIELD: serviceName <string>
            0s   
            0s   
            0s   DESCRIPTION:
            0s       serviceName is the name of the service that governs this StatefulSet. This
            0s       service must exist before the StatefulSet, and is responsible for the
            0s       network identity of the set. Pods get DNS/hostnames that follow the pattern:
            0s       pod-specific-string.serviceName.default.svc.cluster.local where
            0s       "pod-specific-string" is managed by the StatefulSet controller.
            0s       
            0s   
        exit 0
        $ kubectl explain pvc.spec.foo
            0s   KIND:       PersistentVolumeClaim
            0s   VERSION:    v1
            0s   
            0s ! error: field "foo" does not exist
        exit 1
        $ kubectl explain pds
            0s ! error: the server doesn't have a resource type "pds"
        exit 1
        $ kubectl explain
            0s ! error: You must specify the type of resource to explain. Use "kubectl api-resources" for a complete list of supported resources.
        exit 1
        $ kubectl explain pods svc
            0s ! error: We accept only this format: explain RESOURCE
        exit 1
        $ kubectl explain sts --api-version=apps/v2
            0s ! error: couldn't find resource for "apps/v2, Resource=statefulsets"
        exit 1
        $ kubectl explain sts -o json
            0s ! error: unrecognized format: json
        exit 1
    "#]]
    .assert_eq(&transcript);
}
