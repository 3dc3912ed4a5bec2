//! The simulation core: pure, deterministic, no browser, no wall clock, no OS randomness.

pub mod fs;
pub mod images;
pub mod shell;
