//! Typed properties (`hubspot_crm::typed`): every property type from its
//! wire text, with `null`, absent and `""`; errors that name record,
//! property, text and type; writes in HubSpot's formats; and a batch read
//! through the mock server that asks for exactly the declared properties.

mod support;

use std::collections::BTreeMap;
use std::time::Duration;

use hubspot_crm::contacts::BatchReadResponse;
use hubspot_crm::contacts::types::{
    BatchReadInputSimplePublicObjectId, SimplePublicObject, SimplePublicObjectBatchInput,
    SimplePublicObjectInputForCreate,
};
use hubspot_crm::jiff::{Timestamp, civil::Date};
use hubspot_crm::typed::{Properties, PropertyType, Record};
use hubspot_crm::{Client, Error};
use serde_json::{Value, json};
use support::{MockResponse, MockServer};

hubspot_crm::property_enum! {
    /// Lead status options.
    pub enum LeadStatus {
        New = "NEW",
        InProgress = "IN_PROGRESS",
        /// An option value with a space and a leading digit.
        Odd = "3 odd value",
    }
}

hubspot_crm::properties! {
    /// One field of every kind, each optional.
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct Every {
        pub text: Option<String>,
        pub flag: Option<bool>,
        pub count: Option<u32>,
        pub signed as "signed_number": Option<i64>,
        pub ratio: Option<f64>,
        pub day: Option<Date>,
        pub at: Option<Timestamp>,
        pub status: Option<LeadStatus>,
        pub picks: Option<Vec<String>>,
        pub statuses: Option<Vec<LeadStatus>>,
        /// A raw identifier, renamed to its HubSpot name.
        pub kind as "type": Option<String>,
    }
}

hubspot_crm::properties! {
    /// Required fields: the property must be there.
    #[derive(Debug, Clone, PartialEq)]
    struct Required {
        email: String,
        count: u32,
        picks: Vec<String>,
    }
}

fn map(pairs: &[(&str, Option<&str>)]) -> BTreeMap<String, Option<String>> {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), v.map(str::to_owned))).collect()
}

fn ts(text: &str) -> Timestamp {
    text.parse().unwrap()
}

#[test]
fn every_type_decodes_from_its_wire_text() {
    let every = Every::from_properties(&map(&[
        ("text", Some("héllo; world")),
        ("flag", Some("true")),
        ("count", Some("25")),
        ("signed_number", Some("-7")),
        ("ratio", Some("12.5")),
        ("day", Some("2026-01-31")),
        ("at", Some("2019-10-30T03:30:17.883Z")),
        ("status", Some("IN_PROGRESS")),
        ("picks", Some("a;b c;d")),
        ("statuses", Some("NEW;3 odd value")),
        ("type", Some("partner")),
    ]))
    .unwrap();
    assert_eq!(
        every,
        Every {
            text: Some("héllo; world".into()),
            flag: Some(true),
            count: Some(25),
            signed: Some(-7),
            ratio: Some(12.5),
            day: Some(Date::constant(2026, 1, 31)),
            at: Some(ts("2019-10-30T03:30:17.883Z")),
            status: Some(LeadStatus::InProgress),
            picks: Some(vec!["a".into(), "b c".into(), "d".into()]),
            statuses: Some(vec![LeadStatus::New, LeadStatus::Odd]),
            kind: Some("partner".into()),
        }
    );
    assert_eq!(
        Every::PROPERTIES,
        ["text", "flag", "count", "signed_number", "ratio", "day", "at", "status", "picks", "statuses", "type"]
    );
}

#[test]
fn null_absent_and_empty_are_none() {
    let names = Every::PROPERTIES;
    let null: Vec<(&str, Option<&str>)> = names.iter().map(|n| (n, None)).collect();
    let empty: Vec<(&str, Option<&str>)> = names.iter().map(|n| (n, Some(""))).collect();
    for source in [map(&null), map(&empty), map(&[])] {
        assert_eq!(Every::from_properties(&source).unwrap(), Every::default(), "{source:?}");
    }
    // Property maps with plain text values (request bodies) read the same way.
    let text: BTreeMap<String, String> = [("count".to_owned(), "3".to_owned())].into();
    assert_eq!(Every::from_properties(&text).unwrap().count, Some(3));
}

