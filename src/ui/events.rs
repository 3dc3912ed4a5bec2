//! The event log: the cluster's events, newest first, as `kubectl get events` words them. A
//! filter keeps only the events whose object contains the typed text (`pod/myapp-0`, `myapp`),
//! and each row's object is a button that selects the object in the cluster view.
//!
//! Architecture Invariant: the events are the cluster's text and are never translated; only
//! the log's own words go through [`EventsText`].

use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::sim::view::EventView;
use crate::ui::app::use_lang;
use crate::ui::i18n::Message;
use crate::ui::state::ObjectRef;
use crate::ui::words::events::EventsText;

/// The most rows drawn: the newest that match the filter. The scroll box shows about a dozen;
/// every drawn row is painted again when new events push it down, so more rows cost frame time.
pub const EVENT_ROWS_MAX: usize = 30;

/// The namespace event objects are read in (the view's event rows name no namespace).
const EVENT_NAMESPACE: &str = "default";

#[derive(Properties, PartialEq)]
pub struct EventLogProps {
    /// Shared with the view (the same rows while no event was written).
    pub events: Rc<Vec<EventView>>,
    /// Events the cluster holds, shown or not.
    pub total: usize,
    pub filter: String,
    pub on_filter: Callback<String>,
    pub on_select: Callback<ObjectRef>,
}

/// Whether an event's object matches the filter (case-insensitive; empty matches all).
pub fn matches(event: &EventView, filter: &str) -> bool {
    let filter = filter.trim();
    filter.is_empty()
        || event
            .object
            .to_ascii_lowercase()
            .contains(&filter.to_ascii_lowercase())
}

#[function_component]
pub fn EventLog(props: &EventLogProps) -> Html {
    let lang = use_lang();
    let shown: Vec<&EventView> = props
        .events
        .iter()
        .filter(|event| matches(event, &props.filter))
        .take(EVENT_ROWS_MAX)
        .collect();
    let rows = shown
        .iter()
        .map(|event| {
            html! {
                <EventRow key={event.uid.clone()} event={(*event).clone()} on_select={props.on_select.clone()} />
            }
        })
        .collect::<Html>();
    let oninput = props.on_filter.reform(|event: InputEvent| {
        let input: HtmlInputElement = event.target_unchecked_into();
        input.value()
    });
    let clear = props.on_filter.reform(|_: MouseEvent| String::new());
    html! {
        <section class="event-log" aria-label={EventsText::Region.get(lang)}>
            <div class="event-log-header">
                <h2 class="panel-title">
                    { EventsText::Title.get(lang) }
                    if props.total > shown.len() && props.filter.trim().is_empty() {
                        <span class="panel-note">{ EventsText::NewestOf.with(lang, &[("shown", &shown.len().to_string()), ("total", &props.total.to_string())]) }</span>
                    }
                </h2>
                <div class="event-filter">
                    <label class="event-filter-label" for="event-filter">{ EventsText::Filter.get(lang) }</label>
                    <input
                        id="event-filter"
                        class="event-filter-input"
                        data-testid="event-filter"
                        type="search"
                        spellcheck="false"
                        autocomplete="off"
                        placeholder={EventsText::FilterPlaceholder.get(lang)}
                        value={props.filter.clone()}
                        {oninput}
                    />
                    if !props.filter.is_empty() {
                        <button type="button" class="event-filter-clear" onclick={clear}>{ EventsText::ClearFilter.get(lang) }</button>
                    }
                </div>
            </div>
            if props.events.is_empty() {
                <p class="panel-empty">{ EventsText::None.get(lang) }</p>
            } else if shown.is_empty() {
                <p class="panel-empty">{ EventsText::NoneMatch.with(lang, &[("filter", props.filter.trim())]) }</p>
            } else {
                <ol class="events">{ rows }</ol>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct EventRowProps {
    event: EventView,
    on_select: Callback<ObjectRef>,
}

/// One row; a component so that rows already shown are not rendered again as new events
/// arrive above them.
#[function_component]
fn EventRow(props: &EventRowProps) -> Html {
    let lang = use_lang();
    let event = &props.event;
    let warning = event.type_ == "Warning";
    let object = match ObjectRef::parse(&event.object, EVENT_NAMESPACE) {
        Some(target) => {
            let label = EventsText::ShowObject.with(lang, &[("object", &event.object)]);
            html! {
                <button
                    type="button"
                    class="event-object object-link"
                    data-testid="event-object"
                    aria-label={label.clone()}
                    title={label}
                    onclick={props.on_select.reform(move |_: MouseEvent| target.clone())}
                >
                    { event.object.clone() }
                </button>
            }
        }
        None => html! { <span class="event-object">{ event.object.clone() }</span> },
    };
    html! {
        <li
            class={classes!("event", warning.then_some("event--warning"))}
            data-testid="event"
            data-reason={event.reason.clone()}
            data-object={event.object.clone()}
        >
            <span class="event-time">{ event.time_of_day.clone() }</span>
            <span class="event-type">{ event.type_.clone() }</span>
            <span class="event-reason">{ event.reason.clone() }</span>
            { object }
            <span class="event-message">{ event.message.clone() }</span>
            if event.count > 1 {
                <span class="event-count">{ format!("×{}", event.count) }</span>
            }
        </li>
    }
}
