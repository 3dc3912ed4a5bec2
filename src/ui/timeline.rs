//! The timeline: a bar under the time controls with a mark for every input the learner gave
//! (console lines, Ctrl+C, pod faults), placed by simulated time. Clicking or dragging on it, or
//! the arrow keys, show the session as it was at that moment (the journal replayed to it); a
//! banner then says it is the past and offers "Fork from here" (forget what came after and carry
//! on: the undo) and "Back to now".
//!
//! Keyboard: the bar is one slider. ← and → move between the stops (the start, each input, now),
//! Home goes to the start, End and Escape back to now.
//!
//! Architecture Invariant: positions are SVG coordinates (a 1000-unit wide view box stretched to
//! the bar), never `style` attributes, which the page's CSP forbids.

use web_sys::Element;
use yew::prelude::*;

use crate::sim::clock::SimTime;
use crate::sim::journal::{Fault, Input, Moment};
use crate::ui::app::use_lang;
use crate::ui::engine::{MarkView, TimelineView};
use crate::ui::i18n::{Lang, Message};
use crate::ui::words::time::{SavedText, TimelineText};

/// The bar's width in view-box units.
const WIDTH: f64 = 1000.0;

#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    pub timeline: TimelineView,
    /// The live clock (the bar's right end while not looking at the past).
    pub now_ms: SimTime,
    pub on_view: Callback<Moment>,
    pub on_back: Callback<()>,
    pub on_fork: Callback<()>,
}

/// `01:02:03`: simulated time since the session started.
pub fn hms(ms: SimTime) -> String {
    let seconds = ms / 1000;
    format!(
        "{:02}:{:02}:{:02}",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    )
}

/// What a mark says.
fn label(lang: Lang, mark: &MarkView) -> String {
    match &mark.input {
        Input::Line { line, .. } => format!("$ {}", line.trim()),
        Input::Interrupt => TimelineText::Interrupt.get(lang).to_string(),
        Input::Fault { pod, fault } => {
            let text = match fault {
                Fault::BreakReadiness => TimelineText::BreakReadiness,
                Fault::RestoreReadiness => TimelineText::RestoreReadiness,
                Fault::Crash => TimelineText::Crash,
            };
            text.with(lang, &[("pod", pod)])
        }
    }
}

fn kind_class(mark: &MarkView) -> &'static str {
    match mark.input {
        Input::Line { .. } => "timeline-mark--line",
        Input::Interrupt => "timeline-mark--interrupt",
        Input::Fault { .. } => "timeline-mark--fault",
    }
}

