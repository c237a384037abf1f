//! Tests of the mock HTTP server in `tests/support`, driven with raw std sockets.

mod support;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::thread;
use std::time::Duration;

use support::{MockResponse, MockServer};

/// A parsed HTTP response as seen by a raw client.
#[derive(Debug)]
struct RawResponse {
    status_line: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl RawResponse {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// Sends `parts` one by one (with short pauses) and reads the response until EOF.
fn send_parts(addr: SocketAddr, parts: &[&[u8]]) -> RawResponse {
    let mut stream = TcpStream::connect(addr).expect("connect to mock server");
    stream.set_read_timeout(Some(Duration::from_secs(5))).expect("set read timeout");
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            thread::sleep(Duration::from_millis(20));
        }
        stream.write_all(part).expect("write request");
    }
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read response");

    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("response head terminator");
    let head = std::str::from_utf8(&raw[..split]).expect("UTF-8 response head");
    let mut lines = head.split("\r\n");
    let status_line = lines.next().expect("status line").to_owned();
    let headers = lines
        .map(|line| {
            let (name, value) = line.split_once(':').expect("header colon");
            (name.to_owned(), value.trim().to_owned())
        })
        .collect();
    RawResponse { status_line, headers, body: raw[split + 4..].to_vec() }
}

fn send(addr: SocketAddr, request: &[u8]) -> RawResponse {
    send_parts(addr, &[request])
}

fn get(addr: SocketAddr, path: &str) -> RawResponse {
    send(addr, format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\n\r\n").as_bytes())
}

#[test]
fn url_points_to_loopback() {
    let server = MockServer::start();
    let url = server.url();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    assert_eq!(url, format!("http://{}", server.addr()));
}

#[test]
fn records_post_and_serves_queued_response() {
    let server = MockServer::start();
    server.enqueue(MockResponse::new(201).json(r#"{"id":"42"}"#).header("X-Request-Id", "abc"));

    let body = r#"{"properties":{"email":"a@b.c"}}"#;
    let request = format!(
        "POST /crm/objects/2026-09/contacts?a=1&a=2&b=x%20y HTTP/1.1\r\n\
         Host: {}\r\n\
         Content-Type: application/json\r\n\
         Authorization: Bearer token\r\n\
         Content-Length: {}\r\n\r\n{body}",
        server.addr(),
        body.len()
    );
    let response = send(server.addr(), request.as_bytes());

    assert_eq!(response.status_line, "HTTP/1.1 201 Created");
    assert_eq!(response.header("content-type"), Some("application/json"));
    assert_eq!(response.header("x-request-id"), Some("abc"));
    assert_eq!(response.header("content-length"), Some("11"));
    assert_eq!(response.header("connection"), Some("close"));
    assert_eq!(response.body, br#"{"id":"42"}"#);

    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let recorded = &requests[0];
    assert_eq!(recorded.method, "POST");
    assert_eq!(recorded.path, "/crm/objects/2026-09/contacts");
    assert_eq!(recorded.query, [("a", "1"), ("a", "2"), ("b", "x y")].map(|(n, v)| (n.to_owned(), v.to_owned())));
    assert_eq!(recorded.query_values("a"), ["1", "2"]);
    assert_eq!(recorded.query_values("b"), ["x y"]);
    assert!(recorded.query_values("missing").is_empty());
    assert_eq!(recorded.header("authorization"), Some("Bearer token"));
    assert_eq!(recorded.header("Content-Type"), Some("application/json"));
    assert!(recorded.headers.iter().all(|(n, _)| *n == n.to_lowercase()));
    assert_eq!(recorded.body, body.as_bytes());
    assert_eq!(recorded.body_json(), serde_json::json!({"properties": {"email": "a@b.c"}}));
}

#[test]
fn decodes_chunked_body_split_across_writes() {
    let server = MockServer::start();
    server.enqueue(MockResponse::new(200).body("ok"));

    let response = send_parts(
        server.addr(),
        &[
            b"PUT /upload HTTP/1.1\r\nHost: x\r\nTransfer-",
            b"Encoding: chunked\r\n\r\n5;ext=1\r\nhel",
            b"lo\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n",
        ],
    );

    assert_eq!(response.status_line, "HTTP/1.1 200 OK");
    assert_eq!(response.body, b"ok");
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].method, "PUT");
    assert_eq!(requests[0].path, "/upload");
    assert!(requests[0].query.is_empty());
    assert_eq!(requests[0].body, b"hello world");
}

#[test]
fn empty_queue_answers_500() {
    let server = MockServer::start();

    let response = get(server.addr(), "/anything");

    assert_eq!(response.status_line, "HTTP/1.1 500 Internal Server Error");
    assert_eq!(response.header("content-type"), Some("application/json"));
    assert_eq!(response.header("connection"), Some("close"));
    assert_eq!(response.body, br#"{"mock":"no response queued"}"#);
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn serves_responses_in_fifo_order() {
    let server = MockServer::start();
    server.enqueue(MockResponse::new(200).body("first"));
    server.enqueue(MockResponse::new(404).body("second"));

    let first = get(server.addr(), "/one");
    let second = get(server.addr(), "/two");
    let third = get(server.addr(), "/three");

    assert_eq!(first.status_line, "HTTP/1.1 200 OK");
    assert_eq!(first.body, b"first");
    assert_eq!(second.status_line, "HTTP/1.1 404 Not Found");
    assert_eq!(second.body, b"second");
    assert!(third.status_line.starts_with("HTTP/1.1 500"));
    let paths: Vec<_> = server.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(paths, ["/one", "/two", "/three"]);
}

#[test]
fn malformed_request_gets_400_and_server_keeps_serving() {
    let server = MockServer::start();
    server.enqueue(MockResponse::new(200).body("fine"));

    let bad = send(server.addr(), b"NONSENSE\r\n\r\n");
    let bad_length = send(server.addr(), b"POST / HTTP/1.1\r\nContent-Length: nope\r\n\r\n");
    let bad_chunk = send(server.addr(), b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
    let good = get(server.addr(), "/after");

    for response in [&bad, &bad_length, &bad_chunk] {
        assert_eq!(response.status_line, "HTTP/1.1 400 Bad Request");
        assert_eq!(response.header("connection"), Some("close"));
    }
    assert_eq!(good.status_line, "HTTP/1.1 200 OK");
    assert_eq!(good.body, b"fine");
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].path, "/after");
}

#[test]
fn head_response_has_no_body() {
    let server = MockServer::start();
    server.enqueue(MockResponse::new(200).body("hidden"));

    let response = send(server.addr(), b"HEAD /x HTTP/1.1\r\nHost: x\r\n\r\n");

    assert_eq!(response.header("content-length"), Some("6"));
    assert!(response.body.is_empty());
}

#[test]
fn drop_closes_the_port() {
    let server = MockServer::start();
    let addr = server.addr();
    assert!(TcpStream::connect(addr).is_ok());

    drop(server);

    let result = TcpStream::connect_timeout(&addr, Duration::from_secs(1));
    assert!(result.is_err(), "port still accepting after drop");
}

#[test]
fn drop_is_prompt_even_with_an_idle_client() {
    let server = MockServer::start();
    // A client that connects but never sends anything.
    let _idle = TcpStream::connect(server.addr()).expect("connect");
    thread::sleep(Duration::from_millis(50));

    let started = std::time::Instant::now();
    drop(server);

    assert!(started.elapsed() < Duration::from_secs(1), "{:?}", started.elapsed());
}
