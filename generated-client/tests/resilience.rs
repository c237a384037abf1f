//! The client under real conditions, by fault injection against a local
//! server: retries, rate-limit answers, dropped connections, timeouts,
//! pagination, batch chunking and token refresh. What the client tells
//! `tracing` is checked in `tracing.rs`, a binary of its own (see there why).

mod support;

/// An empty association list (its type cannot be inferred from `[]`).
const NO_ASSOCIATIONS: [hubspot_crm::contacts::types::PublicAssociationsForObject; 0] = [];

use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use hubspot_crm::contacts::types::{
    BatchReadInputSimplePublicObjectId, PublicObjectSearchRequest, SimplePublicObjectId,
    SimplePublicObjectInputForCreate,
};
use hubspot_crm::{Client, Error, RequestOptions, RetryPolicy, TokenProvider};
use serde_json::json;
use support::{MockResponse, MockServer};

fn block_on<F: Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime").block_on(f)
}

/// Quick retries so the tests stay fast; no client-side rate limit.
fn client(server: &MockServer) -> Client {
    Client::builder("token-SECRET")
        .base_url(server.url())
        .retry(RetryPolicy::default().base_delay(Duration::from_millis(10)).max_delay(Duration::from_millis(50)))
        .no_rate_limit()
        .no_search_rate_limit()
        .build()
        .expect("client")
}

fn contact(id: &str) -> serde_json::Value {
    json!({"id": id, "properties": {"email": format!("{id}@example.com")}, "createdAt": "2024-01-01T00:00:00Z",
           "updatedAt": "2024-01-01T00:00:00Z", "archived": false})
}

fn rate_limited(policy: &str) -> MockResponse {
    MockResponse::new(429).json(
        json!({"status": "error", "message": "You have reached your limit.", "errorType": "RATE_LIMIT",
               "correlationId": "c-429", "policyName": policy})
        .to_string(),
    )
}

fn batch_input(n: usize) -> BatchReadInputSimplePublicObjectId {
    let inputs: Vec<SimplePublicObjectId> = (0..n).map(|i| SimplePublicObjectId::new(i.to_string())).collect();
    BatchReadInputSimplePublicObjectId::builder().inputs(inputs).properties(["email"]).build()
}

#[test]
fn a_429_with_retry_after_is_waited_out() {
    let server = MockServer::start();
    server.enqueue(rate_limited("TEN_SECONDLY_ROLLING").header("Retry-After", "0.2"));
    server.enqueue(MockResponse::new(200).json(contact("1").to_string()));
    let started = Instant::now();
    let got = block_on(client(&server).contacts().get_by_id("1").send()).expect("retried");
    assert_eq!(got.id, "1");
    assert!(started.elapsed() >= Duration::from_millis(200), "waited {:?}", started.elapsed());
    assert_eq!(server.requests().len(), 2);
}

#[test]
fn a_ten_secondly_429_without_retry_after_waits_out_the_window() {
    let server = MockServer::start();
    server.enqueue(rate_limited("TEN_SECONDLY_ROLLING").header("X-HubSpot-RateLimit-Interval-Milliseconds", "150"));
    server.enqueue(MockResponse::new(200).json(contact("1").to_string()));
    let started = Instant::now();
    // A creating POST: 429 means nothing was done, so it is retried too.
    let input = SimplePublicObjectInputForCreate::new(NO_ASSOCIATIONS, Default::default());
    block_on(client(&server).contacts().create(&input).send()).expect("retried");
    assert!(started.elapsed() >= Duration::from_millis(150), "waited {:?}", started.elapsed());
    assert_eq!(server.requests().len(), 2);
}

