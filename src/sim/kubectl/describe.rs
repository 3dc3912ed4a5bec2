//! `kubectl describe`. (Being written.)

use crate::sim::kubectl::{Context, Invocation};

pub fn describe(_ctx: &mut Context<'_>, _argv: &[String]) -> Result<Invocation, String> {
    Err("error: describe is not available yet".into())
}
