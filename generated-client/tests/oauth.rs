//! OAuth against a local token endpoint: code exchange, refresh before
//! expiry and after a 401, one refresh for many callers, rotated refresh
//! tokens reaching the callback, and failures that say what happened.

mod support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use hubspot_crm::oauth::{OAuthApp, Tokens};
use hubspot_crm::{Client, Error};
use serde_json::json;
use support::{MockResponse, MockServer};

const SECRET: &str = "CLIENT-SECRET-1";

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime")
}

fn app(server: &MockServer) -> OAuthApp {
    OAuthApp::new("client-id", SECRET, "https://example.com/cb").base_url(server.url())
}

fn token_answer(access: &str, refresh: &str) -> MockResponse {
    MockResponse::new(200).json(
        json!({"access_token": access, "refresh_token": refresh, "expires_in": 1800, "token_type": "bearer"})
            .to_string(),
    )
}

fn contact() -> MockResponse {
    MockResponse::new(200).json(
        json!({"id": "1", "properties": {}, "createdAt": "2024-01-01T00:00:00Z",
               "updatedAt": "2024-01-01T00:00:00Z", "archived": false})
        .to_string(),
    )
}

fn expired() -> Tokens {
    Tokens::new("OLD-ACCESS", "OLD-REFRESH", jiff::Timestamp::now() - jiff::SignedDuration::from_secs(5))
}

fn form(body: &[u8]) -> Vec<(String, String)> {
    let text = String::from_utf8_lossy(body).into_owned();
    reqwest::Url::parse(&format!("http://x/?{text}")).unwrap().query_pairs().into_owned().collect()
}

#[test]
fn a_code_is_exchanged_for_tokens() {
    let server = MockServer::start();
    server.enqueue(token_answer("ACCESS-1", "REFRESH-1"));
    let tokens = runtime().block_on(app(&server).exchange_code("the-code")).unwrap();
    assert_eq!((tokens.access_token(), tokens.refresh_token()), ("ACCESS-1", "REFRESH-1"));
    let left = tokens.expires_at().duration_since(jiff::Timestamp::now());
    assert!(left > jiff::SignedDuration::from_secs(1790) && left <= jiff::SignedDuration::from_secs(1800), "{left:?}");
    let request = &server.requests()[0];
    assert_eq!((request.method.as_str(), request.path.as_str()), ("POST", "/oauth/v1/token"));
    assert_eq!(request.header("content-type"), Some("application/x-www-form-urlencoded"));
    assert_eq!(request.header("authorization"), None);
    let sent = form(&request.body);
    for pair in [
        ("grant_type", "authorization_code"),
        ("client_id", "client-id"),
        ("client_secret", SECRET),
        ("code", "the-code"),
        ("redirect_uri", "https://example.com/cb"),
    ] {
        assert!(sent.contains(&(pair.0.to_owned(), pair.1.to_owned())), "{pair:?} not in {sent:?}");
    }
}

#[test]
fn fifty_concurrent_calls_during_a_refresh_make_one_token_call() {
    let server = MockServer::start();
    server.enqueue(token_answer("NEW-ACCESS", "REFRESH-2"));
    for _ in 0..50 {
        server.enqueue(contact());
    }
    let rotated = Arc::new(Mutex::new(Vec::new()));
    let seen = rotated.clone();
    let credential =
        app(&server).refreshing(expired()).on_refresh(move |t| seen.lock().unwrap().push(t.refresh_token().to_owned()));
    let client = Client::with_token_provider(credential).base_url(server.url()).no_rate_limit().build().unwrap();
    runtime().block_on(async {
        let calls: Vec<_> = (0..50)
            .map(|_| {
                let client = client.clone();
                tokio::spawn(async move { client.contacts().get_by_id("1").send().await })
            })
            .collect();
        for call in calls {
            call.await.unwrap().unwrap();
        }
    });
    let requests = server.requests();
    let token_calls = requests.iter().filter(|r| r.path == "/oauth/v1/token").count();
    assert_eq!(token_calls, 1);
    assert_eq!(requests.len(), 51);
    assert!(requests[1..].iter().all(|r| r.header("authorization") == Some("Bearer NEW-ACCESS")));
    assert_eq!(*rotated.lock().unwrap(), ["REFRESH-2"], "the rotated refresh token reaches the callback");
    let sent = form(&requests[0].body);
    assert!(sent.contains(&("refresh_token".to_owned(), "OLD-REFRESH".to_owned())), "{sent:?}");
}

