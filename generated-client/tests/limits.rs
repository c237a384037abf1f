//! The client at its limits, against a local server: rate-limit headers no
//! server should send, response bodies larger than the client reads, the
//! deadline and the client's own queue, and credentials that are empty.

mod support;

use std::future::Future;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::Arc;
use std::time::{Duration, Instant};

use hubspot_crm::{Client, Error, RateLimit, RetryPolicy, TimeoutKind};
use serde_json::json;
use support::{MockResponse, MockServer};

fn block_on<F: Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime").block_on(f)
}

fn contact() -> MockResponse {
    MockResponse::new(200).json(
        json!({"id": "1", "properties": {}, "createdAt": "2024-01-01T00:00:00Z",
               "updatedAt": "2024-01-01T00:00:00Z", "archived": false})
        .to_string(),
    )
}

fn rate_limited(policy: &str) -> MockResponse {
    MockResponse::new(429).json(
        json!({"status": "error", "message": "You have reached your limit.", "errorType": "RATE_LIMIT",
               "policyName": policy})
        .to_string(),
    )
}

/// Headers carrying `value` for every rate-limit number.
fn absurd(response: MockResponse, value: &str) -> MockResponse {
    response
        .header("X-HubSpot-RateLimit-Max", value)
        .header("X-HubSpot-RateLimit-Interval-Milliseconds", value)
        .header("X-HubSpot-RateLimit-Remaining", value)
}

const ABSURD: [&str; 8] = ["1e300", "inf", "-1", "0", "18446744073709551615", "NaN", "ten", "0.001"];

/// 20 per rolling second: the next call may have to wait for the window at
/// most (1 s and the limiter's 1 % guard); anything a header could do beyond
/// that would show as a longer wait.
fn limited(server: &MockServer, retry: RetryPolicy) -> Client {
    Client::builder("token").base_url(server.url()).rate_limit(RateLimit::per_second(20)).retry(retry).build().unwrap()
}

const WITHIN_THE_RATE: Duration = Duration::from_millis(1300);

#[test]
fn absurd_rate_limit_headers_on_a_200_leave_the_rate_as_configured() {
    for value in ABSURD {
        let server = MockServer::start();
        server.enqueue(absurd(contact(), value));
        server.enqueue(contact());
        let client = limited(&server, RetryPolicy::none());
        block_on(async {
            client.contacts().get_by_id("1").send().await.unwrap();
            let started = Instant::now();
            client.contacts().get_by_id("1").send().await.unwrap();
            let waited = started.elapsed();
            assert!(waited < WITHIN_THE_RATE, "{value:?}: the next call waited {waited:?}");
        });
        assert_eq!(server.requests().len(), 2, "{value:?}");
    }
}

#[test]
fn absurd_rate_limit_headers_on_a_429_leave_the_rate_as_configured() {
    for value in ABSURD {
        let server = MockServer::start();
        // Returned at once (no retries), then the next call.
        server.enqueue(absurd(rate_limited("TEN_SECONDLY_ROLLING"), value));
        server.enqueue(contact());
        // Waited out as Retry-After says, then the retry.
        server.enqueue(absurd(rate_limited("TEN_SECONDLY_ROLLING"), value).header("Retry-After", "0"));
        server.enqueue(contact());
        block_on(async {
            let client = limited(&server, RetryPolicy::none());
            let first = client.contacts().get_by_id("1").send().await;
            assert!(matches!(first, Err(Error::RateLimited(_))), "{value:?}: {first:?}");
            let started = Instant::now();
            client.contacts().get_by_id("1").send().await.unwrap();
            let waited = started.elapsed();
            assert!(waited < WITHIN_THE_RATE, "{value:?}: the next call waited {waited:?}");

            let client = limited(&server, RetryPolicy::default());
            let started = Instant::now();
            client.contacts().get_by_id("1").send().await.unwrap();
            let waited = started.elapsed();
            assert!(waited < WITHIN_THE_RATE, "{value:?}: the retry waited {waited:?}");
        });
        assert_eq!(server.requests().len(), 4, "{value:?}");
    }
}

/// A server that answers with a body of `total` bytes without announcing its
/// length, in 16 KiB pieces every 2 ms, and says how much it managed to
/// write before the client hung up.
fn slow_body_server(total: usize) -> (String, std::thread::JoinHandle<usize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let server = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        stream.set_write_timeout(Some(Duration::from_secs(5))).unwrap();
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).unwrap_or(0) == 1 {
            head.push(byte[0]);
        }
        let answer = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n";
        stream.write_all(answer.as_bytes()).unwrap();
        let piece = vec![b' '; 16 * 1024];
        let mut written = 0;
        while written < total {
            if stream.write_all(&piece).is_err() {
                break;
            }
            written += piece.len();
            std::thread::sleep(Duration::from_millis(2));
        }
        written
    });
    (url, server)
}

