//! OpenAPI 3.1 documents, read as 3.0: the JSON of a 3.1 document is
//! rewritten into the 3.0 shape before `openapiv3` reads it, so 3.1 and 3.0
//! meet in the same intermediate model.
//!
//! What changes, per schema (3.1 schemas are JSON Schema 2020-12):
//! - `type: [T, "null"]` → `type: T, nullable: true`; several types → an
//!   `anyOf` of one schema per type, each with the keywords of its type;
//!   `type: "null"` alone → any value that may be null.
//! - `anyOf`/`oneOf` with a `{type: "null"}` part → the other parts, `nullable`.
//! - `const: v` → `enum: [v]` (with the type of `v` when none is given).
//! - `examples: [..]` → `example` (the first).
//! - numeric `exclusiveMinimum: n` → `minimum: n, exclusiveMinimum: true` (and maximum).
//! - a `$ref` with keywords beside it → `allOf: [{$ref}]` with those keywords
//!   (the lowering reads an `allOf` that only annotates as the referenced type).
//! - `prefixItems` (tuples) → `items`: the one item schema (when all are the
//!   same), or an `anyOf` of the distinct ones.
//! - `true`/`false` schemas → `{}` / `{not: {}}`, except the
//!   `additionalProperties` keyword (a property of that name is a schema).
//! - `contentEncoding: base64` → `format: byte`.
//! - `$schema`, `$id`, `$anchor`, `$comment` are dropped.
//!
//! And per document: `webhooks` are not generated (a warning says how many),
//! `jsonSchemaDialect` other than OpenAPI's default is reported,
//! `components/pathItems` (read through [`super::refs`]) is dropped after use,
//! a document without `paths` gets an empty one, and an operation without
//! `responses` (optional in 3.1) an empty one.

use serde_json::{Map, Value, json};

use super::refs::{Kind, walk};
use crate::diag::Diagnostic;

/// OpenAPI 3.1's default schema dialect.
pub const DEFAULT_DIALECT: &str = "https://spec.openapis.org/oas/3.1/dialect/base";

/// Is this the version string of a document this module rewrites?
pub fn is_31(version: &str) -> bool {
    version.starts_with("3.1")
}

/// Rewrite a 3.1 document into the 3.0 shape, in place.
pub fn downgrade(doc: &mut Value, file: &str, warnings: &mut Vec<Diagnostic>) {
    let Some(root) = doc.as_object_mut() else { return };
    root.insert("openapi".into(), Value::String("3.0.3".into()));
    if let Some(dialect) = root.remove("jsonSchemaDialect")
        && dialect.as_str() != Some(DEFAULT_DIALECT)
    {
        warnings.push(Diagnostic::warning(
            file,
            "/jsonSchemaDialect",
            format!(
                "schema dialect `{}` is not OpenAPI's default; its schemas are read as the default dialect",
                dialect.as_str().unwrap_or("?")
            ),
        ));
    }
    root.entry("paths").or_insert_with(|| Value::Object(Map::new()));
    add_missing_responses(root);

    // Children before parents: rewriting a schema only moves keys of its own.
    let mut schemas: Vec<String> = walk(doc).into_iter().filter(|(_, k)| *k == Kind::Schema).map(|(p, _)| p).collect();
    // `additionalProperties: false` is the keyword only where it stands in a
    // schema; in a `properties` map it is a property of that name whose schema is `false`.
    let schema_set: std::collections::HashSet<String> = schemas.iter().cloned().collect();
    schemas.reverse();
    for pointer in schemas {
        let is_additional = pointer
            .rsplit_once('/')
            .is_some_and(|(parent, last)| last == "additionalProperties" && schema_set.contains(parent));
        if let Some(schema) = doc.pointer_mut(&pointer) {
            match schema {
                Value::Bool(_) if is_additional => {}
                Value::Bool(true) => *schema = json!({}),
                Value::Bool(false) => *schema = json!({"not": {}}),
                Value::Object(map) => rewrite_schema(map),
                _ => {}
            }
        }
    }
}

/// `responses` is optional in 3.1 (required in 3.0): an operation without it
/// gets an empty one, read as "any 2xx, no body to decode". Operations of
/// `paths` and of `components/pathItems` (which paths may reference).
fn add_missing_responses(root: &mut Map<String, Value>) {
    for (_, _, op) in super::operations_mut(root.get_mut("paths")) {
        op.entry("responses").or_insert_with(|| Value::Object(Map::new()));
    }
    for (_, _, op) in super::operations_mut(root.get_mut("components").and_then(|c| c.get_mut("pathItems"))) {
        op.entry("responses").or_insert_with(|| Value::Object(Map::new()));
    }
}

