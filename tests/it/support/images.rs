//! Images made in code: photo-like and diagram-like ones for the image pipeline, and
//! broken ones (a header declaring a huge picture, a JPEG cut short).

/// A photo-like JPEG (smooth gradients and noise) `w` × `h`.
pub fn jpeg(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        let n = (x.wrapping_mul(7919) ^ y.wrapping_mul(104_729)) % 23;
        image::Rgb([(x * 255 / w) as u8, (y * 255 / h) as u8, (120 + n) as u8])
    });
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90))
        .unwrap();
    out
}

/// A diagram-like PNG (bands of flat colour), where lossless WebP beats PNG.
pub fn diagram_png(w: u32, h: u32) -> Vec<u8> {
    let colours = [[11, 60, 93, 255], [242, 193, 78, 255], [255, 255, 255, 255], [176, 0, 32, 255]];
    png_from(image::RgbaImage::from_fn(w, h, |_, y| image::Rgba(colours[(y * 4 / h) as usize])))
}

/// A checkerboard PNG: scaled down, its soft edges make lossless WebP larger than PNG.
pub fn checker_png(w: u32, h: u32) -> Vec<u8> {
    png_from(image::RgbaImage::from_fn(w, h, |x, y| {
        if (x / 40 + y / 40) % 2 == 0 { image::Rgba([11, 60, 93, 255]) } else { image::Rgba([242, 193, 78, 255]) }
    }))
}

/// A real PNG `w` pixels wide and at most 4 high (when only the width matters).
pub fn strip_png(w: u32, h: u32) -> Vec<u8> {
    let mut img = image::RgbaImage::new(w, h.min(4));
    img.put_pixel(0, 0, image::Rgba([1, 2, 3, 255]));
    png_from(img)
}

fn png_from(img: image::RgbaImage) -> Vec<u8> {
    let mut out = Vec::new();
    image::DynamicImage::ImageRgba8(img)
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

/// A PNG that declares `w` × `h` pixels and holds almost nothing (a "decompression
/// bomb" when the numbers are large).
pub fn png_header(w: u32, h: u32) -> Vec<u8> {
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend((data.len() as u32).to_be_bytes());
        let mut crc_input = kind.to_vec();
        crc_input.extend(data);
        out.extend(&crc_input);
        out.extend(crc32(&crc_input).to_be_bytes());
    }
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend(w.to_be_bytes());
    ihdr.extend(h.to_be_bytes());
    ihdr.extend([8, 6, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(&mut out, b"IDAT", &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
    chunk(&mut out, b"IEND", &[]);
    out
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for b in bytes {
        crc ^= u32::from(*b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 { (crc >> 1) ^ 0xedb8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// The first `1 / part` of a real JPEG `w` × `h`: cut off in the middle.
pub fn truncated_jpeg(w: u32, h: u32, part: usize) -> Vec<u8> {
    let mut bytes = jpeg(w, h);
    bytes.truncate(bytes.len() / part);
    bytes
}

/// The first half of a small gradient JPEG (64 × 64, default quality).
pub fn half_a_jpeg() -> Vec<u8> {
    let img = image::RgbImage::from_fn(64, 64, |x, y| image::Rgb([x as u8 * 4, y as u8 * 4, 90]));
    let mut bytes = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut bytes), image::ImageFormat::Jpeg).unwrap();
    bytes.truncate(bytes.len() / 2);
    bytes
}
