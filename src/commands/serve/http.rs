//! The preview's HTTP side: answers GET and HEAD from the in-memory site with correct
//! MIME types, folders as their `index.html`, the site's `404.html` for anything
//! else, the live-reload script and event stream; and never maps a request outside the
//! site (requests are looked up by name, never turned into file-system paths).
//!
//! Requests are parsed by `httparse`; the connection handling around it is ours so
//! that every malformed request gets a 4xx answer rather than a dropped connection:
//! raw UTF-8 in a path is served, a bare `\n` ends a line, an absolute URI is served
//! by its path, and an overlong, cut-off or unparsable request is answered and closed.

use super::live;
use super::state::Preview;
use crate::error::{Error, Result};
use crate::output::Body;
use std::io::{ErrorKind, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

/// The longest request line answered; longer gets 414.
const MAX_LINE: usize = 8 * 1024;
/// The longest request head (line and headers) answered; longer gets 431.
const MAX_HEAD: usize = 16 * 1024;
/// How long a started request may take to arrive (408 after), and how long an idle
/// kept-alive connection stays open.
const READ_TIMEOUT: Duration = Duration::from_secs(15);

/// Serves `preview` until the process is stopped. `ready` is called with the bound address.
pub fn serve(preview: Arc<Preview>, bind: &str, port: u16, ready: &dyn Fn(&str)) -> Result<()> {
    let listener =
        TcpListener::bind((bind, port)).map_err(|e| Error::Usage(format!("cannot listen on {bind}:{port}: {e}")))?;
    let addr = listener.local_addr().map(|a| a.to_string()).unwrap_or_else(|_| format!("{bind}:{port}"));
    // The poster editor writes files: only for a preview that nobody else can reach.
    preview.editor.enable(listener.local_addr().is_ok_and(|a| a.ip().is_loopback()));
    preview.editor.set_address(&addr);
    ready(&addr);
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let preview = preview.clone();
        // One thread per connection: browsers open several and keep them alive, and
        // the event stream holds one for as long as the tab is open.
        std::thread::spawn(move || connection(&preview, stream));
    }
    Ok(())
}

/// The largest request body read (a poster editor's change); larger gets 413.
const MAX_BODY: usize = 256 * 1024;

