//! The generated Contacts client against the mock server in `tests/support`:
//! what goes on the wire for every operation, how every kind of answer is
//! decoded, and that errors keep what the server sent.

mod support;

/// An empty association list (its type cannot be inferred from `[]`).
const NO_ASSOCIATIONS: [hubspot_crm::contacts::types::PublicAssociationsForObject; 0] = [];

use std::collections::BTreeMap;
use std::fmt::Debug;
use std::future::Future;
use std::time::Duration;

use hubspot_crm::contacts::types::{
    AssociationSpec, AssociationSpecAssociationCategory, BatchInputSimplePublicObjectBatchInput,
    BatchInputSimplePublicObjectBatchInputForCreate, BatchInputSimplePublicObjectBatchInputUpsert,
    BatchInputSimplePublicObjectId, BatchReadInputSimplePublicObjectId, BatchResponseSimplePublicObjectStatus,
    ErrorDetailContext, Filter, FilterGroup, FilterOperator, PublicAssociationsForObject, PublicGdprDeleteInput,
    PublicMergeInput, PublicObjectId, PublicObjectSearchRequest, SimplePublicObjectBatchInput,
    SimplePublicObjectBatchInputForCreate, SimplePublicObjectBatchInputUpsert, SimplePublicObjectId,
    SimplePublicObjectInput, SimplePublicObjectInputForCreate, StandardError,
};
use hubspot_crm::contacts::{BatchCreateResponse, BatchReadResponse, BatchUpdateResponse, BatchUpsertResponse};
use hubspot_crm::{Client, Error};
use jiff::Timestamp;
use serde::Serialize;
use serde_json::{Value, json};
use support::{MockResponse, MockServer, RecordedRequest};

// ---------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------

const TOKEN: &str = "test-token-SECRET";
const CONTACTS: &str = "/crm/objects/2026-09/contacts";
const CORRELATION_ID: &str = "aeb5f871-7f07-4993-9211-075dc63e7cbf";

// Timestamps in the form jiff writes them, so that fixtures round-trip as text.
const REQUESTED_AT: &str = "2024-05-20T14:02:09.5Z";
const STARTED_AT: &str = "2024-05-20T14:02:10Z";
const COMPLETED_AT: &str = "2024-05-20T14:02:11.254Z";
const CREATED_AT: &str = "2024-03-04T09:15:00Z";
const UPDATED_AT: &str = "2024-05-20T14:02:11.25Z";

fn block_on<F: Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("tokio runtime").block_on(f)
}

/// A client for the mock server. No retries: these tests see every answer as
/// sent (retries have tests of their own in `resilience.rs`).
fn client_for(server: &MockServer) -> Client {
    Client::builder(TOKEN)
        .base_url(server.url())
        .timeout(Duration::from_secs(10))
        .connect_timeout(Duration::from_secs(5))
        .retry(hubspot_crm::RetryPolicy::none())
        .build()
        .unwrap()
}

/// Serves `response` to the single request `call` makes; returns the call's
/// outcome and the request as the server saw it.
fn exchange<T, Fut>(response: MockResponse, call: impl FnOnce(Client) -> Fut) -> (Result<T, Error>, RecordedRequest)
where
    Fut: Future<Output = Result<T, Error>>,
{
    let server = MockServer::start();
    server.enqueue(response);
    let result = block_on(call(client_for(&server)));
    let mut requests = server.requests();
    assert_eq!(requests.len(), 1, "expected exactly one request: {requests:#?}");
    (result, requests.remove(0))
}

fn json_response(status: u16, body: &Value) -> MockResponse {
    MockResponse::new(status).json(body.to_string())
}

/// Method, path (as sent, still percent-encoded) and the headers every request carries.
fn assert_request(request: &RecordedRequest, method: &str, path: &str) {
    assert_eq!(request.method, method, "method");
    assert_eq!(request.path, path, "path");
    assert_eq!(request.header("authorization"), Some("Bearer test-token-SECRET"));
    assert_eq!(request.header("accept"), Some("application/json"));
}

/// A request without a body: no content type, nothing sent.
fn assert_no_body(request: &RecordedRequest) {
    assert_eq!(request.header("content-type"), None);
    assert!(request.body.is_empty(), "unexpected body {:?}", String::from_utf8_lossy(&request.body));
}

/// A JSON request body, returned as a value.
fn json_body(request: &RecordedRequest) -> Value {
    assert_eq!(request.header("content-type"), Some("application/json"));
    request.body_json()
}

/// The decoded value serializes back to exactly the JSON the server sent.
fn assert_round_trips(decoded: &impl Serialize, sent: &Value) {
    assert_eq!(&serde_json::to_value(decoded).unwrap(), sent, "serialize(decode(x)) != x");
}

fn ts(text: &str) -> Timestamp {
    text.parse().unwrap_or_else(|e| panic!("bad timestamp {text:?}: {e}"))
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|&s| s.to_owned()).collect()
}

fn string_map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs.iter().map(|&(k, v)| (k.to_owned(), v.to_owned())).collect()
}

/// The property map of [`contact_json`] as decoded.
fn contact_properties(email: &str) -> BTreeMap<String, Option<String>> {
    [("email", email), ("firstname", "Ada")].into_iter().map(|(k, v)| (k.to_owned(), Some(v.to_owned()))).collect()
}

