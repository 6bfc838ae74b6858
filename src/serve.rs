//! `chyrak serve`: a small static file server for the built site on 127.0.0.1, with
//! correct MIME types, folder → `index.html`, the site's `404.html`, and no way out of
//! the site folder. (Watching and live reload build on this later.)

use crate::error::{Error, Result};
use std::path::{Component, Path, PathBuf};

/// Serves `dir` until the process is stopped. `ready` is called with the bound address.
pub fn serve(dir: &Path, bind: &str, port: u16, ready: &dyn Fn(&str)) -> Result<()> {
    let server = tiny_http::Server::http((bind, port))
        .map_err(|e| Error::Usage(format!("cannot listen on {bind}:{port}: {e}")))?;
    let addr = server
        .server_addr()
        .to_ip()
        .map(|a| a.to_string())
        .unwrap_or_else(|| format!("{bind}:{port}"));
    ready(&addr);
    for request in server.incoming_requests() {
        let head = *request.method() == tiny_http::Method::Head;
        let get = *request.method() == tiny_http::Method::Get;
        let response = if !(get || head) {
            text(405, "method not allowed")
        } else {
            match resolve(dir, request.url()) {
                Some(path) => file(&path, 200, head),
                None => match std::fs::canonicalize(dir.join("404.html")) {
                    Ok(p) => file(&p, 404, head),
                    Err(_) => text(404, "not found"),
                },
            }
        };
        let _ = request.respond(response);
    }
    Ok(())
}

type Response = tiny_http::Response<std::io::Cursor<Vec<u8>>>;

fn text(status: u16, body: &str) -> Response {
    tiny_http::Response::from_data(body.as_bytes().to_vec())
        .with_status_code(status)
        .with_header(header("Content-Type", "text/plain; charset=utf-8"))
}

fn file(path: &Path, status: u16, head: bool) -> Response {
    match std::fs::read(path) {
        Ok(bytes) => {
            let len = bytes.len();
            let body = if head { Vec::new() } else { bytes };
            let mut r = tiny_http::Response::from_data(body)
                .with_status_code(status)
                .with_header(header("Content-Type", mime_type(path)))
                .with_header(header("X-Content-Type-Options", "nosniff"))
                .with_header(header("Cache-Control", "no-cache"));
            if head {
                r = r.with_header(header("Content-Length", &len.to_string()));
            }
            r
        }
        Err(_) => text(500, "cannot read file"),
    }
}

fn header(name: &str, value: &str) -> tiny_http::Header {
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header")
}

/// Maps a request path to a file inside `root`, or `None`. Percent-decoded, `..` and
/// absolute components refused, and the final path must stay inside `root` after
/// symlinks are resolved.
pub fn resolve(root: &Path, url: &str) -> Option<PathBuf> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_decode(path)?;
    if decoded.contains('\\') || decoded.contains('\0') {
        return None;
    }
    let mut rel = PathBuf::new();
    for part in decoded.split('/') {
        match Path::new(part).components().next() {
            None => {}
            Some(Component::Normal(_)) if Path::new(part).components().count() == 1 => {
                rel.push(part)
            }
            _ => return None,
        }
    }
    let root = std::fs::canonicalize(root).ok()?;
    let mut candidate = root.join(&rel);
    if candidate.is_dir() {
        candidate.push("index.html");
    }
    let real = std::fs::canonicalize(&candidate).ok()?;
    (real.starts_with(&root) && real.is_file()).then_some(real)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// MIME type by file extension, with charsets for text.
pub fn mime_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "xml" => "application/xml; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "zip" => "application/zip",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_inside_and_refuses_escapes() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        std::fs::create_dir_all(site.join("ru/lessons")).unwrap();
        std::fs::write(site.join("ru/lessons/index.html"), "x").unwrap();
        std::fs::write(site.join("урок.html"), "x").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "s").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(dir.path().join("secret.txt"), site.join("link.txt")).unwrap();
        assert!(
            resolve(&site, "/ru/lessons/")
                .unwrap()
                .ends_with("ru/lessons/index.html")
        );
        assert!(resolve(&site, "/ru/lessons?x=1").is_some());
        assert!(resolve(&site, "/%D1%83%D1%80%D0%BE%D0%BA.html").is_some());
        for bad in [
            "/../secret.txt",
            "/%2e%2e/secret.txt",
            "/ru/%2e%2e%2f..%2fsecret.txt",
            "/..%5csecret.txt",
            "/ru\\..\\..\\secret.txt",
            "//etc/passwd",
            "/link.txt",
            "/%",
            "/nope.html",
        ] {
            assert!(resolve(&site, bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn mime_types_have_charsets() {
        assert_eq!(
            mime_type(Path::new("a/index.html")),
            "text/html; charset=utf-8"
        );
        assert_eq!(mime_type(Path::new("x.CSS")), "text/css; charset=utf-8");
        assert_eq!(
            mime_type(Path::new("x.webmanifest")),
            "application/manifest+json"
        );
    }
}
