//! `cargo xtask api-diff OLD NEW`: what changes in the generated Rust API
//! between two versions of the specs, and the summary `codegen` prints.
//!
//! Either side is a spec file, a folder laid out like the workspace (one that
//! holds `specs/`, or `specs/` itself), or a git revision (its `specs/` is
//! extracted under `target/api-diff/`). Both sides are loaded, lowered and
//! merged exactly as `codegen` does and compared with
//! [`generator::diff::diff`]; nothing is emitted.
//!
//! A single spec file gets what the sync would give it: the overlays of
//! `specs/overlays/` that apply to it in full, and, for a document of
//! HubSpot's collection (`<group>/<Title>/Rollouts/<rollout>/<version>/<file>.json`),
//! the module named after its title and the `objectType` its `v3` documents
//! bind. A file listed in `specs/hubspot/manifest.json` gets its entry's
//! module, overlays and bindings.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use generator::diff::{Format, Report};
use generator::{Config, SpecInput};

use crate::sync;

/// One side of a comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Side {
    File(PathBuf),
    /// A folder laid out like the workspace root (it holds `specs/`).
    Tree(PathBuf),
    /// A git revision of the workspace's `specs/`.
    Git(String),
}

impl Side {
    /// A file, a folder, or else a git revision.
    pub fn parse(arg: &str) -> Side {
        let path = PathBuf::from(arg);
        if path.is_file() {
            Side::File(path)
        } else if path.is_dir() {
            let is_specs = path.file_name().is_some_and(|n| n == "specs") && !path.join("specs").is_dir();
            let root =
                if is_specs { path.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf) } else { path };
            Side::Tree(if root.as_os_str().is_empty() { PathBuf::from(".") } else { root })
        } else {
            Side::Git(arg.to_owned())
        }
    }

    pub fn label(&self) -> String {
        match self {
            Side::File(p) => p.display().to_string(),
            Side::Tree(p) => format!("{}/specs", p.display()),
            Side::Git(rev) => format!("specs/ at {rev}"),
        }
    }
}

/// Options of a comparison.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Apply no overlays to single spec files.
    pub raw: bool,
}

/// The generator input for one side.
pub fn inputs(root: &Path, side: &Side, options: Options) -> Result<Vec<SpecInput>, String> {
    match side {
        Side::File(path) => Ok(vec![file_input(root, path, options)?]),
        Side::Tree(dir) => crate::target_inputs(dir, crate::CLIENT),
        Side::Git(rev) => {
            let dir = checkout_specs(root, rev)?;
            crate::target_inputs(&dir, crate::CLIENT)
        }
    }
}

/// One spec file as the sync and codegen would read it.
pub fn file_input(root: &Path, path: &Path, options: Options) -> Result<SpecInput, String> {
    let text = fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let shown = path.strip_prefix(root).unwrap_or(path).to_string_lossy().replace('\\', "/");
    // A synced spec: its manifest entry says everything.
    if let Some(manifest) = sync::Manifest::read(root)?
        && let Ok(canonical) = path.canonicalize()
        && let Some(entry) =
            manifest.apis.iter().find(|e| root.join(&e.file).canonicalize().ok().as_ref() == Some(&canonical))
    {
        let mut spec = manifest
            .spec_inputs(root)?
            .into_iter()
            .find(|s| s.module == entry.module)
            .unwrap_or_else(|| SpecInput::new(&shown, &text));
        spec.text = text;
        spec.display_path = shown;
        if options.raw {
            spec.overlays.clear();
        }
        return Ok(spec);
    }
    let mut spec = SpecInput::new(&shown, &text);
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        spec = spec.with_loader(crate::file_loader(dir));
    }
    if let Some((collection, title)) = collection_of(path) {
        spec.module = sync::module_for_title(&title);
        let candidates = sync::scan(&collection)?;
        spec.bindings = sync::object_type_binding(text.as_bytes(), &title, &candidates);
    }
    // HubSpot's documents are JSON; the sync's overlay policy reads only those.
    if !options.raw && path.extension().is_some_and(|e| e == "json") {
        let overlays = sync::read_overlays(root)?;
        let wanted = sync::applicable_overlays(&shown, text.as_bytes(), &overlays)?;
        for name in wanted {
            let overlay = fs::read_to_string(root.join(&name)).map_err(|e| format!("cannot read {name}: {e}"))?;
            spec = spec.with_overlay(name, overlay);
        }
    }
    Ok(spec)
}

/// For a document of HubSpot's collection
/// (`<collection>/<group>/<Title>/Rollouts/<rollout>/<version>/<file>.json`):
/// the collection folder and the API title.
fn collection_of(path: &Path) -> Option<(PathBuf, String)> {
    let path = path.canonicalize().ok()?;
    let version = path.parent()?;
    let rollouts = version.parent()?.parent()?;
    if rollouts.file_name()? != "Rollouts" {
        return None;
    }
    let title_dir = rollouts.parent()?;
    let collection = title_dir.parent()?.parent()?;
    Some((collection.to_path_buf(), title_dir.file_name()?.to_string_lossy().into_owned()))
}