/// A contact record as HubSpot returns it.
fn contact_json(id: &str, email: &str) -> Value {
    json!({
        "id": id,
        "archived": false,
        "createdAt": CREATED_AT,
        "updatedAt": UPDATED_AT,
        "properties": {"email": email, "firstname": "Ada"}
    })
}

/// A contact as returned by an upsert.
fn upserted_contact_json(id: &str, email: &str, new: bool) -> Value {
    let mut contact = contact_json(id, email);
    contact["new"] = json!(new);
    contact
}

/// A batch response in which every input succeeded.
fn batch_json(results: Vec<Value>) -> Value {
    json!({
        "status": "COMPLETE",
        "results": results,
        "requestedAt": REQUESTED_AT,
        "startedAt": STARTED_AT,
        "completedAt": COMPLETED_AT
    })
}

/// A batch response in which some inputs failed (the `207` body).
fn multi_status_json(results: Vec<Value>) -> Value {
    let mut body = batch_json(results);
    body["numErrors"] = json!(1);
    body["errors"] = json!([standard_error_json()]);
    body["links"] = json!({"self": "https://api.hubapi.com/crm/objects/2026-09/contacts/batch/read", "none": null});
    body
}

/// One failed input within a `207` body.
fn standard_error_json() -> Value {
    json!({
        "status": "error",
        "category": "OBJECT_NOT_FOUND",
        "subCategory": {"reason": "DELETED"},
        "message": "Could not get some CONTACT objects, they may be deleted or not exist.",
        "id": "error-1",
        "context": {"ids": ["999", "998"], "missing": null},
        "links": {"knowledge-base": "https://knowledge.hubspot.com/contacts", "none": null},
        "errors": [
            {
                "message": "Contact 999 does not exist",
                "code": "NOT_FOUND",
                "in": "inputs[1].id",
                "subCategory": "OBJECT_NOT_FOUND",
                "context": {"ids": ["999"]}
            },
            {"message": "Missing scopes", "context": "{missingScopes=[crm.objects.contacts.read]}"}
        ]
    })
}

/// The decoded `errors` of [`multi_status_json`].
fn assert_standard_errors(errors: Option<&[StandardError]>) {
    let errors = errors.expect("errors present");
    let [error] = errors else { panic!("expected one error, got {errors:#?}") };
    assert_eq!(error.status, "error");
    assert_eq!(error.category, "OBJECT_NOT_FOUND");
    assert_eq!(error.sub_category, Some(BTreeMap::from([("reason".to_owned(), json!("DELETED"))])));
    assert_eq!(error.message, "Could not get some CONTACT objects, they may be deleted or not exist.");
    assert_eq!(error.id.as_deref(), Some("error-1"));
    assert_eq!(
        error.context,
        BTreeMap::from([("ids".to_owned(), Some(strings(&["999", "998"]))), ("missing".to_owned(), None)])
    );
    assert_eq!(
        error.links,
        BTreeMap::from([
            ("knowledge-base".to_owned(), Some("https://knowledge.hubspot.com/contacts".to_owned())),
            ("none".to_owned(), None),
        ])
    );

    let [first, second] = error.errors.as_slice() else { panic!("expected two details, got {:#?}", error.errors) };
    assert_eq!(first.message, "Contact 999 does not exist");
    assert_eq!(first.code.as_deref(), Some("NOT_FOUND"));
    assert_eq!(first.r#in.as_deref(), Some("inputs[1].id"));
    assert_eq!(first.sub_category.as_deref(), Some("OBJECT_NOT_FOUND"));
    assert_eq!(
        first.context,
        Some(ErrorDetailContext::Map(BTreeMap::from([("ids".to_owned(), Some(strings(&["999"])))])))
    );
    assert_eq!(second.message, "Missing scopes");
    assert_eq!(second.code, None);
    assert_eq!(
        second.context,
        Some(ErrorDetailContext::String("{missingScopes=[crm.objects.contacts.read]}".to_owned()))
    );
}

/// The timestamps of [`batch_json`], compared as instants written differently.
fn assert_batch_times(requested_at: Option<Timestamp>, started_at: Timestamp, completed_at: Timestamp) {
    assert_eq!(requested_at, Some(ts("2024-05-20T16:02:09.500+02:00")));
    assert_eq!(started_at, ts("2024-05-20T10:02:10-04:00"));
    assert_eq!(completed_at, ts("2024-05-20T14:02:11.254000Z"));
    assert_eq!(completed_at.as_millisecond(), started_at.as_millisecond() + 1254);
}

/// A pretty-printed HubSpot error body; its exact bytes are checked.
fn hubspot_error_body(category: &str, message: &str) -> String {
    format!(
        r#"{{
  "status": "error",
  "message": "{message}",
  "correlationId": "{CORRELATION_ID}",
  "category": "{category}",
  "subCategory": "CRM.SUB",
  "errors": [
    {{"message": "Property \"lifecyclestage\" was not valid – ünïcode", "code": "INVALID_OPTION", "in": "lifecyclestage", "context": {{"propertyName": ["lifecyclestage"]}}}}
  ],
  "context": {{"properties": ["lifecyclestage"]}},
  "links": {{"knowledge-base": "https://knowledge.hubspot.com/errors"}}
}}
"#
    )
}

