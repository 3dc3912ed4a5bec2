//! The inspector: what `kubectl describe` and `kubectl get -o yaml` print for the object the
//! learner clicked, exactly as the console would print them (the session prints both, beside
//! any running command), refreshed whenever the cluster changes. For a pod it also offers the
//! pod's actions, which is how the pods of the compact grid are acted on.
//!
//! It opens beside the cluster as a dialog-like panel; Escape or Close closes it and the focus
//! moves into it when it opens, so it is usable from the keyboard alone.

use std::rc::Rc;

use web_sys::HtmlElement;
use yew::prelude::*;

use crate::sim::model::Kind;
use crate::ui::app::use_lang;
use crate::ui::cluster::ClusterActions;
use crate::ui::cluster_pod::PodActions;
use crate::ui::i18n::Message;
use crate::ui::state::{Inspection, ObjectRef};
use crate::ui::words::cluster::ClusterText;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Describe,
    Yaml,
}

#[derive(Properties, PartialEq)]
pub struct InspectorProps {
    pub target: ObjectRef,
    pub inspection: Option<Rc<Inspection>>,
    pub busy: bool,
    pub actions: ClusterActions,
    pub on_close: Callback<()>,
}

#[function_component]
pub fn Inspector(props: &InspectorProps) -> Html {
    let lang = use_lang();
    let tab = use_state(|| Tab::Describe);
    let close_button = use_node_ref();
    // The focus moves to the inspector when it opens on a new object.
    {
        let close_button = close_button.clone();
        use_effect_with(props.target.clone(), move |_| {
            if let Some(button) = close_button.cast::<HtmlElement>() {
                let _ = button.focus();
            }
        });
    }
    let target = &props.target;
    let label = target.label();
    let close = props.on_close.reform(|_: MouseEvent| ());
    let onkeydown = {
        let on_close = props.on_close.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Escape" {
                event.prevent_default();
                on_close.emit(());
            }
        })
    };
    let choose = |which: Tab| {
        let tab = tab.clone();
        Callback::from(move |_: MouseEvent| tab.set(which))
    };
    let (argv, text) = match (*tab, &props.inspection) {
        (Tab::Describe, inspection) => (
            target.describe_argv(),
            inspection.as_ref().map(|i| i.describe.clone()),
        ),
        (Tab::Yaml, inspection) => (
            target.yaml_argv(),
            inspection.as_ref().map(|i| i.yaml.clone()),
        ),
    };
    let tab_button = |which: Tab, text: &'static str, testid: &'static str| {
        let active = *tab == which;
        html! {
            <button
                type="button"
                role="tab"
                class={classes!("inspector-tab", active.then_some("inspector-tab--active"))}
                aria-selected={active.to_string()}
                data-testid={testid}
                onclick={choose(which)}
            >
                { text }
            </button>
        }
    };
    html! {
        <aside
            class="inspector"
            role="dialog"
            aria-label={ClusterText::InspectorLabel.with(lang, &[("object", &label)])}
            data-testid="inspector"
            data-kind={target.kind.info().singular}
            data-name={target.name.clone()}
            {onkeydown}
        >
            <header class="inspector-header">
                <h2 class="panel-title inspector-title"><span class="object-name">{ label }</span></h2>
                <div class="inspector-tabs" role="tablist">
                    { tab_button(Tab::Describe, ClusterText::Describe.get(lang), "inspector-describe-tab") }
                    { tab_button(Tab::Yaml, ClusterText::Yaml.get(lang), "inspector-yaml-tab") }
                </div>
                <button type="button" class="inspector-close" data-testid="inspector-close" ref={close_button} onclick={close}>
                    { ClusterText::Close.get(lang) }
                </button>
            </header>
            if target.kind == Kind::Pod {
                <div class="inspector-actions">
                    <PodActions
                        name={target.name.clone()}
                        namespace={target.namespace.clone()}
                        busy={props.busy}
                        actions={props.actions.clone()}
                    />
                </div>
            }
            <p class="inspector-command"><code>{ format!("$ kubectl {}", argv.join(" ")) }</code></p>
            <pre class="inspector-text" data-testid="inspector-text" role="tabpanel" tabindex="0">
                { text.unwrap_or_default() }
            </pre>
        </aside>
    }
}
