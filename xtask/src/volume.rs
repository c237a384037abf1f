//! Generated-code volume per document, against openapi-generator's `rust`
//! generator: issue #9's target that no single document generates more lines
//! here than there.
//!
//! `cargo xtask oag-lines` runs openapi-generator over every synced spec and
//! writes its line counts to [`OAG_LINES`]; `xtask/tests/volume.rs` generates
//! each synced spec alone and holds ours at or below them. Both sides are
//! counted as `../shared/tools/oag-baseline` counts them: the spec as
//! published (no overlays), on its own; openapi-generator's lines are the
//! newlines in every `.rs` file it writes (`cat **/*.rs | wc -l`), ours are
//! the lines of every generated file but the root `mod.rs`, as `cargo xtask
//! corpus` reports them ([`generated_lines`]).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde::{Deserialize, Serialize};

/// openapi-generator's figures, relative to the workspace root.
pub const OAG_LINES: &str = "specs/hubspot/oag-lines.json";

/// The openapi-generator release the figures are from.
pub const OAG_VERSION: &str = "7.26.0";

const COMMENT: &str = "Written by `cargo xtask oag-lines`; do not edit. Lines of Rust openapi-generator's `rust` \
    generator writes for each synced spec (key: module; sha256: of the spec measured), generated alone from the published document as committed \
    (no overlays) with `generate -g rust --additional-properties=packageName=baseline,packageVersion=0.1.0`, counted \
    as newlines in every .rs file (as ../shared/tools/oag-baseline does). xtask/tests/volume.rs holds our lines for \
    each spec at or below these.";

/// The committed figures.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OagLines {
    pub comment: String,
    /// `openapi-generator-cli <version> -g rust`.
    pub generator: String,
    /// Per synced spec, by module.
    pub specs: BTreeMap<String, Figure>,
}

/// openapi-generator's lines for one spec, and which bytes of the spec they are for.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    pub lines: usize,
    /// Of the committed copy measured (the manifest's `sha256` when current).
    pub sha256: String,
}

impl OagLines {
    pub fn read(root: &Path) -> Result<OagLines, String> {
        let text = fs::read_to_string(root.join(OAG_LINES)).map_err(|e| format!("cannot read {OAG_LINES}: {e}"))?;
        serde_json::from_str(&text).map_err(|e| format!("{OAG_LINES}: {e}"))
    }

    pub fn to_text(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("the figures serialize");
        text.push('\n');
        text
    }
}

/// Lines of a generator run's output as `cargo xtask corpus` counts them:
/// every file but the root `mod.rs` (which only declares the modules).
pub fn generated_lines(output: &generator::Output) -> usize {
    output.files.iter().filter(|f| f.path != "mod.rs").map(|f| f.contents.lines().count()).sum()
}

/// Our lines for one spec generated alone from its text, as published (no
/// overlays, no bound parameters), as `cargo xtask corpus DIR --no-check` does.
pub fn lines_alone(display_path: &str, text: &str) -> Result<usize, String> {
    let input = generator::SpecInput::new(display_path, text);
    let output = generator::generate(std::slice::from_ref(&input), &generator::Config::default())
        .map_err(|d| format!("{display_path} does not generate: {d}"))?;
    Ok(generated_lines(&output))
}

/// One synced spec's figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comparison {
    pub module: String,
    pub ours: usize,
    /// `None` when [`OAG_LINES`] has no figure for the spec, or one for other bytes.
    pub theirs: Option<usize>,
}

impl Comparison {
    pub fn within(&self) -> bool {
        self.theirs.is_some_and(|theirs| self.ours <= theirs)
    }
}

/// Every synced spec (the manifest's), generated alone, beside openapi-generator's figure.
pub fn compare(root: &Path) -> Result<Vec<Comparison>, String> {
    let manifest = crate::sync::Manifest::read(root)?.ok_or("no specs/hubspot/manifest.json")?;
    let oag = OagLines::read(root)?;
    manifest
        .apis
        .iter()
        .map(|entry| {
            let text =
                fs::read_to_string(root.join(&entry.file)).map_err(|e| format!("cannot read {}: {e}", entry.file))?;
            let ours = lines_alone(&entry.file, &text)?;
            let theirs = oag.specs.get(&entry.module).filter(|f| f.sha256 == entry.sha256).map(|f| f.lines);
            Ok(Comparison { module: entry.module.clone(), ours, theirs })
        })
        .collect()
}

