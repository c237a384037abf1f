//! `$ref`s to any place in the document, made ordinary before the document is read.
//!
//! OpenAPI lets a `$ref` point at any JSON pointer of the document
//! (`#/components/schemas/Tag/allOf/0`, `#/paths/~1items/get/parameters/0`,
//! `#/components/responses/R/content/application~1json/schema/oneOf/1`). The
//! lowering reads `$ref`s into `#/components/<section>/<name>` only, so this
//! pass, on the JSON value, moves every other referenced object into the
//! component section of its kind under a name derived from where it stood
//! (`TagAllOf0`), leaves a `$ref` to it in its place, and points every `$ref`
//! (and discriminator mapping) at the new component. The moved object keeps
//! its identity: [`Moved`] maps the component's pointer back to where the
//! object stands in the document, for origins and diagnostics.
//!
//! Path items given by `$ref` (`#/components/pathItems/X` in OpenAPI 3.1, or
//! another path) are copied in place, so their operations are generated.
//!
//! What the referenced object is comes from the document's grammar ([`walk`]):
//! a `$ref` standing where a schema goes refers to a schema.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use crate::diag::{Diagnostic, child, push_token};

/// What an object of the document is, by where it stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Kind {
    Schema,
    Parameter,
    Response,
    RequestBody,
    Header,
    PathItem,
}

impl Kind {
    /// The `components` section holding objects of this kind.
    pub(super) fn section(self) -> &'static str {
        match self {
            Kind::Schema => "schemas",
            Kind::Parameter => "parameters",
            Kind::Response => "responses",
            Kind::RequestBody => "requestBodies",
            Kind::Header => "headers",
            Kind::PathItem => "pathItems",
        }
    }
}

/// Where the walk stands: an object of a [`Kind`], or a container of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Place {
    Root,
    Paths,
    Components,
    /// A map of named objects of one kind (`components/schemas`, `properties`, `responses`).
    MapOf(Kind),
    /// A list of objects of one kind (`parameters`, `allOf`).
    ListOf(Kind),
    Is(Kind),
    Operation,
    Content,
    MediaType,
    Encodings,
    Encoding,
    Callbacks,
    Callback,
}

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

fn step(place: Place, token: &str) -> Option<Place> {
    use Kind::*;
    use Place::*;
    Some(match (place, token) {
        (Root, "paths" | "webhooks") => Paths,
        (Root, "components") => Components,
        (Paths, _) => Is(PathItem),
        (Components, "schemas") => MapOf(Schema),
        (Components, "parameters") => MapOf(Parameter),
        (Components, "responses") => MapOf(Response),
        (Components, "requestBodies") => MapOf(RequestBody),
        (Components, "headers") => MapOf(Header),
        (Components, "pathItems") => MapOf(PathItem),
        (Components, "callbacks") => Callbacks,
        (MapOf(kind), _) | (ListOf(kind), _) => Is(kind),
        (Is(PathItem), m) if METHODS.contains(&m) => Operation,
        (Is(PathItem) | Operation, "parameters") => ListOf(Parameter),
        (Operation, "requestBody") => Is(RequestBody),
        (Operation, "responses") => MapOf(Response),
        (Operation, "callbacks") => Callbacks,
        (Callbacks, _) => Callback,
        (Callback, _) => Is(PathItem),
        (Is(Parameter | Header), "schema") => Is(Schema),
        (Is(Parameter | Header | RequestBody | Response), "content") => Content,
        (Is(Response) | Encoding, "headers") => MapOf(Header),
        (Content, _) => MediaType,
        (MediaType, "schema") => Is(Schema),
        (MediaType, "encoding") => Encodings,
        (Encodings, _) => Encoding,
        (Is(Schema), "properties" | "patternProperties" | "$defs" | "definitions" | "dependentSchemas") => {
            MapOf(Schema)
        }
        (Is(Schema), "allOf" | "oneOf" | "anyOf" | "prefixItems") => ListOf(Schema),
        (
            Is(Schema),
            "items"
            | "not"
            | "additionalProperties"
            | "contains"
            | "if"
            | "then"
            | "else"
            | "propertyNames"
            | "unevaluatedItems"
            | "unevaluatedProperties"
            | "additionalItems",
        ) => Is(Schema),
        _ => return None,
    })
}

