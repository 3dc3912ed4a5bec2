//! The time controls: play, pause, step, the speed, the simulated clock, and starting over
//! (restart with the same seed, or a new seed). While the page shows the past, play and step are
//! off: the past stands still until the learner forks or goes back to now.

use yew::prelude::*;

use crate::sim::view::ClockView;
use crate::ui::app::use_lang;
use crate::ui::i18n::Message;
use crate::ui::state::{PageAction, SPEEDS};
use crate::ui::words::time::TimeText;

#[derive(Properties, PartialEq)]
pub struct TimeControlsProps {
    pub playing: bool,
    pub speed_index: usize,
    pub clock: ClockView,
    /// The page shows an earlier moment.
    pub viewing_past: bool,
    /// The session's seed.
    pub seed: u64,
    pub on_action: Callback<PageAction>,
    pub on_step: Callback<()>,
    pub on_restart: Callback<()>,
    pub on_new_seed: Callback<()>,
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
    let lang = use_lang();
    let play = props.on_action.reform(|_: MouseEvent| PageAction::Play);
    let pause = props.on_action.reform(|_: MouseEvent| PageAction::Pause);
    let step = props.on_step.reform(|_: MouseEvent| ());
    let restart = props.on_restart.reform(|_: MouseEvent| ());
    let new_seed = props.on_new_seed.reform(|_: MouseEvent| ());
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
    let playing = props.playing && !props.viewing_past;
    html! {
        <div class="time-controls" role="group" aria-label={TimeText::Group.get(lang)}>
            <button
                type="button"
                class={classes!("time-button", playing.then_some("time-button--active"))}
                data-testid="play"
                aria-pressed={playing.to_string()}
                disabled={props.viewing_past}
                onclick={play}
            >
                { TimeText::Play.get(lang) }
            </button>
            <button
                type="button"
                class={classes!("time-button", (!playing).then_some("time-button--active"))}
                data-testid="pause"
                aria-pressed={(!playing).to_string()}
                onclick={pause}
            >
                { TimeText::Pause.get(lang) }
            </button>
            <button
                type="button"
                class="time-button"
                data-testid="step"
                title={TimeText::StepTitle.get(lang)}
                disabled={props.viewing_past}
                onclick={step}
            >
                { TimeText::Step.get(lang) }
            </button>
            <label class="time-speed">
                <span class="time-speed-label">{ TimeText::Speed.get(lang) }</span>
                <select data-testid="speed" class="time-speed-select" onchange={change_speed}>
                    { options }
                </select>
            </label>
            <time
                class="time-clock"
                data-testid="clock"
                data-ms={clock.ms.to_string()}
                datetime={clock.rfc3339.clone()}
                title={TimeText::ClockTitle.with(lang, &[("time", &clock.rfc3339), ("elapsed", &clock.elapsed)])}
            >
                { clock.time_of_day.clone() }
            </time>
            <button
                type="button"
                class="time-button"
                data-testid="restart"
                title={TimeText::RestartTitle.get(lang)}
                onclick={restart}
            >
                { TimeText::Restart.get(lang) }
            </button>
            <button
                type="button"
                class="time-button"
                data-testid="new-seed"
                title={TimeText::NewSeedTitle.get(lang)}
                onclick={new_seed}
            >
                { TimeText::NewSeed.get(lang) }
            </button>
            <span class="time-seed" data-testid="seed" data-seed={props.seed.to_string()}>
                { TimeText::Seed.with(lang, &[("seed", &props.seed.to_string())]) }
            </span>
        </div>
    }
}