/// `call` gets a HubSpot error body with `status`; the error keeps all of it.
fn assert_hubspot_error<T: Debug, Fut>(status: u16, category: &str, call: impl FnOnce(Client) -> Fut) -> RecordedRequest
where
    Fut: Future<Output = Result<T, Error>>,
{
    let message = format!("Failure with status {status}");
    let body = hubspot_error_body(category, &message);
    let response = MockResponse::new(status).json(body.clone()).header("X-HubSpot-Correlation-Id", CORRELATION_ID);
    let (result, request) = exchange(response, call);

    let err = result.expect_err("an error status must be an error");
    assert_eq!(err.status(), Some(status));
    assert_eq!(err.body(), Some(body.as_bytes()));
    assert_eq!(err.correlation_id(), Some(CORRELATION_ID));
    let class_matches = match status {
        400 => matches!(err, Error::BadRequest(_)),
        401 => matches!(err, Error::Unauthorized(_)),
        404 => matches!(err, Error::NotFound(_)),
        500 => matches!(err, Error::Server(_)),
        _ => matches!(err, Error::Api(_)),
    };
    assert!(class_matches, "status {status} gave {err:?}");
    let api = err.api().expect("an answer is kept");
    assert_eq!(api.status, status);
    assert_eq!(api.body.as_ref(), body.as_bytes(), "raw body kept byte-for-byte");
    assert_eq!(api.headers.get("x-hubspot-correlation-id").and_then(|v| v.to_str().ok()), Some(CORRELATION_ID));

    let parsed = api.parsed.as_ref().expect("a HubSpot error body is parsed");
    assert_eq!(parsed.correlation_id.as_deref(), Some(CORRELATION_ID));
    assert_eq!(parsed.category.as_deref(), Some(category));
    assert_eq!(parsed.message.as_deref(), Some(message.as_str()));
    assert_eq!(parsed.status.as_deref(), Some("error"));
    assert_eq!(parsed.sub_category, Some(json!("CRM.SUB")));
    assert_eq!(parsed.context, BTreeMap::from([("properties".to_owned(), json!(["lifecyclestage"]))]));
    assert_eq!(parsed.links, string_map(&[("knowledge-base", "https://knowledge.hubspot.com/errors")]));
    let [detail] = parsed.errors.as_slice() else { panic!("expected one detail, got {:#?}", parsed.errors) };
    assert_eq!(detail.message.as_deref(), Some("Property \"lifecyclestage\" was not valid – ünïcode"));
    assert_eq!(detail.code.as_deref(), Some("INVALID_OPTION"));
    assert_eq!(detail.in_.as_deref(), Some("lifecyclestage"));
    assert_eq!(detail.context, Some(json!({"propertyName": ["lifecyclestage"]})));

    let shown = err.to_string();
    for part in [status.to_string().as_str(), category, message.as_str(), CORRELATION_ID] {
        assert!(shown.contains(part), "{shown:?} lacks {part:?}");
    }
    request
}

fn batch_read_input() -> BatchReadInputSimplePublicObjectId {
    BatchReadInputSimplePublicObjectId::builder()
        .inputs(["430001", "430002"])
        .properties(strings(&["email", "firstname"]))
        .build()
}

// ---------------------------------------------------------------------------
// batch_read: request shape
// ---------------------------------------------------------------------------

#[test]
fn batch_read_sends_post_with_archived_query_auth_and_camel_case_body() {
    let input = &batch_read_input();
    let (result, request) = exchange(json_response(200, &batch_json(vec![])), |c| async move {
        c.contacts().batch_read(input).archived(false).send().await
    });
    result.unwrap();

    assert_request(&request, "POST", "/crm/objects/2026-09/contacts/batch/read");
    assert_eq!(request.query, [("archived".to_owned(), "false".to_owned())]);
    assert_eq!(
        json_body(&request),
        json!({
            "inputs": [{"id": "430001"}, {"id": "430002"}],
            "properties": ["email", "firstname"],
            "propertiesWithHistory": []
        }),
        "camelCase names, empty required arrays present, no idProperty"
    );
}

#[test]
fn batch_read_without_archived_sends_no_query_and_keeps_empty_arrays() {
    let mut input = BatchReadInputSimplePublicObjectId::builder().inputs(["ada@example.com"]).build();
    input.id_property = Some("email".into());
    let input = &input;
    let (result, request) =
        exchange(
            json_response(200, &batch_json(vec![])),
            |c| async move { c.contacts().batch_read(input).send().await },
        );
    result.unwrap();

    assert_request(&request, "POST", "/crm/objects/2026-09/contacts/batch/read");
    assert!(request.query.is_empty(), "{:?}", request.query);
    assert!(request.query_values("archived").is_empty());
    assert_eq!(
        json_body(&request),
        json!({
            "idProperty": "email",
            "inputs": [{"id": "ada@example.com"}],
            "properties": [],
            "propertiesWithHistory": []
        })
    );
}

// ---------------------------------------------------------------------------
// batch_read: success answers
// ---------------------------------------------------------------------------