/// Every object of a known kind in the document, with its pointer, parents
/// before children.
pub(crate) fn walk(doc: &Value) -> Vec<(String, Kind)> {
    let mut out = Vec::new();
    visit(doc, &mut |pointer, kind, _| out.push((pointer.to_owned(), kind)));
    out
}

/// Call `f` with the pointer, kind and value of every object of a known kind
/// in the document, parents before children (the order of [`walk`]). The
/// pointer is one string extended and cut back along the way: a visitor that
/// needs it keeps a copy.
fn visit<'v>(doc: &'v Value, f: &mut impl FnMut(&str, Kind, &'v Value)) {
    fn go<'v>(value: &'v Value, place: Place, pointer: &mut String, f: &mut impl FnMut(&str, Kind, &'v Value)) {
        if let Place::Is(kind) = place {
            f(pointer, kind, value);
        }
        let len = pointer.len();
        match value {
            Value::Object(map) => {
                for (key, child_value) in map {
                    if let Some(next) = step(place, key) {
                        push_token(pointer, key);
                        go(child_value, next, pointer, f);
                        pointer.truncate(len);
                    }
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    use std::fmt::Write as _;
                    let _ = write!(pointer, "/{i}");
                    if let Some(next) = step(place, &pointer[len + 1..]) {
                        go(item, next, pointer, f);
                    }
                    pointer.truncate(len);
                }
            }
            _ => {}
        }
    }
    go(doc, Place::Root, &mut String::new(), f)
}

