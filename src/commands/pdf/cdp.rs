//! A minimal Chrome DevTools Protocol client: starts a local Chromium with a fresh
//! profile and no network chatter, opens pages, evaluates JavaScript and calls
//! `Page.printToPDF`. One websocket (tungstenite, blocking) to the browser target;
//! page commands go through a flattened session. Nothing is ever downloaded.

use crate::error::{Error, Result};
use serde_json::{Value, json};
use std::collections::VecDeque;
use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};
use tungstenite::{Message, WebSocket};

/// How long one CDP call may take before the browser is given up on.
const TIMEOUT: Duration = Duration::from_secs(120);

/// How to get a browser, for the error when none is found.
pub const INSTALL_HELP: &str = "chyrak pdf needs a local Chromium or Chrome. Install one \
(Debian/Ubuntu: `sudo apt-get install chromium`; Fedora: `sudo dnf install chromium`; \
macOS: `brew install --cask chromium`), or point CHYRAK_CHROME at its executable.";

/// Finds the browser: `CHYRAK_CHROME`, then `chromium`, `chromium-browser`,
/// `google-chrome` (and `google-chrome-stable`) on `PATH`.
pub fn find_chrome() -> Result<PathBuf> {
    if let Some(path) = std::env::var_os("CHYRAK_CHROME").filter(|p| !p.is_empty()) {
        let path = PathBuf::from(path);
        return if path.is_file() {
            Ok(path)
        } else {
            Err(Error::io(
                "find",
                &path,
                std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    format!("CHYRAK_CHROME names no file.\n{INSTALL_HELP}"),
                ),
            ))
        };
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    for name in ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"] {
        for dir in std::env::split_paths(&path) {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Ok(candidate);
            }
        }
    }
    Err(Error::io(
        "find",
        Path::new("Chromium"),
        std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!(
                "none of chromium, chromium-browser, google-chrome is on PATH and CHYRAK_CHROME is not set.\n{INSTALL_HELP}"
            ),
        ),
    ))
}

fn cdp_error(message: impl Into<String>) -> Error {
    Error::io("use", Path::new("Chromium"), std::io::Error::other(message.into()))
}

/// A running headless browser with one open tab.
pub struct Browser {
    child: Child,
    ws: WebSocket<TcpStream>,
    session: String,
    next_id: u64,
    events: VecDeque<Value>,
    profile: PathBuf,
    /// Every event seen since `record(true)`, for tests (console, network).
    recorded: Option<Vec<Value>>,
}

impl Browser {
    /// Starts `exe` headless and opens a tab.
    pub fn launch(exe: &Path) -> Result<Browser> {
        Self::launch_with(exe, &[])
    }

