//! Driving headless Chromium in tests (over the CDP client of `chyrak pdf`): waiting
//! for a condition in the page, clicking through, and the page's own complaints.

use chyrak::commands::pdf::cdp::Browser;
use serde_json::{Value, json};
use std::path::Path;
use std::time::{Duration, Instant};

/// How long a page may take to reach a state before the test fails.
pub const PAGE_TIMEOUT: Duration = Duration::from_secs(30);

/// Evaluates `js` until it returns something truthy (a navigation may be under way),
/// or fails after [`PAGE_TIMEOUT`] saying `what` it waited for and where the page is.
pub fn wait_for(b: &mut Browser, js: &str, what: &str) -> Value {
    let deadline = Instant::now() + PAGE_TIMEOUT;
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

/// Clicks the element `selector` and waits for the next page to have loaded and
/// `then` to hold there.
pub fn click_and_wait(b: &mut Browser, selector: &str, then: &str) {
    let before = b.eval("location.href").unwrap();
    b.eval(&format!("document.querySelector({}).click(); true", json!(selector))).unwrap();
    let check = format!("location.href !== {before} && document.readyState === 'complete' && ({then})");
    wait_for(b, &check, &format!("the page after clicking {selector}"));
}

/// Problems the page reported, from recorded events: exceptions, console errors,
/// failed loads.
pub fn console_errors(events: &[Value]) -> Vec<String> {
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

pub fn file_url(path: &Path) -> String {
    format!("file://{}", path.display())
}
