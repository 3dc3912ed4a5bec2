//! Storage in the cluster view: a pod's claims (under its card), the pool of PersistentVolumes
//! (Available, Bound, Released; capacity, access modes, reclaim policy) and the StorageClasses
//! that provision more.
//!
//! A claim and the volume it is bound to share a colour chosen from the volume's name, name
//! each other (`→ pv003`, `← default/myappdata-myapp-0`) and are joined by a line
//! (`cluster_links_svg`). Pointing at or focusing either one lights up both and the line
//! (`is-linked`).
//!
//! Architecture Invariant: each chip and card takes comparable props only.

use yew::prelude::*;

use crate::sim::model::Kind;
use crate::sim::view::{ClaimView, StorageClassView, VolumeView};
use crate::ui::app::use_lang;
use crate::ui::cluster::{select_on_click, ClusterActions};
use crate::ui::cluster_links::link_class;
use crate::ui::i18n::Message;
use crate::ui::state::ObjectRef;
use crate::ui::words::cluster::ClusterText;

fn phase_class(prefix: &str, phase: &str) -> String {
    format!("{prefix}--{}", phase.to_ascii_lowercase())
}

#[derive(Properties, PartialEq)]
pub struct ClaimChipProps {
    pub claim: ClaimView,
    pub selected: bool,
    /// The pointer or the focus is on this claim or on its volume.
    #[prop_or_default]
    pub linked: bool,
    pub actions: ClusterActions,
}

/// A claim: its phase and the volume it is bound to.
#[function_component]
pub fn ClaimChip(props: &ClaimChipProps) -> Html {
    let lang = use_lang();
    let claim = &props.claim;
    let link = claim.volume.as_deref().map(link_class);
    let select = select_on_click(
        &props.actions,
        ObjectRef::new(Kind::PersistentVolumeClaim, &claim.namespace, &claim.name),
    );
    let (enter, leave) = link_handlers(&props.actions, claim.volume.clone());
    html! {
        <button
            onmouseenter={enter.reform(|_: MouseEvent| ())}
            onfocus={enter.reform(|_: FocusEvent| ())}
            onmouseleave={leave.reform(|_: MouseEvent| ())}
            onblur={leave.reform(|_: FocusEvent| ())}
            type="button"
            class={classes!(
                "claim",
                phase_class("claim", &claim.phase),
                link,
                claim.deleting.then_some("claim--deleting"),
                props.selected.then_some("is-selected"),
                props.linked.then_some("is-linked"),
            )}
            data-testid="pvc"
            data-name={claim.name.clone()}
            data-phase={claim.phase.clone()}
            data-volume={claim.volume.clone().unwrap_or_default()}
            aria-label={claim_label(lang, claim)}
            aria-pressed={props.selected.to_string()}
            onclick={select}
        >
            <span class="claim-icon" aria-hidden="true">{ "⛁" }</span>
            <span class="claim-name">{ claim.name.clone() }</span>
            <span class="claim-phase">{ claim.phase.clone() }</span>
            if let Some(volume) = &claim.volume {
                <span class="claim-volume">{ format!("→ {volume}") }</span>
            }
            <span class="claim-size">{ format!("{} {}", claim.capacity, claim.access_modes) }</span>
        </button>
    }
}

/// Pointer and focus handlers that light up a claim–volume pair: entering names the volume,
/// leaving clears it.
fn link_handlers(actions: &ClusterActions, volume: Option<String>) -> (Callback<()>, Callback<()>) {
    let enter = {
        let link = actions.link.clone();
        Callback::from(move |()| {
            if volume.is_some() {
                link.emit(volume.clone());
            }
        })
    };
    let leave = actions.link.reform(|()| None);
    (enter, leave)
}

/// The accessible name of a claim chip.
fn claim_label(lang: crate::ui::i18n::Lang, claim: &ClaimView) -> String {
    let mut label =
        ClusterText::ClaimLabel.with(lang, &[("name", &claim.name), ("phase", &claim.phase)]);
    if let Some(volume) = &claim.volume {
        label.push_str(&format!(" → {volume}"));
    }
    label
}

