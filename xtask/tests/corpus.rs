//! The corpus harness: which specs it picks, and that it reports every spec.

use std::path::{Path, PathBuf};

use xtask::corpus::{CorpusOptions, newest_versions, render, run};

#[test]
fn newest_picks_the_latest_stable_version_of_each_api() {
    let dir = Path::new("/specs");
    let specs: Vec<PathBuf> = [
        "CRM/Contacts/Rollouts/424/v3/contacts.json",
        "CRM/Contacts/Rollouts/424/2025-09/contacts.json",
        "CRM/Contacts/Rollouts/424/2026-09/contacts.json",
        "CRM/Contacts/Rollouts/321895/2026-09-beta/contacts.json",
        "CRM/Deals/Rollouts/424/v3/deals.json",
        "CRM/Deals/Rollouts/424/v10/deals.json",
        "CRM/Deals/Rollouts/424/v4/deals.json",
        "CRM/Lists/Rollouts/1/2027-01-beta/lists.json",
    ]
    .iter()
    .map(|p| dir.join(p))
    .collect();
    let picked: Vec<String> = newest_versions(dir, &specs)
        .iter()
        .map(|p| p.strip_prefix(dir).unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        picked,
        [
            "CRM/Contacts/Rollouts/424/2026-09/contacts.json",
            "CRM/Deals/Rollouts/424/v10/deals.json",
            "CRM/Lists/Rollouts/1/2027-01-beta/lists.json",
        ]
    );
}

#[test]
fn every_fixture_spec_generates_and_is_reported() {
    let root = xtask::workspace_root();
    let options = CorpusOptions { skip_check: true, ..CorpusOptions::new(root.join(xtask::SNAPSHOTS.specs)) };
    let report = run(&root, &options).expect("runs");
    assert!(report.rows.len() >= 8, "{} rows", report.rows.len());
    for row in &report.rows {
        assert!(row.generate_error.is_none(), "{}: {:?}", row.path, row.generate_error);
        // `no_operations.yaml` is the document with nothing to call (webhooks only).
        assert!(row.lines > 0 && (row.operations > 0 || row.path.ends_with("no_operations.yaml")), "{}", row.path);
    }
    let table = render(&report, false);
    let n = report.rows.len();
    assert!(table.contains(&format!("specs {n}: generated {n}/{n}, compiled not checked, panics 0")), "{table}");
    assert!(table.contains("multi_status.yaml"), "{table}");
}

#[test]
fn broken_specs_fail_the_run_and_name_their_path() {
    let dir = std::env::temp_dir().join(format!("corpus-broken-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("bad.yaml"), "openapi: 3.0.3\ninfo: {title: [\n").unwrap();
    std::fs::write(dir.join("good.yaml"), "openapi: 3.0.3\ninfo: {title: G, version: '1'}\npaths: {}\n").unwrap();
    let report = run(&xtask::workspace_root(), &CorpusOptions { skip_check: true, ..CorpusOptions::new(dir.clone()) });
    let _ = std::fs::remove_dir_all(&dir);
    let report = report.expect("runs");
    let bad = report.rows.iter().find(|r| r.path == "bad.yaml").expect("bad row");
    assert!(!bad.ok(false));
    assert!(bad.generate_error.as_deref().is_some_and(|e| e.contains("bad.yaml")), "{:?}", bad.generate_error);
    assert!(report.rows.iter().find(|r| r.path == "good.yaml").expect("good row").ok(false));
}

#[test]
fn only_documents_are_specs_and_their_fragments_are_read_through_references() {
    let root = xtask::workspace_root();
    let dir = std::env::temp_dir().join(format!("corpus-multi-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let fixtures = root.join("generator/tests/fixtures");
    // The multi-file fixture: its root, and its fragments in subfolders.
    for file in xtask::files_under(&fixtures.join("multi_file")).unwrap() {
        let to = dir.join(file.strip_prefix(&fixtures).unwrap());
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(&file, &to).unwrap();
    }
    std::fs::copy(fixtures.join("multi_file.yaml"), dir.join("multi_file.yaml")).unwrap();
    std::fs::write(
        dir.join("legacy.json"),
        r#"{"swagger": "2.0", "info": {"title": "old", "version": "1"}, "paths": {}}"#,
    )
    .unwrap();
    let report = run(&root, &CorpusOptions { skip_check: true, ..CorpusOptions::new(dir.clone()) }).expect("runs");
    let _ = std::fs::remove_dir_all(&dir);
    let rows: Vec<(&str, usize, bool)> =
        report.rows.iter().map(|r| (r.path.as_str(), r.operations, r.unsupported)).collect();
    assert_eq!(rows, [("legacy.json", 0, true), ("multi_file.yaml", 4, false)]);
    assert!(report.ok(false), "a Swagger document is reported, not a failure");
    let table = render(&report, false);
    assert!(table.contains("specs 1: generated 1/1") && table.contains("1 Swagger 2.0 documents"), "{table}");
}
