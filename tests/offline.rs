//! Browser tests in headless Chromium (driven over CDP with the client `chyrak pdf`
//! uses): the built site from `file://`, offline reading through the service worker,
//! updates that download only what changed, no request to another origin, and quick
//! exit. Everything runs on 127.0.0.1; nothing reaches the network.
//!
//! Without Chromium the tests are skipped with a message, unless `CI=true`.

mod common;
use chyrak::commands::pdf::cdp::{Browser, find_chrome};
use common::*;
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn browser() -> Option<Browser> {
    match find_chrome() {
        Ok(exe) => Some(Browser::launch(&exe).expect("start Chromium")),
        Err(e) if std::env::var("CI").as_deref() == Ok("true") => panic!("browser tests need Chromium on CI: {e}"),
        Err(e) => {
            eprintln!("SKIPPED: browser test needs Chromium ({e})");
            None
        }
    }
}

/// Evaluates `js` until it returns something truthy (navigation may be under way).
fn wait_for(b: &mut Browser, js: &str, what: &str) -> Value {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Ok(v) = b.eval(js) {
            if !(v.is_null() || v == json!(false) || v == json!("") || v == json!(0)) {
                return v;
            }
        }
        if Instant::now() >= deadline {
            let state = b.eval("location.href + ' | ' + (document.body ? document.body.className + ' | ' + document.body.innerText.slice(0, 300) : 'no body')");
            panic!("timed out waiting for {what} ({js}); page: {state:?}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Clicks the element `selector` and waits for the next page to have loaded.
fn click_and_wait(b: &mut Browser, selector: &str, then: &str) {
    let before = b.eval("location.href").unwrap();
    b.eval(&format!("document.querySelector({}).click(); true", json!(selector))).unwrap();
    let check = format!("location.href !== {before} && document.readyState === 'complete' && ({then})");
    wait_for(b, &check, &format!("the page after clicking {selector}"));
}

/// Problems the page reported: exceptions, console errors, failed loads.
fn console_errors(events: &[Value]) -> Vec<String> {
    events
        .iter()
        .filter_map(|e| match e["method"].as_str()? {
            "Runtime.exceptionThrown" => Some(e["params"]["exceptionDetails"].to_string()),
            "Runtime.consoleAPICalled" if e["params"]["type"] == "error" => Some(e["params"]["args"].to_string()),
            "Log.entryAdded" if e["params"]["entry"]["level"] == "error" => Some(e["params"]["entry"].to_string()),
            _ => None,
        })
        .collect()
}

fn file_url(path: &Path) -> String {
    format!("file://{}", path.display())
}

#[test]
fn file_url_browse_choose_kyrgyz_open_a_lesson_search_and_follow_a_result() {
    let site = SiteTest::sample();
    site.build().ok();
    let Some(mut b) = browser() else { return };
    b.call("Log.enable", json!({})).unwrap();
    b.record(true);
    b.open(&file_url(&site.out().join("index.html"))).unwrap();
    click_and_wait(&mut b, "a[hreflang=ky]", "document.documentElement.lang === 'ky'");
    assert!(b.eval("location.href").unwrap().as_str().unwrap().ends_with("/ky/index.html"));
    click_and_wait(&mut b, ".site-nav a", "!!document.querySelector('.item-list a')");
    click_and_wait(&mut b, ".item-list a", "document.body.classList.contains('kind-lesson')");

    // Search from the header box: the query goes to the search page, whose script
    // loads the index shards with <script> elements (no fetch on file://).
    b.eval("document.getElementById('site-search-q').value = 'келишим'; true").unwrap();
    click_and_wait(&mut b, ".site-search button", "!!document.querySelector('.search-result a')");
    let status = b.eval("document.querySelector('[data-search-status]').textContent").unwrap();
    assert!(status.as_str().unwrap().contains("барак табылды"), "{status}");
    let first = b.eval("document.querySelector('.search-result a').textContent").unwrap();
    assert!(
        first.as_str().unwrap().to_lowercase().contains("келишим"),
        "best result has the word in its title: {first}"
    );
    let marked = b.eval("document.querySelector('.search-result mark').textContent").unwrap();
    assert!(marked.as_str().unwrap().to_lowercase().starts_with("келишим"), "{marked}");
    click_and_wait(&mut b, ".search-result a", "document.body.classList.contains('kind-lesson')");
    // The service worker is not registered on file://, and nothing failed.
    let errors = console_errors(&b.take_recorded());
    assert!(errors.is_empty(), "console errors: {errors:#?}");
}

/// A tiny static server for the output folder that logs every request's path and
/// can be switched off (it then drops connections, like a lost network).
struct Server {
    port: u16,
    log: Arc<Mutex<Vec<String>>>,
    down: Arc<AtomicBool>,
    /// Milliseconds to wait before answering (a slow network).
    delay_ms: Arc<AtomicU64>,
}

fn serve(dir: PathBuf, port: u16) -> Server {
    let listener = TcpListener::bind(("127.0.0.1", port)).unwrap();
    let log = Arc::new(Mutex::new(Vec::new()));
    let down = Arc::new(AtomicBool::new(false));
    let delay_ms = Arc::new(AtomicU64::new(0));
    let (log2, down2, delay2) = (log.clone(), down.clone(), delay_ms.clone());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            let (log2, down2, delay2, dir) = (log2.clone(), down2.clone(), delay2.clone(), dir.clone());
            // One thread per connection: the browser opens connections ahead of
            // its requests, and an idle one must not hold up the others.
            std::thread::spawn(move || answer(stream, &dir, &log2, &down2, &delay2));
        }
    });
    Server { port, log, down, delay_ms }
}

