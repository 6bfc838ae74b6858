//! Offline reading, search and quick exit. Browser tests in headless Chromium (driven
//! over CDP with the client `chyrak pdf` uses) on the `site/handbook` fixture: the
//! built site from `file://`, offline reading through the service worker, updates that
//! download only what changed, no request to another origin, and quick exit.
//! Everything runs on 127.0.0.1; nothing reaches the network. Snapshots keep the search
//! index and the service worker's lists of a small fixture.

use crate::support::browser::{click_and_wait, console_errors, file_url, wait_for};
use crate::support::http::StaticServer;
use crate::support::links;
use crate::support::snap::redact;
use crate::support::tools;
use crate::support::*;
use chyrak::commands::pdf::cdp::Browser;
use serde_json::{Value, json};
use std::path::Path;
use std::time::{Duration, Instant};

/// How long a test waits for requests it expects to reach its server.
const REQUESTS: Duration = Duration::from_secs(10);

/// The `SITE` configuration that `sw.js` starts with.
fn sw_config(out: &Path) -> Value {
    let sw = std::fs::read_to_string(out.join("sw.js")).unwrap();
    let start = sw.find("var SITE = ").expect("`var SITE = ` in sw.js") + "var SITE = ".len();
    let end = sw[start..].find(";\n").unwrap() + start;
    serde_json::from_str(&sw[start..end]).unwrap()
}

/// A list's entries as (path from the site's root, content hash, size), in its order,
/// and how many of them are its shell (the lists' keys are relative to the list's
/// folder, with `index.html` left out).
fn list_entries(out: &Path, lang: &str) -> (Vec<(String, String, u64)>, usize) {
    let list = if lang.is_empty() { "precache.json".to_owned() } else { format!("{lang}/precache.json") };
    let data: Value = serde_json::from_str(&std::fs::read_to_string(out.join(&list)).unwrap()).unwrap();
    let rows: Vec<(String, String, u64)> = serde_json::from_value(data["entries"].clone()).unwrap();
    let entries = rows
        .into_iter()
        .map(|(key, hash, size)| {
            let mut path = match key.strip_prefix("../") {
                Some(up) => up.to_owned(),
                None if lang.is_empty() => key.clone(),
                None => format!("{lang}/{key}"),
            };
            if path.is_empty() || path.ends_with('/') {
                path.push_str("index.html");
            }
            (path, hash, size)
        })
        .collect();
    (entries, data["shell"].as_u64().unwrap() as usize)
}

/// Every file the service worker keeps for `langs` when it keeps them whole, as (path
/// from the site's root, content hash): the shared files named in `sw.js`, the root
/// list and each language's list with their entries.
fn kept_entries(out: &Path, langs: &[&str]) -> Vec<(String, String)> {
    let site = sw_config(out);
    let mut entries: Vec<(String, String)> =
        site["shared"].as_object().unwrap().iter().map(|(p, h)| (p.clone(), h.as_str().unwrap().to_owned())).collect();
    for lang in std::iter::once("").chain(langs.iter().copied()) {
        let list = if lang.is_empty() { "precache.json".to_owned() } else { format!("{lang}/precache.json") };
        entries.push((list.clone(), site["lists"][lang].as_str().unwrap().to_owned()));
        entries.extend(list_entries(out, lang).0.into_iter().map(|(p, h, _)| (p, h)));
    }
    entries
}

/// Waits until the service worker controls the page and has kept every file of
/// `langs` (at their current hashes) in its cache; returns the cache's size.
fn wait_until_kept(b: &mut Browser, out: &Path, langs: &[&str]) -> u64 {
    wait_for(b, "!!navigator.serviceWorker.controller", "the service worker to control the page");
    let entries = json!(kept_entries(out, langs));
    let js = format!(
        "caches.open('chyrak').then(c => c.keys()).then(keys => {{
            const have = new Set(keys.map(k => k.url));
            const root = new URL('/', location.href).href;
            return {entries}.every(([p, h]) => have.has(new URL(p, root).href + '?v=' + h)) ? keys.length : 0;
        }})"
    );
    wait_for(b, &js, &format!("every file of {langs:?} to be kept")).as_u64().unwrap()
}

/// Whether the worker's cache holds a lesson page of `lang`.
fn keeps_lessons_of(b: &mut Browser, lang: &str) -> bool {
    let js =
        format!("caches.open('chyrak').then(c => c.keys()).then(k => k.some(r => r.url.includes('/{lang}/lessons/')))");
    b.eval(&js).unwrap().as_bool().unwrap_or(false)
}

