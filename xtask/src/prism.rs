//! Prepare a published spec for Prism, the independent validator the contract
//! tests run against. Each correction is a general rule, listed with the JSON
//! pointer where it applied, so nothing is changed silently.

use std::fs;
use std::path::Path;

use serde_json::Value;

/// One correction made to a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction {
    /// Which rule made it.
    pub rule: &'static str,
    /// Where, as a JSON pointer.
    pub pointer: String,
}

/// Rule: `example: null` means "no example" in HubSpot's publishing, but
/// Prism serves it as the example, a `null` body the schema rejects.
pub const NULL_EXAMPLE: &str = "null-example-removed";
/// Rule: a `*/*` media type with a schema is JSON; Prism cannot negotiate
/// `*/*` against `Accept: application/json`.
pub const WILDCARD_MEDIA_TYPE: &str = "wildcard-media-type-is-json";
/// Rule: an `examples` entry whose value is `null` is dropped, as above.
pub const NULL_NAMED_EXAMPLE: &str = "null-named-example-removed";

/// Apply every rule to `doc` in place; return what was changed, in document order.
pub fn prepare(doc: &mut Value) -> Vec<Correction> {
    let mut out = Vec::new();
    walk(doc, String::new(), &mut out);
    out
}

fn walk(value: &mut Value, pointer: String, out: &mut Vec<Correction>) {
    match value {
        Value::Object(map) => {
            if map.get("example").is_some_and(Value::is_null) {
                map.remove("example");
                out.push(Correction { rule: NULL_EXAMPLE, pointer: format!("{pointer}/example") });
            }
            if let Some(Value::Object(examples)) = map.get_mut("examples") {
                let nulls: Vec<String> = examples
                    .iter()
                    .filter(|(_, e)| e.is_null() || e.get("value").is_some_and(Value::is_null))
                    .map(|(k, _)| k.clone())
                    .collect();
                for name in nulls {
                    examples.remove(&name);
                    out.push(Correction { rule: NULL_NAMED_EXAMPLE, pointer: format!("{pointer}/examples/{}", escape(&name)) });
                }
            }
            if let Some(Value::Object(content)) = map.get_mut("content")
                && !content.contains_key("application/json")
                && content.get("*/*").is_some_and(|m| m.get("schema").is_some())
                && let Some(media) = content.remove("*/*")
            {
                content.insert("application/json".to_owned(), media);
                out.push(Correction { rule: WILDCARD_MEDIA_TYPE, pointer: format!("{pointer}/content/*~1*") });
            }
            for (key, child) in map.iter_mut() {
                walk(child, format!("{pointer}/{}", escape(key)), out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter_mut().enumerate() {
                walk(child, format!("{pointer}/{i}"), out);
            }
        }
        _ => {}
    }
}

fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Read `input` (JSON), prepare it and write it to `output` as JSON.
pub fn prepare_file(input: &Path, output: &Path) -> Result<Vec<Correction>, String> {
    let text = fs::read_to_string(input).map_err(|e| format!("cannot read {}: {e}", input.display()))?;
    let mut doc: Value = serde_json::from_str(&text).map_err(|e| format!("{} is not JSON: {e}", input.display()))?;
    let corrections = prepare(&mut doc);
    if let Some(dir) = output.parent() {
        fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let json = serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())?;
    fs::write(output, json).map_err(|e| format!("cannot write {}: {e}", output.display()))?;
    Ok(corrections)
}

/// HubSpot's published contacts v3 spec, which the contract tests also serve.
pub fn hubspot_contacts_spec(root: &Path) -> std::path::PathBuf {
    root.join("../shared/hubspot-specs/CRM/Contacts/Rollouts/424/v3/contacts.json")
}

/// Where the prepared copy goes.
pub fn prepared_path(root: &Path, input: &Path) -> std::path::PathBuf {
    let name = input.file_stem().and_then(|s| s.to_str()).unwrap_or("spec");
    root.join("target/contract").join(format!("{name}.prism.json"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn null_examples_go() {
        let mut doc = json!({"components": {"schemas": {"A": {"type": "string", "example": null}, "B": {"example": 5}}}});
        let fixes = prepare(&mut doc);
        assert_eq!(fixes, [Correction { rule: NULL_EXAMPLE, pointer: "/components/schemas/A/example".into() }]);
        assert_eq!(doc, json!({"components": {"schemas": {"A": {"type": "string"}, "B": {"example": 5}}}}));
    }

    #[test]
    fn null_named_examples_go() {
        let mut doc = json!({"content": {"application/json": {"examples": {"a": null, "b": {"value": null}, "c": {"value": 1}}}}});
        let fixes = prepare(&mut doc);
        let rules: Vec<&str> = fixes.iter().map(|f| f.rule).collect();
        assert_eq!(rules, [NULL_NAMED_EXAMPLE, NULL_NAMED_EXAMPLE]);
        assert_eq!(doc, json!({"content": {"application/json": {"examples": {"c": {"value": 1}}}}}));
    }

    #[test]
    fn wildcard_media_types_with_a_schema_become_json() {
        let mut doc = json!({"responses": {"Error": {"content": {"*/*": {"schema": {"type": "object"}}}}}});
        let fixes = prepare(&mut doc);
        assert_eq!(fixes, [Correction { rule: WILDCARD_MEDIA_TYPE, pointer: "/responses/Error/content/*~1*".into() }]);
        assert_eq!(doc, json!({"responses": {"Error": {"content": {"application/json": {"schema": {"type": "object"}}}}}}));
        // Left alone: no schema, or JSON already declared.
        let mut doc = json!({"content": {"*/*": {}}, "x": {"content": {"*/*": {"schema": {}}, "application/json": {"schema": {}}}}});
        let before = doc.clone();
        assert!(prepare(&mut doc).is_empty());
        assert_eq!(doc, before);
    }
}
