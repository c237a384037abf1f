//! Load: spec text (JSON or YAML) → `openapiv3::OpenAPI`.

use crate::diag::Diagnostic;
use serde::Deserialize;

/// Parse a document. Syntax errors carry line and column; structural errors
/// (valid JSON/YAML that is not an OpenAPI 3.0 document) carry the JSON pointer
/// of the offending value.
pub fn load(file: &str, text: &str) -> Result<openapiv3::OpenAPI, Diagnostic> {
    let value = parse_value(file, text)?;
    if let Some(version) = value.get("openapi").and_then(|v| v.as_str()) {
        if !version.starts_with("3.0") {
            return Err(Diagnostic::error(
                file,
                "/openapi",
                format!("OpenAPI version {version} is not supported; expected 3.0.x"),
            ));
        }
    } else {
        return Err(Diagnostic::error(file, "", "not an OpenAPI 3.0 document: no `openapi` version field"));
    }
    deserialize_doc(file, value)
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
                        if matches!(method.as_str(), "get" | "put" | "post" | "delete" | "patch" | "head" | "options" | "trace")
                            && fails::<openapiv3::Operation>(op)
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
    fn structural_error_names_the_operation() {
        let text = r#"{"openapi":"3.0.1","info":{"title":"t","version":"1"},
            "paths":{"/a":{"get":{"responses":{"200":{"description":"ok"}}, "parameters": 5}}}}"#;
        let err = load("s.json", text).unwrap_err();
        assert_eq!(err.pointer, "/paths/~1a/get", "{err}");
    }

    #[test]
    fn rejects_other_versions() {
        let err = load("s.yaml", "swagger: '2.0'\n").unwrap_err();
        assert!(err.message.contains("no `openapi`"), "{err}");
        let err = load("s.yaml", "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n").unwrap_err();
        assert_eq!(err.pointer, "/openapi");
    }
}
