//! Prepare a published spec for Prism, the independent validator the contract
//! tests run against. Each correction is a general rule, listed with the JSON
//! pointer where it applied, so nothing is changed silently.

use std::fs;
use std::path::Path;

use generator::diag::{child as pointer_child, unescape_token};
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

/// Rule: a `$ref` on a cycle of component schemas (from one schema of a
/// mutually recursive group to another, or to itself: a filter branch
/// holding filter branches) is cut: the property holding it is dropped
/// (from `properties` and `required`); a reference outside any property
/// accepts any value, and a `oneOf` holding it becomes an `anyOf` (any value
/// would otherwise match two alternatives).
/// Prism 5.14.2 inlines every reference before it starts: on HubSpot's Lists
/// spec, whose eight filter-branch schemas each hold all the others in a
/// `oneOf`, that never ends, and cutting only the references that close a
/// cycle still leaves an expansion that does not end in minutes. Requests are
/// still checked everywhere but inside the recursion.
pub const CYCLE_CUT: &str = "schema-cycle-cut";

/// Apply every rule to `doc` in place; return what was changed (the
/// per-node rules in document order, then the cycle cuts).
pub fn prepare(doc: &mut Value) -> Vec<Correction> {
    let mut out = Vec::new();
    walk(doc, String::new(), &mut out);
    cut_cycles(doc, &mut out);
    out
}

const SCHEMAS: &str = "#/components/schemas/";

/// Find the `$ref`s that lie on a cycle of component schemas and cut them.
fn cut_cycles(doc: &mut Value, out: &mut Vec<Correction>) {
    let Some(schemas) = doc.pointer("/components/schemas").and_then(Value::as_object) else { return };
    // Each schema's references to other schemas, with the pointer of each `$ref` holder.
    let mut edges: std::collections::BTreeMap<String, Vec<(String, String)>> = std::collections::BTreeMap::new();
    for (name, schema) in schemas {
        let mut found = Vec::new();
        collect_refs(schema, pointer_child("/components/schemas", name), &mut found);
        edges.insert(name.clone(), found);
    }
    // An edge lies on a cycle when its target leads back to its source.
    let reach = |from: &str| {
        let mut seen = std::collections::BTreeSet::new();
        let mut todo = vec![from.to_owned()];
        while let Some(node) = todo.pop() {
            for (target, _) in edges.get(&node).into_iter().flatten() {
                if seen.insert(target.clone()) {
                    todo.push(target.clone());
                }
            }
        }
        seen
    };
    let mut cuts = Vec::new();
    for (source, list) in &edges {
        for (target, holder) in list {
            if edges.contains_key(target) && reach(target).contains(source) {
                cuts.push(holder.clone());
            }
        }
    }
    cuts.sort();
    // A cut inside a property drops the property (and its `required` entry):
    // nothing is checked there, and Prism's generated examples leave it out
    // instead of filling it with a `null` no client reads as a record.
    let mut dropped = std::collections::BTreeSet::new();
    let mut emptied = Vec::new();
    for holder in &cuts {
        match enclosing_property(holder) {
            Some(property) => {
                dropped.insert(property);
            }
            None => emptied.push(holder.clone()),
        }
    }
    for (owner, name) in &dropped {
        if let Some(Value::Object(schema)) = doc.pointer_mut(owner) {
            if let Some(Value::Object(props)) = schema.get_mut("properties") {
                props.remove(name);
            }
            if let Some(Value::Array(required)) = schema.get_mut("required") {
                required.retain(|r| r.as_str() != Some(name.as_str()));
            }
        }
    }
    for holder in &emptied {
        if let Some(node) = doc.pointer_mut(holder) {
            *node = Value::Object(serde_json::Map::new());
        }
    }
    // Then (so the pointers above stay valid) `…/oneOf/3` → its `oneOf` becomes `anyOf`.
    for holder in &emptied {
        if let Some((union, index)) = holder.rsplit_once('/')
            && let Some(owner) = union.strip_suffix("/oneOf")
            && index.parse::<usize>().is_ok()
            && let Some(Value::Object(map)) = doc.pointer_mut(owner)
            && let Some(alternatives) = map.remove("oneOf")
        {
            map.insert("anyOf".to_owned(), alternatives);
        }
    }
    out.extend(cuts.into_iter().map(|pointer| Correction { rule: CYCLE_CUT, pointer }));
}

/// The innermost property a pointer into a component schema passes through:
/// the pointer of the object schema holding it and the property's name.
/// Reads the pointer as schema keywords, so a property named `properties`
/// or `items` is not taken for the keyword.
fn enclosing_property(pointer: &str) -> Option<(String, String)> {
    let segments: Vec<&str> = pointer.split('/').collect();
    // `""`, `components`, `schemas`, the schema's name: then a schema's keywords.
    let mut i = 4;
    let mut found = None;
    while i < segments.len() {
        let (keyword, arg) = (segments[i], segments.get(i + 1).copied());
        match keyword {
            "properties" | "patternProperties" => {
                let name = arg?;
                if keyword == "properties" {
                    found = Some((segments[..i].join("/"), unescape_token(name)));
                }
                i += 2;
            }
            "oneOf" | "anyOf" | "allOf" | "prefixItems" => i += 2,
            "items" | "additionalProperties" | "not" => i += 1,
            _ => return found,
        }
    }
    found
}

