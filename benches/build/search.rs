//! Search speed and download size in headless Chromium, from `file://`, on a built
//! site (the benchmark corpus): for each query, the time from the keystroke to the
//! first results shown, and the bytes of index files loaded so far.
//!
//! ```text
//! cargo bench --bench build -- --generate-only DIR --pages 10000 --langs 3
//! chyrak build --root DIR
//! cargo bench --bench build -- --search-latency DIR/public
//! ```

use chyrak::commands::pdf::cdp::{Browser, find_chrome};
use serde_json::json;
use std::path::Path;

pub fn main(out: &Path) {
    let chrome = find_chrome().unwrap_or_else(|e| panic!("{e}"));
    let mut b = Browser::launch(&chrome).expect("start Chromium");
    let page = |lang: &str| format!("file://{}", out.join(lang).join("search/index.html").display());
    for (lang, words) in
        [("ky", ["келишим", "жумуш", "паспорт виза", "ко"]), ("ru", ["договор", "паспорт", "работа виза", "до"])]
    {
        b.open(&page(lang)).unwrap();
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
            println!(
                "{lang} {word:>14}: first results in {:>5.1} ms; index files loaded so far: {bytes} bytes",
                ms.as_f64().unwrap()
            );
            b.open(&page(lang)).unwrap();
        }
    }
}
