//! Values for contract calls, derived from a spec: for an operation's
//! parameter or request body, a JSON value its schema accepts. An `example`
//! the spec gives is not used: HubSpot's examples are prose as often as data,
//! and a schema-derived value is what the validator checks requests against.
//!
//! The rules, from the schema alone: `enum` and `const` give their first
//! value; `oneOf`/`anyOf` their first alternative (with the discriminator
//! property set to the value that selects it); `allOf` the merge of its parts;
//! strings a value of their `format` (or one of `minLength`); numbers their
//! `minimum`, else 1; lists `minItems` items, at least one; objects every
//! required property and, near the top, the optional ones too (never
//! `readOnly` ones). Recursion ends at a fixed depth, where only required
//! properties are filled.

use serde_json::{Map, Value, json};

/// Optional properties are filled down to this depth (the body is depth 0).
const OPTIONAL_DEPTH: usize = 2;
/// Past this depth only what is required is filled, and a schema that still
/// refers to itself gets its smallest value.
const MAX_DEPTH: usize = 12;
/// Schemas visited on the way to one value, nested or not.
const HOP_LIMIT: usize = 64;

/// A spec document (JSON, overlays applied) to derive values from.
#[derive(Debug, Clone, Copy)]
pub struct Values<'a> {
    doc: &'a Value,
}

impl<'a> Values<'a> {
    pub fn new(doc: &'a Value) -> Self {
        Values { doc }
    }

