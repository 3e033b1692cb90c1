//! Request lines longer than a URL can hold. hyper answers them itself (a bare 414, or 431
//! past its buffer) before any handler runs, where Zoho answers `LIMIT_EXCEEDED` as it does
//! for too many ids. Each connection's bytes pass through [`HeadGuard`], which follows the
//! request heads line by line (stepping over each body by its `Content-Length`) and, once a
//! request line outgrows [`MAX_REQUEST_LINE`], answers in Zoho's shape itself, reads the rest
//! of that head, and ends the connection. A chunked request body ends the watch for its
//! connection: hyper's own answers apply there.

use std::pin::Pin;
use std::task::{Context, Poll, ready};

use axum::http::StatusCode;
use serde_json::json;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};

use super::remove::MAX_IDS;
use super::reply::ApiError;

/// Below hyper's own limit on a URI (64 KiB): more than 3,000 ids of 19 digits.
pub const MAX_REQUEST_LINE: usize = 60 * 1024;

/// The listener `axum::serve` runs on: a TCP listener whose connections are guarded.
pub struct GuardedListener(pub TcpListener);

impl axum::serve::Listener for GuardedListener {
    type Io = HeadGuard;
    type Addr = std::net::SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        let (io, addr) = axum::serve::Listener::accept(&mut self.0).await;
        (HeadGuard::new(io), addr)
    }

    fn local_addr(&self) -> std::io::Result<Self::Addr> {
        self.0.local_addr()
    }
}

enum Phase {
    Passing,
    /// Writing the refusal; `usize` bytes of it are out.
    Refusing(Vec<u8>, usize),
    /// Reading what is left of the refused head, up to its blank line.
    Draining,
    /// Refused and drained: the server reads the end of the stream.
    Done,
}

pub struct HeadGuard {
    inner: TcpStream,
    phase: Phase,
    /// Bytes of the current line so far, and its first ones (to tell a request line and to
    /// read the headers that frame a body).
    line_len: usize,
    line_start: [u8; 64],
    /// The head's `Content-Length`, and how much of the body being passed is left.
    content_length: usize,
    body_left: usize,
    /// A chunked body cannot be stepped over without decoding it: the watch stops.
    chunked: bool,
    /// How much of `ids=` the bytes just seen match, and whether this line holds it.
    ids_match: usize,
    line_has_ids: bool,
    /// The last bytes seen while draining, to find the head's end.
    tail: [u8; 4],
}

impl HeadGuard {
    fn new(inner: TcpStream) -> Self {
        Self {
            inner,
            phase: Phase::Passing,
            line_len: 0,
            line_start: [0; 64],
            content_length: 0,
            body_left: 0,
            chunked: false,
            ids_match: 0,
            line_has_ids: false,
            tail: [0; 4],
        }
    }

    /// `METHOD /...`: the start of a request line, not of a body.
    fn is_request_line(&self) -> bool {
        let start = &self.line_start[..self.line_len.min(self.line_start.len())];
        let method = start.iter().take_while(|b| b.is_ascii_uppercase()).count();
        method > 0 && start.get(method) == Some(&b' ') && start.get(method + 1) == Some(&b'/')
    }

    /// A head's line ended: an empty one ends the head, a framing header is noted.
    fn end_line(&mut self) {
        let line = &self.line_start[..self.line_len.min(self.line_start.len())];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() {
            self.body_left = std::mem::take(&mut self.content_length);
        } else if let Some(colon) = line.iter().position(|&b| b == b':') {
            let (name, value) = line.split_at(colon);
            let value = String::from_utf8_lossy(&value[1..]).to_ascii_lowercase();
            if name.eq_ignore_ascii_case(b"content-length") {
                self.content_length = value.trim().parse().unwrap_or(0);
            } else if name.eq_ignore_ascii_case(b"transfer-encoding") && value.contains("chunked") {
                self.chunked = true;
            }
        }
        self.line_len = 0;
        self.ids_match = 0;
        self.line_has_ids = false;
    }

    /// Follows `bytes`; the index of the byte at which a request line got too long, if one did.
    fn watch(&mut self, bytes: &[u8]) -> Option<usize> {
        let mut i = 0;
        while i < bytes.len() {
            if self.chunked {
                return None;
            }
            if self.body_left > 0 {
                let step = self.body_left.min(bytes.len() - i);
                self.body_left -= step;
                i += step;
                continue;
            }
            let b = bytes[i];
            i += 1;
            if b == b'\n' {
                self.end_line();
                continue;
            }
            if self.line_len < self.line_start.len() {
                self.line_start[self.line_len] = b;
            }
            self.line_len += 1;
            self.ids_match = match (self.ids_match, b) {
                (3, b'=') => {
                    self.line_has_ids = true;
                    0
                }
                (n, _) if b"ids=".get(n) == Some(&b) => n + 1,
                (_, b'i') => 1,
                _ => 0,
            };
            if self.line_len > MAX_REQUEST_LINE && self.is_request_line() {
                return Some(i - 1);
            }
        }
        None
    }

