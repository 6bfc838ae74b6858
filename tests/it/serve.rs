//! `chyrak serve` on a loopback port the OS picks: pages with the right MIME types,
//! folders served as their index, the site's 404 page, HEAD, no way out of the site;
//! live reload after an edit, the error overlay, and incremental updates that equal
//! a full build.

use crate::support::browser::{console_errors, wait_for};
use crate::support::site::SOURCE_DATE_EPOCH;
use crate::support::*;
use chyrak::commands::pdf::cdp::Browser;
use serde_json::json;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long `chyrak serve` may take to build the site and start serving and watching.
const STARTUP: Duration = Duration::from_secs(60);

/// A running `chyrak serve --port 0`, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
    stderr: Arc<Mutex<String>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        // When a test fails, show what the server said: it is the clue.
        if std::thread::panicking() {
            eprintln!("--- chyrak serve stderr ---\n{}", self.stderr.lock().unwrap());
        }
    }
}

/// Starts `chyrak serve --port 0` and waits for its two readiness lines: `Serving on
/// http://127.0.0.1:PORT/` (the port it was given, read back) and `Watching for
/// changes` (the file watcher is registered: an edit from now on is seen).
fn start(site: &SiteTest) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_chyrak"))
        .args(["serve", "--port", "0"])
        .current_dir(site.root())
        .env("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = Arc::new(Mutex::new(String::new()));
    let (mut err, sink) = (BufReader::new(child.stderr.take().unwrap()), stderr.clone());
    std::thread::spawn(move || {
        let mut line = String::new();
        while err.read_line(&mut line).is_ok_and(|n| n > 0) {
            sink.lock().unwrap().push_str(&line);
            line.clear();
        }
    });
    // Stdout is read to its end on another thread, so the server never writes into a
    // full or closed pipe; its lines come here.
    let lines = lines_of(child.stdout.take().unwrap());
    let mut server = Server { child, port: 0, stderr };
    let deadline = Instant::now() + STARTUP;
    let mut watching = false;
    while server.port == 0 || !watching {
        let line = match lines.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok(line) => line,
            Err(RecvTimeoutError::Timeout) => panic!("chyrak serve was not ready within {STARTUP:?}"),
            Err(RecvTimeoutError::Disconnected) => panic!("chyrak serve stopped: {:?}", server.child.wait()),
        };
        if let Some(rest) = line.strip_prefix("Serving on http://127.0.0.1:") {
            server.port = rest.split('/').next().unwrap().parse().unwrap_or_else(|_| panic!("no port in {line}"));
        }
        watching |= line.trim_end() == "Watching for changes";
    }
    server
}

fn lines_of(out: impl Read + Send + 'static) -> Receiver<String> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines() {
            let Ok(line) = line else { break };
            let _ = tx.send(line);
        }
    });
    rx
}

/// A raw HTTP/1.0 request; returns (status, headers, body).
fn request(port: u16, method: &str, path: &str) -> (u16, String, Vec<u8>) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(s, "{method} {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    (status, head.to_ascii_lowercase(), raw[split + 4..].to_vec())
}

fn page(port: u16, path: &str) -> String {
    String::from_utf8(request(port, "GET", path).2).unwrap()
}

