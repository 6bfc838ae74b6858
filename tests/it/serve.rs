//! `chyrak serve` on a loopback port the OS picks: pages with the right MIME types,
//! folders served as their index, the site's 404 page, HEAD, no way out of the site;
//! live reload after an edit, the error overlay, and incremental updates that equal
//! a full build.

use crate::support::browser::{click_and_wait, console_errors, wait_for};
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
    start_with(site, &[], &[])
}

/// [`start`] with more arguments and environment variables.
fn start_with(site: &SiteTest, args: &[&str], env: &[(&str, &str)]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_chyrak"))
        .args(["serve", "--port", "0"])
        .args(args)
        .envs(env.iter().copied())
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
        if let Some(rest) = line.strip_prefix("Serving on http://") {
            let host = rest.split('/').next().unwrap();
            let port = host.rsplit_once(':').map(|(_, p)| p);
            server.port = port.and_then(|p| p.parse().ok()).unwrap_or_else(|| panic!("no port in {line}"));
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
        // The preview draws no link-preview cards (only messengers fetch them) and
        // writes no service worker (it answers `sw.js` with one that removes itself).
        let previewed = |k: &String| !k.starts_with("previews/") && k != "sw.js" && !k.ends_with("precache.json");
        let differing: Vec<_> = full.keys().filter(|k| previewed(k) && incremental.get(*k) != full.get(*k)).collect();
        assert!(
            differing.is_empty(),
            "after editing {}: {} files differ, e.g. {:?}",
            path.display(),
            differing.len(),
            &differing[..differing.len().min(5)]
        );
        let published = full.keys().filter(|k| previewed(k)).count();
        let extra: Vec<_> = incremental.keys().filter(|k| !full.contains_key(*k) || !previewed(k)).collect();
        assert_eq!(published, incremental.len(), "same set of files; only in the preview: {extra:?}");
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
    let exports = b.eval("document.querySelectorAll('.row figcaption .exports a[download]').length").unwrap();
    assert_eq!(exports, json!(frames * 2), "a PNG and a PDF export under every frame");

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

/// A poster whose front matter has comments, for the poster editor.
const EDIT_ME: &str = "+++\n# Campaign poster: keep the headline short.\ntitle = \"Edit me\"\nheadline = \"Call first\"   # the proof says 'first'\ncta = \"Call the hotline\"\ncontact = \"hotline\"\n\ncolors = { background = \"#0B3C5D\", text = \"#FFFFFF\", accent = \"#F2C14E\" }\nsizes = [\"A4\", \"A6\"] # the print run\n+++\nA poster to edit.\n";
const EDIT_ME_FILE: &str = "content/posters/edit-me/index.en.md";

fn editable_site() -> SiteTest {
    SiteTest::fixture("site/handbook").file(EDIT_ME_FILE, EDIT_ME)
}

/// The poster editor's token, as the board gives it to a page of this preview.
fn editor_token(port: u16) -> String {
    let board = page(port, "/__chyrak/posters");
    let start = board.find("const token = \"").expect("the board offers the editor") + "const token = \"".len();
    board[start..start + 32].to_owned()
}

/// POSTs `body` with `headers` (and a Host naming this preview unless one is given).
fn post(port: u16, path: &str, headers: &[(&str, &str)], body: &str) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let mut head = format!("POST {path} HTTP/1.1\r\nContent-Length: {}\r\nConnection: close\r\n", body.len());
    if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
        head.push_str(&format!("Host: 127.0.0.1:{port}\r\n"));
    }
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    s.write_all(format!("{head}\r\n{body}").as_bytes()).unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text.split(' ').nth(1).unwrap().parse().unwrap();
    (status, text.split_once("\r\n\r\n").map(|(_, b)| b.to_owned()).unwrap_or_default())
}

fn change(file: &str, headline: &str, sizes: &str, version: &str) -> String {
    json!({
        "file": file,
        "fields": {
            "headline": headline, "text": "", "cta": "Call the hotline",
            "colors": { "background": "#0B3C5D", "text": "#FFFFFF", "accent": "#F2C14E" },
            "sizes": serde_json::from_str::<serde_json::Value>(sizes).unwrap(),
            "orientation": "portrait", "contact": "hotline",
        },
        "version": version,
    })
    .to_string()
}

