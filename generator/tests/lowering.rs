//! Lowering decisions, checked on the intermediate model itself: each test
//! lowers a small spec and compares one part of the IR's JSON dump (the same
//! dump `cargo xtask ir SPEC POINTER` prints) with the expected text below it.
//! `UPDATE_EXPECT=1 cargo test -p openapi-rust-generator --test lowering`
//! rewrites the expectations in place; review the diff.

use expect_test::{Expect, expect};
use generator::{Config, Profile, SpecInput, ir_json};

/// Lower `spec` (YAML) and compare the IR at `pointer` with `expected`.
fn check(spec: &str, pointer: &str, expected: Expect) {
    check_with(Profile::Auto, spec, pointer, expected);
}

fn check_with(profile: Profile, spec: &str, pointer: &str, expected: Expect) {
    let config = Config { profile, ..Config::default() };
    let ir = ir_json(&SpecInput::new("test.yaml", spec), &config).unwrap_or_else(|d| panic!("does not lower:\n{d}"));
    let part = ir.pointer(pointer).unwrap_or_else(|| panic!("nothing at {pointer} in\n{ir:#}"));
    expected.assert_eq(&serde_json::to_string_pretty(part).expect("JSON prints"));
}

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\n";

#[test]
fn path_template_is_parsed_once_with_locals_clear_of_the_send_locals() {
    let spec = format!(
        "{HEAD}paths:
  /files/{{path}}/v{{version}}.json:
    get:
      operationId: getFile
      parameters:
        - {{name: path, in: path, required: true, schema: {{type: string}}}}
        - {{name: version, in: path, required: true, schema: {{type: integer}}}}
      responses: {{'200': {{description: ok}}}}
"
    );
    check(
        &spec,
        "/operations/0/path",
        expect![[r#"
        {
          "parts": [
            {
              "literal": "/files/"
            },
            {
              "param": {
                "field": "path",
                "local": "path2"
              }
            },
            {
              "literal": "/v"
            },
            {
              "param": {
                "field": "version",
                "local": "version"
              }
            },
            {
              "literal": ".json"
            }
          ],
          "template": "/files/{path}/v{version}.json"
        }"#]],
    );
}

#[test]
fn parameters_carry_their_encoding_argument_style_and_copy() {
    let spec = format!(
        "{HEAD}paths:
  /things:
    get:
      operationId: listThings
      parameters:
        - {{name: client, in: query, schema: {{type: string}}}}
        - {{name: ids, in: query, schema: {{type: array, items: {{type: integer}}}}}}
        - {{name: tags, in: query, explode: false, schema: {{type: array, items: {{type: string}}}}}}
        - {{name: filter, in: query, schema: {{type: object, properties: {{a: {{type: string}}}}}}}}
        - {{name: level, in: header, schema: {{$ref: '#/components/schemas/Level'}}}}
        - {{name: nullable, in: query, schema: {{type: string, nullable: true}}}}
      responses: {{'200': {{description: ok}}}}
components:
  schemas:
    Level: {{type: integer, enum: [1, 2]}}
"
    );
    let summary = |ir: &serde_json::Value| -> String {
        ir["operations"][0]["params"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                format!("{} {} {} {} copy={}\n", p["wire_name"], p["rust_name"], p["encoding"], p["arg"], p["copy"])
            })
            .collect()
    };
    let ir = ir_json(&SpecInput::new("test.yaml", spec), &Config::default()).unwrap();
    expect![[r#"
        "client" "client_query" "display" "into" copy=false
        "ids" "ids" {"list":{"explode":true}} "plain" copy=false
        "tags" "tags" {"list":{"explode":false}} "into_iter" copy=false
        "filter" "filter" {"styled":{"explode":true,"style":"form"}} "plain" copy=false
        "level" "level" "display" "plain" copy=true
        "nullable" "nullable" "display" "into" copy=false
    "#]]
    .assert_eq(&summary(&ir));
}

#[test]
fn outcomes_say_what_they_carry_and_several_get_a_response_enum() {
    let spec = format!(
        "{HEAD}paths:
  /things/batch/read:
    post:
      operationId: readThings
      responses:
        '200': {{description: all, content: {{application/json: {{schema: {{type: object, properties: {{a: {{type: string}}}}}}}}}}}}
        '207': {{description: some, content: {{text/csv: {{schema: {{type: string}}}}}}}}
        '2XX': {{description: other}}
"
    );
    check(
        &spec,
        "/operations/0",
        expect![[r#"
        {
          "accepts": "anything",
          "batch": null,
          "body": null,
          "builder": "ReadThingsRequest",
          "deprecated": false,
          "description": null,
          "errors": [],
          "method": "POST",
          "operation_id": "readThings",
          "pagination": null,
          "params": [],
          "path": {
            "parts": [
              {
                "literal": "/things/batch/read"
              }
            ],
            "template": "/things/batch/read"
          },
          "rate_bucket": "general",
          "response_enum": "ReadThingsResponse",
          "retry_safety": "unsafe",
          "rust_name": "read_things",
          "security": [],
          "shared": null,
          "success": [
            {
              "body": {
                "json": {
                  "named": "ReadThingsResponse200"
                }
              },
              "description": "all",
              "status": {
                "code": 200
              },
              "variant": "Ok"
            },
            {
              "body": "bytes",
              "description": "some",
              "status": {
                "code": 207
              },
              "variant": "MultiStatus"
            },
            {
              "body": "empty",
              "description": "other",
              "status": {
                "range": 2
              },
              "variant": "Other2xx"
            }
          ],
          "summary": null,
          "tags": []
        }"#]],
    );
}

/// A HubSpot-shaped search and batch read, under HubSpot's servers and under another vendor's.
fn hubspot_shaped(server: &str) -> String {
    format!(
        "{HEAD}servers: [{{url: '{server}'}}]
paths:
  /crm/v3/objects/things/search:
    post:
      requestBody:
        required: true
        content: {{application/json: {{schema: {{$ref: '#/components/schemas/Search'}}}}}}
      responses:
        '200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Page'}}}}}}}}
  /crm/v3/objects/things/batch/read:
    post:
      requestBody:
        required: true
        content: {{application/json: {{schema: {{$ref: '#/components/schemas/Read'}}}}}}
      responses:
        '200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Batch'}}}}}}}}
        '207': {{description: some, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Batch'}}}}}}}}
  /crm/v3/objects/things/batch/archive:
    post:
      requestBody:
        required: true
        content: {{application/json: {{schema: {{$ref: '#/components/schemas/Read'}}}}}}
      responses:
        '204': {{description: gone}}
components:
  schemas:
    Search:
      type: object
      properties: {{after: {{type: string}}, limit: {{type: integer}}}}
    Page:
      type: object
      required: [results]
      properties:
        results: {{type: array, items: {{type: string}}}}
        paging: {{type: object, properties: {{next: {{type: object, properties: {{after: {{type: string}}}}}}}}}}
    Read:
      type: object
      required: [inputs, propertiesWithHistory]
      properties:
        inputs: {{type: array, items: {{type: string}}}}
        propertiesWithHistory: {{type: array, items: {{type: string}}}}
    Batch:
      type: object
      required: [results]
      properties:
        results: {{type: array, items: {{type: string}}}}
        errors: {{type: array, items: {{type: string}}}}
"
    )
}

