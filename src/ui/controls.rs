//! The time controls: play, pause, step, the speed, and the simulated clock.

use yew::prelude::*;

use crate::sim::view::ClockView;
use crate::ui::state::{PageAction, SPEEDS};

#[derive(Properties, PartialEq)]
pub struct TimeControlsProps {
    pub playing: bool,
    pub speed_index: usize,
    pub clock: ClockView,
    pub on_action: Callback<PageAction>,
    pub on_step: Callback<()>,
}

/// `0.5`, `1`, `20`: a speed as the select's values and labels write it.
fn speed_text(speed: f64) -> String {
    if speed.fract() == 0.0 {
        format!("{speed:.0}")
    } else {
        format!("{speed}")
    }
}

#[function_component]
pub fn TimeControls(props: &TimeControlsProps) -> Html {
    let play = props.on_action.reform(|_: MouseEvent| PageAction::Play);
    let pause = props.on_action.reform(|_: MouseEvent| PageAction::Pause);
    let step = props.on_step.reform(|_: MouseEvent| ());
    let change_speed = props.on_action.reform(|event: Event| {
        let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
        let value = select.value();
        let index = SPEEDS
            .iter()
            .position(|speed| speed_text(*speed) == value)
            .unwrap_or(usize::MAX);
        PageAction::SetSpeed(index)
    });
    let options = SPEEDS
        .iter()
        .enumerate()
        .map(|(index, speed)| {
            let text = speed_text(*speed);
            html! {
                <option value={text.clone()} selected={index == props.speed_index}>
                    { format!("{text}×") }
                </option>
            }
        })
        .collect::<Html>();
    let clock = &props.clock;
    html! {
        <div class="time-controls" role="group" aria-label="Simulated time">
            <button
                type="button"
                class={classes!("time-button", props.playing.then_some("time-button--active"))}
                data-testid="play"
                aria-pressed={props.playing.to_string()}
                onclick={play}
            >
                { "▶ Play" }
            </button>
            <button
                type="button"
                class={classes!("time-button", (!props.playing).then_some("time-button--active"))}
                data-testid="pause"
                aria-pressed={(!props.playing).to_string()}
                onclick={pause}
            >
                { "❚❚ Pause" }
            </button>
            <button
                type="button"
                class="time-button"
                data-testid="step"
                title="Jump to the next moment something happens"
                onclick={step}
            >
                { "Step ⇥" }
            </button>
            <label class="time-speed">
                <span class="time-speed-label">{ "Speed" }</span>
                <select data-testid="speed" class="time-speed-select" onchange={change_speed}>
                    { options }
                </select>
            </label>
            <time
                class="time-clock"
                data-testid="clock"
                data-ms={clock.ms.to_string()}
                datetime={clock.rfc3339.clone()}
                title={format!("{} (the cluster has run for {})", clock.rfc3339, clock.elapsed)}
            >
                { clock.time_of_day.clone() }
            </time>
        </div>
    }
}
