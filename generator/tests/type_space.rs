//! The merge phase on whole runs: which types are shared, under which names,
//! and that those names do not depend on unrelated APIs.

use generator::{Config, GeneratedFile, SpecInput, generate};

/// A spec named `module` with a `Thing` whose `size` has type `size_type`,
/// and the same `Record` as every other spec here.
fn spec(module: &str, size_type: &str) -> SpecInput {
    let text = format!(
        "openapi: 3.0.3
info: {{title: {module}, version: '1'}}
paths:
  /{module}/things:
    get:
      responses:
        '200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Thing'}}}}}}}}
  /{module}/records:
    get:
      responses:
        '200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Record'}}}}}}}}
components:
  schemas:
    Thing: {{type: object, properties: {{size: {{type: {size_type}}}}}}}
    Record: {{type: object, properties: {{id: {{type: string}}, thing: {{$ref: '#/components/schemas/Thing'}}, tags: {{type: array, items: {{type: string, enum: [a, b]}}}}}}}}
"
    );
    SpecInput::new(format!("{module}.yaml"), text)
}

fn file<'a>(files: &'a [GeneratedFile], path: &str) -> &'a str {
    &files.iter().find(|f| f.path == path).unwrap_or_else(|| panic!("no {path}")).contents
}

/// The `pub use` line of an API's types module.
fn reexports(files: &[GeneratedFile], module: &str) -> String {
    let types = file(files, &format!("{module}/types.rs"));
    let start = types.find("pub use super::super::shared::").map(|i| i + "pub use super::super::shared::".len());
    start.map(|i| types[i..].split(';').next().unwrap_or_default().split_whitespace().collect::<Vec<_>>().join(" ")).unwrap_or_default()
}

#[test]
fn same_name_and_structure_is_shared_and_a_reference_decides_structure() {
    let out = generate(&[spec("alpha", "integer"), spec("beta", "integer"), spec("gamma", "string")], &Config::default()).unwrap();
    // alpha and beta agree on everything: Thing, Record and Record's hoisted enum are shared.
    assert_eq!(reexports(&out.files, "alpha"), "{Record, RecordTagsItem, Thing}");
    assert_eq!(reexports(&out.files, "beta"), "{Record, RecordTagsItem, Thing}");
    // gamma's Thing differs, so does its Record (it refers to that Thing); the enum is the same.
    assert_eq!(reexports(&out.files, "gamma"), "RecordTagsItem");
    let gamma = file(&out.files, "gamma/types.rs");
    assert!(gamma.contains("pub struct Thing {") && gamma.contains("pub struct Record {"), "{gamma}");
}

#[test]
fn two_shared_structures_of_one_name_get_names_no_other_api_can_change() {
    let specs = [spec("alpha", "integer"), spec("beta", "integer"), spec("gamma", "string"), spec("delta", "string")];
    let out = generate(&specs, &Config::default()).unwrap();
    let alpha = reexports(&out.files, "alpha");
    let gamma = reexports(&out.files, "gamma");
    assert!(alpha.contains("Thing") && alpha.contains(" as Thing"), "{alpha}");
    assert!(gamma.contains(" as Thing"), "{gamma}");
    assert_ne!(alpha, gamma, "two structures, two shared types");
    // Adding an unrelated API leaves every name as it was.
    let mut more = specs.to_vec();
    more.push(spec("epsilon", "boolean"));
    let again = generate(&more, &Config::default()).unwrap();
    assert_eq!(reexports(&again.files, "alpha"), alpha);
    assert_eq!(reexports(&again.files, "gamma"), gamma);
    assert_eq!(file(&again.files, "shared.rs").matches("pub struct").count(), file(&out.files, "shared.rs").matches("pub struct").count());
}

#[test]
fn one_api_alone_has_no_shared_space() {
    let out = generate(&[spec("alpha", "integer")], &Config::default()).unwrap();
    assert!(out.files.iter().all(|f| f.path != "shared.rs"));
    assert_eq!(reexports(&out.files, "alpha"), "");
}
