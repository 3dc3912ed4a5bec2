//! The simulation core: pure, deterministic, no browser, no wall clock, no OS randomness.

pub mod api;
pub mod clock;
pub mod controllers;
pub mod defaults;
pub mod model;
pub mod quantity;
pub mod store;
pub mod testkit;
pub mod validation;
pub mod world;
