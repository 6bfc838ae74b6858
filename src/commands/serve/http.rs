//! The preview's HTTP side: answers GET and HEAD from the in-memory site with correct
//! MIME types, folders as their `index.html`, the site's `404.html` for anything
//! else, the live-reload script and event stream; and never maps a request outside the
//! site (requests are looked up by name, never turned into file-system paths).

use super::live;
use super::state::Preview;
use crate::error::{Error, Result};
use crate::output::Body;
use std::io::Write;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

/// Serves `preview` until the process is stopped. `ready` is called with the bound address.
pub fn serve(preview: Arc<Preview>, bind: &str, port: u16, ready: &dyn Fn(&str)) -> Result<()> {
    let server = tiny_http::Server::http((bind, port))
        .map_err(|e| Error::Usage(format!("cannot listen on {bind}:{port}: {e}")))?;
    let addr = server.server_addr().to_ip().map(|a| a.to_string()).unwrap_or_else(|| format!("{bind}:{port}"));
    ready(&addr);
    for request in server.incoming_requests() {
        let preview = preview.clone();
        if request.url() == live::EVENTS_PATH {
            std::thread::spawn(move || events(&preview, request));
            continue;
        }
        let head = *request.method() == tiny_http::Method::Head;
        let get = *request.method() == tiny_http::Method::Get;
        let response = if !(get || head) {
            text(405, "method not allowed")
        } else if request.url() == super::board::PATH {
            let html = live::inject(preview.poster_board().as_bytes());
            bytes(200, "text/html; charset=utf-8", html, head)
        } else if request.url().split('?').next() == Some("/sw.js") {
            // A service worker would serve cached pages over the live preview: the
            // preview's own one removes itself and its caches instead.
            bytes(200, "text/javascript; charset=utf-8", preview.script("preview-sw.js").into_bytes(), head)
        } else if request.url() == live::SCRIPT_PATH {
            bytes(200, "text/javascript; charset=utf-8", preview.script("live.js").into_bytes(), head)
        } else {
            answer(&preview, request.url(), head)
        };
        let _ = request.respond(response);
    }
    Ok(())
}

fn answer(preview: &Preview, url: &str, head: bool) -> Response {
    let found = request_path(url).and_then(|path| {
        let path = if path.is_empty() || preview.has_index(&path) {
            if path.is_empty() { "index.html".to_owned() } else { format!("{path}/index.html") }
        } else {
            path
        };
        preview.get(&path).map(|body| (path, body))
    });
    let (status, path, body) = match found {
        Some((path, body)) => (200, path, body),
        None => match preview.get("404.html") {
            Some(body) => (404, "404.html".to_owned(), body),
            None => return text(404, "not found"),
        },
    };
    let content = match body {
        Body::Bytes(b) => b.to_vec(),
        Body::File(f) => match std::fs::read(&f) {
            Ok(b) => b,
            Err(_) => return text(500, "cannot read file"),
        },
    };
    let mime = mime_type(Path::new(&path));
    let content = if mime.starts_with("text/html") { live::inject(&content) } else { content };
    bytes(status, mime, content, head)
}

/// Streams live-reload events to one tab until it goes away.
fn events(preview: &Preview, request: tiny_http::Request) {
    let response = tiny_http::Response::empty(200)
        .with_header(header("Content-Type", "text/event-stream"))
        .with_header(header("Cache-Control", "no-cache"));
    // `upgrade` hands over the connection after the headers, so events are written
    // and flushed one by one instead of being buffered into chunks.
    let mut stream = request.upgrade("chyrak-events", response);
    let rx = preview.hub.subscribe();
    if stream.write_all(b"retry: 500\n\n").and_then(|()| stream.flush()).is_err() {
        return;
    }
    loop {
        let message = match rx.recv_timeout(Duration::from_secs(15)) {
            Ok(event) => event.to_sse(),
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => ": keep-alive\n\n".to_owned(),
            Err(_) => return,
        };
        if stream.write_all(message.as_bytes()).and_then(|()| stream.flush()).is_err() {
            return;
        }
    }
}

type Response = tiny_http::Response<std::io::Cursor<Vec<u8>>>;

fn text(status: u16, body: &str) -> Response {
    tiny_http::Response::from_data(body.as_bytes().to_vec())
        .with_status_code(status)
        .with_header(header("Content-Type", "text/plain; charset=utf-8"))
}

fn bytes(status: u16, mime: &str, content: Vec<u8>, head: bool) -> Response {
    let len = content.len();
    let body = if head { Vec::new() } else { content };
    let mut r = tiny_http::Response::from_data(body)
        .with_status_code(status)
        .with_header(header("Content-Type", mime))
        .with_header(header("X-Content-Type-Options", "nosniff"))
        .with_header(header("Cache-Control", "no-cache"));
    if head {
        r = r.with_header(header("Content-Length", &len.to_string()));
    }
    r
}

fn header(name: &str, value: &str) -> tiny_http::Header {
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header")
}

/// The output path a request URL names, or `None` when it tries to leave the site:
/// percent-decoded, and refused when it holds `..`, `.`, backslashes or NUL.
pub fn request_path(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_decode(path)?;
    if decoded.contains('\\') || decoded.contains('\0') {
        return None;
    }
    let mut parts = Vec::new();
    for part in decoded.split('/') {
        match part {
            "" => {}
            "." | ".." => return None,
            p if p.contains(':') => return None,
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
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
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
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
    fn request_paths_stay_inside_the_site() {
        assert_eq!(request_path("/ru/lessons/").as_deref(), Some("ru/lessons"));
        assert_eq!(request_path("/ru/lessons/index.html?x=1#a").as_deref(), Some("ru/lessons/index.html"));
        assert_eq!(request_path("/%D1%83%D1%80%D0%BE%D0%BA.html").as_deref(), Some("урок.html"));
        assert_eq!(
            request_path("//etc/passwd").as_deref(),
            Some("etc/passwd"),
            "absolute paths stay relative to the site"
        );
        for bad in [
            "/../secret.txt",
            "/%2e%2e/secret.txt",
            "/ru/%2e%2e%2f..%2fsecret.txt",
            "/..%5csecret.txt",
            "/ru\\..\\x",
            "/%",
            "/a/./b",
            "/C:/x",
            "/a%00b",
        ] {
            assert!(request_path(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn mime_types_have_charsets() {
        assert_eq!(mime_type(Path::new("a/index.html")), "text/html; charset=utf-8");
        assert_eq!(mime_type(Path::new("x.CSS")), "text/css; charset=utf-8");
        assert_eq!(mime_type(Path::new("x.webmanifest")), "application/manifest+json");
    }
}
