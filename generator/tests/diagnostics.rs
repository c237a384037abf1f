//! Bad input gets a clear diagnostic naming the file and where in the spec,
//! never a panic; a broken operation is skipped and the rest still generated.

use generator::{Config, Severity, SpecInput, generate};

fn spec(text: &str) -> SpecInput {
    SpecInput::new("fixtures/broken.yaml", text)
}

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: Broken, version: '1'}\n";

#[test]
fn a_dangling_ref_skips_only_its_operation() {
    let text = format!(
        "{HEAD}paths:
  /good:
    get:
      operationId: getGood
      responses:
        '200': {{description: ok, content: {{application/json: {{schema: {{type: string}}}}}}}}
  /bad:
    get:
      operationId: getBad
      responses:
        '200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Missing'}}}}}}}}
"
    );
    let out = generate(&[spec(&text)], &Config::default()).expect("generates the rest");
    let warning =
        out.warnings.iter().find(|d| d.message.contains("Missing")).expect("a warning about the dangling ref");
    assert_eq!(warning.severity, Severity::Warning);
    assert_eq!(warning.file, "fixtures/broken.yaml");
    assert!(warning.pointer.starts_with("/paths/~1bad/get"), "{warning}");
    assert!(warning.to_string().contains("operation skipped"), "{warning}");
    let module = out.files.iter().find(|f| f.path == "broken/mod.rs").expect("module");
    assert!(module.contents.contains("pub fn get_good("));
    assert!(!module.contents.contains("pub fn get_bad("));
    assert_eq!((out.stats[0].operations, out.stats[0].skipped_operations), (1, 1));

    let strict = Config { strict: true, ..Config::default() };
    let errors = generate(&[spec(&text)], &strict).expect_err("strict mode fails");
    assert!(errors.iter().all(|d| d.severity == Severity::Error));
}

#[test]
fn syntax_errors_name_file_line_and_column() {
    let errors = generate(&[spec("openapi: 3.0.3\ninfo: {title: x\n")], &Config::default()).expect_err("bad YAML");
    let d = &errors.0[0];
    assert!(d.line_col.is_some(), "{d}");
    assert!(d.to_string().starts_with("error: fixtures/broken.yaml:"), "{d}");
}

#[test]
fn an_invalid_operation_is_skipped_with_its_pointer() {
    let text = format!(
        "{HEAD}paths:\n  /x:\n    get:\n      responses: 7\n  /y:\n    get:\n      responses: {{'204': {{description: ok}}}}\n"
    );
    let out = generate(&[spec(&text)], &Config::default()).expect("the rest generates");
    let w = out.warnings.iter().next().expect("a warning");
    assert_eq!(w.pointer, "/paths/~1x/get", "{w}");
    assert_eq!((out.stats[0].operations, out.stats[0].skipped_operations), (1, 1));
    let errors = generate(&[spec(&text)], &Config { strict: true, ..Config::default() }).expect_err("strict");
    assert_eq!(errors.0[0].pointer, "/paths/~1x/get");
}

#[test]
fn a_document_that_is_not_openapi_fails_with_a_message() {
    let errors = generate(&[spec(&format!("{HEAD}paths: 5\n"))], &Config::default()).expect_err("not OpenAPI");
    assert!(errors.0[0].message.contains("not a valid OpenAPI 3.0 document"), "{errors}");
}

#[test]
fn unsupported_constructs_skip_with_a_pointer() {
    let text = format!(
        "{HEAD}paths:
  /session:
    get:
      operationId: getSession
      parameters:
        - {{name: sid, in: cookie, required: true, schema: {{type: string}}}}
      responses: {{'204': {{description: done}}}}
  /colors/{{colors}}:
    get:
      operationId: getColors
      parameters:
        - {{name: colors, in: path, required: true, style: label, schema: {{type: array, items: {{type: object, properties: {{r: {{type: integer}}}}}}}}}}
      responses: {{'204': {{description: done}}}}
  /upload:
    post:
      operationId: upload
      requestBody:
        required: true
        content: {{image/png: {{schema: {{type: string, format: binary}}}}}}
      responses: {{'204': {{description: done}}}}
"
    );
    let out = generate(&[spec(&text)], &Config::default()).expect("generates");
    let w = out.warnings.iter().next().expect("a warning");
    assert_eq!(w.pointer, "/paths/~1colors~1{colors}/get", "{w}");
    assert!(w.message.contains("path parameter `colors` is a list of structured values"), "{w}");
    assert_eq!(out.warnings.iter().count(), 1, "{:?}", out.warnings);
    let module = out.files.iter().find(|f| f.path == "broken/mod.rs").expect("module");
    assert!(!module.contents.contains("pub fn get_colors("));
    // Cookie parameters are sent in the `Cookie` header.
    assert!(module.contents.contains("pub fn get_session(&self, sid: impl Into<String>)"), "{}", module.contents);
    assert!(module.contents.contains(r#"request.cookie("sid", Some(&self.sid), true)?;"#), "{}", module.contents);
    // Any other media type is sent as raw bytes, so that operation stays.
    assert!(module.contents.contains("pub fn upload<'a>(&self, body: &'a [u8])"), "{}", module.contents);
}

#[test]
fn every_spec_of_a_run_reports_its_own_errors() {
    let a = SpecInput::new("a.yaml", "openapi: [");
    let b = SpecInput::new("b.json", "{\"openapi\": }");
    let errors = generate(&[a, b], &Config::default()).expect_err("both broken");
    let files: Vec<&str> = errors.iter().map(|d| d.file.as_str()).collect();
    assert_eq!(files, ["a.yaml", "b.json"]);
}

/// A schema `$ref` that names a parameter says so, and reads as the
/// parameter's schema: the operation is generated.
#[test]
fn a_schema_ref_to_a_parameter_names_what_it_found() {
    let text = format!(
        "{HEAD}paths:
  /bad:
    get:
      operationId: getBad
      responses:
        '200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/parameters/Limit'}}}}}}}}
