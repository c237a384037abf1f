//! What the fixture snapshots do at run time: each test exercises one feature
//! of the generated code (open enums, keyword names, maps, recursion, unions,
//! several 2xx statuses, header and path parameters).

#[path = "../../../generated-client/tests/support/mod.rs"]
mod support;

use generator_snapshots::{
    Client, Error, Upload, bodies, enums, keywords, maps, multi_status, param_styles, params, read_write, recursion,
    unions,
};
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
    assert_eq!(TaskState::from("in_progress"), TaskState::InProgressValue);
    assert_eq!(TaskState::from("Unknown"), TaskState::UnknownValue);
    assert_eq!(TaskState::from("+1"), TaskState::Plus1);
    assert_eq!(TaskState::from("-1").as_str(), "-1");
    let new: TaskState = round_trip(json!("SOMETHING_NEW"));
    assert!(matches!(&new, TaskState::Unknown(v) if v.as_str() == "SOMETHING_NEW"), "{new:?}");
    let task: enums::types::Task = round_trip(json!({"state": "DONE", "priority": "URGENT"}));
    assert!(
        matches!(&task.priority, Some(enums::types::TaskPriority::Unknown(v)) if v.as_str() == "URGENT"),
        "{:?}",
        task.priority
    );
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
    let result: keywords::types::Result =
        round_trip(json!({"option": {}, "error": {"message": "m"}, "box": [{"fn": 1}]}));
    assert_eq!(result.r#box.map(|b| b[0].r#fn), Some(Some(1)));
}

#[test]
fn maps_take_typed_values_and_plain_specs_are_strict() {
    let record: maps::types::Record = round_trip(json!({
        "values": {"a": "x", "b": "y"},
        "history": {"a": [1, 2]},
        "anything": {"k": {"nested": true}},
        "maybe": null,
        "unlisted": 5
    }));
    assert_eq!(record.values["b"], "y");
    // The fixtures have no vendor profile, so responses are read as the spec
    // says: a `null` where a string is declared is an error, not a value
    // (HubSpot's profile accepts it; `generated-client/tests` hold that).
    let null = serde_json::from_value::<maps::types::Record>(json!({"values": {"a": null}}));
    assert!(null.is_err(), "{null:?}");
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
    Client::builder("t").base_url(server.url()).retry(generator_snapshots::RetryPolicy::none()).build().expect("client")
}