#[test]
fn file_url_browse_choose_kyrgyz_open_a_lesson_search_and_follow_a_result() {
    let site = SiteTest::fixture("site/handbook");
    site.build().ok();
    let mut b = tools::browser();
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
    assert_eq!(first, "Эмгек келишими жана укуктар", "the best result has the word in its title");
    let marked = b.eval("document.querySelector('.search-result mark').textContent").unwrap();
    assert!(marked.as_str().unwrap().to_lowercase().starts_with("келишим"), "{marked}");
    click_and_wait(&mut b, ".search-result a", "document.body.classList.contains('kind-lesson')");
    assert!(b.eval("location.href").unwrap().as_str().unwrap().ends_with("/ky/lessons/contracts/index.html"));
    // The service worker is not registered on file://, and nothing failed.
    let errors = console_errors(&b.take_recorded());
    assert!(errors.is_empty(), "console errors: {errors:#?}");
}

/// Visits the Russian home page of `site/handbook` built with `precache = "<mode>"`,
/// waits for the worker to keep what `mode` says, and returns the cache's size.
fn visit_with_precache(mode: &str, keeps: &[&str]) -> u64 {
    let site = SiteTest::fixture("site/handbook").edit(
        "site.toml",
        "precache = \"language\"",
        &format!("precache = \"{mode}\""),
    );
    site.build().ok();
    let server = StaticServer::start(site.out());
    let mut b = tools::browser();
    b.open(&server.url("ru/index.html")).unwrap();
    let n = wait_until_kept(&mut b, &site.out(), keeps);
    let others: Vec<&str> = ["en", "ru", "ky"].into_iter().filter(|l| !keeps.contains(l)).collect();
    for lang in &others {
        assert!(!keeps_lessons_of(&mut b, lang), "`{mode}` keeps {lang} pages too");
    }
    if mode == "language" {
        // Installable as a web app: Chromium's own checks (manifest, icons, worker).
        let found = b.call("Page.getInstallabilityErrors", json!({})).unwrap();
        let errors = found["installabilityErrors"].as_array().expect("Chromium lists installability errors").clone();
        assert!(errors.is_empty(), "not installable: {errors:?}");
        let manifest = b.call("Page.getAppManifest", json!({})).unwrap();
        assert!(manifest["url"].as_str().is_some_and(|u| u.ends_with("ru/manifest.webmanifest")), "{manifest}");
        assert!(manifest["errors"].as_array().is_none_or(|e| e.is_empty()), "manifest errors: {manifest}");
        // A language the reader opens later is kept too: its page asks the worker,
        // which fetches that language's list and its pages.
        b.open(&server.url("en/index.html")).unwrap();
        let more = wait_until_kept(&mut b, &site.out(), &["ru", "en"]);
        assert!(more > n, "{n} → {more} entries");
    }
    n
}

#[test]
fn precache_modes_keep_one_language_all_or_only_the_offline_pages() {
    let language = visit_with_precache("language", &["ru"]);
    let all = visit_with_precache("all", &["en", "ru", "ky"]);
    assert!(all > language, "all ({all}) > language ({language})");
    // `none`: no worker is written, and the pages do not register one.
    let site = SiteTest::fixture("site/handbook").edit("site.toml", "precache = \"language\"", "precache = \"none\"");
    site.build().ok();
    assert!(!site.has("sw.js") && !site.has("ru/precache.json"));
    let server = StaticServer::start(site.out());
    let mut b = tools::browser();
    b.open(&server.url("ru/index.html")).unwrap();
    // The page's scripts (deferred) have run once the document is complete.
    wait_for(&mut b, "document.readyState === 'complete'", "the page to load");
    assert_eq!(b.eval("document.body.hasAttribute('data-sw')").unwrap(), json!(false), "no worker to register");
    let registrations = b.eval("navigator.serviceWorker.getRegistrations().then(r => r.length)").unwrap();
    assert_eq!(registrations.as_u64(), Some(0), "no service worker with precache = none");
    let log = server.take_log();
    assert!(!log.iter().any(|p| p.ends_with("sw.js") || p.ends_with("precache.json")), "{log:?}");
}