#[test]
fn lenient_forms_hubspot_also_writes() {
    let every = Every::from_properties(&map(&[
        ("flag", Some("FALSE")),
        ("count", Some("25.000")),
        ("day", Some("2026-01-31T00:00:00.000Z")),
        ("at", Some("1577836800000")),
    ]))
    .unwrap();
    assert_eq!(every.flag, Some(false));
    assert_eq!(every.count, Some(25));
    assert_eq!(every.day, Some(Date::constant(2026, 1, 31)));
    assert_eq!(every.at, Some(ts("2020-01-01T00:00:00Z")));
    assert_eq!(Date::parse("1577836800000"), Some(Date::constant(2020, 1, 1)));
    // A date-time that is not midnight UTC names no single day.
    assert_eq!(Date::parse("2026-01-31T10:00:00Z"), None);
    assert_eq!(u32::parse("25.5"), None);
    assert_eq!(f64::parse("NaN"), None);
}

#[test]
fn required_fields_must_be_present_but_may_be_empty_text() {
    let ok =
        Required::from_properties(&map(&[("email", Some("")), ("count", Some("0")), ("picks", Some(""))])).unwrap();
    assert_eq!(ok, Required { email: String::new(), count: 0, picks: vec![] });

    let err =
        Required::from_properties(&map(&[("email", None), ("count", Some("1")), ("picks", Some("a"))])).unwrap_err();
    assert_eq!((err.property(), err.value(), err.expected()), ("email", None, "text"));
    assert_eq!(err.to_string(), "property `email` is missing, expected text");

    let err = Required::from_properties(&map(&[("email", Some("a")), ("picks", Some("a"))])).unwrap_err();
    assert_eq!((err.property(), err.value()), ("count", None));
}

#[test]
fn an_unparsable_value_names_record_property_value_and_type() {
    let record: SimplePublicObject = serde_json::from_value(json!({
        "id": "1201",
        "archived": false,
        "createdAt": "2024-03-04T09:15:00Z",
        "updatedAt": "2024-05-20T14:02:11.25Z",
        "properties": {"count": "twelve", "text": "fine"}
    }))
    .unwrap();
    let err = record.decode::<Every>().unwrap_err();
    assert_eq!(err.record_id(), Some("1201"));
    assert_eq!(err.property(), "count");
    assert_eq!(err.value(), Some("twelve"));
    assert_eq!(err.expected(), "a whole number (u32)");
    assert_eq!(err.to_string(), "record 1201: property `count` is \"twelve\", expected a whole number (u32)");

    // Into the crate's error, for `?` in functions returning `hubspot_crm::Error`.
    let crate_error: Error = err.clone().into();
    assert!(matches!(&crate_error, Error::Property(e) if **e == err), "{crate_error:?}");
    assert_eq!(crate_error.to_string(), err.to_string());
}

#[test]
fn an_unknown_enumeration_value_is_kept() {
    let every = Every::from_properties(&map(&[("status", Some("PARKED")), ("statuses", Some("NEW;LATER"))])).unwrap();
    let status = every.status.unwrap();
    assert!(matches!(status, LeadStatus::Unknown(_)), "{status:?}");
    assert_eq!(status.as_str(), "PARKED");
    let statuses = every.statuses.unwrap();
    assert_eq!(statuses[0], LeadStatus::New);
    assert_eq!(statuses[1].to_string(), "LATER");
    // Written back as it came.
    let mut out = String::new();
    statuses.write(&mut out);
    assert_eq!(out, "NEW;LATER");
}

#[test]
fn decode_keeps_id_timestamps_and_archived_flag() {
    let record: SimplePublicObject = serde_json::from_value(json!({
        "id": "7",
        "archived": true,
        "archivedAt": "2024-06-01T00:00:00Z",
        "createdAt": "2024-03-04T09:15:00Z",
        "updatedAt": "2024-05-20T14:02:11.25Z",
        "properties": {"text": "x", "unrelated": "kept in the record"}
    }))
    .unwrap();
    let typed: Record<Every> = record.decode().unwrap();
    assert_eq!(typed.id, "7");
    assert_eq!(typed.created_at, ts("2024-03-04T09:15:00Z"));
    assert_eq!(typed.updated_at, ts("2024-05-20T14:02:11.25Z"));
    assert!(typed.archived);
    assert_eq!(typed.archived_at, Some(ts("2024-06-01T00:00:00Z")));
    assert_eq!(typed.properties.text.as_deref(), Some("x"));
    assert_eq!(record.properties_of::<Every>().unwrap(), typed.properties);
    assert_eq!(record.property("unrelated"), Some("kept in the record"));
}

