//! The cluster drawn from [`ClusterView`]: headless Services with their DNS names, each
//! StatefulSet as a row of ordinal slots (pod card, claims, what the controller waits for), the
//! PersistentVolume pool and the StorageClasses. Cards are keyed by uid, so a re-created pod is
//! a new card (it fades in) and a changed one transitions its colours in CSS.
//!
//! Buttons type console lines (`kubectl describe pod …`, `kubectl delete pod …`,
//! `kubectl scale statefulset … --replicas=N`), so what they do is visible and repeatable.
//!
//! A claim and the volume it is bound to share a colour (chosen from the volume's name), which
//! is how the page draws the line from claim to volume.

use std::rc::Rc;

use yew::prelude::*;

use crate::sim::view::{
    ClaimView, ClusterView, PodView, RevisionState, ServiceView, SlotRole, SlotView,
    StatefulSetView, StorageClassView, VolumeView,
};

/// How many colours link claims to volumes (`link-0` … `link-7` in the style sheet).
const LINK_COLOURS: u32 = 8;

#[derive(Properties, PartialEq)]
pub struct ClusterPanelProps {
    pub view: Rc<ClusterView>,
    /// A command is running: buttons that run commands are disabled.
    pub busy: bool,
    /// Runs a console line.
    pub on_command: Callback<String>,
}