/// What a schema of a webhook-only document leaves: called after `$ref`s are resolved.
pub fn drop_31_sections(doc: &mut Value, file: &str, warnings: &mut Vec<Diagnostic>) {
    let Some(root) = doc.as_object_mut() else { return };
    if let Some(Value::Object(hooks)) = root.remove("webhooks")
        && !hooks.is_empty()
    {
        warnings.push(Diagnostic::warning(
            file,
            "/webhooks",
            format!(
                "`{}` webhooks (requests the API sends, not operations a client calls) are not generated",
                hooks.len()
            ),
        ));
    }
    if let Some(Value::Object(components)) = root.get_mut("components") {
        components.remove("pathItems");
    }
}

/// Keywords that belong to one type, for splitting a type list.
fn keywords_of(ty: &str) -> &'static [&'static str] {
    match ty {
        "string" => &["format", "pattern", "minLength", "maxLength", "enum", "contentEncoding", "contentMediaType"],
        "integer" | "number" => {
            &["format", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "enum"]
        }
        "boolean" => &["enum"],
        "array" => &["items", "prefixItems", "minItems", "maxItems", "uniqueItems"],
        "object" => &["properties", "required", "additionalProperties", "minProperties", "maxProperties"],
        _ => &[],
    }
}

fn value_type(v: &Value) -> Option<&'static str> {
    Some(match v {
        Value::String(_) => "string",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
        Value::Null => return None,
    })
}

/// `{type: "null"}`, also once rewritten (children are rewritten first) into
/// `{nullable: true}` with nothing else but annotations.
fn is_null_schema(v: &Value) -> bool {
    let Some(map) = v.as_object() else { return false };
    map.get("type").and_then(Value::as_str) == Some("null")
        || (map.get("nullable") == Some(&Value::Bool(true))
            && map.keys().all(|k| matches!(k.as_str(), "nullable" | "description" | "title")))
}

fn rewrite_schema(map: &mut Map<String, Value>) {
    for key in ["$schema", "$id", "$anchor", "$comment", "$dynamicAnchor"] {
        map.remove(key);
    }
    // `$ref` with keywords beside it: the keywords apply too.
    if map.contains_key("$ref") && map.len() > 1 {
        let reference = map.remove("$ref").unwrap_or(Value::Null);
        let mut parts = vec![json!({"$ref": reference})];
        if let Some(Value::Array(existing)) = map.remove("allOf") {
            parts.extend(existing);
        }
        map.insert("allOf".into(), Value::Array(parts));
    }
    if let Some(value) = map.remove("const") {
        if !map.contains_key("type")
            && let Some(t) = value_type(&value)
        {
            map.insert("type".into(), Value::String(t.into()));
        }
        map.insert("enum".into(), Value::Array(vec![value]));
    }
    if let Some(Value::Array(examples)) = map.remove("examples")
        && let Some(first) = examples.into_iter().next()
    {
        map.entry("example").or_insert(first);
    }
    for (exclusive, bound) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
        if let Some(n @ Value::Number(_)) = map.get(exclusive).cloned() {
            map.insert(bound.into(), n);
            map.insert(exclusive.into(), Value::Bool(true));
        }
    }
    if let Some(Value::Array(prefix)) = map.remove("prefixItems") {
        let open = matches!(map.get("items"), None | Some(Value::Bool(false)));
        if open {
            let mut distinct: Vec<Value> = Vec::new();
            for item in prefix {
                if !distinct.contains(&item) {
                    distinct.push(item);
                }
            }
            let items = match <[Value; 1]>::try_from(distinct) {
                Ok([one]) => one,
                Err(many) => json!({"anyOf": many}),
            };
            map.insert("items".into(), items);
        }
    }
    if let Some(Value::Bool(_)) = map.get("items") {
        map.insert("items".into(), json!({}));
    }
    for key in ["anyOf", "oneOf"] {
        if let Some(Value::Array(parts)) = map.get_mut(key)
            && parts.iter().any(is_null_schema)
        {
            parts.retain(|p| !is_null_schema(p));
            map.insert("nullable".into(), Value::Bool(true));
        }
    }
    match map.get("type").cloned() {
        Some(Value::Array(_)) => {
            type_list(map);
        }
        Some(Value::String(t)) if t == "null" => {
            map.remove("type");
            map.insert("nullable".into(), Value::Bool(true));
        }
        _ => {}
    }
    if map.get("type").and_then(Value::as_str) == Some("string")
        && !map.contains_key("format")
        && map.get("contentEncoding").and_then(Value::as_str) == Some("base64")
    {
        map.insert("format".into(), Value::String("byte".into()));
    }
}

