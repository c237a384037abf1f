//! The example request and response of HubSpot's "Retrieve a batch of contacts"
//! documentation page decode into the generated types, keep every value, and
//! serialize back to the same JSON.

use std::collections::BTreeMap;

use hubspot_crm::contacts::types::{
    BatchReadInputSimplePublicObjectId, BatchResponseSimplePublicObjectStatus,
    BatchResponseSimplePublicObjectWithErrors, ErrorDetail, ErrorDetailContext,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

/// The example request body, copied verbatim from the seed page.
const SEED_REQUEST: &str = r#"
{
"inputs": [
{
"id": "430001"
}
],
"properties": [
"<string>"
],
"propertiesWithHistory": [
"<string>"
],
"idProperty": "<string>"
}
"#;

/// The example (207-style) response body, copied verbatim from the seed page.
const SEED_RESPONSE: &str = r#"{
"completedAt": "2023-11-07T05:31:56Z",
"results": [
{
"archived": false,
"createdAt": "2019-10-30T03:30:17.883Z",
"id": "512",
"properties": {
"property_checkbox": "false",
"property_date": "1572480000000",
"property_dropdown": "choice_b",
"property_multiple_checkboxes": "chocolate;strawberry",
"property_number": "17",
"property_radio": "option_1",
"property_string": "value"
},
"updatedAt": "2019-12-07T16:50:06.678Z"
}
],
"startedAt": "2023-11-07T05:31:56Z",
"status": "CANCELED",
"errors": [
{
"category": "<string>",
"context": {},
"errors": [
{
"message": "<string>",
"code": "<string>",
"context": "{missingScopes=[scope1, scope2]}",
"in": "<string>",
"subCategory": "<string>"
}
],
"links": {},
"message": "<string>",
"status": "<string>",
"id": "<string>",
"subCategory": {}
}
],
"links": {},
"numErrors": 123,
"requestedAt": "2023-11-07T05:31:56Z"
}"#;

const PLACEHOLDER: &str = "<string>";

/// Parses `text` as JSON and as `T`, asserts that `T` serializes back to the
/// same JSON value, and returns the decoded `T`.
fn decode_and_round_trip<T: DeserializeOwned + Serialize>(text: &str) -> T {
    let original: Value = serde_json::from_str(text).expect("the seed JSON is valid JSON");
    let decoded: T = serde_json::from_str(text).expect("the seed JSON decodes into the generated type");
    let reencoded = serde_json::to_value(&decoded).expect("the decoded value serializes");
    assert_eq!(reencoded, original, "serialize(decode(x)) != x");
    decoded
}

fn ts(text: &str) -> jiff::Timestamp {
    text.parse().unwrap_or_else(|e| panic!("bad timestamp {text:?}: {e}"))
}

fn placeholder() -> Option<String> {
    Some(PLACEHOLDER.to_owned())
}