/// One request as far as the preview cares about it.
struct Request {
    method: String,
    target: String,
    keep_alive: bool,
    /// The headers the poster editor's checks read, names in lower case.
    headers: Vec<(String, String)>,
    content_length: usize,
    chunked: bool,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// Headers kept in [`Request::headers`].
const KEPT_HEADERS: [&str; 5] = ["host", "origin", "sec-fetch-site", "x-chyrak-token", "content-type"];

/// What reading the next request from a connection gave.
enum Next {
    Request(Request),
    /// The client closed (or went idle) between requests.
    Closed,
    /// The request cannot be answered normally: answer this status and close.
    Refuse(u16, &'static str),
}

fn connection(preview: &Preview, mut stream: TcpStream) {
    let _ = stream.set_read_timeout(Some(READ_TIMEOUT));
    let _ = stream.set_nodelay(true);
    let mut pending = Vec::new();
    loop {
        let request = match next_request(&mut stream, &mut pending) {
            Next::Request(r) => r,
            Next::Closed => return,
            Next::Refuse(status, why) => {
                let _ = reply(&mut stream, &Reply::text(status, why), false, false);
                return close_gently(stream);
            }
        };
        let path = request.target.as_str();
        // The preview's own addresses are matched without their query.
        let route = path.split('?').next().unwrap_or(path);
        if route == live::EVENTS_PATH && request.method == "GET" {
            return events(preview, stream);
        }
        if request.method == "POST" {
            return post(preview, &request, stream, pending);
        }
        let head = request.method == "HEAD";
        let answer = if !(head || request.method == "GET") {
            Reply::text(405, "method not allowed").header("Allow", "GET, HEAD")
        } else if route == super::board::PATH {
            let token = may_open_editor(preview, &request).ok().map(|()| preview.editor.token());
            Reply::bytes(200, "text/html; charset=utf-8", live::inject(preview.poster_board(token).as_bytes()))
        } else if route == EDITOR_PATH {
            editor_open(preview, &request)
        } else if route == super::export::PATH {
            export(preview, &request)
        } else if route == super::board::VERSIONS_PATH {
            Reply::bytes(200, "application/json", preview.poster_versions().into_bytes())
        } else if route == "/sw.js" {
            // A service worker would serve cached pages over the live preview: the
            // preview's own one removes itself and its caches instead.
            Reply::bytes(200, "text/javascript; charset=utf-8", preview.script("preview-sw.js").into_bytes())
        } else if route == live::SCRIPT_PATH {
            Reply::bytes(200, "text/javascript; charset=utf-8", preview.script("live.js").into_bytes())
        } else {
            answer(preview, path)
        };
        if reply(&mut stream, &answer, head, request.keep_alive).is_err() || !request.keep_alive {
            return;
        }
    }
}

/// The poster editor's requests: `GET ?file=…` opens a poster translation,
/// `POST …/draft` renders a draft, `POST …/save` writes it.
const EDITOR_PATH: &str = "/__chyrak/poster-editor";

/// Whether `request` may use the poster editor: the preview listens on loopback, the
/// request names a loopback host (so a web page whose name resolves to 127.0.0.1
/// cannot), carries the run's token and, when it changes something, comes from a page
/// of this server (`Origin`, `Sec-Fetch-Site`).
fn may_edit(preview: &Preview, request: &Request, changes: bool) -> std::result::Result<(), Reply> {
    let refuse = |why: &str| Err(Reply::text(403, why));
    may_open_editor(preview, request)?;
    let host = request.header("host").unwrap_or("");
    if changes {
        if request.header("origin") != Some(format!("http://{host}").as_str()) {
            return refuse("a change must come from a page of this preview (Origin)");
        }
        if request.header("sec-fetch-site").is_some_and(|s| s != "same-origin") {
            return refuse("a change must come from a page of this preview (Sec-Fetch-Site)");
        }
    }
    if request.header("x-chyrak-token") != Some(preview.editor.token()) {
        return refuse("missing or wrong editor token: reload the poster board");
    }
    Ok(())
}

/// Whether the board may offer the editor (and its token) to `request`: the preview
/// listens on loopback and the request names a loopback host.
fn may_open_editor(preview: &Preview, request: &Request) -> std::result::Result<(), Reply> {
    let refuse = |why: &str| Err(Reply::text(403, why));
    if !preview.editor.enabled() {
        return refuse(
            "posters can be edited only on a preview that listens on the loopback address (--bind 127.0.0.1)",
        );
    }
    if !loopback_host(request.header("host").unwrap_or("")) {
        return refuse("posters can be edited only from http://127.0.0.1 or http://localhost");
    }
    Ok(())
}

/// `localhost`, `127.0.0.1`, `[::1]`…, with or without a port.
fn loopback_host(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(rest) => rest.split(']').next().unwrap_or(""),
        None => host.rsplit_once(':').map_or(host, |(name, _)| name),
    };
    name.eq_ignore_ascii_case("localhost") || name.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

fn json(status: u16, body: String) -> Reply {
    Reply::bytes(status, "application/json", body.into_bytes())
}

fn editor_open(preview: &Preview, request: &Request) -> Reply {
    if let Err(refused) = may_edit(preview, request, false) {
        return refused;
    }
    // A poster translation by its file, or the one a web page of the preview shows.
    let page = || {
        let path = request_path(&query(&request.target, "page")?)?;
        let index = if path.ends_with(".html") { path } else { format!("{path}/index.html") };
        preview.poster_file_of_page(index.trim_start_matches('/'))
    };
    let file = query(&request.target, "file").or_else(page).unwrap_or_default();
    match preview.open_poster(&file) {
        Ok(opened) => json(200, serde_json::to_string(&opened).unwrap_or_default()),
        Err(refused) => json(refused.status(), refused.json()),
    }
}

/// A poster's print page as PNG or PDF, for a download from the board.
fn export(preview: &Preview, request: &Request) -> Reply {
    if let Err(refused) = may_open_editor(preview, request) {
        return refused;
    }
    // A download link carries the token in its query (a link cannot send headers).
    if query(&request.target, "token").as_deref() != Some(preview.editor.token()) {
        return Reply::text(403, "missing or wrong editor token: reload the poster board");
    }
    let src = query(&request.target, "src").unwrap_or_default();
    let format = match query(&request.target, "format").as_deref() {
        Some("png") => super::export::Format::Png,
        Some("pdf") => super::export::Format::Pdf,
        _ => return Reply::text(400, "format must be png or pdf"),
    };
    match super::export::export(preview, &src, format) {
        Ok(file) => Reply::bytes(200, file.mime, file.bytes)
            .header("Content-Disposition", format!("attachment; filename=\"{}\"", file.name)),
        Err((status, why)) => Reply::text(status, &why),
    }
}

/// A draft or a save of the poster editor. The body is read whole (up to
/// [`MAX_BODY`]); the connection is closed after the answer.
fn post(preview: &Preview, request: &Request, mut stream: TcpStream, mut pending: Vec<u8>) {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Change {
        file: String,
        fields: super::edit::Fields,
        #[serde(default)]
        version: String,
        #[serde(default)]
        force: bool,
    }
    let refuse = |mut stream: TcpStream, r: Reply| {
        let _ = reply(&mut stream, &r, false, false);
        close_gently(stream);
    };
    let path = request.target.split('?').next().unwrap_or("");
    let action = path.strip_prefix(EDITOR_PATH).filter(|a| matches!(*a, "/draft" | "/save"));
    let Some(action) = action else {
        return refuse(stream, Reply::text(405, "method not allowed").header("Allow", "GET, HEAD"));
    };
    let refuse = |stream, status, why: &str| refuse(stream, Reply::text(status, why));
    if request.chunked {
        return refuse(stream, 411, "a length is required");
    }
    if request.content_length > MAX_BODY {
        return refuse(stream, 413, "request body too large");
    }
    while pending.len() < request.content_length {
        let mut chunk = [0u8; 8192];
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return refuse(stream, 400, "incomplete request body"),
            Ok(n) => pending.extend_from_slice(&chunk[..n]),
        }
    }
    let body = &pending[..request.content_length];
    let answer = if let Err(refused) = may_edit(preview, request, true) {
        refused
    } else {
        match (action, serde_json::from_slice::<Change>(body)) {
            (_, Err(e)) => Reply::text(400, &format!("not a poster change: {e}")),
            ("/draft", Ok(c)) => match preview.draft_poster(&c.file, &c.fields) {
                Ok(drafted) => json(200, serde_json::to_string(&drafted).unwrap_or_default()),
                Err(refused) => json(refused.status(), refused.json()),
            },
            (_, Ok(c)) => match preview.save_poster(&c.file, &c.fields, &c.version, c.force) {
                Ok(version) => json(200, serde_json::json!({ "ok": true, "version": version }).to_string()),
                Err(refused) => json(refused.status(), refused.json()),
            },
        }
    };
    let _ = reply(&mut stream, &answer, false, false);
}

/// The percent-decoded value of `name` in the query of `target`.
fn query(target: &str, name: &str) -> Option<String> {
    let (_, query) = target.split_once('?')?;
    query.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        (k == name).then(|| percent_decode(&v.replace('+', " "))).flatten()
    })
}