/// The one rule for a `type` list, whichever version it comes from:
/// `[T, "null"]` → `type: T, nullable: true`; several types → an `anyOf` of
/// one schema per type, each with the keywords of its type; `["null"]` →
/// any value that may be null. `false` when `type` is not a list.
pub(super) fn type_list(map: &mut Map<String, Value>) -> bool {
    let Some(Value::Array(types)) = map.get("type").cloned() else { return false };
    let names: Vec<&str> = types.iter().filter_map(Value::as_str).collect();
    if names.contains(&"null") {
        map.insert("nullable".into(), Value::Bool(true));
    }
    let rest: Vec<&str> = names.into_iter().filter(|t| *t != "null").collect();
    match rest.as_slice() {
        [] => {
            map.remove("type");
        }
        [one] => {
            map.insert("type".into(), Value::String((*one).into()));
        }
        many => {
            map.remove("type");
            let parts: Vec<Value> = many.iter().map(|t| split_off(map, t)).collect();
            for t in many {
                for key in keywords_of(t) {
                    map.remove(*key);
                }
            }
            map.insert("anyOf".into(), Value::Array(parts));
        }
    }
    true
}

/// `type` lists in a 3.0 document (not valid 3.0, common in practice): read
/// by [`type_list`], the rule 3.1 documents follow, with a warning each. Only
/// schemas are rewritten (the document's grammar says where they are), never
/// example or default values.
pub(super) fn type_lists_30(doc: &mut Value, file: &str, warnings: &mut Vec<Diagnostic>) {
    let schemas: Vec<String> = walk(doc).into_iter().filter(|(_, k)| *k == Kind::Schema).map(|(p, _)| p).collect();
    for pointer in schemas {
        if let Some(Value::Object(map)) = doc.pointer_mut(&pointer)
            && type_list(map)
        {
            warnings.push(Diagnostic::warning(
                file,
                format!("{pointer}/type"),
                "`type` is a list (OpenAPI 3.1); read as one type with `nullable`, or an `anyOf` of its types",
            ));
        }
    }
}

/// One part of a split type list: `type: t` with the keywords of `t`
/// (and only the enum values of that type).
fn split_off(map: &Map<String, Value>, ty: &str) -> Value {
    let mut part = Map::new();
    part.insert("type".into(), Value::String(ty.into()));
    for key in keywords_of(ty) {
        if let Some(v) = map.get(*key) {
            let v = match (*key, v) {
                ("enum", Value::Array(values)) => {
                    let same: Vec<Value> = values
                        .iter()
                        .filter(|x| value_type(x) == Some(ty) || (ty == "number" && value_type(x) == Some("integer")))
                        .cloned()
                        .collect();
                    if same.is_empty() {
                        continue;
                    }
                    Value::Array(same)
                }
                _ => v.clone(),
            };
            part.insert((*key).into(), v);
        }
    }
    Value::Object(part)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(v: Value) -> Value {
        let mut doc = json!({"openapi": "3.1.0", "components": {"schemas": {"S": v}}});
        downgrade(&mut doc, "s.json", &mut Vec::new());
        doc["components"]["schemas"]["S"].take()
    }

    #[test]
    fn schemas_take_the_30_shape() {
        assert_eq!(schema(json!({"type": ["string", "null"]})), json!({"type": "string", "nullable": true}));
        assert_eq!(
            schema(json!({"type": ["integer", "string"], "enum": [1, "a"], "description": "d"})),
            json!({"description": "d", "anyOf": [{"type": "integer", "enum": [1]}, {"type": "string", "enum": ["a"]}]})
        );
        assert_eq!(schema(json!({"const": "on"})), json!({"type": "string", "enum": ["on"]}));
        assert_eq!(
            schema(json!({"type": "integer", "exclusiveMinimum": 0})),
            json!({"type": "integer", "minimum": 0, "exclusiveMinimum": true})
        );
        assert_eq!(
            schema(json!({"$ref": "#/x", "description": "d"})),
            json!({"allOf": [{"$ref": "#/x"}], "description": "d"})
        );
        assert_eq!(
            schema(json!({"anyOf": [{"$ref": "#/x"}, {"type": "null"}]})),
            json!({"anyOf": [{"$ref": "#/x"}], "nullable": true})
        );
        assert_eq!(
            schema(json!({"type": "array", "prefixItems": [{"type": "string"}]})),
            json!({"type": "array", "items": {"type": "string"}})
        );
        assert_eq!(
            schema(json!({"properties": {"a": true, "b": false}})),
            json!({"properties": {"a": {}, "b": {"not": {}}}})
        );
        // A property named like the keyword is a property: its `false` schema is rewritten, the keyword's is not.
        assert_eq!(
            schema(json!({"properties": {"additionalProperties": false}, "additionalProperties": false})),
            json!({"properties": {"additionalProperties": {"not": {}}}, "additionalProperties": false})
        );
        assert_eq!(
            schema(json!({"type": "string", "examples": ["x", "y"]})),
            json!({"type": "string", "example": "x"})
        );
    }
}