#[test]
fn serves_the_built_site_safely() {
    let site =
        SiteTest::fixture("build/bundle-files").file("content/about.en.md", "+++\ntitle = \"About\"\n+++\nHello.\n");
    std::fs::write(site.root().join("secret.txt"), "secret").unwrap();
    let server = start(&site);
    let port = server.port;

    let (status, head, body) = request(port, "GET", "/en/about/");
    assert_eq!(status, 200);
    assert!(head.contains("content-type: text/html; charset=utf-8"), "{head}");
    assert!(String::from_utf8_lossy(&body).contains("Hello."));

    let (status, head, _) = request(port, "GET", "/media/lessons/a/bus.svg");
    assert_eq!(status, 200);
    assert!(head.contains("content-type: image/svg+xml"), "{head}");

    let about = page(port, "/en/about/index.html");
    let css_path =
        attr_values(&about, "href").into_iter().find(|h| h.ends_with(".css")).unwrap().replace("../../", "/");
    let (status, head, _) = request(port, "GET", &css_path);
    assert_eq!(status, 200, "{css_path}");
    assert!(head.contains("content-type: text/css"), "{head}");

    let (status, head, body) = request(port, "HEAD", "/en/about/index.html");
    assert_eq!(status, 200);
    assert!(body.is_empty());
    assert!(head.contains("content-length:"), "{head}");

    let (status, _, body) = request(port, "GET", "/no/such/page");
    assert_eq!(status, 404);
    assert!(String::from_utf8_lossy(&body).contains("<html"), "the site's own 404 page");

    for bad in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/en/..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "/en/%2e%2e/%2e%2e/secret.txt",
    ] {
        let (status, _, body) = request(port, "GET", bad);
        assert_eq!(status, 404, "{bad}");
        assert!(!String::from_utf8_lossy(&body).contains("secret"), "{bad}");
    }
    let (status, _, _) = request(port, "POST", "/en/about/");
    assert_eq!(status, 405);
}

/// Sends `bytes` as they are (then, with `hang_up`, closes the sending side) and
/// returns every status line the server answered with, waiting at most 30 s.
fn raw_exchange(port: u16, bytes: &[u8], hang_up: bool) -> Vec<String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    s.write_all(bytes).unwrap();
    if hang_up {
        s.shutdown(std::net::Shutdown::Write).unwrap();
    }
    let mut raw = Vec::new();
    if let Err(e) = s.read_to_end(&mut raw) {
        panic!("no complete answer to {:?}: {e}", String::from_utf8_lossy(&bytes[..bytes.len().min(80)]));
    }
    String::from_utf8_lossy(&raw).lines().filter(|l| l.starts_with("HTTP/1.1 ")).map(str::to_owned).collect()
}

#[test]
fn every_malformed_request_gets_an_answer() {
    let site =
        SiteTest::fixture("build/bundle-files").file("content/about.en.md", "+++\ntitle = \"About\"\n+++\nHello.\n");
    let server = start(&site);
    let port = server.port;
    let status = |bytes: &[u8], hang_up: bool| -> u16 {
        let lines = raw_exchange(port, bytes, hang_up);
        assert_eq!(
            lines.len(),
            1,
            "one answer to {:?}: {lines:?}",
            String::from_utf8_lossy(&bytes[..bytes.len().min(80)])
        );
        lines[0].split(' ').nth(1).unwrap().parse().unwrap()
    };

    // Raw UTF-8, as a browser's address bar or curl may send it: served.
    assert_eq!(status("GET /en/about/?q=договор HTTP/1.1\r\nConnection: close\r\n\r\n".as_bytes(), false), 200);
    assert_eq!(status("GET /ru/урок/ HTTP/1.1\r\nConnection: close\r\n\r\n".as_bytes(), false), 404);
    // Bytes that are not UTF-8 at all.
    assert_eq!(status(b"GET /\xff\xfe HTTP/1.1\r\n\r\n", false), 400);
    // A request line over 8 KB.
    let long = format!("GET /{} HTTP/1.1\r\nConnection: close\r\n\r\n", "a".repeat(9 * 1024));
    assert_eq!(status(long.as_bytes(), false), 414);
    // Headers over 16 KB.
    let big = format!("GET / HTTP/1.1\r\nX-Big: {}\r\n\r\n", "b".repeat(20 * 1024));
    assert_eq!(status(big.as_bytes(), false), 431);
    // Lines ended by a bare `\n`: served; a lone `\n` and then nothing: refused.
    assert_eq!(status(b"GET /en/about/ HTTP/1.1\nConnection: close\n\n", false), 200);
    assert_eq!(status(b"\n", true), 400);
    // An absolute URI is served by its path.
    assert_eq!(status(b"GET http://127.0.0.1/en/about/ HTTP/1.1\r\nConnection: close\r\n\r\n", false), 200);
    assert_eq!(status(b"GET ftp://x/en/about/ HTTP/1.1\r\n\r\n", false), 400);
    // NUL, encoded: never a file name.
    assert_eq!(status(b"GET /en/about%00/ HTTP/1.1\r\nConnection: close\r\n\r\n", false), 404);
    // Garbage, a request cut off, an unknown method.
    assert_eq!(status(b"HELLO\r\n\r\n", false), 400);
    assert_eq!(status(b"GET /en/ab", true), 400);
    assert_eq!(status(b"DELETE / HTTP/1.1\r\nConnection: close\r\n\r\n", false), 405);

    // Kept alive: two requests on one connection, both answered.
    let two = b"GET /en/about/ HTTP/1.1\r\n\r\nHEAD /no/such HTTP/1.1\r\nConnection: close\r\n\r\n";
    let lines = raw_exchange(port, two, false);
    assert_eq!(lines, ["HTTP/1.1 200 OK", "HTTP/1.1 404 Not Found"]);
}