/// Reads until `pending` holds a whole request head, parses it and removes it.
fn next_request(stream: &mut TcpStream, pending: &mut Vec<u8>) -> Next {
    // Whether anything of this request has arrived: a client that sent something and
    // then stops is answered; one that sent nothing is just gone (or idle).
    let mut started = !pending.is_empty();
    loop {
        // Blank lines before a request are allowed (RFC 9112 §2.2).
        let blank = pending.iter().take_while(|b| matches!(b, b'\r' | b'\n')).count();
        pending.drain(..blank);
        if let Some(next) = parse(pending) {
            return next;
        }
        let mut chunk = [0u8; 4096];
        match stream.read(&mut chunk) {
            Ok(0) if !started => return Next::Closed,
            Ok(0) => return Next::Refuse(400, "incomplete request"),
            Ok(n) => {
                started = true;
                pending.extend_from_slice(&chunk[..n]);
            }
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                return if started { Next::Refuse(408, "request timeout") } else { Next::Closed };
            }
            Err(_) => return Next::Closed,
        }
    }
}

/// Parses the head at the start of `pending`: `None` while it is incomplete (and not
/// yet too long). A request body (which GET and HEAD do not have) is not read: the
/// connection is then closed after the answer.
fn parse(pending: &mut Vec<u8>) -> Option<Next> {
    let line_end = pending.iter().position(|&b| b == b'\n');
    if line_end.unwrap_or(pending.len()) > MAX_LINE {
        return Some(Next::Refuse(414, "request line too long"));
    }
    let mut headers = [httparse::EMPTY_HEADER; 64];
    let mut req = httparse::Request::new(&mut headers);
    let len = match req.parse(pending) {
        Ok(httparse::Status::Complete(len)) => len,
        Ok(httparse::Status::Partial) if pending.len() > MAX_HEAD => {
            return Some(Next::Refuse(431, "request head too large"));
        }
        Ok(httparse::Status::Partial) => return None,
        Err(httparse::Error::TooManyHeaders) => return Some(Next::Refuse(431, "too many headers")),
        Err(_) => return Some(Next::Refuse(400, "malformed request")),
    };
    if len > MAX_HEAD {
        return Some(Next::Refuse(431, "request head too large"));
    }
    let (Some(method), Some(target)) = (req.method, req.path) else {
        return Some(Next::Refuse(400, "malformed request"));
    };
    let Some(target) = origin_form(target) else {
        return Some(Next::Refuse(400, "malformed request target"));
    };
    let has = |name: &str, value: &str| {
        req.headers.iter().any(|h| {
            h.name.eq_ignore_ascii_case(name)
                && String::from_utf8_lossy(h.value).split(',').any(|v| v.trim().eq_ignore_ascii_case(value))
        })
    };
    let has_body = req.headers.iter().any(|h| {
        h.name.eq_ignore_ascii_case("transfer-encoding")
            || (h.name.eq_ignore_ascii_case("content-length") && h.value.iter().any(|&b| b != b'0'))
    });
    let keep_alive =
        !has_body && if req.version == Some(0) { has("connection", "keep-alive") } else { !has("connection", "close") };
    let value = |h: &httparse::Header| String::from_utf8_lossy(h.value).trim().to_owned();
    let headers = req
        .headers
        .iter()
        .filter(|h| KEPT_HEADERS.iter().any(|k| h.name.eq_ignore_ascii_case(k)))
        .map(|h| (h.name.to_ascii_lowercase(), value(h)))
        .collect();
    let content_length = match req.headers.iter().find(|h| h.name.eq_ignore_ascii_case("content-length")) {
        None => 0,
        Some(h) => match value(h).parse() {
            Ok(n) => n,
            Err(_) => return Some(Next::Refuse(400, "malformed content-length")),
        },
    };
    let chunked = req.headers.iter().any(|h| h.name.eq_ignore_ascii_case("transfer-encoding"));
    let request = Request { method: method.to_owned(), target, keep_alive, headers, content_length, chunked };
    pending.drain(..len);
    Some(Next::Request(request))
}

