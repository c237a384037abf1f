//! api-diff on real pairs of HubSpot's published specs: the reports are
//! checked in under `tests/api_diff/` (reviewed by hand) and must not drift.
//! `UPDATE_EXPECT=1 cargo test -p xtask --test api_diff` rewrites them.
//! Also: `specs/` trees (a copy of the workspace's, edited) and the summary
//! codegen prints.

use std::fs;
use std::path::PathBuf;

use generator::diff::{self, Format, Kind, Verdict};
use xtask::api_diff::{self, Options, Side};

#[path = "common/fs.rs"]
mod fs_util;
use fs_util::copy_dir;

const COLLECTION: &str = "../shared/hubspot-specs/CRM";

/// (report name, old document, new document), relative to the collection.
const PAIRS: &[(&str, &str, &str)] = &[
    ("contacts-v3-to-2026-03", "Contacts/Rollouts/424/v3/contacts.json", "Contacts/Rollouts/424/2026-03/contacts.json"),
    (
        "contacts-2026-03-to-2026-09",
        "Contacts/Rollouts/424/2026-03/contacts.json",
        "Contacts/Rollouts/424/2026-09/contacts.json",
    ),
    (
        "companies-2026-03-to-2026-09",
        "Companies/Rollouts/424/2026-03/companies.json",
        "Companies/Rollouts/424/2026-09/companies.json",
    ),
    (
        "pipelines-2026-03-to-2026-09",
        "Pipelines/Rollouts/145896/2026-03/pipelines.json",
        "Pipelines/Rollouts/145896/2026-09/pipelines.json",
    ),
    (
        "deal-splits-v3-to-2026-03",
        "Deal Splits/Rollouts/157885/v3/dealSplits.json",
        "Deal Splits/Rollouts/157885/2026-03/dealSplits.json",
    ),
    (
        "associations-schema-v4-to-2026-03",
        "Associations Schema/Rollouts/130902/v4/associationsSchema.json",
        "Associations Schema/Rollouts/130902/2026-03/associationsSchema.json",
    ),
];

/// The version the checked-in reports compute bumps from (fixed, so a
/// release of the client does not rewrite them).
const VERSION: &str = "0.1.0";

fn root() -> PathBuf {
    xtask::workspace_root()
}

fn report_for(old: &str, new: &str) -> diff::Report {
    let root = root();
    let side = |rel: &str| {
        let path = root.join(COLLECTION).join(rel);
        assert!(
            path.is_file(),
            "{} is missing: the tests read HubSpot's specs from ../shared/hubspot-specs",
            path.display()
        );
        api_diff::inputs(&root, &Side::File(path), Options::default()).expect("the spec loads")
    };
    api_diff::compare(side(old), side(new)).expect("both sides generate")
}

#[test]
fn real_pairs_match_their_reviewed_reports() {
    let dir = root().join("xtask/tests/api_diff");
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut stale = Vec::new();
    for (name, old, new) in PAIRS {
        let report = report_for(old, new);
        let title = format!("`{old}` → `{new}`");
        let text = diff::render(&report, Format::Markdown, &title, VERSION);
        let path = dir.join(format!("{name}.md"));
        if update {
            fs::create_dir_all(&dir).expect("create the reports folder");
            fs::write(&path, &text).expect("write the report");
            continue;
        }
        let expected = fs::read_to_string(&path).unwrap_or_default();
        if expected != text {
            stale.push(format!(
                "{name}:\n{}",
                xtask::unified_diff(&expected, &text, &format!("xtask/tests/api_diff/{name}.md"))
            ));
        }
    }
    assert!(
        stale.is_empty(),
        "reports differ (UPDATE_EXPECT=1 rewrites them; review the change):\n{}",
        stale.join("\n")
    );
}

