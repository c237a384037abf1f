//! Real-world spec shapes (issue #10), checked on what the generator made of
//! each fixture: its types in brief, its operations, how many fields and
//! parameters fell back to untyped JSON, and every warning with its pointer.
//! `UPDATE_EXPECT=1 cargo test -p openapi-rust-generator --test any_spec`
//! rewrites the expectations in place; review the diff.

use std::fmt::Write as _;

use expect_test::{ExpectFile, expect_file};
use generator::ir::{TypeKind, TypeRef};
use generator::{Config, SpecInput, lower_spec};

/// Lower the fixture `name` and compare the summary with `expected`.
fn check(name: &str, expected: ExpectFile) {
    let path = format!("{}/tests/fixtures/{name}.yaml", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("fixture reads");
    let spec = SpecInput::new(format!("{name}.yaml"), text).with_loader(fixture_loader("tests/fixtures"));
    let (api, counts, diags) = lower_spec(&spec, &Config::default()).unwrap_or_else(|d| panic!("does not lower:\n{d}"));
    let mut out = String::new();
    for (name, def) in &api.types {
        let what = match &def.kind {
            TypeKind::Struct(s) => {
                let fields: Vec<String> =
                    s.fields.iter().map(|f| format!("{}: {}", f.wire_name, brief(&f.ty))).collect();
                format!("struct {{ {} }}", fields.join(", "))
            }
            TypeKind::Enum(e) => format!("enum ({} values)", e.variants.len()),
            TypeKind::Union(u) => {
                format!("union {}", u.variants.iter().map(|v| brief(&v.ty)).collect::<Vec<_>>().join(" | "))
            }
            TypeKind::Alias(t) => format!("= {}", brief(t)),
        };
        let _ = writeln!(out, "{name} {what}  [#{}]", def.origin.pointer);
    }
    for op in &api.operations {
        let params: Vec<String> = op.params.iter().map(|p| format!("{}: {}", p.wire_name, brief(&p.ty))).collect();
        let _ =
            writeln!(out, "op {} ({}) {} {}", op.rust_name, params.join(", "), op.method.as_str(), op.path.template);
    }
    let _ = writeln!(
        out,
        "skipped {}, untyped fallbacks {} of {} fields and parameters",
        counts.skipped_operations, counts.untyped_fallbacks, counts.fields_and_params
    );
    for d in diags.iter() {
        let _ = writeln!(out, "warning #{}: {}", d.pointer, d.message);
    }
    expected.assert_eq(&out);
}

/// Reads the files of a fixture folder (relative to this crate), as `cargo xtask` does for spec folders.
fn fixture_loader(dir: &str) -> impl Fn(&str) -> Result<String, String> + Send + Sync + 'static {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    move |path: &str| std::fs::read_to_string(root.join(path)).map_err(|e| e.to_string())
}

