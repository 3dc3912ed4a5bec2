//! Replaying a journal: a fresh [`Session`] from the journal's seed and preset, each input
//! applied at its instant, time advanced to the chosen [`Moment`]. The console text is rebuilt
//! on the way, prompts included, exactly as the page's console showed it.
//!
//! Leaves out: the page's console limit (the page trims the oldest text as it always does).
//!
//! Architecture Invariant: a replay reads only the journal; it is a pure function of the
//! journal and the moment.

use crate::sim::clock::SimTime;
use crate::sim::session::Session;

use super::input::{self, ConsoleKind, Effect, Input};
use super::{Journal, Moment};

/// A session replayed to a moment.
pub struct Replayed {
    pub session: Session,
    /// The console text since the last `clear`, in terminal order.
    pub console: Vec<(ConsoleKind, String)>,
    /// The line of the command still running at that moment, as typed (trimmed).
    pub running_line: Option<String>,
    /// The moment replayed to (clamped to the journal).
    pub moment: Moment,
}

/// Replays `journal` up to `moment` (clamped to the journal: no later than its end, no more
/// inputs than it has).
pub fn replay(journal: &Journal, moment: Moment) -> Replayed {
    let moment = journal.clamp(moment);
    let mut session = Session::new(journal.preset, journal.seed);
    let mut console = Vec::new();
    let mut running_line = None;
    for entry in &journal.entries()[..moment.inputs] {
        advance(&mut session, entry.at, &mut console);
        if !session.is_running() {
            running_line = None;
        }
        let was_running = session.is_running();
        if let Input::Line { line, .. } = &entry.input {
            console.push((ConsoleKind::Prompt, format!("$ {line}\n")));
        }
        let effect = input::apply(&mut session, &entry.input, journal.snapshots());
        take(effect, &mut console);
        if let Input::Line { line, .. } = &entry.input {
            if !was_running && session.is_running() {
                running_line = Some(line.trim().to_string());
            }
        }
        if !session.is_running() {
            running_line = None;
        }
    }
    advance(&mut session, moment.at, &mut console);
    if !session.is_running() {
        running_line = None;
    }
    Replayed {
        session,
        console,
        running_line,
        moment,
    }
}

fn advance(session: &mut Session, at: SimTime, console: &mut Vec<(ConsoleKind, String)>) {
    if at > session.cluster.now {
        let mut effect = Effect::default();
        effect.append(session.advance_to(at));
        take(effect, console);
    }
}

fn take(effect: Effect, console: &mut Vec<(ConsoleKind, String)>) {
    if effect.clear {
        console.clear();
    }
    console.extend(effect.chunks);
}
