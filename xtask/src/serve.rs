//! A minimal static file server for `dist/`, on loopback only.
//!
//! It serves GET and HEAD for files under one directory, with the MIME types the app needs
//! (`application/wasm` lets the browser compile while downloading) and `no-store` so a rebuilt
//! app is always the one loaded. One thread per connection is plenty for a developer and a
//! test browser.

use anyhow::Result;
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};

/// Serves `root` on `listener` forever.
pub fn run(listener: TcpListener, root: PathBuf) -> ! {
    loop {
        match listener.accept() {
            Ok((stream, _)) => {
                let root = root.clone();
                std::thread::spawn(move || {
                    // A client that hangs up mid-request is not our problem.
                    let _ = handle(stream, &root);
                });
            }
            Err(error) => eprintln!("xtask serve: accept failed: {error}"),
        }
    }
}

/// Serves `root` from a background thread on a free loopback port; returns its address.
pub fn spawn(root: PathBuf) -> Result<SocketAddr> {
    let listener = TcpListener::bind(("127.0.0.1", 0))?;
    let addr = listener.local_addr()?;
    std::thread::spawn(move || run(listener, root));
    Ok(addr)
}

fn handle(stream: TcpStream, root: &Path) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // Drain the headers; nothing in them changes the answer.
    let mut header = String::new();
    while reader.read_line(&mut header)? > 2 {
        header.clear();
    }
    let mut words = request_line.split_whitespace();
    let (method, target) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
    let mut stream = stream;
    if method != "GET" && method != "HEAD" {
        return respond(&mut stream, "405 Method Not Allowed", "text/plain", b"method not allowed", method);
    }
    match resolve(root, target).and_then(|path| std::fs::read(&path).ok().map(|body| (path, body))) {
        Some((path, body)) => respond(&mut stream, "200 OK", mime(&path), &body, method),
        None => respond(&mut stream, "404 Not Found", "text/plain", b"not found", method),
    }
}

/// Maps a request target to a file under `root`; `None` for anything that could escape it.
fn resolve(root: &Path, target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next()?;
    let path = path.strip_prefix('/')?;
    let mut resolved = root.to_path_buf();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        if segment.starts_with('.') || segment.contains('\\') || segment.contains('%') {
            return None;
        }
        resolved.push(segment);
    }
    if resolved.is_dir() {
        resolved.push("index.html");
    }
    Some(resolved)
}

fn mime(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("svg") => "image/svg+xml",
        Some("json") => "application/json",
        Some("webmanifest") => "application/manifest+json",
        Some("ts") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn respond(stream: &mut TcpStream, status: &str, content_type: &str, body: &[u8], method: &str) -> std::io::Result<()> {
    // One write for the head and one for the body: small writes would wait on Nagle's
    // algorithm and the client's delayed acknowledgement, tens of milliseconds each.
    stream.set_nodelay(true)?;
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nCache-Control: no-store\r\n\
         X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    if method != "HEAD" {
        stream.write_all(body)?;
    }
    stream.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_map_inside_the_root_only() {
        let root = Path::new("/srv/dist");
        assert_eq!(resolve(root, "/trowel.js?v=1"), Some(PathBuf::from("/srv/dist/trowel.js")));
        assert_eq!(resolve(root, "/pkg/trowel_wasm.js"), Some(PathBuf::from("/srv/dist/pkg/trowel_wasm.js")));
        assert_eq!(resolve(root, "/../etc/passwd"), None);
        assert_eq!(resolve(root, "/%2e%2e/etc/passwd"), None);
        assert_eq!(resolve(root, "http://elsewhere/"), None);
    }
}