#[test]
fn round_trip_struct_to_create_body_to_wire_text_to_struct() {
    let every = Every {
        text: Some("Ada".into()),
        flag: Some(false),
        count: Some(3),
        signed: Some(-40),
        ratio: Some(0.25),
        day: Some(Date::constant(2026, 2, 28)),
        at: Some(ts("2019-10-30T03:30:17.883Z")),
        status: Some(LeadStatus::Odd),
        picks: Some(vec!["x".into(), "y".into()]),
        statuses: Some(vec![]),
        kind: None,
    };
    let body = SimplePublicObjectInputForCreate::builder().properties(every.to_properties()).build();
    let wire = serde_json::to_value(&body).unwrap();
    assert_eq!(
        wire["properties"],
        json!({
            "text": "Ada",
            "flag": "false",
            "count": "3",
            "signed_number": "-40",
            "ratio": "0.25",
            "day": "2026-02-28",
            "at": "2019-10-30T03:30:17.883Z",
            "status": "3 odd value",
            "picks": "x;y",
            "statuses": ""
        }),
        "HubSpot's wire formats; the unset `type` is not sent"
    );
    // The body read back as HubSpot would store it; `statuses: ""` reads as None.
    let back = Every::from_properties(&body.properties).unwrap();
    assert_eq!(back, Every { statuses: None, ..every.clone() });

    // Clearing: every declared property, the unset ones as "".
    let clearing = every.to_properties_clearing();
    assert_eq!(clearing.len(), Every::PROPERTIES.len());
    assert_eq!(clearing["type"], "");

    // A partial update: only what is set.
    let update = Every { status: Some(LeadStatus::New), ..Every::default() };
    let input = SimplePublicObjectBatchInput::new("1201", update.to_properties());
    assert_eq!(serde_json::to_value(&input).unwrap()["properties"], json!({"status": "NEW"}));
}

#[test]
fn batch_read_asks_for_exactly_the_declared_properties_and_yields_typed_records() {
    let server = MockServer::start();
    let body = json!({
        "status": "COMPLETE",
        "requestedAt": "2024-05-20T14:02:09.5Z",
        "startedAt": "2024-05-20T14:02:10Z",
        "completedAt": "2024-05-20T14:02:11.254Z",
        "numErrors": 1,
        "results": [
            {"id": "1", "archived": false, "createdAt": "2024-03-04T09:15:00Z", "updatedAt": "2024-03-04T09:15:00Z",
             "properties": {"text": "Ada", "count": "3", "status": "NEW", "type": null, "hs_object_id": "1"}},
            {"id": "2", "archived": false, "createdAt": "2024-03-04T09:15:00Z", "updatedAt": "2024-03-04T09:15:00Z",
             "properties": {"text": "Grace", "count": null, "status": "SOMETHING_NEW", "picks": "a;b"}}
        ],
        "errors": [{"status": "error", "category": "OBJECT_NOT_FOUND", "message": "Could not get some CONTACT objects",
                    "context": {"ids": ["999"]}}]
    });
    server.enqueue(MockResponse::new(207).json(body.to_string()));
    let client = Client::builder("test-token")
        .base_url(server.url())
        .timeout(Duration::from_secs(10))
        .retry(hubspot_crm::RetryPolicy::none())
        .build()
        .unwrap();
    let input =
        BatchReadInputSimplePublicObjectId::builder().inputs(["1", "2", "999"]).properties(Every::PROPERTIES).build();
    let response = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(client.contacts().batch_read(&input).send())
        .unwrap();

    let requests = server.requests();
    let [request] = requests.as_slice() else { panic!("one request expected: {requests:#?}") };
    let sent: Value = request.body_json();
    assert_eq!(sent["properties"], json!(Every::PROPERTIES.as_slice()), "exactly the declared names, in order");

    assert!(matches!(response, BatchReadResponse::MultiStatus(_)), "{response:?}");
    let records = response.results().iter().map(SimplePublicObject::decode::<Every>).collect::<Result<Vec<_>, _>>();
    let records = records.unwrap();
    assert_eq!(records.len(), 2);
    assert_eq!(records[0].id, "1");
    assert_eq!(records[0].properties.count, Some(3));
    assert_eq!(records[0].properties.status, Some(LeadStatus::New));
    assert_eq!(records[1].properties.text.as_deref(), Some("Grace"));
    assert_eq!(records[1].properties.count, None);
    assert_eq!(records[1].properties.status.as_ref().map(LeadStatus::as_str), Some("SOMETHING_NEW"));
    assert_eq!(records[1].properties.picks, Some(vec!["a".to_owned(), "b".to_owned()]));
    // The 207's per-item errors are still there beside the typed records.
    let [error] = response.errors() else { panic!("one error expected") };
    assert_eq!(error.category, "OBJECT_NOT_FOUND");
}

