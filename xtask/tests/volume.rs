//! Issue #9's per-document target: for any single document, no more generated
//! lines than openapi-generator's `rust` generator produces for it. Every
//! synced spec is generated alone, as published, and compared with
//! openapi-generator 7.26.0's count for the same bytes, committed in
//! `specs/hubspot/oag-lines.json` by `cargo xtask oag-lines` (see
//! `xtask/src/volume.rs` for how both sides are counted).

use xtask::volume::{Comparison, OagLines, compare, render};

#[test]
fn no_synced_spec_generates_more_lines_than_openapi_generator() {
    let root = xtask::workspace_root();
    let rows = compare(&root).expect("every synced spec generates");
    let table = render(&rows);
    println!("{table}");

    let unmeasured: Vec<&str> = rows.iter().filter(|r| r.theirs.is_none()).map(|r| r.module.as_str()).collect();
    assert!(
        unmeasured.is_empty(),
        "no openapi-generator figure for the current bytes of {unmeasured:?}; run `cargo xtask oag-lines`\n{table}"
    );
    let above: Vec<&Comparison> = rows.iter().filter(|r| !r.within()).collect();
    assert!(above.is_empty(), "more generated lines than openapi-generator for {above:?}\n{table}");
}

#[test]
fn the_figures_are_for_the_synced_specs_only() {
    let root = xtask::workspace_root();
    let manifest = xtask::sync::Manifest::read(&root).expect("reads").expect("a manifest");
    let figures = OagLines::read(&root).expect("the figures parse");
    let synced: Vec<&str> = manifest.apis.iter().map(|e| e.module.as_str()).collect();
    let measured: Vec<&str> = figures.specs.keys().map(String::as_str).collect();
    let mut synced_sorted = synced.clone();
    synced_sorted.sort();
    assert_eq!(measured, synced_sorted, "run `cargo xtask oag-lines` after a sync");
    assert_eq!(figures.generator, format!("openapi-generator-cli {} -g rust", xtask::volume::OAG_VERSION));
}
