//! A driver for the blocking kubectl commands that keeps the controllers out of the picture:
//! the command runs against a cluster whose objects the test writes straight into the store,
//! simulated time jumps to each scripted change and to the command's own deadline, and the
//! command's waiter is polled after each jump, as the session polls it. The transcript shows
//! when each line was printed (seconds since the command started) and marks stderr with `!`.

#![allow(dead_code)]

use std::collections::{BTreeMap, VecDeque};

use sts_playground::sim::api;
use sts_playground::sim::clock::SimTime;
use sts_playground::sim::kubectl::{self, Context, Invocation, Output, Stream};
use sts_playground::sim::model::{Kind, Object};
use sts_playground::sim::store::ObjectKey;
use sts_playground::sim::testkit;
use sts_playground::sim::text::words::split_words;
use sts_playground::sim::world::{Cluster, Preset};

/// A change to the cluster at an instant (milliseconds after the command started).
pub type Change = (SimTime, Box<dyn FnOnce(&mut Cluster)>);

/// `1.5s`, `30s`, `0s`.
fn seconds(ms: SimTime) -> String {
    if ms.is_multiple_of(1000) {
        format!("{}s", ms / 1000)
    } else {
        let fraction = format!("{:03}", ms % 1000);
        format!("{}.{}s", ms / 1000, fraction.trim_end_matches('0'))
    }
}

fn record(transcript: &mut String, out: &Output, elapsed: SimTime) {
    for (stream, text) in &out.chunks {
        let mark = if *stream == Stream::Stderr { "!" } else { " " };
        for line in text.strip_suffix('\n').unwrap_or(text).split('\n') {
            transcript.push_str(&format!("{:>6} {mark} {line}\n", seconds(elapsed)));
        }
    }
}

/// Runs `kubectl LINE` with `changes` applied while it runs; returns the transcript.
pub fn drive(
    cluster: &mut Cluster,
    files: &BTreeMap<String, String>,
    line: &str,
    changes: Vec<Change>,
) -> String {
    let argv = split_words(line).expect("test command lines split");
    let start = cluster.now;
    let mut transcript = format!("$ kubectl {line}\n");
    let mut out = Output::default();
    let invocation = {
        let mut ctx = Context {
            cluster,
            files,
            stdin: None,
            out: &mut out,
        };
        kubectl::run(&mut ctx, &argv)
    };
    record(&mut transcript, &out, 0);
    let mut waiter = match invocation {
        Invocation::Done(code) => {
            transcript.push_str(&format!("exit {code}\n"));
            return transcript;
        }
        Invocation::Waiting(waiter) => waiter,
    };
    let mut changes: VecDeque<Change> = {
        let mut sorted = changes;
        sorted.sort_by_key(|(at, _)| *at);
        sorted.into()
    };
    for _ in 0..100_000 {
        let mut out = Output::default();
        let finished = waiter.poll(cluster, &mut out);
        record(&mut transcript, &out, cluster.now - start);
        if let Some(code) = finished {
            transcript.push_str(&format!(
                "exit {code} at {}\n",
                seconds(cluster.now - start)
            ));
            return transcript;
        }
        let deadline = waiter.deadline();
        let next = match changes.front() {
            Some((at, _)) => (start + at).min(deadline),
            None => deadline,
        };
        if next == SimTime::MAX {
            transcript.push_str("(still running with nothing left to happen)\n");
            return transcript;
        }
        let change_due = changes
            .front()
            .is_some_and(|(at, _)| start + at <= cluster.now);
        if next > cluster.now {
            cluster.now = next;
        } else if !change_due {
            cluster.now += 1;
        }
        while changes
            .front()
            .is_some_and(|(at, _)| start + at <= cluster.now)
        {
            if let Some((_, change)) = changes.pop_front() {
                change(cluster);
            }
        }
    }
    transcript.push_str("(gave up after 100000 polls)\n");
    transcript
}

/// A cluster of `preset` with the objects of `yaml` created through admission (so they are
/// defaulted and validated as a real API server stores them), their `status` then written
/// as a controller or the kubelet would have; no controller runs.
pub fn cluster_with(preset: Preset, yaml: &str) -> Cluster {
    let mut cluster = Cluster::new(preset, 1);
    insert(&mut cluster, yaml);
    cluster
}