#[test]
fn service_worker_offline_update_same_origin_and_quick_exit() {
    // The exit page is on a second local server (which has nothing: it answers 404).
    let nowhere = tempfile::tempdir().unwrap();
    let neutral = StaticServer::start(nowhere.path());
    let exit_url = neutral.url("weather");
    let site = SiteTest::fixture("site/handbook").edit("site.toml", "https://www.example.com/weather", &exit_url);
    site.build().ok();
    let server = StaticServer::start(site.out());
    let mut b = tools::browser();

    // (d) every request of a visit goes to the site's own origin.
    b.call("Network.enable", json!({})).unwrap();
    b.record(true);
    b.open(&server.url("ru/index.html")).unwrap();
    wait_until_kept(&mut b, &site.out(), &["ru"]);

    let lesson = "ru/lessons/contracts/index.html";
    b.open(&server.url(lesson)).unwrap();
    b.open(&server.url("ru/search/index.html?q=договор")).unwrap();
    wait_for(&mut b, "!!document.querySelector('.search-result a')", "search results");
    let origin = server.url("");
    let requests: Vec<String> = b
        .take_recorded()
        .iter()
        .filter(|e| e["method"] == "Network.requestWillBeSent")
        .filter_map(|e| e["params"]["request"]["url"].as_str().map(str::to_owned))
        .collect();
    assert!(!requests.is_empty());
    let foreign: Vec<_> = requests.iter().filter(|u| !u.starts_with(&origin) && !u.starts_with("data:")).collect();
    assert!(foreign.is_empty(), "requests to another origin: {foreign:?}");

    // (b) offline: a kept lesson renders; a page never visited shows the offline page.
    // The worker is stopped first, as browsers do with idle workers: the one that
    // starts again finds the language's list in its cache, not on the network.
    b.call("ServiceWorker.enable", json!({})).unwrap();
    b.call("ServiceWorker.stopAllWorkers", json!({})).unwrap();
    server.set_down(true);
    let network =
        |offline: bool| json!({"offline": offline, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1});
    b.call("Network.emulateNetworkConditions", network(true)).unwrap();
    b.open(&server.url("ru/lessons/job-offers/index.html")).unwrap();
    assert_eq!(b.eval("document.body.classList.contains('kind-lesson')").unwrap(), json!(true));
    // A page with a Cyrillic address (a topic's) too: the worker's lists and the
    // browser's requests must agree on its percent-encoding.
    b.open(&server.url("ru/topics/трудовые-права/index.html")).unwrap();
    assert_eq!(b.eval("document.body.classList.contains('kind-topic')").unwrap(), json!(true));
    server.take_log();
    b.open(&server.url("en/about/index.html")).unwrap();
    wait_for(&mut b, "document.body && document.body.classList.contains('kind-offline')", "the offline page");
    assert!(b.eval("location.href").unwrap().as_str().unwrap().contains("/en/offline.html"));
    assert!(server.take_log().is_empty(), "the server was down");

    // (c) one page changes: after a rebuild the new worker downloads only that page
    // (and the search index files its words are in, and the Russian list, whose hash
    // changed in `sw.js`).
    let site = site.append("content/lessons/contracts/index.ru.md", "\nДобавлено при проверке обновлений.\n");
    site.build().ok();
    b.call("Network.emulateNetworkConditions", network(false)).unwrap();
    server.take_log();
    server.set_down(false);
    b.open(&server.url("ru/index.html")).unwrap();
    // Browsers check for a new worker after navigations, on their own schedule;
    // ask now, as they would.
    b.eval("navigator.serviceWorker.getRegistration().then(r => r.update()).then(() => true)").unwrap();
    // The new worker has installed once every file of the new lists is cached; what it
    // downloaded for that is in the server's log.
    wait_until_kept(&mut b, &site.out(), &["ru"]);
    let log = server.wait_for("the changed files", REQUESTS, |log| {
        ["/sw.js", &format!("/{lesson}"), "/ru/precache.json"].iter().all(|p| log.iter().any(|l| l == p))
    });
    let changed = ["/sw.js".to_owned(), format!("/{lesson}"), "/ru/precache.json".to_owned()];
    let others: Vec<_> = log.iter().filter(|p| !changed.contains(p) && !p.starts_with("/ru/search/")).collect();
    assert!(others.is_empty(), "only the changed entries are downloaded again, not {others:?}");
    // The reader goes on to the changed lesson. The new worker, active (Chromium may
    // wait for such a navigation to start it), has deleted the stale copies: one copy
    // of the lesson and of the Russian list is left, the new ones.
    b.open(&server.url(lesson)).unwrap();
    let copies = format!(
        "caches.open('chyrak').then(c => c.keys()).then(k => k.map(r => r.url.slice({}))\
         .filter(u => u.startsWith({}) || u.startsWith('ru/precache.json')))",
        origin.len(),
        json!(lesson)
    );
    wait_for(&mut b, &format!("{copies}.then(k => k.length === 2)"), "the stale copies to be deleted");
    let kept = b.eval(&copies).unwrap();
    let kept: Vec<&str> = kept.as_array().unwrap().iter().filter_map(Value::as_str).collect();
    let list = format!("ru/precache.json?v={}", sw_config(&site.out())["lists"]["ru"].as_str().unwrap());
    assert!(kept.contains(&list.as_str()), "the new list is kept: {kept:?}");
    b.open(&server.url(lesson)).unwrap();
    assert!(shown(&mut b, "Добавлено при проверке обновлений").1, "the new version of the lesson is shown");

    // (e) Shift three times leaves the site for the neutral one.
    for _ in 0..3 {
        for kind in ["keyDown", "keyUp"] {
            b.call(
                "Input.dispatchKeyEvent",
                json!({"type": kind, "key": "Shift", "code": "ShiftLeft", "windowsVirtualKeyCode": 16}),
            )
            .unwrap();
        }
    }
    // The neutral site answers 404 (Chromium then shows its error page), but the
    // request reached it and the page left the site.
    wait_for(&mut b, &format!("!location.href.startsWith({})", json!(origin)), "quick exit");
    neutral.wait_for_request("/weather", REQUESTS);
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
    let exit_dir = tempfile::tempdir().unwrap();
    std::fs::write(exit_dir.path().join("weather.html"), "<!doctype html><title>Weather</title><p>Sunny, 24 °C")
        .unwrap();
    let neutral = StaticServer::start(exit_dir.path());
    let exit_url = neutral.url("weather.html");
    let site = SiteTest::fixture("site/handbook").edit("site.toml", "https://www.example.com/weather", &exit_url);
    site.build().ok();
    let server = StaticServer::start(site.out());
    let mut b = tools::browser();
    let lesson = server.url("ru/lessons/contracts/index.html");
    // One of the lesson's objectives: on the lesson only, not on pages linking to it.
    let text = "Перечислить основные пункты";
    let not_lesson = format!("location.href !== {} && document.readyState === 'complete'", json!(lesson));

    // The worker settles first: Chromium drops from its back/forward cache the pages
    // a new worker takes control of (`clients.claim`), as on a first visit.
    b.open(&server.url("ru/index.html")).unwrap();
    wait_until_kept(&mut b, &site.out(), &["ru"]);

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
    neutral.set_delay(Duration::from_secs(5));
    neutral.take_log();
    // While the exit page loads, Chromium holds DevTools' calls into the page: only
    // the browser's own (history, navigation) are used until Back has been pressed.
    b.eval("document.querySelector('[data-quick-exit]').click(); true").unwrap();
    neutral.wait_for_request("/weather.html", REQUESTS);
    let before = go(&mut b, -1);
    assert_eq!(before.last(), Some(&lesson), "Back was pressed before the exit page arrived: {before:?}");
    wait_for(&mut b, &not_lesson, "Back");
    neutral.set_delay(Duration::ZERO);
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

/// The search index of a small site, file by file, per language: the shard table,
/// the shards (tokens with delta-encoded postings) and the documents (fallback pages
/// with the language their text is in).
#[test]
fn snapshot_search_shards() {
    let site = SiteTest::fixture("offline/small");
    site.build().ok();
    for lang in ["en", "ky"] {
        let dir = site.out().join(lang).join("search");
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".js"))
            .collect();
        // index.js, then d0.js, d1.js…, then s0.js, s1.js… in number order.
        names.sort_by_key(|n| (n != "index.js", n[..1].to_owned(), n[1..n.len() - 3].parse::<u32>().unwrap_or(0)));
        let all: String = names
            .iter()
            .map(|n| format!("=== {lang}/search/{n}\n{}\n", std::fs::read_to_string(dir.join(n)).unwrap()))
            .collect();
        insta::assert_snapshot!(format!("search_shards_{lang}"), redact(&all, site.root()));
    }
}

