//! Pods in the cluster view: the card a pod gets in its ordinal slot (name, kubectl's STATUS
//! and READY, IP and node, revision, and its actions), and the compact grid a set of more than
//! [`crate::ui::cluster_links::GRID_FROM_PODS`] pods is drawn as: one focusable cell per ordinal whose
//! status shows as a colour and a symbol together (never colour alone), named for screen
//! readers by its STATUS and READY.
//!
//! Pod actions: Delete types `kubectl delete pod`; Shell puts `kubectl exec POD -- ` into the
//! console's input for the learner to finish with a command (the simulated shell runs one
//! command per exec; there is no interactive terminal); Break readiness, Restore readiness and
//! Crash are faults applied through the session.
//!
//! Architecture Invariant: cards and cells take comparable props only, so an unchanged pod is
//! not re-rendered when the view changes.

use std::rc::Rc;

use yew::prelude::*;

use crate::sim::model::Kind;
use crate::sim::session::Fault;
use crate::sim::view::{ClusterView, PodView, RevisionState, SlotRole};
use crate::ui::app::use_lang;
use crate::ui::cluster::{namespaced, select_on_click, short_revision, ClusterActions};
use crate::ui::i18n::Message;
use crate::ui::state::ObjectRef;
use crate::ui::words::cluster::ClusterText;

/// The colour family of a pod's STATUS text, and the symbol the grid shows with it.
pub fn pod_tone(pod: &PodView) -> (&'static str, &'static str) {
    match pod.status.as_str() {
        "Terminating" => ("pod--terminating", "×"),
        "Running" if pod.is_ready => ("pod--ready", "✓"),
        "Running" | "NotReady" => ("pod--running", "!"),
        "Completed" | "Succeeded" => ("pod--done", "✓"),
        "Pending" | "ContainerCreating" | "PodInitializing" => ("pod--pending", "…"),
        status
            if status.starts_with("Init:")
                && !status.contains("Err")
                && !status.contains("BackOff") =>
        {
            ("pod--pending", "…")
        }
        _ => ("pod--failed", "✗"),
    }
}

#[derive(Properties, PartialEq)]
pub struct PodCardProps {
    /// Shared with the view: an unchanged pod compares by pointer.
    pub pod: Rc<PodView>,
    pub busy: bool,
    pub selected: bool,
    pub actions: ClusterActions,
}

