//! HubSpot's published specs as committed under `specs/hubspot/`, read with
//! the corrections in `specs/overlays/`.
//!
//! - the copies match the manifest's checksums and the sync policy (the
//!   collection in `../shared/hubspot-specs` must be present: missing, the
//!   test fails rather than skips);
//! - every synced spec loads and lowers with the overlays its manifest entry
//!   lists, every action of them matching;
//! - HubSpot's own contacts spec (the version the policy chose) plus the
//!   overlays: batch read answers 200 or 207 and the 207 body carries the
//!   per-item errors, error responses are JSON, `ErrorDetail.context` accepts
//!   a string; and the example 207 body of HubSpot's "Retrieve a batch of
//!   contacts" page fits the 207 type, checked against the lowered model.

use std::collections::BTreeSet;
use std::path::PathBuf;

use generator::{Config, SpecInput};
use serde_json::{Value, json};
use xtask::sync::{self, Manifest};

fn root() -> PathBuf {
    xtask::workspace_root()
}

fn manifest() -> Manifest {
    Manifest::read(&root()).expect("the manifest parses").expect("specs/hubspot/manifest.json exists")
}

/// The synced contacts spec with the overlays its manifest entry lists.
fn contacts() -> SpecInput {
    let specs = manifest().spec_inputs(&root()).expect("the synced specs are readable");
    specs.into_iter().find(|s| s.module == "contacts").expect("contacts is synced")
}

fn ir(spec: &SpecInput) -> Value {
    generator::ir_json(spec, &Config::default())
        .unwrap_or_else(|d| panic!("{} does not lower:\n{d}", spec.display_path))
}

fn batch_read(ir: &Value) -> &Value {
    let ops = ir["operations"].as_array().expect("operations");
    let mut found = ops.iter().filter(|op| {
        op["method"] == "POST" && op["path"]["template"].as_str().is_some_and(|t| t.ends_with("/batch/read"))
    });
    let op = found.next().expect("a batch read operation");
    assert!(found.next().is_none(), "one batch read operation");
    op
}

fn statuses(outcomes: &Value) -> Vec<Value> {
    outcomes.as_array().expect("outcomes").iter().map(|o| o["status"].clone()).collect()
}

/// The named type an outcome decodes JSON into.
fn json_type(outcome: &Value) -> &str {
    outcome["body"]["json"]["named"].as_str().unwrap_or_else(|| panic!("not a JSON body of a named type: {outcome}"))
}

fn field<'a>(ir: &'a Value, ty: &str, wire: &str) -> Option<&'a Value> {
    ir["types"][ty]["kind"]["struct"]["fields"].as_array()?.iter().find(|f| f["wire_name"] == wire)
}

#[test]
fn committed_specs_match_the_manifest_and_the_policy() {
    let root = root();
    let collections: Vec<_> = sync::DEFAULT_COLLECTIONS.iter().map(|c| root.join(c)).collect();
    for c in &collections {
        assert!(c.is_dir(), "HubSpot's spec collection is required at {}", c.display());
    }
    let report = sync::sync(&root, &collections, true).expect("the check runs");
    assert!(report.is_clean(), "{}", report.render(true));
    let apis = &report.manifest.apis;
    assert_eq!(apis.len(), 62, "every API with a stable version, less the excluded test API, and OAuth and Webhooks");
    for (module, collection) in [("oauth", "hubspot-platform-specs"), ("webhooks", "hubspot-platform-specs")] {
        let entry = apis.iter().find(|e| e.module == module).unwrap_or_else(|| panic!("{module} is synced"));
        assert_eq!(entry.collection, collection);
    }
    assert_eq!(report.excluded, ["Bucket_Test111"]);
    assert_eq!(report.beta_only.len(), 7, "{:?}", report.beta_only);
    let contacts = apis.iter().find(|e| e.module == "contacts").expect("contacts");
    assert_eq!((contacts.rollout.as_str(), contacts.version.as_str()), ("424", "2026-09"));
}

#[test]
fn every_synced_spec_lowers_with_its_overlays_and_every_action_matches() {
    let root = root();
    let manifest = manifest();
    let overlays = sync::read_overlays(&root).expect("the overlays parse");
    let specs = manifest.spec_inputs(&root).expect("the synced specs are readable");
    let mut used = BTreeSet::new();
    for (entry, spec) in manifest.apis.iter().zip(&specs) {
        let (_, reports) = generator::apply_overlays(spec).unwrap_or_else(|d| panic!("{}:\n{d}", entry.file));
        assert_eq!(reports.len(), entry.overlays.len());
        for report in &reports {
            assert!(report.all_matched(), "{report}");
            assert!(report.actions.iter().all(|a| a.changed > 0), "every action changes something:\n{report}");
            used.insert(report.overlay.clone());
        }
        generator::lower_spec(spec, &Config::default())
            .unwrap_or_else(|d| panic!("{} does not lower:\n{d}", entry.file));
    }
    let all: BTreeSet<String> = overlays.iter().map(|o| o.display_path.clone()).collect();
    assert_eq!(used, all, "every overlay applies to some synced spec");
    for generic in ["specs/overlays/error-response-json.yaml", "specs/overlays/error-detail-context.yaml"] {
        assert!(
            manifest.apis.iter().all(|e| e.overlays.iter().any(|o| o == generic)),
            "{generic} applies to every synced spec"
        );
    }
}

