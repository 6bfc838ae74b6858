//! `chyrak pack --format scorm|kolibri`: the SCORM package runs against a real SCORM
//! 1.2 run-time (the `scorm-again` library as the LMS's `window.API`) and its manifest
//! follows the content-packaging rules listed below; the Kolibri app, in a frame with
//! Kolibri's sandbox and every request but loopback ones blocked, reaches every
//! lesson with nothing failing.

use crate::support::browser::{console_errors, wait_for};
use crate::support::http::StaticServer;
use crate::support::tools;
use crate::support::*;
use chyrak::commands::pdf::cdp::Browser;
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::path::Path;

/// Unzips `zip` into `to` and returns its file names.
fn unzip(zip: &Path, to: &Path) -> Vec<String> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(zip).unwrap()).unwrap();
    archive.extract(to).unwrap();
    (0..archive.len()).map(|i| archive.by_index(i).unwrap().name().to_owned()).collect()
}

/// Chromium whose every request but loopback ones goes to a proxy that is not there
/// (the network is blocked), with sandboxed frames in the page's own process so that
/// their console and network events reach the test.
fn offline_browser() -> Browser {
    let args = [
        "--proxy-server=http://127.0.0.1:9",
        "--disable-features=IsolateSandboxedIframes",
        "--disable-site-isolation-trials",
    ];
    Browser::launch_with(&tools::chromium(), &args).unwrap_or_else(|e| panic!("Chromium did not start: {e}"))
}

/// The manifest as the browser's XML parser reads it: every element the rules look at,
/// with its attributes (namespaces checked in the page).
const READ_MANIFEST: &str = r#"(async () => {
  const text = await (await fetch('imsmanifest.xml')).text();
  const doc = new DOMParser().parseFromString(text, 'application/xml');
  const error = doc.querySelector('parsererror');
  if (error) return { error: error.textContent };
  const CP = 'http://www.imsproject.org/xsd/imscp_rootv1p1p2';
  const ADL = 'http://www.adlnet.org/xsd/adlcp_rootv1p2';
  const kids = (el, name) => [...el.children].filter(c => c.localName === name && c.namespaceURI === CP);
  const text1 = (el, name) => (kids(el, name)[0] || {}).textContent;
  const m = doc.documentElement;
  const metadata = kids(m, 'metadata')[0];
  const orgs = kids(m, 'organizations')[0];
  const item = i => ({ identifier: i.getAttribute('identifier'), identifierref: i.getAttribute('identifierref'),
    title: text1(i, 'title'), items: kids(i, 'item').map(item) });
  return {
    root: m.localName, ns: m.namespaceURI, identifier: m.getAttribute('identifier'),
    schema: metadata && text1(metadata, 'schema'), schemaversion: metadata && text1(metadata, 'schemaversion'),
    default_org: orgs && orgs.getAttribute('default'),
    organizations: orgs ? kids(orgs, 'organization').map(o => ({ identifier: o.getAttribute('identifier'),
      title: text1(o, 'title'), items: kids(o, 'item').map(item) })) : [],
    resources: kids(kids(m, 'resources')[0], 'resource').map(r => ({
      identifier: r.getAttribute('identifier'), type: r.getAttribute('type'), href: r.getAttribute('href'),
      scormtype: r.getAttributeNS(ADL, 'scormtype'),
      files: kids(r, 'file').map(f => f.getAttribute('href')),
      dependencies: kids(r, 'dependency').map(d => d.getAttribute('identifierref')) })),
  };
})()"#;

fn s(v: &Value) -> &str {
    v.as_str().unwrap_or("")
}

/// Whether `id` is an XML NCName (what `xsd:ID` asks), in its ASCII form.
fn is_ncname(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
}

