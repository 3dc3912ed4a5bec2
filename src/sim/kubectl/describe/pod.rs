//! `kubectl describe pod` and the pieces of it other describers reuse: containers, volumes and
//! the `Pod Template:` block of workloads.
//!
//! Models `kubectl/pkg/describe/describe.go` (v1.34): `describePod`, `describeContainers` and its
//! helpers, `describeStatus`, `DescribeProbe`, `describeVolumes` with the volume-source printers,
//! `printPersistentVolumeClaim`, `DescribePodTemplate`; `kubectl/pkg/util/qos` `GetPodQOS`;
//! the environment resolver (`EnvValueRetriever`), which with kubectl's client-go scheme can only
//! resolve `metadata.name` and `metadata.namespace`.
//!
//! Leaves out: volume sources a playground cluster cannot have (iSCSI, RBD, Glusterfs, Cinder,
//! and the other cloud or vendor plugins apart from GCE PD and AWS EBS); such a volume prints
//! `<unknown>`. Container statuses' allocated resources are not consulted.
//!
//! Architecture Invariant: every function reads the pod as JSON and never panics, whatever the
//! pod holds.

use crate::sim::clock::SimTime;
use crate::sim::kubectl::sort;
use crate::sim::quantity::Quantity;

use super::writer::{
    format_label_selector, go_list, print_annotations_multiline, print_labels_multiline,
    print_tolerations_multiline, since, PrefixWriter, J, LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3,
};

/// How container environment values that come from fields are resolved.
#[derive(Clone, Copy)]
pub enum EnvResolver<'a> {
    /// A pod template: no value.
    None,
    /// A pod: `metadata.name` and `metadata.namespace` resolve from it.
    Pod(J<'a>),
}

/// `describePod`: everything but the events, which the caller appends.
pub fn describe_pod_body(w: &mut PrefixWriter, pod: J<'_>, now: SimTime) {
    let meta = pod.get("metadata");
    let spec = pod.get("spec");
    let status = pod.get("status");
    w.write(LEVEL_0, &format!("Name:\t{}\n", meta.get("name").str()));
    w.write(
        LEVEL_0,
        &format!("Namespace:\t{}\n", meta.get("namespace").str()),
    );
    if let Some(priority) = spec.get("priority").opt_i64() {
        w.write(LEVEL_0, &format!("Priority:\t{priority}\n"));
    }
    let priority_class = spec.get("priorityClassName").str();
    if !priority_class.is_empty() {
        w.write(
            LEVEL_0,
            &format!("Priority Class Name:\t{priority_class}\n"),
        );
    }
    let runtime_class = spec.get("runtimeClassName").str();
    if !runtime_class.is_empty() {
        w.write(LEVEL_0, &format!("Runtime Class Name:\t{runtime_class}\n"));
    }
    let service_account = spec.get("serviceAccountName").str();
    if !service_account.is_empty() {
        w.write(LEVEL_0, &format!("Service Account:\t{service_account}\n"));
    }
    let node = spec.get("nodeName").str();
    if node.is_empty() {
        w.write(LEVEL_0, "Node:\t<none>\n");
    } else {
        w.write(
            LEVEL_0,
            &format!("Node:\t{node}/{}\n", status.get("hostIP").str()),
        );
    }
    if status.get("startTime").is_set() {
        w.write(
            LEVEL_0,
            &format!("Start Time:\t{}\n", status.get("startTime").rfc1123z()),
        );
    }
    print_labels_multiline(w, "Labels", meta.get("labels"));
    print_annotations_multiline(w, "Annotations", meta.get("annotations"));
    let phase = status.get("phase").str();
    if meta.get("deletionTimestamp").is_set() && phase != "Failed" && phase != "Succeeded" {
        w.write(
            LEVEL_0,
            &format!(
                "Status:\tTerminating (lasts {})\n",
                since(meta.get("deletionTimestamp").time(), now)
            ),
        );
        w.write(
            LEVEL_0,
            &format!(
                "Termination Grace Period:\t{}s\n",
                meta.get("deletionGracePeriodSeconds").i64()
            ),
        );
    } else {
        w.write(LEVEL_0, &format!("Status:\t{phase}\n"));
    }
    let reason = status.get("reason").str();
    if !reason.is_empty() {
        w.write(LEVEL_0, &format!("Reason:\t{reason}\n"));
    }
    let message = status.get("message").str();
    if !message.is_empty() {
        w.write(LEVEL_0, &format!("Message:\t{message}\n"));
    }
    let seccomp = spec.path(&["securityContext", "seccompProfile"]);
    if seccomp.is_set() {
        let kind = seccomp.get("type").str();
        w.write(LEVEL_0, &format!("SeccompProfile:\t{kind}\n"));
        if kind == "Localhost" {
            w.write(
                LEVEL_0,
                &format!(
                    "LocalhostProfile:\t{}\n",
                    seccomp.get("localhostProfile").str()
                ),
            );
        }
    }
    w.write(LEVEL_0, &format!("IP:\t{}\n", status.get("podIP").str()));
    describe_pod_ips(w, status.get("podIPs"));
    if let Some(controller) = controller_of(meta) {
        w.write(LEVEL_0, &format!("Controlled By:\t{controller}\n"));
    }
    let nominated = status.get("nominatedNodeName").str();
    if !nominated.is_empty() {
        w.write(LEVEL_0, &format!("NominatedNodeName:\t{nominated}\n"));
    }
    if spec.get("resources").is_set() {
        w.write(LEVEL_0, "Resources:\n");
        describe_resources(w, spec.get("resources"), LEVEL_1);
    }
    let resolver = EnvResolver::Pod(pod);
    if !spec.get("initContainers").is_empty() {
        describe_containers(
            w,
            "Init Containers",
            spec.get("initContainers"),
            Some(status.get("initContainerStatuses")),
            resolver,
            "",
        );
    }
    describe_containers(
        w,
        "Containers",
        spec.get("containers"),
        Some(status.get("containerStatuses")),
        resolver,
        "",
    );
    if !spec.get("ephemeralContainers").is_empty() {
        describe_containers(
            w,
            "Ephemeral Containers",
            spec.get("ephemeralContainers"),
            Some(status.get("ephemeralContainerStatuses")),
            resolver,
            "",
        );
    }
    if !spec.get("readinessGates").is_empty() {
        w.write(LEVEL_0, "Readiness Gates:\n  Type\tStatus\n");
        for gate in spec.get("readinessGates").items() {
            let kind = gate.get("conditionType").str();
            let value = status
                .get("conditions")
                .items()
                .find(|c| c.get("type").str() == kind)
                .map(|c| c.get("status").v())
                .unwrap_or_else(|| "<none>".to_string());
            w.write(LEVEL_1, &format!("{kind} \t{value} \n"));
        }
    }
    if !status.get("conditions").is_empty() {
        w.write(LEVEL_0, "Conditions:\n  Type\tStatus\n");
        for condition in status.get("conditions").items() {
            w.write(
                LEVEL_1,
                &format!(
                    "{} \t{} \n",
                    condition.get("type").str(),
                    condition.get("status").str()
                ),
            );
        }
    }
    describe_volumes(w, spec.get("volumes"), "");
    w.write(LEVEL_0, &format!("QoS Class:\t{}\n", qos_class(pod)));
    print_labels_multiline(w, "Node-Selectors", spec.get("nodeSelector"));
    print_tolerations_multiline(w, "Tolerations", spec.get("tolerations"));
    describe_topology_spread_constraints(w, spec.get("topologySpreadConstraints"), "");
}