#[test]
fn batch_read_200_is_ok_with_decoded_results() {
    let sent = batch_json(vec![contact_json("1201", "ada@example.com"), contact_json("1202", "grace@example.com")]);
    let input = &batch_read_input();
    let (result, _) =
        exchange(json_response(200, &sent), |c| async move { c.contacts().batch_read(input).send().await });

    let response = result.unwrap();
    assert_eq!(response.status(), 200);
    let BatchReadResponse::Ok(body) = &response else { panic!("expected Ok, got {response:?}") };
    assert_eq!(body.status, BatchResponseSimplePublicObjectStatus::Complete);
    assert_batch_times(body.requested_at, body.started_at, body.completed_at);
    assert_eq!(body.results.len(), 2);
    assert_eq!(body.results[0].id, "1201");
    assert_eq!(body.results[0].properties, contact_properties("ada@example.com"));
    assert_eq!(body.results[0].created_at, ts("2024-03-04T09:15:00.000Z"));
    assert_eq!(body.results[0].updated_at, ts("2024-05-20T14:02:11.250Z"));
    assert_eq!(body.results[1].id, "1202");
    assert_eq!(body.results[1].properties, contact_properties("grace@example.com"));
    assert_round_trips(body, &sent);
}

#[test]
fn batch_read_207_is_multi_status_with_results_and_errors() {
    let sent = multi_status_json(vec![contact_json("1201", "ada@example.com")]);
    let input = &batch_read_input();
    let (result, _) =
        exchange(json_response(207, &sent), |c| async move { c.contacts().batch_read(input).send().await });

    let response = result.unwrap();
    assert_eq!(response.status(), 207);
    let BatchReadResponse::MultiStatus(body) = &response else { panic!("expected MultiStatus, got {response:?}") };
    assert_eq!(body.status, BatchResponseSimplePublicObjectStatus::Complete);
    assert_eq!(body.num_errors, Some(1));
    assert_batch_times(body.requested_at, body.started_at, body.completed_at);
    assert_eq!(
        body.links,
        Some(BTreeMap::from([
            ("none".to_owned(), None),
            ("self".to_owned(), Some("https://api.hubapi.com/crm/objects/2026-09/contacts/batch/read".to_owned())),
        ]))
    );
    let [contact] = body.results.as_slice() else { panic!("expected one result, got {:#?}", body.results) };
    assert_eq!(contact.id, "1201");
    assert_eq!(contact.properties, contact_properties("ada@example.com"));
    assert_standard_errors(body.errors.as_deref());
    assert_round_trips(body, &sent);
}

#[test]
fn batch_read_unlisted_success_status_is_an_api_error() {
    let sent = batch_json(vec![]);
    let input = &batch_read_input();
    let (result, _) =
        exchange(json_response(201, &sent), |c| async move { c.contacts().batch_read(input).send().await });

    let err = result.expect_err("201 is not a success of batch_read");
    assert!(matches!(&err, Error::Api(api) if api.status == 201 && api.parsed.is_none()), "{err:?}");
    assert_eq!(err.body(), Some(sent.to_string().as_bytes()));
}

// ---------------------------------------------------------------------------
// Error answers
// ---------------------------------------------------------------------------

#[test]
fn batch_read_400_is_an_api_error_with_the_hubspot_body() {
    let input = &batch_read_input();
    let request = assert_hubspot_error(400, "VALIDATION_ERROR", |c| async move {
        c.contacts().batch_read(input).archived(true).send().await
    });
    assert_request(&request, "POST", "/crm/objects/2026-09/contacts/batch/read");
}

#[test]
fn get_page_401_is_an_api_error_with_the_hubspot_body() {
    let request =
        assert_hubspot_error(401, "INVALID_AUTHENTICATION", |c| async move { c.contacts().get_page().send().await });
    assert_request(&request, "GET", CONTACTS);
}

#[test]
fn get_by_id_404_is_an_api_error_with_the_hubspot_body() {
    let request =
        assert_hubspot_error(404, "OBJECT_NOT_FOUND", |c| async move { c.contacts().get_by_id("999").send().await });
    assert_request(&request, "GET", "/crm/objects/2026-09/contacts/999");
}

#[test]
fn archive_500_is_an_api_error_with_the_hubspot_body() {
    let request =
        assert_hubspot_error(500, "INTERNAL_ERROR", |c| async move { c.contacts().archive("1201").send().await });
    assert_request(&request, "DELETE", "/crm/objects/2026-09/contacts/1201");
}

#[test]
fn non_json_error_body_is_kept_raw_and_unparsed() {
    let html = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>upstream died</body>\r\n</html>\r\n";
    let response = MockResponse::new(502).header("Content-Type", "text/html").body(html);
    let input = &batch_read_input();
    let (result, _) = exchange(response, |c| async move { c.contacts().batch_read(input).send().await });

    let err = result.expect_err("502 is an error");
    assert_eq!(err.status(), Some(502));
    assert_eq!(err.correlation_id(), None);
    assert_eq!(err.body(), Some(html.as_bytes()));
    let Error::Server(api) = &err else { panic!("expected Error::Server, got {err:?}") };
    assert_eq!(api.status, 502);
    assert_eq!(api.parsed, None);
    assert_eq!(api.body.as_ref(), html.as_bytes());
    assert_eq!(api.headers.get("content-type").map(|v| v.as_bytes()), Some(&b"text/html"[..]));
    let shown = err.to_string();
    assert!(shown.contains("502") && shown.contains("upstream died"), "{shown:?}");
}