fn answer(
    mut stream: std::net::TcpStream,
    dir: &Path,
    log2: &Mutex<Vec<String>>,
    down2: &AtomicBool,
    delay: &AtomicU64,
) {
    {
        {
            if down2.load(Ordering::SeqCst) {
                return; // dropped: the browser sees a failed connection
            }
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            if reader.read_line(&mut line).is_err() {
                return;
            }
            loop {
                let mut h = String::new();
                if reader.read_line(&mut h).map_or(true, |n| n == 0) || h == "\r\n" {
                    break;
                }
            }
            // Checked again: the browser opens connections ahead of its requests.
            if down2.load(Ordering::SeqCst) {
                return;
            }
            let path = line.split(' ').nth(1).unwrap_or("/").split(['?', '#']).next().unwrap_or("/").to_owned();
            log2.lock().unwrap().push(path.clone());
            std::thread::sleep(Duration::from_millis(delay.load(Ordering::SeqCst)));
            let mut rel = percent_decode(path.trim_start_matches('/'));
            if rel.is_empty() || rel.ends_with('/') {
                rel.push_str("index.html");
            }
            let file = dir.join(&rel);
            let (status, body) = match std::fs::read(&file) {
                Ok(b) if !rel.contains("..") => ("200 OK", b),
                _ => ("404 Not Found", b"not found".to_vec()),
            };
            let mime = match rel.rsplit('.').next() {
                Some("html") => "text/html; charset=utf-8",
                Some("js") => "text/javascript; charset=utf-8",
                Some("css") => "text/css; charset=utf-8",
                Some("png") => "image/png",
                Some("webmanifest") => "application/manifest+json",
                Some("json") => "application/json",
                _ => "application/octet-stream",
            };
            let head = format!(
                "HTTP/1.1 {status}\r\nContent-Type: {mime}\r\nContent-Length: {}\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
    }
}

impl Server {
    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}/{path}", self.port)
    }
    fn take_log(&self) -> Vec<String> {
        std::mem::take(&mut *self.log.lock().unwrap())
    }
}