/// `printController`: `Kind/name` of the controlling owner.
pub fn controller_of(meta: J<'_>) -> Option<String> {
    meta.get("ownerReferences")
        .items()
        .find(|owner| owner.get("controller").bool())
        .map(|owner| format!("{}/{}", owner.get("kind").str(), owner.get("name").str()))
}

fn describe_pod_ips(w: &mut PrefixWriter, ips: J<'_>) {
    if ips.is_empty() {
        w.write(LEVEL_0, "IPs:\t<none>\n");
        return;
    }
    w.write(LEVEL_0, "IPs:\n");
    for ip in ips.items() {
        w.write(LEVEL_1, &format!("IP:\t{}\n", ip.get("ip").str()));
    }
}

/// `describeTopologySpreadConstraints`.
fn describe_topology_spread_constraints(w: &mut PrefixWriter, constraints: J<'_>, space: &str) {
    let mut constraints: Vec<J<'_>> = constraints.items().collect();
    if constraints.is_empty() {
        return;
    }
    sort::sort_by(&mut constraints, |a, b| {
        a.get("topologyKey").str().cmp(b.get("topologyKey").str())
    });
    w.write(LEVEL_0, &format!("{space}Topology Spread Constraints:\t"));
    for (index, constraint) in constraints.iter().enumerate() {
        if index != 0 {
            w.write(LEVEL_0, space);
            w.write(LEVEL_0, "\t");
        }
        let mut text = format!(
            "{}:{} when max skew {} is exceeded",
            constraint.get("topologyKey").str(),
            constraint.get("whenUnsatisfiable").str(),
            constraint.get("maxSkew").i64()
        );
        if constraint.get("labelSelector").is_set() {
            text.push_str(&format!(
                " for selector {}",
                format_label_selector(constraint.get("labelSelector"))
            ));
        }
        text.push('\n');
        w.write(LEVEL_0, &text);
    }
}

