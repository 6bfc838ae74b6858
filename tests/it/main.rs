//! chyrak's integration tests: one binary, one module per feature. Each test builds a
//! fixture site from `tests/fixtures/<feature>/<case>/` (or the repository's sample
//! site, for tests about the sample itself) with the real `chyrak` binary and reads
//! what it wrote; snapshots (insta, `tests/it/snapshots/`) keep the output the library
//! must not change. Tests that need an outside tool (Chromium, poppler, Java, npm)
//! fail saying how to install it; none is skipped.
//!
//! ```sh
//! cargo test --test it                 # all of them
//! cargo test --test it serve::         # one feature
//! INSTA_UPDATE=always cargo test --test it snapshot_   # accept changed snapshots (review the diff!)
//! ```

mod support;

mod accessibility;
mod assets;
mod bad_input;
mod build;
mod cards;
mod check;
mod contacts;
mod course;
mod epub;
mod html_valid;
mod layers;
mod metadata;
mod news;
mod offline;
mod pack;
mod po;
mod print;
mod properties;
mod rtl;
mod serve;
mod weight;
