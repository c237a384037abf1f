//! Load: spec text (JSON or YAML) → `openapiv3::OpenAPI`.

use crate::diag::Diagnostic;
use serde::Deserialize;

/// Parse a spec, apply its overlays in order (on the JSON value, before
/// anything else reads it; see [`crate::overlay`]), then read the document:
/// an OpenAPI 3.1 document is first rewritten into the 3.0 shape
/// ([`crate::oas31`]), and objects that `$ref`s point at inside other objects
/// are moved into `components` ([`crate::refs`]).
/// Syntax errors carry line and column; structural errors (valid JSON/YAML
/// that is not an OpenAPI 3.0 document) carry the JSON pointer of the
/// offending value.
///
/// A schema, shared component or operation that is not valid OpenAPI 3.0 on
/// its own is set aside with a warning (a schema becomes an untyped value, an
/// operation is skipped) so the rest of the document still generates; `type`
/// lists from OpenAPI 3.1 (`[string, "null"]`) are read as 3.0's `nullable`.
pub fn load_spec(spec: &crate::SpecInput) -> Result<Loaded, crate::Diagnostics> {
    let mut value = parse_value(&spec.display_path, &spec.text)?;
    let overlays = crate::overlay::apply_all(&mut value, &spec.display_path, &spec.overlays)?;
    let mut loaded = load_value(&spec.display_path, value)?;
    loaded.overlays = overlays;
    Ok(loaded)
}

fn load_value(file: &str, mut value: serde_json::Value) -> Result<Loaded, Diagnostic> {
    let version = match value.get("openapi").and_then(|v| v.as_str()) {
        Some(version) => version.to_owned(),
        None => {
            return Err(Diagnostic::error(file, "", "not an OpenAPI 3.0 or 3.1 document: no `openapi` version field"));
        }
    };
    let is_31 = crate::oas31::is_31(&version);
    if !version.starts_with("3.0") && !is_31 {
        return Err(Diagnostic::error(
            file,
            "/openapi",
            format!("OpenAPI version {version} is not supported; expected 3.0.x or 3.1.x"),
        ));
    }
    let mut warnings = Vec::new();
    if is_31 {
        crate::oas31::downgrade(&mut value, file, &mut warnings);
    }
    let moved = crate::refs::normalize(&mut value, file, &mut warnings);
    crate::oas31::drop_31_sections(&mut value, file, &mut warnings);
    normalize_type_lists(&mut value, &mut String::new(), file, &mut warnings);
    drop_callbacks(&mut value, file, &mut warnings);
    // A document that reads as a whole has nothing to set aside: each part
    // quarantine checks is read there with the same type (its path items only
    // under keys starting with `/`; an entry of `paths` under another key is
    // checked by quarantine alone). Reading it first saves checking every part.
    let only_paths =
        value.get("paths").and_then(serde_json::Value::as_object).is_none_or(|p| p.keys().all(|k| k.starts_with('/')));
    if only_paths && let Ok(doc) = openapiv3::OpenAPI::deserialize(&value) {
        return Ok(Loaded { doc, warnings, skipped_operations: 0, overlays: Vec::new(), moved });
    }
    let skipped_operations = quarantine(&mut value, file, &mut warnings);
    let doc = deserialize_doc(file, value)?;
    Ok(Loaded { doc, warnings, skipped_operations, overlays: Vec::new(), moved })
}

/// A loaded document and what loading set aside.
#[derive(Debug)]
pub struct Loaded {
    pub doc: openapiv3::OpenAPI,
    pub warnings: Vec<Diagnostic>,
    /// Operations left out because they are not valid OpenAPI on their own.
    pub skipped_operations: usize,
    /// What the spec's overlays did.
    pub overlays: Vec<crate::overlay::Report>,
    /// Objects a `$ref` pointed at where they stood, moved into `components`
    /// ([`crate::refs`]): component pointer → original pointer.
    pub moved: crate::refs::Moved,
}