/// Checks the manifest against the SCORM 1.2 content-packaging rules (SCORM 1.2 CAM,
/// section 2.3, and the IMS Content Packaging 1.1.2 binding it builds on):
///
/// 1. `imsmanifest.xml` is at the package's root and is well-formed XML.
/// 2. Its root is `manifest` in the IMS CP namespace, with an `identifier`.
/// 3. `metadata` says `schema` "ADL SCORM" and `schemaversion` "1.2".
/// 4. `organizations` has a `default` that names one of its organizations; here there
///    is exactly one, with a title.
/// 5. Every item has an `identifier` and a `title`; identifiers (of the manifest, its
///    organizations, items and resources) are NCNames and unique in the manifest.
/// 6. A leaf item's `identifierref` names a resource; an item with children has none.
/// 7. Every resource has an `identifier`, `type="webcontent"` and an
///    `adlcp:scormtype` of `sco` or `asset`; a resource an item launches has an `href`.
/// 8. A resource's `href` is one of its `file`s.
/// 9. Every `dependency` names a resource.
/// 10. Every `href` is relative and stays in the package (no scheme, no leading `/`,
///     no `..`).
/// 11. Every file the manifest names is in the zip, and every file of the zip (but the
///     manifest) is named by it.
fn check_manifest(m: &Value, zip_files: &BTreeSet<String>) -> Vec<String> {
    let mut problems = Vec::new();
    let mut fail = |p: String| problems.push(p);
    if let Some(e) = m.get("error") {
        return vec![format!("rule 1: not well-formed: {e}")];
    }
    if m["root"] != "manifest" || m["ns"] != "http://www.imsproject.org/xsd/imscp_rootv1p1p2" {
        fail(format!("rule 2: root {} in {}", m["root"], m["ns"]));
    }
    if m["schema"] != "ADL SCORM" || m["schemaversion"] != "1.2" {
        fail(format!("rule 3: schema {} {}", m["schema"], m["schemaversion"]));
    }
    let orgs = m["organizations"].as_array().unwrap();
    if orgs.len() != 1 || orgs[0]["identifier"] != m["default_org"] || s(&orgs[0]["title"]).trim().is_empty() {
        fail(format!("rule 4: organizations {orgs:?}, default {}", m["default_org"]));
    }
    let resources = m["resources"].as_array().unwrap();
    let resource_ids: BTreeSet<&str> = resources.iter().map(|r| s(&r["identifier"])).collect();
    let mut ids = vec![s(&m["identifier"])];
    let mut items = Vec::new();
    let mut stack: Vec<&Value> = orgs.iter().flat_map(|o| o["items"].as_array().unwrap()).collect();
    while let Some(item) = stack.pop() {
        items.push(item);
        stack.extend(item["items"].as_array().unwrap());
    }
    ids.extend(orgs.iter().map(|o| s(&o["identifier"])));
    ids.extend(items.iter().map(|i| s(&i["identifier"])));
    ids.extend(resources.iter().map(|r| s(&r["identifier"])));
    let unique: BTreeSet<&str> = ids.iter().copied().collect();
    if unique.len() != ids.len() || !ids.iter().all(|id| is_ncname(id)) {
        fail(format!("rule 5: identifiers not unique NCNames: {ids:?}"));
    }
    for item in &items {
        if s(&item["title"]).trim().is_empty() {
            fail(format!("rule 5: item without a title: {item}"));
        }
        let leaf = item["items"].as_array().unwrap().is_empty();
        let reference = s(&item["identifierref"]);
        if leaf && !resource_ids.contains(reference) || !leaf && !reference.is_empty() {
            fail(format!("rule 6: item {} refers to {reference:?}", item["identifier"]));
        }
        if let Some(r) = resources.iter().find(|r| r["identifier"] == item["identifierref"]) {
            if s(&r["href"]).is_empty() {
                fail(format!("rule 7: launched resource {} has no href", r["identifier"]));
            }
        }
    }
    let mut named = BTreeSet::new();
    for r in resources {
        if s(&r["identifier"]).is_empty()
            || r["type"] != "webcontent"
            || !["sco", "asset"].contains(&s(&r["scormtype"]))
        {
            fail(format!("rule 7: resource {r}"));
        }
        let files: Vec<&str> = r["files"].as_array().unwrap().iter().map(s).collect();
        if !s(&r["href"]).is_empty() && !files.contains(&s(&r["href"])) {
            fail(format!("rule 8: {} is not among the files of {}", r["href"], r["identifier"]));
        }
        for d in r["dependencies"].as_array().unwrap() {
            if !resource_ids.contains(s(d)) {
                fail(format!("rule 9: dependency {d} of {}", r["identifier"]));
            }
        }
        for href in files.iter().chain([s(&r["href"])].iter()).filter(|h| !h.is_empty()) {
            if href.contains(':') || href.starts_with('/') || href.split('/').any(|p| p == "..") {
                fail(format!("rule 10: {href} leaves the package"));
            }
            named.insert(href.to_string());
        }
    }
    let in_zip: BTreeSet<String> = zip_files.iter().filter(|f| *f != "imsmanifest.xml").cloned().collect();
    for missing in named.difference(&in_zip) {
        fail(format!("rule 11: {missing} is named but not in the zip"));
    }
    for unnamed in in_zip.difference(&named) {
        fail(format!("rule 11: {unnamed} is in the zip but not named"));
    }
    problems
}