#[function_component]
pub fn ClusterPanel(props: &ClusterPanelProps) -> Html {
    let view = &props.view;
    let empty = view.stateful_sets.is_empty()
        && view.volumes.is_empty()
        && view.other_pods.is_empty()
        && view.other_claims.is_empty()
        && view.services.is_empty();
    html! {
        <section class="cluster" aria-label="Cluster">
            if let Some(stuck) = &view.stuck {
                <p class="cluster-stuck" role="alert">{ format!("The cluster is stuck: {stuck}") }</p>
            }
            if empty {
                <p class="panel-empty cluster-empty">
                    { "Nothing here yet. Apply pv-demo.yaml, then stateful-demo.yaml, and watch the cluster work." }
                </p>
            }
            { for view.services.iter().map(|service| html! {
                <ServiceCard key={service.uid.clone()} service={service.clone()} />
            }) }
            { for view.stateful_sets.iter().map(|set| html! {
                <StatefulSetPanel
                    key={set.uid.clone()}
                    set={set.clone()}
                    busy={props.busy}
                    on_command={props.on_command.clone()}
                />
            }) }
            if !view.other_pods.is_empty() || !view.other_claims.is_empty() {
                <section class="others" aria-label="Other pods and claims">
                    <h2 class="panel-title">{ "Other pods and claims" }</h2>
                    <div class="others-row">
                        { for view.other_pods.iter().map(|other| html! {
                            <div key={other.pod.uid.clone()} class="slot slot--other">
                                <PodCard pod={other.pod.clone()} busy={props.busy} on_command={props.on_command.clone()} />
                                { for other.claims.iter().map(|claim| html! {
                                    <ClaimChip key={claim.uid.clone()} claim={claim.clone()} />
                                }) }
                            </div>
                        }) }
                        { for view.other_claims.iter().map(|claim| html! {
                            <div key={claim.uid.clone()} class="slot slot--other">
                                <ClaimChip claim={claim.clone()} />
                            </div>
                        }) }
                    </div>
                </section>
            }
            <VolumePool volumes={view.volumes.clone()} classes={view.storage_classes.clone()} />
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct ServiceCardProps {
    service: ServiceView,
}

/// A headless Service: its domain and one DNS name per pod.
#[function_component]
fn ServiceCard(props: &ServiceCardProps) -> Html {
    let service = &props.service;
    html! {
        <section class="service" data-testid="service" data-name={service.name.clone()}>
            <h2 class="panel-title">
                { "Headless Service " }
                <span class="object-name">{ service.name.clone() }</span>
                <span class="panel-note">{ format!(" selector {}", service.selector) }</span>
            </h2>
            <p class="service-domain">
                <code>{ service.domain.clone() }</code>
                <span class="panel-note">{ " resolves to every ready pod" }</span>
            </p>
            if !service.records.is_empty() {
                <ul class="dns-records">
                    { for service.records.iter().map(|record| html! {
                        <li
                            key={record.name.clone()}
                            class={classes!("dns-record", (!record.published).then_some("dns-record--unpublished"))}
                            data-testid="dns"
                            data-name={record.name.clone()}
                            data-published={record.published.to_string()}
                        >
                            <code>{ record.name.clone() }</code>
                            <span class="dns-arrow">{ " → " }</span>
                            <span class="dns-ip">
                                { match (&record.ip, record.published) {
                                    (Some(ip), true) => ip.clone(),
                                    (Some(ip), false) => format!("{ip} (not ready: not published)"),
                                    (None, _) => "no address yet".to_string(),
                                } }
                            </span>
                        </li>
                    }) }
                </ul>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct StatefulSetPanelProps {
    set: StatefulSetView,
    busy: bool,
    on_command: Callback<String>,
}

/// One StatefulSet: its summary, scale buttons, and its ordinal slots.
#[function_component]
fn StatefulSetPanel(props: &StatefulSetPanelProps) -> Html {
    let set = &props.set;
    let scale_to = |replicas: i32| {
        let name = set.name.clone();
        let namespace = set.namespace.clone();
        props
            .on_command
            .reform(move |_: MouseEvent| scale_command(&namespace, &name, replicas))
    };
    let mut summary = vec![
        set.pod_management_policy.clone(),
        set.update_strategy.clone(),
    ];
    if let Some(partition) = set.partition {
        summary.push(format!("partition {partition}"));
    }
    if !set.service_name.is_empty() {
        summary.push(format!("serviceName {}", set.service_name));
    }
    let revisions =
        if set.current_revision.is_empty() || set.current_revision == set.update_revision {
            format!("revision {}", set.update_revision)
        } else {
            format!(
                "revision {} → {}",
                set.current_revision, set.update_revision
            )
        };
    html! {
        <section
            class={classes!("statefulset", set.deleting.then_some("statefulset--deleting"))}
            data-testid="statefulset"
            data-name={set.name.clone()}
            data-ready={set.ready.clone()}
        >
            <header class="statefulset-header">
                <h2 class="panel-title">
                    { "StatefulSet " }
                    <span class="object-name">{ set.name.clone() }</span>
                    <span class="statefulset-ready" title="READY: ready pods / replicas">{ set.ready.clone() }</span>
                </h2>
                <div class="statefulset-scale" role="group" aria-label={format!("Scale {}", set.name)}>
                    <button
                        type="button"
                        class="scale-button"
                        data-testid="scale-down"
                        title={format!("kubectl scale statefulset {} --replicas={}", set.name, (set.replicas - 1).max(0))}
                        disabled={props.busy || set.replicas <= 0}
                        onclick={scale_to((set.replicas - 1).max(0))}
                    >
                        { "−" }
                    </button>
                    <span class="scale-replicas" title="spec.replicas">{ set.replicas }</span>
                    <button
                        type="button"
                        class="scale-button"
                        data-testid="scale-up"
                        title={format!("kubectl scale statefulset {} --replicas={}", set.name, set.replicas + 1)}
                        disabled={props.busy}
                        onclick={scale_to(set.replicas.saturating_add(1))}
                    >
                        { "+" }
                    </button>
                </div>
            </header>
            <p class="statefulset-summary">
                { summary.join(" · ") }
                if !set.update_revision.is_empty() {
                    <span class="statefulset-revisions">{ format!(" · {revisions}") }</span>
                }
            </p>
            <ol class="slots">
                { for set.slots.iter().map(|slot| html! {
                    <SlotCard
                        key={slot.ordinal.to_string()}
                        slot={slot.clone()}
                        busy={props.busy}
                        on_command={props.on_command.clone()}
                    />
                }) }
            </ol>
            if set.slots_hidden > 0 {
                <p class="panel-note">{ format!("… and {} more ordinals (use kubectl get pods to see them)", set.slots_hidden) }</p>
            }
        </section>
    }
}

fn scale_command(namespace: &str, name: &str, replicas: i32) -> String {
    if namespace == "default" {
        format!("kubectl scale statefulset {name} --replicas={replicas}")
    } else {
        format!("kubectl scale statefulset {name} --replicas={replicas} -n {namespace}")
    }
}

#[derive(Properties, PartialEq)]
struct SlotCardProps {
    slot: SlotView,
    busy: bool,
    on_command: Callback<String>,
}

/// One ordinal: its pod (or where the pod will be), its claims, and what it waits for.
#[function_component]
fn SlotCard(props: &SlotCardProps) -> Html {
    let slot = &props.slot;
    let role = match slot.role {
        SlotRole::Desired => "slot--desired",
        SlotRole::Condemned => "slot--condemned",
        SlotRole::Retained => "slot--retained",
    };
    html! {
        <li
            class={classes!("slot", role, slot.below_partition.then_some("slot--below-partition"))}
            data-ordinal={slot.ordinal.to_string()}
        >
            <div class="slot-ordinal" title="ordinal">{ format!("#{}", slot.ordinal) }</div>
            { for slot.pod.iter().map(|pod| html! {
                <PodCard key={pod.uid.clone()} pod={pod.clone()} busy={props.busy} on_command={props.on_command.clone()} />
            }) }
            if slot.pod.is_none() {
                <div class={classes!("pod", "pod--ghost")}>
                    <div class="pod-name">{ slot.pod_name.clone() }</div>
                    <div class="pod-status">
                        { match slot.role {
                            SlotRole::Retained => "scaled away; its claims stay",
                            _ => "not created yet",
                        } }
                    </div>
                </div>
            }
            if slot.below_partition {
                <div class="slot-partition" title="Below the partition: kept at the current revision">{ "below partition" }</div>
            }
            { for slot.claims.iter().map(|claim| html! {
                <ClaimChip key={claim.uid.clone()} claim={claim.clone()} />
            }) }
            if let Some(waiting) = &slot.waiting {
                <p class="slot-waiting" data-testid="waiting">{ waiting.clone() }</p>
            }
        </li>
    }
}

#[derive(Properties, PartialEq)]
struct PodCardProps {
    pod: PodView,
    busy: bool,
    on_command: Callback<String>,
}

/// The colour family of a pod's STATUS text.
fn pod_tone(pod: &PodView) -> &'static str {
    match pod.status.as_str() {
        "Terminating" => "pod--terminating",
        "Running" if pod.is_ready => "pod--ready",
        "Running" | "NotReady" => "pod--running",
        "Completed" | "Succeeded" => "pod--done",
        "Pending" | "ContainerCreating" | "PodInitializing" => "pod--pending",
        status
            if status.starts_with("Init:")
                && !status.contains("Err")
                && !status.contains("BackOff") =>
        {
            "pod--pending"
        }
        _ => "pod--failed",
    }
}

fn namespaced(command: &str, namespace: &str) -> String {
    if namespace == "default" {
        command.to_string()
    } else {
        format!("{command} -n {namespace}")
    }
}

/// A pod: a click anywhere on it (or Enter on its name) describes it; its Delete button
/// deletes it.
#[function_component]
fn PodCard(props: &PodCardProps) -> Html {
    let pod = &props.pod;
    let describe_line = namespaced(
        &format!("kubectl describe pod {}", pod.name),
        &pod.namespace,
    );
    let delete_line = namespaced(&format!("kubectl delete pod {}", pod.name), &pod.namespace);
    let onclick = {
        let line = describe_line.clone();
        let busy = props.busy;
        let on_command = props.on_command.clone();
        Callback::from(move |_: MouseEvent| {
            if !busy {
                on_command.emit(line.clone());
            }
        })
    };
    let delete = {
        let line = delete_line.clone();
        props.on_command.reform(move |event: MouseEvent| {
            event.stop_propagation();
            line.clone()
        })
    };
    let revision_class = match pod.revision_state {
        RevisionState::Update => "pod-revision--update",
        RevisionState::Old => "pod-revision--old",
        RevisionState::Unknown => "pod-revision--unknown",
    };
    let short_revision = pod
        .revision
        .rsplit('-')
        .next()
        .unwrap_or(&pod.revision)
        .to_string();
    let place = match (&pod.ip, &pod.node) {
        (Some(ip), Some(node)) => format!("{ip} · {node}"),
        (None, Some(node)) => format!("on {node}"),
        (Some(ip), None) => ip.clone(),
        (None, None) => "not scheduled".to_string(),
    };
    html! {
        <div
            class={classes!("pod", pod_tone(pod))}
            data-testid="pod"
            data-name={pod.name.clone()}
            data-phase={pod.status.clone()}
            data-ready={pod.ready.clone()}
            data-uid={pod.uid.clone()}
            title={format!("{describe_line}\nimage {}", pod.image)}
            {onclick}
        >
            <button
                type="button"
                class="pod-name"
                aria-label={format!("Describe pod {}", pod.name)}
            >
                { pod.name.clone() }
            </button>
            <div class="pod-status">
                <span class="pod-status-text">{ pod.status.clone() }</span>
                <span class="pod-ready" title="READY">{ pod.ready.clone() }</span>
            </div>
            <div class="pod-place">{ place }</div>
            if !pod.revision.is_empty() {
                <div
                    class={classes!("pod-revision", revision_class)}
                    title={format!("controller-revision-hash {}", pod.revision)}
                >
                    { match pod.revision_state {
                        RevisionState::Old => format!("old rev {short_revision}"),
                        _ => format!("rev {short_revision}"),
                    } }
                </div>
            }
            if !pod.deleting {
                <button
                    type="button"
                    class="pod-delete"
                    title={delete_line}
                    aria-label={format!("Delete pod {}", pod.name)}
                    disabled={props.busy}
                    onclick={delete}
                >
                    { "Delete" }
                </button>
            }
        </div>
    }
}

/// `link-0` … `link-7`: the colour shared by a volume and the claim bound to it.
fn link_class(volume: &str) -> String {
    // FNV-1a: small, stable across runs and platforms.
    let mut hash: u32 = 0x811c_9dc5;
    for byte in volume.bytes() {
        hash ^= u32::from(byte);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    format!("link-{}", hash % LINK_COLOURS)
}

fn phase_class(prefix: &str, phase: &str) -> String {
    format!("{prefix}--{}", phase.to_ascii_lowercase())
}

#[derive(Properties, PartialEq)]
struct ClaimChipProps {
    claim: ClaimView,
}

/// A claim: its phase and the volume it is bound to.
#[function_component]
fn ClaimChip(props: &ClaimChipProps) -> Html {
    let claim = &props.claim;
    let link = claim.volume.as_deref().map(link_class);
    html! {
        <div
            class={classes!("claim", phase_class("claim", &claim.phase), link, claim.deleting.then_some("claim--deleting"))}
            data-testid="pvc"
            data-name={claim.name.clone()}
            data-phase={claim.phase.clone()}
            data-volume={claim.volume.clone().unwrap_or_default()}
            title={format!("PersistentVolumeClaim {}/{}", claim.namespace, claim.name)}
        >
            <span class="claim-icon" aria-hidden="true">{ "⛁" }</span>
            <span class="claim-name">{ claim.name.clone() }</span>
            <span class="claim-phase">{ claim.phase.clone() }</span>
            if let Some(volume) = &claim.volume {
                <span class="claim-volume">{ format!("→ {volume}") }</span>
            }
            <span class="claim-size">{ format!("{} {}", claim.capacity, claim.access_modes) }</span>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct VolumePoolProps {
    volumes: Vec<VolumeView>,
    classes: Vec<StorageClassView>,
}

/// Every PersistentVolume, and the StorageClasses that could provision more.
#[function_component]
fn VolumePool(props: &VolumePoolProps) -> Html {
    html! {
        <section class="volume-pool" aria-label="PersistentVolumes">
            <h2 class="panel-title">{ "PersistentVolumes" }</h2>
            if props.volumes.is_empty() {
                <p class="panel-empty">{ "No PersistentVolumes." }</p>
            } else {
                <ul class="volumes">
                    { for props.volumes.iter().map(|volume| html! {
                        <VolumeCard key={volume.uid.clone()} volume={volume.clone()} />
                    }) }
                </ul>
            }
            <p class="storage-classes">
                if props.classes.is_empty() {
                    { "No StorageClass: claims bind only to PersistentVolumes created by hand." }
                } else {
                    { "StorageClasses: " }
                    { for props.classes.iter().map(|class| html! {
                        <span key={class.uid.clone()} class="storage-class" data-testid="storageclass" data-name={class.name.clone()}>
                            { format!(
                                "{}{} ({}, {}, {})",
                                class.name,
                                if class.is_default { " (default)" } else { "" },
                                class.provisioner,
                                class.volume_binding_mode,
                                class.reclaim_policy
                            ) }
                        </span>
                    }) }
                }
            </p>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct VolumeCardProps {
    volume: VolumeView,
}

#[function_component]
fn VolumeCard(props: &VolumeCardProps) -> Html {
    let volume = &props.volume;
    let link = volume.claim.as_ref().map(|_| link_class(&volume.name));
    html! {
        <li
            class={classes!("pv", phase_class("pv", &volume.phase), link, volume.deleting.then_some("pv--deleting"))}
            data-testid="pv"
            data-name={volume.name.clone()}
            data-phase={volume.phase.clone()}
            data-claim={volume.claim.clone().unwrap_or_default()}
            title={format!("PersistentVolume {} · reclaim policy {}", volume.name, volume.reclaim_policy)}
        >
            <div class="pv-name">{ volume.name.clone() }</div>
            <div class="pv-phase">{ volume.phase.clone() }</div>
            <div class="pv-size">{ format!("{} {}", volume.capacity, volume.access_modes) }</div>
            <div class="pv-policy">{ volume.reclaim_policy.clone() }</div>
            if !volume.storage_class.is_empty() {
                <div class="pv-class">{ volume.storage_class.clone() }</div>
            }
            if let Some(claim) = &volume.claim {
                <div class="pv-claim">{ format!("← {claim}") }</div>
            }
        </li>
    }
}
