//! `cargo xtask semver-check OLD NEW`: an independent check of api-diff's
//! verdicts with [cargo-semver-checks](https://crates.io/crates/cargo-semver-checks).
//!
//! Both spec files are generated (as api-diff reads them: overlays, module,
//! bindings) into two crates of the same name under `target/semver-check/`,
//! with the client's runtime; cargo-semver-checks compares their rustdoc
//! JSON. Each of its failures is matched to a breaking change api-diff
//! reports for the same Rust item, and each of api-diff's breaking changes
//! to a failure; what matches on neither side is listed for review (the
//! README records the figures and explains every disagreement).
//!
//! Needs `cargo install cargo-semver-checks --locked`; slow (two rustdoc
//! builds), so it is not part of `cargo test`.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

use generator::diff::{Change, Report, Verdict};

use crate::api_diff::{self, Options, Side};

/// The crate name both sides are generated as.
const CRATE: &str = "semver_side";

/// One failure cargo-semver-checks reported: its lint and the item line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub lint: String,
    pub required_bump: String,
    pub line: String,
}

/// What the cross-check found.
#[derive(Debug, Default)]
pub struct Outcome {
    pub title: String,
    pub report: Report,
    pub failures: Vec<Failure>,
    /// Failures with a breaking api-diff change for the same item.
    pub matched_failures: usize,
    /// api-diff's breaking changes with a failure for the same item.
    pub matched_changes: usize,
    /// cargo-semver-checks' own closing lines.
    pub summary: String,
}

impl Outcome {
    fn breaking(&self) -> Vec<&Change> {
        self.report.with_verdict(Verdict::Breaking).collect()
    }

    /// cargo-semver-checks asks for a major change (breaking under Cargo's rules).
    pub fn tool_breaking(&self) -> bool {
        self.failures.iter().any(|f| f.required_bump == "major")
    }

    /// The two verdicts agree: both breaking, or both not.
    pub fn agrees(&self) -> bool {
        self.tool_breaking() == (self.report.verdict() == Some(Verdict::Breaking))
    }

    pub fn render(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "cargo-semver-checks against api-diff: {}", self.title);
        let _ = writeln!(
            out,
            "verdict: api-diff {}, cargo-semver-checks {}: {}",
            self.report.verdict().map_or("no change", Verdict::label),
            if self.tool_breaking() { "breaking (major)" } else { "not breaking" },
            if self.agrees() { "agree" } else { "DISAGREE" }
        );
        let breaking = self.breaking();
        let _ = writeln!(
            out,
            "items: {} of {} cargo-semver-checks failures match an api-diff breaking change; {} of {} api-diff breaking changes match a failure",
            self.matched_failures,
            self.failures.len(),
            self.matched_changes,
            breaking.len()
        );
        let _ = writeln!(out, "\ncargo-semver-checks failures:");
        for f in &self.failures {
            let hit = breaking.iter().any(|c| matches(c, &f.line));
            let _ = writeln!(
                out,
                "  [{}] {} ({}): {}",
                if hit { "match" } else { "only csc" },
                f.lint,
                f.required_bump,
                f.line
            );
        }
        let _ = writeln!(out, "\napi-diff breaking changes:");
        for c in &breaking {
            let hit = self.failures.iter().any(|f| matches(c, &f.line));
            let _ = writeln!(
                out,
                "  [{}] {}: {}: {}",
                if hit { "match" } else { "only api-diff" },
                c.kind.label(),
                c.items.join(", "),
                c.detail
            );
        }
        if !self.summary.is_empty() {
            let _ = writeln!(out, "\n{}", self.summary);
        }
        out
    }
}

/// Does a failure line name the item of this change? The line names items
/// in its own words (`field warnings of struct SimplePublicObject`,
/// `enum semver_side::contacts::types::FilterOperator`, `method batch_read
/// of Contacts`): the change's item's last two path segments (or the last,
/// for a type) must all be words of the line.
fn matches(change: &Change, line: &str) -> bool {
    let words: BTreeSet<&str> =
        line.split(|c: char| !(c.is_alphanumeric() || c == '_')).filter(|w| !w.is_empty()).collect();
    // A removed operation takes its request builder (named in the detail) with it.
    if change.kind == generator::diff::Kind::OperationRemoved
        && let Some(builder) = change.detail.rsplit('`').nth(1)
        && line.contains(&format!("::{builder},"))
    {
        return true;
    }
    change.items.iter().any(|item| {
        let segments: Vec<&str> = item.split("::").filter(|s| *s != "types").collect();
        let tail: Vec<&str> = match segments.as_slice() {
            [.., owner, member] if owner.chars().next().is_some_and(char::is_uppercase) => vec![owner, member],
            [.., last] => vec![last],
            [] => vec![],
        };
        !tail.is_empty() && tail.iter().all(|s| words.contains(s))
    })
}