/// Reads SSE events from the server until one named `name` arrives; returns its data.
struct Events(BufReader<TcpStream>);

impl Events {
    /// Connects to the event stream. Once this returns, the server has subscribed the
    /// stream (it writes `retry:` after subscribing): every change from now on reaches it.
    fn connect(port: u16) -> Events {
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        write!(s, "GET /__chyrak/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n").unwrap();
        s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        let mut r = BufReader::new(s);
        let mut line = String::new();
        r.read_line(&mut line).unwrap();
        assert!(line.contains(" 200 "), "{line}");
        let mut headers = String::new();
        loop {
            line.clear();
            r.read_line(&mut line).unwrap();
            if line == "\r\n" {
                break;
            }
            headers.push_str(&line.to_ascii_lowercase());
        }
        assert!(headers.contains("content-type: text/event-stream"), "{headers}");
        line.clear();
        r.read_line(&mut line).unwrap();
        assert!(line.starts_with("retry: "), "the stream starts with `retry:`, not {line:?}");
        Events(r)
    }

    fn next(&mut self, name: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut event = String::new();
        let mut data = Vec::new();
        loop {
            let mut line = String::new();
            let n = self.0.read_line(&mut line).unwrap_or_else(|e| panic!("no `{name}` event: {e}"));
            assert!(n > 0, "stream closed");
            let line = line.trim_end_matches('\n');
            assert!(Instant::now() < deadline, "no `{name}` event within 20 s");
            if line.is_empty() {
                if event == name {
                    return data.join("\n");
                }
                event.clear();
                data.clear();
            } else if let Some(e) = line.strip_prefix("event: ") {
                event = e.to_owned();
            } else if let Some(d) = line.strip_prefix("data: ") {
                data.push(d.to_owned());
            }
        }
    }
}

#[test]
fn an_edit_reloads_open_tabs_and_an_error_shows_until_fixed() {
    let site =
        SiteTest::fixture("site/minimal").file("content/about.en.md", "+++\ntitle = \"About\"\n+++\nFirst version.\n");
    let server = start(&site);
    let port = server.port;
    let about = page(port, "/en/about/");
    assert!(about.contains("First version."));
    assert!(about.contains("<script src=\"/__chyrak/live.js\"></script>"), "serve adds the reload script");
    let (status, head, _) = request(port, "GET", "/__chyrak/live.js");
    assert_eq!(status, 200);
    assert!(head.contains("text/javascript"));

    let mut events = Events::connect(port);
    site.write("content/about.en.md", "+++\ntitle = \"About\"\n+++\nSecond version.\n".as_bytes());
    events.next("reload");
    assert!(page(port, "/en/about/").contains("Second version."));

    // A broken link: the error reaches the tab, the last good page stays served.
    site.write("content/about.en.md", "+++\ntitle = \"About\"\n+++\nThird [x](@/nowhere)\n".as_bytes());
    let error = events.next("build-error");
    assert!(error.contains("content/about.en.md:4:"), "{error}");
    assert!(error.contains("broken internal link"), "{error}");
    assert!(page(port, "/en/about/").contains("Second version."));

    // A front-matter error too.
    site.write("content/about.en.md", "+++\ntitel = \"About\"\n+++\n".as_bytes());
    let error = events.next("build-error");
    assert!(error.contains("did you mean `title`?"), "{error}");

    site.write("content/about.en.md", "+++\ntitle = \"About\"\n+++\nFixed.\n".as_bytes());
    events.next("reload");
    assert!(page(port, "/en/about/").contains("Fixed."));

    // A new page appears without a restart.
    site.write("content/news.en.md", "+++\ntitle = \"News\"\n+++\nFresh.\n".as_bytes());
    events.next("reload");
    assert!(page(port, "/en/news/index.html").contains("Fresh."));
}

