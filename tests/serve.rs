//! `chyrak serve` on a free loopback port: pages with the right MIME types, folders
//! served as their index, the site's 404 page, HEAD, no way out of the site; live
//! reload after an edit, the error overlay, and incremental updates that equal a
//! full build.

mod common;
use common::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

struct Server(Child, u16, std::sync::Arc<std::sync::Mutex<String>>);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
        // When a test fails, show what the server said: it is the clue.
        if std::thread::panicking() {
            eprintln!("--- chyrak serve stderr ---\n{}", self.2.lock().unwrap());
        }
    }
}

fn start(site: &SiteTest) -> Server {
    let port = free_port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_chyrak"))
        .args(["serve", "--port", &port.to_string()])
        .current_dir(site.root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    // Keep reading stdout in the background, so the server never writes into a closed pipe.
    let mut out = BufReader::new(child.stdout.take().unwrap());
    out.read_line(&mut line).unwrap();
    std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
    let log = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let (mut err, sink) = (BufReader::new(child.stderr.take().unwrap()), log.clone());
    std::thread::spawn(move || {
        let mut line = String::new();
        while err.read_line(&mut line).is_ok_and(|n| n > 0) {
            sink.lock().unwrap().push_str(&line);
            line.clear();
        }
    });
    assert!(line.contains(&format!("http://127.0.0.1:{port}/")), "{line}");
    Server(child, port, log)
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

#[test]
fn serves_the_built_site_safely() {
    let site = SiteTest::new()
        .file("content/about.en.md", "+++\ntitle = \"About\"\n+++\nHello.\n")
        .file("content/lessons/a/index.en.md", "+++\ntitle = \"A\"\n+++\n![x](p.svg)\n")
        .file("content/lessons/a/p.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    std::fs::write(site.root().join("secret.txt"), "secret").unwrap();
    let server = start(&site);
    let port = server.1;

    let (status, head, body) = request(port, "GET", "/en/about/");
    assert_eq!(status, 200);
    assert!(head.contains("content-type: text/html; charset=utf-8"), "{head}");
    assert!(String::from_utf8_lossy(&body).contains("Hello."));

    let (status, head, _) = request(port, "GET", "/media/lessons/a/p.svg");
    assert_eq!(status, 200);
    assert!(head.contains("content-type: image/svg+xml"), "{head}");

    let page = String::from_utf8(request(port, "GET", "/en/about/index.html").2).unwrap();
    let css_path = attr_values(&page, "href").into_iter().find(|h| h.ends_with(".css")).unwrap().replace("../../", "/");
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

/// Reads SSE events from the server until one named `name` arrives; returns its data.
struct Events(BufReader<TcpStream>);

impl Events {
    fn connect(port: u16) -> Events {
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        write!(s, "GET /__chyrak/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n").unwrap();
        s.set_read_timeout(Some(std::time::Duration::from_secs(20))).unwrap();
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
        Events(r)
    }

    fn next(&mut self, name: &str) -> String {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        let mut event = String::new();
        let mut data = Vec::new();
        loop {
            let mut line = String::new();
            let n = self.0.read_line(&mut line).expect("event before timeout");
            assert!(n > 0, "stream closed");
            let line = line.trim_end_matches('\n');
            assert!(std::time::Instant::now() < deadline, "no `{name}` event within 20 s");
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
    let site = SiteTest::new().file("content/about.en.md", "+++\ntitle = \"About\"\n+++\nFirst version.\n");
    let server = start(&site);
    let port = server.1;
    let page = String::from_utf8(request(port, "GET", "/en/about/").2).unwrap();
    assert!(page.contains("First version."));
    assert!(page.contains("<script src=\"/__chyrak/live.js\"></script>"), "serve adds the reload script");
    let (status, head, _) = request(port, "GET", "/__chyrak/live.js");
    assert_eq!(status, 200);
    assert!(head.contains("text/javascript"));

    let mut events = Events::connect(port);
    std::thread::sleep(std::time::Duration::from_millis(300));
    site.write("content/about.en.md", "+++\ntitle = \"About\"\n+++\nSecond version.\n".as_bytes());
    events.next("reload");
    assert!(String::from_utf8(request(port, "GET", "/en/about/").2).unwrap().contains("Second version."));

    // A broken link: the error reaches the tab, the last good page stays served.
    site.write("content/about.en.md", "+++\ntitle = \"About\"\n+++\nThird [x](@/nowhere)\n".as_bytes());
    let error = events.next("build-error");
    assert!(error.contains("content/about.en.md:4:"), "{error}");
    assert!(error.contains("broken internal link"), "{error}");
    assert!(String::from_utf8(request(port, "GET", "/en/about/").2).unwrap().contains("Second version."));

    // A front-matter error too.
    site.write("content/about.en.md", "+++\ntitel = \"About\"\n+++\n".as_bytes());
    let error = events.next("build-error");
    assert!(error.contains("did you mean `title`?"), "{error}");

    site.write("content/about.en.md", "+++\ntitle = \"About\"\n+++\nFixed.\n".as_bytes());
    events.next("reload");
    assert!(String::from_utf8(request(port, "GET", "/en/about/").2).unwrap().contains("Fixed."));

    // A new page appears without a restart.
    site.write("content/news.en.md", "+++\ntitle = \"News\"\n+++\nFresh.\n".as_bytes());
    events.next("reload");
    assert!(String::from_utf8(request(port, "GET", "/en/news/index.html").2).unwrap().contains("Fresh."));
}

#[test]
fn a_css_edit_swaps_the_stylesheet() {
    let site = SiteTest::new().file("themes/default/css/main.css", "body { color: black }\n");
    let server = start(&site);
    let mut events = Events::connect(server.1);
    std::thread::sleep(std::time::Duration::from_millis(300));
    site.write("themes/default/css/main.css", b"body { color: navy }\n");
    let path = events.next("css");
    assert!(path.starts_with("/assets/chyrak.") && path.ends_with(".css"), "{path}");
    let (status, _, css) = request(server.1, "GET", &path);
    assert_eq!(status, 200);
    // The stylesheet is minified by lightningcss (src/assets/css.rs).
    assert!(String::from_utf8_lossy(&css).contains("color:navy"), "{}", String::from_utf8_lossy(&css));
}

#[test]
fn build_output_never_has_the_reload_script() {
    let site = SiteTest::sample();
    site.build().ok();
    for e in walkdir::WalkDir::new(site.out()) {
        let e = e.unwrap();
        if e.file_type().is_file() {
            let text = String::from_utf8_lossy(&std::fs::read(e.path()).unwrap()).into_owned();
            assert!(!text.contains("__chyrak"), "{}", e.path().display());
        }
    }
}

/// Every file of a built output folder, by output path.
fn read_tree(dir: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (e.path().strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/"), std::fs::read(e.path()).unwrap())
        })
        .collect()
}

#[test]
fn incremental_updates_equal_a_full_build() {
    let site = SiteTest::sample();
    // Lists of three items per page: the later pages of a list are served too.
    let toml = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write("site.toml", format!("{toml}\n[sections]\nper_page = 3\n").as_bytes());
    let (preview, _) = chyrak::commands::serve::Preview::new(site.root(), false).unwrap();
    let lesson = site.root().join("content/lessons/02-deceptive-job-offers/index.ru.md");
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
            site.root().join("content/lessons/08-supporting-survivors/index.ky.md"),
            "+++\ntitle = \"Колдоо\"\ntype = \"lesson\"\n+++\nТекст.\n".to_owned(),
        ),
    ];
    for (path, text) in edits {
        std::fs::write(&path, text).unwrap();
        let event = preview.apply(std::slice::from_ref(&path));
        assert_eq!(event, chyrak::commands::serve::live::Event::Reload, "{}", path.display());
        site.build().ok();
        let full = read_tree(&site.out());
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
        assert!(full.contains_key("ru/lessons/page/3/index.html"), "{:?}", full.keys().collect::<Vec<_>>());
    }
}

#[test]
fn poster_board_shows_every_poster_language_and_size() {
    let site = SiteTest::sample();
    let server = start(&site);
    let (status, _, body) = request(server.1, "GET", "/__chyrak/posters");
    assert_eq!(status, 200);
    let html = String::from_utf8(body).unwrap();
    // call-before-you-go: en, ru, ky × A3, A4, A6.
    for lang in ["en", "ru", "ky"] {
        for size in ["a3", "a4", "a6"] {
            let src = format!("/{lang}/print/posters/call-before-you-go-{size}.html");
            assert!(html.contains(&format!("src=\"{src}\"")), "board lacks {src}");
            assert_eq!(request(server.1, "GET", &src).0, 200, "{src}");
        }
    }
    // True proportions: an A3 frame is √2 times as wide as an A4 one (with 3 mm bleed).
    assert!(html.contains("width:272.7px;height:383.4px"), "A3 at 0.9 px/mm");
    assert!(html.contains("width:194.4px;height:272.7px"), "A4 at 0.9 px/mm");
}
