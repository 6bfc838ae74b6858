//! chyrak: a static-site generator for multilingual counter-trafficking education and
//! campaign materials. The library is a one-way pipeline of layers; `main.rs` is a
//! thin CLI. A module uses only the layers below its own (a test checks the
//! `use crate::` lines; see README "Architecture"):
//!
//! ```text
//! commands   build · check · serve · pack · pdf · init · po, and the pipeline they share
//! po         translators' catalogs (gettext PO): extract, merge, seed, apply, safety
//! site       site-wide outputs: search, service worker, feeds, topics, print documents
//! render     Tera over borrowed views of the model: pages, printed lessons, search text
//! assets     CSS (lightningcss), images, icons, copied files
//! output     sinks, jobs, where every file goes (layout), which print pages exist
//! model      load and check once: typed content with defaults, links read once
//! parse      front matter, Markdown, Fountain, colours, link grammar: syntax only
//! discover   the source files under content/
//! config     site.toml
//! (base)     error, hash, timings: used by all
//! ```

// Diagnostics are large by design (they carry the source line and a fix) and only
// travel on the error path, where their size costs nothing that matters.
#![allow(clippy::result_large_err)]

pub mod assets;
pub mod commands;
pub mod config;
pub mod discover;
pub mod error;
pub mod hash;
pub mod model;
pub mod output;
pub mod parse;
pub mod po;
pub mod render;
pub mod site;
pub mod timings;
mod toml_error;

pub use error::{Diagnostic, Error, Result};