#[test]
fn invalid_success_body_is_a_decode_error_keeping_the_raw_body() {
    let truncated = r#"{"status":"COMPLETE","results":[{"id":"1201","archived":fa"#;
    let wrong_shape = r#"{"status":"COMPLETE","results":"not a list"}"#;
    for sent in [truncated, wrong_shape] {
        let input = &batch_read_input();
        let (result, _) =
            exchange(MockResponse::new(200).json(sent), |c| async move { c.contacts().batch_read(input).send().await });

        let err = result.expect_err("an undecodable body is an error");
        let Error::Decode { status, body, .. } = &err else { panic!("expected Error::Decode, got {err:?}") };
        assert_eq!(*status, 200);
        assert_eq!(body.as_ref(), sent.as_bytes());
        assert_eq!(err.status(), Some(200));
        assert_eq!(err.body(), Some(sent.as_bytes()));
        assert!(std::error::Error::source(&err).is_some(), "the JSON error is the source");
        assert!(err.to_string().starts_with("HTTP 200"), "{err}");
    }
}

// ---------------------------------------------------------------------------
// Forward compatibility
// ---------------------------------------------------------------------------

#[test]
fn unknown_enum_values_null_properties_and_unknown_fields_are_kept() {
    let mut contact = contact_json("1201", "ada@example.com");
    contact["properties"]["lastname"] = Value::Null;
    contact["futureFlag"] = json!({"enabled": true, "tiers": [1, 2]});
    contact["propertiesWithHistory"] = json!({
        "email": [{
            "sourceType": "CRM_UI",
            "timestamp": CREATED_AT,
            "value": "ada@example.com",
            "sourceVersion": 7
        }],
        "phone": null
    });
    let mut sent = batch_json(vec![contact]);
    sent["status"] = json!("SOMETHING_NEW");
    sent["brandNewField"] = json!({"nested": ["a", null]});
    let input = &batch_read_input();
    let (result, _) =
        exchange(json_response(200, &sent), |c| async move { c.contacts().batch_read(input).send().await });

    let BatchReadResponse::Ok(body) = result.unwrap() else { panic!("expected Ok") };
    assert!(
        matches!(&body.status, BatchResponseSimplePublicObjectStatus::Unknown(v) if v.as_str() == "SOMETHING_NEW"),
        "{:?}",
        body.status
    );
    assert_eq!(body.status.as_str(), "SOMETHING_NEW");
    assert_eq!(serde_json::to_value(&body.status).unwrap(), json!("SOMETHING_NEW"));
    assert_eq!(
        body.additional_properties,
        BTreeMap::from([("brandNewField".to_owned(), json!({"nested": ["a", null]}))])
    );

    let contact = &body.results[0];
    assert_eq!(contact.properties.get("lastname"), Some(&None), "null property decodes as None");
    assert_eq!(contact.properties.get("email"), Some(&Some("ada@example.com".to_owned())));
    assert_eq!(
        contact.additional_properties,
        BTreeMap::from([("futureFlag".to_owned(), json!({"enabled": true, "tiers": [1, 2]}))])
    );
    let history = contact.properties_with_history.as_ref().expect("history present");
    assert_eq!(history.get("phone"), Some(&None));
    let email_history = history["email"].as_deref().expect("email history");
    assert_eq!(email_history[0].value, "ada@example.com");
    assert_eq!(email_history[0].timestamp, ts(CREATED_AT));
    assert_eq!(email_history[0].additional_properties, BTreeMap::from([("sourceVersion".to_owned(), json!(7))]));

    assert_round_trips(&body, &sent);
}

// ---------------------------------------------------------------------------
// Secrets
// ---------------------------------------------------------------------------

fn assert_no_token(what: &str, text: &str) {
    assert!(!text.contains(TOKEN), "{what} leaks the token: {text}");
}

#[test]
fn the_token_appears_in_no_debug_or_error_output() {
    let builder = Client::builder(TOKEN);
    assert_no_token("ClientBuilder Debug", &format!("{builder:?}"));

    // An API error; the request did carry the token.
    let (result, request) =
        exchange(MockResponse::new(401).json(hubspot_error_body("INVALID_AUTHENTICATION", "no")), |c| {
            assert_no_token("Client Debug", &format!("{c:?}"));
            assert_no_token("Client Debug (alternate)", &format!("{c:#?}"));
            assert_no_token("Contacts Debug", &format!("{:?}", c.contacts()));
            assert_no_token("request builder Debug", &format!("{:?}", c.contacts().get_by_id("1").archived(true)));
            async move { c.contacts().get_page().send().await }
        });
    assert_eq!(request.header("authorization"), Some("Bearer test-token-SECRET"));
    let api_error = result.expect_err("401 is an error");

    // A decode error.
    let (result, _) =
        exchange(MockResponse::new(200).json("{"), |c| async move { c.contacts().get_by_id("1").send().await });
    let decode_error = result.expect_err("bad JSON is an error");

    // A transport error: nothing listens on the port any more.
    let closed = MockServer::start();
    let client = client_for(&closed);
    drop(closed);
    let transport_error = block_on(client.contacts().get_page().send()).expect_err("connection refused");
    assert!(matches!(transport_error, Error::Connection { .. }), "{transport_error:?}");
    assert_eq!(transport_error.status(), None);

    for (what, err) in [("Api", &api_error), ("Decode", &decode_error), ("Transport", &transport_error)] {
        assert_no_token(&format!("{what} error Display"), &err.to_string());
        assert_no_token(&format!("{what} error Debug"), &format!("{err:?}"));
        assert_no_token(&format!("{what} error Debug (alternate)"), &format!("{err:#?}"));
    }
}

// ---------------------------------------------------------------------------
// The other operations
// ---------------------------------------------------------------------------

