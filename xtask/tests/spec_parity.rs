//! Structural parity between our `specs/contacts.yaml` and HubSpot's published
//! Contacts v3 OpenAPI document.
//!
//! Both documents are normalized so that only the shape of the API remains
//! (prose, examples and `x-*` extensions dropped, `required` lists sorted,
//! parameters keyed by location and name, shared responses resolved). The
//! deliberate deviations from [`deviations`] are checked to be present and then
//! reconciled, and a recursive walker reports every remaining difference as a
//! JSON pointer into the normalized documents.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value, json};

/// Our document, relative to the workspace root.
const OUR_SPEC: &str = "specs/contacts.yaml";
/// HubSpot's published document, relative to the workspace root.
const HUBSPOT_SPEC: &str = "../shared/hubspot-specs/CRM/Contacts/Rollouts/424/v3/contacts.json";
/// Operations in the Contacts v3 API; guards against comparing two empty documents.
const EXPECTED_OPERATIONS: usize = 13;

/// Path item keys that hold operations.
const HTTP_METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];
/// Keys that only carry prose or sample data.
const ANNOTATION_KEYS: &[&str] = &["description", "summary", "title", "example", "examples"];
/// Keys whose value maps user-chosen names (never keywords) to OpenAPI objects.
const NAME_MAP_KEYS: &[&str] = &[
    "paths",
    "schemas",
    "responses",
    "parameters",
    "requestBodies",
    "securitySchemes",
    "properties",
    "content",
    "headers",
    "links",
    "callbacks",
    "encoding",
];
/// Keys whose value is literal data and is compared verbatim.
const LITERAL_KEYS: &[&str] = &["default", "enum"];

/// An intentional difference between the two documents.
struct Deviation {
    /// JSON pointer into both normalized documents.
    pointer: &'static str,
    /// Normalized value our document must have at `pointer`.
    ours: Value,
    /// Normalized value HubSpot's document must have at `pointer`.
    theirs: Value,
}

