//! Live reload over Server-Sent Events: a hub that open tabs subscribe to. The client
//! script that reloads the page (keeping its scroll position), swaps the stylesheet,
//! or shows a build error over the page is the theme's `scripts/live.js`; it is added
//! to HTML only as it is served by `chyrak serve`, never to `build` output.

use std::sync::Mutex;
use std::sync::mpsc::{Receiver, Sender, channel};

/// Path of the client script and of the event stream; `/__chyrak/` is never a page path.
pub const SCRIPT_PATH: &str = "/__chyrak/live.js";
pub const EVENTS_PATH: &str = "/__chyrak/events";

/// What open tabs are told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// Reload the page.
    Reload,
    /// Only the stylesheet changed: swap it to this URL path.
    Css(String),
    /// The build failed: show this message over the page.
    Error(String),
}

impl Event {
    /// The event in SSE wire format.
    pub fn to_sse(&self) -> String {
        let (name, data) = match self {
            Event::Reload => ("reload", String::new()),
            Event::Css(path) => ("css", path.clone()),
            Event::Error(message) => ("build-error", message.clone()),
        };
        let mut out = format!("event: {name}\n");
        for line in data.split('\n') {
            out.push_str("data: ");
            out.push_str(line);
            out.push('\n');
        }
        out.push('\n');
        out
    }
}

/// Every connected tab's channel.
#[derive(Default)]
pub struct Hub {
    tabs: Mutex<Vec<Sender<Event>>>,
    last_error: Mutex<Option<String>>,
}

impl Hub {
    /// A new subscriber. A tab that connects while the build is broken sees the error at once.
    pub fn subscribe(&self) -> Receiver<Event> {
        let (tx, rx) = channel();
        if let Some(message) = self.last_error.lock().expect("hub lock").clone() {
            let _ = tx.send(Event::Error(message));
        }
        self.tabs.lock().expect("hub lock").push(tx);
        rx
    }

    /// Sends `event` to every tab, forgetting the ones that went away.
    /// The same error twice (a page asked for again while still broken) is sent once.
    pub fn broadcast(&self, event: Event) {
        let mut last = self.last_error.lock().expect("hub lock");
        if let Event::Error(m) = &event {
            if last.as_ref() == Some(m) {
                return;
            }
        }
        *last = match &event {
            Event::Error(m) => Some(m.clone()),
            _ => None,
        };
        drop(last);
        self.tabs.lock().expect("hub lock").retain(|tx| tx.send(event.clone()).is_ok());
    }

    pub fn tabs(&self) -> usize {
        self.tabs.lock().expect("hub lock").len()
    }
}

/// Adds the live-reload script to an HTML page as it is served.
pub fn inject(html: &[u8]) -> Vec<u8> {
    let tag = format!("<script src=\"{SCRIPT_PATH}\"></script>");
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(i) => format!("{}{tag}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{tag}").into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_valid_sse_even_with_newlines() {
        assert_eq!(Event::Reload.to_sse(), "event: reload\ndata: \n\n");
        assert_eq!(Event::Error("a\nb".into()).to_sse(), "event: build-error\ndata: a\ndata: b\n\n");
    }

    #[test]
    fn script_goes_before_body_end() {
        let out = String::from_utf8(inject(b"<html><body><p>x</p></body></html>")).unwrap();
        assert_eq!(out, "<html><body><p>x</p><script src=\"/__chyrak/live.js\"></script></body></html>");
    }

    #[test]
    fn late_subscribers_see_the_current_error_and_dead_tabs_are_dropped() {
        let hub = Hub::default();
        let rx = hub.subscribe();
        drop(rx);
        hub.broadcast(Event::Error("broken".into()));
        assert_eq!(hub.tabs(), 0);
        let rx = hub.subscribe();
        assert_eq!(rx.recv().unwrap(), Event::Error("broken".into()));
        hub.broadcast(Event::Reload);
        assert_eq!(rx.recv().unwrap(), Event::Reload);
    }
}