/// Waits until the service worker controls the page and its cache stops growing.
fn wait_for_precache(b: &mut Browser) -> u64 {
    wait_for(b, "!!navigator.serviceWorker.controller", "the service worker to control the page");
    let count = "caches.open('chyrak').then(c => c.keys()).then(k => k.length)";
    let mut last = 0;
    let mut same = 0;
    let deadline = Instant::now() + Duration::from_secs(30);
    while same < 4 {
        std::thread::sleep(Duration::from_millis(250));
        let n = b.eval(count).unwrap().as_u64().unwrap_or(0);
        if n == last && n > 0 {
            same += 1;
        } else {
            same = 0;
            last = n;
        }
        assert!(Instant::now() < deadline, "precache did not settle");
    }
    last
}

/// Entries the service worker keeps after a visit to the Russian home page, with
/// `precache` set to `mode`: (entries, whether an English and a Kyrgyz page are among them).
fn precached_with(mode: &str) -> Option<(u64, bool, bool)> {
    let site = SiteTest::sample();
    let toml = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    let toml = toml.replacen("precache = \"language\"", &format!("precache = \"{mode}\""), 1);
    assert!(toml.contains(&format!("precache = \"{mode}\"")));
    site.write("site.toml", toml.as_bytes());
    site.build().ok();
    let mut b = browser()?;
    let server = serve(site.out(), free_port());
    eprintln!("precache = {mode}");
    b.open(&server.url("ru/index.html")).unwrap();
    let n = wait_for_precache(&mut b);
    if mode == "language" {
        // Installable as a web app: Chromium's own checks (manifest, icons, worker).
        let found = b.call("Page.getInstallabilityErrors", json!({})).unwrap();
        let errors = found["installabilityErrors"].as_array().expect("Chromium lists installability errors").clone();
        assert!(errors.is_empty(), "not installable: {errors:?}");
        let manifest = b.call("Page.getAppManifest", json!({})).unwrap();
        assert!(manifest["url"].as_str().is_some_and(|u| u.ends_with("ru/manifest.webmanifest")), "{manifest}");
        assert!(manifest["errors"].as_array().is_none_or(|e| e.is_empty()), "manifest errors: {manifest}");
    }
    let mut has = |lang: &str| {
        let js = format!(
            "caches.open('chyrak').then(c => c.keys()).then(k => k.some(r => r.url.includes('/{lang}/lessons/')))"
        );
        b.eval(&js).unwrap().as_bool().unwrap_or(false)
    };
    let en = has("en");
    let ky = has("ky");
    if mode == "language" && !en {
        // A language the reader opens later is kept too: its page asks the worker,
        // which fetches that language's list and its pages.
        b.open(&server.url("en/index.html")).unwrap();
        let js = "caches.open('chyrak').then(c => c.keys()).then(k => k.some(r => r.url.includes('/en/lessons/')))";
        wait_for(&mut b, js, "English pages kept once English is opened");
        let more = wait_for_precache(&mut b);
        assert!(more > n, "{n} → {more} entries");
    }
    Some((n, en, ky))
}

#[test]
fn precache_modes_keep_one_language_all_or_only_the_offline_pages() {
    let Some((language, en1, ky1)) = precached_with("language") else { return };
    assert!(!en1 && !ky1, "`language` keeps only the reader's language");
    let (all, en2, ky2) = precached_with("all").unwrap();
    assert!(en2 && ky2, "`all` keeps every language");
    assert!(all > language, "all ({all}) > language ({language})");
    // `none`: no worker is written or registered, so nothing is kept.
    let site = SiteTest::sample();
    let toml = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write("site.toml", toml.replacen("precache = \"language\"", "precache = \"none\"", 1).as_bytes());
    site.build().ok();
    assert!(!site.out().join("sw.js").exists());
    let mut b = browser().unwrap();
    let server = serve(site.out(), free_port());
    b.open(&server.url("ru/index.html")).unwrap();
    wait_for(&mut b, "document.readyState === 'complete'", "the page to load");
    std::thread::sleep(Duration::from_millis(1500));
    let registrations = b.eval("navigator.serviceWorker.getRegistrations().then(r => r.length)").unwrap();
    assert_eq!(registrations.as_u64(), Some(0), "no service worker with precache = none");
}

