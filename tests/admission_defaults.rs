//! What the API server stores for the tutorial notes' manifests and a few others, as
//! `kubectl get -o json` would show it right after creation (keys sorted as kubectl's printers
//! sort them). The expectations were written from real v1.34 clusters' `kubectl get … -o
//! yaml` output for the same manifests (§1.1 of the behaviour reference and the defaulting code
//! it names); uids and resourceVersions are the simulation's own.

use expect_test::{expect, Expect};
use serde_json::{json, Map, Value};
use sts_playground::sim::api;
use sts_playground::sim::model::{Kind, Object};
use sts_playground::sim::store::ObjectKey;
use sts_playground::sim::testkit;
use sts_playground::sim::world::{Cluster, Preset};

fn sorted(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            let mut out = Map::new();
            for key in keys {
                out.insert(key.clone(), sorted(&map[key]));
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(sorted).collect()),
        other => other.clone(),
    }
}

fn show(cluster: &Cluster, kind: Kind, namespace: &str, name: &str, expect: Expect) {
    let object = cluster
        .store
        .get(&ObjectKey::new(kind, namespace, name))
        .expect("object exists");
    let text = serde_json::to_string_pretty(&sorted(&object.to_json())).unwrap_or_default();
    expect.assert_eq(&(text + "\n"));
}

fn create_yaml(cluster: &mut Cluster, yaml: &str) {
    for object in testkit::objects_from_yaml(yaml) {
        api::create(cluster, object).expect("admitted");
    }
}