#[test]
fn two_success_statuses_are_told_apart() {
    use multi_status::BatchReadResponse;
    let server = MockServer::start();
    server.enqueue(MockResponse::new(200).json(r#"{"results":["a"]}"#));
    server.enqueue(MockResponse::new(207).json(r#"{"results":["a"],"errors":[{"message":"b failed"}]}"#));
    server.enqueue(
        MockResponse::new(400).json(r#"{"message":"bad","correlationId":"c-1","category":"VALIDATION_ERROR"}"#),
    );
    let client = client(&server);
    let body = multi_status::types::BatchReadBody::new(["a", "b"]);
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
        Error::NotFound(e) => {
            assert_eq!((e.status, e.parsed.is_none(), &e.body[..]), (404, true, &b"<html>not here</html>"[..]))
        }
        other => panic!("expected an API error, got {other:?}"),
    }
    let requests = server.requests();
    assert_eq!((requests[0].method.as_str(), requests[0].path.as_str()), ("DELETE", "/things/42"));
    assert_eq!(requests[0].header("x-request-id"), Some("req-1"));
}

#[test]
fn discriminated_unions_pick_by_tag() {
    use unions::types::Pet;
    assert!(matches!(round_trip::<Pet>(json!({"petType": "cat", "meows": true})), Pet::Cat(c) if c.meows));
    assert!(matches!(round_trip::<Pet>(json!({"petType": "kitten", "meows": false})), Pet::Cat(_)));
    // Implicit mapping: the component name.
    assert!(matches!(round_trip::<Pet>(json!({"petType": "Dog", "barks": true})), Pet::Dog(_)));
    // An unknown tag is kept, not an error.
    assert!(matches!(round_trip::<Pet>(json!({"petType": "parrot", "talks": true})), Pet::Other(_)));
    // A known tag with a body that does not fit is an error, not a silent fallback.
    assert!(serde_json::from_value::<Pet>(json!({"petType": "cat"})).is_err());
}

#[test]
fn integer_enums_are_open() {
    use params::types::Level;
    assert_eq!(round_trip::<Level>(json!(2)), Level::V2);
    assert_eq!(round_trip::<Level>(json!(-1)), Level::Minus1);
    assert!(matches!(round_trip::<Level>(json!(42)), Level::Unknown(v) if v.get() == 42));
    assert_eq!(Level::V3.to_string(), "3");
}

#[test]
fn path_header_and_query_parameters_of_every_type() {
    let server = MockServer::start();
    server.enqueue(MockResponse::new(200).json(r#"{"level": 7}"#));
    let client = client(&server);
    let since: jiff::Timestamp = "2024-05-01T10:00:00Z".parse().unwrap();
    let out = block_on(
        client
            .params()
            .get_versions(params::types::ObjectType::Companies, 9_007_199_254_740_993, -2, "trace-1")
            .x_retry(3)
            .x_dry_run(true)
            .x_weight(0.5)
            .x_level(params::types::Level::Minus1)
            .x_tags(["a", "b"])
            .ids(vec![1, 2])
            .fields(["x", "y"])
            .since(since)
            .send(),
    )
    .expect("200");
    assert!(matches!(out.level, Some(params::types::Level::Unknown(v)) if v.get() == 7), "{:?}", out.level);
    let r = &server.requests()[0];
    assert_eq!(r.path, "/objects/companies/9007199254740993/versions/-2");
    for (name, value) in [
        ("x-trace", "trace-1"),
        ("x-retry", "3"),
        ("x-dry-run", "true"),
        ("x-weight", "0.5"),
        ("x-level", "-1"),
        ("x-tags", "a,b"),
    ] {
        assert_eq!(r.header(name), Some(value), "{name}");
    }
    assert_eq!(r.query_values("ids"), ["1,2"]);
    assert_eq!(r.query_values("fields"), ["x", "y"]);
    assert_eq!(r.query_values("since"), ["2024-05-01T10:00:00Z"]);
}

#[test]
fn multipart_form_and_binary_bodies() {
    let server = MockServer::start();
    server.enqueue(MockResponse::new(200).json(r#"{"id": "imp-1"}"#));
    server.enqueue(MockResponse::new(200).json(r#"{"access_token": "t-1"}"#));
    server.enqueue(MockResponse::new(204));
    server.enqueue(MockResponse::new(200).header("content-type", "text/csv").body("a,b\n1,2\n"));
    server.enqueue(MockResponse::new(201).json(r#"{"id": "n-1"}"#));
    let client = client(&server);

    let mut import = bodies::types::ImportsBody::new(
        Upload::new("contacts.csv", "email\nada@example.com\n").content_type("text/csv"),
    );
    import.import_request = Some(r#"{"name":"first"}"#.into());
    let started = block_on(client.bodies().imports(&import).send()).expect("multipart");
    assert_eq!(started.id.as_deref(), Some("imp-1"));

    let mut form = bodies::types::TokensBody::new("client_credentials");
    form.scope = Some(vec!["crm.objects.contacts.read".into()]);
    let token = block_on(client.bodies().tokens(&form).send()).expect("form");
    assert_eq!(token.access_token.as_deref(), Some("t-1"));

    block_on(client.bodies().put_files_content("f 1", b"\x00\x01raw").send()).expect("binary");
    let csv = block_on(client.bodies().get_files_content("f1").send()).expect("text");
    assert_eq!(&csv[..], b"a,b\n1,2\n");
    let note = block_on(client.bodies().notes(&bodies::types::NotesBody::new("hi")).send()).expect("json");
    assert_eq!(note.id.as_deref(), Some("n-1"));

    let requests = server.requests();
    let multipart = &requests[0];
    let content_type = multipart.header("content-type").expect("content type");
    let boundary = content_type.strip_prefix("multipart/form-data; boundary=").expect("multipart");
    let body = String::from_utf8(multipart.body.clone()).expect("utf-8 body");
    assert!(body.starts_with(&format!("--{boundary}\r\n")), "{body}");
    assert!(
        body.contains(
            "name=\"files\"; filename=\"contacts.csv\"\r\nContent-Type: text/csv\r\n\r\nemail\nada@example.com\n\r\n"
        ),
        "{body}"
    );
    assert!(body.contains("name=\"importRequest\"\r\n\r\n{\"name\":\"first\"}\r\n"), "{body}");
    assert!(!body.contains("dryRun"), "unset optional properties send no part: {body}");

    assert_eq!(requests[1].header("content-type"), Some("application/x-www-form-urlencoded"));
    assert_eq!(
        String::from_utf8_lossy(&requests[1].body),
        "grant_type=client_credentials&scope=crm.objects.contacts.read"
    );

    assert_eq!((requests[2].method.as_str(), requests[2].path.as_str()), ("PUT", "/files/f%201/content"));
    assert_eq!(requests[2].header("content-type"), Some("application/octet-stream"));
    assert_eq!(requests[2].body, b"\x00\x01raw");
    assert_eq!(requests[4].header("content-type"), Some("application/json"));
    assert_eq!(requests[4].body_json(), json!({"text": "hi"}));
}

#[test]
fn the_developer_api_key_goes_where_the_spec_accepts_it() {
    let server = MockServer::start();
    server.enqueue(MockResponse::new(200).json("{}"));
    server.enqueue(MockResponse::new(200).json("[]").header("content-type", "text/csv"));
    let client = Client::with_developer_api_key("dev-key-SECRET")
        .base_url(server.url())
        .retry(generator_snapshots::RetryPolicy::none())
        .build()
        .expect("client");
    block_on(client.params().get_versions(params::types::ObjectType::Contacts, 1, 1, "t").send()).expect("200");
    // An operation whose spec names no API-key scheme does not get the key.
    block_on(client.bodies().get_files_content("f").send()).expect("200");
    let requests = server.requests();
    assert_eq!(requests[0].query_values("hapikey"), ["dev-key-SECRET"]);
    assert_eq!(requests[0].header("authorization"), None);
    assert!(requests[1].query_values("hapikey").is_empty());
    assert!(!format!("{client:?}").contains("dev-key-SECRET"));
}

#[test]
fn a_schema_shared_by_two_apis_is_one_type() {
    // Written against one API's type, used with the other's records: this
    // compiles only because the merge made them one type.
    fn describe(record: &generator_snapshots::shared_a::types::SimplePublicObject) -> String {
        format!("{} {}", record.id, record.state.as_ref().map_or("-", |s| s.as_str()))
    }
    let server = MockServer::start();
    server.enqueue(MockResponse::new(200).json(r#"{"id": "7", "properties": {"email": null}, "state": "ARCHIVED"}"#));
    let beta = block_on(client(&server).shared_b().get_by_id("7").send()).expect("200");
    assert_eq!(describe(&beta), "7 ARCHIVED");
    assert_eq!(beta.properties.get("email"), Some(&None));
    // Same name, other structure: each API keeps its own `Thing`.
    let a: generator_snapshots::shared_a::types::Thing = round_trip(json!({"size": 3}));
    let b: generator_snapshots::shared_b::types::Thing = round_trip(json!({"size": "large"}));
    assert_eq!((a.size, b.size.as_deref()), (Some(3), Some("large")));
}

/// Every style and explode combination of the OpenAPI 3.0.3 "Style Examples"
/// table, as sent on the wire: `color` is `blue`, `["blue","black","brown"]`
/// or `{"R":100,"G":200,"B":150}`. The generated `Rgb` struct declares its
/// properties `B`, `G`, `R` (the generator orders properties by name), so an
/// object's pairs come in that order; the runtime's unit tests check the
/// table's own order.
#[test]
fn parameter_styles_follow_the_spec_table() {
    use param_styles::types::{
        PathUnionId, QueryDeepObjectNestedLinesItem, QueryDeepObjectUnionCreated, QueryDeepObjectUnionCreatedWithGt,
        Rgb,
    };
    let server = MockServer::start();
    let client = client(&server);
    let api = client.param_styles();
    let list = || ["blue", "black", "brown"];
    let rgb = || Rgb { r: 100, g: 200, b: 150, additional_properties: Default::default() };
    macro_rules! sent {
        ($call:expr) => {{
            server.enqueue(MockResponse::new(204));
            block_on($call.send()).expect("204");
            server.requests().pop().expect("a request")
        }};
    }
    // The last path segment, the raw query, a header.
    macro_rules! path {
        ($call:expr) => {
            sent!($call).path.rsplit_once('/').expect("a segment").1.to_owned()
        };
    }
    macro_rules! query {
        ($call:expr) => {
            sent!($call).raw_query.expect("a query")
        };
    }
    macro_rules! header {
        ($call:expr, $name:expr) => {
            sent!($call).header($name).expect("the header").to_owned()
        };
    }

    let paths = [
        // Given by `content: application/json`: JSON text in one segment.
        (path!(api.path_content_list(list())), "ids=%5B%22blue%22%2C%22black%22%2C%22brown%22%5D"),
        (path!(api.path_simple_prim("blue")), "blue"),
        (path!(api.path_any_list(vec![json!(1), json!("ACC")])), "1,ACC"),
        (path!(api.path_simple_array(list())), "blue,black,brown"),
        (path!(api.path_simple_object(rgb())), "B,150,G,200,R,100"),
        (path!(api.path_simple_explode_prim("blue")), "blue"),
        (path!(api.path_simple_explode_array(list())), "blue,black,brown"),
        (path!(api.path_simple_explode_object(rgb())), "B=150,G=200,R=100"),
        (path!(api.path_label_prim("blue")), ".blue"),
        (path!(api.path_label_array(list())), ".blue.black.brown"),
        (path!(api.path_label_object(rgb())), ".B.150.G.200.R.100"),
        (path!(api.path_label_explode_prim("blue")), ".blue"),
        (path!(api.path_label_explode_array(list())), ".blue.black.brown"),
        (path!(api.path_label_explode_object(rgb())), ".B=150.G=200.R=100"),
        (path!(api.path_matrix_prim("blue")), ";color=blue"),
        (path!(api.path_matrix_array(list())), ";color=blue,black,brown"),
        (path!(api.path_matrix_object(rgb())), ";color=B,150,G,200,R,100"),
        (path!(api.path_matrix_explode_prim("blue")), ";color=blue"),
        (path!(api.path_matrix_explode_array(list())), ";color=blue;color=black;color=brown"),
        (path!(api.path_matrix_explode_object(rgb())), ";B=150;G=200;R=100"),
        // Values are percent-encoded, delimiters are not; a `oneOf` is what it holds.
        (path!(api.path_label_array(["a b", "c/d"])), ".a%20b.c%2Fd"),
        (path!(api.path_union(PathUnionId::I32(7))), "7"),
        (path!(api.path_union(PathUnionId::String("a,b".into()))), "a%2Cb"),
    ];
    for (sent, want) in paths {
        assert_eq!(sent, want);
    }

    let queries = [
        (query!(api.query_form_prim("blue")), "color=blue"),
        (query!(api.query_form_array(list())), "color=blue,black,brown"),
        (query!(api.query_form_object(rgb())), "color=B,150,G,200,R,100"),
        (query!(api.query_form_explode_prim("blue")), "color=blue"),
        (query!(api.query_form_explode_array(list())), "color=blue&color=black&color=brown"),
        (query!(api.query_form_explode_object(rgb())), "B=150&G=200&R=100"),
        (query!(api.query_space_delimited_array(list())), "color=blue%20black%20brown"),
        (query!(api.query_space_delimited_object(rgb())), "color=B%20150%20G%20200%20R%20100"),
        (query!(api.query_pipe_delimited_array(list())), "color=blue|black|brown"),
        (query!(api.query_pipe_delimited_object(rgb())), "color=B|150|G|200|R|100"),
        (query!(api.query_deep_object_object(rgb())), "color[B]=150&color[G]=200&color[R]=100"),
        (query!(api.query_form_array(["a,b", "c d"])), "color=a%2Cb,c%20d"),
        (
            query!(api.query_map().filter([("a".to_owned(), "1".to_owned()), ("b".into(), "x y".into())].into())),
            "filter[a]=1&filter[b]=x%20y",
        ),
        // `deepObject` beyond flat objects: brackets all the way down, arrays by index.
        (
            query!(api.query_deep_object_list().expand(["data.customer", "a b"])),
            "expand[0]=data.customer&expand[1]=a%20b",
        ),
        (
            query!(api.query_deep_object_nested().lines(vec![QueryDeepObjectNestedLinesItem {
                amount: Some(5),
                color: Some(rgb()),
                tax_rates: Some(vec!["t1".into()]),
                additional_properties: Default::default(),
            }])),
            "lines[0][amount]=5&lines[0][color][B]=150&lines[0][color][G]=200&lines[0][color][R]=100&lines[0][tax_rates][0]=t1",
        ),
        (
            query!(api.query_deep_object_union().created(QueryDeepObjectUnionCreated::WithGt(
                QueryDeepObjectUnionCreatedWithGt { gt: Some(1), lt: None, additional_properties: Default::default() }
            ))),
            "created[gt]=1",
        ),
        (query!(api.query_deep_object_union().created(QueryDeepObjectUnionCreated::I64(7))), "created=7"),
    ];
    for (sent, want) in queries {
        assert_eq!(sent, want);
    }
    assert_eq!(sent!(api.query_map()).raw_query, None, "an optional parameter that is not set is left out");

    let headers = [
        (header!(api.header_simple_prim("blue"), "x-color"), "blue"),
        (header!(api.header_simple_array(list()), "x-color"), "blue,black,brown"),
        (header!(api.header_simple_object(rgb()), "x-color"), "B,150,G,200,R,100"),
        (header!(api.header_simple_explode_prim("blue"), "x-color"), "blue"),
        (header!(api.header_simple_explode_array(list()), "x-color"), "blue,black,brown"),
        (header!(api.header_simple_explode_object(rgb()), "x-color"), "B=150,G=200,R=100"),
    ];
    for (sent, want) in headers {
        assert_eq!(sent, want);
    }

    let cookies = [
        (header!(api.cookie_form_prim("blue"), "cookie"), "color=blue"),
        (header!(api.cookie_form_array(list()), "cookie"), "color=blue,black,brown"),
        (header!(api.cookie_form_object(rgb()), "cookie"), "color=B,150,G,200,R,100"),
        (header!(api.cookie_form_explode_prim("blue"), "cookie"), "color=blue"),
        (header!(api.cookie_form_explode_array(list()), "cookie"), "color=blue; color=black; color=brown"),
        (header!(api.cookie_form_explode_object(rgb()), "cookie"), "B=150; G=200; R=100"),
        // Several cookies share one `Cookie` header; an unset one is left out.
        (
            header!(api.cookies("s 1").theme("dark").ids(vec![1, 2]).x_color("red"), "cookie"),
            "session=s%201; theme=dark; ids=1,2",
        ),
        (header!(api.cookies("s1"), "cookie"), "session=s1"),
    ];
    for (sent, want) in cookies {
        assert_eq!(sent, want);
    }
}

/// A request sends the schema without its read-only fields, and a response
/// without the write-only ones decodes.
#[test]
fn read_only_fields_stay_out_of_requests_and_write_only_out_of_responses() {
    use read_write::types::{Owner, OwnerInput, PetInput, PetPage};
    let server = MockServer::start();
    let pet = json!({"id": "p-1", "name": "Rex", "createdAt": "2026-11-29T10:00:00Z"});
    server.enqueue(MockResponse::new(201).json(pet.to_string()));
    server.enqueue(MockResponse::new(200).json(json!({"pet": pet}).to_string()));
    let client = client(&server);
    let input = PetInput::builder().name("Rex").password("s3cret").build();
    let created = block_on(client.read_write().create_pet(&input).send()).expect("201 without the write-only password");
    assert_eq!((created.id.as_str(), created.password.as_deref()), ("p-1", None));
    let owner: Owner = block_on(client.read_write().put_owner(&OwnerInput::new(input.clone())).send()).expect("200");
    assert_eq!(owner.pet.created_at.to_string(), "2026-11-29T10:00:00Z");
    let requests = server.requests();
    assert_eq!(requests[0].body_json(), json!({"name": "Rex", "password": "s3cret"}));
    assert_eq!(requests[1].body_json(), json!({"pet": {"name": "Rex", "password": "s3cret"}}));
    // A response-only type does not demand its write-only field.
    let page: PetPage = serde_json::from_value(json!({"items": [pet]})).expect("decodes without resumeToken");
    assert_eq!(page.resume_token, None);
}

/// Inline variants are selected by the value they list for the
/// discriminator; without a discriminator, a property every variant requires
/// with values of its own selects (open enums would let the first variant take
/// every value).
#[test]
fn variants_are_selected_by_the_values_they_list() {
    use unions::types::{Animal, Change, Event};
    // One enum shared by every variant: the component names select.
    assert!(matches!(round_trip::<Animal>(json!({"kind": "Fish", "fins": 2})), Animal::Fish(f) if f.fins == Some(2)));
    assert!(matches!(round_trip::<Event>(json!({"type": "deleted"})), Event::Deleted(_)));
    assert!(
        matches!(round_trip::<Event>(json!({"type": "created", "at": "2026-11-29T10:00:00Z"})), Event::Created(e) if e.at.is_some())
    );
    // No tag matches: the variant that lists none is tried, then the JSON is kept.
    assert!(matches!(round_trip::<Event>(json!({"type": "moved", "note": "n"})), Event::WithNote(e) if e.note == "n"));
    assert!(matches!(round_trip::<Event>(json!({"type": "moved"})), Event::Other(_)));
    assert!(matches!(round_trip::<Change>(json!({"kind": "relocate", "to": "x"})), Change::Move(_)));
    assert!(matches!(round_trip::<Change>(json!({"kind": "rename", "to": "y"})), Change::Rename(_)));
    assert!(matches!(round_trip::<Change>(json!({"kind": "copy"})), Change::Other(_)));
    // The repeated 12-kind expression: `MAX` is the `Max` variant, not the first.
    let column: generator_snapshots::repeated_union::types::ReportColumn1 =
        round_trip(json!({"kind": "MAX", "maxValue": "3"}));
    assert!(
        matches!(&column, generator_snapshots::repeated_union::types::ReportColumn1::Max(m) if m.max_value.as_deref() == Some("3")),
        "{column:?}"
    );
}