    /// The operation object at `method` (`POST`) and `path` (the template as the spec writes it).
    pub fn operation(&self, method: &str, path: &str) -> Option<&'a Value> {
        self.doc.get("paths")?.get(path)?.get(method.to_ascii_lowercase())
    }

    /// The schema of a parameter (`location` is `path`, `query`, `header`),
    /// declared on the operation or, failing that, on its path item.
    pub fn param_schema(&self, method: &str, path: &str, location: &str, name: &str) -> Option<&'a Value> {
        let item = self.doc.get("paths")?.get(path)?;
        let op = item.get(method.to_ascii_lowercase())?;
        [op, item]
            .into_iter()
            .find_map(|holder| {
                holder.get("parameters")?.as_array()?.iter().map(|p| self.resolve(p)).find(|p| {
                    p.get("in").and_then(Value::as_str) == Some(location)
                        && p.get("name").and_then(Value::as_str) == Some(name)
                })
            })?
            .get("schema")
    }

    /// The request body schema and its media type (JSON first, then the first declared).
    pub fn body_schema(&self, method: &str, path: &str) -> Option<(&'a str, &'a Value)> {
        let body = self.resolve(self.operation(method, path)?.get("requestBody")?);
        let content = body.get("content")?.as_object()?;
        let (media, entry) = content.get_key_value("application/json").or_else(|| content.iter().next())?;
        Some((media.as_str(), entry.get("schema")?))
    }

    /// A value `schema` accepts.
    pub fn instance(&self, schema: &Value) -> Value {
        self.make(schema, 0, 0)
    }

    /// Follow `$ref`s to a definition in the document (a dangling one stays as it is).
    pub fn resolve<'s>(&self, mut value: &'s Value) -> &'s Value
    where
        'a: 's,
    {
        for _ in 0..32 {
            let Some(target) = value.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix('#')) else {
                break;
            };
            match self.doc.pointer(target) {
                Some(next) => value = next,
                None => break,
            }
        }
        value
    }

    fn make(&self, schema: &Value, depth: usize, hops: usize) -> Value {
        let schema = self.resolve(schema);
        // Alternatives and parts do not nest a value, so they count apart:
        // a schema that is its own alternative ends here too.
        if hops > HOP_LIMIT {
            return smallest(schema);
        }
        let hops = hops + 1;
        if let Some(first) = schema.get("const") {
            return first.clone();
        }
        if let Some(first) = schema.get("enum").and_then(Value::as_array).and_then(|e| e.iter().find(|v| !v.is_null()))
        {
            return first.clone();
        }
        if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
            let mut merged = Map::new();
            for part in parts {
                match self.make(part, depth, hops) {
                    Value::Object(fields) => merged.extend(fields),
                    other if parts.len() == 1 => return other,
                    _ => {}
                }
            }
            self.fill_object(schema, depth, hops, &mut merged);
            return Value::Object(merged);
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(first) = schema.get(key).and_then(Value::as_array).and_then(|a| a.first()) {
                let mut value = self.make(first, depth, hops);
                self.tag(schema, first, &mut value);
                return value;
            }
        }
        match type_of(schema) {
            Some("string") => string_of(schema),
            Some("integer") => json!(schema.get("minimum").and_then(Value::as_i64).unwrap_or(1)),
            Some("number") => json!(schema.get("minimum").and_then(Value::as_f64).unwrap_or(1.5)),
            Some("boolean") => json!(true),
            Some("array") => {
                let count = schema.get("minItems").and_then(Value::as_u64).unwrap_or(1).max(1);
                let item = schema.get("items").map_or(json!("512"), |i| self.make(i, depth + 1, hops));
                Value::Array(vec![item; usize::try_from(count).unwrap_or(1)])
            }
            Some("null") => Value::Null,
            _ if schema.get("properties").is_some() || type_of(schema) == Some("object") => {
                let mut fields = Map::new();
                self.fill_object(schema, depth, hops, &mut fields);
                Value::Object(fields)
            }
            // No type: any value; an object is what such schemas mean in practice.
            _ => json!({}),
        }
    }

    fn fill_object(&self, schema: &Value, depth: usize, hops: usize, out: &mut Map<String, Value>) {
        let Some(props) = schema.get("properties").and_then(Value::as_object) else { return };
        let required: Vec<&str> =
            schema.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect();
        for (name, prop) in props {
            let is_required = required.contains(&name.as_str());
            let read_only = self.resolve(prop).get("readOnly").and_then(Value::as_bool) == Some(true);
            if read_only || (!is_required && depth >= OPTIONAL_DEPTH) {
                continue;
            }
            if depth >= MAX_DEPTH {
                out.insert(name.clone(), smallest(self.resolve(prop)));
                continue;
            }
            out.insert(name.clone(), self.make(prop, depth + 1, hops));
        }
    }

    /// Set a discriminator property to the value that selects `chosen`.
    fn tag(&self, union: &Value, chosen: &Value, value: &mut Value) {
        let Some(disc) = union.get("discriminator") else { return };
        let (Some(property), Some(reference), Value::Object(fields)) =
            (disc.get("propertyName").and_then(Value::as_str), chosen.get("$ref").and_then(Value::as_str), value)
        else {
            return;
        };
        let mapped = disc
            .get("mapping")
            .and_then(Value::as_object)
            .and_then(|m| m.iter().find(|(_, target)| target.as_str() == Some(reference)).map(|(key, _)| key.clone()));
        let tag = mapped.unwrap_or_else(|| reference.rsplit('/').next().unwrap_or(reference).to_owned());
        fields.insert(property.to_owned(), Value::String(tag));
    }
}

/// The schema's type; of an OpenAPI 3.1 list, the first that is not `null`.
fn type_of(schema: &Value) -> Option<&str> {
    match schema.get("type")? {
        Value::String(t) => Some(t),
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).find(|t| *t != "null").or(Some("null")),
        _ => None,
    }
}

fn string_of(schema: &Value) -> Value {
    let text = match schema.get("format").and_then(Value::as_str) {
        Some("date-time") => "2026-01-02T03:04:05Z".to_owned(),
        Some("date") => "2026-01-02".to_owned(),
        Some("time") => "03:04:05Z".to_owned(),
        Some("email") => "ada@example.com".to_owned(),
        Some("uuid") => "0b9d5f2e-4c1a-4e8b-9f3d-2a6c7e1b5d40".to_owned(),
        Some("uri" | "url") => "https://example.com/".to_owned(),
        Some("hostname") => "example.com".to_owned(),
        Some("ipv4") => "192.0.2.1".to_owned(),
        Some("byte") => "AAEC".to_owned(),
        Some("binary") => "512".to_owned(),
        _ => "512".to_owned(),
    };
    let min = schema.get("minLength").and_then(Value::as_u64).map_or(0, |n| usize::try_from(n).unwrap_or(0));
    let max = schema
        .get("maxLength")
        .and_then(Value::as_u64)
        .map_or(usize::MAX, |n| usize::try_from(n).unwrap_or(usize::MAX));
    let mut text = text;
    while text.len() < min {
        text.push('5');
    }
    if text.len() > max {
        text.truncate(max.max(min));
    }
    Value::String(text)
}

