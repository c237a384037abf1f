//! Raw requests (`Client::request`): the same retries, errors and
//! credentials as generated operations, for any path.

mod support;

use std::time::Duration;

use hubspot_crm::{Client, Error, Method, RetryPolicy};
use serde_json::{Value, json};
use support::{MockResponse, MockServer};

fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime").block_on(f)
}

fn client(server: &MockServer) -> Client {
    Client::builder("token-SECRET")
        .base_url(server.url())
        .retry(RetryPolicy::default().base_delay(Duration::from_millis(10)).max_delay(Duration::from_millis(50)))
        .no_rate_limit()
        .build()
        .expect("client")
}

#[test]
fn a_raw_request_sends_what_it_was_given_and_decodes_any_type() {
    let server = MockServer::start();
    server.enqueue(MockResponse::new(200).json(r#"{"results":[{"id":"7"}]}"#));
    server.enqueue(MockResponse::new(200).header("Content-Type", "text/csv").body("id\n7\n"));
    let client = client(&server);
    let (value, bytes) = block_on(async {
        let value = client
            .request(Method::POST, "/crm/v3/objects/widgets/search")
            .query("archived", false)
            .query("properties", "a b")
            .query("properties", "c&d")
            .header("X-Custom", "1")
            .json(&json!({"limit": 1}))
            .send::<Value>()
            .await
            .unwrap();
        let bytes = client.request(Method::GET, "/exports/1.csv").send_bytes().await.unwrap();
        (value, bytes)
    });
    assert_eq!((value.status, value.value["results"][0]["id"].as_str()), (200, Some("7")));
    assert_eq!(&bytes.value[..], b"id\n7\n");
    let requests = server.requests();
    let first = &requests[0];
    assert_eq!((first.method.as_str(), first.path.as_str()), ("POST", "/crm/v3/objects/widgets/search"));
    assert_eq!(first.raw_query.as_deref(), Some("archived=false&properties=a%20b&properties=c%26d"));
    assert_eq!(first.header("x-custom"), Some("1"));
    assert_eq!(first.header("authorization"), Some("Bearer token-SECRET"));
    assert_eq!(first.header("content-type"), Some("application/json"));
    assert_eq!(first.body_json(), json!({"limit": 1}));
    assert_eq!(requests[1].method, "GET");
}

#[test]
fn a_429_then_200_is_retried() {
    let server = MockServer::start();
    server.enqueue(MockResponse::new(429).header("Retry-After", "0").json(
        json!({"status": "error", "message": "limit", "errorType": "RATE_LIMIT", "policyName": "SECONDLY"}).to_string(),
    ));
    server.enqueue(MockResponse::new(200).json("{}"));
    // Even a POST that may create something: a 429 means nothing was done.
    let response =
        block_on(client(&server).request(Method::POST, "/crm/v3/objects/widgets").json(&json!({})).send::<Value>());
    assert_eq!(response.unwrap().status, 200);
    assert_eq!(server.requests().len(), 2);
}

#[test]
fn errors_are_the_typed_errors_of_generated_operations() {
    let server = MockServer::start();
    let body = json!({"status": "error", "message": "Object not found", "correlationId": "c-1",
                      "category": "OBJECT_NOT_FOUND"});
    server.enqueue(MockResponse::new(404).json(body.to_string()));
    server.enqueue(MockResponse::new(503));
    server.enqueue(MockResponse::new(503));
    let client = client(&server).clone();
    let missing = block_on(client.request(Method::GET, "/crm/v3/objects/widgets/1").send::<Value>());
    let missing = missing.unwrap_err();
    assert!(matches!(missing, Error::NotFound(_)), "{missing:?}");
    assert_eq!(missing.correlation_id(), Some("c-1"));
    // A creating POST is not repeated after a 5xx; marked read-only, it is.
    let created = block_on(client.request(Method::POST, "/x").send::<Value>());
    assert!(matches!(created, Err(Error::Server(_))), "{created:?}");
    server.enqueue(MockResponse::new(200).json("[]"));
    let read = block_on(client.request(Method::POST, "/x").read_only().send::<Vec<u8>>());
    assert_eq!(read.unwrap().value, Vec::<u8>::new());
    assert_eq!(server.requests().len(), 4);
    // A path without its leading slash is a configuration error, unsent.
    let bad = block_on(client.request(Method::GET, "crm/v3").send_bytes());
    assert!(matches!(bad, Err(Error::Config(_))), "{bad:?}");
    assert_eq!(server.requests().len(), 4);
}
