//! Lenient reading: a value that is invalid where it cannot change the API
//! (a description, summary or title that is not text, a tag that is not a
//! tag, external docs without a URL, examples that are not example objects)
//! is dropped with a warning naming its pointer, instead of rejecting the
//! whole document; `description: null` is an absent description. And two
//! reference shapes real documents use: a `content` map given by `$ref`, and
//! a schema `$ref` that names a response or request body (read as its
//! schema).
//!
//! Only the places the document's grammar names are looked at
//! ([`super::refs::places`]); example and default values are data and are
//! never entered.

use serde_json::{Map, Value};

use super::refs::{Kind, Place, kind_at, local_pointer, places};
use crate::diag::{Diagnostic, child};

/// What the value is, for a warning: "a map", "a number".
fn what(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "a map",
    }
}

struct Fixer<'a> {
    file: &'a str,
    warnings: &'a mut Vec<Diagnostic>,
}

impl Fixer<'_> {
    fn warn(&mut self, pointer: String, message: String) {
        self.warnings.push(Diagnostic::warning(self.file, pointer, message));
    }

    /// `key` must be text: `null` is absent (or `""` when `required`), any
    /// other value is dropped with a warning.
    fn text(&mut self, map: &mut Map<String, Value>, base: &str, key: &str, required: bool) {
        match map.get(key) {
            Some(Value::String(_)) => {}
            None | Some(Value::Null) => {
                map.remove(key);
                if required {
                    map.insert(key.to_owned(), Value::String(String::new()));
                }
            }
            Some(other) => {
                let message = format!("`{key}` is {}, not text; left out", what(other));
                self.warn(child(base, key), message);
                map.remove(key);
                if required {
                    map.insert(key.to_owned(), Value::String(String::new()));
                }
            }
        }
    }

    /// `externalDocs` must be a map with a text `url`.
    fn external_docs(&mut self, map: &mut Map<String, Value>, base: &str) {
        let Some(docs) = map.get_mut("externalDocs") else { return };
        let valid = docs.as_object().is_some_and(|d| d.get("url").is_some_and(Value::is_string));
        if valid {
            let pointer = child(base, "externalDocs");
            if let Some(docs) = docs.as_object_mut() {
                self.text(docs, &pointer, "description", false);
            }
        } else {
            let message = format!("`externalDocs` is {} without a text `url`; left out", what(docs));
            self.warn(child(base, "externalDocs"), message);
            map.remove("externalDocs");
        }
    }

    /// `examples` (of a parameter, header or media type) must map names to
    /// example objects; other entries are dropped. Their values are data.
    fn examples(&mut self, map: &mut Map<String, Value>, base: &str) {
        let Some(examples) = map.get_mut("examples") else { return };
        let pointer = child(base, "examples");
        let Some(entries) = examples.as_object_mut() else {
            let message = format!("`examples` is {}, not a map of examples; left out", what(examples));
            self.warn(pointer, message);
            map.remove("examples");
            return;
        };
        let mut dropped = Vec::new();
        entries.retain(|name, example| {
            let keep = example.is_object();
            if !keep {
                dropped.push((child(&pointer, name), what(example)));
            }
            keep
        });
        for (at, kind) in dropped {
            self.warn(at, format!("an example that is {kind}, not an example object; left out"));
        }
        for (name, example) in entries.iter_mut() {
            if let Some(example) = example.as_object_mut().filter(|e| !e.contains_key("$ref")) {
                let at = child(&pointer, name);
                self.text(example, &at, "summary", false);
                self.text(example, &at, "description", false);
            }
        }
    }

    /// An operation's `tags` must be a list of text.
    fn tag_names(&mut self, map: &mut Map<String, Value>, base: &str) {
        let Some(tags) = map.get_mut("tags") else { return };
        let pointer = child(base, "tags");
        let Some(list) = tags.as_array_mut() else {
            let message = format!("`tags` is {}, not a list of names; left out", what(tags));
            self.warn(pointer, message);
            map.remove("tags");
            return;
        };
        let before = list.len();
        list.retain(Value::is_string);
        match before - list.len() {
            0 => {}
            1 => self.warn(pointer, "a tag that is not text; left out".to_owned()),
            n => self.warn(pointer, format!("{n} tags that are not text; left out")),
        }
    }
}

