//! The remaining commands: exec, run and logs. (Being written.) `wait` lives in `wait.rs`;
//! explain, api-resources, version and cluster-info in `info.rs`; cordon, uncordon and drain
//! in `nodes.rs`.

use crate::sim::kubectl::{Context, Invocation};

fn not_yet(name: &str) -> Result<Invocation, String> {
    Err(format!("error: {name} is not available yet"))
}

pub fn exec(_ctx: &mut Context<'_>, _argv: &[String]) -> Result<Invocation, String> {
    not_yet("exec")
}
pub fn run(_ctx: &mut Context<'_>, _argv: &[String]) -> Result<Invocation, String> {
    not_yet("run")
}
pub fn logs(_ctx: &mut Context<'_>, _argv: &[String]) -> Result<Invocation, String> {
    not_yet("logs")
}