#[cfg(feature = "decimal")]
#[test]
fn decimals_are_exact() {
    hubspot_crm::properties! {
        struct Money {
            amount: Option<hubspot_crm::rust_decimal::Decimal>,
        }
    }
    let money = Money::from_properties(&map(&[("amount", Some("1234567890.12345678"))])).unwrap();
    let amount = money.amount.unwrap();
    assert_eq!(amount.to_string(), "1234567890.12345678");
    assert_eq!(money.to_properties()["amount"], "1234567890.12345678");
}

// ---------------------------------------------------------------------------
// Straight from the body: send_as::<Batch<P>>, ::<Record<P>>, ::<Page<P>>
// ---------------------------------------------------------------------------

fn client_for(server: &MockServer) -> Client {
    Client::builder("test-token")
        .base_url(server.url())
        .timeout(Duration::from_secs(10))
        .retry(hubspot_crm::RetryPolicy::none())
        .build()
        .unwrap()
}

fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(f)
}

fn record_json(id: &str, properties: Value) -> Value {
    json!({"id": id, "archived": false, "createdAt": "2024-03-04T09:15:00Z", "updatedAt": "2024-05-20T14:02:11.25Z",
           "properties": properties, "url": "https://app.hubspot.com/contacts/1/record/0-1/1"})
}

#[test]
fn send_as_batch_decodes_records_straight_from_the_body_and_keeps_207_errors() {
    use hubspot_crm::contacts::types::StandardError;
    use hubspot_crm::typed::Batch;

    let server = MockServer::start();
    let body = json!({
        "status": "COMPLETE",
        "requestedAt": "2024-05-20T14:02:09.5Z", "startedAt": "2024-05-20T14:02:10Z", "completedAt": "2024-05-20T14:02:11.254Z",
        "results": [
            record_json("1", json!({"text": "Ada \"escaped\" é", "count": "3", "status": "NEW", "hs_object_id": "1"})),
            record_json("2", json!({"picks": "a;b", "status": "BRAND_NEW", "count": null, "ratio": ""}))
        ],
        "errors": [{"status": "error", "category": "OBJECT_NOT_FOUND", "message": "not found", "context": {"ids": ["999"]}}]
    });
    server.enqueue(MockResponse::new(207).json(body.to_string()));
    server.enqueue(MockResponse::new(207).json(body.to_string()));
    let client = client_for(&server);
    let input =
        BatchReadInputSimplePublicObjectId::builder().inputs(["1", "2", "999"]).properties(Every::PROPERTIES).build();

    let batch = block_on(client.contacts().batch_read(&input).send_as::<Batch<Every>>()).unwrap();
    assert_eq!(batch.status, 207);
    let batch = batch.value;
    assert_eq!(batch.status.as_deref(), Some("COMPLETE"));
    assert_eq!(batch.results.len(), 2);
    assert_eq!(batch.results[0].id, "1");
    assert_eq!(batch.results[0].created_at, ts("2024-03-04T09:15:00Z"));
    assert_eq!(batch.results[0].properties.text.as_deref(), Some("Ada \"escaped\" é"));
    assert_eq!(batch.results[0].properties.count, Some(3));
    assert_eq!(batch.results[1].properties.status.as_ref().map(LeadStatus::as_str), Some("BRAND_NEW"));
    assert_eq!(batch.results[1].properties.picks, Some(vec!["a".to_owned(), "b".to_owned()]));
    assert_eq!(batch.results[1].properties.ratio, None);
    // The same records as decoding the map, record by record.
    let via_map = block_on(client.contacts().batch_read(&input).send()).unwrap();
    let via_map: Vec<Record<Every>> = via_map.results().iter().map(|r| r.decode().unwrap()).collect();
    assert_eq!(batch.results, via_map);
    assert_eq!(batch.errors, [body["errors"][0].clone()], "207 errors kept as sent");
    assert_eq!(server.requests()[0].body_json()["properties"], json!(Every::PROPERTIES.as_slice()));

    // The API's own error type for the 207 entries.
    server.enqueue(MockResponse::new(207).json(body.to_string()));
    let typed = block_on(client.contacts().batch_read(&input).send_as::<Batch<Every, StandardError>>()).unwrap();
    assert_eq!(typed.value.errors[0].category, "OBJECT_NOT_FOUND");
}