/// The conventions' facts of each operation, one line each.
fn facts(spec: &str, profile: Profile) -> String {
    let config = Config { profile, ..Config::default() };
    let ir = ir_json(&SpecInput::new("test.yaml", spec), &config).unwrap();
    let mut out = format!("profile {}\n", ir["profile"]);
    for op in ir["operations"].as_array().unwrap() {
        out.push_str(&format!(
            "{} retry={} bucket={} paginated={} capped={} batch_chunk={}\n",
            op["rust_name"].as_str().unwrap(),
            op["retry_safety"],
            op["rate_bucket"],
            !op["pagination"].is_null(),
            op["pagination"]["capped"],
            op["batch"]["chunk"],
        ));
    }
    out
}

#[test]
fn hubspot_conventions_are_recorded_as_facts() {
    expect![[r#"
        profile "hubspot"
        batch_archive retry="unsafe" bucket="general" paginated=false capped=null batch_chunk=null
        batch_read retry="read_only" bucket="general" paginated=false capped=null batch_chunk={"reduced":{"size":50,"when_set":{"field":"properties_with_history","optional":false}},"size":100}
        search retry="read_only" bucket="search" paginated=true capped=true batch_chunk=null
    "#]]
    .assert_eq(&facts(&hubspot_shaped("https://api.hubapi.com"), Profile::Auto));
}

#[test]
fn another_vendor_gets_no_hubspot_assumptions() {
    let plain = expect![[r#"
        profile null
        batch_archive retry="unsafe" bucket="general" paginated=false capped=null batch_chunk=null
        batch_read retry="unsafe" bucket="general" paginated=false capped=null batch_chunk=null
        search retry="unsafe" bucket="general" paginated=false capped=null batch_chunk=null
    "#]];
    plain.assert_eq(&facts(&hubspot_shaped("https://api.example.com"), Profile::Auto));
    // The profile can be chosen whatever the servers say.
    let forced = facts(&hubspot_shaped("https://api.example.com"), Profile::HubSpot);
    assert!(forced.contains("batch_read retry=\"read_only\""), "{forced}");
    let off = facts(&hubspot_shaped("https://api.hubapi.com"), Profile::Plain);
    assert!(off.starts_with("profile null"), "{off}");
}

#[test]
fn verbs_come_from_the_profile() {
    let spec = |server: &str| {
        format!(
            "{HEAD}servers: [{{url: '{server}'}}]
paths:
  /pets:
    get: {{responses: {{'200': {{description: ok}}}}}}
  /pets/{{id}}:
    get: {{parameters: [{{name: id, in: path, required: true, schema: {{type: string}}}}], responses: {{'200': {{description: ok}}}}}}
    delete: {{parameters: [{{name: id, in: path, required: true, schema: {{type: string}}}}], responses: {{'204': {{description: ok}}}}}}
"
        )
    };
    let names = |server: &str| -> Vec<String> {
        let ir = ir_json(&SpecInput::new("test.yaml", spec(server)), &Config::default()).unwrap();
        ir["operations"].as_array().unwrap().iter().map(|o| o["rust_name"].as_str().unwrap().to_owned()).collect()
    };
    assert_eq!(names("https://api.hubapi.com"), ["archive", "get_by_id", "get_page"]);
    assert_eq!(names("https://api.example.com"), ["delete", "get", "list"]);
}

#[test]
fn catch_all_names_and_enum_values_are_in_the_model() {
    let spec = format!(
        "{HEAD}paths: {{}}
components:
  schemas:
    Level: {{type: integer, enum: [1, -1, 1]}}
    Pet:
      oneOf:
        - {{$ref: '#/components/schemas/Other'}}
        - {{type: string}}
    Other: {{type: object, properties: {{a: {{type: string}}}}}}
"
    );
    check(
        &spec,
        "/types/Level/kind",
        expect![[r#"
        {
          "enum": {
            "repr": "integer",
            "unknown": "Unknown",
            "variants": [
              {
                "rust_name": "V1",
                "value": 1
              },
              {
                "rust_name": "Minus1",
                "value": -1
              }
            ]
          }
        }"#]],
    );
    check(
        &spec,
        "/types/Pet/kind/union",
        expect![[r#"
            {
              "discriminator": null,
              "other": "Other",
              "variants": [
                {
                  "rust_name": "OtherVariant",
                  "tags": [],
                  "ty": {
                    "named": "Other"
                  }
                },
                {
                  "rust_name": "String",
                  "tags": [],
                  "ty": {
                    "prim": "string"
                  }
                }
              ]
            }"#]],
    );
}

#[test]
fn bodies_say_how_they_are_encoded() {
    let spec = format!(
        "{HEAD}paths:
  /upload:
    post:
      requestBody:
        required: true
        content: {{multipart/form-data: {{schema: {{type: object, properties: {{file: {{type: string, format: binary}}}}}}}}}}
      responses: {{'200': {{description: ok}}}}
  /raw:
    post:
      requestBody:
        content: {{application/octet-stream: {{schema: {{type: string, format: binary}}}}}}
      responses: {{'200': {{description: ok}}}}
  /any:
    post:
      requestBody:
        content: {{multipart/form-data: {{schema: {{type: object}}}}}}
      responses: {{'200': {{description: ok}}}}
"
    );
    let any = expect![[r#"
        {
          "multipart": {
            "parts": "from_json",
            "ty": {
              "map": "any"
            }
          }
        }"#]];
    check_with(Profile::Plain, &spec, "/operations/0/body/encoding", any);
    let raw = expect![[r#""binary""#]];
    check_with(Profile::Plain, &spec, "/operations/1/body/encoding", raw);
    let upload = expect![[r#"
        {
          "multipart": {
            "parts": "generated",
            "ty": {
              "named": "UploadBody"
            }
          }
        }"#]];
    check_with(Profile::Plain, &spec, "/operations/2/body/encoding", upload);
    check_with(Profile::Plain, &spec, "/types/UploadBody/multipart", expect!["true"]);
}
