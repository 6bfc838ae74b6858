//! Content hashes: short fingerprints that name output files by their content
//! (`assets/chyrak.<hash>.css`) and key the service worker's copies, and a fast hash
//! that notices a source edited while a build reads it. Used by every layer above.

/// Short content hash for cache-busting file names (FNV-1a, 64 bit).
pub fn fingerprint(bytes: &[u8]) -> String {
    let mut h = Fingerprint::default();
    h.add(bytes);
    h.hex()
}

/// [`fingerprint`] of bytes given piece by piece, for hashing more than is worth
/// holding at once (as `io::Write`, so that `serde_json::to_writer` can feed it).
pub struct Fingerprint(u64);

impl Default for Fingerprint {
    fn default() -> Self {
        Fingerprint(0xcbf29ce484222325)
    }
}

impl Fingerprint {
    pub fn add(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x100000001b3);
        }
    }

    pub fn hex(&self) -> String {
        format!("{:010x}", self.0 >> 24)
    }
}

impl std::io::Write for Fingerprint {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.add(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A fast hash of a source's text (not stable across chyrak versions).
pub fn text_hash(text: &str) -> u64 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    h.write(text.as_bytes());
    h.finish()
}

/// The hash a translation records in `source_hash`: the first 12 hex digits of the
/// 64-bit FNV-1a hash of the source's body (the text after the front matter), with
/// line ends normalised to `\n` and trailing white space removed, so that saving on
/// Windows or adding a final newline changes nothing.
pub fn source_hash(body: &str) -> String {
    let normal = body.replace("\r\n", "\n");
    let mut h: u64 = 0xcbf29ce484222325;
    for b in normal.trim_end().bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100000001b3);
    }
    format!("{h:016x}")[..12].to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn a_fingerprint_in_pieces_is_the_fingerprint_of_the_whole() {
        let whole = "Кыргызча: a page's text, hashed once whole and once in pieces.";
        let mut pieces = Fingerprint::default();
        for chunk in whole.as_bytes().chunks(7) {
            pieces.write_all(chunk).unwrap();
        }
        assert_eq!(pieces.hex(), fingerprint(whole.as_bytes()));
        assert_ne!(fingerprint(b"a"), fingerprint(b"b"));
        assert_eq!(fingerprint(b"").len(), 10);
    }
}
