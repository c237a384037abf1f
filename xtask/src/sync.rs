//! `cargo xtask sync-specs [DIR] [--check]`: HubSpot's published specs,
//! committed unmodified under `specs/hubspot/`, refreshed from a collection
//! laid out like `../shared/hubspot-specs`
//! (`<group>/<API title>/Rollouts/<rollout>/<version>/<file>.json`).
//!
//! **Policy**, per API title:
//! 1. a pin in `specs/hubspot/pins.json` wins: `"Title": "version"` or
//!    `"Title": "rollout/version"`; it may name a beta;
//! 2. otherwise the newest stable version: dated versions (`2026-09`) rank
//!    above numbered ones (`v4`), a date above its `-beta`; betas are never
//!    chosen without a pin, so an API that only has betas is not synced;
//! 3. when the chosen version exists in several rollouts, the rollout whose
//!    own newest stable version is newest wins (it is the line HubSpot moved
//!    on with), ties going to the highest rollout number.
//!
//! 0. a title under `exclude` in `specs/hubspot/pins.json` is not synced
//!    (each with the reason: a test API HubSpot publishes beside the real
//!    ones is not for customers); an exclusion naming no API is a problem.
//!
//! Each chosen document is copied byte for byte to
//! `specs/hubspot/<module>.json`, where `<module>` is [`module_for_title`].
//!
//! **Overlays**: every document in `specs/overlays/` (sorted by file name)
//! is offered to every synced spec, in order, on the document as the
//! previous overlays left it. An overlay *applies* when every one of its
//! actions matches; it is skipped when none does (the spec does not have the
//! problem it corrects); anything in between is an error (the overlay needs
//! splitting or tighter targets). The overlays that apply are recorded per
//! API in the manifest, and whoever loads the spec applies exactly those,
//! strictly: there, an action matching nothing is an error. So a generic
//! correction reaches every API whose document needs it; when HubSpot fixes
//! a document, the next sync reports the overlay as dropped for it, and an
//! overlay that no synced spec needs any more is reported as stale.
//!
//! **Manifest** (`specs/hubspot/manifest.json`, written by the sync): JSON,
//! because each API carries a list of overlays, `serde_json` is already at
//! hand, and one field per line keeps diffs readable. Per API: module, title,
//! rollout, version, source path in the collection, committed file, SHA-256
//! of the committed bytes, whether a pin chose it, and the overlays.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::{self, Write as _};
use std::fs;
use std::path::{Path, PathBuf};

use generator::SpecInput;
use generator::overlay::{self, Overlay};
use serde::{Deserialize, Serialize};

/// Where the copies, the manifest and the pins live, relative to the workspace root.
pub const SPECS_DIR: &str = "specs/hubspot";
pub const MANIFEST: &str = "specs/hubspot/manifest.json";
pub const PINS: &str = "specs/hubspot/pins.json";
/// The overlays offered to every synced spec.
pub const OVERLAYS_DIR: &str = "specs/overlays";
/// The collections synced by default, relative to the workspace root: the
/// CRM's documents, and the platform's (OAuth, Webhooks) kept apart there.
pub const DEFAULT_COLLECTIONS: &[&str] = &["../shared/hubspot-specs", "../shared/hubspot-platform-specs"];

/// The module (and feature) name of an API: its title in snake case, made a
/// valid Rust module name the way the generator names modules
/// (`Line Items` → `line_items`, `Crm Owners` → `crm_owners`).
pub fn module_for_title(title: &str) -> String {
    // A trailing version word (`Public App Feature Flags V3`) names the
    // document's version, which the policy already chose; the module (and the
    // client method and the cargo feature) keeps the API's name.
    let trimmed = match title.trim_end().rsplit_once(' ') {
        Some((rest, last))
            if last.len() > 1 && last.starts_with(['v', 'V']) && last[1..].bytes().all(|b| b.is_ascii_digit()) =>
        {
            rest
        }
        _ => title,
    };
    generator::naming::module_name(trimmed)
}

/// A version folder's name, ordered as the policy ranks versions.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Version {
    base: VersionBase,
    /// `false` for `-beta`; a beta ranks below the same base.
    stable: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum VersionBase {
    /// `v1` … `v4`.
    Numbered(u32),
    /// `2026-09`: newer than any numbered version.
    Dated { year: u16, month: u8 },
}

impl Version {
    pub fn parse(text: &str) -> Option<Version> {
        let (base, stable) = match text.strip_suffix("-beta") {
            Some(base) => (base, false),
            None => (text, true),
        };
        let base = if let Some(n) = base.strip_prefix('v') {
            VersionBase::Numbered(n.parse().ok().filter(|_| n.bytes().all(|b| b.is_ascii_digit()))?)
        } else {
            let (year, month) = base.split_once('-')?;
            if year.len() != 4 || month.len() != 2 || !(year.bytes().chain(month.bytes())).all(|b| b.is_ascii_digit()) {
                return None;
            }
            let month: u8 = month.parse().ok().filter(|m| (1..=12).contains(m))?;
            VersionBase::Dated { year: year.parse().ok()?, month }
        };
        Some(Version { base, stable })
    }

    pub fn is_beta(&self) -> bool {
        !self.stable
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.base {
            VersionBase::Numbered(n) => write!(f, "v{n}")?,
            VersionBase::Dated { year, month } => write!(f, "{year:04}-{month:02}")?,
        }
        if !self.stable {
            f.write_str("-beta")?;
        }
        Ok(())
    }
}

/// One published document in the collection.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// The collection's folder name (`hubspot-specs`).
    pub collection: String,
    pub title: String,
    pub rollout: String,
    pub version: Version,
    /// Relative to the collection, with `/` separators.
    pub source: String,
    pub path: PathBuf,
}

