//! Method names stay the same across HubSpot's API versions, whichever
//! operationId style a version uses (`…_read` in v3, the path repeated in the
//! dated versions).

use std::collections::BTreeMap;
use std::path::Path;

use generator::ir::Method;
use generator::naming::{Segment, common_prefix_len, segments};
use generator::{Config, SpecInput, lower_spec};

const VERSIONS: [&str; 5] = ["424/v3", "424/2025-09", "424/2026-03", "424/2026-09", "321895/2026-09-beta"];

/// Method name by operation shape.
type Names = BTreeMap<(Method, String), String>;

/// Operation identity across versions: the method and the path after the
/// API's common prefix, with parameters blanked (`POST batch/read`, `GET {}`).
fn names_by_shape(version: &str) -> Names {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/hubspot-specs/CRM/Contacts/Rollouts")
        .join(version)
        .join("contacts.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let (api, _) = lower_spec(&SpecInput::new("contacts.json", text), &Config::default()).expect("lowers");
    let paths: Vec<&str> = api.operations.iter().map(|o| o.path.template.as_str()).collect();
    let prefix = common_prefix_len(&paths);
    api.operations
        .iter()
        .map(|op| {
            let shape: Vec<&str> = segments(&op.path.template)[prefix..]
                .iter()
                .map(|s| match s {
                    Segment::Literal(l) => *l,
                    Segment::Param(_) => "{}",
                })
                .collect();
            ((op.method, shape.join("/")), op.rust_name.clone())
        })
        .collect()
}

#[test]
fn contacts_method_names_agree_across_versions() {
    let all: Vec<(&str, Names)> = VERSIONS.iter().map(|v| (*v, names_by_shape(v))).collect();
    let (first_version, first) = &all[0];
    let mut shared = 0;
    for (shape, name) in first {
        if all.iter().all(|(_, names)| names.contains_key(shape)) {
            shared += 1;
            for (version, names) in &all {
                assert_eq!(&names[shape], name, "{shape:?}: {first_version} says `{name}`, {version} says `{}`", names[shape]);
            }
        }
    }
    assert_eq!(shared, 13, "all 13 v3 operations exist in every version");
    for (version, names) in &all {
        assert_eq!(names[&(Method::Post, "batch/read".to_owned())], "batch_read", "{version}");
    }
    let expected = [
        "archive", "batch_archive", "batch_create", "batch_read", "batch_update", "batch_upsert", "create",
        "gdpr_delete", "get_by_id", "get_page", "merge", "search", "update",
    ];
    let mut v3: Vec<&str> = first.values().map(String::as_str).collect();
    v3.sort();
    assert_eq!(v3, expected);
}