#[test]
fn seed_response_decodes_with_the_documented_values() {
    let body: BatchResponseSimplePublicObjectWithErrors = serde_json::from_str(SEED_RESPONSE).unwrap();

    assert_eq!(body.status, BatchResponseSimplePublicObjectStatus::Canceled);
    assert_eq!(body.status.as_str(), "CANCELED");
    assert_eq!(body.num_errors, Some(123));
    // The same instants written with an offset: equality is by instant.
    assert_eq!(body.completed_at, ts("2023-11-07T06:31:56+01:00"));
    assert_eq!(body.started_at, ts("2023-11-07T05:31:56Z"));
    assert_eq!(body.requested_at, Some(ts("2023-11-07T05:31:56Z")));
    assert_eq!(body.links, Some(BTreeMap::new()));
    assert!(body.additional_properties.is_empty(), "{:?}", body.additional_properties);

    let [contact] = body.results.as_slice() else {
        panic!("expected one result, got {:?}", body.results);
    };
    assert_eq!(contact.id, "512");
    assert!(!contact.archived);
    assert_eq!(contact.created_at, ts("2019-10-30T03:30:17.883Z"));
    assert_eq!(contact.updated_at, ts("2019-12-07T16:50:06.678Z"));
    assert_eq!(contact.archived_at, None);
    let expected_properties: BTreeMap<String, Option<String>> = [
        ("property_checkbox", "false"),
        ("property_date", "1572480000000"),
        ("property_dropdown", "choice_b"),
        ("property_multiple_checkboxes", "chocolate;strawberry"),
        ("property_number", "17"),
        ("property_radio", "option_1"),
        ("property_string", "value"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), Some(v.to_owned())))
    .collect();
    assert_eq!(contact.properties, expected_properties);
    assert!(contact.additional_properties.is_empty(), "{:?}", contact.additional_properties);

    let errors = body.errors.as_deref().expect("errors present");
    let [error] = errors else {
        panic!("expected one error, got {errors:?}");
    };
    assert_eq!(error.category, PLACEHOLDER);
    assert_eq!(error.message, PLACEHOLDER);
    assert_eq!(error.status, PLACEHOLDER);
    assert_eq!(error.id, placeholder());
    assert!(error.context.is_empty());
    assert!(error.links.is_empty());
    assert_eq!(error.sub_category, Some(BTreeMap::new()));
    assert!(error.additional_properties.is_empty(), "{:?}", error.additional_properties);

    let [detail] = error.errors.as_slice() else {
        panic!("expected one error detail, got {:?}", error.errors);
    };
    assert_eq!(detail.message, PLACEHOLDER);
    assert_eq!(detail.code, placeholder());
    assert_eq!(detail.r#in, placeholder());
    assert_eq!(detail.sub_category, placeholder());
    assert_eq!(detail.context, Some(ErrorDetailContext::String("{missingScopes=[scope1, scope2]}".to_owned())));
    assert!(detail.additional_properties.is_empty(), "{:?}", detail.additional_properties);
}

#[test]
fn seed_response_round_trips() {
    let body: BatchResponseSimplePublicObjectWithErrors = decode_and_round_trip(SEED_RESPONSE);
    assert_eq!(body.results.len(), 1);
}

#[test]
fn seed_request_decodes_and_round_trips() {
    let input: BatchReadInputSimplePublicObjectId = decode_and_round_trip(SEED_REQUEST);

    assert_eq!(input.inputs.len(), 1);
    assert_eq!(input.inputs[0].id, "430001");
    assert_eq!(input.properties, [PLACEHOLDER]);
    assert_eq!(input.properties_with_history, [PLACEHOLDER]);
    assert_eq!(input.id_property, placeholder());
    assert!(input.additional_properties.is_empty());
}

/// `ErrorDetail.context` accepts the spec's map form and the string form the
/// live API sends, and keeps anything else as raw JSON.
#[test]
fn error_detail_context_accepts_map_string_and_other_shapes() {
    let cases = [
        (
            json!({"missingScopes": ["scope1", "scope2"], "none": null}),
            ErrorDetailContext::Map(BTreeMap::from([
                ("missingScopes".to_owned(), Some(vec!["scope1".to_owned(), "scope2".to_owned()])),
                ("none".to_owned(), None),
            ])),
        ),
        (
            json!("{missingScopes=[scope1, scope2]}"),
            ErrorDetailContext::String("{missingScopes=[scope1, scope2]}".to_owned()),
        ),
        (json!(42), ErrorDetailContext::Other(json!(42))),
    ];
    for (context, expected) in cases {
        let text = json!({"message": "m", "context": context}).to_string();
        let detail: ErrorDetail = decode_and_round_trip(&text);
        assert_eq!(detail.context, Some(expected), "context {context}");
    }
}

/// HubSpot's 207 error entries can leave out `errors` and `links`, which the
/// spec marks required; response types decode them as empty.
#[test]
fn batch_error_entries_without_required_lists_still_decode() {
    let body = serde_json::json!({
        "status": "COMPLETE",
        "results": [],
        "startedAt": "2024-01-01T00:00:00Z",
        "completedAt": "2024-01-01T00:00:01Z",
        "numErrors": 1,
        "errors": [{"status": "error", "category": "OBJECT_NOT_FOUND", "message": "Could not get some CONTACT objects", "context": {"ids": ["1"]}}]
    });
    let decoded: hubspot_crm::contacts::types::BatchResponseSimplePublicObjectWithErrors =
        serde_json::from_value(body).expect("decodes without errors[].errors and errors[].links");
    let error = &decoded.errors.expect("errors")[0];
    assert_eq!(error.category, "OBJECT_NOT_FOUND");
    assert!(error.errors.is_empty() && error.links.is_empty());
    assert_eq!(error.context["ids"], Some(vec!["1".to_owned()]));
}
