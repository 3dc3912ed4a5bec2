//! The simulation core: pure, deterministic, no browser, no wall clock, no OS randomness.

pub mod clock;
pub mod model;
pub mod quantity;
pub mod text;