    /// [`Browser::launch`] with more command-line switches (tests: a proxy that blocks
    /// every request but loopback ones, site isolation off).
    pub fn launch_with(exe: &Path, extra: &[&str]) -> Result<Browser> {
        static LAUNCHES: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
        let profile = std::env::temp_dir().join(format!(
            "chyrak-chromium-{}-{}-{nanos}",
            std::process::id(),
            LAUNCHES.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&profile).map_err(|e| Error::io("create", &profile, e))?;
        let mut child = Command::new(exe)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--disable-default-apps",
                "--mute-audio",
                "--hide-scrollbars",
                "--remote-debugging-port=0",
                "--remote-debugging-address=127.0.0.1",
            ])
            .args(extra)
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| Error::io("start", exe, std::io::Error::new(e.kind(), format!("{e}\n{INSTALL_HELP}"))))?;
        // Chromium prints the browser's websocket address on stderr; keep draining the
        // pipe afterwards so that the browser never blocks on a full pipe.
        let stderr = child.stderr.take().expect("piped stderr");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut tail = Vec::new();
            for line in BufReader::new(stderr).lines().map_while(|l| l.ok()) {
                if let Some(at) = line.find("ws://") {
                    let _ = tx.send(Ok(line[at..].trim().to_owned()));
                } else if tail.len() < 20 {
                    tail.push(line);
                }
            }
            let _ = tx.send(Err(tail.join("\n")));
        });
        let ws_url = match rx.recv_timeout(Duration::from_secs(30)) {
            Ok(Ok(url)) => url,
            Ok(Err(tail)) => {
                let _ = child.kill();
                let _ = child.wait();
                let _ = std::fs::remove_dir_all(&profile);
                return Err(cdp_error(format!("`{}` exited before it was ready:\n{tail}", exe.display())));
            }
            Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                let _ = std::fs::remove_dir_all(&profile);
                return Err(cdp_error("no DevTools address after 30 s"));
            }
        };
        let host = ws_url.trim_start_matches("ws://").split('/').next().unwrap_or("").to_owned();
        let stream = TcpStream::connect(&host).map_err(|e| cdp_error(format!("cannot connect to {host}: {e}")))?;
        stream.set_read_timeout(Some(TIMEOUT)).map_err(|e| cdp_error(e.to_string()))?;
        let config = tungstenite::protocol::WebSocketConfig::default().max_message_size(None).max_frame_size(None);
        let (ws, _) = tungstenite::client::client_with_config(ws_url.as_str(), stream, Some(config))
            .map_err(|e| cdp_error(format!("websocket handshake: {e}")))?;
        let mut browser =
            Browser { child, ws, session: String::new(), next_id: 0, events: VecDeque::new(), profile, recorded: None };
        let target = browser.call_browser("Target.createTarget", json!({ "url": "about:blank" }))?;
        let target_id = target["targetId"].as_str().unwrap_or("").to_owned();
        let attached =
            browser.call_browser("Target.attachToTarget", json!({ "targetId": target_id, "flatten": true }))?;
        browser.session = attached["sessionId"].as_str().unwrap_or("").to_owned();
        browser.call("Page.enable", json!({}))?;
        browser.call("Runtime.enable", json!({}))?;
        Ok(browser)
    }

    fn send(&mut self, method: &str, params: Value, session: bool) -> Result<Value> {
        self.next_id += 1;
        let id = self.next_id;
        let mut msg = json!({ "id": id, "method": method, "params": params });
        if session {
            msg["sessionId"] = json!(self.session);
        }
        self.ws.send(Message::text(msg.to_string())).map_err(|e| cdp_error(format!("{method}: {e}")))?;
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let value = self.read(method, deadline)?;
            if value.get("id").and_then(Value::as_u64) == Some(id) {
                if let Some(err) = value.get("error") {
                    return Err(cdp_error(format!("{method}: {}", err["message"].as_str().unwrap_or("error"))));
                }
                return Ok(value["result"].clone());
            }
            if value.get("method").is_some() {
                self.events.push_back(value);
            }
        }
    }

    fn read(&mut self, what: &str, deadline: Instant) -> Result<Value> {
        loop {
            if Instant::now() > deadline {
                return Err(cdp_error(format!("{what}: no answer in {} s", TIMEOUT.as_secs())));
            }
            match self.ws.read() {
                Ok(Message::Text(text)) => {
                    let value: Value =
                        serde_json::from_str(text.as_str()).map_err(|e| cdp_error(format!("bad message: {e}")))?;
                    if let Some(recorded) = &mut self.recorded {
                        if value.get("method").is_some() {
                            recorded.push(value.clone());
                        }
                    }
                    return Ok(value);
                }
                Ok(Message::Close(_)) => return Err(cdp_error("the browser closed the connection")),
                Ok(_) => continue,
                Err(e) => return Err(cdp_error(format!("{what}: {e}"))),
            }
        }
    }

    fn call_browser(&mut self, method: &str, params: Value) -> Result<Value> {
        self.send(method, params, false)
    }

    /// Starts (or stops) keeping every event the browser sends, for [`Browser::take_recorded`].
    pub fn record(&mut self, on: bool) {
        self.recorded = on.then(Vec::new);
    }

    /// The events recorded since the last call.
    pub fn take_recorded(&mut self) -> Vec<Value> {
        self.recorded.as_mut().map(std::mem::take).unwrap_or_default()
    }

    /// Calls a method of the browser itself (not of the open tab).
    pub fn call_browser_target(&mut self, method: &str, params: Value) -> Result<Value> {
        self.call_browser(method, params)
    }

    /// Calls a method of the open tab.
    pub fn call(&mut self, method: &str, params: Value) -> Result<Value> {
        self.send(method, params, true)
    }

    /// Opens `url` in the tab and waits until it and its fonts are loaded.
    pub fn open(&mut self, url: &str) -> Result<()> {
        self.events.clear();
        let nav = self.call("Page.navigate", json!({ "url": url }))?;
        if let Some(err) = nav.get("errorText").and_then(Value::as_str) {
            return Err(cdp_error(format!("cannot open {url}: {err}")));
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(pos) = self.events.iter().position(|e| e["method"] == "Page.loadEventFired") {
                self.events.drain(..=pos);
                break;
            }
            let value = self.read("Page.navigate", deadline)?;
            if value.get("method").is_some() {
                self.events.push_back(value);
            }
        }
        self.events.clear();
        self.eval("document.fonts.ready.then(() => true)")?;
        Ok(())
    }

    /// Evaluates `expression` (awaiting a promise) and returns its value as JSON.
    pub fn eval(&mut self, expression: &str) -> Result<Value> {
        let r = self.call(
            "Runtime.evaluate",
            json!({ "expression": expression, "awaitPromise": true, "returnByValue": true }),
        )?;
        if let Some(ex) = r.get("exceptionDetails") {
            let text = ex["exception"]["description"].as_str().or(ex["text"].as_str()).unwrap_or("error");
            return Err(cdp_error(format!("script failed: {text}")));
        }
        Ok(r["result"]["value"].clone())
    }

    /// Prints the open page with its CSS page size, backgrounds, a tagged PDF and an
    /// outline made from the headings.
    pub fn print_pdf(&mut self) -> Result<Vec<u8>> {
        let params = json!({
                "preferCSSPageSize": true,
                "printBackground": true,
                "displayHeaderFooter": false,
                "generateDocumentOutline": true,
                "generateTaggedPDF": true,
                "marginTop": 0, "marginBottom": 0, "marginLeft": 0, "marginRight": 0,
        });
        let r = self.call("Page.printToPDF", params)?;
        let data = r["data"].as_str().ok_or_else(|| cdp_error("printToPDF returned no data"))?;
        base64_decode(data).ok_or_else(|| cdp_error("printToPDF returned bad base64"))
    }
}

