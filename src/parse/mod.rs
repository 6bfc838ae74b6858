//! Parsers for what authors write, with no knowledge of the site: front matter,
//! Markdown (with handout blocks), Fountain plays, colours, and the grammars of link
//! targets and of the contact shortcut.

pub mod colour;
pub mod fountain;
pub mod front_matter;
pub mod handout;
pub mod link;
pub mod markdown;
pub mod shortcut;
