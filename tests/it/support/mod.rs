//! What the integration tests share: the site builder over fixtures and the real
//! binary, the link checker, the outside tools, a small HTTP server, browser helpers,
//! images made in code and snapshot helpers.
#![allow(dead_code)]

pub mod axe;
pub mod browser;
pub mod http;
pub mod images;
pub mod links;
pub mod site;
pub mod snap;
pub mod tools;
pub mod vnu;

pub use links::{attr_values, broken_links, unescape};
pub use site::{Run, SiteTest, lesson, tree};