#[test]
fn a_css_edit_swaps_the_stylesheet() {
    let site = SiteTest::fixture("site/minimal").file("themes/default/css/main.css", "body { color: black }\n");
    let server = start(&site);
    let mut events = Events::connect(server.port);
    site.write("themes/default/css/main.css", b"body { color: navy }\n");
    let path = events.next("css");
    assert!(path.starts_with("/assets/chyrak.") && path.ends_with(".css"), "{path}");
    let (status, _, css) = request(server.port, "GET", &path);
    assert_eq!(status, 200);
    // The stylesheet is minified by lightningcss.
    assert!(String::from_utf8_lossy(&css).contains("color:navy"), "{}", String::from_utf8_lossy(&css));
}

#[test]
fn build_output_never_has_the_reload_script() {
    let site = SiteTest::fixture("site/handbook");
    site.build().ok();
    for (path, bytes) in tree(&site.out()) {
        assert!(!String::from_utf8_lossy(&bytes).contains("__chyrak"), "{path}");
    }
}

#[test]
fn incremental_updates_equal_a_full_build() {
    // Lists of two items per page: the later pages of a list are served too.
    let site = SiteTest::fixture("site/handbook").append("site.toml", "\n[sections]\nper_page = 2\n");
    let (preview, _) = chyrak::commands::serve::Preview::new(site.root(), false).unwrap();
    let lesson = site.root().join("content/lessons/contracts/index.ru.md");
    let text = std::fs::read_to_string(&lesson).unwrap();
    let edits: Vec<(std::path::PathBuf, String)> = vec![
        // A body edit (in place).
        (lesson.clone(), text.replace("## ", "## Правка: ")),
        // A summary edit shows in listings.
        (lesson.clone(), text.replacen("summary = \"", "summary = \"Новое: ", 1)),
        // A title edit changes neighbours' links and order-dependent pages.
        (lesson.clone(), text.replacen("title = \"", "title = \"Ы ", 1)),
        // A new translation appears (ky had none): fallbacks disappear.
        (
            site.root().join("content/lessons/survivors/index.ky.md"),
            "+++\ntitle = \"Колдоо\"\ntype = \"lesson\"\n+++\nТекст.\n".to_owned(),
        ),
    ];
    for (path, text) in edits {
        std::fs::write(&path, text).unwrap();
        let event = preview.apply(std::slice::from_ref(&path));
        assert_eq!(event, chyrak::commands::serve::live::Event::Reload, "{}", path.display());
        site.build_as_preview().ok();
        let full = tree(&site.out());
        let incremental = preview.snapshot();
        let differing: Vec<_> = full.keys().filter(|k| incremental.get(*k) != full.get(*k)).collect();
        assert!(
            differing.is_empty(),
            "after editing {}: {} files differ, e.g. {:?}",
            path.display(),
            differing.len(),
            &differing[..differing.len().min(5)]
        );
        assert_eq!(full.len(), incremental.len(), "same set of files");
        assert!(full.contains_key("ru/lessons/page/2/index.html"), "{:?}", full.keys().collect::<Vec<_>>());
    }
}

#[test]
fn poster_board_shows_every_poster_language_and_size() {
    let site = SiteTest::fixture("site/handbook");
    let server = start(&site);
    let (status, _, body) = request(server.port, "GET", "/__chyrak/posters");
    assert_eq!(status, 200);
    let html = String::from_utf8(body).unwrap();
    // call-first: en, ru, ky × A3, A4, A6.
    for lang in ["en", "ru", "ky"] {
        for size in ["a3", "a4", "a6"] {
            let src = format!("/{lang}/print/posters/call-first-{size}.html");
            assert!(html.contains(&format!("src=\"{src}\"")), "board lacks {src}");
            assert_eq!(request(server.port, "GET", &src).0, 200, "{src}");
        }
    }
    // True proportions: an A3 frame is √2 times as wide as an A4 one (with 3 mm bleed).
    assert!(html.contains("width:272.7px;height:383.4px"), "A3 at 0.9 px/mm");
    assert!(html.contains("width:194.4px;height:272.7px"), "A4 at 0.9 px/mm");
}

