//! The commands: `build`, `check`, `serve`, `pack`, `pdf` and `init`, the only callers
//! of the pipeline ([`pipeline`]). Each is a thin choice of sink and wants over the
//! same load, checks and render, so that they agree about a site.

pub mod build;
pub mod check;
pub mod course;
pub mod epub;
pub mod init;
pub mod pack;
pub mod pdf;
pub mod pipeline;
pub mod po;
pub mod serve;

#[cfg(test)]
mod tests;