/// Every place of the document's grammar (objects of a kind and the
/// containers between them: operations, media types, `components`), with its
/// pointer, parents before children. Values the grammar does not describe
/// (examples, defaults, extensions) are not entered.
pub(super) fn places(doc: &Value) -> Vec<(String, Place)> {
    fn go(value: &Value, place: Place, pointer: &mut String, out: &mut Vec<(String, Place)>) {
        out.push((pointer.clone(), place));
        let len = pointer.len();
        match value {
            Value::Object(map) => {
                for (key, child_value) in map {
                    if let Some(next) = step(place, key) {
                        push_token(pointer, key);
                        go(child_value, next, pointer, out);
                        pointer.truncate(len);
                    }
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    use std::fmt::Write as _;
                    let _ = write!(pointer, "/{i}");
                    if let Some(next) = step(place, &pointer[len + 1..]) {
                        go(item, next, pointer, out);
                    }
                    pointer.truncate(len);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    go(doc, Place::Root, &mut String::new(), &mut out);
    out
}

/// The kind [`walk`] gives the object at `pointer`, without walking the
/// document: the grammar stepped along the pointer's tokens. `None` where the
/// walk does not go (no such object, a place of no kind, or a pointer not
/// spelled as the walk spells it: `~2`, an index `01`).
pub(super) fn kind_at(doc: &Value, pointer: &str) -> Option<Kind> {
    let mut place = Place::Root;
    let mut value = doc;
    for token in pointer.strip_prefix('/')?.split('/') {
        let key = crate::diag::unescape_token(token);
        if crate::diag::escape_token(&key) != token {
            return None;
        }
        value = match value {
            Value::Object(map) => map.get(&key)?,
            Value::Array(items) => items.get(key.parse::<usize>().ok().filter(|i| i.to_string() == key)?)?,
            _ => return None,
        };
        place = step(place, &key)?;
    }
    match place {
        Place::Is(kind) => Some(kind),
        _ => None,
    }
}

/// Component pointer (`/components/schemas/TagAllOf0`) → the pointer the
/// object stands at in the document as published (`/components/schemas/Tag/allOf/0`).
pub type Moved = BTreeMap<String, String>;

/// The JSON pointer of a local `$ref` (`#/a/b` → `/a/b`, percent-decoded), or
/// `None` for a reference into another document.
pub(crate) fn local_pointer(reference: &str) -> Option<String> {
    percent_decode(reference.strip_prefix('#')?)
}

/// `text` with `%XX` escapes decoded; `None` when that is not UTF-8.
pub(super) fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(hi), Some(lo)) => {
                out.push((hi * 16 + lo) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

fn tokens(pointer: &str) -> Vec<String> {
    pointer.split('/').skip(1).map(crate::diag::unescape_token).collect()
}

/// Is `pointer` the place the lowering reads objects of `kind` from
/// (`/components/schemas/<name>`)?
fn is_component(pointer: &str, kind: Kind) -> bool {
    matches!(tokens(pointer).as_slice(), [c, s, _] if c == "components" && s == kind.section())
}

/// A component name for an object referenced where it stands: the pointer's
/// tokens without the structural words (`components` and its section,
/// `properties`, `content`, `schema`, `paths`, media types), in camel case:
/// `#/components/schemas/Tag/allOf/0` → `TagAllOf0`,
/// `#/paths/~1items/get/parameters/0` → `ItemsGetParameters0`.
fn name_from_pointer(pointer: &str) -> String {
    const STRUCTURAL: [&str; 4] = ["properties", "content", "schema", "paths"];
    let mut tokens = tokens(pointer);
    if tokens.first().is_some_and(|t| t == "components") {
        tokens.drain(..tokens.len().min(2));
    }
    let words: Vec<String> = tokens
        .into_iter()
        .filter(|t| !STRUCTURAL.contains(&t.as_str()))
        // A media type (`application/json`) says nothing about the object; a path (`/items`) does.
        .filter(|t| t.starts_with('/') || !t.contains('/'))
        .collect();
    let name = crate::naming::camel(&words.join(" "));
    if name.is_empty() { "Referenced".to_owned() } else { name }
}

/// Make every `$ref` in `doc` point into `components` (see the module docs).
/// Returns where each moved object stood.
pub(crate) fn normalize(doc: &mut Value, file: &str, warnings: &mut Vec<Diagnostic>) -> Moved {
    inline_path_item_refs(doc, file, warnings);

    // What each non-component target is referenced as, by the first `$ref` met.
    let mut references: Vec<(Kind, &str)> = Vec::new();
    visit(doc, &mut |_, kind, value| {
        if let Some(reference) = value.get("$ref").and_then(Value::as_str) {
            references.push((kind, reference));
        }
    });
    let mut targets: BTreeMap<String, Kind> = BTreeMap::new();
    for (kind, reference) in references {
        let Some(target) = local_pointer(reference) else { continue };
        // A target the grammar knows as something else (a `$ref` to a schema
        // where a parameter goes) is broken; the lowering reports it.
        let agrees = kind_at(doc, &target).is_none_or(|k| k == kind);
        if kind != Kind::PathItem && agrees && !is_component(&target, kind) && doc.pointer(&target).is_some() {
            targets.entry(target).or_insert(kind);
        }
    }
    if targets.is_empty() {
        return Moved::new();
    }

    // Deepest first: a target inside another target moves before its parent does.
    let mut order: Vec<(String, Kind)> = targets.into_iter().collect();
    // (A pointer has as many tokens as slashes.)
    let depth = |pointer: &str| pointer.matches('/').count();
    order.sort_by(|a, b| depth(&b.0).cmp(&depth(&a.0)).then(a.0.cmp(&b.0)));
    let mut moved = Moved::new();
    let mut new_refs: BTreeMap<String, String> = BTreeMap::new();
    for (target, kind) in order {
        let section = kind.section();
        let taken = doc.get("components").and_then(|c| c.get(section)).and_then(Value::as_object);
        let base = name_from_pointer(&target);
        let name = std::iter::once(base.clone())
            .chain((2..).map(|i| format!("{base}{i}")))
            .find(|n| !taken.is_some_and(|t| t.contains_key(n)))
            .unwrap_or(base);
        let component = child(&format!("/components/{section}"), &name);
        let reference = format!("#{component}");
        let Some(slot) = doc.pointer_mut(&target) else { continue };
        let value = std::mem::replace(
            slot,
            Value::Object(Map::from_iter([("$ref".to_owned(), Value::String(reference.clone()))])),
        );
        let components = doc
            .as_object_mut()
            .and_then(|d| d.entry("components").or_insert_with(|| Value::Object(Map::new())).as_object_mut());
        if let Some(sect) =
            components.and_then(|c| c.entry(section).or_insert_with(|| Value::Object(Map::new())).as_object_mut())
        {
            sect.insert(name, value);
        }
        moved.insert(component, target.clone());
        new_refs.insert(target, reference);
    }
    rewrite_refs(doc, &new_refs);
    moved
}

/// Point every `$ref` and discriminator mapping whose target moved at its new place.
fn rewrite_refs(value: &mut Value, new_refs: &BTreeMap<String, String>) {
    rewrite_refs_in(value, new_refs, false);
}

/// [`rewrite_refs`] below a map whose keys are names (`names`) or keywords.
fn rewrite_refs_in(value: &mut Value, new_refs: &BTreeMap<String, String>, names: bool) {
    let renamed = |reference: &str| local_pointer(reference).and_then(|p| new_refs.get(&p)).cloned();
    match value {
        Value::Object(map) => {
            if !names {
                if let Some(Value::String(reference)) = map.get_mut("$ref")
                    && let Some(new) = renamed(reference)
                {
                    *reference = new;
                }
                if let Some(Value::Object(mapping)) = map.get_mut("discriminator").and_then(|d| d.get_mut("mapping")) {
                    for target in mapping.values_mut() {
                        if let Value::String(reference) = target
                            && let Some(new) = renamed(reference)
                        {
                            *reference = new;
                        }
                    }
                }
            }
            // Example, default and extension values are data: a `$ref` there is text.
            for (key, child_value) in map.iter_mut() {
                if !super::is_data(key, child_value, names) {
                    rewrite_refs_in(child_value, new_refs, super::holds_names(key, names));
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                rewrite_refs_in(item, new_refs, false);
            }
        }
        _ => {}
    }
}

/// Replace each path item given by a local `$ref` with a copy of what it
/// refers to (its own keys win); a `$ref` to nothing is left for the lowering
/// to report.
fn inline_path_item_refs(doc: &mut Value, file: &str, warnings: &mut Vec<Diagnostic>) {
    // Only an item with a `$ref` key changes (a copy of every other would be thrown away).
    let mut items: Vec<String> = Vec::new();
    visit(doc, &mut |pointer, kind, value| {
        if kind == Kind::PathItem && !pointer.starts_with("/components/") && value.get("$ref").is_some() {
            items.push(pointer.to_owned());
        }
    });
    for pointer in items {
        let mut seen = BTreeSet::new();
        let mut resolved: Option<Value> = None;
        let mut current = doc.pointer(&pointer).cloned();
        while let Some(Value::Object(map)) = current {
            let Some(target) = map.get("$ref").and_then(Value::as_str).and_then(local_pointer) else {
                resolved = Some(Value::Object(map));
                break;
            };
            if !seen.insert(target.clone()) {
                warnings.push(Diagnostic::warning(
                    file,
                    &pointer,
                    "path item `$ref`s form a cycle; its operations are skipped",
                ));
                break;
            }
            current = doc.pointer(&target).cloned();
        }
        let (Some(Value::Object(found)), Some(Value::Object(slot))) = (resolved, doc.pointer_mut(&pointer)) else {
            continue;
        };
        if slot.contains_key("$ref") {
            slot.remove("$ref");
            for (key, value) in found {
                slot.entry(key).or_insert(value);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_grammar_names_what_stands_where() {
        let doc = serde_json::json!({
            "paths": {"/a": {"parameters": [{"name": "p"}], "get": {"responses": {"200": {"content": {"application/json": {"schema": {"allOf": [{}]}}}}}}}},
            "components": {"schemas": {"S": {"properties": {"x": {"items": {}}}}}}
        });
        let found: Vec<(String, Kind)> = walk(&doc);
        let expected = [
            ("/components/schemas/S", Kind::Schema),
            ("/components/schemas/S/properties/x", Kind::Schema),
            ("/components/schemas/S/properties/x/items", Kind::Schema),
            ("/paths/~1a", Kind::PathItem),
            ("/paths/~1a/get/responses/200", Kind::Response),
            ("/paths/~1a/get/responses/200/content/application~1json/schema", Kind::Schema),
            ("/paths/~1a/get/responses/200/content/application~1json/schema/allOf/0", Kind::Schema),
            ("/paths/~1a/parameters/0", Kind::Parameter),
        ];
        let mut sorted = found.clone();
        sorted.sort();
        assert_eq!(sorted, expected.map(|(p, k)| (p.to_owned(), k)));
    }

    #[test]
    fn referenced_objects_move_into_components_under_the_name_of_their_place() {
        let mut doc = serde_json::json!({
            "paths": {"/items": {"get": {"parameters": [{"$ref": "#/paths/~1other/get/parameters/0"}]}},
                      "/other": {"get": {"parameters": [{"name": "q", "in": "query"}]}}},
            "components": {"schemas": {
                "Tag": {"allOf": [{"type": "object"}, {"properties": {"v": {"oneOf": [{"type": "string"}]}}}]},
                "Use": {"properties": {"a": {"$ref": "#/components/schemas/Tag/allOf/0"},
                                       "b": {"$ref": "#/components/schemas/Tag/allOf/1/properties/v/oneOf/0"},
                                       "c": {"$ref": "#/components/schemas/Tag/allOf/1/properties/v"}}}}}
        });
        let moved = normalize(&mut doc, "s.json", &mut Vec::new());
        let pairs: Vec<(&str, &str)> = moved.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        assert_eq!(
            pairs,
            [
                ("/components/parameters/OtherGetParameters0", "/paths/~1other/get/parameters/0"),
                ("/components/schemas/TagAllOf0", "/components/schemas/Tag/allOf/0"),
                ("/components/schemas/TagAllOf1V", "/components/schemas/Tag/allOf/1/properties/v"),
                ("/components/schemas/TagAllOf1VOneOf0", "/components/schemas/Tag/allOf/1/properties/v/oneOf/0"),
            ]
        );
        assert_eq!(
            doc.pointer("/components/schemas/Use/properties/b/$ref").unwrap(),
            "#/components/schemas/TagAllOf1VOneOf0"
        );
        assert_eq!(
            doc.pointer("/components/schemas/TagAllOf1V/oneOf/0/$ref").unwrap(),
            "#/components/schemas/TagAllOf1VOneOf0"
        );
        assert_eq!(
            doc.pointer("/components/schemas/Tag/allOf/1/properties/v/$ref").unwrap(),
            "#/components/schemas/TagAllOf1V"
        );
        assert_eq!(
            doc.pointer("/paths/~1items/get/parameters/0/$ref").unwrap(),
            "#/components/parameters/OtherGetParameters0"
        );
        assert_eq!(doc.pointer("/components/parameters/OtherGetParameters0/name").unwrap(), "q");
    }

    #[test]
    fn path_items_by_ref_are_copied_in_place() {
        let mut doc = serde_json::json!({
            "paths": {"/a": {"$ref": "#/components/pathItems/A", "summary": "mine"}},
            "components": {"pathItems": {"A": {"summary": "theirs", "get": {"responses": {}}}}}
        });
        normalize(&mut doc, "s.json", &mut Vec::new());
        assert_eq!(doc["paths"]["/a"], serde_json::json!({"summary": "mine", "get": {"responses": {}}}));
    }
}