    fn refusal(&self) -> Vec<u8> {
        let error = if self.line_has_ids {
            ApiError::ids_limit(MAX_IDS)
        } else {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "LIMIT_EXCEEDED",
                format!(
                    "Limit Exceeded, the URL cannot be longer than {MAX_REQUEST_LINE} characters"
                ),
            )
            .with(json!({ "limit": MAX_REQUEST_LINE, "param_name": "url" }))
        };
        let body = error.body().to_string();
        format!(
            "HTTP/1.1 400 Bad Request\r\ncontent-type: application/json;charset=UTF-8\r\n\
             content-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        )
        .into_bytes()
    }

    /// Drains `bytes`; whether the head's blank line was among them.
    fn drained(&mut self, bytes: &[u8]) -> bool {
        bytes.iter().any(|&b| {
            self.tail = [self.tail[1], self.tail[2], self.tail[3], b];
            &self.tail == b"\r\n\r\n" || self.tail[2..] == *b"\n\n"
        })
    }
}

impl AsyncRead for HeadGuard {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let this = self.get_mut();
        loop {
            match &mut this.phase {
                Phase::Passing => {
                    let before = buf.filled().len();
                    ready!(Pin::new(&mut this.inner).poll_read(cx, buf))?;
                    let Some(at) = this.watch(&buf.filled()[before..]) else {
                        return Poll::Ready(Ok(()));
                    };
                    // The rest of this read belongs to the refused head: the server never sees
                    // it, and the draining starts after the byte that tipped it over.
                    let rest = buf.filled()[before + at + 1..].to_vec();
                    buf.set_filled(before);
                    let done = this.drained(&rest);
                    this.phase = Phase::Refusing(this.refusal(), 0);
                    if done {
                        this.tail = *b"\r\n\r\n";
                    }
                }
                Phase::Refusing(out, sent) => {
                    while *sent < out.len() {
                        let n = ready!(Pin::new(&mut this.inner).poll_write(cx, &out[*sent..]))?;
                        if n == 0 {
                            return Poll::Ready(Err(std::io::ErrorKind::WriteZero.into()));
                        }
                        *sent += n;
                    }
                    ready!(Pin::new(&mut this.inner).poll_flush(cx))?;
                    this.phase = if &this.tail == b"\r\n\r\n" {
                        Phase::Done
                    } else {
                        Phase::Draining
                    };
                }
                Phase::Draining => {
                    let mut scratch = [0u8; 8192];
                    let mut sbuf = ReadBuf::new(&mut scratch);
                    ready!(Pin::new(&mut this.inner).poll_read(cx, &mut sbuf))?;
                    let got = sbuf.filled().to_vec();
                    if got.is_empty() || this.drained(&got) {
                        this.phase = Phase::Done;
                    }
                }
                Phase::Done => return Poll::Ready(Ok(())),
            }
        }
    }
}

impl AsyncWrite for HeadGuard {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.get_mut().inner).poll_write(cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn only_long_request_lines_trip_the_guard() {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await.unwrap();
        let addr = listener.local_addr().unwrap();
        let client = tokio::spawn(async move { TcpStream::connect(addr).await.unwrap() });
        let (server, _) = listener.accept().await.unwrap();
        let _client = client.await.unwrap();
        let mut g = HeadGuard::new(server);
        assert_eq!(
            g.watch(b"GET /crm/v8/Leads?ids=1,2 HTTP/1.1\r\nHost: x\r\n\r\n"),
            None
        );
        // A body, however long and whatever it looks like, is stepped over by its length.
        let mut body = b"DELETE /".to_vec();
        body.extend(vec![b'7'; MAX_REQUEST_LINE + 10]);
        let head = format!(
            "POST /crm/v8/x HTTP/1.1\r\nContent-Length: {}\r\n\r\n",
            body.len()
        );
        assert_eq!(g.watch(head.as_bytes()), None);
        assert_eq!(g.watch(&body), None, "a body is not a request line");
        let mut line = b"DELETE /crm/v8/Leads?ids=".to_vec();
        line.extend(std::iter::repeat_n(b'7', MAX_REQUEST_LINE));
        assert!(g.watch(&line).is_some(), "the next request line is watched");
        assert!(g.line_has_ids);
    }
}