#[test]
fn send_as_record_names_the_record_property_and_text_when_a_value_does_not_decode() {
    let server = MockServer::start();
    server.enqueue(MockResponse::new(200).json(record_json("77", json!({"count": "many"})).to_string()));
    let client = client_for(&server);
    let err = block_on(client.contacts().get_by_id("77").properties(Every::PROPERTIES).send_as::<Record<Every>>())
        .unwrap_err();
    assert!(matches!(err, Error::Decode { status: 200, .. }), "{err:?}");
    let shown = err.to_string();
    assert!(shown.contains("record 77: property `count` is \"many\", expected a whole number (u32)"), "{shown}");
    let request = &server.requests()[0];
    assert_eq!(request.query_values("properties").join(","), Every::PROPERTIES.join(","));

    // A status the operation does not list is an error, as with `send`.
    server.enqueue(MockResponse::new(404).json(r#"{"status":"error","message":"gone","category":"OBJECT_NOT_FOUND"}"#));
    let err = block_on(client.contacts().get_by_id("78").send_as::<Record<Every>>()).unwrap_err();
    assert!(matches!(err, Error::NotFound(_)), "{err:?}");
}

#[test]
fn send_as_page_reads_records_and_the_next_cursor() {
    use hubspot_crm::typed::Page;

    let server = MockServer::start();
    let page = json!({
        "results": [record_json("1", json!({"text": "a"})), record_json("2", json!({}))],
        "paging": {"next": {"after": "NTI1Cg%3D%3D", "link": "?after=NTI1Cg%3D%3D"}}
    });
    server.enqueue(MockResponse::new(200).json(page.to_string()));
    server.enqueue(MockResponse::new(200).json(json!({"results": [], "total": 0}).to_string()));
    let client = client_for(&server);
    let first = block_on(client.contacts().get_page().properties(Every::PROPERTIES).send_as::<Page<Every>>()).unwrap();
    assert_eq!(first.value.results.len(), 2);
    assert_eq!(first.value.results[1].properties, Every::default());
    assert_eq!(first.value.next_after(), Some("NTI1Cg%3D%3D"));
    let last = block_on(client.contacts().get_page().after("NTI1Cg%3D%3D").send_as::<Page<Every>>()).unwrap();
    assert_eq!((last.value.next_after(), last.value.total), (None, Some(0)));
}

// ---------------------------------------------------------------------------
// Across objects: the same mechanism for deals, companies and custom objects
// ---------------------------------------------------------------------------

hubspot_crm::properties! {
    #[derive(Debug, PartialEq)]
    struct Deal {
        dealname: String,
        amount: Option<f64>,
        closedate: Option<Timestamp>,
    }
}

#[test]
fn deals_companies_and_custom_objects_decode_the_same_way() {
    let server = MockServer::start();
    let client = client_for(&server);
    let deal =
        record_json("9", json!({"dealname": "Big one", "amount": "1250.5", "closedate": "2026-03-31T12:00:00Z"}));
    let page = json!({"results": [deal.clone()]});

    server.enqueue(MockResponse::new(200).json(page.to_string()));
    let deals =
        block_on(client.deals().get_page().properties(Deal::PROPERTIES).send_as::<hubspot_crm::typed::Page<Deal>>())
            .unwrap()
            .value;
    let expected =
        Deal { dealname: "Big one".into(), amount: Some(1250.5), closedate: Some(ts("2026-03-31T12:00:00Z")) };
    assert_eq!(deals.results[0].properties, expected);
    // Deals are object type `0-3` in this API version.
    assert!(server.requests()[0].path.starts_with("/crm/objects/2026-09/0-3"), "{}", server.requests()[0].path);

    // A company record decoded from the map, with the same struct shape.
    server.enqueue(MockResponse::new(200).json(deal.to_string()));
    let company = block_on(client.companies().get_by_id("9").properties(Deal::PROPERTIES).send()).unwrap();
    assert_eq!(company.decode::<Deal>().unwrap().properties, expected);

    #[cfg(feature = "custom_objects")]
    {
        server.enqueue(MockResponse::new(200).json(page.to_string()));
        let input = BatchReadInputSimplePublicObjectId::builder().inputs(["9"]).properties(Deal::PROPERTIES).build();
        let cars =
            block_on(client.custom_objects().batch_read("p_cars", &input).send_as::<hubspot_crm::typed::Batch<Deal>>())
                .unwrap()
                .value;
        assert_eq!(cars.results[0].properties, expected);
        let last = server.requests().pop().unwrap();
        assert!(last.path.contains("/p_cars/batch/read"), "{}", last.path);
    }
}