/// Every document of a collection laid out as
/// `<group>/<title>/Rollouts/<rollout>/<version>/<file>.json`. Files at the
/// top level (`INDEX.tsv`) are ignored; anything unexpected below a title is
/// an error, so a changed layout is noticed rather than half read.
pub fn scan(dir: &Path) -> Result<Vec<Candidate>, String> {
    let mut out = Vec::new();
    for group in subdirs(dir)? {
        for title_dir in subdirs(&group)? {
            let title = file_name(&title_dir);
            let rollouts = title_dir.join("Rollouts");
            if !rollouts.is_dir() {
                return Err(format!("{}: expected a `Rollouts` folder", title_dir.display()));
            }
            for rollout_dir in subdirs(&rollouts)? {
                for version_dir in subdirs(&rollout_dir)? {
                    let version_name = file_name(&version_dir);
                    let version = Version::parse(&version_name).ok_or_else(|| {
                        format!(
                            "{}: `{version_name}` is not a version (vN, YYYY-MM, YYYY-MM-beta)",
                            version_dir.display()
                        )
                    })?;
                    let docs: Vec<PathBuf> = entries(&version_dir)?
                        .into_iter()
                        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "json"))
                        .collect();
                    let [doc] = docs.as_slice() else {
                        return Err(format!(
                            "{}: expected one .json document, found {}",
                            version_dir.display(),
                            docs.len()
                        ));
                    };
                    let source = doc
                        .strip_prefix(dir)
                        .unwrap_or(doc)
                        .iter()
                        .map(|c| c.to_string_lossy())
                        .collect::<Vec<_>>()
                        .join("/");
                    out.push(Candidate {
                        collection: file_name(dir),
                        title: title.clone(),
                        rollout: file_name(&rollout_dir),
                        version,
                        source,
                        path: doc.clone(),
                    });
                }
            }
        }
    }
    Ok(out)
}

fn entries(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut out: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    out.sort();
    Ok(out)
}

fn subdirs(dir: &Path) -> Result<Vec<PathBuf>, String> {
    Ok(entries(dir)?.into_iter().filter(|p| p.is_dir()).collect())
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// `specs/hubspot/pins.json`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PinsFile {
    #[serde(default)]
    pub comment: String,
    /// API title → `version` or `rollout/version`.
    #[serde(default)]
    pub pins: BTreeMap<String, String>,
    /// API title → why it is pinned (every pin says why).
    #[serde(default)]
    pub why: BTreeMap<String, String>,
    /// API title → why it is not synced.
    #[serde(default)]
    pub exclude: BTreeMap<String, String>,
}

/// Read the titles `pins.json` excludes, with their reasons.
pub fn read_excluded(root: &Path) -> Result<BTreeMap<String, String>, String> {
    read_pins_file(root).map(|p| p.exclude)
}

/// Read `pins.json`; a missing file means no pins and no exclusions.
fn read_pins_file(root: &Path) -> Result<PinsFile, String> {
    let path = root.join(PINS);
    match fs::read_to_string(&path) {
        Ok(text) => serde_json::from_str::<PinsFile>(&text).map_err(|e| format!("{PINS}: {e}")),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(PinsFile::default()),
        Err(e) => Err(format!("cannot read {}: {e}", path.display())),
    }
}

/// Read the pins; a missing file means no pins.
pub fn read_pins(root: &Path) -> Result<BTreeMap<String, String>, String> {
    read_pins_file(root).map(|p| p.pins)
}

/// What the policy chose for one API.
#[derive(Debug, Clone)]
pub struct Choice {
    pub module: String,
    pub candidate: Candidate,
    pub pinned: bool,
}

/// The policy's outcome for a whole collection.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Sorted by module.
    pub chosen: Vec<Choice>,
    /// Titles with only beta versions and no pin.
    pub beta_only: Vec<String>,
}

/// Apply the policy (see the module docs). Every problem (a pin naming
/// nothing, two titles with one module name) is reported at once.
pub fn choose(candidates: &[Candidate], pins: &BTreeMap<String, String>) -> Result<Selection, String> {
    let mut by_title: BTreeMap<&str, Vec<&Candidate>> = BTreeMap::new();
    for c in candidates {
        by_title.entry(c.title.as_str()).or_default().push(c);
    }
    let mut problems = Vec::new();
    for title in pins.keys() {
        if !by_title.contains_key(title.as_str()) {
            problems.push(format!("pin for `{title}`: no such API in the collection"));
        }
    }
    let mut selection = Selection::default();
    for (title, docs) in &by_title {
        let pick = match pins.get(*title) {
            Some(pin) => {
                let (rollout, version) = match pin.split_once('/') {
                    Some((r, v)) => (Some(r), v),
                    None => (None, pin.as_str()),
                };
                let matching: Vec<&Candidate> = docs
                    .iter()
                    .copied()
                    .filter(|c| c.version.to_string() == version && rollout.is_none_or(|r| c.rollout == r))
                    .collect();
                if matching.is_empty() {
                    let available: BTreeSet<String> =
                        docs.iter().map(|c| format!("{}/{}", c.rollout, c.version)).collect();
                    let available: Vec<String> = available.into_iter().collect();
                    problems.push(format!(
                        "pin `{title}: {pin}` matches no document (available: {})",
                        available.join(", ")
                    ));
                    continue;
                }
                (tie_break(&matching, docs), true)
            }
            None => {
                let Some(newest) = docs.iter().filter(|c| !c.version.is_beta()).map(|c| &c.version).max() else {
                    selection.beta_only.push((*title).to_owned());
                    continue;
                };
                let matching: Vec<&Candidate> = docs.iter().copied().filter(|c| &c.version == newest).collect();
                (tie_break(&matching, docs), false)
            }
        };
        let (candidate, pinned) = pick;
        selection.chosen.push(Choice { module: module_for_title(title), candidate: candidate.clone(), pinned });
    }
    let mut modules: BTreeMap<&str, &str> = BTreeMap::new();
    for choice in &selection.chosen {
        if let Some(other) = modules.insert(&choice.module, &choice.candidate.title) {
            problems.push(format!("`{other}` and `{}` both become module `{}`", choice.candidate.title, choice.module));
        }
        if matches!(choice.module.as_str(), "manifest" | "pins") {
            problems.push(format!(
                "`{}` would become specs/hubspot/{}.json, which is not a spec",
                choice.candidate.title, choice.module
            ));
        }
    }
    if !problems.is_empty() {
        return Err(problems.join("\n"));
    }
    selection.chosen.sort_by(|a, b| a.module.cmp(&b.module));
    Ok(selection)
}