#[test]
fn service_worker_offline_update_same_origin_and_quick_exit() {
    let port = free_port();
    let exit_port = free_port();
    let exit_url = format!("http://127.0.0.1:{exit_port}/weather");
    let site = SiteTest::sample();
    let toml = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    let toml = toml.replace("https://www.google.com/search?q=weather", &exit_url);
    site.write("site.toml", toml.as_bytes());
    site.build().ok();
    let Some(mut b) = browser() else { return };
    let server = serve(site.out(), port);
    let neutral = serve(site.out(), exit_port);

    // (d) every request of a visit goes to the site's own origin.
    b.call("Network.enable", json!({})).unwrap();
    b.record(true);
    b.open(&server.url("ru/index.html")).unwrap();
    let cached = wait_for_precache(&mut b);
    assert!(cached > 30, "the Russian pages and the assets are precached ({cached} entries)");

    let lesson = "ru/lessons/04-labour-rights-and-contracts/index.html";
    b.open(&server.url(lesson)).unwrap();
    b.open(&server.url("ru/search/index.html?q=договор")).unwrap();
    wait_for(&mut b, "!!document.querySelector('.search-result a')", "search results");
    let origin = format!("http://127.0.0.1:{port}/");
    let requests: Vec<String> = b
        .take_recorded()
        .iter()
        .filter(|e| e["method"] == "Network.requestWillBeSent")
        .filter_map(|e| e["params"]["request"]["url"].as_str().map(str::to_owned))
        .collect();
    assert!(!requests.is_empty());
    let foreign: Vec<_> = requests.iter().filter(|u| !u.starts_with(&origin) && !u.starts_with("data:")).collect();
    assert!(foreign.is_empty(), "requests to another origin: {foreign:?}");

    // (b) offline: a precached lesson renders; a page never visited shows the offline page.
    // The worker is stopped first, as browsers do with idle workers: the one that
    // starts again finds the language's list in its cache, not on the network.
    b.call("ServiceWorker.enable", json!({})).unwrap();
    b.call("ServiceWorker.stopAllWorkers", json!({})).unwrap();
    server.down.store(true, Ordering::SeqCst);
    b.call(
        "Network.emulateNetworkConditions",
        json!({"offline": true, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}),
    )
    .unwrap();
    b.open(&server.url("ru/lessons/01-what-is-trafficking/index.html")).unwrap();
    assert_eq!(b.eval("document.body.classList.contains('kind-lesson')").unwrap(), json!(true));
    // A page with a Cyrillic address (a topic's) too: the worker's lists and the
    // browser's requests must agree on its percent-encoding.
    b.open(&server.url("ru/topics/трудовые-права/index.html")).unwrap();
    assert_eq!(b.eval("document.body.classList.contains('kind-topic')").unwrap(), json!(true));
    server.take_log();
    b.open(&server.url("en/about/index.html")).unwrap();
    assert!(server.take_log().is_empty(), "the server was down");
    wait_for(&mut b, "document.body && document.body.classList.contains('kind-offline')", "the offline page");
    assert!(b.eval("location.href").unwrap().as_str().unwrap().contains("/en/offline.html"));

    // (c) one page changes: after a rebuild the new worker downloads only that page
    // (and the search index files its words are in, and the Russian list, whose hash
    // changed in `sw.js`).
    let source = site.root().join("content/lessons/04-labour-rights-and-contracts/index.ru.md");
    let text = std::fs::read_to_string(&source).unwrap();
    std::fs::write(&source, format!("{text}\nДобавлено при проверке обновлений.\n")).unwrap();
    site.build().ok();
    b.call(
        "Network.emulateNetworkConditions",
        json!({"offline": false, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}),
    )
    .unwrap();
    server.take_log();
    server.down.store(false, Ordering::SeqCst);
    b.open(&server.url("ru/index.html")).unwrap();
    let old =
        b.eval("navigator.serviceWorker.getRegistration().then(r => r.active.scriptURL + r.active.state)").unwrap();
    // Browsers check for a new worker after navigations, on their own schedule;
    // ask now, as they would.
    b.eval("navigator.serviceWorker.getRegistration().then(r => r.update()).then(() => true)").unwrap();
    wait_for(
        &mut b,
        "navigator.serviceWorker.getRegistration().then(r => !!r && !!r.active && !r.installing && !r.waiting)",
        "the new service worker",
    );
    let _ = old;
    std::thread::sleep(Duration::from_millis(1500));
    let log = server.take_log();
    assert!(log.iter().any(|p| p == "/sw.js"), "the browser checked for a new worker: {log:?}");
    assert!(log.iter().any(|p| p == &format!("/{lesson}")), "the changed page was downloaded: {log:?}");
    assert!(log.iter().any(|p| p == "/ru/precache.json"), "the new Russian list was downloaded: {log:?}");
    let changed = ["/sw.js".to_owned(), format!("/{lesson}"), "/ru/precache.json".to_owned()];
    let others: Vec<_> = log.iter().filter(|p| !changed.contains(p) && !p.starts_with("/ru/search/")).collect();
    assert!(others.is_empty(), "only the changed entries are downloaded again, not {others:?}");
    // The new worker deleted the stale copies when it activated.
    let kept = b
        .eval(&format!(
            "caches.open('chyrak').then(c => c.keys()).then(k => k.map(r => r.url.slice({}))\
             .filter(u => u.startsWith({}) || u.startsWith('ru/precache.json')))",
            origin.len(),
            json!(lesson)
        ))
        .unwrap();
    let kept: Vec<&str> = kept.as_array().unwrap().iter().filter_map(Value::as_str).collect();
    assert_eq!(kept.len(), 2, "one copy of the lesson and of the Russian list: {kept:?}");
    assert!(kept.iter().any(|u| u.starts_with("ru/precache.json?v=")), "{kept:?}");

    // (e) Shift three times leaves the site for the neutral one.
    b.open(&server.url(lesson)).unwrap();
    for _ in 0..3 {
        for kind in ["keyDown", "keyUp"] {
            b.call(
                "Input.dispatchKeyEvent",
                json!({"type": kind, "key": "Shift", "code": "ShiftLeft", "windowsVirtualKeyCode": 16}),
            )
            .unwrap();
        }
    }
    // The neutral site here answers 404 (Chromium then shows its error page), but
    // the request reached it and the page left the site.
    wait_for(&mut b, &format!("!location.href.startsWith({})", json!(origin)), "quick exit");
    assert!(neutral.log.lock().unwrap().iter().any(|p| p == "/weather"), "went to {exit_url}");
}