/// The descriptive values of the document (see the module docs).
pub(super) fn descriptive(doc: &mut Value, file: &str, warnings: &mut Vec<Diagnostic>) {
    let mut fix = Fixer { file, warnings };
    let Some(root) = doc.as_object_mut() else { return };
    if let Some(Value::Object(info)) = root.get_mut("info") {
        fix.text(info, "/info", "title", true);
        fix.text(info, "/info", "description", false);
        // A version written as a number (`version: 1.0` in YAML) is its text.
        match info.get("version") {
            Some(Value::Number(n)) => {
                let text = n.to_string();
                info.insert("version".into(), Value::String(text));
            }
            _ => fix.text(info, "/info", "version", true),
        }
    }
    fix.external_docs(root, "");
    if let Some(tags) = root.get_mut("tags") {
        match tags.as_array_mut() {
            Some(list) => {
                let mut kept = Vec::with_capacity(list.len());
                for (i, mut tag) in std::mem::take(list).into_iter().enumerate() {
                    let at = format!("/tags/{i}");
                    match tag.as_object_mut().filter(|t| t.get("name").is_some_and(Value::is_string)) {
                        Some(map) => {
                            fix.text(map, &at, "description", false);
                            fix.external_docs(map, &at);
                            kept.push(tag);
                        }
                        None => fix.warn(at, format!("a tag that is {} without a text `name`; left out", what(&tag))),
                    }
                }
                *list = kept;
            }
            None => {
                let message = format!("`tags` is {}, not a list of tags; left out", what(tags));
                fix.warn("/tags".into(), message);
                root.remove("tags");
            }
        }
    }
    for section in ["examples", "securitySchemes", "links"] {
        let base = child("/components", section);
        if let Some(Value::Object(items)) = root.get_mut("components").and_then(|c| c.get_mut(section)) {
            for (name, item) in items.iter_mut() {
                if let Some(map) = item.as_object_mut().filter(|m| !m.contains_key("$ref")) {
                    let at = child(&base, name);
                    fix.text(map, &at, "summary", false);
                    fix.text(map, &at, "description", false);
                }
            }
        }
    }

    for (pointer, place) in places(doc) {
        let Some(Value::Object(map)) = doc.pointer_mut(&pointer) else { continue };
        // A reference object is read as its target, whatever stands beside it.
        if map.contains_key("$ref") && !matches!(place, Place::Is(Kind::Schema | Kind::PathItem)) {
            continue;
        }
        match place {
            Place::Is(Kind::PathItem) => {
                fix.text(map, &pointer, "summary", false);
                fix.text(map, &pointer, "description", false);
            }
            Place::Operation => {
                fix.text(map, &pointer, "summary", false);
                fix.text(map, &pointer, "description", false);
                fix.external_docs(map, &pointer);
                fix.tag_names(map, &pointer);
            }
            Place::Is(Kind::Parameter | Kind::Header) => {
                fix.text(map, &pointer, "description", false);
                fix.examples(map, &pointer);
            }
            Place::Is(Kind::RequestBody) => fix.text(map, &pointer, "description", false),
            // Required in 3.0, and often missing or `null`.
            Place::Is(Kind::Response) => fix.text(map, &pointer, "description", true),
            Place::Is(Kind::Schema) => {
                fix.text(map, &pointer, "title", false);
                fix.text(map, &pointer, "description", false);
                fix.external_docs(map, &pointer);
            }
            Place::MediaType => fix.examples(map, &pointer),
            _ => {}
        }
    }
}

