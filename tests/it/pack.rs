//! `chyrak pack`: a zip with only some languages, a START-HERE.html, and every link
//! still resolving once unzipped.

use crate::support::*;

fn unzip(zip: &std::path::Path, to: &std::path::Path) -> Vec<String> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(zip).unwrap()).unwrap();
    archive.extract(to).unwrap();
    (0..archive.len()).map(|i| archive.by_index(i).unwrap().name().to_owned()).collect()
}

#[test]
fn pack_keeps_chosen_languages_and_every_link_resolves() {
    let site = SiteTest::fixture("site/handbook");
    let run = site.run(&["pack", "--lang", "ky", "--output", "usb.zip"]).ok();
    assert!(run.stdout().contains("START-HERE.html"), "{}", run.stdout());
    let out = site.root().join("unzipped");
    let names = unzip(&site.root().join("usb.zip"), &out);
    assert!(names.iter().any(|n| n == "START-HERE.html"));
    assert!(names.iter().any(|n| n == "ky/index.html"));
    assert!(!names.iter().any(|n| n.starts_with("en/") || n.starts_with("ru/")), "only Kyrgyz: {names:?}");
    // `getting-help` has no Kyrgyz text: it comes along in the ky folder, in Russian.
    let fallback = std::fs::read_to_string(out.join("ky/lessons/getting-help/index.html")).unwrap();
    assert!(fallback.contains("<article class=\"lesson\" lang=\"ru\""), "{fallback}");
    let start = std::fs::read_to_string(out.join("START-HERE.html")).unwrap();
    assert!(start.contains("href=\"ky/index.html\"") && !start.contains("href=\"en/index.html\""), "{start}");
    let problems = broken_links(&out);
    assert!(problems.is_empty(), "{} broken links:\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn pack_writes_into_the_output_folder_by_default() {
    let site = SiteTest::fixture("site/handbook");
    let run = site.run(&["pack", "--lang", "ky,ru"]).ok();
    let zip = site.root().join("public/site-ky-ru.zip");
    assert!(zip.is_file(), "{}", run.stdout());
    assert!(run.stdout().contains("public/site-ky-ru.zip"), "{}", run.stdout());
    let names = unzip(&zip, &site.root().join("unzipped"));
    assert!(names.iter().any(|n| n == "ru/index.html") && names.iter().any(|n| n == "ky/index.html"));
    let beside: Vec<_> = std::fs::read_dir(site.root()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert!(!beside.iter().any(|n| n.to_string_lossy().contains(".zip")), "nothing beside the content: {beside:?}");
}

#[test]
fn pack_refuses_an_unknown_language() {
    let site = SiteTest::fixture("site/handbook");
    let err = site.run(&["pack", "--lang", "kyy"]).fails(2);
    assert!(err.contains("did you mean `ky`?"), "{err}");
}
