//! Every object API of the client, through the client, against a local
//! stand-in for HubSpot: a batch read that partly fails answers 207, and the
//! client hands over both the results and the per-item errors. The batch
//! read goes to the API's own object type (bound from the manifest), and the
//! records of every object API are one Rust type.
//!
//! The list of APIs (`common/object_apis.rs`) is checked against the
//! manifest: an object API with a batch read added to `specs/hubspot` without
//! a line there fails the test. (Partner Clients has no batch read.)

#[path = "../../generated-client/tests/support/mod.rs"]
mod support;

#[path = "common/object_apis.rs"]
#[macro_use]
mod list;

use std::collections::BTreeSet;
use std::future::Future;

use hubspot_crm::{Client, RetryPolicy};
use support::{MockResponse, MockServer};

/// A 207 body as HubSpot sends it: one record read, one input failed.
const PARTIAL: &str = r#"{
  "status": "COMPLETE",
  "results": [{"id": "512", "properties": {"email": "ada@example.com", "phone": null},
               "createdAt": "2019-10-30T03:30:17.883Z", "updatedAt": "2019-12-07T16:50:06.678Z", "archived": false}],
  "numErrors": 1,
  "errors": [{"status": "error", "category": "OBJECT_NOT_FOUND", "message": "Could not get some objects, they may be deleted or not exist.",
              "context": {"ids": ["999"]}}],
  "startedAt": "2024-01-01T00:00:00Z",
  "completedAt": "2024-01-01T00:00:01Z"
}"#;

fn block_on<F: Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime").block_on(f)
}

fn client(server: &MockServer) -> Client {
    Client::builder("test-token")
        .base_url(server.url())
        .retry(RetryPolicy::none())
        .no_rate_limit()
        .build()
        .expect("client")
}

/// Written against the contacts type: every object API's records fit, because
/// the merge made them one type.
fn first_email(record: &hubspot_crm::contacts::types::SimplePublicObject) -> Option<&str> {
    record.properties.get("email").and_then(|v| v.as_deref())
}

macro_rules! object_apis {
    ($($module:ident => $object:literal),* $(,)?) => {
        /// The modules this test covers.
        const COVERED: &[&str] = &[$(stringify!($module)),*];

        #[test]
        fn a_partial_batch_read_of_every_object_api_keeps_results_and_errors() {
            $(
                {
                    use hubspot_crm::$module::BatchReadResponse;
                    use hubspot_crm::$module::types::{BatchReadInputSimplePublicObjectId, SimplePublicObjectId};
                    let server = MockServer::start();
                    server.enqueue(MockResponse::new(207).json(PARTIAL));
                    let input = BatchReadInputSimplePublicObjectId::builder()
                        .inputs([SimplePublicObjectId::from("512"), SimplePublicObjectId::from("999")])
                        .properties(["email"])
                        .build();
                    let response = block_on(client(&server).$module().batch_read(&input).send())
                        .unwrap_or_else(|e| panic!("{}: {e}", stringify!($module)));
                    let BatchReadResponse::MultiStatus(partial) = response else {
                        panic!("{}: a 207 must be MultiStatus", stringify!($module))
                    };
                    assert_eq!(partial.results.len(), 1, "{}", stringify!($module));
                    assert_eq!(first_email(&partial.results[0]), Some("ada@example.com"), "{}", stringify!($module));
                    assert_eq!(partial.results[0].properties.get("phone"), Some(&None), "{}: null is kept", stringify!($module));
                    let errors = partial.errors.unwrap_or_default();
                    assert_eq!(errors.len(), 1, "{}: the failed input's error arrives", stringify!($module));
                    assert_eq!(errors[0].category, "OBJECT_NOT_FOUND", "{}", stringify!($module));
                    let requests = server.requests();
                    assert_eq!(requests.len(), 1, "{}", stringify!($module));
                    assert_eq!(requests[0].path, concat!("/crm/objects/2026-09/", $object, "/batch/read"), "{}", stringify!($module));
                }
            )*
        }
    };
}

for_each_object_api!(object_apis);

#[test]
fn every_object_api_of_the_manifest_is_covered() {
    let root = xtask::workspace_root();
    let manifest = xtask::sync::Manifest::read(&root).expect("reads").expect("the manifest exists");
    let has_batch_read = |file: &str| {
        let text = std::fs::read_to_string(root.join(file)).expect("reads the spec");
        let spec: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        spec["paths"].as_object().is_some_and(|paths| paths.keys().any(|p| p.ends_with("/batch/read")))
    };
    let bound: BTreeSet<&str> = manifest
        .apis
        .iter()
        .filter(|a| a.bind.contains_key("objectType") && has_batch_read(&a.file))
        .map(|a| a.module.as_str())
        .collect();
    let covered: BTreeSet<&str> = COVERED.iter().copied().collect();
    assert_eq!(covered, bound, "the object APIs with a batch read (a bound objectType) and this test's list differ");
}

#[test]
fn generic_object_apis_take_the_object_type() {
    use hubspot_crm::objects::types::{BatchReadInputSimplePublicObjectId, SimplePublicObjectId};
    let server = MockServer::start();
    server.enqueue(MockResponse::new(207).json(PARTIAL));
    let input = BatchReadInputSimplePublicObjectId::builder().inputs([SimplePublicObjectId::from("512")]).build();
    let response = block_on(client(&server).objects().batch_read("2-123456", &input).send()).expect("207");
    assert_eq!(response.status(), 207);
    assert_eq!(server.requests()[0].path, "/crm/objects/2026-09/2-123456/batch/read");
}