#[test]
fn the_notes_statefulset_and_service() {
    let mut cluster = Cluster::new(Preset::Kubeadm, 7);
    create_yaml(&mut cluster, testkit::NOTES_STATEFUL_DEMO);
    show(
        &cluster,
        Kind::StatefulSet,
        "default",
        "myapp",
        expect![[r#"
            {
              "apiVersion": "apps/v1",
              "kind": "StatefulSet",
              "metadata": {
                "creationTimestamp": "2026-01-05T09:00:00Z",
                "generation": 1,
                "name": "myapp",
                "namespace": "default",
                "resourceVersion": "1010",
                "uid": "b57b1bd1-83fb-4c39-b85d-84711f10e108"
              },
              "spec": {
                "persistentVolumeClaimRetentionPolicy": {
                  "whenDeleted": "Retain",
                  "whenScaled": "Retain"
                },
                "podManagementPolicy": "OrderedReady",
                "replicas": 2,
                "revisionHistoryLimit": 10,
                "selector": {
                  "matchLabels": {
                    "app": "myapp-pod"
                  }
                },
                "serviceName": "myapp",
                "template": {
                  "metadata": {
                    "labels": {
                      "app": "myapp-pod"
                    }
                  },
                  "spec": {
                    "containers": [
                      {
                        "image": "nginx:1.13",
                        "imagePullPolicy": "IfNotPresent",
                        "name": "myapp",
                        "ports": [
                          {
                            "containerPort": 80,
                            "name": "web",
                            "protocol": "TCP"
                          }
                        ],
                        "resources": {},
                        "terminationMessagePath": "/dev/termination-log",
                        "terminationMessagePolicy": "File",
                        "volumeMounts": [
                          {
                            "mountPath": "/usr/share/nginx/html",
                            "name": "myappdata"
                          }
                        ]
                      }
                    ],
                    "dnsPolicy": "ClusterFirst",
                    "restartPolicy": "Always",
                    "schedulerName": "default-scheduler",
                    "securityContext": {},
                    "terminationGracePeriodSeconds": 30
                  }
                },
                "updateStrategy": {
                  "rollingUpdate": {
                    "partition": 0
                  },
                  "type": "RollingUpdate"
                },
                "volumeClaimTemplates": [
                  {
                    "apiVersion": "v1",
                    "kind": "PersistentVolumeClaim",
                    "metadata": {
                      "name": "myappdata"
                    },
                    "spec": {
                      "accessModes": [
                        "ReadWriteOnce"
                      ],
                      "resources": {
                        "requests": {
                          "storage": "2Gi"
                        }
                      },
                      "volumeMode": "Filesystem"
                    },
                    "status": {
                      "phase": "Pending"
                    }
                  }
                ]
              },
              "status": {
                "availableReplicas": 0,
                "replicas": 0
              }
            }
        "#]],
    );
    show(
        &cluster,
        Kind::Service,
        "default",
        "myapp",
        expect![[r#"
            {
              "apiVersion": "v1",
              "kind": "Service",
              "metadata": {
                "creationTimestamp": "2026-01-05T09:00:00Z",
                "labels": {
                  "app": "myapp"
                },
                "name": "myapp",
                "namespace": "default",
                "resourceVersion": "1009",
                "uid": "7cb87ac3-7491-463a-b422-99a805e53659"
              },
              "spec": {
                "clusterIP": "None",
                "clusterIPs": [
                  "None"
                ],
                "internalTrafficPolicy": "Cluster",
                "ipFamilies": [
                  "IPv4"
                ],
                "ipFamilyPolicy": "SingleStack",
                "ports": [
                  {
                    "name": "web",
                    "port": 80,
                    "protocol": "TCP",
                    "targetPort": 80
                  }
                ],
                "selector": {
                  "app": "myapp-pod"
                },
                "sessionAffinity": "None",
                "type": "ClusterIP"
              },
              "status": {
                "loadBalancer": {}
              }
            }
        "#]],
    );
}

#[test]
fn the_notes_persistent_volumes() {
    let mut cluster = Cluster::new(Preset::Kubeadm, 7);
    create_yaml(&mut cluster, testkit::NOTES_PV_DEMO);
    show(
        &cluster,
        Kind::PersistentVolume,
        "",
        "pv001",
        expect![[r#"
            {
              "apiVersion": "v1",
              "kind": "PersistentVolume",
              "metadata": {
                "creationTimestamp": "2026-01-05T09:00:00Z",
                "finalizers": [
                  "kubernetes.io/pv-protection"
                ],
                "labels": {
                  "name": "pv001"
                },
                "name": "pv001",
                "resourceVersion": "1009",
                "uid": "7cb87ac3-7491-463a-b422-99a805e53659"
              },
              "spec": {
                "accessModes": [
                  "ReadWriteOnce",
                  "ReadWriteMany"
                ],
                "capacity": {
                  "storage": "10Gi"
                },
                "nfs": {
                  "path": "/data/volumes/v1",
                  "server": "k8s-master"
                },
                "persistentVolumeReclaimPolicy": "Retain",
                "volumeMode": "Filesystem"
              },
              "status": {
                "lastPhaseTransitionTime": "2026-01-05T09:00:00Z",
                "phase": "Pending"
              }
            }
        "#]],
    );
}

#[test]
fn a_claim_in_kind_gets_the_default_class() {
    let mut cluster = Cluster::new(Preset::Kind, 7);
    create_yaml(
        &mut cluster,
        "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: www-web-0\nspec:\n  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      storage: 1Gi\n---\napiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: no-class\nspec:\n  storageClassName: \"\"\n  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      storage: 1Gi\n",
    );
    show(
        &cluster,
        Kind::PersistentVolumeClaim,
        "default",
        "www-web-0",
        expect![[r#"
            {
              "apiVersion": "v1",
              "kind": "PersistentVolumeClaim",
              "metadata": {
                "creationTimestamp": "2026-01-05T09:00:00Z",
                "finalizers": [
                  "kubernetes.io/pvc-protection"
                ],
                "name": "www-web-0",
                "namespace": "default",
                "resourceVersion": "1008",
                "uid": "ff0645a4-3632-4ac6-8f8d-aa80f4ecfbce"
              },
              "spec": {
                "accessModes": [
                  "ReadWriteOnce"
                ],
                "resources": {
                  "requests": {
                    "storage": "1Gi"
                  }
                },
                "storageClassName": "standard",
                "volumeMode": "Filesystem"
              },
              "status": {
                "phase": "Pending"
              }
            }
        "#]],
    );
    let no_class = cluster
        .store
        .get(&ObjectKey::new(
            Kind::PersistentVolumeClaim,
            "default",
            "no-class",
        ))
        .and_then(Object::as_pvc)
        .and_then(|c| c.spec.storage_class_name.clone());
    assert_eq!(no_class.as_deref(), Some(""), "an explicit \"\" is kept");
}

#[test]
fn a_pod_created_directly() {
    let mut cluster = Cluster::new(Preset::Kubeadm, 7);
    let pod = json!({
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": "client", "labels": {"run": "client"}},
        "spec": {
            "restartPolicy": "Never",
            "containers": [{
                "name": "client", "image": "busybox:1.36",
                "args": ["wget", "-qO-", "http://myapp-0.myapp"],
                "readinessProbe": {"httpGet": {"port": 80}},
                "resources": {"limits": {"cpu": "0.5", "memory": "128Mi"}}
            }]
        }
    });
    api::create(&mut cluster, Object::from_json(Kind::Pod, pod).unwrap()).unwrap();
    show(
        &cluster,
        Kind::Pod,
        "default",
        "client",
        expect![[r#"
            {
              "apiVersion": "v1",
              "kind": "Pod",
              "metadata": {
                "creationTimestamp": "2026-01-05T09:00:00Z",
                "generation": 1,
                "labels": {
                  "run": "client"
                },
                "name": "client",
                "namespace": "default",
                "resourceVersion": "1009",
                "uid": "7cb87ac3-7491-463a-b422-99a805e53659"
              },
              "spec": {
                "containers": [
                  {
                    "args": [
                      "wget",
                      "-qO-",
                      "http://myapp-0.myapp"
                    ],
                    "image": "busybox:1.36",
                    "imagePullPolicy": "IfNotPresent",
                    "name": "client",
                    "readinessProbe": {
                      "failureThreshold": 3,
                      "httpGet": {
                        "path": "/",
                        "port": 80,
                        "scheme": "HTTP"
                      },
                      "periodSeconds": 10,
                      "successThreshold": 1,
                      "timeoutSeconds": 1
                    },
                    "resources": {
                      "limits": {
                        "cpu": "500m",
                        "memory": "128Mi"
                      },
                      "requests": {
                        "cpu": "500m",
                        "memory": "128Mi"
                      }
                    },
                    "terminationMessagePath": "/dev/termination-log",
                    "terminationMessagePolicy": "File",
                    "volumeMounts": [
                      {
                        "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount",
                        "name": "kube-api-access-czhsw",
                        "readOnly": true
                      }
                    ]
                  }
                ],
                "dnsPolicy": "ClusterFirst",
                "enableServiceLinks": true,
                "preemptionPolicy": "PreemptLowerPriority",
                "priority": 0,
                "restartPolicy": "Never",
                "schedulerName": "default-scheduler",
                "securityContext": {},
                "serviceAccount": "default",
                "serviceAccountName": "default",
                "terminationGracePeriodSeconds": 30,
                "tolerations": [
                  {
                    "effect": "NoExecute",
                    "key": "node.kubernetes.io/not-ready",
                    "operator": "Exists",
                    "tolerationSeconds": 300
                  },
                  {
                    "effect": "NoExecute",
                    "key": "node.kubernetes.io/unreachable",
                    "operator": "Exists",
                    "tolerationSeconds": 300
                  }
                ],
                "volumes": [
                  {
                    "name": "kube-api-access-czhsw",
                    "projected": {
                      "defaultMode": 420,
                      "sources": [
                        {
                          "serviceAccountToken": {
                            "expirationSeconds": 3607,
                            "path": "token"
                          }
                        },
                        {
                          "configMap": {
                            "items": [
                              {
                                "key": "ca.crt",
                                "path": "ca.crt"
                              }
                            ],
                            "name": "kube-root-ca.crt"
                          }
                        },
                        {
                          "downwardAPI": {
                            "items": [
                              {
                                "fieldRef": {
                                  "apiVersion": "v1",
                                  "fieldPath": "metadata.namespace"
                                },
                                "path": "namespace"
                              }
                            ]
                          }
                        }
                      ]
                    }
                  }
                ]
              },
              "status": {
                "phase": "Pending",
                "qosClass": "Guaranteed"
              }
            }
        "#]],
    );
}

#[test]
fn storage_class_and_namespace() {
    let mut cluster = Cluster::new(Preset::Kubeadm, 7);
    create_yaml(
        &mut cluster,
        "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: local\nprovisioner: kubernetes.io/no-provisioner\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: prod\n",
    );
    show(
        &cluster,
        Kind::StorageClass,
        "",
        "local",
        expect![[r#"
            {
              "apiVersion": "storage.k8s.io/v1",
              "kind": "StorageClass",
              "metadata": {
                "creationTimestamp": "2026-01-05T09:00:00Z",
                "name": "local",
                "resourceVersion": "1009",
                "uid": "7cb87ac3-7491-463a-b422-99a805e53659"
              },
              "provisioner": "kubernetes.io/no-provisioner",
              "reclaimPolicy": "Delete",
              "volumeBindingMode": "Immediate"
            }
        "#]],
    );
    show(
        &cluster,
        Kind::Namespace,
        "",
        "prod",
        expect![[r#"
            {
              "apiVersion": "v1",
              "kind": "Namespace",
              "metadata": {
                "creationTimestamp": "2026-01-05T09:00:00Z",
                "labels": {
                  "kubernetes.io/metadata.name": "prod"
                },
                "name": "prod",
                "resourceVersion": "1010",
                "uid": "b57b1bd1-83fb-4c39-b85d-84711f10e108"
              },
              "spec": {
                "finalizers": [
                  "kubernetes"
                ]
              },
              "status": {
                "phase": "Active"
              }
            }
        "#]],
    );
}

#[test]
fn defaulting_is_idempotent_so_reapplying_changes_nothing() {
    let mut cluster = Cluster::new(Preset::Kubeadm, 7);
    create_yaml(&mut cluster, testkit::NOTES_STATEFUL_DEMO);
    let key = ObjectKey::new(Kind::StatefulSet, "default", "myapp");
    let before = cluster.store.get(&key).cloned().unwrap();
    // The manifest as written, sent again as a replacement (what a no-op apply amounts to).
    let again = testkit::objects_from_yaml(testkit::NOTES_STATEFUL_DEMO)
        .into_iter()
        .find(|o| o.kind() == Kind::StatefulSet)
        .unwrap();
    api::update(&mut cluster, again).unwrap();
    let after = cluster.store.get(&key).cloned().unwrap();
    assert_eq!(before, after, "no new generation, no new resourceVersion");
}

#[test]
fn a_headless_service_without_selector_lists_both_families() {
    let mut cluster = Cluster::new(Preset::Kubeadm, 7);
    create_yaml(
        &mut cluster,
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: external\nspec:\n  clusterIP: None\n  ports:\n  - port: 5432\n",
    );
    let service = cluster
        .store
        .get(&ObjectKey::new(Kind::Service, "default", "external"))
        .and_then(Object::as_service)
        .unwrap();
    expect![[r#""RequireDualStack" ["IPv4","IPv6"]"#]].assert_eq(&format!(
        "{} {}",
        service.spec.extra["ipFamilyPolicy"], service.spec.extra["ipFamilies"]
    ));
}
