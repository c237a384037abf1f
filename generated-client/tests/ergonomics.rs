//! First-try ergonomics (issue #11), against a local server: `?` on batches,
//! shared 200/207 accessors, page cursors that resume, property helpers,
//! deadline vs per-attempt timeouts, transport errors that name their cause,
//! and operations refused without an accepted credential.

mod support;

use std::future::Future;
use std::time::Duration;

use hubspot_crm::contacts::types::{
    BatchReadInputSimplePublicObjectId, SimplePublicObject, SimplePublicObjectId, StandardError,
};
use hubspot_crm::{Client, Error, RequestOptions, RetryPolicy, StreamExt, TimeoutKind};
use serde_json::json;
use support::{MockResponse, MockServer};

fn block_on<F: Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime").block_on(f)
}

fn client(server: &MockServer) -> Client {
    Client::builder("token")
        .base_url(server.url())
        .retry(RetryPolicy::default().base_delay(Duration::from_millis(5)).max_delay(Duration::from_millis(10)))
        .no_rate_limit()
        .no_search_rate_limit()
        .build()
        .expect("client")
}

fn contact(id: &str) -> serde_json::Value {
    json!({"id": id, "properties": {"email": format!("{id}@example.com")}, "createdAt": "2024-01-01T00:00:00Z",
           "updatedAt": "2024-01-01T00:00:00Z", "archived": false})
}

fn batch(ids: std::ops::Range<u64>) -> serde_json::Value {
    let results: Vec<_> = ids.map(|i| contact(&i.to_string())).collect();
    json!({"status": "COMPLETE", "results": results, "startedAt": "2024-01-01T00:00:00Z", "completedAt": "2024-01-01T00:00:01Z"})
}

