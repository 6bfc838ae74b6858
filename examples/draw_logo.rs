//! Draws the lamp chyrak uses for a site without a logo, as a PNG: how the sample
//! site's `assets/logo.png` was made.
//!
//! ```sh
//! cargo run --example draw_logo -- assets/logo.png 512
//! ```

use chyrak::assets::icons::lamp;
use image::Rgba;

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap_or_else(|| "assets/logo.png".to_owned());
    let size = match args.next().map(|s| s.parse::<u32>()) {
        None => 512,
        Some(Ok(n)) if (16..=4096).contains(&n) => n,
        Some(_) => {
            eprintln!("error: the size is a number of pixels from 16 to 4096");
            std::process::exit(2);
        }
    };
    // The default theme's colour, #1d5260.
    let img = lamp(size, Rgba([0x1d, 0x52, 0x60, 255]));
    if let Err(e) = img.save(&path) {
        eprintln!("error: cannot write `{path}`: {e}");
        std::process::exit(1);
    }
    println!("{path}: {size}×{size} px");
}