/// Reference shapes outside the 3.0 grammar, made ordinary (see the module docs).
pub(super) fn references(doc: &mut Value, file: &str, warnings: &mut Vec<Diagnostic>) {
    let mut fix = Fixer { file, warnings };
    for (pointer, place) in places(doc) {
        match place {
            Place::Is(Kind::Parameter | Kind::Header | Kind::RequestBody | Kind::Response) => {
                content_by_ref(doc, &pointer, &mut fix);
            }
            Place::Is(Kind::Schema) => schema_naming_a_body(doc, &pointer, &mut fix),
            _ => {}
        }
    }
}

/// `content: {$ref: …}`: the map it refers to, copied in place.
fn content_by_ref(doc: &mut Value, pointer: &str, fix: &mut Fixer<'_>) {
    let at = child(pointer, "content");
    let Some(reference) = doc.pointer(&at).and_then(|c| c.get("$ref")).and_then(Value::as_str) else { return };
    let reference = reference.to_owned();
    let target = local_pointer(&reference).and_then(|t| doc.pointer(&t)).cloned();
    let content = match target {
        // A map of media types, or one media type (read as JSON).
        Some(Value::Object(map)) if map.keys().all(|k| k.contains('/')) => Value::Object(map),
        Some(Value::Object(map)) if map.contains_key("schema") => {
            Value::Object(Map::from_iter([("application/json".to_owned(), Value::Object(map))]))
        }
        _ => {
            fix.warn(at.clone(), format!("`content` refers to `{reference}`, which is not a content map; left out"));
            if let Some(Value::Object(parent)) = doc.pointer_mut(pointer) {
                parent.remove("content");
            }
            return;
        }
    };
    fix.warn(at.clone(), format!("`content` given by `$ref` (not OpenAPI 3.0); read as `{reference}`"));
    if let Some(slot) = doc.pointer_mut(&at) {
        *slot = content;
    }
}

/// A schema `$ref` to a response, request body, parameter or header: read
/// as its schema (a parameter's or header's own, else the JSON media type's,
/// else the first), or as any value when it has none.
fn schema_naming_a_body(doc: &mut Value, pointer: &str, fix: &mut Fixer<'_>) {
    let Some(reference) = doc.pointer(pointer).and_then(|s| s.get("$ref")).and_then(Value::as_str) else { return };
    let reference = reference.to_owned();
    let Some(target) = local_pointer(&reference) else { return };
    let Some(kind) = kind_at(doc, &target) else { return };
    if !matches!(kind, Kind::Response | Kind::RequestBody | Kind::Parameter | Kind::Header) {
        return;
    }
    let own = child(&target, "schema");
    let schema = if doc.pointer(&own).is_some() {
        Some(own)
    } else {
        let content = doc.pointer(&child(&target, "content")).and_then(Value::as_object);
        let media = content
            .and_then(|c| c.keys().find(|k| k.contains("json")).or_else(|| c.keys().next()))
            .filter(|m| content.is_some_and(|c| c[m.as_str()].get("schema").is_some()))
            .cloned();
        media.map(|m| child(&child(&child(&target, "content"), &m), "schema"))
    };
    let what = match kind {
        Kind::Response => "a response",
        Kind::RequestBody => "a request body",
        Kind::Parameter => "a parameter",
        _ => "a header",
    };
    let Some(Value::Object(map)) = doc.pointer_mut(pointer) else { return };
    match schema {
        Some(schema) => {
            map.insert("$ref".into(), Value::String(format!("#{schema}")));
            fix.warn(
                child(pointer, "$ref"),
                format!("a schema `$ref` to `{reference}`, {what}, not a schema; read as its schema"),
            );
        }
        None => {
            map.remove("$ref");
            fix.warn(
                child(pointer, "$ref"),
                format!("a schema `$ref` to `{reference}`, {what} without a schema; read as any JSON value"),
            );
        }
    }
}