/// Among documents of one version in several rollouts: the rollout whose
/// newest stable version is newest, then the highest rollout number.
fn tie_break<'a>(matching: &[&'a Candidate], all: &[&'a Candidate]) -> &'a Candidate {
    let newest_stable = |rollout: &str| {
        all.iter().filter(|c| c.rollout == rollout && !c.version.is_beta()).map(|c| c.version.clone()).max()
    };
    let key = |c: &&Candidate| (newest_stable(&c.rollout), c.rollout.parse::<u64>().ok(), c.rollout.clone());
    matching.iter().copied().max_by_key(key).expect("tie_break gets at least one candidate")
}

/// The manifest file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub comment: String,
    pub apis: Vec<Entry>,
}

/// One synced API.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub module: String,
    pub title: String,
    pub rollout: String,
    pub version: String,
    /// The collection it was synced from (its folder's name).
    #[serde(default)]
    pub collection: String,
    /// In the collection.
    pub source: String,
    /// The committed copy, relative to the workspace root.
    pub file: String,
    /// Of the committed copy's bytes.
    pub sha256: String,
    /// Chosen by a pin rather than the policy's default.
    pub pinned: bool,
    /// Overlays applied at load, in order, relative to the workspace root.
    pub overlays: Vec<String>,
    /// Path parameters this API fixes (`objectType` → `contacts`): the dated
    /// object APIs document the generic `{objectType}` paths, and which object
    /// each one is about is the literal of its `v3` paths (`/crm/v3/objects/contacts`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub bind: BTreeMap<String, String>,
}

const MANIFEST_COMMENT: &str = "Written by `cargo xtask sync-specs`; do not edit. HubSpot's published specs, copied unmodified; \
    overlays are applied at load. Policy and format: xtask/src/sync.rs.";

impl Manifest {
    pub fn read(root: &Path) -> Result<Option<Manifest>, String> {
        match fs::read_to_string(root.join(MANIFEST)) {
            Ok(text) => serde_json::from_str(&text).map(Some).map_err(|e| format!("{MANIFEST}: {e}")),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(format!("cannot read {MANIFEST}: {e}")),
        }
    }

    pub fn to_text(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("the manifest serializes");
        text.push('\n');
        text
    }

    /// Every synced spec as generator input, with its overlays attached.
    pub fn spec_inputs(&self, root: &Path) -> Result<Vec<SpecInput>, String> {
        self.apis
            .iter()
            .map(|entry| {
                let read =
                    |rel: &str| fs::read_to_string(root.join(rel)).map_err(|e| format!("cannot read {rel}: {e}"));
                let mut spec = SpecInput::new(&entry.file, read(&entry.file)?);
                spec.module = entry.module.clone();
                spec.bindings = entry.bind.clone();
                for overlay in &entry.overlays {
                    spec = spec.with_overlay(overlay, read(overlay)?);
                }
                Ok(spec)
            })
            .collect()
    }
}

/// The SHA-256 of `bytes` as 64 lowercase hex digits (what `sha256sum` prints),
/// the form of the manifest's and `oag-lines.json`'s checksums.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Every overlay in `specs/overlays/`, parsed, sorted by file name.
pub fn read_overlays(root: &Path) -> Result<Vec<Overlay>, String> {
    let dir = root.join(OVERLAYS_DIR);
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for path in entries(&dir)? {
        if !matches!(path.extension().and_then(|e| e.to_str()), Some("yaml" | "yml" | "json")) {
            continue;
        }
        let text = fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let shown = format!("{OVERLAYS_DIR}/{}", file_name(&path));
        out.push(overlay::parse(&shown, &text).map_err(|d| d.to_string())?);
    }
    Ok(out)
}

/// The overlays that apply to one document (see the module docs), in order.
pub fn applicable_overlays(spec: &str, bytes: &[u8], overlays: &[Overlay]) -> Result<Vec<String>, String> {
    let mut doc: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| format!("{spec} is not JSON: {e}"))?;
    let mut applied = Vec::new();
    for overlay in overlays {
        let mut trial = doc.clone();
        let report = overlay.apply_unchecked(&mut trial, spec).map_err(|d| d.to_string())?;
        if report.all_matched() {
            doc = trial;
            applied.push(overlay.display_path.clone());
        } else if !report.none_matched() {
            let stale: Vec<String> = report.stale().map(|a| format!("actions[{}] `{}`", a.index, a.target)).collect();
            return Err(format!(
                "{} applies only in part to {spec}: {} match nothing while the other actions match; \
                 split the overlay or tighten its targets",
                overlay.display_path,
                stale.join(", ")
            ));
        }
    }
    Ok(applied)
}

