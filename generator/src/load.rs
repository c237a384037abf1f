//! Load: spec text (JSON or YAML) → `openapiv3::OpenAPI`, through the
//! passes of [`crate::normalize`].

use crate::diag::Diagnostic;
use serde::Deserialize;

/// Parse a spec and run the normalize passes ([`crate::normalize::normalize`]:
/// overlays, the 3.1 downgrade, references, setting aside what does not
/// read), then read the document. Syntax errors carry line and column;
/// structural errors (valid JSON/YAML that is not an OpenAPI 3.0 document)
/// carry the JSON pointer of the offending value.
pub fn load_spec(spec: &crate::SpecInput) -> Result<Loaded, crate::Diagnostics> {
    let normalized = crate::normalize::normalize(spec)?;
    let doc = deserialize_doc(&spec.display_path, normalized.value)?;
    Ok(Loaded {
        doc,
        warnings: normalized.warnings,
        skipped_operations: normalized.skipped_operations,
        overlays: normalized.overlays,
        moved: normalized.moved,
        origins: normalized.origins,
    })
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
    /// ([`crate::normalize::refs`]): component pointer → original pointer.
    pub moved: crate::normalize::refs::Moved,
    /// Objects placed from other files: where they came from.
    pub origins: crate::normalize::external::Origins,
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
        load_spec(&crate::SpecInput::new(file, text)).map_err(|mut d| d.0.remove(0))
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
        assert!(err.message.contains("Swagger 2.0 is not supported"), "{err}");
        let err = load("s.yaml", "info: {title: t}\n").unwrap_err();
        assert!(err.message.contains("no `openapi`"), "{err}");
        let err = load("s.yaml", "openapi: 4.0.0\ninfo: {title: t, version: '1'}\npaths: {}\n").unwrap_err();
        assert_eq!(err.pointer, "/openapi");
        assert!(load("s.yaml", "openapi: 3.1.0\ninfo: {title: t, version: '1'}\n").is_ok());
    }
}
