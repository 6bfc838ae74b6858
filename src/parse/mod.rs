//! Parsers for what authors write: front matter, Markdown and Fountain plays.

pub mod fountain;
pub mod front_matter;
pub mod handout;
pub mod markdown;