/// Creates the objects of `yaml` through admission, then restores the status they were
/// written with (admission resets status on create).
pub fn insert(cluster: &mut Cluster, yaml: &str) -> Vec<ObjectKey> {
    testkit::objects_from_yaml(yaml)
        .into_iter()
        .map(|object| {
            let status = object.to_json().get("status").cloned();
            let key = api::create(cluster, object).expect("test object is admitted");
            if let Some(status) = status {
                cluster
                    .store
                    .modify(&key, |stored| {
                        let mut json = stored.to_json();
                        json["status"] = status;
                        if let Ok(restored) = Object::from_json(key.kind, json) {
                            *stored = restored;
                        }
                    })
                    .expect("test object exists");
            }
            key
        })
        .collect()
}

/// Changes one stored object in place.
pub fn modify(cluster: &mut Cluster, kind: Kind, name: &str, change: impl FnOnce(&mut Object)) {
    let key = ObjectKey::new(kind, "default", name);
    cluster.store.modify(&key, change).expect("object exists");
}

/// The uid of a stored object.
pub fn uid(cluster: &Cluster, kind: Kind, name: &str) -> String {
    cluster
        .store
        .get(&ObjectKey::new(kind, "default", name))
        .map(|o| o.meta().uid.clone())
        .expect("object exists")
}

/// A three-replica set `web` (selector `app=web`, nginx on port 80 named `web`, a
/// `www` claim template), at generation 1 and not yet observed by its controller.
pub const WEB: &str = "
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
  generation: 1
spec:
  replicas: 3
  serviceName: nginx
  selector:
    matchLabels:
      app: web
  updateStrategy:
    type: RollingUpdate
    rollingUpdate:
      partition: 0
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: registry.k8s.io/nginx-slim:0.24
        ports:
        - containerPort: 80
          name: web
        volumeMounts:
        - name: www
          mountPath: /usr/share/nginx/html
  volumeClaimTemplates:
  - metadata:
      name: www
    spec:
      accessModes: [ReadWriteOnce]
      resources:
        requests:
          storage: 1Gi
";

/// Sets status fields of the set `name`.
pub fn set_status(
    name: &'static str,
    change: impl FnOnce(&mut sts_playground::sim::model::StatefulSetStatus) + 'static,
) -> Box<dyn FnOnce(&mut Cluster)> {
    Box::new(move |cluster: &mut Cluster| {
        modify(cluster, Kind::StatefulSet, name, |object| {
            if let Some(set) = object.as_stateful_set_mut() {
                change(&mut set.status);
            }
        })
    })
}

/// A pod `name` labelled `app=web` on `node`, Running, with its Ready condition `ready`.
pub fn pod_yaml(name: &str, node: &str, ready: bool) -> String {
    let status = if ready { "True" } else { "False" };
    format!(
        "
apiVersion: v1
kind: Pod
metadata:
  name: {name}
  labels:
    app: web
spec:
  nodeName: {node}
  containers:
  - name: nginx
    image: nginx
status:
  phase: Running
  conditions:
  - type: Ready
    status: \"{status}\"
"
    )
}

/// Sets the Ready condition of pod `name`.
pub fn pod_ready(name: &'static str, ready: bool) -> Box<dyn FnOnce(&mut Cluster)> {
    Box::new(move |cluster: &mut Cluster| {
        modify(cluster, Kind::Pod, name, |object| {
            if let Some(pod) = object.as_pod_mut() {
                for condition in &mut pod.status.conditions {
                    if condition.type_ == "Ready" {
                        condition.status = if ready { "True" } else { "False" }.into();
                    }
                }
            }
        })
    })
}

/// Removes an object for good.
pub fn remove(kind: Kind, name: &'static str) -> Box<dyn FnOnce(&mut Cluster)> {
    Box::new(move |cluster: &mut Cluster| {
        cluster.store.remove(&ObjectKey::new(kind, "default", name));
    })
}

/// No files.
pub fn no_files() -> BTreeMap<String, String> {
    BTreeMap::new()
}