/// The allow-list: every deviation documented at the top of `specs/contacts.yaml`.
fn deviations() -> Vec<Deviation> {
    let string_list_map = json!({
        "type": "object",
        "additionalProperties": { "type": "array", "items": { "type": "string" } },
    });
    vec![
        // The shared error response is declared as JSON instead of `*/*`.
        Deviation {
            pointer: "/components/responses/Error/content",
            ours: json!({ "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } }),
            theirs: json!({ "*/*": { "schema": { "$ref": "#/components/schemas/Error" } } }),
        },
        // The live API sends this field as a string such as "{missingScopes=[scope1, scope2]}".
        Deviation {
            pointer: "/components/schemas/ErrorDetail/properties/context",
            ours: json!({ "oneOf": [string_list_map.clone(), { "type": "string" }] }),
            theirs: string_list_map,
        },
    ]
}

#[test]
fn contacts_spec_matches_hubspot() {
    let root = workspace_root();
    let ours_path = root.join(OUR_SPEC);
    let theirs_path = root.join(HUBSPOT_SPEC);

    let ours: Value = serde_saphyr::from_str(&read(&ours_path))
        .unwrap_or_else(|e| panic!("{} is not valid YAML: {e}", ours_path.display()));
    let theirs: Value = serde_json::from_str(&read(&theirs_path))
        .unwrap_or_else(|e| panic!("{} is not valid JSON: {e}", theirs_path.display()));

    let mut ours = comparable(&ours);
    let mut theirs = comparable(&theirs);
    let their_operations = operations(&theirs);
    assert_eq!(
        their_operations.len(),
        EXPECTED_OPERATIONS,
        "unexpected operations in {}: {their_operations:#?}",
        theirs_path.display()
    );

    let mut problems = reconcile(&mut ours, &theirs, &deviations());
    problems.extend(resolve_response_refs(&mut ours, "ours"));
    problems.extend(resolve_response_refs(&mut theirs, "HubSpot's"));
    diff("", &ours, &theirs, &mut problems);

    assert!(
        problems.is_empty(),
        "{} parity problem(s) between {} and {}:\n  {}",
        problems.len(),
        ours_path.display(),
        theirs_path.display(),
        problems.join("\n  ")
    );
}

#[test]
fn walker_reports_enum_mismatch() {
    let schema = |values: Value| {
        json!({ "components": { "schemas": { "Filter": { "properties": {
            "operator": { "type": "string", "enum": values },
        } } } } })
    };
    let mut problems = Vec::new();
    diff(
        "",
        &schema(json!(["EQ", "GT"])),
        &schema(json!(["EQ", "LT"])),
        &mut problems,
    );
    assert_eq!(
        problems,
        [
            r#"/components/schemas/Filter/properties/operator/enum: ours = ["EQ","GT"], HubSpot's = ["EQ","LT"]"#
        ]
    );
}

#[test]
fn normalize_keeps_property_names_that_look_like_keywords() {
    let schema = json!({
        "type": "object",
        "description": "dropped",
        "x-vendor": true,
        "required": ["title", "description"],
        "properties": { "description": { "type": "string", "example": "dropped" } },
    });
    assert_eq!(
        normalize(&schema),
        json!({
            "type": "object",
            "required": ["description", "title"],
            "properties": { "description": { "type": "string" } },
        })
    );
}

#[test]
fn stale_deviation_is_reported() {
    let mut ours = json!({ "a": 1 });
    let theirs = json!({ "a": 1 });
    let stale = Deviation {
        pointer: "/a",
        ours: json!(2),
        theirs: json!(1),
    };
    assert_eq!(
        reconcile(&mut ours, &theirs, &[stale]),
        ["/a: allow-listed deviation not present in ours (expected 2, found 1)"]
    );
}

/// The workspace root, one level above this crate.
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives inside the workspace")
        .to_path_buf()
}

/// Reads a required input file; a missing file fails the test instead of skipping it.
fn read(path: &Path) -> String {
    fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read required spec {}: {e}", path.display()))
}

/// Normalizes a whole document and drops the parts not subject to parity
/// (the OpenAPI version and the `info` block).
fn comparable(document: &Value) -> Value {
    let mut document = normalize(document);
    if let Some(root) = document.as_object_mut() {
        root.remove("openapi");
        root.remove("info");
    }
    document
}

/// Reduces an OpenAPI object (a node whose keys are keywords) to its structure.
fn normalize(value: &Value) -> Value {
    match value {
        Value::Object(object) => {
            let mut out = Map::new();
            for (key, child) in object {
                let key_str = key.as_str();
                if ANNOTATION_KEYS.contains(&key_str) || key_str.starts_with("x-") {
                    continue;
                }
                let child = match (key_str, child) {
                    _ if LITERAL_KEYS.contains(&key_str) => child.clone(),
                    // An empty media type map is the same as no content at all.
                    ("content", Value::Object(media)) if media.is_empty() => continue,
                    // Likewise for an empty parameter list.
                    ("parameters", Value::Array(parameters)) if parameters.is_empty() => continue,
                    ("required", Value::Array(names)) => sorted(names),
                    ("parameters", Value::Array(parameters)) => keyed_parameters(parameters),
                    // OAuth scope values are descriptions; only the scope names matter.
                    ("scopes", Value::Object(scopes)) => scopes
                        .keys()
                        .map(|scope| (scope.clone(), Value::Null))
                        .collect(),
                    (_, Value::Object(map)) if NAME_MAP_KEYS.contains(&key_str) => map
                        .iter()
                        .map(|(name, entry)| (name.clone(), normalize(entry)))
                        .collect(),
                    _ => normalize(child),
                };
                out.insert(key.clone(), child);
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(normalize).collect()),
        scalar => scalar.clone(),
    }
}

/// Sorts a list that OpenAPI treats as a set.
fn sorted(items: &[Value]) -> Value {
    let mut items = items.to_vec();
    items.sort_by_key(Value::to_string);
    Value::Array(items)
}

/// Turns a parameter list into a map keyed by `in:name`, so order does not matter.
fn keyed_parameters(parameters: &[Value]) -> Value {
    parameters
        .iter()
        .map(|parameter| {
            let field = |name| parameter.get(name).and_then(Value::as_str);
            let key = match (field("in"), field("name")) {
                (Some(location), Some(name)) => format!("{location}:{name}"),
                _ => field("$ref").unwrap_or("<unnamed>").to_owned(),
            };
            (key, normalize(parameter))
        })
        .collect()
}

/// Lists the operations of a document as `METHOD path`.
fn operations(document: &Value) -> Vec<String> {
    let Some(paths) = document.get("paths").and_then(Value::as_object) else {
        return Vec::new();
    };
    paths
        .iter()
        .flat_map(|(path, item)| {
            HTTP_METHODS
                .iter()
                .filter(|method| item.get(**method).is_some())
                .map(move |method| format!("{} {path}", method.to_uppercase()))
        })
        .collect()
}

/// Checks that every allow-listed deviation is present in both documents, then
/// overwrites our side with HubSpot's so the deviation no longer shows up.
/// Returns one problem per stale entry.
fn reconcile(ours: &mut Value, theirs: &Value, deviations: &[Deviation]) -> Vec<String> {
    let mut problems = Vec::new();
    for deviation in deviations {
        let pointer = deviation.pointer;
        let before = problems.len();
        let mut check = |side: &str, document: &Value, expected: &Value| {
            let found = document.pointer(pointer).unwrap_or(&Value::Null);
            if found != expected {
                problems.push(format!(
                    "{pointer}: allow-listed deviation not present in {side} \
                     (expected {expected}, found {found})"
                ));
            }
        };
        check("ours", ours, &deviation.ours);
        check("HubSpot's", theirs, &deviation.theirs);
        if problems.len() == before
            && let Some(slot) = ours.pointer_mut(pointer)
        {
            *slot = deviation.theirs.clone();
        }
    }
    problems
}

/// Replaces each operation response that is a `$ref` to `#/components/responses/*`
/// with the referenced response. Returns one problem per dangling reference.
fn resolve_response_refs(document: &mut Value, side: &str) -> Vec<String> {
    let shared = document
        .pointer("/components/responses")
        .cloned()
        .unwrap_or_default();
    let mut problems = Vec::new();
    let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) else {
        return problems;
    };
    for (path, item) in paths {
        for method in HTTP_METHODS {
            let Some(responses) = item
                .get_mut(*method)
                .and_then(|operation| operation.get_mut("responses"))
                .and_then(Value::as_object_mut)
            else {
                continue;
            };
            for (status, response) in responses {
                let Some(reference) = response.get("$ref").and_then(Value::as_str) else {
                    continue;
                };
                let target = reference
                    .strip_prefix("#/components/responses/")
                    .and_then(|name| shared.get(name));
                match target {
                    Some(target) => *response = target.clone(),
                    None => problems.push(format!(
                        "{method} {path} {status}: dangling response $ref {reference} in {side}"
                    )),
                }
            }
        }
    }
    problems
}

/// Recursively compares two normalized values, pushing one `pointer: detail`
/// line per mismatch. Arrays of equal length that hold objects or arrays are
/// compared element by element; any other unequal arrays (enums, tags,
/// `required` sets, scope lists) are reported whole.
fn diff(pointer: &str, ours: &Value, theirs: &Value, problems: &mut Vec<String>) {
    match (ours, theirs) {
        (Value::Object(ours), Value::Object(theirs)) => {
            let keys: BTreeSet<&String> = ours.keys().chain(theirs.keys()).collect();
            for key in keys {
                let child = child_pointer(pointer, key);
                match (ours.get(key), theirs.get(key)) {
                    (Some(ours), Some(theirs)) => diff(&child, ours, theirs, problems),
                    (Some(_), None) => problems.push(format!("{child}: only in ours")),
                    (None, Some(_)) => problems.push(format!("{child}: only in HubSpot's")),
                    (None, None) => unreachable!("key comes from one of the maps"),
                }
            }
        }
        (Value::Array(ours), Value::Array(theirs))
            if ours.len() == theirs.len()
                && ours
                    .iter()
                    .chain(theirs)
                    .any(|v| v.is_object() || v.is_array()) =>
        {
            for (index, (ours, theirs)) in ours.iter().zip(theirs).enumerate() {
                diff(
                    &child_pointer(pointer, &index.to_string()),
                    ours,
                    theirs,
                    problems,
                );
            }
        }
        _ if ours != theirs => {
            problems.push(format!("{pointer}: ours = {ours}, HubSpot's = {theirs}"));
        }
        _ => {}
    }
}

/// Appends one reference token to a JSON pointer, escaping `~` and `/`.
fn child_pointer(parent: &str, token: &str) -> String {
    format!("{parent}/{}", token.replace('~', "~0").replace('/', "~1"))
}