#[test]
fn a_token_that_expires_while_a_call_is_in_flight_is_refreshed_for_the_next() {
    let server = MockServer::start();
    server.enqueue(contact().delayed(Duration::from_millis(1500)));
    server.enqueue(token_answer("NEW-ACCESS", "REFRESH-2"));
    server.enqueue(contact());
    // Valid for one more second (two, less the one-second margin).
    let tokens = Tokens::new("OLD-ACCESS", "OLD-REFRESH", jiff::Timestamp::now() + jiff::SignedDuration::from_secs(2));
    let credential = app(&server).refreshing(tokens).margin(Duration::from_secs(1));
    let client = Client::with_token_provider(credential).base_url(server.url()).no_rate_limit().build().unwrap();
    runtime().block_on(async {
        let first = {
            let client = client.clone();
            tokio::spawn(async move { client.contacts().get_by_id("1").send().await })
        };
        tokio::time::sleep(Duration::from_millis(1200)).await;
        client.contacts().get_by_id("1").send().await.unwrap();
        first.await.unwrap().unwrap();
    });
    let requests = server.requests();
    let auth: Vec<_> = requests.iter().map(|r| (r.path.as_str(), r.header("authorization"))).collect();
    assert_eq!(
        auth,
        [
            ("/crm/objects/2026-09/contacts/1", Some("Bearer OLD-ACCESS")),
            ("/oauth/v1/token", None),
            ("/crm/objects/2026-09/contacts/1", Some("Bearer NEW-ACCESS")),
        ]
    );
}

#[test]
fn a_401_refreshes_once_and_the_call_is_retried() {
    let server = MockServer::start();
    server.enqueue(MockResponse::new(401).json(r#"{"message":"expired","category":"EXPIRED_AUTHENTICATION"}"#));
    server.enqueue(token_answer("NEW-ACCESS", "REFRESH-2"));
    server.enqueue(contact());
    let fresh =
        Tokens::new("OLD-ACCESS", "OLD-REFRESH", jiff::Timestamp::now() + jiff::SignedDuration::from_secs(3600));
    let client = Client::with_oauth(app(&server), fresh).base_url(server.url()).build().unwrap();
    runtime().block_on(client.contacts().get_by_id("1").send()).unwrap();
    let paths: Vec<_> = server.requests().iter().map(|r| r.path.clone()).collect();
    assert_eq!(paths, ["/crm/objects/2026-09/contacts/1", "/oauth/v1/token", "/crm/objects/2026-09/contacts/1"]);
}

#[test]
fn a_failed_refresh_is_a_clear_error_without_secrets() {
    let server = MockServer::start();
    server.enqueue(MockResponse::new(400).json(
        json!({"status": "BAD_REFRESH_TOKEN", "message": "missing or unknown refresh token", "correlationId": "c-9"})
            .to_string(),
    ));
    let client = Client::with_oauth(app(&server), expired()).base_url(server.url()).build().unwrap();
    let result = runtime().block_on(client.contacts().get_by_id("1").send());
    let Err(e @ Error::Auth(_)) = &result else { panic!("{result:?}") };
    let shown = format!("{e} {e:?} {client:?}");
    assert!(shown.contains("refresh failed") && shown.contains("missing or unknown refresh token"), "{shown}");
    for secret in [SECRET, "OLD-ACCESS", "OLD-REFRESH"] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
    assert_eq!(server.requests().len(), 1, "no API call without a token");
}