/// One difference between the manifest and what the policy wants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Added(Entry),
    Removed(Entry),
    /// Another rollout or version.
    Updated {
        old: Entry,
        new: Entry,
    },
    /// Same rollout and version, different bytes (republished upstream).
    Republished {
        old: Entry,
        new: Entry,
    },
    Overlays {
        module: String,
        added: Vec<String>,
        dropped: Vec<String>,
    },
    /// Chosen by a pin now and not before, or the other way round.
    Pinned {
        module: String,
        pinned: bool,
    },
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = |e: &Entry| format!("{} (rollout {})", e.version, e.rollout);
        match self {
            Change::Added(e) => write!(f, "added     {}: {} {}", e.module, e.title, at(e)),
            Change::Removed(e) => write!(f, "removed   {}: {} {}", e.module, e.title, at(e)),
            Change::Updated { old, new } => {
                write!(f, "updated   {}: {} → {}", new.module, at(old), at(new))?;
                if old.bind != new.bind {
                    let binds: Vec<String> = new.bind.iter().map(|(k, v)| format!("{k} = {v}")).collect();
                    write!(f, " (binds {})", if binds.is_empty() { "nothing".to_owned() } else { binds.join(", ") })?;
                }
                Ok(())
            }
            Change::Republished { old, new } => write!(
                f,
                "changed   {}: {} republished (sha256 {}… → {}…)",
                new.module,
                at(new),
                &old.sha256[..old.sha256.len().min(12)],
                &new.sha256[..new.sha256.len().min(12)]
            ),
            Change::Overlays { module, added, dropped } => {
                write!(f, "overlays  {module}:")?;
                for o in added {
                    write!(f, " +{o}")?;
                }
                for o in dropped {
                    write!(f, " -{o}")?;
                }
                Ok(())
            }
            Change::Pinned { module, pinned } => {
                write!(f, "pin       {module}: {}", if *pinned { "now chosen by a pin" } else { "no longer pinned" })
            }
        }
    }
}

/// What a sync did, or in check mode would do.
#[derive(Debug, Default)]
pub struct SyncReport {
    pub changes: Vec<Change>,
    /// Committed files that do not match the manifest, overlays no spec needs, …
    pub problems: Vec<String>,
    /// Titles left out because they only have betas and no pin.
    pub beta_only: Vec<String>,
    /// Titles `pins.json` excludes.
    pub excluded: Vec<String>,
    /// The manifest as the policy wants it.
    pub manifest: Manifest,
}

impl SyncReport {
    pub fn is_clean(&self) -> bool {
        self.changes.is_empty() && self.problems.is_empty()
    }

    /// The lines `cargo xtask sync-specs` prints.
    pub fn render(&self, check: bool) -> String {
        let mut out = String::new();
        for c in &self.changes {
            let _ = writeln!(out, "{c}");
        }
        for p in &self.problems {
            let _ = writeln!(out, "problem   {p}");
        }
        let apis = self.manifest.apis.len();
        let pinned = self.manifest.apis.iter().filter(|e| e.pinned).count();
        let _ = write!(out, "{apis} APIs ({pinned} pinned); not synced, beta only: {}", self.beta_only.len());
        if !self.beta_only.is_empty() {
            let _ = write!(out, " ({})", self.beta_only.join(", "));
        }
        if !self.excluded.is_empty() {
            let _ = write!(out, "; excluded by {PINS}: {}", self.excluded.join(", "));
        }
        out.push('\n');
        let verdict = match (check, self.changes.is_empty(), self.problems.is_empty()) {
            (_, true, true) => "specs/hubspot is up to date",
            (true, false, _) => "specs/hubspot is out of date: run `cargo xtask sync-specs`, then commit specs/hubspot",
            (true, true, false) => "specs/hubspot does not match its manifest",
            (false, false, _) => "specs/hubspot updated; commit it (with what `cargo xtask codegen` regenerates)",
            (false, true, false) => "specs/hubspot has problems",
        };
        out.push_str(verdict);
        out.push('\n');
        out
    }
}