/// A board of the poster of `site/handbook` (three languages, three sizes) and four
/// more in English and Russian and four sizes each: 41 frames.
fn big_board() -> SiteTest {
    let mut site = SiteTest::fixture("site/handbook");
    for i in 1..=4 {
        for (lang, headline) in [("en", format!("Poster number {i}")), ("ru", format!("Плакат номер {i}"))] {
            site = site.file(
                &format!("content/posters/extra-{i}/index.{lang}.md"),
                &format!(
                    "+++\ntitle = \"Extra {i}\"\nheadline = \"{headline}\"\ncta = \"Call first\"\ncontact = \"hotline\"\nsizes = [\"A3\", \"A4\", \"A5\", \"A6\"]\n+++\n"
                ),
            );
        }
    }
    site
}

/// Scrolls through the board as a reader does (its frames load lazily) until every
/// frame has been measured; returns how many there are.
fn every_frame_measured(b: &mut Browser) -> u64 {
    let js = r#"(() => {
      const frames = [...document.querySelectorAll('iframe')];
      const done = f => /\b(ok|bad)\b/.test(f.closest('figure').querySelector('.status').className);
      const waiting = frames.find(f => !done(f));
      if (waiting) { waiting.scrollIntoView({ block: 'center' }); return 0; }
      return frames.length;
    })()"#;
    wait_for(b, js, "every frame of the board measured").as_u64().unwrap()
}

/// The board opened in Chromium shows every frame (it once stopped at 21 of 23: each
/// frame held a live-reload connection of its own, and a browser opens six per host);
/// an edit reloads only the frames of the translation that changed.
#[test]
fn the_poster_board_loads_every_frame_in_a_browser_and_an_edit_reloads_only_its_own() {
    let site = big_board();
    let server = start(&site);
    let mut b = tools::browser();
    b.call("Log.enable", json!({})).unwrap();
    b.call("Network.enable", json!({})).unwrap();
    b.record(true);
    let started = Instant::now();
    b.open(&format!("http://127.0.0.1:{}/__chyrak/posters", server.port)).unwrap();
    let frames = every_frame_measured(&mut b);
    let took = started.elapsed();
    assert!(frames >= 40, "{frames} frames");
    assert!(took < Duration::from_secs(20), "the board took {took:?} to show {frames} frames");

    // Mark every frame's window and the board's: a reloaded one loses its mark.
    b.eval("window.boardMark = 1; for (const f of document.querySelectorAll('iframe')) f.contentWindow.mark = 1; true")
        .unwrap();
    site.replace("content/posters/extra-2/index.en.md", "Poster number 2", "Poster number two, longer");
    let changed = r#"[...document.querySelectorAll('iframe')].filter(f => f.src.includes('/en/print/posters/extra-2-'))
        .every(f => !f.contentWindow.mark && f.contentDocument.readyState === 'complete'
          && f.contentDocument.body.textContent.includes('Poster number two, longer'))"#;
    wait_for(&mut b, changed, "the edited poster's frames to show the new headline");
    every_frame_measured(&mut b);
    let kept = b
        .eval("window.boardMark === 1 && [...document.querySelectorAll('iframe')].filter(f => !f.src.includes('/en/print/posters/extra-2-')).every(f => f.contentWindow.mark === 1)")
        .unwrap();
    assert_eq!(kept, json!(true), "the board and the other posters' frames were not reloaded");
    let events = b.take_recorded();
    let streams = events
        .iter()
        .filter(|e| e["method"] == "Network.requestWillBeSent")
        .filter(|e| e["params"]["request"]["url"].as_str().is_some_and(|u| u.ends_with("/__chyrak/events")))
        .count();
    assert_eq!(streams, 1, "one live-reload connection for the whole tab, frames included");
    let errors = console_errors(&events);
    assert!(errors.is_empty(), "console errors: {errors:#?}");
}
