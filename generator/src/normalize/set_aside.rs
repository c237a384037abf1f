//! Setting aside what does not read: a schema, shared component or operation
//! that is not valid OpenAPI 3.0 on its own is replaced or left out with a
//! warning, so the rest of the document still generates.

use serde::Deserialize;

use crate::diag::Diagnostic;

/// Set aside what does not read; returns how many operations were left out.
/// A document that reads as a whole has nothing to set aside: each part
/// [`quarantine`] checks is read there with the same type (its path items
/// only under keys starting with `/`; an entry of `paths` under another key
/// is checked by quarantine alone). Reading it first saves checking every part.
pub(super) fn set_aside(doc: &mut serde_json::Value, file: &str, warnings: &mut Vec<Diagnostic>) -> usize {
    let only_paths =
        doc.get("paths").and_then(serde_json::Value::as_object).is_none_or(|p| p.keys().all(|k| k.starts_with('/')));
    if only_paths && openapiv3::OpenAPI::deserialize(&*doc).is_ok() {
        return 0;
    }
    quarantine(doc, file, warnings)
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
            // An extension of the paths object (`x-…`), not a path item.
            if path.starts_with("x-") {
                continue;
            }
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