/// The path-and-query of a request target: itself when it starts with `/`, the part
/// after the authority for an absolute URI (`http://host/path`), or `None`.
fn origin_form(target: &str) -> Option<String> {
    if target.starts_with('/') {
        return Some(target.to_owned());
    }
    let scheme_end = target.find("://")?;
    let scheme = &target[..scheme_end];
    if !(scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")) {
        return None;
    }
    let rest = &target[scheme_end + 3..];
    Some(match rest.find(['/', '?']) {
        Some(i) if rest[i..].starts_with('/') => rest[i..].to_owned(),
        Some(i) => format!("/{}", &rest[i..]),
        None => "/".to_owned(),
    })
}

fn answer(preview: &Preview, url: &str) -> Reply {
    // A print page of a poster editor's draft, or (below, when the site has no such
    // file) a stylesheet one of them links to.
    let draft_file = |draft: Option<u64>| {
        let path = request_path(url)?;
        let bytes = preview.draft_file(draft, &path)?;
        Some(Reply::bytes(200, mime_type(Path::new(&path)), bytes.to_vec()))
    };
    if let Some(id) = query(url, "draft").and_then(|id| id.parse().ok()) {
        if let Some(found) = draft_file(Some(id)) {
            return found;
        }
    }
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
        None if draft_file(None).is_some() => return draft_file(None).expect("just found"),
        None => match preview.get("404.html") {
            Some(body) => (404, "404.html".to_owned(), body),
            None => return Reply::text(404, "not found"),
        },
    };
    let content = match body {
        Body::Bytes(b) => b.to_vec(),
        Body::File(f) => match std::fs::read(&f) {
            Ok(b) => b,
            Err(_) => return Reply::text(500, "cannot read file"),
        },
    };
    let mime = mime_type(Path::new(&path));
    let content = if mime.starts_with("text/html") { live::inject(&content) } else { content };
    Reply::bytes(status, mime, content)
}