/// Generate both sides, run cargo-semver-checks, compare.
pub fn cross_check(root: &Path, old: &Path, new: &Path) -> Result<Outcome, String> {
    let options = Options::default();
    let mut old_inputs = api_diff::inputs(root, &Side::File(old.to_path_buf()), options)?;
    let new_inputs = api_diff::inputs(root, &Side::File(new.to_path_buf()), options)?;
    if let (Some(o), Some(n)) = (old_inputs.first_mut(), new_inputs.first()) {
        o.module = n.module.clone();
    }
    let report = api_diff::compare(old_inputs.clone(), new_inputs.clone())?;
    let dir = root.join("target/semver-check");
    for (side, inputs) in [("old", &old_inputs), ("new", &new_inputs)] {
        let output = generator::generate(inputs, &generator::Config::default())
            .map_err(|d| format!("the {side} spec does not generate:\n{d}"))?;
        crate::corpus::write_scratch_crate(root, &dir.join(side), CRATE, &output.files)?;
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let run = Command::new(cargo)
        .args(["semver-checks", "check-release", "--manifest-path"])
        .arg(dir.join("new/Cargo.toml"))
        .arg("--baseline-root")
        .arg(dir.join("old"))
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .env_remove("RUSTFLAGS")
        .output()
        .map_err(|e| format!("cannot run cargo semver-checks (cargo install cargo-semver-checks --locked): {e}"))?;
    // Failures go to stdout, progress and the summary to stderr.
    let stdout = String::from_utf8_lossy(&run.stdout).into_owned();
    let text = format!("{stdout}{}", String::from_utf8_lossy(&run.stderr));
    if !text.contains("Checked") && !run.status.success() {
        return Err(format!("cargo semver-checks failed:\n{text}"));
    }
    let failures = parse_failures(&stdout);
    let breaking: Vec<&Change> = report.with_verdict(Verdict::Breaking).collect();
    let matched_failures = failures.iter().filter(|f| breaking.iter().any(|c| matches(c, &f.line))).count();
    let matched_changes = breaking.iter().filter(|c| failures.iter().any(|f| matches(c, &f.line))).count();
    let summary = text
        .lines()
        .filter(|l| l.trim_start().starts_with("Summary") || l.contains("Checked"))
        .map(str::trim)
        .collect::<Vec<_>>()
        .join("\n");
    Ok(Outcome {
        title: format!("{} → {}", old.display(), new.display()),
        report,
        failures,
        matched_failures,
        matched_changes,
        summary,
    })
}

/// The failures in cargo-semver-checks' output: a `--- failure LINT: … ---`
/// heading, then `Failed in:` and one indented line per item.
pub fn parse_failures(text: &str) -> Vec<Failure> {
    let mut out = Vec::new();
    let mut lint: Option<(String, String)> = None;
    let mut in_items = false;
    for line in text.lines() {
        let trimmed = line.trim();
        if let Some(rest) = trimmed.strip_prefix("--- failure ").or_else(|| trimmed.strip_prefix("--- warning ")) {
            let name = rest.split(':').next().unwrap_or_default().trim().to_owned();
            let bump = if trimmed.starts_with("--- warning") { "minor" } else { "major" };
            lint = Some((name, bump.to_owned()));
            in_items = false;
            continue;
        }
        if trimmed == "Failed in:" {
            in_items = true;
            continue;
        }
        if in_items {
            if trimmed.is_empty() || trimmed.starts_with("---") || trimmed.starts_with("Summary") {
                in_items = false;
                continue;
            }
            if let Some((name, bump)) = &lint {
                out.push(Failure { lint: name.clone(), required_bump: bump.clone(), line: trimmed.to_owned() });
            }
        }
    }
    out
}
