//! Normalize: every JSON-to-JSON pass between parsing a document and
//! reading it as OpenAPI 3.0, in one ordered list ([`normalize`]).
//!
//! Each pass takes the document as a JSON value and leaves it closer to what
//! `openapiv3` reads and the lowering expects, with a warning (file and JSON
//! pointer) for anything it changes that the author would want to know
//! about. Passes that look for schemas follow the document's grammar
//! ([`refs::walk`]): none walks into example, default or extension values,
//! which are data.

pub mod overlay;

mod callbacks;
pub(crate) mod external;
mod lenient;
pub(crate) mod oas31;
mod parse;
pub(crate) mod refs;
mod set_aside;

pub use parse::parse_value;

use crate::diag::Diagnostic;

/// A document after the passes, ready to be read.
#[derive(Debug)]
pub struct Normalized {
    pub value: serde_json::Value,
    pub warnings: Vec<Diagnostic>,
    /// Operations left out because they are not valid OpenAPI on their own.
    pub skipped_operations: usize,
    /// What the spec's overlays did.
    pub overlays: Vec<overlay::Report>,
    /// Objects a `$ref` pointed at where they stood, moved into `components`
    /// ([`refs`]): component pointer → original pointer.
    pub moved: refs::Moved,
    /// Objects placed from other files ([`external`]): where they came from.
    pub origins: external::Origins,
}

/// Diagnostics about the merged document, each naming the file and pointer
/// of what it is about as published: inside an object placed from another
/// file, that file.
pub(crate) fn relocate(diags: Vec<Diagnostic>, root: &str, origins: &external::Origins) -> Vec<Diagnostic> {
    if origins.is_empty() {
        return diags;
    }
    diags
        .into_iter()
        .map(|mut d| {
            if d.file == root
                && let Some((file, pointer)) = external::origin_of(origins, &d.pointer)
            {
                (d.file, d.pointer) = (file, pointer);
            }
            d
        })
        .collect()
}

/// The passes, in order:
///
/// 1. **overlays**: the spec's corrections, applied to the JSON as published;
/// 2. **version**: a 3.0 or 3.1 document, else an error;
/// 3. **descriptive values**: an invalid description, summary, title, tag,
///    external docs or example dropped with a warning ([`lenient`]);
/// 4. **external references**: the files `$ref`s name, read through the
///    caller's loader and merged in ([`external`]);
/// 5. **reference shapes** outside 3.0: a `content` map by `$ref`, a schema
///    `$ref` naming a response ([`lenient`]);
/// 6. **3.1 downgrade**: a 3.1 document rewritten into the 3.0 shape ([`oas31`]);
/// 7. **references**: objects `$ref`s point at inside others moved into
///    `components`, path items by `$ref` copied in place ([`refs`]);
/// 8. **3.1 sections** used by references dropped (`webhooks`, `components/pathItems`);
/// 9. **type lists** in a 3.0 document read by the rule 3.1's follow;
/// 10. **callbacks** removed (they are not generated);
/// 11. **setting aside** what does not read on its own ([`set_aside`]).
pub fn normalize(spec: &crate::SpecInput) -> Result<Normalized, crate::Diagnostics> {
    let file = spec.display_path.as_str();
    let mut value = parse_value(file, &spec.text)?;
    let overlays = overlay::apply_all(&mut value, file, &spec.overlays)?;
    let is_31 = version(file, &value)?;
    let mut warnings = Vec::new();
    lenient::descriptive(&mut value, file, &mut warnings);
    let origins = external::bundle(&mut value, file, spec.loader.as_ref().map(|l| &*l.0))?;
    if !origins.is_empty() {
        // What the other files brought in, read as leniently as the document.
        lenient::descriptive(&mut value, file, &mut warnings);
    }
    lenient::references(&mut value, file, &mut warnings);
    if is_31 {
        oas31::downgrade(&mut value, file, &mut warnings);
    }
    let moved = refs::normalize(&mut value, file, &mut warnings);
    oas31::drop_31_sections(&mut value, file, &mut warnings);
    if !is_31 {
        oas31::type_lists_30(&mut value, file, &mut warnings);
    }
    callbacks::drop_callbacks(&mut value, file, &mut warnings);
    let skipped_operations = set_aside::set_aside(&mut value, file, &mut warnings);
    let mut warnings = relocate(warnings, file, &origins);
    warnings.sort_by_key(|w| w.file != file);
    Ok(Normalized { value, warnings, skipped_operations, overlays, moved, origins })
}

/// Is the value under `key` data (example, default and enum values,
/// constants, an example object's `value`, a schema's `examples` list,
/// extensions), which no pass enters? Not in a map whose keys are names
/// (`names`: under `properties`, `paths`, a `components` section, …), where
/// `default` or `value` is a property like any other.
pub(super) fn is_data(key: &str, value: &serde_json::Value, names: bool) -> bool {
    !names
        && (matches!(key, "example" | "default" | "enum" | "const" | "value")
            || key.starts_with("x-")
            || (key == "examples" && value.is_array()))
}

/// Are the keys of the map under `key` names (of properties, paths,
/// components, media types, examples), not keywords?
pub(super) fn holds_names(key: &str, parent_names: bool) -> bool {
    !parent_names
        && matches!(
            key,
            "properties"
                | "patternProperties"
                | "$defs"
                | "definitions"
                | "dependentSchemas"
                | "paths"
                | "webhooks"
                | "schemas"
                | "parameters"
                | "responses"
                | "requestBodies"
                | "headers"
                | "examples"
                | "links"
                | "callbacks"
                | "securitySchemes"
                | "pathItems"
                | "content"
                | "encoding"
                | "variables"
                | "mapping"
        )
}

/// Whether the document is OpenAPI 3.1 (`false`: 3.0); an error for any other version.
fn version(file: &str, value: &serde_json::Value) -> Result<bool, Diagnostic> {
    let Some(version) = value.get("openapi").and_then(|v| v.as_str()) else {
        let message = match value.get("swagger") {
            Some(_) => "Swagger 2.0 is not supported; convert the document to OpenAPI 3 first",
            None => "not an OpenAPI 3.0 or 3.1 document: no `openapi` version field",
        };
        return Err(Diagnostic::error(file, "", message));
    };
    let is_31 = oas31::is_31(version);
    if !version.starts_with("3.0") && !is_31 {
        return Err(Diagnostic::error(
            file,
            "/openapi",
            format!("OpenAPI version {version} is not supported; expected 3.0.x or 3.1.x"),
        ));
    }
    Ok(is_31)
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