#[test]
fn contacts_findings_checked_by_hand() {
    // 2026-03 → 2026-09: the association operations are gone, `warnings` is
    // gone from the records, batch responses gained `errors`/`numErrors`.
    let r = report_for(PAIRS[1].1, PAIRS[1].2);
    let has = |kind: Kind, verdict: Verdict, item: &str| {
        r.changes.iter().any(|c| c.kind == kind && c.verdict == verdict && c.items.iter().any(|i| i == item))
    };
    assert!(has(Kind::OperationRemoved, Verdict::Breaking, "contacts::Contacts::put_associations"), "{r:#?}");
    assert!(has(Kind::FieldRemoved, Verdict::Breaking, "contacts::types::SimplePublicObject::warnings"));
    assert!(has(
        Kind::OptionalFieldAdded,
        Verdict::Breaking,
        "contacts::types::BatchResponseSimplePublicObject::errors"
    ));
    // The generic `{objectType}` paths are bound to `contacts`, as the client binds them: no new argument.
    assert!(!r.changes.iter().any(|c| c.kind == Kind::RequiredParamAdded), "{r:#?}");
    assert!(has(Kind::ParamRenamed, Verdict::Docs, "contacts::Contacts::get_by_id"));
    assert_eq!(r.verdict(), Some(Verdict::Breaking));
}

#[test]
fn a_specs_tree_against_the_workspace_reports_shared_type_splits_once() {
    let root = root();
    let tree = root.join("target/api-diff-test/tree");
    let _ = fs::remove_dir_all(&tree);
    copy_dir(&root.join("specs"), &tree.join("specs"));
    // Contacts' SimplePublicObject gets a field; contacts-only gdpr-delete goes.
    let path = tree.join("specs/hubspot/contacts.json");
    let mut doc: serde_json::Value = serde_json::from_str(&fs::read_to_string(&path).expect("read")).expect("JSON");
    doc["components"]["schemas"]["SimplePublicObject"]["properties"]["color"] = serde_json::json!({ "type": "string" });
    let paths = doc["paths"].as_object_mut().expect("paths");
    let gdpr = paths.keys().find(|k| k.ends_with("/gdpr-delete")).cloned().expect("a gdpr-delete path");
    paths.remove(&gdpr);
    fs::write(&path, serde_json::to_string(&doc).expect("JSON")).expect("write");

    let old = api_diff::inputs(&root, &Side::parse(root.to_str().expect("utf-8")), Options::default())
        .expect("workspace specs");
    let new = api_diff::inputs(&root, &Side::parse(tree.join("specs").to_str().expect("utf-8")), Options::default())
        .expect("edited specs");
    let r = api_diff::compare(old, new).expect("compare");
    let find = |kind: Kind| r.changes.iter().filter(move |c| c.kind == kind);
    assert!(find(Kind::OperationRemoved).any(|c| c.items == ["contacts::Contacts::gdpr_delete"]), "{r:#?}");
    assert!(
        find(Kind::OptionalFieldAdded).any(|c| c.items == ["contacts::types::SimplePublicObject::color"]),
        "{r:#?}"
    );
    // Contacts' SimplePublicObject was one Rust type with others'; now it is not: one entry naming every API.
    let split = find(Kind::SharedTypeSplit)
        .find(|c| c.items.iter().any(|i| i == "contacts::types::SimplePublicObject"))
        .expect("a split");
    assert_eq!(split.verdict, Verdict::Breaking);
    assert!(split.apis.len() > 2 && split.apis.contains(&"companies".to_owned()), "{split:#?}");
    // Only contacts' items change otherwise.
    assert!(r.changes.iter().filter(|c| c.kind != Kind::SharedTypeSplit).all(|c| c.apis == ["contacts"]), "{r:#?}");
}

#[test]
fn the_workspace_against_itself_and_head_has_no_change() {
    let root = root();
    let side = Side::parse(root.join("specs").to_str().expect("utf-8"));
    assert_eq!(side, Side::Tree(root.clone()));
    let inputs = api_diff::inputs(&root, &side, Options::default()).expect("inputs");
    let r = api_diff::compare(inputs.clone(), inputs).expect("compare");
    assert!(r.changes.is_empty(), "{r:#?}");
    // Against the committed specs (when the working tree did not change them):
    // the checkout at HEAD reads as the same inputs, and codegen has no summary.
    if let Ok(false) = api_diff::specs_changed(&root) {
        let head = api_diff::checkout_specs(&root, "HEAD").expect("specs/ at HEAD");
        let at_head = xtask::target_inputs(&head, xtask::CLIENT).expect("inputs at HEAD");
        assert!(
            at_head == xtask::target_inputs(&root, xtask::CLIENT).expect("inputs"),
            "specs/ at HEAD reads differently"
        );
        assert_eq!(api_diff::codegen_summary(&root).expect("the summary"), None);
    }
}