/// `DescribePodTemplate`: the `Pod Template:` block of a workload.
pub fn describe_pod_template(w: &mut PrefixWriter, template: J<'_>) {
    w.write(LEVEL_0, "Pod Template:\n");
    if !template.is_set() {
        w.write(LEVEL_1, "<unset>");
        return;
    }
    let meta = template.get("metadata");
    let spec = template.get("spec");
    print_labels_multiline(w, "  Labels", meta.get("labels"));
    if !meta.get("annotations").is_empty() {
        print_annotations_multiline(w, "  Annotations", meta.get("annotations"));
    }
    let service_account = spec.get("serviceAccountName").str();
    if !service_account.is_empty() {
        w.write(LEVEL_1, &format!("Service Account:\t{service_account}\n"));
    }
    if !spec.get("initContainers").is_empty() {
        describe_containers(
            w,
            "Init Containers",
            spec.get("initContainers"),
            None,
            EnvResolver::None,
            "  ",
        );
    }
    describe_containers(
        w,
        "Containers",
        spec.get("containers"),
        None,
        EnvResolver::None,
        "  ",
    );
    describe_volumes(w, spec.get("volumes"), "  ");
    describe_topology_spread_constraints(w, spec.get("topologySpreadConstraints"), "  ");
    let priority_class = spec.get("priorityClassName").str();
    if !priority_class.is_empty() {
        w.write(
            LEVEL_1,
            &format!("Priority Class Name:\t{priority_class}\n"),
        );
    }
    print_labels_multiline(w, "  Node-Selectors", spec.get("nodeSelector"));
    print_tolerations_multiline(w, "  Tolerations", spec.get("tolerations"));
}

/// `describeContainers`: a label line, then each container. `statuses` is None for a template.
pub fn describe_containers(
    w: &mut PrefixWriter,
    label: &str,
    containers: J<'_>,
    statuses: Option<J<'_>>,
    resolver: EnvResolver<'_>,
    space: &str,
) {
    let none = if containers.is_empty() { " <none>" } else { "" };
    w.write(LEVEL_0, &format!("{space}{label}:{none}\n"));
    for container in containers.items() {
        let name = container.get("name").str();
        // Go keeps the last status of a name in its map.
        let status = statuses.and_then(|s| {
            s.items()
                .filter(|status| status.get("name").str() == name)
                .last()
        });
        describe_container_basic_info(w, container, status, space);
        describe_container_command(w, container);
        if let Some(status) = status {
            describe_container_state(w, status);
        }
        describe_resources(w, container.get("resources"), LEVEL_2);
        describe_container_probes(w, container);
        if !container.get("envFrom").is_empty() {
            describe_container_env_from(w, container);
        }
        describe_container_env_vars(w, container, resolver);
        describe_container_volumes(w, container);
    }
}

fn describe_container_basic_info(
    w: &mut PrefixWriter,
    container: J<'_>,
    status: Option<J<'_>>,
    space: &str,
) {
    let name_indent = if space.is_empty() { "" } else { " " };
    w.write(
        LEVEL_1,
        &format!("{name_indent}{}:\n", container.get("name").str()),
    );
    if let Some(status) = status {
        w.write(
            LEVEL_2,
            &format!("Container ID:\t{}\n", status.get("containerID").str()),
        );
    }
    w.write(
        LEVEL_2,
        &format!("Image:\t{}\n", container.get("image").str()),
    );
    if let Some(status) = status {
        w.write(
            LEVEL_2,
            &format!("Image ID:\t{}\n", status.get("imageID").str()),
        );
    }
    let ports = container_ports(container, "containerPort");
    if ports.contains(',') {
        w.write(LEVEL_2, &format!("Ports:\t{ports}\n"));
    } else {
        w.write(LEVEL_2, &format!("Port:\t{}\n", string_or_none(&ports)));
    }
    let host_ports = container_ports(container, "hostPort");
    if host_ports.contains(',') {
        w.write(LEVEL_2, &format!("Host Ports:\t{host_ports}\n"));
    } else {
        w.write(
            LEVEL_2,
            &format!("Host Port:\t{}\n", string_or_none(&host_ports)),
        );
    }
    let seccomp = container.path(&["securityContext", "seccompProfile"]);
    if seccomp.is_set() {
        let kind = seccomp.get("type").str();
        w.write(LEVEL_2, &format!("SeccompProfile:\t{kind}\n"));
        if kind == "Localhost" {
            w.write(
                LEVEL_3,
                &format!(
                    "LocalhostProfile:\t{}\n",
                    seccomp.get("localhostProfile").str()
                ),
            );
        }
    }
}

