//! What the client tells `tracing`: one span per request with its method,
//! path template, attempt, status and time, a `retrying` event per retry, and
//! never a token or a parameter value.
//!
//! # Why these tests have a binary of their own and a global subscriber
//!
//! `tracing` caches, per callsite and for the whole process, whether any
//! subscriber is interested in it. The cache is filled the first time the
//! callsite is hit, from the subscribers that exist at that moment. These
//! tests used to sit in `resilience.rs` and record with a scoped subscriber
//! (`tracing::subscriber::with_default`). A parallel test in the same binary
//! that hit the client's `retrying` event or its span without a subscriber
//! could register the callsite while the scoped recorder did not exist (or
//! race with its registration) and cache "never"; from then on the recording
//! test saw nothing from that callsite. It failed once in 27 runs, right after
//! a memory-heavy build had slowed everything down.
//!
//! Here every test calls [`record`], which first installs one process-wide
//! subscriber (once, through a `OnceLock`, so every other test waits for it)
//! before any client code runs. Every callsite is therefore first registered
//! while that subscriber exists, and it answers "always", so no callsite can
//! be cached as "never". Nothing in this binary creates another subscriber.
//!
//! The global subscriber hands each span and event to a recorder kept in a
//! thread-local of the thread that emits it, so parallel tests do not see each
//! other's lines. That relies on the client running on the test's thread:
//! [`block_on`] drives it on a current-thread runtime, whose spawned tasks
//! (hyper's connection tasks) run on that same thread. The subscriber checks
//! the assumption: anything from this crate emitted on a thread without a
//! recorder is counted, and every test fails if the count is not zero.

mod support;

/// An empty association list (its type cannot be inferred from `[]`).
const NO_ASSOCIATIONS: [hubspot_crm::contacts::types::PublicAssociationsForObject; 0] = [];

use std::cell::RefCell;
use std::future::Future;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use hubspot_crm::contacts::types::SimplePublicObjectInputForCreate;
use hubspot_crm::{Client, RetryPolicy, TokenProvider};
use serde_json::json;
use support::{MockResponse, MockServer};
use tracing::subscriber::Interest;
use tracing::{Metadata, span};

fn block_on<F: Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime").block_on(f)
}

thread_local! {
    /// The lines recorded on this thread, while a test records.
    static LINES: RefCell<Option<Vec<String>>> = const { RefCell::new(None) };
}

/// Spans and events of this crate seen on a thread that was not recording.
static STRAY: AtomicUsize = AtomicUsize::new(0);

/// The process-wide subscriber: interested in everything, writing each span
/// field and event as a line to the emitting thread's recorder.
struct Global;

struct FieldText<'a>(&'a mut String);

impl tracing::field::Visit for FieldText<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        self.0.push_str(&format!("{}={:?} ", field.name(), value));
    }
}

impl Global {
    fn push(&self, metadata: &Metadata<'_>, line: impl FnOnce() -> String) {
        let recorded = LINES
            .try_with(|lines| match lines.borrow_mut().as_mut() {
                Some(lines) => {
                    lines.push(line());
                    true
                }
                None => false,
            })
            .unwrap_or(false);
        if !recorded && metadata.target().starts_with("hubspot_crm") {
            STRAY.fetch_add(1, Ordering::SeqCst);
        }
    }
}

impl tracing::Subscriber for Global {
    fn register_callsite(&self, _: &'static Metadata<'static>) -> Interest {
        Interest::always()
    }
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &span::Attributes<'_>) -> span::Id {
        self.push(span.metadata(), || {
            let mut text = format!("span {} ", span.metadata().name());
            span.record(&mut FieldText(&mut text));
            text
        });
        span::Id::from_u64(1)
    }
    fn record(&self, _: &span::Id, values: &span::Record<'_>) {
        let mut text = String::from("record ");
        values.record(&mut FieldText(&mut text));
        let _ = LINES.try_with(|lines| lines.borrow_mut().as_mut().map(|lines| lines.push(text)));
    }
    fn record_follows_from(&self, _: &span::Id, _: &span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        self.push(event.metadata(), || {
            let mut text = String::from("event ");
            event.record(&mut FieldText(&mut text));
            text
        });
    }
    fn enter(&self, _: &span::Id) {}
    fn exit(&self, _: &span::Id) {}
}

/// Install the global subscriber (once, before any client code runs in this
/// process), run `f` recording what this thread emits, and return the lines.
fn record(f: impl FnOnce()) -> String {
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| tracing::subscriber::set_global_default(Global).expect("no other global subscriber"));
    LINES.with(|lines| *lines.borrow_mut() = Some(Vec::new()));
    f();
    let lines = LINES.with(|lines| lines.borrow_mut().take()).expect("still recording").join("\n");
    assert_eq!(STRAY.load(Ordering::SeqCst), 0, "client spans or events off the test thread; lines here: {lines}");
    lines
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

