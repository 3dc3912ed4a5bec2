//! `kubectl rollout`. (Being written.)

use crate::sim::kubectl::{Context, Invocation};

pub fn rollout(_ctx: &mut Context<'_>, _argv: &[String]) -> Result<Invocation, String> {
    Err("error: rollout is not available yet".into())
}