impl Browser {
    /// The area `clip` (`[x, y, width, height]` in CSS pixels of the page, beyond the
    /// viewport too) as PNG, at `scale` device pixels per CSS pixel.
    pub fn screenshot_png(&mut self, clip: [f64; 4], scale: f64) -> Result<Vec<u8>> {
        let [x, y, width, height] = clip;
        let params = json!({
            "format": "png",
            "captureBeyondViewport": true,
            "clip": { "x": x, "y": y, "width": width, "height": height, "scale": scale },
        });
        let r = self.call("Page.captureScreenshot", params)?;
        let data = r["data"].as_str().ok_or_else(|| cdp_error("captureScreenshot returned no data"))?;
        base64_decode(data).ok_or_else(|| cdp_error("captureScreenshot returned bad base64"))
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.ws.close(None);
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

/// Standard base64 (with padding), as CDP sends binary data.
fn base64_decode(text: &str) -> Option<Vec<u8>> {
    fn value(c: u8) -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    }
    let bytes: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3);
    for chunk in bytes.chunks(4) {
        let pad = chunk.iter().rev().take_while(|&&b| b == b'=').count();
        let mut n = 0u32;
        for (k, &b) in chunk.iter().enumerate() {
            let v = if b == b'=' { 0 } else { value(b)? };
            n |= v << (18 - 6 * k);
        }
        let got = chunk.len().checked_sub(1 + pad)?;
        out.extend_from_slice(&n.to_be_bytes()[1..1 + got]);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::base64_decode;

    #[test]
    fn base64() {
        assert_eq!(base64_decode("JVBERi0xLjQ=").unwrap(), b"%PDF-1.4");
        assert_eq!(base64_decode("YWI=").unwrap(), b"ab");
        assert_eq!(base64_decode("YWJj").unwrap(), b"abc");
        assert_eq!(base64_decode("YQ==").unwrap(), b"a");
        assert!(base64_decode("@@@@").is_none());
    }
}
