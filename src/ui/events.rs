//! The event log: the cluster's events, newest first, as `kubectl get events` words them.

use yew::prelude::*;

use crate::sim::view::EventView;

#[derive(Properties, PartialEq)]
pub struct EventLogProps {
    pub events: Vec<EventView>,
    /// Events the cluster holds, shown or not.
    pub total: usize,
}

#[function_component]
pub fn EventLog(props: &EventLogProps) -> Html {
    let rows = props
        .events
        .iter()
        .map(|event| {
            let warning = event.type_ == "Warning";
            html! {
                <li
                    key={event.uid.clone()}
                    class={classes!("event", warning.then_some("event--warning"))}
                    data-testid="event"
                    data-reason={event.reason.clone()}
                >
                    <span class="event-time">{ event.time_of_day.clone() }</span>
                    <span class="event-type">{ event.type_.clone() }</span>
                    <span class="event-reason">{ event.reason.clone() }</span>
                    <span class="event-object">{ event.object.clone() }</span>
                    <span class="event-message">{ event.message.clone() }</span>
                    if event.count > 1 {
                        <span class="event-count">{ format!("×{}", event.count) }</span>
                    }
                </li>
            }
        })
        .collect::<Html>();
    html! {
        <section class="event-log" aria-label="Events">
            <h2 class="panel-title">
                { "Events" }
                if props.total > props.events.len() {
                    <span class="panel-note">{ format!(" (newest {} of {})", props.events.len(), props.total) }</span>
                }
            </h2>
            if props.events.is_empty() {
                <p class="panel-empty">{ "No events yet." }</p>
            } else {
                <ol class="events">{ rows }</ol>
            }
        </section>
    }
}
