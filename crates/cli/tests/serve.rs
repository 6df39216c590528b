//! `quytrinh serve` as a process: bound to a loopback port, it prints its URL, answers the
//! page's requests and refuses a foreign Host; a missing folder is bad usage; an address
//! beyond loopback is served with a warning. (The HTTP layer is tested in crates/serve; the
//! page in headless Chromium by scripts/ci/serve.sh.)

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

use super::*;

/// A running `quytrinh serve`, stopped when dropped.
struct Served(Child);

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn serve(args: &[&str]) -> (Served, BufReader<std::process::ChildStdout>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_quytrinh"))
        .arg("serve")
        .args(args)
        .current_dir(repo())
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut url = String::new();
    out.read_line(&mut url).unwrap();
    (Served(child), out, url.trim().to_owned())
}

/// One HTTP/1.1 request with `host` as its Host header; the whole response.
fn request(port: u16, method: &str, path: &str, host: &str, extra: &str, body: &str) -> String {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n{extra}Content-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut response = String::new();
    s.read_to_string(&mut response).unwrap();
    response
}

#[test]
fn serve_prints_its_url_and_answers_the_page_on_loopback_only() {
    let (_server, _out, url) = serve(&["examples", "--port", "0"]);
    let port: u16 = url
        .strip_prefix("http://127.0.0.1:")
        .and_then(|p| p.strip_suffix('/'))
        .unwrap_or_else(|| panic!("{url}"))
        .parse()
        .unwrap();
    let host = format!("127.0.0.1:{port}");
    let page = request(port, "GET", "/", &host, "", "");
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    assert!(page.contains("<html lang=\"vi\">"));
    let files = request(port, "GET", "/api/files", &host, "", "");
    assert!(files.contains("khai-sinh.json") && files.contains("groups/lien-thong-khai-tu.json"));
    let rebound = request(
        port,
        "GET",
        "/api/files",
        &format!("evil.example:{port}"),
        "",
        "",
    );
    assert!(rebound.starts_with("HTTP/1.1 403"), "{rebound}");
    let cross = request(
        port,
        "POST",
        "/api/update",
        &host,
        "Origin: http://evil.example\r\nContent-Type: application/json\r\n",
        "{\"path\": \"khai-sinh.json\", \"text\": \"{}\"}",
    );
    assert!(cross.starts_with("HTTP/1.1 403"), "{cross}");
    let update = request(
        port,
        "POST",
        "/api/update",
        &host,
        &format!("Origin: http://{host}\r\nContent-Type: application/json\r\n"),
        "{\"path\": \"khai-sinh.json\", \"text\": \"{\\\"procedure\\\": 1}\"}",
    );
    assert!(update.starts_with("HTTP/1.1 200"), "{update}");
    assert!(update.contains("\"ok\":false"), "{update}");
    // Still answering after a bad model.
    assert!(request(port, "GET", "/api/files", &host, "", "").starts_with("HTTP/1.1 200"));
}

#[test]
fn serve_refuses_a_missing_folder() {
    let o = run(&["serve", "no-such-folder", "--port", "0"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no-such-folder"), "{}", stderr(&o));
}

#[test]
fn serve_warns_when_listening_beyond_loopback() {
    let (mut server, _out, url) = serve(&["examples", "--port", "0", "--host", "0.0.0.0"]);
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    let mut err = BufReader::new(server.0.stderr.take().unwrap());
    let mut line = String::new();
    err.read_line(&mut line).unwrap();
    assert!(line.starts_with("warning: listening on 0.0.0.0"), "{line}");
}