#[test]
fn send_all_works_with_the_question_mark_and_keeps_a_partial_outcome() {
    let input = BatchReadInputSimplePublicObjectId::builder().inputs(0..150_u64).properties(["email"]).build();
    let server = MockServer::start();
    server.enqueue(MockResponse::new(200).json(batch(0..100).to_string()));
    server.enqueue(MockResponse::new(200).json(batch(100..150).to_string()));
    let all = block_on(async { client(&server).contacts().batch_read(&input).send_all().await.into_result() })
        .expect("complete");
    assert_eq!(all.len(), 150);

    let server = MockServer::start();
    server.enqueue(MockResponse::new(200).json(batch(0..100).to_string()));
    server.enqueue(MockResponse::new(400).json(r#"{"category":"VALIDATION_ERROR","message":"bad ids"}"#));
    let err = block_on(async { client(&server).contacts().batch_read(&input).send_all().await.into_result() })
        .expect_err("a chunk failed");
    assert!(err.to_string().contains("1 of 2 chunks failed"), "{err}");
    assert!(err.to_string().contains("bad ids"), "{err}");
    let Error::Batch(failure) = err else { panic!("a batch error") };
    assert_eq!(failure.chunks().len(), 2);
    let outcome = failure.into_outcome::<SimplePublicObject, StandardError>().expect("batch read's types");
    assert_eq!(outcome.results.len(), 100);
    assert_eq!(outcome.failed_chunks().next().map(|c| c.inputs.clone()), Some(100..150));
}

#[test]
fn one_path_reads_200_and_207() {
    let input =
        BatchReadInputSimplePublicObjectId::builder().inputs([SimplePublicObjectId::from("1"), 2_u64.into()]).build();
    let mut partial = batch(1..2);
    partial["errors"] = json!([{"status": "error", "category": "OBJECT_NOT_FOUND", "message": "2 not found", "context": {}, "links": {}}]);
    let server = MockServer::start();
    server.enqueue(MockResponse::new(207).json(partial.to_string()));
    server.enqueue(MockResponse::new(200).json(batch(1..3).to_string()));
    for (status, results, errors) in [(207, 1, 1), (200, 2, 0)] {
        let answer = block_on(client(&server).contacts().batch_read(&input).send()).expect("answer");
        assert_eq!((answer.status(), answer.results().len(), answer.errors().len()), (status, results, errors));
    }
    assert_eq!(server.requests()[0].body_json()["inputs"], json!([{"id": "1"}, {"id": "2"}]));
}

#[test]
fn page_cursors_let_an_export_resume() {
    let server = MockServer::start();
    let page = |ids: &[&str], next: Option<&str>| {
        let mut body = json!({"results": ids.iter().map(|id| contact(id)).collect::<Vec<_>>()});
        if let Some(after) = next {
            body["paging"] = json!({"next": {"after": after}});
        }
        MockResponse::new(200).json(body.to_string())
    };
    server.enqueue(page(&["1", "2"], Some("c2")));
    server.enqueue(page(&["3"], Some("c3")));
    server.enqueue(page(&["4"], None));
    let client = client(&server);
    let (first, saved) = block_on(async {
        let mut pages = client.contacts().get_page().limit(2).into_stream().into_pages();
        let first = pages.next().await.expect("a page").expect("ok");
        (first.items.len(), first.next)
    });
    assert_eq!((first, saved.as_deref()), (2, Some("c2")));

    // Later: resume from the saved cursor, page by page to the end.
    let rest = block_on(async {
        let mut pages = client.contacts().get_page().limit(2).after(saved.unwrap()).into_stream().into_pages();
        let mut seen = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.expect("ok");
            seen.push((page.items.iter().map(|c| c.id.clone()).collect::<Vec<_>>(), page.next));
        }
        seen
    });
    assert_eq!(rest, [(vec!["3".to_owned()], Some("c3".to_owned())), (vec!["4".to_owned()], None)]);
    assert_eq!(server.requests()[1].query_values("after"), ["c2"]);

    // The stream combinators need no `futures`: take stops fetching.
    server.enqueue(page(&["1", "2"], Some("c2")));
    let ids = block_on(client.contacts().get_page().into_stream().map(|c| c.map(|c| c.id)).take(1).try_collect())
        .expect("ok");
    assert_eq!(ids, ["1"]);
    assert_eq!(server.requests().len(), 4);
}

#[test]
fn property_helpers_keep_null_and_absent_apart() {
    let record: SimplePublicObject = serde_json::from_value(json!({
        "id": "1", "createdAt": "2024-01-01T00:00:00Z", "updatedAt": "2024-01-01T00:00:00Z", "archived": false,
        "properties": {"email": "a@b.c", "phone": null, "employees": "42", "closedate": "2024-05-01T10:00:00Z", "empty": ""}
    }))
    .expect("decodes");
    assert_eq!(record.property("email"), Some("a@b.c"));
    assert_eq!(record.property("phone"), None);
    assert_eq!(record.property("fax"), None);
    assert_eq!(record.property_value("phone"), Some(None));
    assert_eq!(record.property_value("fax"), None);
    assert_eq!(record.property_value("email"), Some(Some("a@b.c")));
    assert_eq!(record.property_as::<i64>("employees"), Some(Ok(42)));
    assert!(record.property_as::<i64>("email").is_some_and(|r| r.is_err()));
    assert_eq!(record.property_as::<i64>("empty"), None);
    let closed = record.property_as::<hubspot_crm::jiff::Timestamp>("closedate").expect("set").expect("a date-time");
    assert_eq!(closed.to_string(), "2024-05-01T10:00:00Z");
}

#[test]
fn the_deadline_and_the_attempt_timeout_are_told_apart() {
    let server = MockServer::start();
    for _ in 0..3 {
        server.enqueue(MockResponse::new(200).json(contact("1").to_string()).delayed(Duration::from_millis(400)));
    }
    let attempt = RequestOptions::new().timeout(Duration::from_millis(50)).max_retries(2);
    let err = block_on(client(&server).contacts().get_by_id("1").options(attempt).send()).expect_err("too slow");
    let t = err.timeout().expect("a timeout");
    assert_eq!((t.which, t.attempts, t.after), (TimeoutKind::Attempt, 3, Some(Duration::from_millis(50))));
    assert!(err.to_string().contains("per-attempt timeout of 50ms (3 attempts)"), "{err}");

    let server = MockServer::start();
    server.enqueue(MockResponse::new(200).json(contact("1").to_string()).delayed(Duration::from_millis(600)));
    let deadline = RequestOptions::new().timeout(Duration::from_secs(5)).deadline(Duration::from_millis(100));
    let err = block_on(client(&server).contacts().get_by_id("1").options(deadline).send()).expect_err("too slow");
    let t = err.timeout().expect("a timeout");
    assert_eq!((t.which, t.attempts), (TimeoutKind::Deadline, 1));
    assert!(err.to_string().contains("deadline of 100ms passed (1 attempt)"), "{err}");
}

#[test]
fn a_retry_that_would_outlast_the_deadline_returns_the_servers_answer() {
    // A 503 asking for a 30 s wait, under a 2 s deadline: the call ends with
    // the server's error and its details, not a bare timeout after sleeping.
    let server = MockServer::start();
    server.enqueue(
        MockResponse::new(503).header("Retry-After", "30").json(r#"{"message":"try later","correlationId":"c-1"}"#),
    );
    let options = RequestOptions::new().deadline(Duration::from_secs(2));
    let started = std::time::Instant::now();
    let err = block_on(client(&server).contacts().get_by_id("1").options(options).send()).expect_err("a 503");
    assert!(matches!(err, Error::Server(_)), "{err:?}");
    assert_eq!(err.status(), Some(503));
    assert!(started.elapsed() < Duration::from_secs(2), "it did not wait for the deadline: {:?}", started.elapsed());
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn transport_errors_show_their_cause_and_attempts() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("port").local_addr().expect("addr");
    let client = Client::builder("token").base_url(format!("http://{closed}")).no_rate_limit().build().expect("client");
    let err = block_on(client.contacts().get_by_id("1").options(RequestOptions::new().max_retries(1)).send())
        .expect_err("refused");
    let text = err.to_string();
    assert!(matches!(err, Error::Connection { attempts: 2, .. }), "{err:?}");
    assert!(text.starts_with("connection failed (2 attempts): error sending request"), "{text}");
    assert!(text.matches(": ").count() >= 2, "the cause is written out: {text}");
}

#[test]
fn operations_without_an_accepted_credential_are_refused_before_sending() {
    let server = MockServer::start();
    let key_only = Client::with_developer_api_key("dev-key").base_url(server.url()).build().expect("client");
    let err = block_on(key_only.contacts().get_by_id("1").send()).expect_err("refused");
    assert!(matches!(err, Error::MissingCredentials { accepts: "an access token", .. }), "{err:?}");
    assert!(err.to_string().contains("accepts an access token"), "{err}");
    assert!(server.requests().is_empty());

    // A client given its own HTTP client may carry credentials in default headers: sent, with a warning.
    server.enqueue(MockResponse::new(200).json(contact("1").to_string()));
    let own = Client::with_developer_api_key("dev-key")
        .base_url(server.url())
        .http_client(Default::default())
        .build()
        .expect("client");
    assert_eq!(block_on(own.contacts().get_by_id("1").send()).expect("sent").id, "1");
}

/// Every type a request carries has `builder()`, optional fields included;
/// `new(..)` stays where it reads naturally. What a first program writes.
#[test]
fn request_types_are_built_one_way_with_optional_fields_set_by_name() {
    use hubspot_crm::contacts::types::{
        Filter, FilterOperator, PublicObjectSearchRequest, SimplePublicObjectInputForCreate,
    };
    let filter = Filter::builder().property_name("email").operator(FilterOperator::Eq).value("a@example.com").build();
    assert_eq!(filter.value.as_deref(), Some("a@example.com"));
    assert_eq!(filter, {
        let mut by_new = Filter::new(FilterOperator::Eq, "email");
        by_new.value = Some("a@example.com".to_owned());
        by_new
    });
    let in_list =
        Filter::builder().property_name("hs_lead_status").operator(FilterOperator::In).values(["NEW", "OPEN"]).build();
    assert_eq!(in_list.values, Some(vec!["NEW".to_owned(), "OPEN".to_owned()]));
    let create = SimplePublicObjectInputForCreate::builder()
        .properties(
            [("email".to_owned(), "a@example.com".to_owned())]
                .into_iter()
                .collect::<std::collections::BTreeMap<_, _>>(),
        )
        .build();
    assert!(create.associations.is_empty(), "a required list starts empty");
    let search = PublicObjectSearchRequest::builder().after("").limit(10).properties(["email"]).build();
    assert_eq!(serde_json::to_value(&search).unwrap()["limit"], 10);
    assert_eq!(BatchReadInputSimplePublicObjectId::builder().inputs(["1"]).build().inputs.len(), 1);
}