/// Search speed and download size on a big corpus: build the benchmark corpus, then
/// `CHYRAK_SEARCH_BENCH=/path/to/public cargo test --test offline -- --ignored --nocapture`.
#[test]
#[ignore]
fn search_latency_and_bytes_on_a_big_corpus() {
    let Ok(out) = std::env::var("CHYRAK_SEARCH_BENCH") else { return };
    let Some(mut b) = browser() else { return };
    let out = PathBuf::from(out);
    for (lang, words) in
        [("ky", ["келишим", "жумуш", "паспорт виза", "ко"]), ("ru", ["договор", "паспорт", "работа виза", "до"])]
    {
        b.open(&file_url(&out.join(lang).join("search/index.html"))).unwrap();
        for word in words {
            let ms = b
                .eval(&format!(
                    r#"new Promise(function (done) {{
                        var input = document.querySelector('[data-search-input]');
                        var status = document.querySelector('[data-search-status]');
                        var list = document.querySelector('[data-search-results]');
                        input.value = ''; input.dispatchEvent(new Event('input'));
                        var t0 = performance.now();
                        input.value = {w}; input.dispatchEvent(new Event('input'));
                        (function poll() {{
                            if (/\d/.test(status.textContent) && list.children.length) done(performance.now() - t0);
                            else setTimeout(poll, 1);
                        }})();
                    }})"#,
                    w = json!(word)
                ))
                .unwrap();
            let scripts = b
                .eval("Array.from(document.head.querySelectorAll('script[src]')).map(s => s.getAttribute('src'))")
                .unwrap();
            let bytes: u64 = scripts
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|s| std::fs::metadata(out.join(lang).join("search").join(s.as_str()?)).ok())
                .map(|m| m.len())
                .sum();
            eprintln!(
                "{lang} {word:>14}: first results in {:>5.1} ms; index files loaded so far: {bytes} bytes",
                ms.as_f64().unwrap()
            );
            b.open(&file_url(&out.join(lang).join("search/index.html"))).unwrap();
        }
    }
}

