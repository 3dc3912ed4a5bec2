//! The remaining commands: wait, exec, run, logs, explain, api-resources, version,
//! cluster-info, cordon/uncordon and drain. (Being written.)

use crate::sim::kubectl::{Context, Invocation};

fn not_yet(name: &str) -> Result<Invocation, String> {
    Err(format!("error: {name} is not available yet"))
}

pub fn wait(_ctx: &mut Context<'_>, _argv: &[String]) -> Result<Invocation, String> {
    not_yet("wait")
}
pub fn explain(_ctx: &mut Context<'_>, _argv: &[String]) -> Result<Invocation, String> {
    not_yet("explain")
}
pub fn api_resources(_ctx: &mut Context<'_>, _argv: &[String]) -> Result<Invocation, String> {
    not_yet("api-resources")
}
pub fn version(_ctx: &mut Context<'_>, _argv: &[String]) -> Result<Invocation, String> {
    not_yet("version")
}
pub fn cluster_info(_ctx: &mut Context<'_>, _argv: &[String]) -> Result<Invocation, String> {
    not_yet("cluster-info")
}
pub fn cordon(_ctx: &mut Context<'_>, _argv: &[String], _on: bool) -> Result<Invocation, String> {
    not_yet("cordon")
}
pub fn drain(_ctx: &mut Context<'_>, _argv: &[String]) -> Result<Invocation, String> {
    not_yet("drain")
}