/// The least value of a schema's type, for where recursion is cut short.
fn smallest(schema: &Value) -> Value {
    match type_of(schema) {
        Some("array") => json!([]),
        Some("string") => string_of(schema),
        Some("integer" | "number") => json!(schema.get("minimum").cloned().unwrap_or(json!(1))),
        Some("boolean") => json!(true),
        _ => json!({}),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Value {
        json!({
            "paths": {
                "/things/{id}": {
                    "parameters": [{ "$ref": "#/components/parameters/Id" }],
                    "post": {
                        "parameters": [{ "name": "limit", "in": "query", "schema": { "type": "integer", "minimum": 5 } }],
                        "requestBody": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Input" } } } }
                    }
                }
            },
            "components": {
                "parameters": { "Id": { "name": "id", "in": "path", "required": true, "schema": { "type": "string", "format": "uuid" } } },
                "schemas": {
                    "Input": {
                        "type": "object",
                        "required": ["kind", "tree", "shape"],
                        "properties": {
                            "kind": { "type": "string", "enum": ["b", "a"] },
                            "when": { "type": "string", "format": "date-time" },
                            "id": { "type": "string", "readOnly": true },
                            "tree": { "$ref": "#/components/schemas/Tree" },
                            "shape": {
                                "oneOf": [{ "$ref": "#/components/schemas/Circle" }],
                                "discriminator": { "propertyName": "type", "mapping": { "circle": "#/components/schemas/Circle" } }
                            },
                            "tags": { "type": "array", "minItems": 2, "items": { "type": "string", "minLength": 5 } }
                        }
                    },
                    "Tree": { "type": "object", "required": ["children"], "properties": { "children": { "type": "array", "items": { "$ref": "#/components/schemas/Tree" } } } },
                    "Loop": { "anyOf": [{ "$ref": "#/components/schemas/Loop" }, { "type": "string" }] },
                    "Circle": { "type": "object", "required": ["type", "r"], "properties": { "type": { "type": "string" }, "r": { "type": "number" } } }
                }
            }
        })
    }

    #[test]
    fn parameters_are_found_on_the_operation_and_on_the_path_item() {
        let doc = doc();
        let v = Values::new(&doc);
        let id = v.param_schema("POST", "/things/{id}", "path", "id").expect("from the path item, through a $ref");
        assert_eq!(v.instance(id), json!("0b9d5f2e-4c1a-4e8b-9f3d-2a6c7e1b5d40"));
        let limit = v.param_schema("POST", "/things/{id}", "query", "limit").expect("from the operation");
        assert_eq!(v.instance(limit), json!(5));
        assert!(v.param_schema("POST", "/things/{id}", "header", "limit").is_none(), "the location must match");
    }

    #[test]
    fn a_body_fills_required_and_near_optional_fields_and_ends_recursion() {
        let doc = doc();
        let v = Values::new(&doc);
        let (media, schema) = v.body_schema("POST", "/things/{id}").expect("a body");
        assert_eq!(media, "application/json");
        let body = v.instance(schema);
        assert_eq!(body["kind"], json!("b"), "the first enum value");
        assert_eq!(body["when"], json!("2026-01-02T03:04:05Z"));
        assert!(body.get("id").is_none(), "readOnly properties are never sent");
        assert_eq!(body["shape"], json!({ "type": "circle", "r": 1.5 }), "the discriminator names the alternative");
        assert_eq!(body["tags"], json!(["51255", "51255"]), "minItems and minLength");
        let mut depth = 0;
        let mut tree = &body["tree"];
        while let Some(child) = tree["children"].get(0) {
            tree = child;
            depth += 1;
        }
        assert!(depth > 2 && depth <= MAX_DEPTH, "a recursive schema ends at the depth limit ({depth})");
    }

    #[test]
    fn a_schema_that_is_its_own_alternative_ends() {
        let doc = doc();
        let v = Values::new(&doc);
        assert_eq!(v.instance(&json!({ "$ref": "#/components/schemas/Loop" })), json!({}));
    }
}