/// `type: [T, "null"]` → `type: T, nullable: true`; several non-null types → no `type`.
/// `pointer` is where `value` stands; it is extended and restored on the way
/// down, so the walk allocates nothing for the (many) objects without a list.
fn normalize_type_lists(
    value: &mut serde_json::Value,
    pointer: &mut String,
    file: &str,
    warnings: &mut Vec<Diagnostic>,
) {
    use serde_json::Value;
    let len = pointer.len();
    match value {
        Value::Object(map) => {
            if let Some(Value::Array(types)) = map.get("type") {
                let names: Vec<&str> = types.iter().filter_map(Value::as_str).collect();
                let nullable = names.contains(&"null");
                let rest: Vec<String> = names.iter().filter(|t| **t != "null").map(|t| (*t).to_owned()).collect();
                match rest.as_slice() {
                    [one] => {
                        map.insert("type".into(), Value::String(one.clone()));
                    }
                    _ => {
                        map.remove("type");
                    }
                }
                if nullable {
                    map.insert("nullable".into(), Value::Bool(true));
                }
                warnings.push(Diagnostic::warning(
                    file,
                    format!("{pointer}/type"),
                    "`type` is a list (OpenAPI 3.1); read as one type with `nullable`, or any type",
                ));
            }
            for (key, child) in map.iter_mut() {
                if matches!(child, Value::Object(_) | Value::Array(_)) {
                    crate::diag::push_token(pointer, key);
                    normalize_type_lists(child, pointer, file, warnings);
                    pointer.truncate(len);
                }
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter_mut().enumerate() {
                if matches!(child, Value::Object(_) | Value::Array(_)) {
                    use std::fmt::Write as _;
                    let _ = write!(pointer, "/{i}");
                    normalize_type_lists(child, pointer, file, warnings);
                    pointer.truncate(len);
                }
            }
        }
        _ => {}
    }
}

/// Operation `callbacks` (requests the API sends, like 3.1's webhooks) are not
/// generated: they are removed, with a warning per operation, before the
/// operation is read, so one that `openapiv3` cannot read (a callback given
/// by `$ref`, which it does not accept there) does not cost the operation.
fn drop_callbacks(doc: &mut serde_json::Value, file: &str, warnings: &mut Vec<Diagnostic>) {
    use crate::diag::child;
    for (path, method, op) in operations_mut(doc.get_mut("paths")) {
        let Some(callbacks) = op.remove("callbacks") else { continue };
        let count = callbacks.as_object().map_or(0, serde_json::Map::len);
        if count > 0 {
            warnings.push(Diagnostic::warning(
                file,
                child(&child(&child("/paths", path), method), "callbacks"),
                format!(
                    "`{count}` callbacks (requests the API sends, not operations a client calls) are not generated"
                ),
            ));
        }
    }
}

/// The operation objects of a map of path items (`paths`, 3.1's
/// `components/pathItems`), each with its path and method.
pub(crate) fn operations_mut(
    items: Option<&mut serde_json::Value>,
) -> impl Iterator<Item = (&String, &String, &mut serde_json::Map<String, serde_json::Value>)> {
    items.and_then(serde_json::Value::as_object_mut).into_iter().flat_map(|items| items.iter_mut()).flat_map(
        |(path, item)| {
            item.as_object_mut()
                .into_iter()
                .flat_map(|item| item.iter_mut())
                .filter(|(method, _)| crate::ir::Method::parse(method).is_some())
                .filter_map(move |(method, op)| op.as_object_mut().map(|op| (path, method, op)))
        },
    )
}

/// Set aside the parts that do not deserialize on their own, with a warning
/// each; returns how many operations were left out.
fn quarantine(doc: &mut serde_json::Value, file: &str, warnings: &mut Vec<Diagnostic>) -> usize {
    use crate::diag::child;
    use openapiv3::{Parameter, PathItem, ReferenceOr, RequestBody, Response, Schema};
    use serde_json::Value;

    fn fails<T: serde::de::DeserializeOwned>(v: &Value) -> Option<String> {
        T::deserialize(v).err().map(|e| e.to_string())
    }
    let mut warn = |pointer: String, message: String| warnings.push(Diagnostic::warning(file, pointer, message));
    let mut skipped = 0;

    if let Some(Value::Object(schemas)) = doc.pointer_mut("/components/schemas") {
        for (name, schema) in schemas.iter_mut() {
            if let Some(e) = fails::<ReferenceOr<Schema>>(schema) {
                warn(
                    child("/components/schemas", name),
                    format!("not a valid schema ({e}); generated as an untyped JSON value"),
                );
                // Marked, so the lowering counts it among the untyped fallbacks.
                *schema = serde_json::json!({ crate::lower::FALLBACK_MARK: true });
            }
        }
    }
    type Check = fn(&Value) -> Option<String>;
    let sections: [(&str, Check); 3] = [
        ("parameters", fails::<ReferenceOr<Parameter>>),
        ("requestBodies", fails::<ReferenceOr<RequestBody>>),
        ("responses", fails::<ReferenceOr<Response>>),
    ];
    for (section, check) in sections {
        let base = format!("/components/{section}");
        if let Some(Value::Object(items)) = doc.pointer_mut(&base) {
            items.retain(|name, item| match check(item) {
                Some(e) => {
                    warn(
                        child(&base, name),
                        format!("not valid ({e}); left out, so operations that use it are skipped"),
                    );
                    false
                }
                None => true,
            });
        }
    }
    if let Some(Value::Object(paths)) = doc.get_mut("paths") {
        for (path, item) in paths.iter_mut() {
            let base = child("/paths", path);
            if let Value::Object(ops) = item {
                ops.retain(|method, op| {
                    let is_operation = matches!(
                        method.as_str(),
                        "get" | "put" | "post" | "delete" | "patch" | "head" | "options" | "trace"
                    );
                    match is_operation.then(|| fails::<openapiv3::Operation>(op)).flatten() {
                        Some(e) => {
                            warn(child(&base, method), format!("operation skipped: not a valid operation ({e})"));
                            skipped += 1;
                            false
                        }
                        None => true,
                    }
                });
            }
            if let Some(e) = fails::<ReferenceOr<PathItem>>(item) {
                warn(base.clone(), format!("path skipped: not a valid path item ({e})"));
                skipped += item
                    .as_object()
                    .map_or(0, |ops| ops.keys().filter(|k| !k.starts_with("x-") && *k != "parameters").count());
                *item = Value::Object(Default::default());
            }
        }
    }
    skipped
}

/// Parse JSON or YAML into a JSON value. A document whose first non-blank
/// character is `{` is JSON; anything else is YAML (a superset of JSON).
pub fn parse_value(file: &str, text: &str) -> Result<serde_json::Value, Diagnostic> {
    let looks_like_json = text.trim_start().starts_with('{');
    if looks_like_json {
        serde_json::from_str(text).map_err(|e| {
            let message = format!("invalid JSON: {}", strip_position(&e.to_string()));
            Diagnostic::error(file, "", message).at(e.line() as u64, e.column() as u64)
        })
    } else {
        let mut options = serde_saphyr::Options::default();
        options.strict_booleans = true;
        serde_saphyr::from_str_with_options(text, options).map_err(|e| {
            let mut diag = Diagnostic::error(file, "", format!("invalid YAML: {e}"));
            if let Some(location) = e.location() {
                diag = diag.at(location.line(), location.column());
            }
            diag
        })
    }
}

/// serde_json appends " at line X column Y"; the diagnostic carries those itself.
fn strip_position(message: &str) -> &str {
    message.split(" at line ").next().unwrap_or(message)
}

/// Deserialize, and on failure find the sub-value that fails on its own so the
/// error names where in the document the problem is.
fn deserialize_doc(file: &str, value: serde_json::Value) -> Result<openapiv3::OpenAPI, Diagnostic> {
    openapiv3::OpenAPI::deserialize(&value).map_err(|e| {
        let pointer = locate_structural_error(&value);
        Diagnostic::error(file, pointer, format!("not a valid OpenAPI 3.0 document: {e}"))
    })
}

/// Narrow a structural error to the path item, operation or component that fails
/// on its own. Each candidate is deserialized independently with the matching
/// openapiv3 type.
fn locate_structural_error(doc: &serde_json::Value) -> String {
    use crate::diag::child;
    use serde_json::Value;

    fn fails<'a, T: Deserialize<'a>>(v: &'a Value) -> bool {
        T::deserialize(v).is_err()
    }

    if let Some(paths) = doc.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            if fails::<openapiv3::ReferenceOr<openapiv3::PathItem>>(item) {
                let base = child("/paths", path);
                if let Some(ops) = item.as_object() {
                    for (method, op) in ops {
                        if matches!(
                            method.as_str(),
                            "get" | "put" | "post" | "delete" | "patch" | "head" | "options" | "trace"
                        ) && fails::<openapiv3::Operation>(op)
                        {
                            return child(&base, method);
                        }
                    }
                }
                return base;
            }
        }
    }
    if let Some(schemas) = doc.pointer("/components/schemas").and_then(Value::as_object) {
        for (name, schema) in schemas {
            if fails::<openapiv3::ReferenceOr<openapiv3::Schema>>(schema) {
                return child("/components/schemas", name);
            }
        }
    }
    String::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(file: &str, text: &str) -> Result<Loaded, Diagnostic> {
        load_value(file, parse_value(file, text)?)
    }

    #[test]
    fn yaml_syntax_error_has_line_and_column() {
        let err = load("bad.yaml", "openapi: 3.0.3\ninfo:\n  title: [unclosed\n").unwrap_err();
        assert_eq!(err.file, "bad.yaml");
        assert!(err.line_col.is_some(), "{err}");
        assert!(err.to_string().contains("bad.yaml:"), "{err}");
    }

    #[test]
    fn json_syntax_error_has_line_and_column() {
        let err = load("bad.json", "{\n  \"openapi\": \"3.0.1\",\n  \"info\": }\n").unwrap_err();
        assert_eq!(err.line_col, Some((3, 11)), "{err}");
    }

    #[test]
    fn an_invalid_operation_is_set_aside_with_its_pointer() {
        let text = r#"{"openapi":"3.0.1","info":{"title":"t","version":"1"},
            "paths":{"/a":{"get":{"responses":{"200":{"description":"ok"}}, "parameters": 5},
                           "post":{"responses":{"204":{"description":"ok"}}}}}}"#;
        let Loaded { doc, warnings, skipped_operations, .. } = load("s.json", text).unwrap();
        assert_eq!(warnings[0].pointer, "/paths/~1a/get", "{}", warnings[0]);
        assert_eq!(skipped_operations, 1);
        let item = doc.paths.paths["/a"].as_item().unwrap();
        assert!(item.get.is_none() && item.post.is_some());
    }

    #[test]
    fn type_lists_and_invalid_schemas_do_not_stop_the_document() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {type: [string, 'null']}\n    B: {type: object, properties: 5}\n";
        let Loaded { doc, warnings, .. } = load("s.yaml", text).unwrap();
        let pointers: Vec<&str> = warnings.iter().map(|w| w.pointer.as_str()).collect();
        assert_eq!(pointers, ["/components/schemas/A/type", "/components/schemas/B"]);
        let a = doc.components.unwrap().schemas["A"].as_item().cloned().unwrap();
        assert!(a.schema_data.nullable);
    }

    #[test]
    fn structural_error_names_the_pointer() {
        let err = load("s.json", r#"{"openapi":"3.0.1","info":{"title":"t","version":"1"},"paths":5}"#).unwrap_err();
        assert!(err.message.contains("not a valid OpenAPI 3.0 document"), "{err}");
    }

    #[test]
    fn overlays_apply_before_the_document_is_read() {
        let spec = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  responses:\n    Error:\n      description: e\n      content:\n        '*/*': {schema: {type: object}}\n";
        let fix = "overlay: 1.0.0\ninfo: {title: json errors, version: 1.0.0}\nactions:\n  - target: $.components.responses.Error.content\n    update: {application/json: {schema: {type: object}}}\n  - target: \"$.components.responses.Error.content['*/*']\"\n    remove: true\n";
        // An overlay may also repair what would not load at all.
        let version =
            "overlay: 1.0.0\ninfo: {title: v, version: 1.0.0}\nactions:\n  - target: $\n    update: {openapi: 3.0.3}\n";
        let input = crate::SpecInput::new("s.yaml", spec.replace("3.0.3", "2.0"))
            .with_overlay("v.yaml", version)
            .with_overlay("fix.yaml", fix);
        let loaded = load_spec(&input).unwrap();
        let error = loaded.doc.components.unwrap().responses["Error"].as_item().cloned().unwrap();
        assert_eq!(error.content.keys().collect::<Vec<_>>(), ["application/json"]);
        let overlays: Vec<(&str, usize)> =
            loaded.overlays.iter().map(|r| (r.overlay.as_str(), r.actions.len())).collect();
        assert_eq!(overlays, [("v.yaml", 1), ("fix.yaml", 2)]);

        // Applied twice, the removal has nothing left to remove: a stale correction fails.
        let twice = crate::SpecInput::new("s.yaml", spec).with_overlay("fix.yaml", fix).with_overlay("again.yaml", fix);
        let err = load_spec(&twice).unwrap_err();
        assert_eq!(
            (err.0.len(), err.0[0].file.as_str(), err.0[0].pointer.as_str()),
            (1, "again.yaml", "/actions/1"),
            "{err}"
        );
    }

    #[test]
    fn rejects_other_versions() {
        let err = load("s.yaml", "swagger: '2.0'\n").unwrap_err();
        assert!(err.message.contains("no `openapi`"), "{err}");
        let err = load("s.yaml", "openapi: 4.0.0\ninfo: {title: t, version: '1'}\npaths: {}\n").unwrap_err();
        assert_eq!(err.pointer, "/openapi");
        assert!(load("s.yaml", "openapi: 3.1.0\ninfo: {title: t, version: '1'}\n").is_ok());
    }
}