#[test]
fn a_daily_429_is_not_retried_and_is_a_rate_limit_error() {
    let server = MockServer::start();
    server.enqueue(rate_limited("DAILY").header("Retry-After", "1"));
    let err = block_on(client(&server).contacts().get_by_id("1").send()).expect_err("daily limit");
    let Error::RateLimited(api) = &err else { panic!("expected RateLimited, got {err:?}") };
    assert_eq!(api.policy_name(), Some("DAILY"));
    assert_eq!(api.retry_after(), Some(Duration::from_secs(1)));
    assert_eq!(err.correlation_id(), Some("c-429"));
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn a_503_then_200_succeeds_for_reads_and_retries_stop_at_the_limit() {
    let server = MockServer::start();
    server.enqueue(MockResponse::new(503));
    server.enqueue(MockResponse::new(200).json(contact("7").to_string()));
    assert_eq!(block_on(client(&server).contacts().get_by_id("7").send()).expect("retried").id, "7");
    assert_eq!(server.requests().len(), 2);

    let server = MockServer::start();
    for _ in 0..5 {
        server.enqueue(MockResponse::new(500));
    }
    let options = RequestOptions::new().max_retries(2);
    let err = block_on(client(&server).contacts().get_by_id("7").options(options).send()).expect_err("gives up");
    assert!(matches!(err, Error::Server(_)), "{err:?}");
    assert_eq!(server.requests().len(), 3, "one attempt and two retries");
}

#[test]
fn creating_posts_are_not_repeated_after_a_5xx_unless_asked() {
    let server = MockServer::start();
    server.enqueue(MockResponse::new(503));
    server.enqueue(MockResponse::new(201).json(contact("9").to_string()));
    let input = SimplePublicObjectInputForCreate::new(NO_ASSOCIATIONS, Default::default());
    let err = block_on(client(&server).contacts().create(&input).send()).expect_err("not retried");
    assert!(matches!(err, Error::Server(_)), "{err:?}");
    assert_eq!(server.requests().len(), 1);
    let created =
        block_on(client(&server).contacts().create(&input).options(RequestOptions::new().retry_unsafe()).send());
    assert_eq!(created.expect("the second 201").id, "9");
    // Batch read is a POST that only reads: retried by default.
    server.enqueue(MockResponse::new(502));
    server.enqueue(MockResponse::new(200).json(
        r#"{"status":"COMPLETE","results":[],"startedAt":"2024-01-01T00:00:00Z","completedAt":"2024-01-01T00:00:00Z"}"#,
    ));
    block_on(client(&server).contacts().batch_read(&batch_input(1)).send()).expect("retried read");
}

#[test]
fn conflicts_and_other_4xx_are_never_retried() {
    for status in [400, 401, 403, 404, 409] {
        let server = MockServer::start();
        server.enqueue(MockResponse::new(status).json(r#"{"message":"no","category":"X","correlationId":"c"}"#));
        let err = block_on(client(&server).contacts().get_by_id("1").send()).expect_err("an error");
        let class = match status {
            400 => matches!(err, Error::BadRequest(_)),
            401 => matches!(err, Error::Unauthorized(_)),
            403 => matches!(err, Error::Forbidden(_)),
            404 => matches!(err, Error::NotFound(_)),
            _ => matches!(err, Error::Conflict(_)),
        };
        assert!(class, "{status}: {err:?}");
        assert_eq!(server.requests().len(), 1, "{status} is not retried");
    }
}

#[test]
fn a_dropped_connection_is_retried() {
    let server = MockServer::start();
    server.enqueue(MockResponse::dropped());
    server.enqueue(MockResponse::new(200).json(contact("3").to_string()));
    assert_eq!(block_on(client(&server).contacts().get_by_id("3").send()).expect("retried").id, "3");
    assert_eq!(server.requests().len(), 2);

    let server = MockServer::start();
    server.enqueue(MockResponse::dropped());
    let no_retry = RequestOptions::new().max_retries(0);
    let err = block_on(client(&server).contacts().get_by_id("3").options(no_retry).send()).expect_err("dropped");
    assert!(matches!(err, Error::Connection { .. }), "{err:?}");
}

#[test]
fn a_slow_answer_hits_the_per_request_timeout() {
    let server = MockServer::start();
    server.enqueue(MockResponse::new(200).json(contact("1").to_string()).delayed(Duration::from_millis(800)));
    let options = RequestOptions::new().timeout(Duration::from_millis(100)).max_retries(0);
    let started = Instant::now();
    let err = block_on(client(&server).contacts().get_by_id("1").options(options).send()).expect_err("too slow");
    assert!(err.is_timeout(), "{err:?}");
    assert!(started.elapsed() < Duration::from_millis(700), "gave up after {:?}", started.elapsed());
}

#[test]
fn truncated_json_is_a_decode_error_keeping_the_body_and_is_not_retried() {
    let server = MockServer::start();
    server.enqueue(MockResponse::new(200).json(r#"{"id": "1", "propert"#));
    let err = block_on(client(&server).contacts().get_by_id("1").send()).expect_err("truncated");
    let Error::Decode { status, body, .. } = &err else { panic!("expected Decode, got {err:?}") };
    assert_eq!((*status, &body[..]), (200, &br#"{"id": "1", "propert"#[..]));
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn send_with_response_keeps_status_and_rate_limit_headers() {
    let server = MockServer::start();
    server.enqueue(
        MockResponse::new(200)
            .json(contact("1").to_string())
            .header("X-HubSpot-RateLimit-Remaining", "99")
            .header("X-HubSpot-RateLimit-Max", "100"),
    );
    let response = block_on(client(&server).contacts().get_by_id("1").send_with_response()).expect("200");
    assert_eq!(response.status, 200);
    assert_eq!(response.headers.get("x-hubspot-ratelimit-remaining").map(|v| v.as_bytes()), Some(&b"99"[..]));
    assert_eq!(response.value.id, "1");
}

fn page(ids: &[&str], next: Option<&str>) -> MockResponse {
    let mut body = json!({"results": ids.iter().map(|id| contact(id)).collect::<Vec<_>>()});
    if let Some(after) = next {
        body["paging"] = json!({"next": {"after": after, "link": "x"}});
    }
    MockResponse::new(200).json(body.to_string())
}

#[test]
fn get_page_streams_three_pages_lazily() {
    let server = MockServer::start();
    server.enqueue(page(&["1", "2"], Some("c2")));
    server.enqueue(page(&["3", "4"], Some("c3")));
    server.enqueue(page(&["5"], None));
    let client = client(&server);
    block_on(async {
        let mut pages = client.contacts().get_page().limit(2).properties(["email"]).into_stream();
        assert_eq!(server.requests().len(), 0, "nothing is fetched before the first item is asked for");
        assert_eq!(pages.next().await.expect("an item").expect("ok").id, "1");
        assert_eq!(server.requests().len(), 1, "one page fetched for the first item");
        assert_eq!(pages.next().await.expect("an item").expect("ok").id, "2");
        assert_eq!(server.requests().len(), 1, "the second item comes from the same page");
        let rest: Vec<String> = pages.try_collect().await.expect("all pages").into_iter().map(|c| c.id).collect();
        assert_eq!(rest, ["3", "4", "5"]);
    });
    let requests = server.requests();
    assert_eq!(requests.len(), 3, "the stream ends after the page without paging.next");
    assert!(requests[0].query_values("after").is_empty());
    assert_eq!(requests[1].query_values("after"), ["c2"]);
    assert_eq!(requests[2].query_values("after"), ["c3"]);
    assert!(requests.iter().all(|r| r.query_values("limit") == ["2"] && r.query_values("properties") == ["email"]));
}

#[test]
fn pages_stop_at_the_result_limit_with_the_limit_error_not_a_quiet_end() {
    let server = MockServer::start();
    for n in 0..2 {
        let mut p = page(&["a", "b"], Some(&format!("{}", (n + 1) * 2)));
        let mut body: serde_json::Value = serde_json::from_slice(&p.body).unwrap();
        body["total"] = json!(100);
        p = p.body(body.to_string());
        server.enqueue(p);
    }
    let client = Client::builder("t")
        .base_url(server.url())
        .search_result_limit(3)
        .no_search_rate_limit()
        .build()
        .expect("client");
    let request = PublicObjectSearchRequest::builder().after("").limit(2).properties(["email"]).build();
    let pages: Vec<Result<(usize, Option<String>), Error>> = block_on(async {
        let mut pages = client.contacts().search(&request).into_stream().into_pages();
        let mut out = Vec::new();
        while let Some(page) = pages.next().await {
            out.push(page.map(|p| (p.items.len(), p.next)));
        }
        out
    });
    assert_eq!(pages.len(), 3, "{pages:?}");
    assert!(matches!(&pages[0], Ok((2, Some(next))) if next == "2"), "{:?}", pages[0]);
    // The second page crosses the limit: one item, and no cursor that would skip the other.
    assert!(matches!(&pages[1], Ok((1, None))), "{:?}", pages[1]);
    assert!(matches!(pages[2], Err(Error::ResultLimit { limit: 3 })), "{:?}", pages[2]);
    assert_eq!(server.requests().len(), 2, "no page is asked for past the limit");
}

#[test]
fn search_pages_by_body_cursor_and_stops_at_the_result_limit() {
    let server = MockServer::start();
    for n in 0..3 {
        let mut p = page(&["a", "b"], Some(&format!("{}", (n + 1) * 2)));
        let mut body: serde_json::Value = serde_json::from_slice(&p.body).unwrap();
        body["total"] = json!(100);
        p = p.body(body.to_string());
        server.enqueue(p);
    }
    let client = Client::builder("t")
        .base_url(server.url())
        .search_result_limit(3)
        .no_search_rate_limit()
        .build()
        .expect("client");
    let request = PublicObjectSearchRequest::builder().after("").limit(2).properties(["email"]).build();
    let outcome: Vec<Result<String, Error>> = block_on(async {
        let mut pages = client.contacts().search(&request).into_stream();
        let mut out = Vec::new();
        while let Some(item) = pages.next().await {
            out.push(item.map(|c| c.id));
        }
        out
    });
    assert_eq!(outcome.len(), 4);
    assert!(outcome[..3].iter().all(Result::is_ok));
    assert!(matches!(outcome[3], Err(Error::ResultLimit { limit: 3 })), "{:?}", outcome[3]);
    let requests = server.requests();
    assert_eq!(requests.len(), 2, "no page is asked for past the limit");
    assert_eq!(requests[0].body_json()["after"], "");
    assert_eq!(requests[1].body_json()["after"], "2");
}

#[test]
fn two_hundred_fifty_ids_are_chunked_into_three_requests_and_merged() {
    let server = MockServer::start();
    let ok = |ids: &[&str]| {
        MockResponse::new(200).json(
            json!({"status": "COMPLETE", "results": ids.iter().map(|i| contact(i)).collect::<Vec<_>>(),
                   "startedAt": "2024-01-01T00:00:00Z", "completedAt": "2024-01-01T00:00:01Z"})
            .to_string(),
        )
    };
    server.enqueue(ok(&["a", "b"]));
    server.enqueue(
        MockResponse::new(207).json(
            json!({"status": "COMPLETE", "results": [contact("c")], "numErrors": 1,
                   "errors": [{"status": "error", "category": "OBJECT_NOT_FOUND", "message": "not found",
                               "context": {"ids": ["x"]}}],
                   "startedAt": "2024-01-01T00:00:00Z", "completedAt": "2024-01-01T00:00:01Z"})
            .to_string(),
        ),
    );
    server.enqueue(ok(&["d", "e", "f"]));
    let input = batch_input(250);
    let outcome = block_on(client(&server).contacts().batch_read(&input).archived(false).send_all());

    // The server answers in arrival order, which concurrency makes unpredictable:
    // the totals are what is fixed.
    assert_eq!(outcome.results.len(), 6);
    assert_eq!(outcome.errors.len(), 1);
    assert_eq!(outcome.errors[0].category, "OBJECT_NOT_FOUND");
    assert!(!outcome.is_complete());
    let ranges: Vec<_> = outcome.chunks.iter().map(|c| c.inputs.clone()).collect();
    assert_eq!(ranges, [0..100, 100..200, 200..250]);
    let mut statuses: Vec<u16> = outcome.chunks.iter().map(|c| *c.result.as_ref().expect("chunk ok")).collect();
    statuses.sort();
    assert_eq!(statuses, [200, 200, 207]);

    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    let mut sizes = Vec::new();
    let mut ids = Vec::new();
    for r in &requests {
        let body = r.body_json();
        let inputs = body["inputs"].as_array().expect("inputs");
        sizes.push(inputs.len());
        ids.extend(inputs.iter().map(|i| i["id"].as_str().unwrap().parse::<usize>().unwrap()));
        assert_eq!(body["properties"], json!(["email"]), "every chunk keeps the rest of the body");
        assert_eq!(r.query_values("archived"), ["false"]);
    }
    sizes.sort();
    ids.sort();
    assert_eq!(sizes, [50, 100, 100]);
    assert_eq!(ids, (0..250).collect::<Vec<_>>(), "every input is sent exactly once");
}

#[test]
fn property_history_halves_the_chunk_size_and_failed_chunks_are_reported() {
    let server = MockServer::start();
    server.enqueue(MockResponse::new(500));
    server.enqueue(MockResponse::new(500));
    let mut input = batch_input(60);
    input.properties_with_history = vec!["email".into()];
    let c = Client::builder("t").base_url(server.url()).retry(RetryPolicy::none()).no_rate_limit().build().unwrap();
    let outcome = block_on(c.contacts().batch_read(&input).send_all());
    let ranges: Vec<_> = outcome.chunks.iter().map(|c| c.inputs.clone()).collect();
    assert_eq!(ranges, [0..50, 50..60]);
    assert_eq!(outcome.failed_chunks().count(), 2);
    assert!(outcome.chunks.iter().all(|c| matches!(c.result, Err(Error::Server(_)))));
}

/// A chunked batch is a future like any other request: it can be spawned on a
/// multi-threaded runtime.
#[test]
fn a_chunked_batch_can_be_spawned() {
    fn spawnable<F: Future + Send>(future: F) -> F {
        future
    }
    let input = batch_input(3);
    let client = Client::new("t");
    drop(spawnable(client.contacts().batch_read(&input).archived(true).send_all()));
}

struct Rotating {
    calls: Mutex<Vec<bool>>,
}

impl TokenProvider for Rotating {
    fn token(&self, refresh: bool) -> std::pin::Pin<Box<dyn Future<Output = Result<String, String>> + Send + '_>> {
        Box::pin(async move {
            let mut calls = self.calls.lock().unwrap();
            calls.push(refresh);
            Ok(if refresh { "fresh-token".to_owned() } else { "stale-token".to_owned() })
        })
    }
}

#[test]
fn a_401_asks_the_token_provider_for_a_fresh_token_once() {
    let server = MockServer::start();
    server.enqueue(MockResponse::new(401).json(r#"{"message":"expired","category":"EXPIRED_AUTHENTICATION"}"#));
    server.enqueue(MockResponse::new(200).json(contact("1").to_string()));
    let provider = Arc::new(Rotating { calls: Mutex::new(Vec::new()) });
    struct Shared(Arc<Rotating>);
    impl TokenProvider for Shared {
        fn token(&self, refresh: bool) -> std::pin::Pin<Box<dyn Future<Output = Result<String, String>> + Send + '_>> {
            self.0.token(refresh)
        }
    }
    let client = Client::with_token_provider(Shared(provider.clone())).base_url(server.url()).build().expect("client");
    block_on(client.contacts().get_by_id("1").send()).expect("refreshed");
    let requests = server.requests();
    assert_eq!(requests[0].header("authorization"), Some("Bearer stale-token"));
    assert_eq!(requests[1].header("authorization"), Some("Bearer fresh-token"));
    assert_eq!(*provider.calls.lock().unwrap(), [false, true]);
    assert!(!format!("{client:?}").contains("token\""), "{client:?}");
}