/// Every `{"$ref": "#/components/schemas/…"}` under `value`: the schema it
/// names and the pointer of the object holding it.
fn collect_refs(value: &Value, pointer: String, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            if let Some(target) = map.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix(SCHEMAS)) {
                out.push((unescape_token(target), pointer.clone()));
            }
            for (key, child) in map {
                collect_refs(child, pointer_child(&pointer, key), out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                collect_refs(child, format!("{pointer}/{i}"), out);
            }
        }
        _ => {}
    }
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
                    out.push(Correction {
                        rule: NULL_NAMED_EXAMPLE,
                        pointer: pointer_child(&format!("{pointer}/examples"), &name),
                    });
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
                walk(child, pointer_child(&pointer, key), out);
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
        let mut doc =
            json!({"components": {"schemas": {"A": {"type": "string", "example": null}, "B": {"example": 5}}}});
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
    fn references_closing_a_cycle_are_cut() {
        let mut doc = json!({"components": {"schemas": {
            "And": {"properties": {"branches": {"items": {"oneOf": [{"$ref": "#/components/schemas/And"}, {"$ref": "#/components/schemas/Or"}, {"$ref": "#/components/schemas/And"}]}}}},
            "Or": {"required": ["branches", "leaf"], "properties": {"branches": {"items": {"$ref": "#/components/schemas/And"}}, "leaf": {"$ref": "#/components/schemas/Leaf"}}},
            "Leaf": {"type": "string"}
        }}});
        let fixes = prepare(&mut doc);
        let pointers: Vec<&str> = fixes.iter().map(|f| f.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "/components/schemas/And/properties/branches/items/oneOf/0",
                "/components/schemas/And/properties/branches/items/oneOf/1",
                "/components/schemas/And/properties/branches/items/oneOf/2",
                "/components/schemas/Or/properties/branches/items"
            ]
        );
        assert!(fixes.iter().all(|f| f.rule == CYCLE_CUT));
        assert_eq!(
            doc["components"]["schemas"]["And"],
            json!({"properties": {}}),
            "the property holding the cycle is dropped"
        );
        assert_eq!(
            doc["components"]["schemas"]["Or"],
            json!({"required": ["leaf"], "properties": {"leaf": {"$ref": "#/components/schemas/Leaf"}}}),
            "no cycle, no cut"
        );
        // A cycle outside any property: the reference accepts anything, its union becomes anyOf.
        let mut doc = json!({"components": {"schemas": {"Node": {"oneOf": [{"$ref": "#/components/schemas/Node"}, {"type": "string"}]}}}});
        prepare(&mut doc);
        assert_eq!(doc["components"]["schemas"]["Node"], json!({"anyOf": [{}, {"type": "string"}]}));
        // Without cycles nothing changes.
        let mut plain = json!({"components": {"schemas": {"A": {"properties": {"b": {"$ref": "#/components/schemas/B"}}}, "B": {}}}});
        assert!(prepare(&mut plain).is_empty());
    }

    #[test]
    fn the_property_a_cut_is_in_is_read_from_schema_keywords() {
        let p = |s: &str| enclosing_property(s);
        assert_eq!(
            p("/components/schemas/A/properties/items/items/oneOf/2"),
            Some(("/components/schemas/A".into(), "items".into()))
        );
        assert_eq!(
            p("/components/schemas/A/properties/properties/properties/b/items"),
            Some(("/components/schemas/A/properties/properties".into(), "b".into()))
        );
        assert_eq!(p("/components/schemas/A/oneOf/0"), None);
    }

    #[test]
    fn wildcard_media_types_with_a_schema_become_json() {
        let mut doc = json!({"responses": {"Error": {"content": {"*/*": {"schema": {"type": "object"}}}}}});
        let fixes = prepare(&mut doc);
        assert_eq!(fixes, [Correction { rule: WILDCARD_MEDIA_TYPE, pointer: "/responses/Error/content/*~1*".into() }]);
        assert_eq!(
            doc,
            json!({"responses": {"Error": {"content": {"application/json": {"schema": {"type": "object"}}}}}})
        );
        // Left alone: no schema, or JSON already declared.
        let mut doc = json!({"content": {"*/*": {}}, "x": {"content": {"*/*": {"schema": {}}, "application/json": {"schema": {}}}}});
        let before = doc.clone();
        assert!(prepare(&mut doc).is_empty());
        assert_eq!(doc, before);
    }
}