#[function_component]
pub fn Timeline(props: &TimelineProps) -> Html {
    let lang = use_lang();
    let bar = use_node_ref();
    let timeline = &props.timeline;
    let viewing = timeline.viewing;
    let end = if viewing.is_some() {
        timeline.end
    } else {
        timeline.end.max(props.now_ms)
    };
    let now = Moment {
        at: end,
        inputs: timeline.marks.len(),
    };
    let current = viewing.unwrap_or(now);
    let x_of = |at: SimTime| at as f64 * WIDTH / end.max(1) as f64;

    // The moment at a pointer position on the bar.
    let moment_at = {
        let bar = bar.clone();
        let marks = timeline.marks.clone();
        move |client_x: i32| -> Option<Moment> {
            let element = bar.cast::<Element>()?;
            let rect = element.get_bounding_client_rect();
            if rect.width() <= 0.0 {
                return None;
            }
            let fraction = ((f64::from(client_x) - rect.left()) / rect.width()).clamp(0.0, 1.0);
            let at = (fraction * end as f64).round() as SimTime;
            let inputs = marks.partition_point(|mark| mark.at <= at);
            Some(Moment { at, inputs })
        }
    };
    let onclick = {
        let on_view = props.on_view.clone();
        let moment_at = moment_at.clone();
        Callback::from(move |event: MouseEvent| {
            if let Some(moment) = moment_at(event.client_x()) {
                on_view.emit(moment);
            }
        })
    };
    let onpointermove = {
        let on_view = props.on_view.clone();
        Callback::from(move |event: PointerEvent| {
            if event.buttons() & 1 == 1 {
                if let Some(moment) = moment_at(event.client_x()) {
                    on_view.emit(moment);
                }
            }
        })
    };
    let onkeydown = {
        let on_view = props.on_view.clone();
        let on_back = props.on_back.clone();
        let stops = timeline.stops(end);
        Callback::from(move |event: KeyboardEvent| {
            let target = match event.key().as_str() {
                "ArrowLeft" | "ArrowDown" => stops.iter().rev().find(|stop| **stop < current),
                "ArrowRight" | "ArrowUp" => stops.iter().find(|stop| **stop > current),
                "Home" => stops.first(),
                "End" | "Escape" => {
                    event.prevent_default();
                    on_back.emit(());
                    return;
                }
                _ => return,
            };
            event.prevent_default();
            if let Some(stop) = target {
                on_view.emit(*stop);
            }
        })
    };

    let marks = timeline
        .marks
        .iter()
        .map(|mark| {
            let text = label(lang, mark);
            let onclick = {
                let on_view = props.on_view.clone();
                let moment = mark.moment;
                Callback::from(move |event: MouseEvent| {
                    event.stop_propagation();
                    on_view.emit(moment);
                })
            };
            let shown = viewing.is_some_and(|moment| moment == mark.moment);
            html! {
                <rect
                    class={classes!("timeline-mark", kind_class(mark), shown.then_some("timeline-mark--current"), (mark.moment > current).then_some("timeline-mark--future"))}
                    data-testid="timeline-mark"
                    data-ms={mark.at.to_string()}
                    data-inputs={mark.moment.inputs.to_string()}
                    aria-label={text.clone()}
                    x={format!("{:.1}", (x_of(mark.at) - 2.0).max(0.0))}
                    y="4"
                    width="4"
                    height="24"
                    {onclick}
                >
                    <title>{ format!("{} · {text}", hms(mark.at)) }</title>
                </rect>
            }
        })
        .collect::<Html>();

    let total = timeline.marks.len().to_string();
    let value_text = TimelineText::SliderText.with(
        lang,
        &[
            ("time", &hms(current.at)),
            ("count", &current.inputs.to_string()),
            ("total", &total),
        ],
    );
    let caption = match current
        .inputs
        .checked_sub(1)
        .and_then(|i| timeline.marks.get(i))
    {
        Some(mark) => format!("{} · {}", hms(current.at), label(lang, mark)),
        None => format!("{} · {}", hms(current.at), TimelineText::Start.get(lang)),
    };
    let back = props.on_back.reform(|_: MouseEvent| ());
    let fork = props.on_fork.reform(|_: MouseEvent| ());
    let cursor_x = x_of(current.at);

    html! {
        <section class={classes!("timeline", viewing.is_some().then_some("timeline--past"))} aria-label={TimelineText::Label.get(lang)}>
            <div
                class="timeline-bar"
                data-testid="timeline"
                data-viewing={viewing.map(|moment| moment.at.to_string())}
                data-end={end.to_string()}
                role="slider"
                tabindex="0"
                aria-label={TimelineText::Label.get(lang)}
                aria-valuemin="0"
                aria-valuemax={end.to_string()}
                aria-valuenow={current.at.to_string()}
                aria-valuetext={value_text}
                title={TimelineText::Keys.get(lang)}
                {onkeydown}
            >
                <svg
                    ref={bar}
                    class="timeline-svg"
                    viewBox="0 0 1000 32"
                    preserveAspectRatio="none"
                    aria-hidden="true"
                    {onclick}
                    {onpointermove}
                >
                    <rect class="timeline-track" x="0" y="12" width="1000" height="8" />
                    <rect class="timeline-elapsed" x="0" y="12" width={format!("{cursor_x:.1}")} height="8" />
                    { marks }
                    <rect class="timeline-cursor" x={format!("{:.1}", (cursor_x - 1.5).clamp(0.0, WIDTH - 3.0))} y="0" width="3" height="32" />
                </svg>
            </div>
            <p class="timeline-caption" data-testid="timeline-caption">{ caption }</p>
            if let Some(moment) = viewing {
                <div class="timeline-past" role="status">
                    <span class="timeline-past-text">
                        { TimelineText::Viewing.with(lang, &[("time", &hms(moment.at))]) }
                        { " " }
                        { TimelineText::ViewingHint.get(lang) }
                    </span>
                    <button type="button" class="timeline-button timeline-button--primary" data-testid="fork" title={TimelineText::ForkTitle.get(lang)} onclick={fork}>
                        { TimelineText::Fork.get(lang) }
                    </button>
                    <button type="button" class="timeline-button" data-testid="back-to-now" onclick={back}>
                        { TimelineText::BackToNow.get(lang) }
                    </button>
                </div>
            }
            if timeline.full {
                <p class="timeline-full">{ TimelineText::Full.get(lang) }</p>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct SavedStateMessageProps {
    pub message: Option<String>,
    pub on_dismiss: Callback<()>,
}

/// The message about the saved work (unreadable and set aside, or cannot be saved), until
/// dismissed.
#[function_component]
pub fn SavedStateMessage(props: &SavedStateMessageProps) -> Html {
    let lang = use_lang();
    let Some(message) = &props.message else {
        return html! {};
    };
    let dismiss = props.on_dismiss.reform(|_: MouseEvent| ());
    html! {
        <div class="saved-state-message" data-testid="saved-state-error" role="alert">
            <span class="saved-state-text">{ message.clone() }</span>
            <button type="button" class="timeline-button" data-testid="dismiss-saved-state-error" onclick={dismiss}>
                { SavedText::Dismiss.get(lang) }
            </button>
        </div>
    }
}