/// `describeContainerPorts` / `describeContainerHostPorts`: `80/TCP (web), 443/TCP`.
fn container_ports(container: J<'_>, field: &str) -> String {
    container
        .get("ports")
        .items()
        .map(|port| {
            let mut text = format!("{}/{}", port.get(field).i64(), port.get("protocol").str());
            let name = port.get("name").str();
            if !name.is_empty() {
                text.push_str(&format!(" ({name})"));
            }
            text
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// `stringOrNone`.
pub fn string_or_none(text: &str) -> String {
    if text.is_empty() {
        "<none>".to_string()
    } else {
        text.to_string()
    }
}

fn describe_container_command(w: &mut PrefixWriter, container: J<'_>) {
    for (field, title) in [("command", "Command"), ("args", "Args")] {
        if container.get(field).is_empty() {
            continue;
        }
        w.write(LEVEL_2, &format!("{title}:\n"));
        for word in container.get(field).strings() {
            for line in word.split('\n') {
                w.write(LEVEL_3, &format!("{line}\n"));
            }
        }
    }
}

/// `describeResources`: `Limits:` and `Requests:` with each resource, sorted.
pub fn describe_resources(w: &mut PrefixWriter, resources: J<'_>, level: usize) {
    for (field, title) in [("limits", "Limits"), ("requests", "Requests")] {
        let list = resources.get(field).entries();
        if list.is_empty() {
            continue;
        }
        w.write(level, &format!("{title}:\n"));
        for (name, quantity) in list {
            w.write(
                level + 1,
                &format!("{name}:\t{}\n", quantity_string(quantity)),
            );
        }
    }
}

/// A quantity as `Quantity.String()` prints it once the API server has stored it.
pub fn quantity_string(value: J<'_>) -> String {
    quantity(value)
        .map(|q| q.canonical())
        .unwrap_or_else(|| value.v())
}

/// A quantity field, when it parses.
pub fn quantity(value: J<'_>) -> Option<Quantity> {
    match value.0 {
        Some(serde_json::Value::String(text)) => Quantity::parse(text).ok(),
        Some(serde_json::Value::Number(number)) => Quantity::parse(&number.to_string()).ok(),
        _ => None,
    }
}

fn describe_container_state(w: &mut PrefixWriter, status: J<'_>) {
    describe_status(w, "State", status.get("state"));
    if status.path(&["lastState", "terminated"]).is_set() {
        describe_status(w, "Last State", status.get("lastState"));
    }
    w.write(
        LEVEL_2,
        &format!("Ready:\t{}\n", print_bool(status.get("ready").bool())),
    );
    w.write(
        LEVEL_2,
        &format!("Restart Count:\t{}\n", status.get("restartCount").i64()),
    );
}

/// `describeStatus`: `Running` + `Started`, `Waiting` + `Reason`, or `Terminated` with its
/// reason, exit code and times.
fn describe_status(w: &mut PrefixWriter, name: &str, state: J<'_>) {
    let running = state.get("running");
    let waiting = state.get("waiting");
    let terminated = state.get("terminated");
    if running.is_set() {
        w.write(LEVEL_2, &format!("{name}:\tRunning\n"));
        w.write(
            LEVEL_3,
            &format!("Started:\t{}\n", running.get("startedAt").rfc1123z()),
        );
    } else if waiting.is_set() {
        w.write(LEVEL_2, &format!("{name}:\tWaiting\n"));
        let reason = waiting.get("reason").str();
        if !reason.is_empty() {
            w.write(LEVEL_3, &format!("Reason:\t{reason}\n"));
        }
    } else if terminated.is_set() {
        w.write(LEVEL_2, &format!("{name}:\tTerminated\n"));
        let reason = terminated.get("reason").str();
        if !reason.is_empty() {
            w.write(LEVEL_3, &format!("Reason:\t{reason}\n"));
        }
        let message = terminated.get("message").str();
        if !message.is_empty() {
            w.write(LEVEL_3, &format!("Message:\t{message}\n"));
        }
        w.write(
            LEVEL_3,
            &format!("Exit Code:\t{}\n", terminated.get("exitCode").i64()),
        );
        let signal = terminated.get("signal").i64();
        if signal > 0 {
            w.write(LEVEL_3, &format!("Signal:\t{signal}\n"));
        }
        w.write(
            LEVEL_3,
            &format!("Started:\t{}\n", terminated.get("startedAt").rfc1123z()),
        );
        w.write(
            LEVEL_3,
            &format!("Finished:\t{}\n", terminated.get("finishedAt").rfc1123z()),
        );
    } else {
        w.write(LEVEL_2, &format!("{name}:\tWaiting\n"));
    }
}

/// `printBool`.
pub fn print_bool(value: bool) -> &'static str {
    if value {
        "True"
    } else {
        "False"
    }
}

fn describe_container_probes(w: &mut PrefixWriter, container: J<'_>) {
    for (field, title) in [
        ("livenessProbe", "Liveness"),
        ("readinessProbe", "Readiness"),
        ("startupProbe", "Startup"),
    ] {
        let probe = container.get(field);
        if probe.is_set() {
            w.write(LEVEL_2, &format!("{title}:\t{}\n", describe_probe(probe)));
        }
    }
}

/// `DescribeProbe`: `http-get http://:8080/healthz delay=0s timeout=1s period=10s #success=1
/// #failure=3`.
pub fn describe_probe(probe: J<'_>) -> String {
    let attributes = format!(
        "delay={}s timeout={}s period={}s #success={} #failure={}",
        probe.get("initialDelaySeconds").i64(),
        probe.get("timeoutSeconds").i64(),
        probe.get("periodSeconds").i64(),
        probe.get("successThreshold").i64(),
        probe.get("failureThreshold").i64()
    );
    let exec = probe.get("exec");
    let http = probe.get("httpGet");
    let tcp = probe.get("tcpSocket");
    let grpc = probe.get("grpc");
    if exec.is_set() {
        format!(
            "exec {} {attributes}",
            go_list(&exec.get("command").strings())
        )
    } else if http.is_set() {
        let scheme = http.get("scheme").str().to_lowercase();
        let host = http.get("host").str();
        let port = http.get("port").int_or_string();
        let authority = if port.is_empty() {
            host.to_string()
        } else if host.contains(':') {
            format!("[{host}]:{port}")
        } else {
            format!("{host}:{port}")
        };
        let path = http.get("path").str();
        // Go's `url.URL.String` for a scheme, a host and a path.
        let mut url = String::new();
        if !scheme.is_empty() {
            url.push_str(&scheme);
            url.push(':');
        }
        if !scheme.is_empty() || !authority.is_empty() {
            if !authority.is_empty() || !path.is_empty() {
                url.push_str("//");
            }
            url.push_str(&authority);
        }
        if !path.is_empty() && !path.starts_with('/') && !authority.is_empty() {
            url.push('/');
        }
        url.push_str(path);
        format!("http-get {url} {attributes}")
    } else if tcp.is_set() {
        format!(
            "tcp-socket {}:{} {attributes}",
            tcp.get("host").str(),
            tcp.get("port").int_or_string()
        )
    } else if grpc.is_set() {
        format!(
            "grpc <pod>:{} {} {attributes}",
            grpc.get("port").i64(),
            grpc.get("service").str()
        )
    } else {
        format!("unknown {attributes}")
    }
}

fn describe_container_env_from(w: &mut PrefixWriter, container: J<'_>) {
    w.write(LEVEL_2, "Environment Variables from:\n");
    for source in container.get("envFrom").items() {
        let (from, reference) = if source.get("configMapRef").is_set() {
            ("ConfigMap", source.get("configMapRef"))
        } else if source.get("secretRef").is_set() {
            ("Secret", source.get("secretRef"))
        } else {
            ("", J(None))
        };
        let name = reference.get("name").str();
        let optional = reference.get("optional").bool();
        let prefix = source.get("prefix").str();
        if prefix.is_empty() {
            w.write(LEVEL_3, &format!("{name}\t{from}\tOptional: {optional}\n"));
        } else {
            w.write(
                LEVEL_3,
                &format!("{name}\t{from} with prefix '{prefix}'\tOptional: {optional}\n"),
            );
        }
    }
}

fn describe_container_env_vars(w: &mut PrefixWriter, container: J<'_>, resolver: EnvResolver<'_>) {
    let env = container.get("env");
    let none = if env.is_empty() { "\t<none>" } else { "" };
    w.write(LEVEL_2, &format!("Environment:{none}\n"));
    for variable in env.items() {
        let name = variable.get("name").str();
        let value_from = variable.get("valueFrom");
        if !value_from.is_set() {
            for (index, line) in variable.get("value").str().split('\n').enumerate() {
                if index == 0 {
                    w.write(LEVEL_3, &format!("{name}:\t{line}\n"));
                } else {
                    w.write(LEVEL_3, &format!("\t{line}\n"));
                }
            }
            continue;
        }
        let field_ref = value_from.get("fieldRef");
        let resource_ref = value_from.get("resourceFieldRef");
        let secret_ref = value_from.get("secretKeyRef");
        let config_map_ref = value_from.get("configMapKeyRef");
        if field_ref.is_set() {
            let path = field_ref.get("fieldPath").str();
            let value = match resolver {
                EnvResolver::Pod(pod) => match path {
                    "metadata.name" => pod.path(&["metadata", "name"]).str(),
                    "metadata.namespace" => pod.path(&["metadata", "namespace"]).str(),
                    _ => "",
                },
                EnvResolver::None => "",
            };
            w.write(
                LEVEL_3,
                &format!(
                    "{name}:\t{value} ({}:{path})\n",
                    field_ref.get("apiVersion").str()
                ),
            );
        } else if resource_ref.is_set() {
            let resource = resource_ref.get("resource").str();
            let mut value = container_resource_value(container, resource_ref);
            if value == "0" && (resource == "limits.cpu" || resource == "limits.memory") {
                value = "node allocatable".to_string();
            }
            w.write(LEVEL_3, &format!("{name}:\t{value} ({resource})\n"));
        } else if secret_ref.is_set() {
            w.write(
                LEVEL_3,
                &format!(
                    "{name}:\t<set to the key '{}' in secret '{}'>\tOptional: {}\n",
                    secret_ref.get("key").str(),
                    secret_ref.get("name").str(),
                    secret_ref.get("optional").bool()
                ),
            );
        } else if config_map_ref.is_set() {
            w.write(
                LEVEL_3,
                &format!(
                    "{name}:\t<set to the key '{}' of config map '{}'>\tOptional: {}\n",
                    config_map_ref.get("key").str(),
                    config_map_ref.get("name").str(),
                    config_map_ref.get("optional").bool()
                ),
            );
        }
    }
}

/// `resourcehelper.ExtractContainerResourceValue`: a container's request or limit divided by
/// the divisor, rounded up.
fn container_resource_value(container: J<'_>, reference: J<'_>) -> String {
    let resource = reference.get("resource").str();
    let Some((field, name)) = resource.split_once('.') else {
        return String::new();
    };
    let (section, name) = match (field, name) {
        ("limits" | "requests", "cpu" | "memory" | "ephemeral-storage") => (field, name),
        _ => return String::new(),
    };
    let amount = quantity(container.path(&["resources", section, name]))
        .unwrap_or_else(|| Quantity::from_units(0));
    let divisor = quantity(reference.get("divisor")).unwrap_or_else(|| Quantity::from_units(1));
    if name == "cpu" {
        let divisor_milli = divisor.milli_value();
        if divisor_milli <= 0 {
            return String::new();
        }
        ceil_div(amount.milli_value(), divisor_milli).to_string()
    } else {
        let divisor_value = divisor.value();
        if divisor_value <= 0 {
            return String::new();
        }
        ceil_div(amount.value(), divisor_value).to_string()
    }
}

fn ceil_div(value: i64, divisor: i64) -> i64 {
    let quotient = value / divisor;
    if value % divisor > 0 {
        quotient.saturating_add(1)
    } else {
        quotient
    }
}

fn describe_container_volumes(w: &mut PrefixWriter, container: J<'_>) {
    let mounts = container.get("volumeMounts");
    let none = if mounts.is_empty() { "\t<none>" } else { "" };
    w.write(LEVEL_2, &format!("Mounts:{none}\n"));
    let mut mounts: Vec<J<'_>> = mounts.items().collect();
    sort::sort_by(&mut mounts, |a, b| {
        a.get("mountPath").str().cmp(b.get("mountPath").str())
    });
    for mount in mounts {
        let mut flags = vec![if mount.get("readOnly").bool() {
            "ro".to_string()
        } else {
            "rw".to_string()
        }];
        let sub_path = mount.get("subPath").str();
        if !sub_path.is_empty() {
            flags.push(format!("path={}", crate::sim::text::gofmt::quote(sub_path)));
        }
        w.write(
            LEVEL_3,
            &format!(
                "{} from {} ({})\n",
                mount.get("mountPath").str(),
                mount.get("name").str(),
                flags.join(",")
            ),
        );
    }
    let devices = container.get("volumeDevices");
    if !devices.is_empty() {
        w.write(LEVEL_2, &format!("Devices:{none}\n"));
        let mut devices: Vec<J<'_>> = devices.items().collect();
        sort::sort_by(&mut devices, |a, b| {
            a.get("devicePath").str().cmp(b.get("devicePath").str())
        });
        for device in devices {
            w.write(
                LEVEL_3,
                &format!(
                    "{} from {}\n",
                    device.get("devicePath").str(),
                    device.get("name").str()
                ),
            );
        }
    }
}

/// `describeVolumes`: each volume and its source.
pub fn describe_volumes(w: &mut PrefixWriter, volumes: J<'_>, space: &str) {
    if volumes.is_empty() {
        w.write(LEVEL_0, &format!("{space}Volumes:\t<none>\n"));
        return;
    }
    w.write(LEVEL_0, &format!("{space}Volumes:\n"));
    let name_indent = if space.is_empty() { "" } else { " " };
    for volume in volumes.items() {
        w.write(
            LEVEL_1,
            &format!("{name_indent}{}:\n", volume.get("name").str()),
        );
        describe_volume_source(w, volume);
    }
}

/// The sources `describeVolumes` checks, in its order.
fn describe_volume_source(w: &mut PrefixWriter, volume: J<'_>) {
    let source = |field: &str| {
        let value = volume.get(field);
        value.is_set().then_some(value)
    };
    if let Some(host_path) = source("hostPath") {
        print_host_path(w, host_path);
    } else if let Some(empty_dir) = source("emptyDir") {
        let limit = quantity(empty_dir.get("sizeLimit"))
            .filter(|q| !q.is_zero() && !q.is_negative())
            .map(|q| q.canonical())
            .unwrap_or_else(|| "<unset>".to_string());
        w.write(
            LEVEL_2,
            &format!(
                "Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t{}\n    SizeLimit:\t{limit}\n",
                empty_dir.get("medium").str()
            ),
        );
    } else if let Some(gce) = source("gcePersistentDisk") {
        print_gce_persistent_disk(w, gce);
    } else if let Some(aws) = source("awsElasticBlockStore") {
        print_aws_elastic_block_store(w, aws);
    } else if let Some(git) = source("gitRepo") {
        w.write(
            LEVEL_2,
            &format!(
                "Type:\tGitRepo (a volume that is pulled from git when the pod is created)\n    Repository:\t{}\n    Revision:\t{}\n",
                git.get("repository").str(),
                git.get("revision").str()
            ),
        );
    } else if let Some(secret) = source("secret") {
        w.write(
            LEVEL_2,
            &format!(
                "Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t{}\n    Optional:\t{}\n",
                secret.get("secretName").str(),
                secret.get("optional").bool()
            ),
        );
    } else if let Some(config_map) = source("configMap") {
        w.write(
            LEVEL_2,
            &format!(
                "Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t{}\n    Optional:\t{}\n",
                config_map.get("name").str(),
                config_map.get("optional").bool()
            ),
        );
    } else if let Some(nfs) = source("nfs") {
        print_nfs(w, nfs);
    } else if let Some(claim) = source("persistentVolumeClaim") {
        w.write(
            LEVEL_2,
            &format!(
                "Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t{}\n    ReadOnly:\t{}\n",
                claim.get("claimName").str(),
                claim.get("readOnly").bool()
            ),
        );
    } else if let Some(ephemeral) = source("ephemeral") {
        w.write(
            LEVEL_2,
            "Type:\tEphemeralVolume (an inline specification for a volume that gets created and deleted with the pod)\n",
        );
        let template = ephemeral.get("volumeClaimTemplate");
        if template.is_set() {
            w.nested(LEVEL_2, |w| {
                super::storage::print_persistent_volume_claim(w, template, false, 0);
            });
        }
    } else if let Some(downward) = source("downwardAPI") {
        w.write(
            LEVEL_2,
            "Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n",
        );
        for item in downward.get("items").items() {
            let path = item.get("path").str();
            if item.get("fieldRef").is_set() {
                w.write(
                    LEVEL_3,
                    &format!(
                        "{} -> {path}\n",
                        item.path(&["fieldRef", "fieldPath"]).str()
                    ),
                );
            }
            if item.get("resourceFieldRef").is_set() {
                w.write(
                    LEVEL_3,
                    &format!(
                        "{} -> {path}\n",
                        item.path(&["resourceFieldRef", "resource"]).str()
                    ),
                );
            }
        }
    } else if let Some(projected) = source("projected") {
        print_projected(w, projected);
    } else if let Some(csi) = source("csi") {
        w.write(
            LEVEL_2,
            &format!(
                "Type:\tCSI (a Container Storage Interface (CSI) volume source)\n    Driver:\t{}\n    FSType:\t{}\n    ReadOnly:\t{}\n",
                csi.get("driver").str(),
                csi.get("fsType").str(),
                csi.get("readOnly").bool()
            ),
        );
        print_csi_attributes(w, csi.get("volumeAttributes"));
    } else if let Some(image) = source("image") {
        w.write(
            LEVEL_2,
            &format!(
                "Type:\tImage (a container image or OCI artifact)\n    Reference:\t{}\n    PullPolicy:\t{}\n",
                image.get("reference").str(),
                image.get("pullPolicy").str()
            ),
        );
    } else {
        w.write(LEVEL_1, "<unknown>\n");
    }
}

fn print_projected(w: &mut PrefixWriter, projected: J<'_>) {
    w.write(
        LEVEL_2,
        "Type:\tProjected (a volume that contains injected data from multiple sources)\n",
    );
    for source in projected.get("sources").items() {
        if source.get("secret").is_set() {
            w.write(
                LEVEL_2,
                &format!(
                    "SecretName:\t{}\n    Optional:\t{}\n",
                    source.path(&["secret", "name"]).str(),
                    source.path(&["secret", "optional"]).bool()
                ),
            );
        } else if source.get("downwardAPI").is_set() {
            w.write(LEVEL_2, "DownwardAPI:\ttrue\n");
        } else if source.get("configMap").is_set() {
            w.write(
                LEVEL_2,
                &format!(
                    "ConfigMapName:\t{}\n    Optional:\t{}\n",
                    source.path(&["configMap", "name"]).str(),
                    source.path(&["configMap", "optional"]).bool()
                ),
            );
        } else if source.get("serviceAccountToken").is_set() {
            w.write(
                LEVEL_2,
                &format!(
                    "TokenExpirationSeconds:\t{}\n",
                    source
                        .path(&["serviceAccountToken", "expirationSeconds"])
                        .i64()
                ),
            );
        }
    }
}

/// `printHostPathVolumeSource`.
pub fn print_host_path(w: &mut PrefixWriter, host_path: J<'_>) {
    let kind = host_path.get("type").opt_str().unwrap_or("<none>");
    w.write(
        LEVEL_2,
        &format!(
            "Type:\tHostPath (bare host directory volume)\n    Path:\t{}\n    HostPathType:\t{kind}\n",
            host_path.get("path").str()
        ),
    );
}

/// `printNFSVolumeSource`.
pub fn print_nfs(w: &mut PrefixWriter, nfs: J<'_>) {
    w.write(
        LEVEL_2,
        &format!(
            "Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t{}\n    Path:\t{}\n    ReadOnly:\t{}\n",
            nfs.get("server").str(),
            nfs.get("path").str(),
            nfs.get("readOnly").bool()
        ),
    );
}

/// `printGCEPersistentDiskVolumeSource`.
pub fn print_gce_persistent_disk(w: &mut PrefixWriter, gce: J<'_>) {
    w.write(
        LEVEL_2,
        &format!(
            "Type:\tGCEPersistentDisk (a Persistent Disk resource in Google Compute Engine)\n    PDName:\t{}\n    FSType:\t{}\n    Partition:\t{}\n    ReadOnly:\t{}\n",
            gce.get("pdName").str(),
            gce.get("fsType").str(),
            gce.get("partition").i64(),
            gce.get("readOnly").bool()
        ),
    );
}

/// `printAWSElasticBlockStoreVolumeSource`.
pub fn print_aws_elastic_block_store(w: &mut PrefixWriter, aws: J<'_>) {
    w.write(
        LEVEL_2,
        &format!(
            "Type:\tAWSElasticBlockStore (a Persistent Disk resource in AWS)\n    VolumeID:\t{}\n    FSType:\t{}\n    Partition:\t{}\n    ReadOnly:\t{}\n",
            aws.get("volumeID").str(),
            aws.get("fsType").str(),
            aws.get("partition").i64(),
            aws.get("readOnly").bool()
        ),
    );
}

/// `printCSIPersistentVolumeAttributesMultilineIndent`, with upstream's doubled indentation of
/// the values (each write adds its level again).
pub fn print_csi_attributes(w: &mut PrefixWriter, attributes: J<'_>) {
    w.write(LEVEL_2, "VolumeAttributes:\t");
    let attributes = attributes.string_map();
    if attributes.is_empty() {
        w.write_line("<none>");
        return;
    }
    for (index, (key, value)) in attributes.iter().enumerate() {
        if index != 0 {
            w.write(LEVEL_2, "");
            w.write(LEVEL_2, "\t");
        }
        let line = format!("{key}={value}");
        if line.len() > 140 {
            let mut end = 140;
            while end > 0 && !line.is_char_boundary(end) {
                end -= 1;
            }
            w.write(LEVEL_2, &format!("{}...\n", &line[..end]));
        } else {
            w.write(LEVEL_2, &format!("{line}\n"));
        }
    }
}

/// `qos.GetPodQOS`: the status field, else computed from the containers' resources.
pub fn qos_class(pod: J<'_>) -> String {
    let recorded = pod.path(&["status", "qosClass"]).str();
    if !recorded.is_empty() {
        return recorded.to_string();
    }
    compute_pod_qos(pod.get("spec")).to_string()
}

/// `ComputePodQOS`.
fn compute_pod_qos(spec: J<'_>) -> &'static str {
    use std::collections::BTreeMap;
    let mut requests: BTreeMap<String, Quantity> = BTreeMap::new();
    let mut limits: BTreeMap<String, Quantity> = BTreeMap::new();
    let mut guaranteed = true;
    let process = |list: J<'_>, into: &mut BTreeMap<String, Quantity>| {
        for (name, value) in list.entries() {
            if name != "cpu" && name != "memory" {
                continue;
            }
            if let Some(amount) = quantity(value).filter(|q| !q.is_zero() && !q.is_negative()) {
                let sum = match into.get(name) {
                    Some(existing) => amount.checked_add(existing).unwrap_or(amount),
                    None => amount,
                };
                into.insert(name.to_string(), sum);
            }
        }
    };
    let has_cpu_and_memory = |list: J<'_>| {
        ["cpu", "memory"]
            .iter()
            .all(|name| quantity(list.get(name)).is_some_and(|q| !q.is_zero() && !q.is_negative()))
    };
    let pod_resources = spec.get("resources");
    if pod_resources.is_set() {
        process(pod_resources.get("requests"), &mut requests);
        if pod_resources.get("limits").is_set() {
            process(pod_resources.get("limits"), &mut limits);
            if !has_cpu_and_memory(pod_resources.get("limits")) {
                guaranteed = false;
            }
        }
    } else {
        for container in spec
            .get("containers")
            .items()
            .chain(spec.get("initContainers").items())
        {
            let resources = container.get("resources");
            process(resources.get("requests"), &mut requests);
            process(resources.get("limits"), &mut limits);
            if !has_cpu_and_memory(resources.get("limits")) {
                guaranteed = false;
            }
        }
    }
    if requests.is_empty() && limits.is_empty() {
        return "BestEffort";
    }
    if guaranteed
        && requests
            .iter()
            .all(|(name, request)| limits.get(name) == Some(request))
        && requests.len() == limits.len()
    {
        return "Guaranteed";
    }
    "Burstable"
}
