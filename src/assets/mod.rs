//! The asset pipeline: the theme's stylesheets through lightningcss (`css`), and the
//! raster images of bundles in several widths, cached on disk (`images`).

pub mod css;
pub mod images;
