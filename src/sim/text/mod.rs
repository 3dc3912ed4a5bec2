//! Text in and out of the simulated terminal: the formatting and parsing rules that kubectl
//! and Go apply, ported so the playground prints byte for byte what a real terminal shows.
//!
//! Code map:
//! * [`duration`]: AGE-style durations (`HumanDuration`), Go duration flags and strings, the
//!   simulated clock as RFC 1123Z / RFC 3339 timestamps, and the script `sleep` argument.
//! * [`table`]: Go's `text/tabwriter` (with kubectl's remembered widths) behind every table
//!   kubectl prints.
//! * [`jsonpath`]: client-go's JSONPath templates for `-o jsonpath=…` over `serde_json` values.
//! * [`gofmt`]: how Go prints values: `strconv.Quote`, `%v` / `%#v`, `encoding/json` output.
//! * [`words`]: POSIX shell word splitting for session-script lines (quotes, escapes,
//!   continuation lines, heredoc and pipe operators).
//!
//! Architecture Invariant: everything here is a pure function of its arguments: no clock, no IO,
//! no randomness, and no panic on any input. Parsers return `Result` with a message a learner can
//! act on; where kubectl has a message, it is kubectl's message.

pub mod duration;
pub mod gofmt;
pub mod jsonpath;
pub mod table;
pub mod words;