components:
  parameters:
    Limit: {{name: limit, in: query, schema: {{type: integer}}}}
"
    );
    let out = generate(&[spec(&text)], &Config::default()).expect("generates");
    let warning = out.warnings.iter().find(|d| d.message.contains("Limit")).expect("a warning about the reference");
    assert!(warning.message.contains("a parameter, not a schema; read as its schema"), "{warning}");
    assert!(warning.pointer.ends_with("/schema/$ref"), "{warning}");
    assert_eq!((out.stats[0].operations, out.stats[0].skipped_operations), (1, 0));
}

/// Every diagnostic that reaches a user names the file and where in it: the
/// JSON pointer (`#` for the whole document) or the line and column. Run
/// over every kind of bad input the generator knows, errors and warnings.
#[test]
fn every_diagnostic_names_its_file_and_where() {
    let overlay_bad =
        "overlay: 1.0.0\ninfo: {title: o, version: '1'}\nactions:\n  - target: $.nothing.here\n    remove: true\n";
    let inputs: Vec<SpecInput> = vec![
        spec("openapi: 3.0.3\ninfo: {title: x\n"),
        SpecInput::new("fixtures/broken.json", "{\"openapi\": \"3.0.1\", \"info\": }"),
        spec("info: {title: no version}\n"),
        spec("swagger: '2.0'\ninfo: {title: s, version: '1'}\n"),
        spec("openapi: 4.0.0\ninfo: {title: x, version: '1'}\npaths: {}\n"),
        spec(&format!("{HEAD}paths: 5\n")),
        spec(&format!("{HEAD}paths: {{}}\n")).with_overlay("fixtures/overlay.yaml", overlay_bad),
        spec(&format!("{HEAD}paths:\n  /x:\n    get:\n      responses: 7\n")),
        spec(&format!(
            "{HEAD}tags: [{{name: t, description: {{$ref: ./t.md}}}}]\npaths:\n  /x:\n    get:\n      summary: [a]\n      responses:\n        '200': {{description: null, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Missing'}}}}}}}}\n"
        )),
        spec(&format!(
            "{HEAD}paths:\n  /x:\n    get:\n      responses:\n        '200': {{description: ok, content: {{application/json: {{schema: {{$ref: 'other.yaml#/A'}}}}}}}}\n"
        ))
        .with_loader(|path: &str| Err(format!("no file {path}"))),
        spec(&format!(
            "{HEAD}paths:\n  /x:\n    get:\n      responses:\n        '200': {{description: ok, content: {{application/json: {{schema: {{$ref: 'https://x.example/a.yaml'}}}}}}}}\n"
        ))
        .with_loader(|_: &str| Ok(String::new())),
        spec(&format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{type: [string, integer]}}\n    B: {{type: object, properties: 5}}\n")),
    ];
    let mut seen = 0;
    for input in &inputs {
        let diags = match generate(std::slice::from_ref(input), &Config::default()) {
            Ok(out) => out.warnings,
            Err(errors) => errors,
        };
        assert!(!diags.is_empty(), "no diagnostic for {:?}", input.text);
        for d in diags.iter() {
            seen += 1;
            let shown = d.to_string();
            assert!(!d.file.is_empty() && shown.contains(&d.file), "{shown}");
            assert!(shown.contains(" at #") || d.line_col.is_some(), "says no place: {shown}");
        }
    }
    assert!(seen >= inputs.len(), "{seen}");
}