#[test]
fn a_document_split_across_files_reads_as_one() {
    check("multi_file", expect_file!["any_spec/multi_file.txt"]);
    // A warning about something another file holds names that file.
    let text =
        std::fs::read_to_string(format!("{}/tests/fixtures/multi_file.yaml", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let spec = SpecInput::new("multi_file.yaml", text).with_loader(fixture_loader("tests/fixtures"));
    let (_, _, diags) = lower_spec(&spec, &Config::default()).unwrap();
    let located: Vec<(&str, &str)> = diags.iter().map(|d| (d.file.as_str(), d.pointer.as_str())).collect();
    assert_eq!(located, [("multi_file/schemas/error.json", "/description")]);
}

#[test]
fn references_that_leave_the_folder_or_name_a_url_are_errors_with_their_pointer() {
    for (name, says) in [("escapes", "leaves the folder of the root document"), ("url", "is a URL")] {
        let dir = "tests/reference_errors";
        let text = std::fs::read_to_string(format!("{}/{dir}/{name}.yaml", env!("CARGO_MANIFEST_DIR"))).unwrap();
        let spec = SpecInput::new(format!("errors/{name}.yaml"), text).with_loader(fixture_loader(dir));
        let err = lower_spec(&spec, &Config::default()).expect_err(name);
        let [d] = err.0.as_slice() else { panic!("one error expected: {err}") };
        assert_eq!(d.file, format!("errors/{name}.yaml"));
        assert_eq!(d.pointer, "/paths/~1x/get/responses/200/content/application~1json/schema");
        assert!(d.message.contains(says), "{d}");
    }
}

fn brief(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(n) => n.clone(),
        TypeRef::Prim(p) => format!("{p:?}").to_lowercase(),
        TypeRef::List(t) => format!("[{}]", brief(t)),
        TypeRef::Map(t) => format!("{{{}}}", brief(t)),
        TypeRef::Nullable(t) => format!("{}?", brief(t)),
        TypeRef::Boxed(t) => format!("Box<{}>", brief(t)),
        TypeRef::Any => "json".to_owned(),
    }
}

#[test]
fn refs_to_any_pointer_name_the_object_where_it_stands() {
    check("refs_anywhere", expect_file!["any_spec/refs_anywhere.txt"]);
}

#[test]
fn invalid_descriptive_values_and_odd_reference_shapes_are_read_with_warnings() {
    check("lenient", expect_file!["any_spec/lenient.txt"]);
}

#[test]
fn example_and_default_values_are_data_left_as_written() {
    let path = format!("{}/tests/fixtures/lenient.yaml", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("fixture reads");
    let spec = SpecInput::new("lenient.yaml", text.clone());
    let (normalized, diags) = generator::normalized(&spec).unwrap_or_else(|d| panic!("does not normalize:\n{d}"));
    let published: serde_json::Value = serde_saphyr::from_str(&text).expect("fixture parses");
    for pointer in [
        "/components/schemas/Pet/example",
        "/paths/~1owners~1{id}/get/parameters/0/example",
        "/paths/~1pets/post/requestBody/content/application~1json/examples/typed/value",
    ] {
        assert_eq!(normalized.pointer(pointer), published.pointer(pointer), "{pointer}");
    }
    let counts = "/paths/~1owners~1{id}/get/responses/200/content/application~1json/schema/properties/counts";
    for key in ["example", "default"] {
        let at = format!("{counts}/{key}");
        // The schema may move into components; its values do not change.
        let moved = normalized
            .pointer("/components/schemas")
            .and_then(|s| s.as_object())
            .and_then(|s| s.values().find_map(|schema| schema.pointer(&format!("/properties/counts/{key}"))));
        assert_eq!(normalized.pointer(&at).or(moved), published.pointer(&at), "{at}");
    }
    for d in diags.iter() {
        assert!(
            !(d.pointer.contains("/example/")
                || d.pointer.ends_with("/example")
                || d.pointer.contains("/default")
                || d.pointer.contains("/value")),
            "a warning inside example data: {d}"
        );
    }
}

#[test]
fn all_of_that_annotates_is_the_referenced_type() {
    check("all_of", expect_file!["any_spec/all_of.txt"]);
}

#[test]
fn reference_cycles_without_structure_are_any_value() {
    check("ref_cycles", expect_file!["any_spec/ref_cycles.txt"]);
}

#[test]
fn callbacks_are_left_out_and_their_operations_kept() {
    check("callbacks", expect_file!["any_spec/callbacks.txt"]);
}

#[test]
fn openapi_31_reads_into_the_same_model() {
    check("oas31", expect_file!["any_spec/oas31.txt"]);
}

/// A `$ref` written percent-encoded (`#/components/schemas/Pet%20Tag`) names
/// the component `Pet Tag`, as the lowering and the reference mover both read it.
#[test]
fn a_percent_encoded_reference_names_its_component() {
    let spec = r##"
openapi: 3.0.3
info: { title: Pets, version: "1" }
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Pet%20Tag" }
components:
  schemas:
    Pet Tag:
      type: object
      properties:
        name: { type: string }
"##;
    let (api, _, diags) = lower_spec(&SpecInput::new("pets.yaml", spec), &Config::default())
        .unwrap_or_else(|d| panic!("does not lower:\n{d}"));
    assert!(diags.is_empty(), "{diags}");
    assert_eq!(api.operations.len(), 1, "the operation is generated");
    let outcome = &api.operations[0].success[0];
    let generator::ir::OutcomeBody::Json(TypeRef::Named(name)) = &outcome.body else { panic!("{:?}", outcome.body) };
    assert!(matches!(api.types[name].kind, TypeKind::Struct(_)), "{name} is the component's struct");
}

/// `readOnly`/`writeOnly`: a schema used both ways keeps its name for
/// responses and gets a request view without its read-only fields; the
/// types holding it get views too; request-only and response-only types
/// change in place; unused components stay as written.
#[test]
fn read_only_and_write_only_fields_split_requests_from_responses() {
    check("read_write", expect_file!["any_spec/read_write.txt"]);
    let path = format!("{}/tests/fixtures/read_write.yaml", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("fixture reads");
    let (api, _, _) =
        lower_spec(&SpecInput::new("read_write.yaml", text), &Config::default()).unwrap_or_else(|d| panic!("{d}"));
    let fields = |name: &str| -> Vec<(String, bool)> {
        let TypeKind::Struct(s) = &api.types[name].kind else { panic!("{name} is not a struct") };
        s.fields.iter().map(|f| (f.wire_name.clone(), f.required)).collect()
    };
    let owned = |v: &[(&str, bool)]| v.iter().map(|(n, r)| (n.to_string(), *r)).collect::<Vec<_>>();
    // Responses: read-only fields stay required, the write-only one is optional.
    assert_eq!(
        fields("Pet"),
        owned(&[
            ("confused", false),
            ("createdAt", true),
            ("id", true),
            ("name", true),
            ("password", false),
            ("tags", false)
        ])
    );
    // Requests: no read-only field; the write-only one is required.
    assert_eq!(fields("PetInput"), owned(&[("confused", false), ("name", true), ("password", true), ("tags", false)]));
    assert_eq!(api.types["PetInput"].request_view_of.as_deref(), Some("Pet"));
    // Request-only: the read-only field is gone, in place.
    assert_eq!(fields("Search"), owned(&[("query", true), ("tag", false)]));
    // Response-only: the write-only field is optional, in place.
    assert_eq!(fields("PetPage"), owned(&[("items", true), ("resumeToken", false)]));
    // Unused: as written.
    assert_eq!(fields("Unused"), owned(&[("id", true)]));
    // Tag has no read-only field: one type for both directions.
    assert!(!api.types.contains_key("TagInput"));
    // Requests refer to the views, responses to the originals.
    let op = |name: &str| api.operations.iter().find(|o| o.rust_name == name).unwrap_or_else(|| panic!("{name}"));
    let body = |name: &str| op(name).body.as_ref().and_then(|b| b.ty()).cloned();
    assert_eq!(body("create_pet"), Some(TypeRef::Named("PetInput".into())));
    assert_eq!(body("put_owner"), Some(TypeRef::Named("OwnerInput".into())));
    assert_eq!(body("upload_photo"), Some(TypeRef::Named("PhotoInput".into())));
    assert!(api.types["PhotoInput"].multipart && !api.types["Photo"].multipart, "only the request view encodes parts");
    let success = |name: &str| op(name).success[0].body.clone();
    assert_eq!(success("put_owner"), generator::ir::OutcomeBody::Json(TypeRef::Named("Owner".into())));
}

/// OpenAPI 3.1: `readOnly` beside a `$ref` marks the property (3.0 ignored
/// keywords beside a `$ref`; 3.1 applies them).
#[test]
fn read_only_beside_a_reference_in_31_marks_the_property() {
    let spec = r##"
openapi: 3.1.0
info: { title: Notes, version: "1" }
paths:
  /notes:
    post:
      operationId: createNote
      requestBody:
        required: true
        content:
          application/json:
            schema: { $ref: "#/components/schemas/Note" }
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Note" }
components:
  schemas:
    Stamp: { type: string, format: date-time }
    Note:
      type: object
      required: [text, updated]
      properties:
        text: { type: string }
        updated: { $ref: "#/components/schemas/Stamp", readOnly: true }
"##;
    let (api, _, diags) = lower_spec(&SpecInput::new("notes.yaml", spec), &Config::default())
        .unwrap_or_else(|d| panic!("does not lower:\n{d}"));
    assert!(diags.is_empty(), "{diags}");
    let names = |ty: &str| -> Vec<String> {
        let TypeKind::Struct(s) = &api.types[ty].kind else { panic!("{ty}") };
        s.fields.iter().map(|f| f.wire_name.clone()).collect()
    };
    assert_eq!(names("Note"), ["text", "updated"]);
    assert_eq!(names("NoteInput"), ["text"]);
}

#[test]
fn names_that_read_alike_are_told_apart_by_what_differs_not_by_counters() {
    let spec = r#"
openapi: 3.0.3
info: {title: Boards, version: '1'}
paths:
  /boards:
    get:
      operationId: listBoards
      parameters:
        - {name: StartTime, in: query, schema: {type: string}}
        - {name: StartTime<, in: query, schema: {type: string}}
        - {name: StartTime>, in: query, schema: {type: string}}
        - {name: client, in: query, schema: {type: string}}
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Board'}}}}
components:
  schemas:
    Board:
      type: object
      properties:
        prefs/background: {type: string}
        prefs_background: {type: string}
        '': {type: string}
        value: {type: string}
        state: {type: string, enum: ['', UNKNOWN, Unknown, open]}
        color:
          anyOf:
            - {type: object, properties: {hex: {type: string}}}
            - {type: string, enum: ['']}
"#;
    let (api, _, diags) =
        lower_spec(&SpecInput::new("boards.yaml", spec), &Config::default()).unwrap_or_else(|d| panic!("{d}"));
    assert!(diags.iter().all(|d| !d.message.contains("numbered")), "{diags}");
    let TypeKind::Struct(board) = &api.types["Board"].kind else { panic!("Board is a struct") };
    let fields: Vec<&str> = board.fields.iter().map(|f| f.rust_name.as_str()).collect();
    // Fields by wire name: `""`, `color`, `prefs/background`, `prefs_background`, `state`, `value`.
    assert_eq!(fields, ["empty", "color", "prefs_slash_background", "prefs_background", "state", "value"]);
    let params: Vec<&str> = api.operations[0].params.iter().map(|p| p.rust_name.as_str()).collect();
    assert_eq!(params, ["start_time", "start_time_lt", "start_time_gt", "client_query"]);
    let TypeKind::Enum(state) = &api.types["BoardState"].kind else { panic!("BoardState is an enum") };
    let variants: Vec<&str> = state.variants.iter().map(|v| v.rust_name.as_str()).collect();
    assert_eq!(variants, ["Empty", "UnknownValue", "UnknownCapitalized", "Open"]);
    let TypeKind::Union(color) = &api.types["BoardColor"].kind else { panic!("BoardColor is a union") };
    let names: Vec<&str> = color.variants.iter().map(|v| v.rust_name.as_str()).collect();
    assert_eq!(names, ["WithHex", "Empty"]);
}

#[test]
fn a_type_with_a_keyword_of_another_type_keeps_its_type() {
    // Kubernetes declares every parameter `{type: …, uniqueItems: true}`: the
    // reader takes such a schema as "any"; the type it names is what counts.
    let spec = r#"
openapi: 3.0.3
info: {title: K, version: '1'}
paths:
  /pods/{namespace}:
    get:
      operationId: listPods
      parameters:
        - {name: namespace, in: path, required: true, schema: {type: string, uniqueItems: true}}
        - {name: limit, in: query, schema: {type: integer, uniqueItems: true}}
        - {name: watch, in: query, schema: {type: boolean, uniqueItems: true}}
        - {name: since, in: query, schema: {type: string, format: date-time, minItems: 1}}
        - {name: labels, in: query, schema: {type: array, items: {type: string}, maxLength: 3}}
      responses:
        '204': {description: ok}
"#;
    let (api, counts, _) =
        lower_spec(&SpecInput::new("k.yaml", spec), &Config::default()).unwrap_or_else(|d| panic!("{d}"));
    let types: Vec<String> = api.operations[0].params.iter().map(|p| brief(&p.ty)).collect();
    assert_eq!(types, ["string", "i64", "bool", "timestamp", "[string]"]);
    assert_eq!(counts.untyped_fallbacks, 0);
}
