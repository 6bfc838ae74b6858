//! chyrak: a static-site generator for multilingual counter-trafficking education and
//! campaign materials. The library is a one-way pipeline; `main.rs` is a thin CLI.
//!
//! config → discover → parse → model → render → output (see README "Architecture").

// Diagnostics are large by design (they carry the source line and a fix) and only
// travel on the error path, where their size costs nothing that matters.
#![allow(clippy::result_large_err)]

pub mod assets;
pub mod build;
pub mod check;
pub mod config;
pub mod discover;
pub mod error;
pub mod i18n;
pub mod init;
pub mod model;
pub mod offline;
pub mod output;
pub mod parse;
pub mod print;
pub mod render;
pub mod serve;
pub mod timings;
mod toml_error;

pub use error::{Diagnostic, Error, Result};
