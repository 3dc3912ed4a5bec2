//! The simulation core: pure, deterministic, no browser, no wall clock, no OS randomness.

pub mod api;
pub mod clock;
pub mod containers;
pub mod controllers;
pub mod defaults;
pub mod dns;
pub mod fs;
pub mod images;
pub mod journal;
pub mod kubectl;
pub mod manifest;
pub mod model;
pub mod quantity;
pub mod schema;
pub mod script;
pub mod session;
pub mod shell;
pub mod store;
pub mod testkit;
pub mod text;
pub mod validation;
pub mod view;
pub mod world;