/// The service worker's lists: the root `precache.json`, each language's, and the
/// `var SITE = …` configuration at the top of `sw.js`.
#[test]
fn snapshot_service_worker_lists() {
    let site = SiteTest::fixture("offline/small");
    site.build().ok();
    let sw = site.read("sw.js");
    let config = sw.lines().take_while(|l| !l.starts_with("\"use strict\"")).collect::<Vec<_>>().join("\n");
    assert!(config.contains("var SITE = "), "{config}");
    let mut all = format!("=== sw.js (configuration)\n{config}\n");
    for list in ["precache.json", "en/precache.json", "ky/precache.json"] {
        all.push_str(&format!("=== {list}\n{}\n", site.read(list)));
    }
    insta::assert_snapshot!("service_worker_lists", redact(&all, site.root()));
}

/// What the worker downloads on its own for a list with the budget: the shell, then
/// each entry in the list's order that still fits (the rule `scripts/sw.js` follows).
fn within_budget(entries: &[(String, String, u64)], shell: usize, budget: u64) -> Vec<(String, String, u64)> {
    let mut used = 0;
    let mut out = entries[..shell].to_vec();
    for e in &entries[shell..] {
        if used + e.2 <= budget {
            used += e.2;
            out.push(e.clone());
        }
    }
    out
}

