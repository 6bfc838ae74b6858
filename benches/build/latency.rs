//! Edit latency of `chyrak serve`: the time from saving a file to the new version being
//! served, as an open tab sees it (the reload or stylesheet event over SSE, then the
//! request for the page or stylesheet), for a one-page edit and a CSS edit, on the
//! sample site and on generated sites. Median of 10 edits each.
//!
//! ```text
//! cargo bench --bench build -- --edit-latency [--pages 10000] [--langs 3]
//! ```

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const EDITS: usize = 10;

struct Server(Child, String);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start(site: &Path) -> Server {
    let mut child = Command::new(super::CHYRAK)
        .args(["serve", "--port", "0", "--root"])
        .arg(site)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chyrak serve");
    // Ready when it has printed both its address and that it watches the sources (in
    // either order: the watcher starts on its own thread).
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let (mut addr, mut watching) = (None, false);
    while addr.is_none() || !watching {
        let mut line = String::new();
        assert!(out.read_line(&mut line).unwrap() > 0, "chyrak serve stopped before it was ready");
        if let Some(rest) = line.strip_prefix("Serving on http://") {
            addr = rest.split('/').next().map(str::to_owned);
        }
        watching |= line.trim_end() == "Watching for changes";
    }
    Server(child, addr.expect("address"))
}

fn get(addr: &str, path: &str) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(s, "GET {path} HTTP/1.0\r\nHost: x\r\n\r\n").unwrap();
    let mut body = String::new();
    s.read_to_string(&mut body).unwrap();
    body
}

/// Waits for the next SSE event named `name`; returns its data.
fn wait_for(events: &mut BufReader<TcpStream>, name: &str) -> String {
    let (mut event, mut data) = (String::new(), String::new());
    loop {
        let mut line = String::new();
        assert!(events.read_line(&mut line).unwrap() > 0, "event stream closed");
        let line = line.trim_end();
        if line.is_empty() {
            if event == name {
                return data;
            }
            event.clear();
        } else if let Some(e) = line.strip_prefix("event: ") {
            event = e.to_owned();
        } else if let Some(d) = line.strip_prefix("data: ") {
            data = d.to_owned();
        }
    }
}

fn subscribe(addr: &str) -> BufReader<TcpStream> {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
    write!(s, "GET /__chyrak/events HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    let mut r = BufReader::new(s);
    let mut line = String::new();
    while r.read_line(&mut line).unwrap() > 0 && line != "\r\n" {
        line.clear();
    }
    // The server writes `retry:` once it has subscribed this stream to its events.
    line.clear();
    r.read_line(&mut line).unwrap();
    assert!(line.starts_with("retry:"), "{line:?}");
    r
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// (one-page edit, CSS edit) medians in milliseconds for the site at `site`, editing
/// `source` whose page is served at `url`.
fn measure(site: &Path, source: &Path, url: &str) -> (f64, f64) {
    let css = site.join("themes/default/css/main.css");
    std::fs::create_dir_all(css.parent().unwrap()).unwrap();
    let builtin = concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/css/main.css");
    let css_text = std::fs::read_to_string(builtin).unwrap();
    std::fs::write(&css, &css_text).unwrap();
    let server = start(site);
    let mut events = subscribe(&server.1);
    let original = std::fs::read_to_string(source).unwrap();
    let mut page = Vec::new();
    for i in 0..EDITS {
        let marker = format!("edit-marker-{i}-{}", std::process::id());
        let t = Instant::now();
        std::fs::write(source, format!("{original}\n\n{marker}\n")).unwrap();
        wait_for(&mut events, "reload");
        let body = get(&server.1, url);
        page.push(t.elapsed().as_secs_f64() * 1000.0);
        assert!(body.contains(&marker), "the new page was served");
        std::thread::sleep(Duration::from_millis(150));
    }
    let mut styles = Vec::new();
    for i in 0..EDITS {
        let marker = format!(".edit-marker-{i} {{ color: red }}");
        let t = Instant::now();
        std::fs::write(&css, format!("{css_text}\n{marker}\n")).unwrap();
        let path = wait_for(&mut events, "css");
        let body = get(&server.1, &path);
        styles.push(t.elapsed().as_secs_f64() * 1000.0);
        assert!(body.contains(&format!("edit-marker-{i}")), "the new stylesheet was served");
        std::thread::sleep(Duration::from_millis(150));
    }
    std::fs::write(source, original).unwrap();
    (median(page), median(styles))
}

pub fn main(pages: &[usize], langs: &[super::Lang]) {
    let temp = tempfile::Builder::new().prefix("chyrak-latency-").tempdir_in(super::temp_base(0)).unwrap();
    let mut rows = Vec::new();
    // The sample site (this repository), copied so that edits do not touch it.
    let sample = temp.path().join("sample");
    copy_tree(Path::new(env!("CARGO_MANIFEST_DIR")), &sample);
    let lesson = sample.join("content/lessons/03-safe-migration-checklist/index.ru.md");
    let (p, c) = measure(&sample, &lesson, "/ru/lessons/03-safe-migration-checklist/index.html");
    rows.push(format!("| sample site | {p:.1} ms | {c:.1} ms |"));
    for &n in pages {
        let site = temp.path().join(format!("site-{n}"));
        eprintln!("generating {n} pages × {} languages", langs.len());
        super::generate(&site, n, langs);
        let source = std::fs::read_dir(site.join("content/lessons"))
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.path().join("index.en.md"))
            .find(|p| p.is_file())
            .expect("a lesson");
        let slug = source.parent().unwrap().file_name().unwrap().to_string_lossy().into_owned();
        let (p, c) = measure(&site, &source, &format!("/en/lessons/{slug}/index.html"));
        rows.push(format!("| {n} × {} | {p:.1} ms | {c:.1} ms |", langs.len()));
    }
    println!("\nTime from saving a file to the new version served (median of {EDITS} edits):\n");
    println!("| site | one-page edit | CSS edit |");
    println!("|---|---:|---:|");
    for row in rows {
        println!("{row}");
    }
}

fn copy_tree(from: &Path, to: &Path) {
    for sub in ["site.toml", "content", "assets"] {
        let src = from.join(sub);
        if src.is_file() {
            std::fs::create_dir_all(to).unwrap();
            std::fs::copy(&src, to.join(sub)).unwrap();
            continue;
        }
        let mut stack = vec![src.clone()];
        while let Some(dir) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else { continue };
            for e in entries.flatten() {
                let p = e.path();
                let target = to.join(sub).join(p.strip_prefix(&src).unwrap());
                if p.is_dir() {
                    stack.push(p);
                } else {
                    std::fs::create_dir_all(target.parent().unwrap()).unwrap();
                    std::fs::copy(&p, &target).unwrap();
                }
            }
        }
    }
}
