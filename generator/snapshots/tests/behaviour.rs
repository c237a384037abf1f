//! What the fixture snapshots do at run time: each test exercises one feature
//! of the generated code (open enums, keyword names, maps, recursion, unions,
//! several 2xx statuses, header and path parameters).

#[path = "../../../generated-client/tests/support/mod.rs"]
mod support;

use generator_snapshots::{Client, Error, enums, keywords, maps, multi_status, recursion, unions};
use serde_json::{Value, json};
use support::{MockResponse, MockServer};

/// Decode `value` as `T`, encode it again and require the same JSON.
fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(value: Value) -> T {
    let decoded: T = serde_json::from_value(value.clone()).expect("decodes");
    assert_eq!(serde_json::to_value(&decoded).expect("encodes"), value);
    decoded
}

fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime").block_on(f)
}

#[test]
fn enums_are_open_and_keep_unknown_values() {
    use enums::types::TaskState;
    assert_eq!(TaskState::from("OPEN"), TaskState::Open);
    assert_eq!(TaskState::from("in-progress"), TaskState::InProgress);
    assert_eq!(TaskState::from("in_progress"), TaskState::InProgress2);
    assert_eq!(TaskState::from("Unknown"), TaskState::Unknown2);
    assert_eq!(TaskState::from("+1"), TaskState::Plus1);
    assert_eq!(TaskState::from("-1").as_str(), "-1");
    let new: TaskState = round_trip(json!("SOMETHING_NEW"));
    assert_eq!(new, TaskState::Unknown("SOMETHING_NEW".into()));
    let task: enums::types::Task = round_trip(json!({"state": "DONE", "priority": "URGENT"}));
    assert_eq!(task.priority, Some(enums::types::TaskPriority::Unknown("URGENT".into())));
}

#[test]
fn keyword_and_digit_names_keep_their_wire_names() {
    let option: keywords::types::Option =
        round_trip(json!({"type": "t", "self": "s", "in": "i", "async": true, "2fa": false}));
    assert_eq!(option.r#type.as_deref(), Some("t"));
    assert_eq!(option.self_.as_deref(), Some("s"));
    assert_eq!(option.r#in.as_deref(), Some("i"));
    assert_eq!(option.r#async, Some(true));
    assert_eq!(option.n2fa, Some(false));
    let result: keywords::types::Result = round_trip(json!({"option": {}, "error": {"message": "m"}, "box": [{"fn": 1}]}));
    assert_eq!(result.r#box.map(|b| b[0].r#fn), Some(Some(1)));
}

#[test]
fn maps_take_typed_values_and_null_in_responses() {
    let record: maps::types::Record = round_trip(json!({
        "values": {"a": "x", "b": null},
        "history": {"a": [1, 2]},
        "anything": {"k": {"nested": true}},
        "maybe": null,
        "unlisted": 5
    }));
    assert_eq!(record.values["b"], None);
    assert_eq!(record.maybe, Some(None), "null is kept apart from absent");
    assert_eq!(record.additional_properties["unlisted"], json!(5));
    // `additionalProperties: false` gets no catch-all field: this literal names every field.
    let closed = maps::types::Closed { a: Some(1) };
    assert_eq!(serde_json::to_value(&closed).unwrap(), json!({"a": 1}));
    let scores: maps::types::Scores = round_trip(json!({"name": "n", "math": 1.5}));
    assert_eq!(scores.additional_properties["math"], 1.5);
}

#[test]
fn recursive_types_decode_deeply() {
    let node: recursion::types::Node = round_trip(json!({
        "name": "leaf",
        "parent": {"name": "mid", "parent": {"name": "root"}},
        "children": [{"name": "c1"}, {"name": "c2", "children": []}]
    }));
    assert_eq!(node.parent.and_then(|p| p.parent).map(|r| r.name).as_deref(), Some("root"));
    let _: recursion::types::Ping = round_trip(json!({"pong": {"ping": {"pong": {}}}}));
}

#[test]
fn unions_pick_the_first_match_and_keep_the_rest() {
    use unions::types::{IdOrName, Shape};
    assert!(matches!(round_trip::<Shape>(json!({"radius": 1.0})), Shape::Circle(_)));
    assert!(matches!(round_trip::<Shape>(json!({"side": 2.0})), Shape::Square(_)));
    assert!(matches!(round_trip::<Shape>(json!({"edges": 3})), Shape::Other(_)));
    assert_eq!(round_trip::<IdOrName>(json!(7)), IdOrName::I64(7));
    assert_eq!(round_trip::<IdOrName>(json!("seven")), IdOrName::String("seven".into()));
    let named: unions::types::NamedShape = round_trip(json!({"radius": 1.0, "name": "c", "id": 3}));
    assert_eq!((named.radius, named.name.as_str(), named.id), (1.0, "c", Some(IdOrName::I64(3))));
}

fn client(server: &MockServer) -> Client {
    Client::builder("t").base_url(server.url()).build().expect("client")
}

#[test]
fn two_success_statuses_are_told_apart() {
    use multi_status::BatchReadResponse;
    let server = MockServer::start();
    server.enqueue(MockResponse::new(200).json(r#"{"results":["a"]}"#));
    server.enqueue(MockResponse::new(207).json(r#"{"results":["a"],"errors":[{"message":"b failed"}]}"#));
    server.enqueue(MockResponse::new(400).json(r#"{"message":"bad","correlationId":"c-1","category":"VALIDATION_ERROR"}"#));
    let client = client(&server);
    let body = multi_status::types::BatchReadBody::new(vec!["a".into(), "b".into()]);
    let all = block_on(client.multi_status().batch_read(&body).send()).expect("200");
    assert!(matches!(&all, BatchReadResponse::Ok(r) if r.results == ["a"]));
    assert_eq!(all.status(), 200);
    let partial = block_on(client.multi_status().batch_read(&body).send()).expect("207");
    match &partial {
        BatchReadResponse::MultiStatus(p) => assert_eq!(p.errors[0].message, "b failed"),
        other => panic!("expected 207, got {other:?}"),
    }
    assert_eq!(partial.status(), 207);
    let err = block_on(client.multi_status().batch_read(&body).send()).expect_err("400");
    assert_eq!((err.status(), err.correlation_id()), (Some(400), Some("c-1")));
    let requests = server.requests();
    assert_eq!(requests[0].body_json(), json!({"ids": ["a", "b"]}));
}

#[test]
fn path_and_header_parameters_and_no_content() {
    let server = MockServer::start();
    server.enqueue(MockResponse::new(204));
    server.enqueue(MockResponse::new(404).body("<html>not here</html>"));
    let client = client(&server);
    block_on(client.multi_status().archive(42, "req-1").send()).expect("204");
    let err = block_on(client.multi_status().archive(7, "req-2").send()).expect_err("404");
    match err {
        Error::Api(e) => assert_eq!((e.status, e.parsed.is_none(), &e.body[..]), (404, true, &b"<html>not here</html>"[..])),
        other => panic!("expected an API error, got {other:?}"),
    }
    let requests = server.requests();
    assert_eq!((requests[0].method.as_str(), requests[0].path.as_str()), ("DELETE", "/things/42"));
    assert_eq!(requests[0].header("x-request-id"), Some("req-1"));
}