/// What the tab shows: its URL, and whether `text` is on the screen.
fn shown(b: &mut Browser, text: &str) -> (String, bool) {
    let js = format!("[location.href, !!document.body && document.body.innerText.includes({})]", json!(text));
    let v = b.eval(&js).unwrap_or(json!(["", false]));
    (v[0].as_str().unwrap_or("").to_owned(), v[1].as_bool().unwrap_or(false))
}

/// How the page at `url` came back, from the recorded events: "BackForwardCacheRestore"
/// (the frozen page itself) or "Navigation" (loaded again), with Chromium's reasons
/// for not using its back/forward cache.
fn how_shown(events: &[Value], url: &str) -> String {
    let kind = events
        .iter()
        .filter(|e| e["method"] == "Page.frameNavigated" && e["params"]["frame"]["url"] == url)
        .filter_map(|e| e["params"]["type"].as_str())
        .next_back()
        .unwrap_or("not shown");
    let reasons: Vec<_> = events
        .iter()
        .filter(|e| e["method"] == "Page.backForwardCacheNotUsed")
        .flat_map(|e| e["params"]["notRestoredExplanations"].as_array().cloned().unwrap_or_default())
        .filter_map(|r| r["reason"].as_str().map(str::to_owned))
        .collect();
    if reasons.is_empty() { kind.to_owned() } else { format!("{kind}; back/forward cache not used: {reasons:?}") }
}

/// The URLs of the tab's history.
fn history(b: &mut Browser) -> Vec<String> {
    let h = b.call("Page.getNavigationHistory", json!({})).unwrap();
    h["entries"].as_array().unwrap().iter().map(|e| e["url"].as_str().unwrap_or("").to_owned()).collect()
}

/// Presses Back (`-1`) or Forward (`1`) as the browser's buttons do; returns the
/// history's URLs before.
fn go(b: &mut Browser, step: i64) -> Vec<String> {
    let h = b.call("Page.getNavigationHistory", json!({})).unwrap();
    let at = h["currentIndex"].as_i64().unwrap() + step;
    let id = h["entries"][usize::try_from(at).unwrap()]["id"].clone();
    let urls = history(b);
    b.call("Page.navigateToHistoryEntry", json!({ "entryId": id })).unwrap();
    urls
}