/// The comparison as a table with totals.
pub fn render(rows: &[Comparison]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{:<30} {:>8} {:>8} {:>8}", "spec (generated alone)", "ours", "oag", "ours-oag");
    for r in rows {
        let theirs = r.theirs.map_or("?".to_owned(), |t| t.to_string());
        let diff = r.theirs.map_or("?".to_owned(), |t| format!("{:+}", r.ours as i64 - t as i64));
        let mark = if r.within() { "" } else { "  ABOVE" };
        let _ = writeln!(out, "{:<30} {:>8} {:>8} {:>8}{mark}", r.module, r.ours, theirs, diff);
    }
    let ours: usize = rows.iter().map(|r| r.ours).sum();
    let theirs: usize = rows.iter().filter_map(|r| r.theirs).sum();
    let within = rows.iter().filter(|r| r.within()).count();
    let _ = writeln!(
        out,
        "{} specs: ours {ours} lines in all, openapi-generator {OAG_VERSION} {theirs}; {within} at or below, {} above",
        rows.len(),
        rows.len() - within
    );
    out
}

/// Newlines in every `.rs` file under `dir` (`find dir -name '*.rs' | xargs cat | wc -l`).
fn rust_newlines(dir: &Path) -> usize {
    let files = crate::files_under(dir).unwrap_or_default();
    files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .map(|p| fs::read(p).map(|b| b.iter().filter(|&&c| c == b'\n').count()).unwrap_or(0))
        .sum()
}

/// openapi-generator-cli as `../shared/tools/oag-baseline` installs it
/// (`OAG_CLI` names another).
fn oag_cli() -> PathBuf {
    match std::env::var_os("OAG_CLI") {
        Some(cli) => PathBuf::from(cli),
        None => PathBuf::from(std::env::var_os("HOME").unwrap_or_default())
            .join(".cache/oag-venv/bin/openapi-generator-cli"),
    }
}

/// Run openapi-generator over every synced spec, write [`OAG_LINES`], and
/// return what was measured. `progress` hears each spec's figure.
pub fn measure_oag(root: &Path, mut progress: impl FnMut(&str, usize)) -> Result<OagLines, String> {
    let cli = oag_cli();
    let version = Command::new(&cli).arg("version").output().map_err(|e| {
        format!(
            "cannot run {} ({e}); ../shared/tools/oag-baseline installs openapi-generator-cli {OAG_VERSION}",
            cli.display()
        )
    })?;
    let version = String::from_utf8_lossy(&version.stdout).trim().to_owned();
    if version != OAG_VERSION {
        return Err(format!("{} is openapi-generator {version:?}, the figures are for {OAG_VERSION}", cli.display()));
    }
    let manifest = crate::sync::Manifest::read(root)?.ok_or("no specs/hubspot/manifest.json")?;
    let scratch = root.join("target/oag-lines");
    let mut figures = OagLines {
        comment: COMMENT.to_owned(),
        generator: format!("openapi-generator-cli {OAG_VERSION} -g rust"),
        ..OagLines::default()
    };
    for entry in &manifest.apis {
        let out = scratch.join(&entry.module);
        let _ = fs::remove_dir_all(&out);
        let run = Command::new(&cli)
            .args(["generate", "-g", "rust", "-i"])
            .arg(root.join(&entry.file))
            .arg("-o")
            .arg(&out)
            .arg("--additional-properties=packageName=baseline,packageVersion=0.1.0")
            .output()
            .map_err(|e| format!("cannot run {}: {e}", cli.display()))?;
        if !run.status.success() {
            return Err(format!(
                "openapi-generator failed on {}:\n{}",
                entry.file,
                String::from_utf8_lossy(&run.stdout)
            ));
        }
        let lines = rust_newlines(&out);
        let _ = fs::remove_dir_all(&out);
        progress(&entry.module, lines);
        figures.specs.insert(entry.module.clone(), Figure { lines, sha256: entry.sha256.clone() });
    }
    fs::write(root.join(OAG_LINES), figures.to_text()).map_err(|e| format!("cannot write {OAG_LINES}: {e}"))?;
    Ok(figures)
}
