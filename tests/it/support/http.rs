//! A small static HTTP server for browser tests: serves a folder on 127.0.0.1 on a
//! port the OS picks (it keeps its listener), logs every request's path, and can be
//! switched off (it then drops connections, like a lost network) or slowed down.

use super::links::percent_decode;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

#[derive(Default)]
struct State {
    log: Mutex<Vec<String>>,
    arrived: Condvar,
    down: AtomicBool,
    delay_ms: AtomicU64,
    stop: AtomicBool,
}

pub struct StaticServer {
    pub port: u16,
    state: Arc<State>,
    accept: Option<std::thread::JoinHandle<()>>,
}

impl StaticServer {
    /// Serves `dir` (read at each request, so it may be built later or rebuilt).
    pub fn start(dir: impl Into<PathBuf>) -> StaticServer {
        let dir = dir.into();
        let listener = TcpListener::bind(("127.0.0.1", 0)).unwrap();
        let port = listener.local_addr().unwrap().port();
        let state = Arc::new(State::default());
        let shared = state.clone();
        let accept = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if shared.stop.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let (state, dir) = (shared.clone(), dir.clone());
                // One thread per connection: the browser opens connections ahead of
                // its requests, and an idle one must not hold up the others.
                std::thread::spawn(move || answer(stream, &dir, &state));
            }
        });
        StaticServer { port, state, accept: Some(accept) }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}/{path}", self.port)
    }

    /// The paths requested since the last call.
    pub fn take_log(&self) -> Vec<String> {
        std::mem::take(&mut *self.state.log.lock().unwrap())
    }

    /// Off: connections are dropped unanswered, as with the network gone.
    pub fn set_down(&self, down: bool) {
        self.state.down.store(down, Ordering::SeqCst);
    }

    /// How long to wait before answering (a slow network).
    pub fn set_delay(&self, delay: Duration) {
        self.state.delay_ms.store(delay.as_millis() as u64, Ordering::SeqCst);
    }

    /// Waits until the paths requested since the last [`take_log`](Self::take_log)
    /// satisfy `done`, or fails after `timeout` naming `what`. Returns those paths
    /// (they stay in the log).
    pub fn wait_for(&self, what: &str, timeout: Duration, done: impl Fn(&[String]) -> bool) -> Vec<String> {
        let deadline = Instant::now() + timeout;
        let mut log = self.state.log.lock().unwrap();
        while !done(&log) {
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(!left.is_zero(), "waited {timeout:?} for {what}; requests seen: {:?}", *log);
            log = self.state.arrived.wait_timeout(log, left).unwrap().0;
        }
        log.clone()
    }

    /// Waits until `path` has been requested (see [`wait_for`](Self::wait_for)).
    pub fn wait_for_request(&self, path: &str, timeout: Duration) -> Vec<String> {
        self.wait_for(&format!("a request for {path}"), timeout, |log| log.iter().any(|p| p == path))
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.state.stop.store(true, Ordering::SeqCst);
        // Wake the accepting thread, which then sees `stop` and drops the listener.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(t) = self.accept.take() {
            let _ = t.join();
        }
    }
}

fn answer(mut stream: TcpStream, dir: &Path, state: &State) {
    if state.down.load(Ordering::SeqCst) {
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
    if state.down.load(Ordering::SeqCst) || line.is_empty() {
        return;
    }
    let path = line.split(' ').nth(1).unwrap_or("/").split(['?', '#']).next().unwrap_or("/").to_owned();
    state.log.lock().unwrap().push(path.clone());
    state.arrived.notify_all();
    std::thread::sleep(Duration::from_millis(state.delay_ms.load(Ordering::SeqCst)));
    let mut rel = percent_decode(path.trim_start_matches('/'));
    if rel.is_empty() || rel.ends_with('/') {
        rel.push_str("index.html");
    }
    let (status, body) = match std::fs::read(dir.join(&rel)) {
        Ok(b) if !rel.contains("..") => ("200 OK", b),
        _ => ("404 Not Found", b"not found".to_vec()),
    };
    let mime = match rel.rsplit('.').next() {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("png") => "image/png",
        Some("svg") => "image/svg+xml",
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