/// `specs/` at a git revision, extracted under `target/api-diff/`: the folder
/// that holds it.
pub fn checkout_specs(root: &Path, rev: &str) -> Result<PathBuf, String> {
    let verify = Command::new("git")
        .args(["rev-parse", "--verify", "--quiet", &format!("{rev}^{{commit}}")])
        .current_dir(root)
        .output()
        .map_err(|e| format!("`{rev}` is no file or folder, and git cannot be run to read it as a revision: {e}"))?;
    if !verify.status.success() {
        return Err(format!("`{rev}` is neither a spec file, a folder nor a git revision"));
    }
    let commit = String::from_utf8_lossy(&verify.stdout).trim().to_owned();
    let dir = root.join("target/api-diff").join(&commit);
    if dir.join("specs").is_dir() {
        return Ok(dir);
    }
    let partial = root.join("target/api-diff").join(format!("{commit}.partial"));
    let _ = fs::remove_dir_all(&partial);
    fs::create_dir_all(&partial).map_err(|e| format!("cannot create {}: {e}", partial.display()))?;
    let mut archive = Command::new("git")
        .args(["archive", "--format=tar", &commit, "specs"])
        .current_dir(root)
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run git archive: {e}"))?;
    let stdout = archive.stdout.take().ok_or("git archive has no output")?;
    let tar = Command::new("tar")
        .arg("-x")
        .arg("-C")
        .arg(&partial)
        .stdin(stdout)
        .status()
        .map_err(|e| format!("cannot run tar: {e}"))?;
    let archived = archive.wait().map_err(|e| format!("git archive: {e}"))?;
    if !archived.success() || !tar.success() {
        return Err(format!("cannot extract specs/ at {rev}"));
    }
    fs::rename(&partial, &dir).map_err(|e| format!("cannot move {} into place: {e}", partial.display()))?;
    Ok(dir)
}

/// Compare two sets of generator input. Two single spec files are one API
/// on both sides even when their names differ (the new file's module wins).
pub fn compare(mut old: Vec<SpecInput>, new: Vec<SpecInput>) -> Result<Report, String> {
    if let ([o], [n]) = (old.as_mut_slice(), new.as_slice()) {
        o.module = n.module.clone();
    }
    let config = Config::default();
    let old_model = generator::model(&old, &config).map_err(|d| format!("the old specs do not generate:\n{d}"))?;
    let new_model = generator::model(&new, &config).map_err(|d| format!("the new specs do not generate:\n{d}"))?;
    Ok(generator::diff::diff(&old_model, &new_model))
}

/// Compare two sides and render the report.
pub fn run(root: &Path, old: &Side, new: &Side, format: Format, options: Options) -> Result<(Report, String), String> {
    let report = compare(inputs(root, old, options)?, inputs(root, new, options)?)?;
    let title = format!("{} → {}", old.label(), new.label());
    let text = generator::diff::render(&report, format, &title, &client_version(root)?);
    Ok((report, text))
}

/// The client crate's version (`[package] version`).
pub fn client_version(root: &Path) -> Result<String, String> {
    let manifest = fs::read_to_string(root.join("generated-client/Cargo.toml"))
        .map_err(|e| format!("cannot read the client manifest: {e}"))?;
    manifest
        .lines()
        .find_map(|l| l.strip_prefix("version = \"").and_then(|v| v.strip_suffix('"')))
        .map(str::to_owned)
        .ok_or_else(|| "the client manifest has no `version = \"…\"`".to_owned())
}

/// Does `git status` show any change under `specs/` (staged, unstaged or untracked)?
pub fn specs_changed(root: &Path) -> Result<bool, String> {
    let status = Command::new("git")
        .args(["status", "--porcelain", "--", "specs"])
        .current_dir(root)
        .output()
        .map_err(|e| format!("cannot run git status: {e}"))?;
    if !status.status.success() {
        return Err(format!("git status failed: {}", String::from_utf8_lossy(&status.stderr).trim()));
    }
    Ok(!status.stdout.is_empty())
}

/// What `codegen` prints: the Rust API changes from the specs committed at
/// `HEAD` to the working tree's, or `None` when the specs are the same.
/// Fails (and `codegen` says it skipped the summary) without git.
pub fn codegen_summary(root: &Path) -> Result<Option<String>, String> {
    // Everything codegen reads (specs, overlays, manifest) is under `specs/`:
    // when git sees no change there, there is nothing to compare.
    if !specs_changed(root)? {
        return Ok(None);
    }
    let new = crate::target_inputs(root, crate::CLIENT)?;
    let old_dir = checkout_specs(root, "HEAD")?;
    let old = crate::target_inputs(&old_dir, crate::CLIENT)?;
    if old == new {
        return Ok(None);
    }
    let report = compare(old, new)?;
    Ok(Some(generator::diff::render(&report, Format::Text, "specs/ at HEAD → working tree", &client_version(root)?)))
}
