//! The asset pipeline: the theme's stylesheets through lightningcss (`css`), the
//! raster images of bundles in several widths, cached on disk (`images`), the web
//! app's icons (`icons`), the link-preview cards (`cards`, cached too), the site's
//! own fonts (`fonts`) and the files copied as they are (`files`).

pub mod cards;
pub mod css;
pub mod files;
pub mod fonts;
pub mod icons;
pub mod images;