#[test]
fn hubspot_contacts_batch_read_answers_200_or_207_with_errors() {
    let spec = contacts();
    let ir = ir(&spec);
    let op = batch_read(&ir);
    assert_eq!(statuses(&op["success"]), [json!({"code": 200}), json!({"code": 207})]);
    let multi = &op["success"][1];
    let body = json_type(multi);
    assert_eq!(body, "BatchResponseSimplePublicObjectWithErrors");
    let errors = field(&ir, body, "errors").expect("the 207 body has `errors`");
    assert_eq!(errors["ty"], json!({"list": {"named": "StandardError"}}));
    assert!(op["response_enum"].is_string(), "two success outcomes: a response enum");

    // Every batch write restores its 207 too; batch archive answers 204 only.
    let ops = ir["operations"].as_array().unwrap();
    for action in ["create", "update", "upsert"] {
        let op = ops
            .iter()
            .find(|op| op["path"]["template"].as_str().unwrap().ends_with(&format!("/batch/{action}")))
            .unwrap();
        let success = statuses(&op["success"]);
        assert!(success.contains(&json!({"code": 207})), "batch {action}: {success:?}");
    }

    // Without the overlays, HubSpot's 2026-09 document has no 207.
    let plain = SpecInput::new(&spec.display_path, spec.text.clone());
    assert_eq!(statuses(&batch_read(&self::ir(&plain))["success"]), [json!({"code": 200})]);
}

#[test]
fn hubspot_contacts_errors_are_json_and_error_detail_context_accepts_a_string() {
    let spec = contacts();
    let (doc, reports) = generator::apply_overlays(&spec).expect("the overlays apply");
    let names: Vec<&str> = reports.iter().map(|r| r.overlay.as_str()).collect();
    assert!(names.contains(&"specs/overlays/error-response-json.yaml"), "{names:?}");
    let content = &doc["components"]["responses"]["Error"]["content"];
    assert_eq!(content.as_object().unwrap().keys().collect::<Vec<_>>(), ["application/json"]);
    assert_eq!(content["application/json"]["schema"]["$ref"], "#/components/schemas/Error");

    let ir = ir(&spec);
    for op in ir["operations"].as_array().unwrap() {
        for outcome in op["errors"].as_array().unwrap() {
            assert_eq!(json_type(outcome), "Error", "{}", op["operation_id"]);
        }
    }

    let context = field(&ir, "ErrorDetail", "context").expect("ErrorDetail.context");
    let union = context["ty"]["named"].as_str().expect("a named type");
    let variants: Vec<&Value> =
        ir["types"][union]["kind"]["union"]["variants"].as_array().expect("a union").iter().map(|v| &v["ty"]).collect();
    assert!(variants.contains(&&json!({"prim": "string"})), "{variants:?}");
    assert!(variants.iter().any(|v| v.get("map").is_some()), "still accepts the map: {variants:?}");
}

/// The example response of HubSpot's "Retrieve a batch of contacts" page:
/// a partial failure whose error detail carries `context` as a string.
fn seed_207_body() -> Value {
    json!({
        "completedAt": "2023-11-07T05:31:56Z",
        "results": [{
            "archived": false,
            "createdAt": "2019-10-30T03:30:17.883Z",
            "id": "512",
            "properties": {"property_checkbox": "false", "property_date": "1572480000000", "property_string": "value"},
            "updatedAt": "2019-12-07T16:50:06.678Z"
        }],
        "startedAt": "2023-11-07T05:31:56Z",
        "status": "CANCELED",
        "errors": [{
            "category": "<string>",
            "context": {},
            "errors": [{
                "message": "<string>",
                "code": "<string>",
                "context": "{missingScopes=[scope1, scope2]}",
                "in": "<string>",
                "subCategory": "<string>"
            }],
            "links": {},
            "message": "<string>",
            "status": "<string>",
            "id": "<string>",
            "subCategory": {}
        }],
        "links": {},
        "numErrors": 123,
        "requestedAt": "2023-11-07T05:31:56Z"
    })
}