#[derive(Properties, PartialEq)]
pub struct VolumePoolProps {
    pub volumes: Vec<VolumeView>,
    pub classes: Vec<StorageClassView>,
    /// The selected volume or StorageClass.
    pub selected: Option<ObjectRef>,
    /// The volume whose pair is highlighted.
    pub linked: Option<String>,
    pub actions: ClusterActions,
}

/// Every PersistentVolume, and the StorageClasses that could provision more.
#[function_component]
pub fn VolumePool(props: &VolumePoolProps) -> Html {
    let lang = use_lang();
    let is_selected = |kind: Kind, name: &str| {
        props
            .selected
            .as_ref()
            .is_some_and(|s| s.kind == kind && s.name == name)
    };
    html! {
        <section class="volume-pool" aria-label={ClusterText::Volumes.get(lang)}>
            <h2 class="panel-title">{ ClusterText::Volumes.get(lang) }</h2>
            if props.volumes.is_empty() {
                <p class="panel-empty">{ ClusterText::NoVolumes.get(lang) }</p>
            } else {
                <ul class="volumes">
                    { for props.volumes.iter().map(|volume| html! {
                        <VolumeCard
                            key={volume.uid.clone()}
                            volume={volume.clone()}
                            selected={is_selected(Kind::PersistentVolume, &volume.name)}
                            linked={props.linked.as_deref() == Some(volume.name.as_str()) && volume.claim.is_some()}
                            actions={props.actions.clone()}
                        />
                    }) }
                </ul>
            }
            <p class="storage-classes">
                if props.classes.is_empty() {
                    { ClusterText::NoStorageClass.get(lang) }
                } else {
                    { ClusterText::StorageClasses.get(lang) }
                    { " " }
                    { for props.classes.iter().map(|class| {
                        let selected = is_selected(Kind::StorageClass, &class.name);
                        html! {
                            <button
                                type="button"
                                key={class.uid.clone()}
                                class={classes!("storage-class", selected.then_some("is-selected"))}
                                data-testid="storageclass"
                                data-name={class.name.clone()}
                                aria-pressed={selected.to_string()}
                                onclick={select_on_click(&props.actions, ObjectRef::new(Kind::StorageClass, "", &class.name))}
                            >
                                { format!(
                                    "{}{} ({}, {}, {})",
                                    class.name,
                                    if class.is_default { ClusterText::DefaultClass.get(lang) } else { "" },
                                    class.provisioner,
                                    class.volume_binding_mode,
                                    class.reclaim_policy
                                ) }
                            </button>
                        }
                    }) }
                }
            </p>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct VolumeCardProps {
    volume: VolumeView,
    selected: bool,
    linked: bool,
    actions: ClusterActions,
}

#[function_component]
fn VolumeCard(props: &VolumeCardProps) -> Html {
    let lang = use_lang();
    let volume = &props.volume;
    let link = volume.claim.as_ref().map(|_| link_class(&volume.name));
    let select = select_on_click(
        &props.actions,
        ObjectRef::new(Kind::PersistentVolume, "", &volume.name),
    );
    let (enter, leave) = link_handlers(
        &props.actions,
        volume.claim.as_ref().map(|_| volume.name.clone()),
    );
    html! {
        <li
            onmouseenter={enter.reform(|_: MouseEvent| ())}
            onfocusin={enter.reform(|_: FocusEvent| ())}
            onmouseleave={leave.reform(|_: MouseEvent| ())}
            onfocusout={leave.reform(|_: FocusEvent| ())}
            class={classes!(
                "pv",
                phase_class("pv", &volume.phase),
                link,
                volume.deleting.then_some("pv--deleting"),
                props.selected.then_some("is-selected"),
                props.linked.then_some("is-linked"),
            )}
            data-testid="pv"
            data-name={volume.name.clone()}
            data-phase={volume.phase.clone()}
            data-claim={volume.claim.clone().unwrap_or_default()}
            title={ClusterText::VolumeTitle.with(lang, &[("name", &volume.name), ("policy", &volume.reclaim_policy)])}
            onclick={select.clone()}
        >
            <button
                type="button"
                class="pv-name object-link"
                aria-label={ClusterText::VolumeLabel.with(lang, &[("name", &volume.name), ("phase", &volume.phase)])}
                aria-pressed={props.selected.to_string()}
                onclick={select}
            >
                { volume.name.clone() }
            </button>
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
