//! The cluster drawn from [`ClusterView`]: headless Services with their DNS names, each
//! StatefulSet as a row of ordinal slots (pod card, claims, what the controller waits for), the
//! PersistentVolume pool and the StorageClasses. Cards are keyed by uid, so a re-created pod is
//! a new card (it fades in) and a changed one transitions its colours in CSS. A set of more
//! than [`crate::ui::cluster_links::GRID_FROM_PODS`] pods is drawn as a compact grid of cells
//! instead ([`cluster_pod`]). A line joins each bound claim to its volume in the pool
//! (`cluster_links_svg`).
//!
//! Clicking any object (or Enter on its name) selects it: the inspector shows what
//! `kubectl describe` and `kubectl get -o yaml` print for it. Buttons that change the cluster
//! type console lines (`kubectl delete pod …`, `kubectl scale statefulset … --replicas=N`,
//! `kubectl set image …`), so what they do is visible and repeatable; the pod faults, which
//! kubectl has no command for, leave a note in the console.
//!
//! Architecture Invariant: every callback in [`ClusterActions`] is made once per page (the App
//! memoises it), and every card takes plain comparable props, so a new view re-renders only the
//! cards whose pod, claim or volume changed.

use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::sim::model::Kind;
use crate::sim::session::Fault;
use crate::sim::view::{ClusterView, ServiceView, SlotRole, SlotView, StatefulSetView};
use crate::ui::app::use_lang;
use crate::ui::cluster_links::{claim_links, is_compact};
use crate::ui::cluster_links_svg::ClaimLines;
use crate::ui::cluster_pod::{PodCard, PodGrid};
use crate::ui::cluster_storage::{ClaimChip, VolumePool};
use crate::ui::cluster_summary::summary;
use crate::ui::i18n::Message;
use crate::ui::state::ObjectRef;
use crate::ui::words::cluster::ClusterText;

/// How long the cluster must stay the same before the screen-reader summary speaks, in ms.
const SUMMARY_SETTLE_MS: u32 = 1_500;

/// What the cluster's buttons do. Made once by the App.
#[derive(Clone, PartialEq)]
pub struct ClusterActions {
    /// Runs a console line.
    pub command: Callback<String>,
    /// Selects an object for the inspector.
    pub select: Callback<ObjectRef>,
    /// Applies a pod fault: (namespace, name, fault).
    pub fault: Callback<(String, String, Fault)>,
    /// Puts a line into the console's input and focuses it.
    pub fill: Callback<String>,
    /// Names the volume whose claim–volume pair is pointed at or focused (None when none).
    pub link: Callback<Option<String>>,
}

/// `kubectl …` with `-n NAMESPACE` when the namespace is not `default`.
pub fn namespaced(command: &str, namespace: &str) -> String {
    if namespace == "default" || namespace.is_empty() {
        command.to_string()
    } else {
        format!("{command} -n {namespace}")
    }
}

/// A click or Enter/Space handler that selects `target`.
pub fn select_on_click(actions: &ClusterActions, target: ObjectRef) -> Callback<MouseEvent> {
    actions.select.reform(move |event: MouseEvent| {
        event.stop_propagation();
        target.clone()
    })
}

#[derive(Properties, PartialEq)]
pub struct ClusterPanelProps {
    pub view: Rc<ClusterView>,
    /// The volume whose pair (claim and volume) is highlighted.
    pub linked: Option<String>,
    /// A command is running: buttons that run commands are disabled.
    pub busy: bool,
    pub selected: Option<ObjectRef>,
    pub actions: ClusterActions,
}