/// Whether `value` fits type `ty` of the lowered model, strictly: a union
/// must match a declared variant (not its catch-all), a struct's required
/// fields must be there. Returns the JSON pointer of the first misfit.
fn fits(ir: &Value, ty: &Value, value: &Value, at: &str) -> Result<(), String> {
    let misfit = || Err(format!("{at}: {value} does not fit {ty}"));
    if ty == "any" {
        return Ok(());
    }
    if let Some(prim) = ty.get("prim").and_then(Value::as_str) {
        let ok = match prim {
            "string" | "timestamp" | "date" | "binary" => value.is_string(),
            "bool" => value.is_boolean(),
            "i32" | "i64" => value.is_i64(),
            _ => value.is_number(),
        };
        return if ok { Ok(()) } else { misfit() };
    }
    if let Some(inner) = ty.get("nullable") {
        return if value.is_null() { Ok(()) } else { fits(ir, inner, value, at) };
    }
    if let Some(inner) = ty.get("boxed") {
        return fits(ir, inner, value, at);
    }
    if let Some(item) = ty.get("list") {
        let Some(items) = value.as_array() else { return misfit() };
        return items.iter().enumerate().try_for_each(|(i, v)| fits(ir, item, v, &format!("{at}/{i}")));
    }
    if let Some(item) = ty.get("map") {
        let Some(map) = value.as_object() else { return misfit() };
        return map.iter().try_for_each(|(k, v)| fits(ir, item, v, &format!("{at}/{k}")));
    }
    let name = ty["named"].as_str().unwrap_or_else(|| panic!("unknown type reference {ty}"));
    let kind = &ir["types"][name]["kind"];
    if let Some(s) = kind.get("struct") {
        let Some(map) = value.as_object() else { return misfit() };
        let fields = s["fields"].as_array().unwrap();
        for f in fields {
            let wire = f["wire_name"].as_str().unwrap();
            match map.get(wire) {
                None if f["required"] == true && f["default_when_missing"] != true => {
                    return Err(format!("{at}: {name} needs `{wire}`"));
                }
                None => {}
                Some(Value::Null) if f["required"] != true => {}
                Some(v) => fits(ir, &f["ty"], v, &format!("{at}/{wire}"))?,
            }
        }
        let known: BTreeSet<&str> = fields.iter().filter_map(|f| f["wire_name"].as_str()).collect();
        if s["extra"].is_null() && map.keys().any(|k| !known.contains(k.as_str())) {
            return Err(format!("{at}: {name} keeps no unknown fields"));
        }
        return Ok(());
    }
    if let Some(e) = kind.get("enum") {
        let ok = if e["repr"] == "integer" { value.is_i64() } else { value.is_string() };
        return if ok { Ok(()) } else { misfit() };
    }
    if let Some(u) = kind.get("union") {
        let variants = u["variants"].as_array().unwrap();
        return if variants.iter().any(|v| fits(ir, &v["ty"], value, at).is_ok()) { Ok(()) } else { misfit() };
    }
    if let Some(alias) = kind.get("alias") {
        return fits(ir, alias, value, at);
    }
    panic!("unknown type kind {kind}")
}

#[test]
fn the_seed_207_example_fits_the_207_body_only_with_the_overlays() {
    let spec = contacts();
    let ir = ir(&spec);
    let multi = batch_read(&ir)["success"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["status"] == json!({"code": 207}))
        .cloned()
        .unwrap();
    let ty = &multi["body"]["json"];
    fits(&ir, ty, &seed_207_body(), "").unwrap_or_else(|e| panic!("the seed example does not fit: {e}"));

    // HubSpot's document as published: no 207 to decode it as, and the 200
    // body (which also lists errors in 2026-09) rejects the string context.
    let plain = SpecInput::new(&spec.display_path, spec.text.clone());
    let plain_ir = self::ir(&plain);
    let op = batch_read(&plain_ir);
    assert_eq!(op["success"].as_array().unwrap().len(), 1);
    let err = fits(&plain_ir, &op["success"][0]["body"]["json"], &seed_207_body(), "").unwrap_err();
    assert!(err.starts_with("/errors/0/errors/0/context:"), "{err}");
}

#[test]
fn a_correction_the_document_does_not_need_fails_loudly() {
    // HubSpot's v3 contacts document declares its 207s: restoring them is stale there.
    let root = root();
    let v3 = root.join("../shared/hubspot-specs/CRM/Contacts/Rollouts/424/v3/contacts.json");
    let text =
        std::fs::read_to_string(&v3).unwrap_or_else(|e| panic!("cannot read required spec {}: {e}", v3.display()));
    let overlay = "specs/overlays/batch-207-simple-public-object.yaml";
    let spec = SpecInput::new("contacts-v3.json", text)
        .with_overlay(overlay, std::fs::read_to_string(root.join(overlay)).unwrap());
    let err = generator::lower_spec(&spec, &Config::default()).expect_err("a stale overlay fails");
    let messages: Vec<String> = err.iter().map(ToString::to_string).collect();
    assert_eq!(messages.len(), 2, "both actions are stale: {messages:#?}");
    assert!(
        messages[0].starts_with(&format!("error: {overlay} at #/actions/0: actions[0] (target `$.components[?")),
        "{}",
        messages[0]
    );
    assert!(messages[1].contains("matches nothing in contacts-v3.json"), "{}", messages[1]);
}
