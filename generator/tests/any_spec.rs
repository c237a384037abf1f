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
    let (api, diags) = lower_spec(&SpecInput::new(format!("{name}.yaml"), text), &Config::default())
        .unwrap_or_else(|d| panic!("does not lower:\n{d}"));
    let mut out = String::new();
    for (name, def) in &api.types {
        let what = match &def.kind {
            TypeKind::Struct(s) => {
                let fields: Vec<String> = s.fields.iter().map(|f| format!("{}: {}", f.wire_name, brief(&f.ty))).collect();
                format!("struct {{ {} }}", fields.join(", "))
            }
            TypeKind::Enum(e) => format!("enum ({} values)", e.variants.len()),
            TypeKind::Union(u) => format!("union {}", u.variants.iter().map(|v| brief(&v.ty)).collect::<Vec<_>>().join(" | ")),
            TypeKind::Alias(t) => format!("= {}", brief(t)),
        };
        let _ = writeln!(out, "{name} {what}  [#{}]", def.origin.pointer);
    }
    for op in &api.operations {
        let params: Vec<String> = op.params.iter().map(|p| format!("{}: {}", p.wire_name, brief(&p.ty))).collect();
        let _ = writeln!(out, "op {} ({}) {} {}", op.rust_name, params.join(", "), op.method.as_str(), op.path.template);
    }
    let _ = writeln!(
        out,
        "skipped {}, untyped fallbacks {} of {} fields and parameters",
        api.skipped_operations, api.untyped_fallbacks, api.fields_and_params
    );
    for d in diags.iter() {
        let _ = writeln!(out, "warning #{}: {}", d.pointer, d.message);
    }
    expected.assert_eq(&out);
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
    let (api, diags) = lower_spec(&SpecInput::new("pets.yaml", spec), &Config::default()).unwrap_or_else(|d| panic!("does not lower:\n{d}"));
    assert!(diags.is_empty(), "{diags}");
    assert_eq!(api.operations.len(), 1, "the operation is generated");
    let outcome = &api.operations[0].success[0];
    let generator::ir::OutcomeBody::Json(TypeRef::Named(name)) = &outcome.body else { panic!("{:?}", outcome.body) };
    assert!(matches!(api.types[name].kind, TypeKind::Struct(_)), "{name} is the component's struct");
}