/// Closes after a refusal without losing it: closing with unread input makes the
/// system reset the connection, which can discard the answer before the client reads
/// it, so the rest of what the client sends is read (briefly) and dropped first.
fn close_gently(mut stream: TcpStream) {
    let _ = stream.shutdown(std::net::Shutdown::Write);
    let _ = stream.set_read_timeout(Some(Duration::from_millis(500)));
    let mut sink = [0u8; 4096];
    let mut left: usize = 1 << 20;
    while left > 0 {
        match stream.read(&mut sink) {
            Ok(0) | Err(_) => return,
            Ok(n) => left = left.saturating_sub(n),
        }
    }
}

/// Streams live-reload events to one tab until it goes away.
fn events(preview: &Preview, mut stream: TcpStream) {
    let rx = preview.hub.subscribe();
    // No length: the stream is the rest of the connection, written and flushed event
    // by event. `retry:` goes out after subscribing, so a client that has read it
    // sees every later change.
    let start = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n\
                 Connection: close\r\n\r\nretry: 500\n\n";
    if stream.write_all(start.as_bytes()).and_then(|()| stream.flush()).is_err() {
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

/// An answer: status, headers and body.
struct Reply {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn text(status: u16, body: &str) -> Reply {
        Reply {
            status,
            headers: vec![("Content-Type", "text/plain; charset=utf-8".to_owned())],
            body: body.as_bytes().to_vec(),
        }
    }

    fn bytes(status: u16, mime: &'static str, body: Vec<u8>) -> Reply {
        let headers = vec![
            ("Content-Type", mime.to_owned()),
            ("X-Content-Type-Options", "nosniff".to_owned()),
            ("Cache-Control", "no-cache".to_owned()),
        ];
        Reply { status, headers, body }
    }

    fn header(mut self, name: &'static str, value: impl Into<String>) -> Reply {
        self.headers.push((name, value.into()));
        self
    }
}

/// Writes `r`; a HEAD answer has the length but not the body.
fn reply(stream: &mut TcpStream, r: &Reply, head: bool, keep_alive: bool) -> std::io::Result<()> {
    let mut out = format!("HTTP/1.1 {} {}\r\n", r.status, reason(r.status));
    for (name, value) in &r.headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str(&format!("Content-Length: {}\r\n", r.body.len()));
    out.push_str(if keep_alive { "Connection: keep-alive\r\n\r\n" } else { "Connection: close\r\n\r\n" });
    stream.write_all(out.as_bytes())?;
    if !head {
        stream.write_all(&r.body)?;
    }
    stream.flush()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        409 => "Conflict",
        411 => "Length Required",
        413 => "Content Too Large",
        422 => "Unprocessable Content",
        503 => "Service Unavailable",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        414 => "URI Too Long",
        431 => "Request Header Fields Too Large",
        _ => "Internal Server Error",
    }
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