#[test]
fn get_page_sends_exploded_query_parameters() {
    let mut contact = contact_json("1201", "ada@example.com");
    contact["associations"] = json!({"companies": {"results": [{"id": "3401", "type": "contact_to_company"}]}});
    let sent = json!({
        "results": [contact],
        "paging": {"next": {"after": "MTIwMg%3D%3D", "link": "?after=MTIwMg%3D%3D"}}
    });
    // A cursor with characters that need encoding in a query string.
    let cursor = "MTIwMQ==&x+y/z";
    let (result, request) = exchange(json_response(200, &sent), |c| async move {
        c.contacts()
            .get_page()
            .limit(25)
            .after(cursor)
            .properties(["email", "firstname"])
            .associations(["companies", "deals"])
            .archived(true)
            .send()
            .await
    });

    assert_request(&request, "GET", CONTACTS);
    assert_no_body(&request);
    assert_eq!(request.query_values("limit"), ["25"]);
    assert_eq!(request.query_values("after"), [cursor]);
    assert_eq!(request.query_values("properties"), ["email", "firstname"], "one key per value");
    assert_eq!(request.query_values("associations"), ["companies", "deals"]);
    assert_eq!(request.query_values("archived"), ["true"]);
    assert!(request.query_values("propertiesWithHistory").is_empty());
    assert_eq!(request.query.len(), 7, "{:?}", request.query);

    let page = result.unwrap();
    assert_eq!(page.results.len(), 1);
    assert_eq!(page.results[0].id, "1201");
    let companies = page.results[0].associations.as_ref().and_then(|a| a["companies"].as_ref()).expect("companies");
    assert_eq!(companies.results[0].id, "3401");
    assert_eq!(companies.results[0].r#type, "contact_to_company");
    assert_eq!(page.paging.as_ref().and_then(|p| p.next.as_ref()).map(|n| n.after.as_str()), Some("MTIwMg%3D%3D"));
    assert_round_trips(&page, &sent);
}

#[test]
fn get_page_without_options_sends_no_query() {
    let sent = json!({"results": []});
    let (result, request) =
        exchange(json_response(200, &sent), |c| async move { c.contacts().get_page().send().await });

    assert_request(&request, "GET", CONTACTS);
    assert!(request.query.is_empty(), "{:?}", request.query);
    let page = result.unwrap();
    assert!(page.results.is_empty());
    assert_eq!(page.paging, None);
}

#[test]
fn get_by_id_percent_encodes_the_id_as_one_segment() {
    let cases = [
        ("1201", "1201"),
        ("ada lovelace@example.com", "ada%20lovelace%40example.com"),
        ("a/b?c#d%e+f", "a%2Fb%3Fc%23d%25e%2Bf"),
    ];
    for (id, encoded) in cases {
        let sent = contact_json("1201", "ada@example.com");
        let (result, request) = exchange(json_response(200, &sent), |c| async move {
            c.contacts().get_by_id(id).id_property("email").properties(["email"]).send().await
        });

        assert_request(&request, "GET", &format!("{CONTACTS}/{encoded}"));
        assert_no_body(&request);
        assert_eq!(request.query_values("idProperty"), ["email"], "id {id:?}");
        assert_eq!(request.query_values("properties"), ["email"], "id {id:?}");
        assert!(request.query_values("archived").is_empty());
        let contact = result.unwrap();
        assert_eq!(contact.id, "1201");
        assert_round_trips(&contact, &sent);
    }
}

/// The spec requires `contactId` to match `.+`, and the runtime promises that a
/// path parameter "stays one path segment". Ids that a URL parser treats as
/// dot segments (or an empty id) must not turn the request into one for another
/// resource: either the id travels as one segment below `/contacts/`, or the
/// call fails before anything is sent.
#[test]
fn path_ids_never_escape_their_segment() {
    let mut escaped = Vec::new();
    for id in ["", ".", ".."] {
        let server = MockServer::start();
        server.enqueue(MockResponse::new(204));
        let result = block_on(client_for(&server).contacts().archive(id).send());
        let requests = server.requests();
        for request in &requests {
            let segment = request.path.strip_prefix("/crm/objects/2026-09/contacts/");
            if !segment.is_some_and(|s| !s.is_empty() && !s.contains('/')) {
                escaped.push(format!("archive({id:?}) sent {} {}", request.method, request.path));
            }
        }
        if requests.is_empty() && !matches!(result, Err(Error::Config(_))) {
            escaped.push(format!("archive({id:?}) sent nothing but returned {result:?}"));
        }
    }
    assert!(escaped.is_empty(), "{escaped:#?}");
}

#[test]
fn create_posts_the_input_and_decodes_the_201_body() {
    let mut association_spec = AssociationSpec::new(AssociationSpecAssociationCategory::HubspotDefined, 279);
    association_spec.additional_properties.insert("label".into(), json!("Primary"));
    let input = &SimplePublicObjectInputForCreate::new(
        vec![PublicAssociationsForObject::new(PublicObjectId::new("3401"), vec![association_spec])],
        string_map(&[("email", "ada@example.com"), ("firstname", "Ada")]),
    );
    let sent = contact_json("1201", "ada@example.com");
    let (result, request) =
        exchange(json_response(201, &sent), |c| async move { c.contacts().create(input).send().await });

    assert_request(&request, "POST", CONTACTS);
    assert!(request.query.is_empty());
    assert_eq!(
        json_body(&request),
        json!({
            "associations": [{
                "to": {"id": "3401"},
                "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 279, "label": "Primary"}]
            }],
            "properties": {"email": "ada@example.com", "firstname": "Ada"}
        })
    );
    let contact = result.unwrap();
    assert_eq!(contact.id, "1201");
    assert_eq!(contact.properties, contact_properties("ada@example.com"));
    assert_eq!(contact.created_at, ts(CREATED_AT));
    assert_round_trips(&contact, &sent);
}

#[test]
fn update_patches_by_unique_property() {
    let input = &SimplePublicObjectInput::new(string_map(&[("firstname", "Ada"), ("lifecyclestage", "")]));
    let sent = contact_json("1201", "ada@example.com");
    let (result, request) = exchange(json_response(200, &sent), |c| async move {
        c.contacts().update("ada@example.com", input).id_property("email").send().await
    });

    assert_request(&request, "PATCH", "/crm/objects/2026-09/contacts/ada%40example.com");
    assert_eq!(request.query, [("idProperty".to_owned(), "email".to_owned())]);
    assert_eq!(json_body(&request), json!({"properties": {"firstname": "Ada", "lifecyclestage": ""}}));
    let contact = result.unwrap();
    assert_eq!(contact.id, "1201");
    assert_round_trips(&contact, &sent);
}

#[test]
fn archive_deletes_and_204_is_unit() {
    let (result, request) =
        exchange(MockResponse::new(204), |c| async move { c.contacts().archive("1201").send().await });

    assert_request(&request, "DELETE", "/crm/objects/2026-09/contacts/1201");
    assert_no_body(&request);
    assert!(request.query.is_empty());
    let () = result.unwrap();
}

#[test]
fn batch_archive_posts_ids_and_204_is_unit() {
    let input = &BatchInputSimplePublicObjectId::new(vec![
        SimplePublicObjectId::new("1201"),
        SimplePublicObjectId::new("1202"),
    ]);
    let (result, request) =
        exchange(MockResponse::new(204), |c| async move { c.contacts().batch_archive(input).send().await });

    assert_request(&request, "POST", "/crm/objects/2026-09/contacts/batch/archive");
    assert_eq!(json_body(&request), json!({"inputs": [{"id": "1201"}, {"id": "1202"}]}));
    let () = result.unwrap();
}

#[test]
fn batch_create_201_is_created() {
    let input =
        &BatchInputSimplePublicObjectBatchInputForCreate::new(Vec::<SimplePublicObjectBatchInputForCreate>::new());
    let sent = batch_json(vec![contact_json("1201", "ada@example.com")]);
    let (result, request) =
        exchange(json_response(201, &sent), |c| async move { c.contacts().batch_create(input).send().await });

    assert_request(&request, "POST", "/crm/objects/2026-09/contacts/batch/create");
    assert_eq!(json_body(&request), json!({"inputs": []}));
    let response = result.unwrap();
    assert_eq!(response.status(), 201);
    let BatchCreateResponse::Created(body) = &response else { panic!("expected Created, got {response:?}") };
    assert_eq!(body.results[0].id, "1201");
    assert_round_trips(body, &sent);
}

#[test]
fn batch_create_207_is_multi_status() {
    let mut first =
        SimplePublicObjectBatchInputForCreate::new(NO_ASSOCIATIONS, string_map(&[("email", "ada@example.com")]));
    first.object_write_trace_id = Some("trace-1".into());
    let second = SimplePublicObjectBatchInputForCreate::new(NO_ASSOCIATIONS, string_map(&[("email", "not-an-email")]));
    let input = &BatchInputSimplePublicObjectBatchInputForCreate::new(vec![first, second]);
    let sent = multi_status_json(vec![contact_json("1201", "ada@example.com")]);
    let (result, request) =
        exchange(json_response(207, &sent), |c| async move { c.contacts().batch_create(input).send().await });

    assert_request(&request, "POST", "/crm/objects/2026-09/contacts/batch/create");
    assert_eq!(
        json_body(&request),
        json!({"inputs": [
            {"associations": [], "objectWriteTraceId": "trace-1", "properties": {"email": "ada@example.com"}},
            {"associations": [], "properties": {"email": "not-an-email"}}
        ]})
    );
    let response = result.unwrap();
    assert_eq!(response.status(), 207);
    let BatchCreateResponse::MultiStatus(body) = &response else { panic!("expected MultiStatus, got {response:?}") };
    assert_eq!(body.num_errors, Some(1));
    assert_eq!(body.results[0].id, "1201");
    assert_standard_errors(body.errors.as_deref());
    assert_round_trips(body, &sent);
}

#[test]
fn batch_update_207_is_multi_status() {
    let mut by_email = SimplePublicObjectBatchInput::new("ada@example.com", string_map(&[("firstname", "Ada")]));
    by_email.id_property = Some("email".into());
    let by_id = SimplePublicObjectBatchInput::new("999", string_map(&[("firstname", "Nobody")]));
    let input = &BatchInputSimplePublicObjectBatchInput::new(vec![by_email, by_id]);
    let sent = multi_status_json(vec![contact_json("1201", "ada@example.com")]);
    let (result, request) =
        exchange(json_response(207, &sent), |c| async move { c.contacts().batch_update(input).send().await });

    assert_request(&request, "POST", "/crm/objects/2026-09/contacts/batch/update");
    assert_eq!(
        json_body(&request),
        json!({"inputs": [
            {"id": "ada@example.com", "idProperty": "email", "properties": {"firstname": "Ada"}},
            {"id": "999", "properties": {"firstname": "Nobody"}}
        ]})
    );
    let response = result.unwrap();
    assert_eq!(response.status(), 207);
    let BatchUpdateResponse::MultiStatus(body) = &response else { panic!("expected MultiStatus, got {response:?}") };
    assert_eq!(body.results[0].properties, contact_properties("ada@example.com"));
    assert_standard_errors(body.errors.as_deref());
    assert_round_trips(body, &sent);
}

#[test]
fn batch_upsert_207_is_multi_status_with_upsert_results() {
    let mut upsert = SimplePublicObjectBatchInputUpsert::new("ada@example.com", string_map(&[("firstname", "Ada")]));
    upsert.id_property = Some("email".into());
    let input = &BatchInputSimplePublicObjectBatchInputUpsert::new(vec![upsert]);
    let sent = multi_status_json(vec![
        upserted_contact_json("1201", "ada@example.com", true),
        upserted_contact_json("1202", "grace@example.com", false),
    ]);
    let (result, request) =
        exchange(json_response(207, &sent), |c| async move { c.contacts().batch_upsert(input).send().await });

    assert_request(&request, "POST", "/crm/objects/2026-09/contacts/batch/upsert");
    assert_eq!(
        json_body(&request),
        json!({"inputs": [{"id": "ada@example.com", "idProperty": "email", "properties": {"firstname": "Ada"}}]})
    );
    let response = result.unwrap();
    assert_eq!(response.status(), 207);
    let BatchUpsertResponse::MultiStatus(body) = &response else { panic!("expected MultiStatus, got {response:?}") };
    assert_eq!(body.num_errors, Some(1));
    assert_eq!([body.results[0].new, body.results[1].new], [true, false]);
    assert_eq!(body.results[1].id, "1202");
    assert_batch_times(body.requested_at, body.started_at, body.completed_at);
    assert_standard_errors(body.errors.as_deref());
    assert_round_trips(body, &sent);
}

#[test]
fn merge_posts_both_ids_and_decodes_the_result() {
    let input = &PublicMergeInput::builder().object_id_to_merge("1202").primary_object_id("1201").build();
    let sent = contact_json("1201", "ada@example.com");
    let (result, request) =
        exchange(json_response(200, &sent), |c| async move { c.contacts().merge(input).send().await });

    assert_request(&request, "POST", "/crm/objects/2026-09/contacts/merge");
    assert_eq!(json_body(&request), json!({"objectIdToMerge": "1202", "primaryObjectId": "1201"}));
    let contact = result.unwrap();
    assert_eq!(contact.id, "1201");
    assert_round_trips(&contact, &sent);
}

#[test]
fn gdpr_delete_posts_the_target_and_204_is_unit() {
    let mut input = PublicGdprDeleteInput::new("ada@example.com");
    input.id_property = Some("email".into());
    let input = &input;
    let (result, request) =
        exchange(MockResponse::new(204), |c| async move { c.contacts().gdpr_delete(input).send().await });

    assert_request(&request, "POST", "/crm/objects/2026-09/contacts/gdpr-delete");
    assert_eq!(json_body(&request), json!({"objectId": "ada@example.com", "idProperty": "email"}));
    let () = result.unwrap();
}

#[test]
fn search_posts_filter_groups_and_sorts() {
    let mut by_email = Filter::new(FilterOperator::Eq, "email");
    by_email.value = Some("ada@example.com".into());
    let mut by_stage = Filter::new(FilterOperator::In, "lifecyclestage");
    by_stage.values = Some(strings(&["lead", "customer"]));
    let mut by_date = Filter::new(FilterOperator::Between, "createdate");
    by_date.value = Some("2024-01-01".into());
    by_date.high_value = Some("2024-12-31".into());
    let mut search = PublicObjectSearchRequest::builder()
        .after("20")
        .filter_groups([FilterGroup::new([by_email, by_stage]), FilterGroup::new([by_date])])
        .limit(10)
        .properties(["email", "firstname"])
        .sorts(["-createdate"])
        .build();
    search.query = Some("ada".into());
    let search = &search;
    let sent = json!({
        "total": 21,
        "results": [contact_json("1201", "ada@example.com")],
        "paging": {"next": {"after": "21", "link": "?after=21"}}
    });
    let (result, request) =
        exchange(json_response(200, &sent), |c| async move { c.contacts().search(search).send().await });

    assert_request(&request, "POST", "/crm/objects/2026-09/contacts/search");
    assert!(request.query.is_empty());
    assert_eq!(
        json_body(&request),
        json!({
            "after": "20",
            "filterGroups": [
                {"filters": [
                    {"propertyName": "email", "operator": "EQ", "value": "ada@example.com"},
                    {"propertyName": "lifecyclestage", "operator": "IN", "values": ["lead", "customer"]}
                ]},
                {"filters": [
                    {"propertyName": "createdate", "operator": "BETWEEN", "value": "2024-01-01", "highValue": "2024-12-31"}
                ]}
            ],
            "limit": 10,
            "properties": ["email", "firstname"],
            "query": "ada",
            "sorts": ["-createdate"]
        })
    );
    let found = result.unwrap();
    assert_eq!(found.total, 21);
    assert_eq!(found.results[0].id, "1201");
    assert_eq!(found.paging.as_ref().and_then(|p| p.next.as_ref()).map(|n| n.after.as_str()), Some("21"));
    assert_round_trips(&found, &sent);
}