#[function_component]
pub fn ClusterPanel(props: &ClusterPanelProps) -> Html {
    let lang = use_lang();
    let view = &props.view;
    let selected = props.selected.as_ref();
    let empty = view.stateful_sets.is_empty()
        && view.volumes.is_empty()
        && view.other_pods.is_empty()
        && view.other_claims.is_empty()
        && view.services.is_empty();
    let is_selected = |kind: Kind, namespace: &str, name: &str| {
        selected.is_some_and(|s| *s == ObjectRef::new(kind, namespace, name))
    };
    // Only the selected name of a kind goes to each set, so other sets' props do not change.
    let selected_pod = selected
        .filter(|s| s.kind == Kind::Pod)
        .map(|s| s.name.clone());
    let selected_claim = selected
        .filter(|s| s.kind == Kind::PersistentVolumeClaim)
        .map(|s| s.name.clone());
    let panel = use_node_ref();
    // The claim→volume lines: the pairs change only when a view does.
    let links = use_memo(view.clone(), |view| claim_links(view));
    html! {
        <section class="cluster" aria-label={ClusterText::Region.get(lang)} ref={panel.clone()}>
            <ClusterSummary view={view.clone()} />
            if let Some(stuck) = &view.stuck {
                <p class="cluster-stuck" role="alert">{ ClusterText::Stuck.with(lang, &[("why", stuck)]) }</p>
            }
            if empty {
                <p class="panel-empty cluster-empty">{ ClusterText::Empty.get(lang) }</p>
            }
            { for view.services.iter().map(|service| html! {
                <ServiceCard
                    key={service.uid.clone()}
                    service={service.clone()}
                    selected={is_selected(Kind::Service, &service.namespace, &service.name)}
                    actions={props.actions.clone()}
                />
            }) }
            { for view.stateful_sets.iter().enumerate().map(|(index, set)| html! {
                <StatefulSetPanel
                    key={set.uid.clone()}
                    view={view.clone()}
                    index={index}
                    busy={props.busy}
                    selected={is_selected(Kind::StatefulSet, &set.namespace, &set.name)}
                    selected_pod={selected_pod.clone()}
                    selected_claim={selected_claim.clone()}
                    linked={props.linked.clone()}
                    actions={props.actions.clone()}
                />
            }) }
            if !view.other_pods.is_empty() || !view.other_claims.is_empty() {
                <section class="others" aria-label={ClusterText::OtherPods.get(lang)}>
                    <h2 class="panel-title">{ ClusterText::OtherPods.get(lang) }</h2>
                    <div class="others-row">
                        { for view.other_pods.iter().map(|other| html! {
                            <div key={other.pod.uid.clone()} class="slot slot--other">
                                <PodCard
                                    pod={other.pod.clone()}
                                    busy={props.busy}
                                    selected={is_selected(Kind::Pod, &other.pod.namespace, &other.pod.name)}
                                    actions={props.actions.clone()}
                                />
                                { for other.claims.iter().map(|claim| html! {
                                    <ClaimChip
                                        key={claim.uid.clone()}
                                        claim={claim.clone()}
                                        selected={is_selected(Kind::PersistentVolumeClaim, &claim.namespace, &claim.name)}
                                        linked={props.linked.is_some() && props.linked == claim.volume}
                                        actions={props.actions.clone()}
                                    />
                                }) }
                            </div>
                        }) }
                        { for view.other_claims.iter().map(|claim| html! {
                            <div key={claim.uid.clone()} class="slot slot--other">
                                <ClaimChip
                                    claim={claim.clone()}
                                    selected={is_selected(Kind::PersistentVolumeClaim, &claim.namespace, &claim.name)}
                                    linked={props.linked.is_some() && props.linked == claim.volume}
                                    actions={props.actions.clone()}
                                />
                            </div>
                        }) }
                    </div>
                </section>
            }
            <VolumePool
                linked={props.linked.clone()}
                volumes={view.volumes.clone()}
                classes={view.storage_classes.clone()}
                selected={selected.filter(|s| matches!(s.kind, Kind::PersistentVolume | Kind::StorageClass)).cloned()}
                actions={props.actions.clone()}
            />
            <ClaimLines
                panel={panel}
                links={links}
                version={view.resource_version}
                linked={props.linked.clone()}
            />
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct ClusterSummaryProps {
    view: Rc<ClusterView>,
}

/// The screen-reader summary: a polite live region that speaks once the cluster has stayed
/// the same for [`SUMMARY_SETTLE_MS`], so a rollout is not read out pod by pod.
#[function_component]
fn ClusterSummary(props: &ClusterSummaryProps) -> Html {
    let lang = use_lang();
    let text = summary(&props.view, lang);
    let announced = use_state(|| text.clone());
    {
        let announced = announced.clone();
        use_effect_with(text, move |text| {
            let text = text.clone();
            let timeout = gloo_timers::callback::Timeout::new(SUMMARY_SETTLE_MS, move || {
                announced.set(text);
            });
            move || drop(timeout)
        });
    }
    html! {
        <p class="sr-only" role="status" aria-live="polite" data-testid="sr-summary">
            { (*announced).clone() }
        </p>
    }
}

#[derive(Properties, PartialEq)]
struct ServiceCardProps {
    service: ServiceView,
    selected: bool,
    actions: ClusterActions,
}

/// A headless Service: its domain and one DNS name per pod.
#[function_component]
fn ServiceCard(props: &ServiceCardProps) -> Html {
    let lang = use_lang();
    let service = &props.service;
    let select = select_on_click(
        &props.actions,
        ObjectRef::new(Kind::Service, &service.namespace, &service.name),
    );
    html! {
        <section
            class={classes!("service", props.selected.then_some("is-selected"))}
            data-testid="service"
            data-name={service.name.clone()}
        >
            <h2 class="panel-title">
                { ClusterText::HeadlessService.get(lang) }
                { " " }
                <button type="button" class="object-name object-link" onclick={select} aria-pressed={props.selected.to_string()}>
                    { service.name.clone() }
                </button>
                <span class="panel-note">{ " " }{ ClusterText::Selector.with(lang, &[("selector", &service.selector)]) }</span>
            </h2>
            <p class="service-domain">
                <code>{ service.domain.clone() }</code>
                <span class="panel-note">{ " " }{ ClusterText::ResolvesToReady.get(lang) }</span>
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
                            <span class="dns-arrow" aria-hidden="true">{ " → " }</span>
                            <span class="dns-ip">
                                { match (&record.ip, record.published) {
                                    (Some(ip), true) => ip.clone(),
                                    (Some(ip), false) => ClusterText::NotPublished.with(lang, &[("ip", ip)]),
                                    (None, _) => ClusterText::NoAddress.get(lang).to_string(),
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
    /// The whole view and this set's index in it: no copy of a large set per frame.
    view: Rc<ClusterView>,
    index: usize,
    busy: bool,
    selected: bool,
    /// The selected pod's name, if a pod is selected.
    selected_pod: Option<String>,
    selected_claim: Option<String>,
    linked: Option<String>,
    actions: ClusterActions,
}

fn scale_command(namespace: &str, name: &str, replicas: i32) -> String {
    namespaced(
        &format!("kubectl scale statefulset {name} --replicas={replicas}"),
        namespace,
    )
}

/// One StatefulSet: its summary, scale buttons, the image form, and its ordinal slots (or the
/// compact grid).
#[function_component]
fn StatefulSetPanel(props: &StatefulSetPanelProps) -> Html {
    let lang = use_lang();
    let Some(set) = props.view.stateful_sets.get(props.index) else {
        return Html::default();
    };
    let scale_to = |replicas: i32| {
        let line = scale_command(&set.namespace, &set.name, replicas);
        props
            .actions
            .command
            .reform(move |_: MouseEvent| line.clone())
    };
    let down = (set.replicas - 1).max(0);
    let up = set.replicas.saturating_add(1);
    let mut summary = vec![
        set.pod_management_policy.clone(),
        set.update_strategy.clone(),
    ];
    if !set.service_name.is_empty() {
        summary.push(format!("serviceName {}", set.service_name));
    }
    let rolling = !set.current_revision.is_empty() && set.current_revision != set.update_revision;
    let select = select_on_click(
        &props.actions,
        ObjectRef::new(Kind::StatefulSet, &set.namespace, &set.name),
    );
    let compact = is_compact(set);
    html! {
        <section
            class={classes!(
                "statefulset",
                set.deleting.then_some("statefulset--deleting"),
                rolling.then_some("statefulset--rolling"),
                props.selected.then_some("is-selected"),
            )}
            data-testid="statefulset"
            data-name={set.name.clone()}
            data-ready={set.ready.clone()}
        >
            <header class="statefulset-header">
                <h2 class="panel-title">
                    { ClusterText::StatefulSet.get(lang) }
                    { " " }
                    <button type="button" class="object-name object-link" onclick={select} aria-pressed={props.selected.to_string()}>
                        { set.name.clone() }
                    </button>
                    <span class="statefulset-ready" title={ClusterText::ReadyTitle.get(lang)}>{ set.ready.clone() }</span>
                </h2>
                <div class="statefulset-scale" role="group" aria-label={ClusterText::ScaleGroup.with(lang, &[("name", &set.name)])}>
                    <button
                        type="button"
                        class="scale-button"
                        data-testid="scale-down"
                        title={scale_command(&set.namespace, &set.name, down)}
                        aria-label={ClusterText::ScaleDown.with(lang, &[("name", &set.name), ("replicas", &down.to_string())])}
                        disabled={props.busy || set.replicas <= 0}
                        onclick={scale_to(down)}
                    >
                        { "−" }
                    </button>
                    <span class="scale-replicas" title="spec.replicas">{ set.replicas }</span>
                    <button
                        type="button"
                        class="scale-button"
                        data-testid="scale-up"
                        title={scale_command(&set.namespace, &set.name, up)}
                        aria-label={ClusterText::ScaleUp.with(lang, &[("name", &set.name), ("replicas", &up.to_string())])}
                        disabled={props.busy}
                        onclick={scale_to(up)}
                    >
                        { "+" }
                    </button>
                </div>
            </header>
            <p class="statefulset-summary">
                { summary.join(" · ") }
                if let Some(partition) = set.partition {
                    { " · " }
                    <span class="statefulset-partition" data-testid="partition" data-partition={partition.to_string()}>
                        { ClusterText::Partition.with(lang, &[("partition", &partition.to_string())]) }
                    </span>
                }
                if !set.update_revision.is_empty() {
                    { " · " }
                    if rolling {
                        <span class="statefulset-revisions">
                            { ClusterText::RevisionWord.get(lang) }{ " " }
                            <span class="rev-chip rev-chip--old">{ short_revision(&set.current_revision) }</span>
                            { " → " }
                            <span class="rev-chip rev-chip--update">{ short_revision(&set.update_revision) }</span>
                        </span>
                    } else {
                        <span class="statefulset-revisions">
                            { ClusterText::Revision.with(lang, &[("revision", &short_revision(&set.update_revision))]) }
                        </span>
                    }
                }
            </p>
            <SetImageForm
                name={set.name.clone()}
                namespace={set.namespace.clone()}
                image={current_image(set)}
                busy={props.busy}
                command={props.actions.command.clone()}
            />
            if compact {
                <PodGrid
                    view={props.view.clone()}
                    index={props.index}
                    selected_pod={props.selected_pod.clone()}
                    actions={props.actions.clone()}
                />
            } else {
                <ol class="slots">
                    { for set.slots.iter().map(|slot| {
                        let pod_selected = slot.pod.is_some() && props.selected_pod.as_deref() == Some(&*slot.pod_name);
                        let claim_selected = props.selected_claim.clone().filter(|name| slot.claims.iter().any(|c| &c.name == name));
                        let linked = props.linked.clone().filter(|volume| slot.claims.iter().any(|c| c.volume.as_ref() == Some(volume)));
                        html! {
                            <SlotCard
                                key={slot.ordinal.to_string()}
                                slot={slot.clone()}
                                busy={props.busy}
                                pod_selected={pod_selected}
                                claim_selected={claim_selected}
                                linked={linked}
                                actions={props.actions.clone()}
                            />
                        }
                    }) }
                </ol>
            }
            if set.slots_hidden > 0 {
                <p class="panel-note">{ ClusterText::MoreOrdinals.with(lang, &[("count", &set.slots_hidden.to_string())]) }</p>
            }
        </section>
    }
}

/// `myapp-7fc6bb78cb` → `7fc6bb78cb`.
pub fn short_revision(revision: &str) -> String {
    revision.rsplit('-').next().unwrap_or(revision).to_string()
}

/// The image of the newest pod (the update revision's, when one runs it).
fn current_image(set: &StatefulSetView) -> String {
    set.slots
        .iter()
        .filter_map(|slot| slot.pod.as_ref())
        .find(|pod| pod.revision == set.update_revision)
        .or_else(|| set.slots.iter().find_map(|slot| slot.pod.as_ref()))
        .map(|pod| pod.image.clone())
        .unwrap_or_default()
}

#[derive(Properties, PartialEq)]
struct SetImageFormProps {
    name: String,
    namespace: String,
    image: String,
    busy: bool,
    command: Callback<String>,
}

/// "Change image": a small form that types `kubectl set image statefulset/NAME *=IMAGE`.
#[function_component]
fn SetImageForm(props: &SetImageFormProps) -> Html {
    let lang = use_lang();
    let input = use_node_ref();
    let onsubmit = {
        let input = input.clone();
        let name = props.name.clone();
        let namespace = props.namespace.clone();
        let command = props.command.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let Some(field) = input.cast::<HtmlInputElement>() else {
                return;
            };
            let image = field.value().trim().to_string();
            if image.is_empty() || image.chars().any(char::is_whitespace) {
                return;
            }
            command.emit(namespaced(
                &format!("kubectl set image statefulset/{name} *={image}"),
                &namespace,
            ));
        })
    };
    let id = format!("image-{}-{}", props.namespace, props.name);
    html! {
        <details class="set-image">
            <summary class="set-image-summary" data-testid="change-image">{ ClusterText::ChangeImage.get(lang) }</summary>
            <form class="set-image-form" {onsubmit}>
                <label class="set-image-label" for={id.clone()}>
                    { ClusterText::ImageLabel.with(lang, &[("name", &props.name)]) }
                </label>
                <input
                    id={id}
                    ref={input}
                    class="set-image-input"
                    data-testid="image-input"
                    type="text"
                    spellcheck="false"
                    autocomplete="off"
                    value={props.image.clone()}
                />
                <button type="submit" class="set-image-button" data-testid="set-image" disabled={props.busy}>
                    { ClusterText::SetImage.get(lang) }
                </button>
            </form>
        </details>
    }
}

#[derive(Properties, PartialEq)]
struct SlotCardProps {
    slot: SlotView,
    busy: bool,
    pod_selected: bool,
    claim_selected: Option<String>,
    /// The linked volume, when one of this ordinal's claims is bound to it.
    linked: Option<String>,
    actions: ClusterActions,
}

/// One ordinal: its pod (or where the pod will be), its claims, and what it waits for.
#[function_component]
fn SlotCard(props: &SlotCardProps) -> Html {
    let lang = use_lang();
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
            <div class="slot-ordinal" title={ClusterText::Ordinal.get(lang)}>{ format!("#{}", slot.ordinal) }</div>
            { for slot.pod.iter().map(|pod| html! {
                <PodCard
                    key={pod.uid.clone()}
                    pod={pod.clone()}
                    busy={props.busy}
                    selected={props.pod_selected}
                    actions={props.actions.clone()}
                />
            }) }
            if slot.pod.is_none() {
                <div class={classes!("pod", "pod--ghost")}>
                    <div class="pod-name">{ slot.pod_name.to_string() }</div>
                    <div class="pod-status">
                        { match slot.role {
                            SlotRole::Retained => ClusterText::ScaledAway.get(lang),
                            _ => ClusterText::NotCreatedYet.get(lang),
                        } }
                    </div>
                </div>
            }
            if slot.below_partition {
                <div class="slot-partition" title={ClusterText::BelowPartitionTitle.get(lang)}>{ ClusterText::BelowPartition.get(lang) }</div>
            }
            { for slot.claims.iter().map(|claim| html! {
                <ClaimChip
                    key={claim.uid.clone()}
                    claim={claim.clone()}
                    selected={props.claim_selected.as_deref() == Some(claim.name.as_str())}
                    linked={props.linked.is_some() && props.linked == claim.volume}
                    actions={props.actions.clone()}
                />
            }) }
            if let Some(waiting) = &slot.waiting {
                <p class="slot-waiting" data-testid="waiting">{ waiting.clone() }</p>
            }
        </li>
    }
}
