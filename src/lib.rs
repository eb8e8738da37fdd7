//! cadence: a terminal coaching cockpit for frontline sales managers.
//!
//! The crate is split so that a keystroke takes one path: `event` reads the terminal,
//! `keymap` turns a key into an `Action`, `model` applies it and returns `Effect`s, `app`
//! performs them against the `store`, and `ui` draws the model. `domain` holds the product's
//! rules as pure functions.

pub mod action;
pub mod app;
pub mod catalog;
pub mod cli;
pub mod clock;
pub mod config;
pub mod demo;
pub mod domain;
pub mod drafts;
pub mod event;
pub mod fault;
pub mod interchange;
pub mod keymap;
pub mod model;
pub mod progress_read;
pub mod store;
pub mod team;
pub mod term;
pub mod text;
pub mod textfile;
pub mod ui;
pub mod zone;
