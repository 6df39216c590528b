//! The checks every request passes before a handler runs.
//!
//! - `Host` must name this server: `localhost`, or an IP address, with the server's port. A
//!   page of another site that re-points its own domain name at 127.0.0.1 (DNS rebinding)
//!   sends its domain name in `Host` and is refused.
//! - A request that changes state (any method but GET and HEAD) must carry an `Origin` equal to
//!   the page's own (`http://` + its `Host`) and a JSON body: a form or a script of another
//!   site cannot write files.

use std::net::IpAddr;

use axum::http::{HeaderMap, Method, header};

/// Why a request was refused, as said to its sender.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// `Host` is missing or names another server.
    Host,
    /// A state-changing request without this page's `Origin`.
    Origin,
    /// A state-changing request whose body is not JSON.
    ContentType,
}

impl Refusal {
    /// The message shown (English: the page translates what it shows).
    pub fn message(&self) -> &'static str {
        match self {
            Refusal::Host => {
                "the Host header does not name this server (open the address quytrinh serve printed)"
            }
            Refusal::Origin => {
                "cross-origin request refused: only the page of this server may change files"
            }
            Refusal::ContentType => {
                "the request body must be JSON (Content-Type: application/json)"
            }
        }
    }
}

/// Whether `host` (a `Host` header value) names this server listening on `port`.
pub fn host_allowed(host: &str, port: u16) -> bool {
    let Some((name, p)) = host.rsplit_once(':') else {
        return false;
    };
    if p.parse::<u16>().ok() != Some(port) {
        return false;
    }
    if name.eq_ignore_ascii_case("localhost") {
        return true;
    }
    let bare = name
        .strip_prefix('[')
        .and_then(|n| n.strip_suffix(']'))
        .unwrap_or(name);
    bare.parse::<IpAddr>().is_ok()
}

/// Checks a request's method and headers; `Ok` lets it through.
pub fn check(method: &Method, headers: &HeaderMap, port: u16) -> Result<(), Refusal> {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .ok_or(Refusal::Host)?;
    if !host_allowed(host, port) {
        return Err(Refusal::Host);
    }
    if method == Method::GET || method == Method::HEAD {
        return Ok(());
    }
    let origin = headers
        .get(header::ORIGIN)
        .and_then(|h| h.to_str().ok())
        .ok_or(Refusal::Origin)?;
    if origin != format!("http://{host}") {
        return Err(Refusal::Origin);
    }
    // A browser marks a request another site made; refuse it even if a proxy rewrote Origin.
    if headers
        .get("sec-fetch-site")
        .and_then(|h| h.to_str().ok())
        .is_some_and(|s| s != "same-origin" && s != "none")
    {
        return Err(Refusal::Origin);
    }
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|h| h.to_str().ok())
        .is_some_and(|c| {
            c.split(';')
                .next()
                .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"))
        });
    if !json {
        return Err(Refusal::ContentType);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
        assert!(host_allowed("127.0.0.1:8808", 8808));
        assert!(host_allowed("localhost:8808", 8808));
        assert!(host_allowed("[::1]:8808", 8808));
        assert!(host_allowed("192.168.1.5:8808", 8808));
        assert!(!host_allowed("127.0.0.1:8809", 8808));
        assert!(!host_allowed("evil.example:8808", 8808));
        assert!(!host_allowed("127.0.0.1", 8808));
        assert!(!host_allowed("localhost.evil.example:8808", 8808));
    }
}