/// Quick exit and the Back button. Quick exit replaces the lesson's history entry with
/// the exit page, so Back after the exit page has loaded leads to the page before
/// the lesson, never to the lesson. When Back is pressed while the exit page is
/// still loading (a slow network), the emptied lesson stays in the history and in
/// the back/forward cache; Forward then restores it, and the `pageshow` handler of
/// `safety.js` sends it on to the exit page rather than leave the site's address on
/// screen.
#[test]
fn quick_exit_then_back_and_forward_never_show_the_lesson_again() {
    let port = free_port();
    let exit_port = free_port();
    let exit_dir = tempfile::tempdir().unwrap();
    std::fs::write(exit_dir.path().join("weather.html"), "<!doctype html><title>Weather</title><p>Sunny, 24 °C")
        .unwrap();
    let exit_url = format!("http://127.0.0.1:{exit_port}/weather.html");
    let site = SiteTest::sample();
    let toml = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    let toml = toml.replace("https://www.google.com/search?q=weather", &exit_url);
    assert!(toml.contains(&exit_url));
    site.write("site.toml", toml.as_bytes());
    site.build().ok();
    let Some(mut b) = browser() else { return };
    let server = serve(site.out(), port);
    let neutral = serve(exit_dir.path().to_path_buf(), exit_port);
    let lesson = server.url("ru/lessons/04-labour-rights-and-contracts/index.html");
    // One of the lesson's objectives: on the lesson only, not on pages linking to it.
    let text = "Перечислить основные пункты";
    let not_lesson = format!("location.href !== {} && document.readyState === 'complete'", json!(lesson));

    // The worker settles first: Chromium drops from its back/forward cache the pages
    // a new worker takes control of (`clients.claim`), as on a first visit.
    b.open(&server.url("ru/index.html")).unwrap();
    wait_for_precache(&mut b);

    // 1. Quick exit, the exit page loads, then Back.
    b.open(&lesson).unwrap();
    assert!(shown(&mut b, text).1, "the lesson shows its objectives");
    b.eval("document.querySelector('[data-quick-exit]').click(); true").unwrap();
    wait_for(&mut b, &format!("location.href === {} && document.readyState === 'complete'", json!(exit_url)), "exit");
    b.record(true);
    let before = go(&mut b, -1);
    assert!(!before.contains(&lesson), "quick exit replaced the lesson's history entry: {before:?}");
    wait_for(&mut b, &format!("!location.href.startsWith({}) && {not_lesson}", json!(exit_url)), "Back");
    let (url, visible) = shown(&mut b, text);
    eprintln!("Back after the exit page: {url} ({}), the page before the lesson", how_shown(&b.take_recorded(), &url));
    assert!(url != lesson && !visible, "Back after quick exit showed the lesson: {url}");

    // 2. Quick exit on a slow network: Back before the exit page arrives, then Forward.
    b.open(&lesson).unwrap();
    assert!(shown(&mut b, text).1, "the lesson shows its objectives");
    neutral.delay_ms.store(5000, Ordering::SeqCst);
    neutral.take_log();
    // While the exit page loads, Chromium holds DevTools' calls into the page: only
    // the browser's own (history, navigation) are used until Back has been pressed.
    b.eval("document.querySelector('[data-quick-exit]').click(); true").unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while !neutral.take_log().iter().any(|p| p == "/weather.html") {
        assert!(Instant::now() < deadline, "the exit page was never asked for");
        std::thread::sleep(Duration::from_millis(50));
    }
    let before = go(&mut b, -1);
    assert_eq!(before.last(), Some(&lesson), "Back was pressed before the exit page arrived: {before:?}");
    wait_for(&mut b, &not_lesson, "Back");
    neutral.delay_ms.store(0, Ordering::SeqCst);
    b.take_recorded();
    go(&mut b, 1);
    // From Forward until the exit page is shown, the lesson's text is never on the
    // screen, and the tab does not stay at the lesson's address.
    let deadline = Instant::now() + Duration::from_secs(15);
    let mut events = Vec::new();
    loop {
        let (url, visible) = shown(&mut b, text);
        events.extend(b.take_recorded());
        assert!(!visible, "Forward after quick exit showed the lesson at {url} ({})", how_shown(&events, &lesson));
        if url == exit_url {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the page Forward brought back ({}) stayed at {url} instead of going on to the exit page",
            how_shown(&events, &lesson)
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    eprintln!("Forward to the exited lesson: {}, then the exit page", how_shown(&events, &lesson));
    let urls = history(&mut b);
    assert!(!urls.contains(&lesson), "the exited lesson's entry was replaced again: {urls:?}");
}
