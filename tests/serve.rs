//! `chyrak serve` on a free loopback port: pages with the right MIME types, folders
//! served as their index, the site's 404 page, HEAD, and no way out of the site.

mod common;
use common::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

struct Server(Child, u16);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start(site: &SiteTest) -> Server {
    let port = free_port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_chyrak"))
        .args(["serve", "--port", &port.to_string()])
        .current_dir(site.root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    assert!(line.contains(&format!("http://127.0.0.1:{port}/")), "{line}");
    Server(child, port)
}

/// A raw HTTP/1.0 request; returns (status, headers, body).
fn request(port: u16, method: &str, path: &str) -> (u16, String, Vec<u8>) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(s, "{method} {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    (status, head.to_ascii_lowercase(), raw[split + 4..].to_vec())
}

#[test]
fn serves_the_built_site_safely() {
    let site = SiteTest::new()
        .file("content/about.en.md", "+++\ntitle = \"About\"\n+++\nHello.\n")
        .file("content/lessons/a/index.en.md", "+++\ntitle = \"A\"\n+++\n![x](p.svg)\n")
        .file("content/lessons/a/p.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    std::fs::write(site.root().join("secret.txt"), "secret").unwrap();
    let server = start(&site);
    let port = server.1;

    let (status, head, body) = request(port, "GET", "/en/about/");
    assert_eq!(status, 200);
    assert!(head.contains("content-type: text/html; charset=utf-8"), "{head}");
    assert!(String::from_utf8_lossy(&body).contains("Hello."));

    let (status, head, _) = request(port, "GET", "/media/lessons/a/p.svg");
    assert_eq!(status, 200);
    assert!(head.contains("content-type: image/svg+xml"), "{head}");

    let css = site.read("en/about/index.html");
    let css_path = attr_values(&css, "href").into_iter().find(|h| h.ends_with(".css")).unwrap().replace("../../", "/");
    let (status, head, _) = request(port, "GET", &css_path);
    assert_eq!(status, 200, "{css_path}");
    assert!(head.contains("content-type: text/css"), "{head}");

    let (status, head, body) = request(port, "HEAD", "/en/about/index.html");
    assert_eq!(status, 200);
    assert!(body.is_empty());
    assert!(head.contains("content-length:"), "{head}");

    let (status, _, body) = request(port, "GET", "/no/such/page");
    assert_eq!(status, 404);
    assert!(String::from_utf8_lossy(&body).contains("<html"), "the site's own 404 page");

    for bad in ["/../secret.txt", "/%2e%2e/secret.txt", "/en/..%2f..%2fsecret.txt", "/..%5csecret.txt", "/en/%2e%2e/%2e%2e/secret.txt"] {
        let (status, _, body) = request(port, "GET", bad);
        assert_eq!(status, 404, "{bad}");
        assert!(!String::from_utf8_lossy(&body).contains("secret"), "{bad}");
    }
    let (status, _, _) = request(port, "POST", "/en/about/");
    assert_eq!(status, 405);
}
