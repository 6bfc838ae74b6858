//! `chyrak serve`: the preview server. The site is built into memory, served on
//! 127.0.0.1, and kept current while the author edits: notify reports changed files,
//! only those are parsed again, pages are rendered again when they are next asked for,
//! and open tabs reload through Server-Sent Events (or swap the stylesheet, for a
//! CSS-only change). A build error shows in the open page while the last good site
//! stays served.

pub mod board;
pub mod edit;
pub mod editor;
pub mod export;
pub mod http;
pub mod live;
pub mod state;
pub mod watch;

pub use state::Preview;