#[test]
fn a_body_over_the_limit_is_an_error_before_it_is_read_whole() {
    let total = 8 << 20;
    let (url, server) = slow_body_server(total);
    let client = Client::builder("token").base_url(url).max_response_size(64 << 10).build().unwrap();
    let result = block_on(client.contacts().get_by_id("1").send());
    let Err(Error::ResponseTooLarge { status: 200, limit, seen, announced: None }) = result else {
        panic!("expected a too-large error, got {result:?}")
    };
    assert_eq!(limit, 64 << 10);
    assert!(seen > 64 << 10 && seen <= (64 << 10) + (16 << 10) * 4, "stopped after {seen} bytes");
    let shown = result.unwrap_err().to_string();
    assert!(shown.contains("65536 bytes") && shown.contains(&format!("{seen} bytes read")), "{shown}");
    let written = server.join().unwrap();
    assert!(written < total / 4, "the server wrote {written} of {total} bytes: the client kept reading");
}

#[test]
fn an_announced_length_over_the_limit_is_refused_unread() {
    let server = MockServer::start();
    server.enqueue(MockResponse::new(200).json(vec![b' '; 100_000]));
    let client = Client::builder("token").base_url(server.url()).max_response_size(1000).build().unwrap();
    let result = block_on(client.contacts().get_by_id("1").send());
    assert!(
        matches!(result, Err(Error::ResponseTooLarge { limit: 1000, seen: 0, announced: Some(100_000), .. })),
        "{result:?}"
    );
    // Within the limit, an answer is read as usual.
    server.enqueue(contact());
    let client = Client::builder("token").base_url(server.url()).build().unwrap();
    block_on(client.contacts().get_by_id("1").send()).unwrap();
}

#[test]
fn the_deadline_starts_at_the_first_attempt_not_in_the_queue() {
    let server = MockServer::start();
    for _ in 0..3 {
        server.enqueue(contact());
    }
    // One request per 400 ms, a deadline of 300 ms: the third call waits
    // about 800 ms for its turn and still succeeds.
    let client = Client::builder("token")
        .base_url(server.url())
        .rate_limit(RateLimit::new(1, Duration::from_millis(400)))
        .deadline(Duration::from_millis(300))
        .build()
        .unwrap();
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let results = rt.block_on(async {
        let client = Arc::new(client);
        let calls: Vec<_> = (0..3)
            .map(|_| {
                let client = client.clone();
                tokio::spawn(async move { client.contacts().get_by_id("1").send().await })
            })
            .collect();
        let mut results = Vec::new();
        for call in calls {
            results.push(call.await.unwrap());
        }
        results
    });
    for result in &results {
        assert!(result.is_ok(), "{result:?}");
    }
    assert_eq!(server.requests().len(), 3);
}

#[test]
fn a_queue_timeout_ends_a_call_that_waited_too_long_for_its_turn_unsent() {
    let server = MockServer::start();
    server.enqueue(contact());
    let client = Client::builder("token")
        .base_url(server.url())
        .rate_limit(RateLimit::new(1, Duration::from_secs(5)))
        .queue_timeout(Duration::from_millis(100))
        .build()
        .unwrap();
    let (first, second) = block_on(async {
        let first = client.contacts().get_by_id("1").send().await;
        (first, client.contacts().get_by_id("1").send().await)
    });
    first.unwrap();
    let Err(Error::Timeout(timeout)) = &second else { panic!("expected a queue timeout, got {second:?}") };
    assert_eq!(timeout.which, TimeoutKind::Queue);
    assert_eq!(timeout.attempts, 0);
    assert!(timeout.to_string().contains("nothing was sent"), "{timeout}");
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn an_empty_or_blank_credential_is_a_configuration_error() {
    for token in ["", " ", "\t\n"] {
        let result = Client::builder(token).build();
        assert!(matches!(&result, Err(Error::Config(m)) if m.contains("access token is empty")), "{token:?}");
    }
    let result = Client::with_developer_api_key("  ").build();
    assert!(matches!(&result, Err(Error::Config(m)) if m.contains("API key is empty")), "{result:?}");
    assert!(Client::builder("pat-na1-x").build().is_ok());
}