fn contact(id: &str) -> String {
    json!({"id": id, "properties": {"email": format!("{id}@example.com")}, "createdAt": "2024-01-01T00:00:00Z",
           "updatedAt": "2024-01-01T00:00:00Z", "archived": false})
    .to_string()
}

#[test]
fn each_request_has_a_span_without_secrets() {
    let server = MockServer::start();
    server.enqueue(MockResponse::new(503));
    server.enqueue(MockResponse::new(200).json(contact("1")));
    let client = client(&server);
    let lines = record(|| {
        block_on(client.contacts().get_by_id("person@example.com").send()).expect("ok");
    });
    assert!(
        lines.contains("span hubspot.request method=GET path=\"/crm/objects/2026-09/{objectType}/{objectId}\""),
        "{lines}"
    );
    assert!(lines.contains("attempt=1") && lines.contains("attempt=2"), "{lines}");
    assert!(lines.contains("status=503") && lines.contains("status=200"), "{lines}");
    assert!(lines.contains("elapsed_ms="), "{lines}");
    // Time waiting for the client's own limiter, apart from time on the wire.
    assert!(lines.contains("queued_ms="), "{lines}");
    assert!(lines.contains("retrying"), "{lines}");
    assert!(!lines.contains("token-SECRET") && !lines.contains("person@example.com"), "no secrets or values: {lines}");
}

#[test]
fn a_rate_limited_create_logs_its_wait_but_not_its_body() {
    let server = MockServer::start();
    server.enqueue(
        MockResponse::new(429)
            .json(r#"{"status":"error","message":"You have reached your limit.","errorType":"RATE_LIMIT","policyName":"SECONDLY"}"#)
            .header("Retry-After", "0"),
    );
    server.enqueue(MockResponse::new(201).json(contact("2")));
    let client = client(&server);
    let input = SimplePublicObjectInputForCreate::new(
        NO_ASSOCIATIONS,
        [("email".to_owned(), "new@example.com".to_owned())].into(),
    );
    let lines = record(|| {
        block_on(client.contacts().create(&input).send()).expect("created after the wait");
    });
    assert!(lines.contains("span hubspot.request method=POST path=\"/crm/objects/2026-09/{objectType}\""), "{lines}");
    assert!(lines.contains("event message=retrying attempt=1 delay_ms=0"), "{lines}");
    assert!(lines.contains("status=429") && lines.contains("status=201"), "{lines}");
    assert!(!lines.contains("token-SECRET") && !lines.contains("new@example.com"), "no secrets or values: {lines}");
}

struct Rotating;

impl TokenProvider for Rotating {
    fn token(&self, refresh: bool) -> std::pin::Pin<Box<dyn Future<Output = Result<String, String>> + Send + '_>> {
        Box::pin(async move { Ok(if refresh { "fresh-SECRET".to_owned() } else { "stale-SECRET".to_owned() }) })
    }
}

#[test]
fn a_token_refresh_is_not_a_retry_and_shows_no_token() {
    let server = MockServer::start();
    server.enqueue(MockResponse::new(401).json(r#"{"message":"expired","category":"EXPIRED_AUTHENTICATION"}"#));
    server.enqueue(MockResponse::new(200).json(contact("3")));
    let client = Client::with_token_provider(Rotating).base_url(server.url()).build().expect("client");
    let lines = record(|| {
        block_on(client.contacts().get_by_id("3").send()).expect("refreshed");
    });
    assert!(lines.contains("status=401") && lines.contains("status=200"), "{lines}");
    assert!(!lines.contains("retrying") && !lines.contains("attempt=2"), "a refresh is not a retry: {lines}");
    assert!(!lines.contains("SECRET"), "no tokens: {lines}");
}

#[test]
fn an_oauth_refresh_traces_no_secret() {
    use hubspot_crm::oauth::{OAuthApp, Tokens};
    let server = MockServer::start();
    server.enqueue(MockResponse::new(200).json(
        json!({"access_token": "ACCESS-SECRET", "refresh_token": "REFRESH-SECRET", "expires_in": 1800}).to_string(),
    ));
    server.enqueue(MockResponse::new(200).json(contact("4")));
    let app = OAuthApp::new("client-id", "CLIENT-SECRET", "https://example.com/cb").base_url(server.url());
    let expired = Tokens::new("OLD-SECRET", "OLD-REFRESH-SECRET", jiff::Timestamp::UNIX_EPOCH);
    let client = Client::with_oauth(app, expired).base_url(server.url()).build().expect("client");
    let lines = record(|| {
        block_on(client.contacts().get_by_id("4").send()).expect("refreshed");
    });
    assert!(lines.contains("path=\"/oauth/token\"") && lines.contains("OAuth tokens refreshed"), "{lines}");
    assert!(!lines.contains("SECRET"), "no secrets: {lines}");
}