/// A pod: a click anywhere on it (or Enter on its name) selects it; its actions sit in a
/// disclosure so the card stays small.
#[function_component]
pub fn PodCard(props: &PodCardProps) -> Html {
    let lang = use_lang();
    let pod = &props.pod;
    let select = select_on_click(
        &props.actions,
        ObjectRef::new(Kind::Pod, &pod.namespace, &pod.name),
    );
    let revision_class = match pod.revision_state {
        RevisionState::Update => "pod-revision--update",
        RevisionState::Old => "pod-revision--old",
        RevisionState::Unknown => "pod-revision--unknown",
    };
    let short = short_revision(&pod.revision);
    let place = match (&pod.ip, &pod.node) {
        (Some(ip), Some(node)) => format!("{ip} · {node}"),
        (None, Some(node)) => ClusterText::OnNode.with(lang, &[("node", node)]),
        (Some(ip), None) => ip.clone(),
        (None, None) => ClusterText::NotScheduled.get(lang).to_string(),
    };
    let (tone, _) = pod_tone(pod);
    html! {
        <div
            class={classes!("pod", tone, props.selected.then_some("is-selected"))}
            data-testid="pod"
            data-name={pod.name.clone()}
            data-phase={pod.status.clone()}
            data-ready={pod.ready.clone()}
            data-uid={pod.uid.clone()}
            data-revision={pod.revision.clone()}
            data-restarts={pod.restarts.clone()}
            title={format!("image {}", pod.image)}
            onclick={select.clone()}
        >
            <button
                type="button"
                class="pod-name"
                aria-label={ClusterText::PodLabel.with(lang, &[("name", &pod.name), ("status", &pod.status), ("ready", &pod.ready)])}
                aria-pressed={props.selected.to_string()}
                onclick={select}
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
                        RevisionState::Old => ClusterText::RevOld.with(lang, &[("revision", &short)]),
                        _ => ClusterText::RevNew.with(lang, &[("revision", &short)]),
                    } }
                </div>
            }
            if !pod.deleting {
                <PodActions
                    name={pod.name.clone()}
                    namespace={pod.namespace.clone()}
                    busy={props.busy}
                    actions={props.actions.clone()}
                />
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct PodActionsProps {
    pub name: String,
    pub namespace: String,
    pub busy: bool,
    pub actions: ClusterActions,
}

/// Delete, Shell, Break readiness, Restore readiness, Crash: in a disclosure on the card, and
/// open in the inspector.
#[function_component]
pub fn PodActions(props: &PodActionsProps) -> Html {
    let lang = use_lang();
    let name = &props.name;
    let delete = {
        let line = namespaced(&format!("kubectl delete pod {name}"), &props.namespace);
        props.actions.command.reform(move |event: MouseEvent| {
            event.stop_propagation();
            line.clone()
        })
    };
    let shell = {
        let line = namespaced(&format!("kubectl exec {name}"), &props.namespace) + " -- ";
        props.actions.fill.reform(move |event: MouseEvent| {
            event.stop_propagation();
            line.clone()
        })
    };
    let fault = |fault: Fault| {
        let target = (props.namespace.clone(), name.clone(), fault);
        props.actions.fault.reform(move |event: MouseEvent| {
            event.stop_propagation();
            target.clone()
        })
    };
    let stop = Callback::from(|event: MouseEvent| event.stop_propagation());
    let label = ClusterText::ActionsFor.with(lang, &[("name", name)]);
    html! {
        <details class="pod-actions" onclick={stop}>
            <summary class="pod-actions-summary" data-testid="pod-actions" aria-label={label.clone()}>
                { ClusterText::Actions.get(lang) }
            </summary>
            <div class="pod-actions-list" role="group" aria-label={label}>
                <button type="button" class="pod-action pod-action--danger" data-testid="pod-action-delete"
                    title={namespaced(&format!("kubectl delete pod {name}"), &props.namespace)}
                    disabled={props.busy} onclick={delete}>
                    { ClusterText::Delete.get(lang) }
                </button>
                <button type="button" class="pod-action" data-testid="pod-action-shell"
                    title={ClusterText::ShellTitle.with(lang, &[("name", name)])} onclick={shell}>
                    { ClusterText::Shell.get(lang) }
                </button>
                <button type="button" class="pod-action" data-testid="pod-action-break"
                    title={ClusterText::BreakReadinessTitle.with(lang, &[("name", name)])}
                    onclick={fault(Fault::BreakReadiness)}>
                    { ClusterText::BreakReadiness.get(lang) }
                </button>
                <button type="button" class="pod-action" data-testid="pod-action-restore"
                    title={ClusterText::RestoreReadinessTitle.with(lang, &[("name", name)])}
                    onclick={fault(Fault::RestoreReadiness)}>
                    { ClusterText::RestoreReadiness.get(lang) }
                </button>
                <button type="button" class="pod-action pod-action--danger" data-testid="pod-action-crash"
                    title={ClusterText::CrashTitle.with(lang, &[("name", name)])}
                    onclick={fault(Fault::Crash)}>
                    { ClusterText::Crash.get(lang) }
                </button>
            </div>
        </details>
    }
}

#[derive(Properties, PartialEq)]
pub struct PodGridProps {
    /// The whole view and the set's index in it.
    pub view: Rc<ClusterView>,
    pub index: usize,
    pub selected_pod: Option<String>,
    pub actions: ClusterActions,
}

/// The compact grid of a large set: one cell per ordinal, in ordinal order.
#[function_component]
pub fn PodGrid(props: &PodGridProps) -> Html {
    let lang = use_lang();
    let Some(set) = props.view.stateful_sets.get(props.index) else {
        return Html::default();
    };
    html! {
        <div class="pod-grid-wrap">
            <ol
                class="pod-grid"
                data-testid="pod-grid"
                aria-label={ClusterText::GridLabel.with(lang, &[("name", &set.name)])}
            >
                { for set.slots.iter().map(|slot| {
                    let selected = props.selected_pod.as_deref() == Some(&*slot.pod_name);
                    html! {
                        <PodCell
                            key={slot.ordinal}
                            pod={slot.pod.clone()}
                            pod_name={slot.pod_name.clone()}
                            condemned={slot.role != SlotRole::Desired}
                            selected={selected}
                            actions={props.actions.clone()}
                        />
                    }
                }) }
            </ol>
            <p class="pod-grid-legend panel-note">{ ClusterText::GridLegend.get(lang) }</p>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct PodCellProps {
    /// Shared with the view: an unchanged pod compares by pointer.
    pod: Option<Rc<PodView>>,
    pod_name: Rc<str>,
    condemned: bool,
    selected: bool,
    actions: ClusterActions,
}

/// One ordinal of the grid: a button named by the pod's STATUS and READY.
#[function_component]
fn PodCell(props: &PodCellProps) -> Html {
    let lang = use_lang();
    let Some(pod) = &props.pod else {
        return html! {
            <li class="pod-cell-slot">
                <span
                    class="pod-cell pod--ghost"
                    role="img"
                    aria-label={ClusterText::OrdinalMissing.with(lang, &[("name", &props.pod_name)])}
                    title={ClusterText::OrdinalMissing.with(lang, &[("name", &props.pod_name)])}
                >
                    { "◦" }
                </span>
            </li>
        };
    };
    let (tone, symbol) = pod_tone(pod);
    let label = ClusterText::PodLabel.with(
        lang,
        &[
            ("name", &pod.name),
            ("status", &pod.status),
            ("ready", &pod.ready),
        ],
    );
    let select = select_on_click(
        &props.actions,
        ObjectRef::new(Kind::Pod, &pod.namespace, &pod.name),
    );
    html! {
        <li class="pod-cell-slot">
            <button
                type="button"
                class={classes!(
                    "pod-cell",
                    tone,
                    (pod.revision_state == RevisionState::Old).then_some("pod-cell--old"),
                    props.condemned.then_some("pod-cell--condemned"),
                    props.selected.then_some("is-selected"),
                )}
                data-testid="pod"
                data-name={pod.name.clone()}
                data-phase={pod.status.clone()}
                data-ready={pod.ready.clone()}
                data-uid={pod.uid.clone()}
                data-revision={pod.revision.clone()}
                data-restarts={pod.restarts.clone()}
                aria-label={label.clone()}
                aria-pressed={props.selected.to_string()}
                title={label}
                onclick={select}
            >
                { symbol }
            </button>
        </li>
    }
}