/// Paths (decoded, from the site's root) the worker's cache holds, with their hashes.
fn cached(b: &mut Browser) -> Vec<(String, String)> {
    let js = "caches.open('chyrak').then(c => c.keys()).then(keys => keys.map(k => {
        const u = new URL(k.url);
        return [decodeURIComponent(u.pathname.slice(1)), u.searchParams.get('v') || ''];
    }))";
    serde_json::from_value(b.eval(js).unwrap()).unwrap()
}

/// The precache budget (issue 16): on a first visit the worker keeps the language's
/// shell (home, sections, search, safety) and then, in the list's order, what fits in
/// `[offline] budget`, and nothing more; a reader who saves data gets the shell only;
/// the home page's button shows what keeping the whole language would download, in
/// bytes that are the files' real sizes, and keeps it all when pressed.
#[test]
fn precache_budget_save_data_and_keep_all_of_a_language() {
    const BUDGET: u64 = 30_000;
    let site = SiteTest::fixture("site/handbook").edit(
        "site.toml",
        "precache = \"language\"",
        "precache = \"language\"\nbudget = \"30 kB\"",
    );
    site.build().ok();
    let out = site.out();
    // Every size in every list is the size of the file the server sends.
    for lang in ["", "en", "ru", "ky"] {
        for (path, _, size) in list_entries(&out, lang).0 {
            assert_eq!(std::fs::metadata(out.join(&path)).unwrap().len(), size, "{path} in {lang:?}'s list");
        }
    }
    let (ru, ru_shell) = list_entries(&out, "ru");
    let (root, root_shell) = list_entries(&out, "");
    let ru_auto = within_budget(&ru, ru_shell, BUDGET);
    let root_auto = within_budget(&root, root_shell, BUDGET);
    assert!(ru_auto.len() > ru_shell && ru_auto.len() < ru.len(), "the budget keeps part of ru: {ru_auto:?}");
    let shell_paths: Vec<&str> = ru[..ru_shell].iter().map(|e| e.0.as_str()).collect();
    for page in ["ru/index.html", "ru/lessons/index.html", "ru/search/index.html", "ru/safety/index.html"] {
        assert!(shell_paths.contains(&page), "{page} is in the shell: {shell_paths:?}");
    }
    let extra: u64 = ru_auto[ru_shell..].iter().map(|e| e.2).sum();
    assert!(extra <= BUDGET, "{extra} bytes beyond the shell");

    let server = StaticServer::start(&out);
    let mut b = tools::browser();
    b.call("Log.enable", json!({})).unwrap();
    b.record(true);
    b.open(&server.url("ru/index.html")).unwrap();
    wait_for(&mut b, "!!navigator.serviceWorker.controller", "the service worker to control the page");
    let want: Vec<(String, String)> =
        ru_auto.iter().chain(&root_auto).map(|(p, h, _)| (p.clone(), h.clone())).collect();
    let js = format!(
        "caches.open('chyrak').then(c => c.keys()).then(keys => {{
            const have = new Set(keys.map(k => k.url));
            const root = new URL('/', location.href).href;
            return {}.every(([p, h]) => have.has(new URL(p, root).href + '?v=' + h));
        }})",
        json!(want)
    );
    wait_for(&mut b, &js, "the shell and what fits in the budget to be kept");
    // Give a download beyond the budget time to show itself, then look.
    std::thread::sleep(Duration::from_millis(1500));
    let have = cached(&mut b);
    let beyond: Vec<_> =
        ru.iter().filter(|e| !ru_auto.contains(e) && have.iter().any(|(p, _)| *p == e.0)).map(|e| &e.0).collect();
    assert!(beyond.is_empty(), "kept beyond the budget: {beyond:?}");
    let fetched = server.take_log();
    let not_asked: Vec<_> = ru
        .iter()
        .filter(|e| !ru_auto.contains(e) && fetched.iter().any(|f| links::percent_decode(f) == format!("/{}", e.0)))
        .collect();
    assert!(not_asked.is_empty(), "downloaded beyond the budget: {not_asked:?}");

    // The button: what keeping all of Russian would download, from the real sizes.
    let missing: u64 =
        ru.iter().chain(&root).filter(|e| !have.contains(&(e.0.clone(), e.1.clone()))).map(|e| e.2).sum();
    let bytes = wait_for(
        &mut b,
        "!document.querySelector('[data-keep]').hidden && document.querySelector('[data-keep-button]').getAttribute('data-bytes')",
        "the keep-all button",
    );
    assert_eq!(bytes, json!(missing.to_string()), "the button's size is what is missing");
    let label = b.eval("document.querySelector('[data-keep-button]').textContent").unwrap();
    let label = label.as_str().unwrap();
    // Under a megabyte, in kilobytes, as Russian writes them.
    assert!(missing < 1_000_000, "{missing}");
    let kilobytes = format!("{} кБ", (missing as f64 / 1e3).round());
    assert!(label.contains("Русский") && label.replace('\u{a0}', " ").contains(&kilobytes), "{label}");
    b.eval("document.querySelector('[data-keep-button]').click(); true").unwrap();
    let done = "document.querySelector('[data-keep-status]').textContent === document.querySelector('[data-keep]').getAttribute('data-done')";
    wait_for(&mut b, done, "every Russian page to be kept");
    wait_until_kept(&mut b, &out, &["ru"]);
    let fetched = server.take_log();
    for e in ru.iter().filter(|e| !ru_auto.contains(e)) {
        assert!(fetched.iter().any(|f| links::percent_decode(f) == format!("/{}", e.0)), "{} was downloaded", e.0);
    }
    assert!(!fetched.iter().any(|f| f.starts_with("/en/") || f.starts_with("/ky/")), "only Russian: {fetched:?}");
    // Opened again, the home page says so, with no button.
    b.open(&server.url("ru/index.html")).unwrap();
    wait_for(&mut b, &format!("document.querySelector('[data-keep-button]').hidden && {done}"), "the kept state");
    let errors = console_errors(&b.take_recorded());
    assert!(errors.is_empty(), "console errors: {errors:#?}");

    // A reader whose browser saves data: the shell, and nothing the budget would add.
    let mut b = tools::browser();
    b.call("Emulation.setDataSaverOverride", json!({"dataSaverEnabled": true})).unwrap();
    server.take_log();
    b.open(&server.url("ru/index.html")).unwrap();
    assert_eq!(b.eval("navigator.connection.saveData").unwrap(), json!(true), "Chromium saves data");
    let shell: Vec<(String, String)> =
        ru[..ru_shell].iter().chain(&root[..root_shell]).map(|(p, h, _)| (p.clone(), h.clone())).collect();
    let js = js.replace(&json!(want).to_string(), &json!(shell).to_string());
    wait_for(&mut b, &js, "the shell to be kept");
    wait_for(&mut b, "!document.querySelector('[data-keep]').hidden", "the keep-all box");
    assert_eq!(b.eval("document.querySelector('[data-keep-save-data]').hidden").unwrap(), json!(false));
    std::thread::sleep(Duration::from_millis(1500));
    let have = cached(&mut b);
    let beyond: Vec<_> = ru[ru_shell..].iter().filter(|e| have.iter().any(|(p, _)| *p == e.0)).map(|e| &e.0).collect();
    assert!(beyond.is_empty(), "kept while saving data: {beyond:?}");
}