/// Who may edit, what may be written, and how: requests without the run's token, from
/// another origin or host, for a file that is not a poster of the site, or with a value
/// the build refuses change nothing; a file changed on disk is not overwritten unasked;
/// a save writes exactly the changed key.
#[test]
fn the_poster_editor_refuses_what_it_must_and_writes_only_what_changed() {
    let site = editable_site();
    let server = start(&site);
    let port = server.port;
    let token = editor_token(port);
    let origin = format!("http://127.0.0.1:{port}");
    let ok = [("X-Chyrak-Token", token.as_str()), ("Origin", origin.as_str())];
    let path = site.root().join(EDIT_ME_FILE);
    let unchanged = || assert_eq!(std::fs::read_to_string(&path).unwrap(), EDIT_ME, "the file was changed");

    // Opening needs the token too.
    assert_eq!(request(port, "GET", &format!("/__chyrak/poster-editor?file={EDIT_ME_FILE}")).0, 403);
    let opened = {
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        write!(s, "GET /__chyrak/poster-editor?file={EDIT_ME_FILE} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\nX-Chyrak-Token: {token}\r\n\r\n").unwrap();
        let mut raw = String::new();
        s.read_to_string(&mut raw).unwrap();
        let body = raw.split_once("\r\n\r\n").unwrap().1.to_owned();
        serde_json::from_str::<serde_json::Value>(&body).unwrap()
    };
    assert_eq!(opened["fields"]["headline"], "Call first");
    assert_eq!(opened["fields"]["sizes"], json!(["A4", "A6"]));
    let version = opened["version"].as_str().unwrap().to_owned();

    let good = change(EDIT_ME_FILE, "Call before you go", r#"["A4", "A6"]"#, &version);
    let save = "/__chyrak/poster-editor/save";
    let evil_host = format!("evil.example:{port}");
    for (headers, why) in [
        (vec![("Origin", origin.as_str())], "no token"),
        (vec![("X-Chyrak-Token", "0123456789abcdef0123456789abcdef"), ("Origin", origin.as_str())], "a wrong token"),
        (vec![("X-Chyrak-Token", token.as_str())], "no Origin"),
        (vec![("X-Chyrak-Token", token.as_str()), ("Origin", "http://evil.example")], "another origin"),
        (vec![ok[0], ok[1], ("Sec-Fetch-Site", "cross-site")], "a cross-site fetch"),
        (
            vec![ok[0], ("Origin", "http://evil.example:1111"), ("Host", evil_host.as_str())],
            "a name that resolves to loopback",
        ),
    ] {
        let (status, body) = post(port, save, &headers, &good);
        assert_eq!(status, 403, "{why}: {body}");
        unchanged();
    }
    for file in [
        "site.toml",
        "content/posters/edit-me/../../../site.toml",
        "content/lessons/contracts/index.en.md",
        "/etc/passwd",
    ] {
        let (status, body) = post(port, save, &ok, &change(file, "x", r#"["A4"]"#, &version));
        assert_eq!(status, 404, "{file}: {body}");
        assert!(body.contains("is not a poster of this site"), "{body}");
    }
    unchanged();
    // The build's own rules: an unknown size is refused with its file and line.
    let (status, body) = post(port, save, &ok, &change(EDIT_ME_FILE, "x", r#"["A4", "B9"]"#, &version));
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("content/posters/edit-me/index.en.md:9:1: unknown poster size `B9`"), "{body}");
    unchanged();
    // The same for a draft; a valid draft writes nothing and serves its print pages.
    let draft = "/__chyrak/poster-editor/draft";
    assert_eq!(post(port, draft, &ok, &change(EDIT_ME_FILE, "x", r#"["B9"]"#, "")).0, 422);
    let (status, body) = post(port, draft, &ok, &change(EDIT_ME_FILE, "Drafted headline", r#"["A5"]"#, ""));
    assert_eq!(status, 200, "{body}");
    let drafted: serde_json::Value = serde_json::from_str(&body).unwrap();
    let src = drafted["pages"][0]["src"].as_str().unwrap();
    assert!(src.starts_with("/en/print/posters/edit-me-a5.html?draft="), "{src}");
    assert!(page(port, src).contains("Drafted headline"));
    assert!(drafted["contrasts"][0]["ratio"].as_f64().unwrap() > 10.0, "{body}");
    unchanged();

    // Changed on disk since the editor opened it: not overwritten unasked.
    let edited_elsewhere = EDIT_ME.replace("A poster to edit.", "A poster to edit, edited elsewhere.");
    std::fs::write(&path, &edited_elsewhere).unwrap();
    let (status, body) = post(port, save, &ok, &good);
    assert_eq!(status, 409, "{body}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), edited_elsewhere);
    std::fs::write(&path, EDIT_ME).unwrap();

    // A save writes exactly the changed key, comments and all.
    let (status, body) = post(port, save, &ok, &good);
    assert_eq!(status, 200, "{body}");
    let saved = std::fs::read_to_string(&path).unwrap();
    assert_eq!(saved, EDIT_ME.replace("headline = \"Call first\"", "headline = \"Call before you go\""));
}

/// The designer's path in Chromium: open the board, press Edit, type a longer headline
/// and see which sizes it overflows before anything is written, then save and see the
/// file change in that one key and the board's own frames follow.
#[test]
fn the_poster_editor_shows_overflow_as_the_designer_types_and_saves() {
    let site = editable_site();
    let server = start(&site);
    let mut b = tools::browser();
    b.call("Log.enable", json!({})).unwrap();
    b.record(true);
    // From the poster's web page, as a designer reviewing the site would come.
    b.open(&format!("http://127.0.0.1:{}/en/posters/edit-me/", server.port)).unwrap();
    click_and_wait(&mut b, "#chyrak-edit-poster", "typeof editor !== 'undefined' && editor.file !== null");
    assert_eq!(b.eval("editor.file").unwrap(), json!(EDIT_ME_FILE));
    b.eval("document.getElementById('editor-close').click(); true").unwrap();
    every_frame_measured(&mut b);
    b.eval(&format!("document.querySelector('button.edit[data-file=\"{EDIT_ME_FILE}\"]').click(); true")).unwrap();
    let measured = r#"editor.settled && (() => {
        const caps = [...document.querySelectorAll('#editor-pages figcaption')];
        return caps.length > 0 && caps.every(c => /\b(ok|bad)\b/.test(c.querySelector('.status').className));
      })()"#;
    wait_for(&mut b, measured, "the editor's drafts measured");
    let sizes = "JSON.stringify([...document.querySelectorAll('#editor-pages figcaption')].map(c => [c.dataset.size, c.querySelector('.status').className, c.querySelector('.status').textContent, c.querySelector('.contrast').textContent]))";
    let before: Vec<Vec<String>> = serde_json::from_str(b.eval(sizes).unwrap().as_str().unwrap()).unwrap();
    assert_eq!(before.iter().map(|s| s[0].as_str()).collect::<Vec<_>>(), ["A4", "A6"]);
    assert!(before.iter().all(|s| s[1].contains("ok")), "{before:?}");
    assert!(before[0][3].contains("text 11.55:1, accent 6.88:1"), "contrast shown: {before:?}");

    // Type as a designer does: select the headline and type over it.
    let long = "Going abroad for work? Before you pay anyone or hand over your passport, call the free hotline first";
    b.eval("const h = document.getElementById('ed-headline'); h.focus(); h.select(); true").unwrap();
    b.call("Input.insertText", json!({ "text": long })).unwrap();
    wait_for(
        &mut b,
        &format!(
            "{measured} && [...document.querySelectorAll('#editor-pages iframe')].every(f => f.contentDocument.body.textContent.includes({long:?}))"
        ),
        "the drafts with the long headline measured",
    );
    let after: Vec<Vec<String>> = serde_json::from_str(b.eval(sizes).unwrap().as_str().unwrap()).unwrap();
    assert!(after[0][1].contains("ok"), "A4 holds the long headline: {after:?}");
    assert!(after[1][1].contains("bad") && after[1][2].contains("headline overflows by"), "A6 does not: {after:?}");
    let path = site.root().join(EDIT_ME_FILE);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), EDIT_ME, "nothing is written before saving");

    b.eval("document.getElementById('editor-save').click(); true").unwrap();
    wait_for(&mut b, "document.getElementById('editor-status').textContent === 'Saved.'", "the save");
    let saved = std::fs::read_to_string(&path).unwrap();
    assert_eq!(saved, EDIT_ME.replace("\"Call first\"", &format!("{long:?}")), "exactly the headline changed");
    // The watcher sees the save like any edit: the board's own frames follow.
    wait_for(
        &mut b,
        &format!(
            "[...document.querySelectorAll('.row iframe')].filter(f => f.src.includes('/en/print/posters/edit-me-')).every(f => f.contentDocument && f.contentDocument.body.textContent.includes({long:?}))"
        ),
        "the board's frames of the poster showing the saved headline",
    );
    assert_eq!(b.eval("document.getElementById('editor').hidden").unwrap(), json!(false), "the editor stays open");
    let errors = console_errors(&b.take_recorded());
    assert!(errors.is_empty(), "console errors: {errors:#?}");
}

/// A preview reachable from the network never offers the editor, and refuses edits
/// even with a token guessed or copied from elsewhere.
#[test]
fn a_preview_on_the_network_cannot_edit_posters() {
    let site = editable_site();
    let server = start_with(&site, &["--bind", "0.0.0.0"], &[]);
    let port = server.port;
    let board = page(port, "/__chyrak/posters");
    assert!(
        board.contains("Poster board") && !board.contains("const token") && !board.contains("button class=\"edit\"")
    );
    let origin = format!("http://127.0.0.1:{port}");
    let headers = [("X-Chyrak-Token", "0123456789abcdef0123456789abcdef"), ("Origin", origin.as_str())];
    let (status, body) =
        post(port, "/__chyrak/poster-editor/save", &headers, &change(EDIT_ME_FILE, "x", r#"["A4"]"#, ""));
    assert_eq!(status, 403, "{body}");
    assert!(body.contains("loopback"), "{body}");
    assert_eq!(std::fs::read_to_string(site.root().join(EDIT_ME_FILE)).unwrap(), EDIT_ME);
}

/// GET with the headers a browser sends for a download from the board.
fn download(port: u16, path: &str) -> (u16, String, Vec<u8>) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(s, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    (head.split(' ').nth(1).unwrap().parse().unwrap(), head, raw[split + 4..].to_vec())
}

/// Export from the board, through `chyrak pdf`'s Chromium: the trimmed poster as a
/// PNG at 150 dpi for messengers, and the print shop's PDF with its bleed.
#[test]
fn the_board_exports_a_poster_as_png_and_pdf() {
    let site = editable_site();
    let server = start(&site);
    let port = server.port;
    let token = editor_token(port);
    let url = |format: &str, src: &str| format!("/__chyrak/export?format={format}&token={token}&src={src}");

    let (status, head, png) = download(port, &url("png", "%2Fen%2Fprint%2Fposters%2Fedit-me-a4.html"));
    assert_eq!(status, 200, "{head}");
    assert!(head.contains("Content-Type: image/png") && head.contains("filename=\"edit-me-en-a4.png\""), "{head}");
    let img = image::load_from_memory(&png).unwrap().to_rgb8();
    // A4's trim (210 × 297 mm) at 150 dpi, without bleed or crop marks: the corners
    // are the poster's background, #0B3C5D.
    assert_eq!((img.width(), img.height()), (1240, 1754));
    for (x, y) in [(2, 2), (1237, 2), (2, 1751), (1237, 1751)] {
        let [r, g, b] = img.get_pixel(x, y).0;
        assert!(
            (r as i32 - 0x0b).abs() < 8 && (g as i32 - 0x3c).abs() < 8 && (b as i32 - 0x5d).abs() < 8,
            "({x}, {y}) is {r},{g},{b}"
        );
    }

    let (status, head, pdf) = download(port, &url("pdf", "/en/print/posters/edit-me-a6.html"));
    assert_eq!(status, 200, "{head}");
    assert!(head.contains("filename=\"edit-me-en-a6.pdf\""), "{head}");
    assert!(pdf.starts_with(b"%PDF-"));

    assert_eq!(download(port, &url("png", "/en/about/index.html")).0, 404, "only posters' print pages");
    assert_eq!(download(port, &url("gif", "/en/print/posters/edit-me-a6.html")).0, 400);
    let (status, _, _) = download(port, "/__chyrak/export?format=png&src=/en/print/posters/edit-me-a6.html");
    assert_eq!(status, 403, "without the run's token");
}

/// Without Chromium the board says how to install it instead of offering exports, and
/// an export asked for anyway says the same.
#[test]
fn without_chromium_the_board_says_how_to_install_it() {
    let site = editable_site();
    let server = start_with(&site, &[], &[("CHYRAK_CHROME", ""), ("PATH", "")]);
    let port = server.port;
    let board = page(port, "/__chyrak/posters");
    assert!(board.contains("class=\"export-help\"") && board.contains("apt-get install chromium"), "{board}");
    let token = editor_token(port);
    let (status, _, body) =
        download(port, &format!("/__chyrak/export?format=pdf&token={token}&src=/en/print/posters/edit-me-a6.html"));
    assert_eq!(status, 503);
    assert!(String::from_utf8_lossy(&body).contains("apt-get install chromium"));
}