/// The page that plays the LMS: scorm-again's SCORM 1.2 run-time as `window.API`, the
/// calls it sees in `window.calls`, and the SCO named by `?sco=` in a frame.
const HOST: &str = r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>LMS</title><link rel="icon" href="data:,">
<script src="scorm12.js"></script>
<script>
window.calls = [];
window.API = new Scorm12API({ autocommit: false, logLevel: 5 });
API.on("LMSInitialize", function () { calls.push("LMSInitialize"); });
API.on("LMSSetValue.cmi.core.lesson_status", function (element, value) { calls.push(element + " = " + value); });
API.on("LMSCommit", function () { calls.push("LMSCommit"); });
API.on("LMSFinish", function () { calls.push("LMSFinish"); });
</script></head>
<body><iframe id="sco" title="SCO"></iframe>
<script>document.getElementById("sco").src = new URLSearchParams(location.search).get("sco");</script>
</body></html>"#;

#[test]
fn every_scorm_lesson_reports_completed_to_a_scorm_12_runtime() {
    let site = SiteTest::sample();
    site.run(&["pack", "--format", "scorm", "--lang", "ru", "--output", "courses"]).ok();
    let dir = site.root().join("unzipped");
    let names: BTreeSet<String> = unzip(&site.root().join("courses/scorm-ru.zip"), &dir).into_iter().collect();
    assert!(names.contains("imsmanifest.xml"), "{names:?}");
    let runtime = tools::npm_tool("scorm-again").join("dist/scorm12.js");
    std::fs::copy(&runtime, dir.join("scorm12.js")).unwrap();
    std::fs::write(dir.join("lms.html"), HOST).unwrap();
    let server = StaticServer::start(&dir);
    let mut b = offline_browser();
    b.open(&server.url("lms.html?sco=about:blank")).unwrap();
    let manifest = b.eval(READ_MANIFEST).unwrap();
    let mut zip_files = names.clone();
    zip_files.retain(|n| !n.ends_with('/'));
    let problems = check_manifest(&manifest, &zip_files);
    assert!(problems.is_empty(), "the manifest breaks SCORM 1.2 packaging rules:\n{}", problems.join("\n"));
    // One item per lesson, in the handbook's order.
    let items = manifest["organizations"][0]["items"].as_array().unwrap();
    let lessons = std::fs::read_dir(site.root().join("content/lessons"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().is_dir())
        .count();
    assert_eq!(items.len(), lessons, "one item per lesson: {items:?}");
    for (n, item) in items.iter().enumerate() {
        assert!(s(&item["title"]).starts_with(&format!("{}. ", n + 1)), "in the handbook's order: {items:?}");
    }
    let resources = manifest["resources"].as_array().unwrap();
    let launch: Vec<String> = items
        .iter()
        .map(|i| {
            let r = resources.iter().find(|r| r["identifier"] == i["identifierref"]).unwrap();
            assert_eq!(r["scormtype"], "sco", "{r}");
            s(&r["href"]).to_owned()
        })
        .collect();
    for kind in ["play-", "poster-"] {
        assert!(
            resources.iter().any(|r| s(&r["href"]).starts_with(kind) && r["scormtype"] == "asset"),
            "{kind} resources: {resources:?}"
        );
    }
    b.call("Network.enable", json!({})).unwrap();
    b.call("Log.enable", json!({})).unwrap();
    b.record(true);
    for href in &launch {
        b.open(&server.url(&format!("lms.html?sco={href}"))).unwrap();
        wait_for(
            &mut b,
            "calls.includes('cmi.core.lesson_status = completed') && calls.includes('LMSCommit')",
            &format!("{href} to report completed"),
        );
        // Leaving the lesson finishes the session.
        b.eval("document.getElementById('sco').src = 'about:blank'; true").unwrap();
        let calls = wait_for(&mut b, "calls.includes('LMSFinish') && calls", &format!("{href} to finish"));
        assert_eq!(calls[0], "LMSInitialize", "{href}: {calls}");
        let state = b.eval("[API.cmi.core.lesson_status, String(API.LMSGetLastError())]").unwrap();
        assert_eq!(state, json!(["completed", "0"]), "{href}");
    }
    let events = b.take_recorded();
    let failed: Vec<&Value> = events.iter().filter(|e| e["method"] == "Network.loadingFailed").collect();
    assert!(failed.is_empty(), "failed loads: {failed:#?}");
    let errors = console_errors(&events);
    assert!(errors.is_empty(), "console errors: {errors:#?}");
}

#[test]
fn the_kolibri_app_reaches_every_lesson_in_kolibris_sandbox_with_the_network_blocked() {
    let site = SiteTest::fixture("site/handbook");
    site.run(&["pack", "--format", "kolibri", "--lang", "ky", "--output", "courses"]).ok();
    let app = site.root().join("app");
    let names = unzip(&site.root().join("courses/kolibri-ky.zip"), &app);
    assert!(names.iter().any(|n| n == "index.html"), "index.html at the root: {names:?}");
    for name in &names {
        let text = std::fs::read(app.join(name)).unwrap();
        let text = String::from_utf8_lossy(&text);
        assert!(!text.contains("serviceWorker") && !text.contains("localStorage"), "{name}");
    }
    // Kolibri serves the app from its own origin, in a frame sandboxed with
    // `allow-scripts` only; the host page here is on another port (another origin).
    let content = StaticServer::start(&app);
    let host_dir = site.root().join("host");
    std::fs::create_dir_all(&host_dir).unwrap();
    std::fs::write(
        host_dir.join("kolibri.html"),
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Kolibri</title><link rel=\"icon\" href=\"data:,\"></head><body>\
         <iframe id=\"app\" sandbox=\"allow-scripts\" title=\"app\"></iframe>\
         <script>window.loads = 0; const f = document.getElementById('app'); f.onload = () => window.loads++;\
         f.src = new URLSearchParams(location.search).get('src');</script></body></html>",
    )
    .unwrap();
    let host = StaticServer::start(&host_dir);
    let index = std::fs::read_to_string(app.join("index.html")).unwrap();
    let links: Vec<String> = index
        .split("href=\"")
        .skip(1)
        .map(|s| s[..s.find('"').unwrap()].to_owned())
        .filter(|h| h.ends_with(".html"))
        .collect();
    let lessons: Vec<&String> = links.iter().filter(|h| h.starts_with("lesson-")).collect();
    assert_eq!(lessons.len(), 4, "every Kyrgyz lesson (two by fallback): {links:?}");
    let mut b = offline_browser();
    b.call("Network.enable", json!({})).unwrap();
    // Every page asks for its files again (so that the server sees each page's requests).
    b.call("Network.setCacheDisabled", json!({ "cacheDisabled": true })).unwrap();
    b.call("Log.enable", json!({})).unwrap();
    b.record(true);
    // The network really is blocked: a request to the internet fails.
    b.open("about:blank").unwrap();
    let blocked = b.eval("fetch('http://example.org/').then(() => 'reached', () => 'blocked')").unwrap();
    assert_eq!(blocked, "blocked");
    b.take_recorded();
    content.take_log();
    for page in std::iter::once(&"index.html".to_owned()).chain(links.iter()) {
        let url = content.url(page);
        b.open(&host.url(&format!("kolibri.html?src={url}"))).unwrap();
        wait_for(&mut b, "window.loads > 0", &format!("{page} in the sandboxed frame"));
        let log = content.wait_for_request(&format!("/{page}"), std::time::Duration::from_secs(10));
        assert!(log.iter().any(|p| p == "/style.css"), "{page} loads its stylesheet: {log:?}");
        let events = b.take_recorded();
        let responses: Vec<(String, i64)> = events
            .iter()
            .filter(|e| e["method"] == "Network.responseReceived")
            .map(|e| {
                (s(&e["params"]["response"]["url"]).to_owned(), e["params"]["response"]["status"].as_i64().unwrap())
            })
            .collect();
        assert!(responses.iter().any(|(u, st)| *u == url && *st == 200), "{page}: {responses:?}");
        assert!(responses.iter().all(|(_, st)| *st == 200), "{page}: {responses:?}");
        let requests: Vec<&str> = events
            .iter()
            .filter(|e| e["method"] == "Network.requestWillBeSent")
            .filter_map(|e| e["params"]["request"]["url"].as_str())
            .collect();
        let origins = [content.url(""), host.url("")];
        let outside: Vec<&&str> =
            requests.iter().filter(|u| !origins.iter().any(|o| u.starts_with(o.as_str()))).collect();
        assert!(outside.is_empty(), "{page}: requests outside the app: {outside:?}");
        let failed: Vec<&Value> = events.iter().filter(|e| e["method"] == "Network.loadingFailed").collect();
        assert!(failed.is_empty(), "{page}: failed loads: {failed:#?}");
        let errors = console_errors(&events);
        assert!(errors.is_empty(), "{page}: console errors: {errors:#?}");
        content.take_log();
    }
    // Every lesson page leads back to the app's start.
    for lesson in lessons {
        assert!(std::fs::read_to_string(app.join(lesson)).unwrap().contains("href=\"index.html\""), "{lesson}");
    }
}

#[test]
fn the_pages_of_both_packages_are_valid_html() {
    let site = SiteTest::sample();
    site.run(&["pack", "--format", "scorm", "--lang", "ru", "--output", "courses"]).ok();
    site.run(&["pack", "--format", "kolibri", "--lang", "ky", "--output", "courses"]).ok();
    for zip in ["scorm-ru", "kolibri-ky"] {
        let dir = site.root().join(zip);
        let names = unzip(&site.root().join(format!("courses/{zip}.zip")), &dir);
        for kind in ["lesson-", "play-", "poster-"] {
            assert!(names.iter().any(|n| n.starts_with(kind) && n.ends_with(".html")), "{zip}: {names:?}");
        }
        let errors = crate::support::vnu::errors(&dir);
        assert!(errors.is_empty(), "{zip}: {} HTML errors:\n{}", errors.len(), errors.join("\n"));
    }
}

#[test]
fn the_manifest_rules_catch_what_they_list() {
    // A manifest as READ_MANIFEST returns it, breaking rules 3, 4, 6, 8, 9, 10 and 11.
    let manifest = json!({
        "root": "manifest", "ns": "http://www.imsproject.org/xsd/imscp_rootv1p1p2", "identifier": "m",
        "schema": "ADL SCORM", "schemaversion": "1.3", "default_org": "other",
        "organizations": [{ "identifier": "org", "title": "Course", "items": [
            { "identifier": "i1", "identifierref": "missing", "title": "One", "items": [] }] }],
        "resources": [{ "identifier": "r1", "type": "webcontent", "href": "a.html", "scormtype": "sco",
            "files": ["b.html", "../up.html"], "dependencies": ["nowhere"] }],
    });
    let zip: BTreeSet<String> = ["imsmanifest.xml", "b.html", "extra.css"].iter().map(|s| s.to_string()).collect();
    let problems = check_manifest(&manifest, &zip).join("\n");
    for rule in ["rule 3", "rule 4", "rule 6", "rule 8", "rule 9", "rule 10", "rule 11: a.html", "rule 11: extra.css"] {
        assert!(problems.contains(rule), "{rule} not reported:\n{problems}");
    }
}