/// Sync `specs/hubspot/` under `root` from the collection at `dir`; with
/// `check`, write nothing and report what differs: the policy's choice
/// against the manifest, the collection's bytes against the manifest's
/// checksums, the committed copies against them too, the overlays that apply.
pub fn sync(root: &Path, dirs: &[PathBuf], check: bool) -> Result<SyncReport, String> {
    let PinsFile { pins, why, exclude: excluded, .. } = read_pins_file(root)?;
    let mut problems = Vec::new();
    for title in pins.keys().filter(|t| !why.contains_key(*t)) {
        problems.push(format!("{PINS}: the pin of `{title}` does not say why (`why`)"));
    }
    let mut candidates = Vec::new();
    for dir in dirs {
        if !dir.is_dir() {
            return Err(format!("no spec collection at {}", dir.display()));
        }
        candidates.extend(scan(dir)?);
    }
    for title in excluded.keys() {
        if !candidates.iter().any(|c| &c.title == title) {
            problems.push(format!("{PINS}: `{title}` is excluded but no such API is in the collection"));
        }
    }
    candidates.retain(|c| !excluded.contains_key(&c.title));
    let selection = choose(&candidates, &pins)?;
    let overlays = read_overlays(root)?;
    let mut report = SyncReport {
        beta_only: selection.beta_only.clone(),
        excluded: excluded.keys().cloned().collect(),
        problems,
        ..SyncReport::default()
    };

    let mut wanted = Vec::with_capacity(selection.chosen.len());
    let mut contents: Vec<Vec<u8>> = Vec::with_capacity(selection.chosen.len());
    for choice in &selection.chosen {
        let c = &choice.candidate;
        let bytes = fs::read(&c.path).map_err(|e| format!("cannot read {}: {e}", c.path.display()))?;
        let file = format!("{SPECS_DIR}/{}.json", choice.module);
        let applied = applicable_overlays(&file, &bytes, &overlays)?;
        wanted.push(Entry {
            module: choice.module.clone(),
            title: c.title.clone(),
            rollout: c.rollout.clone(),
            version: c.version.to_string(),
            collection: c.collection.clone(),
            source: c.source.clone(),
            file,
            sha256: sha256_hex(&bytes),
            pinned: choice.pinned,
            overlays: applied,
            bind: object_type_binding(&bytes, &c.title, &candidates),
        });
        contents.push(bytes);
    }
    for o in &overlays {
        if !wanted.iter().any(|e| e.overlays.contains(&o.display_path)) {
            report.problems.push(format!(
                "{} applies to no synced spec: stale? (delete it if HubSpot fixed what it corrects)",
                o.display_path
            ));
        }
    }

    let old = Manifest::read(root)?.unwrap_or_default();
    report.changes = diff(&old.apis, &wanted);
    report.manifest = Manifest { comment: MANIFEST_COMMENT.to_owned(), apis: wanted };

    if check {
        verify_copies(root, &old, &mut report.problems);
        if old.comment != MANIFEST_COMMENT && !old.apis.is_empty() {
            report.problems.push(format!("{MANIFEST}: the comment differs from what the sync writes"));
        }
        return Ok(report);
    }

    let out_dir = root.join(SPECS_DIR);
    fs::create_dir_all(&out_dir).map_err(|e| format!("cannot create {}: {e}", out_dir.display()))?;
    for (entry, bytes) in report.manifest.apis.iter().zip(&contents) {
        let path = root.join(&entry.file);
        if fs::read(&path).ok().as_deref() != Some(bytes.as_slice()) {
            fs::write(&path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        }
    }
    for path in stray_files(root, &report.manifest)? {
        fs::remove_file(&path).map_err(|e| format!("cannot remove {}: {e}", path.display()))?;
    }
    let text = report.manifest.to_text();
    if fs::read_to_string(root.join(MANIFEST)).ok().as_deref() != Some(text.as_str()) {
        fs::write(root.join(MANIFEST), text).map_err(|e| format!("cannot write {MANIFEST}: {e}"))?;
    }
    Ok(report)
}

/// Compare the manifest's entries with the wanted ones, by module.
/// `objectType` for an API whose chosen document has generic `{objectType}`
/// paths: the one object the API's `v3` documents name in their paths
/// (`/crm/v3/objects/contacts`, `/crm/v3/objects/0-3`), when there is exactly
/// one. None for APIs that are generic in every version (Objects, Custom
/// Objects, Properties): there the object type stays an argument.
pub fn object_type_binding(chosen: &[u8], title: &str, candidates: &[Candidate]) -> BTreeMap<String, String> {
    let paths = |bytes: &[u8]| -> Vec<String> {
        serde_json::from_slice::<serde_json::Value>(bytes)
            .ok()
            .and_then(|doc| doc.get("paths")?.as_object().map(|p| p.keys().cloned().collect()))
            .unwrap_or_default()
    };
    if !paths(chosen).iter().any(|p| p.contains("{objectType}")) {
        return BTreeMap::new();
    }
    let mut literals = BTreeSet::new();
    for c in candidates.iter().filter(|c| c.title == title && c.version.to_string() == "v3") {
        let Ok(bytes) = fs::read(&c.path) else { continue };
        for p in paths(&bytes) {
            if let Some(object) = p.strip_prefix("/crm/v3/objects/").and_then(|rest| rest.split('/').next())
                && !object.starts_with('{')
                && !object.is_empty()
            {
                literals.insert(object.to_owned());
            }
        }
    }
    match literals.len() {
        1 => BTreeMap::from([("objectType".to_owned(), literals.into_iter().next().unwrap_or_default())]),
        _ => BTreeMap::new(),
    }
}

fn diff(old: &[Entry], new: &[Entry]) -> Vec<Change> {
    let old_by: BTreeMap<&str, &Entry> = old.iter().map(|e| (e.module.as_str(), e)).collect();
    let new_by: BTreeMap<&str, &Entry> = new.iter().map(|e| (e.module.as_str(), e)).collect();
    let mut changes = Vec::new();
    for (module, n) in &new_by {
        let Some(o) = old_by.get(module) else {
            changes.push(Change::Added((*n).clone()));
            continue;
        };
        if (&o.rollout, &o.version, &o.collection, &o.source, &o.title, &o.file, &o.bind)
            != (&n.rollout, &n.version, &n.collection, &n.source, &n.title, &n.file, &n.bind)
        {
            changes.push(Change::Updated { old: (*o).clone(), new: (*n).clone() });
        } else if o.sha256 != n.sha256 {
            changes.push(Change::Republished { old: (*o).clone(), new: (*n).clone() });
        }
        if o.pinned != n.pinned {
            changes.push(Change::Pinned { module: n.module.clone(), pinned: n.pinned });
        }
        if o.overlays != n.overlays {
            let added = n.overlays.iter().filter(|x| !o.overlays.contains(x)).cloned().collect();
            let dropped = o.overlays.iter().filter(|x| !n.overlays.contains(x)).cloned().collect();
            changes.push(Change::Overlays { module: n.module.clone(), added, dropped });
        }
    }
    for (module, o) in &old_by {
        if !new_by.contains_key(module) {
            changes.push(Change::Removed((*o).clone()));
        }
    }
    changes
}

/// The committed copies against the committed manifest.
fn verify_copies(root: &Path, manifest: &Manifest, problems: &mut Vec<String>) {
    for entry in &manifest.apis {
        match fs::read(root.join(&entry.file)) {
            Ok(bytes) => {
                let actual = sha256_hex(&bytes);
                if actual != entry.sha256 {
                    problems.push(format!(
                        "{}: sha256 {actual} differs from the manifest's {} (edited by hand?)",
                        entry.file, entry.sha256
                    ));
                }
            }
            Err(e) => problems.push(format!("{}: listed in the manifest but cannot be read ({e})", entry.file)),
        }
    }
    match stray_files(root, manifest) {
        Ok(stray) => {
            for path in stray {
                let shown = path.strip_prefix(root).unwrap_or(&path).to_string_lossy().replace('\\', "/");
                problems.push(format!("{shown}: not in the manifest"));
            }
        }
        Err(e) => problems.push(e),
    }
}

/// Files in `specs/hubspot/` that are neither listed specs nor the manifest, pins and
/// openapi-generator's line counts ([`crate::volume::OAG_LINES`]).
fn stray_files(root: &Path, manifest: &Manifest) -> Result<Vec<PathBuf>, String> {
    let dir = root.join(SPECS_DIR);
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let listed: BTreeSet<PathBuf> = manifest.apis.iter().map(|e| root.join(&e.file)).collect();
    let keep = [root.join(MANIFEST), root.join(PINS), root.join(crate::volume::OAG_LINES)];
    Ok(entries(&dir)?.into_iter().filter(|p| p.is_file() && !listed.contains(p) && !keep.contains(p)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn checksums_are_sha256_in_lowercase_hex() {
        // FIPS 180-4's "abc" (its digest has bytes below 0x10, written with a leading zero) and the empty message.
        assert_eq!(sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_eq!(sha256_hex(b""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    /// A scratch folder, removed when dropped.
    struct TempDir(PathBuf);

    impl TempDir {
        fn new(name: &str) -> TempDir {
            static COUNTER: AtomicUsize = AtomicUsize::new(0);
            let n = COUNTER.fetch_add(1, Ordering::SeqCst);
            let path = std::env::temp_dir().join(format!("xtask-sync-{}-{name}-{n}", std::process::id()));
            let _ = fs::remove_dir_all(&path);
            fs::create_dir_all(&path).unwrap();
            TempDir(path)
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = fs::remove_dir_all(&self.0);
        }
    }

    /// Write `CRM/<title>/Rollouts/<rollout>/<version>/<file>.json` documents.
    fn collection(docs: &[(&str, &str, &str)]) -> TempDir {
        let dir = TempDir::new("collection");
        fs::write(dir.0.join("INDEX.tsv"), "ignored\n").unwrap();
        for (title, rollout, version) in docs {
            let folder = dir.0.join("CRM").join(title).join("Rollouts").join(rollout).join(version);
            fs::create_dir_all(&folder).unwrap();
            let body = format!(
                "{{\"openapi\": \"3.0.1\", \"info\": {{\"title\": \"{title}\", \"version\": \"{version}\"}}, \"paths\": {{}}, \"x-rollout\": \"{rollout}\"}}\n"
            );
            fs::write(folder.join("spec.json"), body).unwrap();
        }
        dir
    }

    fn pick(dir: &TempDir, pins: &[(&str, &str)]) -> Result<Vec<String>, String> {
        let pins = pins.iter().map(|(t, p)| ((*t).to_owned(), (*p).to_owned())).collect();
        let selection = choose(&scan(&dir.0)?, &pins)?;
        Ok(selection
            .chosen
            .iter()
            .map(|c| format!("{}={}/{}", c.module, c.candidate.rollout, c.candidate.version))
            .collect())
    }

    #[test]
    fn module_names_are_snake_case_titles() {
        let cases = [
            ("Contacts", "contacts"),
            ("Line Items", "line_items"),
            ("Crm Owners", "crm_owners"),
            ("Associations Schema", "associations_schema"),
            ("Public App Feature Flags V3", "public_app_feature_flags"),
            ("Api V", "api_v"),
            ("Events v2 beta", "events_v2_beta"),
            ("Bucket_Test111", "bucket_test111"),
            ("Price Book Items Crm Reads Api", "price_book_items_crm_reads_api"),
            ("Type", "type_"),
            ("3D Models", "n3d_models"),
        ];
        for (title, module) in cases {
            assert_eq!(module_for_title(title), module, "{title}");
        }
    }

    #[test]
    fn versions_rank_dated_above_numbered_and_stable_above_beta() {
        let mut versions: Vec<Version> =
            ["2026-09", "v3", "2026-09-beta", "v4", "2025-09", "2027-03-beta", "v10", "v1"]
                .iter()
                .map(|v| Version::parse(v).unwrap())
                .collect();
        versions.sort();
        let shown: Vec<String> = versions.iter().map(ToString::to_string).collect();
        assert_eq!(shown, ["v1", "v3", "v4", "v10", "2025-09", "2026-09-beta", "2026-09", "2027-03-beta"]);
        for bad in ["3", "v", "vx", "2026-13", "2026-9", "26-09", "2026-09-rc", "latest", "v-1"] {
            assert!(Version::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn newest_stable_version_wins_and_betas_need_a_pin() {
        let dir = collection(&[
            ("Contacts", "424", "v3"),
            ("Contacts", "424", "2025-09"),
            ("Contacts", "424", "2026-03"),
            ("Contacts", "321895", "2026-09-beta"),
            ("Exports", "95922", "v3"),
            ("Tasks Series", "320937", "2026-09-beta"),
        ]);
        assert_eq!(pick(&dir, &[]).unwrap(), ["contacts=424/2026-03", "exports=95922/v3"]);
        let selection = choose(&scan(&dir.0).unwrap(), &BTreeMap::new()).unwrap();
        assert_eq!(selection.beta_only, ["Tasks Series"]);
        assert!(selection.chosen.iter().all(|c| !c.pinned));
        // A pin may select a beta, also of an API that has nothing else.
        assert_eq!(
            pick(&dir, &[("Tasks Series", "2026-09-beta"), ("Contacts", "2026-09-beta")]).unwrap(),
            ["contacts=321895/2026-09-beta", "exports=95922/v3", "tasks_series=320937/2026-09-beta"]
        );
    }

    #[test]
    fn a_pin_wins_over_the_newest_version() {
        let dir =
            collection(&[("Contacts", "424", "v3"), ("Contacts", "424", "2026-09"), ("Contacts", "107729", "v3")]);
        assert_eq!(pick(&dir, &[("Contacts", "v3")]).unwrap(), ["contacts=424/v3"]);
        assert_eq!(pick(&dir, &[("Contacts", "107729/v3")]).unwrap(), ["contacts=107729/v3"]);
        let err = pick(&dir, &[("Contacts", "2026-03")]).unwrap_err();
        assert!(err.contains("matches no document (available: 107729/v3, 424/2026-09, 424/v3)"), "{err}");
        let err = pick(&dir, &[("Contacts", "9/v3")]).unwrap_err();
        assert!(err.contains("matches no document"), "{err}");
        let err = pick(&dir, &[("Deals", "v3")]).unwrap_err();
        assert!(err.contains("pin for `Deals`: no such API"), "{err}");
    }

    #[test]
    fn rollout_tie_break_prefers_the_rollout_that_moved_on_then_the_highest_number() {
        // v4 in two rollouts: 130902 also has 2026-09, so its v4 is chosen
        // even though 50914 has the higher number.
        let dir = collection(&[
            ("Associations", "50914", "v4"),
            ("Associations", "130902", "v4"),
            ("Associations", "130902", "2026-09"),
            ("Associations", "321895", "2026-09-beta"),
            ("Deals", "424", "v3"),
            ("Deals", "9000", "v3"),
            ("Deals", "50000", "v3"),
        ]);
        assert_eq!(pick(&dir, &[("Associations", "v4")]).unwrap(), ["associations=130902/v4", "deals=50000/v3"]);
        // Rollout numbers compare as numbers: 50000 > 9000 > 424.
        assert_eq!(pick(&dir, &[]).unwrap(), ["associations=130902/2026-09", "deals=50000/v3"]);
    }

    #[test]
    fn two_titles_with_one_module_name_are_refused() {
        let dir = collection(&[("Line Items", "1", "v3"), ("Line_Items", "2", "v3")]);
        let err = pick(&dir, &[]).unwrap_err();
        assert!(err.contains("both become module `line_items`"), "{err}");
    }

    #[test]
    fn an_unexpected_layout_is_an_error() {
        let dir = collection(&[("Contacts", "424", "v3")]);
        fs::create_dir_all(dir.0.join("CRM/Contacts/Rollouts/424/latest")).unwrap();
        assert!(scan(&dir.0).unwrap_err().contains("`latest` is not a version"));
        let dir = collection(&[("Contacts", "424", "v3")]);
        fs::write(dir.0.join("CRM/Contacts/Rollouts/424/v3/other.json"), "{}").unwrap();
        assert!(scan(&dir.0).unwrap_err().contains("expected one .json document, found 2"));
    }

    fn workspace(pins: &str) -> TempDir {
        let root = TempDir::new("root");
        fs::create_dir_all(root.0.join(SPECS_DIR)).unwrap();
        fs::write(root.0.join(PINS), pins).unwrap();
        root
    }

    fn lines(report: &SyncReport) -> Vec<String> {
        report.changes.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn sync_copies_writes_the_manifest_and_reports_changes() {
        let dir = collection(&[
            ("Contacts", "424", "v3"),
            ("Contacts", "424", "2026-03"),
            ("Deals", "424", "v3"),
            ("Beta Only", "7", "2026-09-beta"),
        ]);
        let root = workspace(r#"{"comment": "c", "pins": {}}"#);

        let report = sync(&root.0, std::slice::from_ref(&dir.0), false).unwrap();
        assert_eq!(
            lines(&report),
            ["added     contacts: Contacts 2026-03 (rollout 424)", "added     deals: Deals v3 (rollout 424)"]
        );
        assert_eq!(report.beta_only, ["Beta Only"]);
        let copy = fs::read(root.0.join("specs/hubspot/contacts.json")).unwrap();
        assert_eq!(copy, fs::read(dir.0.join("CRM/Contacts/Rollouts/424/2026-03/spec.json")).unwrap(), "byte for byte");
        let manifest = Manifest::read(&root.0).unwrap().unwrap();
        assert_eq!(manifest, report.manifest);
        let contacts = &manifest.apis[0];
        assert_eq!(
            (contacts.module.as_str(), contacts.title.as_str(), contacts.rollout.as_str(), contacts.version.as_str()),
            ("contacts", "Contacts", "424", "2026-03")
        );
        assert_eq!(contacts.source, "CRM/Contacts/Rollouts/424/2026-03/spec.json");
        assert_eq!(contacts.file, "specs/hubspot/contacts.json");
        assert_eq!(contacts.sha256, sha256_hex(&copy));

        // In sync: nothing to do, and the check agrees.
        assert!(sync(&root.0, std::slice::from_ref(&dir.0), false).unwrap().changes.is_empty());
        let check = sync(&root.0, std::slice::from_ref(&dir.0), true).unwrap();
        assert!(check.is_clean(), "{}", check.render(true));

        // Upstream: a new version for Contacts, Deals withdrawn, a beta pinned.
        let newer = dir.0.join("CRM/Contacts/Rollouts/424/2026-09");
        fs::create_dir_all(&newer).unwrap();
        fs::write(newer.join("spec.json"), "{\"openapi\": \"3.0.1\"}\n").unwrap();
        fs::remove_dir_all(dir.0.join("CRM/Deals")).unwrap();
        fs::write(root.0.join(PINS), r#"{"pins": {"Beta Only": "2026-09-beta"}}"#).unwrap();
        let check = sync(&root.0, std::slice::from_ref(&dir.0), true).unwrap();
        let expected = [
            "added     beta_only: Beta Only 2026-09-beta (rollout 7)",
            "updated   contacts: 2026-03 (rollout 424) → 2026-09 (rollout 424)",
            "removed   deals: Deals v3 (rollout 424)",
        ];
        assert_eq!(lines(&check), expected);
        assert!(check.render(true).contains("out of date"), "{}", check.render(true));
        assert!(root.0.join("specs/hubspot/deals.json").exists(), "check writes nothing");
        let report = sync(&root.0, std::slice::from_ref(&dir.0), false).unwrap();
        assert_eq!(lines(&report), expected);
        assert!(!root.0.join("specs/hubspot/deals.json").exists(), "a removed API's copy goes");
        assert!(root.0.join(PINS).exists(), "the pins stay");
        assert!(report.manifest.apis.iter().any(|e| e.module == "beta_only" && e.pinned));

        // Republished in place.
        fs::write(newer.join("spec.json"), "{\"openapi\": \"3.0.2\"}\n").unwrap();
        let check = sync(&root.0, std::slice::from_ref(&dir.0), true).unwrap();
        assert_eq!(check.changes.len(), 1);
        assert!(
            check.changes[0].to_string().starts_with("changed   contacts: 2026-09 (rollout 424) republished (sha256 "),
            "{}",
            check.changes[0]
        );
    }

    #[test]
    fn check_finds_edited_missing_and_stray_copies() {
        let dir = collection(&[("Contacts", "424", "v3"), ("Deals", "424", "v3")]);
        let root = workspace("{}");
        sync(&root.0, std::slice::from_ref(&dir.0), false).unwrap();
        fs::write(root.0.join("specs/hubspot/contacts.json"), "{\"edited\": true}").unwrap();
        fs::remove_file(root.0.join("specs/hubspot/deals.json")).unwrap();
        fs::write(root.0.join("specs/hubspot/extra.json"), "{}").unwrap();
        let check = sync(&root.0, std::slice::from_ref(&dir.0), true).unwrap();
        assert!(check.changes.is_empty());
        let problems = check.problems.join("\n");
        assert!(problems.contains("specs/hubspot/contacts.json: sha256"), "{problems}");
        assert!(problems.contains("specs/hubspot/deals.json: listed in the manifest but cannot be read"), "{problems}");
        assert!(problems.contains("specs/hubspot/extra.json: not in the manifest"), "{problems}");
        assert!(!check.is_clean());
        // A sync repairs all three.
        sync(&root.0, std::slice::from_ref(&dir.0), false).unwrap();
        assert!(sync(&root.0, std::slice::from_ref(&dir.0), true).unwrap().is_clean());
    }

    #[test]
    fn overlays_are_assigned_where_every_action_matches() {
        let dir = collection(&[("Contacts", "424", "v3"), ("Deals", "424", "v3")]);
        let root = workspace("{}");
        fs::create_dir_all(root.0.join(OVERLAYS_DIR)).unwrap();
        // Matches only Contacts (by its info.title), in both actions.
        let contacts_only = "overlay: 1.0.0\ninfo: {title: t, version: 1.0.0}\nactions:\n  \
            - target: \"$[?@.title == 'Contacts']\"\n    update: {x-fixed: true}\n  \
            - target: \"$.info[?@ == 'Contacts']\"\n    remove: true\n";
        fs::write(root.0.join(OVERLAYS_DIR).join("a-contacts.yaml"), contacts_only).unwrap();
        // Matches every spec.
        let all = "overlay: 1.0.0\ninfo: {title: t, version: 1.0.0}\nactions:\n  - target: $.info\n    update: {x-all: true}\n";
        fs::write(root.0.join(OVERLAYS_DIR).join("b-all.yaml"), all).unwrap();
        let report = sync(&root.0, std::slice::from_ref(&dir.0), false).unwrap();
        let overlays: Vec<(&str, Vec<&str>)> = report
            .manifest
            .apis
            .iter()
            .map(|e| (e.module.as_str(), e.overlays.iter().map(String::as_str).collect()))
            .collect();
        assert_eq!(
            overlays,
            [
                ("contacts", vec!["specs/overlays/a-contacts.yaml", "specs/overlays/b-all.yaml"]),
                ("deals", vec!["specs/overlays/b-all.yaml"])
            ]
        );
        assert!(report.problems.is_empty(), "{:?}", report.problems);

        // The manifest's overlays load strictly through the generator.
        for spec in report.manifest.spec_inputs(&root.0).unwrap() {
            let (_, reports) = generator::apply_overlays(&spec).unwrap();
            assert!(reports.iter().all(|r| r.all_matched()));
        }

        // An overlay that matches in part is an error; one that matches nothing is stale.
        let partial = "overlay: 1.0.0\ninfo: {title: t, version: 1.0.0}\nactions:\n  - target: $.info\n    update: {x: 1}\n  - target: $.nothing\n    remove: true\n";
        fs::write(root.0.join(OVERLAYS_DIR).join("c-partial.yaml"), partial).unwrap();
        let err = sync(&root.0, std::slice::from_ref(&dir.0), true).unwrap_err();
        assert!(err.contains("specs/overlays/c-partial.yaml applies only in part to specs/hubspot/contacts.json: actions[1] `$.nothing`"), "{err}");
        let unused =
            "overlay: 1.0.0\ninfo: {title: t, version: 1.0.0}\nactions:\n  - target: $.nothing\n    remove: true\n";
        fs::write(root.0.join(OVERLAYS_DIR).join("c-partial.yaml"), unused).unwrap();
        let check = sync(&root.0, std::slice::from_ref(&dir.0), true).unwrap();
        assert_eq!(check.problems.len(), 1, "{:?}", check.problems);
        assert!(check.problems[0].contains("c-partial.yaml applies to no synced spec"));
    }
}
