//! `cargo xtask corpus [DIR]`: run the generator over every spec under DIR,
//! compile the outputs in scratch crates, and report per spec.
//!
//! A generator panic is caught per spec and reported as a generator bug with
//! the spec's path. The specs that generated are split, in order, into
//! scratch crates of at most [`CorpusOptions::crate_lines`] generated lines
//! (each generated together, one type space per crate) and checked one after
//! the other, so the compiler's peak memory stays bounded however large the
//! folder; progress is printed per crate. Compiler diagnostics are attributed
//! to the spec whose module they point into.
//!
//! **Untyped fallbacks** (the `untyped` column): struct fields and operation
//! parameters typed as `serde_json::Value` (directly, or inside an `Option`,
//! list, map or alias) because the generator fell back on a schema that does
//! say its type: an `allOf` whose parts cannot be one value, a schema that is
//! not valid on its own, a component with a broken `$ref` inside. A schema
//! that leaves the value free (`{}`, only annotations, a reference cycle with
//! no structure) is not a fallback. Each fallback comes with a warning naming
//! its pointer ([`generator::Counts::untyped_fallbacks`]).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use generator::{Config, SpecInput};

/// What to run and how.
#[derive(Debug, Clone)]
pub struct CorpusOptions {
    pub dir: PathBuf,
    /// Only the newest version of each API (see [`newest_versions`]).
    pub newest_only: bool,
    /// Generate only; skip `cargo check`.
    pub skip_check: bool,
    /// At most this many generated lines (specs counted alone) per scratch
    /// crate; a spec larger than that gets a crate of its own.
    pub crate_lines: usize,
}

/// Lines per scratch crate by default: `cargo check` of about 200,000
/// generated lines peaks near 3 GB here (a million lines needed over 12 GB).
pub const DEFAULT_CRATE_LINES: usize = 200_000;

impl CorpusOptions {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        CorpusOptions { dir: dir.into(), newest_only: false, skip_check: false, crate_lines: DEFAULT_CRATE_LINES }
    }
}

/// One generator warning, for `--warnings`.
#[derive(Debug, Clone)]
pub struct WarningEntry {
    /// The spec, as shown in the table.
    pub spec: String,
    pub pointer: String,
    /// The message with names and pointers taken out (what `warnings by kind` groups by).
    pub kind: String,
    pub message: String,
}

/// One spec's row of the table.
#[derive(Debug, Clone, Default)]
pub struct Row {
    pub path: String,
    pub module: String,
    pub operations: usize,
    pub types: usize,
    pub skipped: usize,
    pub warnings: usize,
    /// Struct fields and operation parameters.
    pub fields: usize,
    /// Of those, untyped fallbacks (see the module docs).
    pub untyped: usize,
    pub lines: usize,
    /// `None` when generated; the reason otherwise.
    pub generate_error: Option<String>,
    pub compile_errors: usize,
    pub compile_warnings: usize,
    /// A Swagger 2.0 document: reported, not generated, not a failure.
    pub unsupported: bool,
}

impl Row {
    pub fn ok(&self, checked: bool) -> bool {
        self.unsupported || (self.generate_error.is_none() && (!checked || self.compile_errors == 0))
    }
}

/// The whole run.
#[derive(Debug, Default)]
pub struct CorpusReport {
    pub rows: Vec<Row>,
    pub generate_time: Duration,
    pub check_time: Option<Duration>,
    /// Compiler output for diagnostics that no spec module owns, or the first errors.
    pub check_notes: String,
    pub warnings_by_kind: BTreeMap<String, usize>,
    /// Every generator warning, in spec order.
    pub warnings: Vec<WarningEntry>,
    /// The scratch crates checked.
    pub crates: usize,
    /// The specs generated together as one crate (one type space): its lines
    /// and the types the APIs share.
    pub combined_lines: usize,
    pub shared_types: usize,
    /// Compiler errors in no spec's module (the shared types, the runtime).
    pub crate_errors: usize,
}

impl CorpusReport {
    /// Did every spec generate (and compile, when checked), with no error elsewhere in the crate?
    pub fn ok(&self, checked: bool) -> bool {
        self.rows.iter().all(|r| r.ok(checked)) && (!checked || self.crate_errors == 0)
    }
}

/// Every OpenAPI document (`.json`, `.yaml`, `.yml` with a top-level
/// `openapi` or `swagger` field) under `dir`, sorted; other such files are
/// fragments, read through the references of the documents that name them.
pub fn find_specs(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let files = crate::files_under(dir)?;
    Ok(files
        .into_iter()
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("json" | "yaml" | "yml")))
        .filter(|p| fs::read_to_string(p).is_ok_and(|text| crate::is_spec_document(&text)))
        .collect())
}

/// The newest version of each API, for a tree laid out as
/// `<api>/…/<version>/<file>` (HubSpot's `CRM/<API>/Rollouts/<id>/<version>/<file>`):
/// specs are grouped by their API folder (two levels above the version folder)
/// and file name, and the highest version wins. Dated versions (`2026-03`) rank
/// above `vN` ones, and a plain date above its `-beta`.
pub fn newest_versions(dir: &Path, specs: &[PathBuf]) -> Vec<PathBuf> {
    let mut best: BTreeMap<(PathBuf, String), (String, PathBuf)> = BTreeMap::new();
    for spec in specs {
        let rel = spec.strip_prefix(dir).unwrap_or(spec);
        let parts: Vec<&str> = rel.iter().filter_map(|p| p.to_str()).collect();
        let (api, version) = match parts.len() {
            n if n >= 4 => (parts[..n - 3].join("/"), parts[n - 2].to_owned()),
            n if n >= 2 => (parts[..n - 1].join("/"), parts[n - 2].to_owned()),
            _ => (String::new(), String::new()),
        };
        let file = parts.last().copied().unwrap_or_default().to_owned();
        let key = (PathBuf::from(api), file);
        let rank = version_rank(&version);
        match best.get(&key) {
            Some((r, _)) if *r >= rank => {}
            _ => {
                best.insert(key, (rank, spec.clone()));
            }
        }
    }
    let mut out: Vec<PathBuf> = best.into_values().map(|(_, p)| p).collect();
    out.sort();
    out
}

fn version_rank(version: &str) -> String {
    let dated = version.chars().next().is_some_and(|c| c.is_ascii_digit());
    let (base, stable) = match version.split_once("-beta") {
        Some((b, _)) => (b, '0'),
        None => (version, '1'),
    };
    let base = base.trim_start_matches('v');
    format!("{}{base:0>12}{stable}", if dated { '1' } else { '0' })
}

/// A module name per spec, unique and readable: the path without the file
/// extension and without folders every spec shares.
fn module_names(dir: &Path, specs: &[PathBuf]) -> Vec<String> {
    let mut namer = generator::naming::Namer::default();
    specs
        .iter()
        .map(|p| {
            let rel = p.strip_prefix(dir).unwrap_or(p).with_extension("");
            let words: Vec<String> = rel
                .iter()
                .filter_map(|c| c.to_str())
                .filter(|c| !c.eq_ignore_ascii_case("rollouts"))
                .map(str::to_owned)
                .collect();
            namer.unique(generator::naming::module_name(&words.join(" ")))
        })
        .collect()
}

/// Generate every spec (each on its own, panics caught), then compile the
/// ones that generated together.
pub fn run(root: &Path, options: &CorpusOptions) -> Result<CorpusReport, String> {
    let mut specs = find_specs(&options.dir)?;
    if options.newest_only {
        specs = newest_versions(&options.dir, &specs);
    }
    if specs.is_empty() {
        return Err(format!("no specs under {}", options.dir.display()));
    }
    let modules = module_names(&options.dir, &specs);
    let config = Config::default();
    let mut report = CorpusReport::default();
    let mut inputs = Vec::new();
    let mut input_lines = Vec::new();

    let previous_hook = panic::take_hook();
    panic::set_hook(Box::new(|_| {}));
    let started = Instant::now();
    for (path, module) in specs.iter().zip(&modules) {
        let shown = path.strip_prefix(&options.dir).unwrap_or(path).to_string_lossy().replace('\\', "/");
        let mut row = Row { path: shown, module: module.clone(), ..Row::default() };
        let text = match fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                row.generate_error = Some(format!("cannot read: {e}"));
                report.rows.push(row);
                continue;
            }
        };
        if crate::is_swagger(&text) {
            row.unsupported = true;
            row.generate_error = Some("Swagger 2.0: not supported (convert it to OpenAPI 3 first)".to_owned());
            report.rows.push(row);
            continue;
        }
        let mut input = SpecInput {
            display_path: path.to_string_lossy().into_owned(),
            module: module.clone(),
            text,
            ..SpecInput::default()
        };
        if let Some(dir) = path.parent() {
            input = input.with_loader(crate::file_loader(dir));
        }
        let result =
            panic::catch_unwind(AssertUnwindSafe(|| generator::generate(std::slice::from_ref(&input), &config)));
        match result {
            Ok(Ok(out)) => {
                let stats = &out.stats[0];
                row.operations = stats.operations;
                row.types = stats.types;
                row.skipped = stats.skipped_operations;
                row.warnings = out.warnings.0.len();
                row.fields = stats.fields_and_params;
                row.untyped = stats.untyped_fallbacks;
                row.lines = crate::volume::generated_lines(&out);
                for w in out.warnings.iter() {
                    let kind = warning_kind(&w.message);
                    *report.warnings_by_kind.entry(kind.clone()).or_default() += 1;
                    report.warnings.push(WarningEntry {
                        spec: row.path.clone(),
                        pointer: w.pointer.clone(),
                        kind,
                        message: w.message.clone(),
                    });
                }
                input_lines.push(row.lines);
                inputs.push(input);
            }
            Ok(Err(diags)) => row.generate_error = Some(first_line(&diags.to_string())),
            Err(payload) => {
                let msg = payload
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_else(|| "unknown panic".to_owned());
                row.generate_error = Some(format!("GENERATOR BUG: panicked on {}: {msg}", path.display()));
            }
        }
        report.rows.push(row);
    }
    panic::set_hook(previous_hook);
    report.generate_time = started.elapsed();

    if options.skip_check || inputs.is_empty() {
        return Ok(report);
    }
    // Split into crates of bounded size, in order; check them one after the other.
    let mut chunks: Vec<std::ops::Range<usize>> = Vec::new();
    let mut start = 0;
    let mut lines = 0;
    for (i, n) in input_lines.iter().enumerate() {
        if i > start && lines + n > options.crate_lines {
            chunks.push(start..i);
            start = i;
            lines = 0;
        }
        lines += n;
    }
    chunks.push(start..inputs.len());
    report.crates = chunks.len();

    let mut per_module = Counts::new();
    let mut check_time = Duration::ZERO;
    for (index, range) in chunks.iter().enumerate() {
        let number = index + 1;
        let chunk = &inputs[range.clone()];
        let output = generator::generate(chunk, &config)
            .map_err(|d| format!("crate {number}: combined generation failed: {d}"))?;
        let chunk_lines = crate::volume::generated_lines(&output);
        report.combined_lines += chunk_lines;
        report.shared_types += output.shared_types;
        let name = format!("corpus-check-{number}");
        let crate_dir = root.join("target/corpus").join(number.to_string());
        write_scratch_crate(root, &crate_dir, &name, &output.files)?;
        eprintln!(
            "crate {number}/{}: {} specs, {chunk_lines} generated lines: cargo check …",
            chunks.len(),
            chunk.len()
        );
        let started = Instant::now();
        let (counts, notes) = cargo_check(root, &crate_dir, &name.replace('-', "_"))?;
        let took = started.elapsed();
        check_time += took;
        let errors: usize = counts.values().map(|(e, _)| e).sum();
        eprintln!("crate {number}/{}: checked in {took:.1?}, {errors} compiler errors", chunks.len());
        report.check_notes.push_str(&notes);
        for (module, (e, w)) in counts {
            let entry = per_module.entry(module).or_default();
            entry.0 += e;
            entry.1 += w;
        }
    }
    // Crates of earlier runs that this one did not write are stale.
    for stale in (chunks.len() + 1..).map(|n| root.join("target/corpus").join(n.to_string())).take_while(|d| d.exists())
    {
        let _ = fs::remove_dir_all(stale);
    }
    report.check_time = Some(check_time);
    for row in &mut report.rows {
        if let Some((errors, warnings)) = per_module.remove(&row.module) {
            row.compile_errors = errors;
            row.compile_warnings = warnings;
        }
    }
    report.crate_errors = per_module.values().map(|(errors, _)| errors).sum();
    Ok(report)
}

/// Group warnings by their message with names and pointers taken out.
fn warning_kind(message: &str) -> String {
    let mut kind = String::new();
    let mut in_quote = false;
    for c in message.chars() {
        match c {
            '`' => {
                in_quote = !in_quote;
                if in_quote {
                    kind.push_str("`…`");
                }
            }
            _ if in_quote => {}
            '[' => break,
            c => kind.push(c),
        }
    }
    kind.trim().to_owned()
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or_default().to_owned()
}

/// A standalone crate (its own `[workspace]`) named `name` under `dir`:
/// the generated `files` with the client's runtime and dependency versions.
pub fn write_scratch_crate(
    root: &Path,
    dir: &Path,
    name: &str,
    files: &[generator::GeneratedFile],
) -> Result<(), String> {
    let io = |e: std::io::Error| format!("writing the scratch crate in {}: {e}", dir.display());
    let _ = fs::remove_dir_all(dir.join("src"));
    fs::create_dir_all(dir.join("src/generated")).map_err(io)?;
    let client_src = root.join("generated-client/src");
    let manifest = fs::read_to_string(root.join("generated-client/Cargo.toml")).map_err(io)?;
    let deps = manifest.split("[dependencies]").nth(1).and_then(|d| d.split("\n[").next()).unwrap_or_default();
    let workspace = fs::read_to_string(root.join("Cargo.toml")).map_err(io)?;
    let versions =
        workspace.split("[workspace.dependencies]").nth(1).and_then(|d| d.split("\n[").next()).unwrap_or_default();
    // Same dependency versions as the client: resolve `x.workspace = true` and
    // `x = { workspace = true, optional = true, … }` lines, keeping their own keys.
    let mut resolved = String::new();
    for line in deps.lines().filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#')) {
        let name = line.split(['.', ' ', '=']).next().unwrap_or_default();
        match versions.lines().find(|v| v.split([' ', '=']).next() == Some(name)) {
            Some(v) if line.contains("workspace = true") => {
                let value = v.split_once('=').map_or("", |(_, value)| value.trim());
                let shared = match value.strip_prefix('{').and_then(|t| t.strip_suffix('}')) {
                    Some(table) => table.trim().to_owned(),
                    None => format!("version = {value}"),
                };
                let own = line
                    .split_once('{')
                    .and_then(|(_, rest)| rest.rsplit_once('}'))
                    .map(|(table, _)| table.replace("workspace = true", ""))
                    .unwrap_or_default();
                let own = own.trim().trim_matches(',').trim();
                let keys = if own.is_empty() { shared } else { format!("{shared}, {own}") };
                let _ = writeln!(resolved, "{name} = {{ {keys} }}");
            }
            _ => {
                let _ = writeln!(resolved, "{line}");
            }
        }
    }
    // The runtime's own features (`decimal`), the lines before the generated API features.
    let runtime_features: String = manifest
        .split("\n[features]\n")
        .nth(1)
        .and_then(|f| f.split("# @generated").next())
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| format!("{l}\n"))
        .collect();
    let cargo_toml = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n[workspace]\n\n[dependencies]\n{resolved}\n[features]\n{runtime_features}"
    );
    fs::write(dir.join("Cargo.toml"), cargo_toml).map_err(io)?;
    if let Ok(lock) = fs::read_to_string(root.join("Cargo.lock")) {
        fs::write(dir.join("Cargo.lock"), lock).map_err(io)?;
    }
    let lib = format!(
        "//! Every corpus spec's generated code, compiled together.\nmod generated;\n#[path = {:?}]\nmod runtime;\npub use generated::*;\npub use runtime::public::*;\n",
        client_src.join("runtime/mod.rs").to_string_lossy()
    );
    fs::write(dir.join("src/lib.rs"), lib).map_err(io)?;
    for f in files {
        let path = dir.join("src/generated").join(&f.path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(io)?;
        }
        fs::write(path, &f.contents).map_err(io)?;
    }
    Ok(())
}

/// Errors and warnings per generated module.
type Counts = BTreeMap<String, (usize, usize)>;

/// Run `cargo check` on the scratch crate; count errors and warnings per
/// generated module (`src/generated/<module>/…`).
fn cargo_check(root: &Path, dir: &Path, target: &str) -> Result<(Counts, String), String> {
    // The caller's target directory when it set one (dependencies are built once for all crates).
    let target_dir = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root.join("target"));
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["check", "--quiet", "--offline", "--message-format=json", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", target_dir)
        .output()
        .map_err(|e| format!("cannot run cargo check: {e}"))?;
    let mut per_module = Counts::new();
    let mut notes = String::new();
    let mut unowned_errors = 0;
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(msg) = serde_json::from_str::<serde_json::Value>(line) else { continue };
        if msg["reason"] != "compiler-message" || msg["target"]["name"] != target {
            continue;
        }
        let level = msg["message"]["level"].as_str().unwrap_or_default();
        let is_error = level == "error";
        if !is_error && level != "warning" {
            continue;
        }
        let file = msg["message"]["spans"]
            .as_array()
            .and_then(|spans| spans.iter().find(|s| s["is_primary"] == true))
            .and_then(|s| s["file_name"].as_str())
            .unwrap_or_default();
        let module = file.split("src/generated/").nth(1).and_then(|rest| rest.split('/').next()).map(str::to_owned);
        let rendered = msg["message"]["rendered"].as_str().unwrap_or_default();
        match module {
            Some(m) => {
                let entry = per_module.entry(m).or_default();
                if is_error {
                    entry.0 += 1;
                    if entry.0 <= 2 {
                        notes.push_str(rendered);
                    }
                } else {
                    entry.1 += 1;
                }
            }
            None => {
                if is_error && !rendered.starts_with("error: aborting") && !rendered.contains("could not compile") {
                    unowned_errors += 1;
                    notes.push_str(rendered);
                }
            }
        }
    }
    if !output.status.success() && per_module.values().all(|(e, _)| *e == 0) && unowned_errors == 0 {
        notes.push_str(&String::from_utf8_lossy(&output.stderr));
        return Err(format!("cargo check failed without compiler errors:\n{notes}"));
    }
    if unowned_errors > 0 {
        per_module.entry("<runtime>".into()).or_default().0 += unowned_errors;
    }
    Ok((per_module, notes))
}

/// The table and totals, as printed.
pub fn render(report: &CorpusReport, checked: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<78} {:>5} {:>6} {:>5} {:>5} {:>7} {:>4} {:>4}",
        "spec", "ops", "types", "skip", "warn", "untyped", "gen", "comp"
    );
    for r in &report.rows {
        let generated = match (r.unsupported, r.generate_error.is_none()) {
            (true, _) => "n/a",
            (false, true) => "yes",
            (false, false) => "NO",
        };
        let compiled = match (checked, r.generate_error.is_none(), r.compile_errors) {
            (false, _, _) => "-".to_owned(),
            (true, false, _) => "-".to_owned(),
            (true, true, 0) => "yes".to_owned(),
            (true, true, n) => format!("NO({n})"),
        };
        let _ = writeln!(
            out,
            "{:<78} {:>5} {:>6} {:>5} {:>5} {:>7} {:>4} {:>4}",
            truncate(&r.path, 78),
            r.operations,
            r.types,
            r.skipped,
            r.warnings,
            r.untyped,
            generated,
            compiled
        );
        if let Some(e) = &r.generate_error {
            let _ = writeln!(out, "    {e}");
        }
    }
    let unsupported = report.rows.iter().filter(|r| r.unsupported).count();
    let total = report.rows.len() - unsupported;
    let generated = report.rows.iter().filter(|r| r.generate_error.is_none()).count();
    let compiled = report.rows.iter().filter(|r| !r.unsupported && r.ok(true)).count();
    let panics = report
        .rows
        .iter()
        .filter(|r| r.generate_error.as_deref().is_some_and(|e| e.starts_with("GENERATOR BUG")))
        .count();
    let sum = |f: fn(&Row) -> usize| report.rows.iter().map(f).sum::<usize>();
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "specs {total}: generated {generated}/{total}, compiled {}, panics {panics}{}",
        if checked { format!("{compiled}/{total}") } else { "not checked".to_owned() },
        if unsupported > 0 {
            format!(" (and {unsupported} Swagger 2.0 documents, not supported)")
        } else {
            String::new()
        }
    );
    let _ = writeln!(
        out,
        "operations {} (skipped {}), types {}, generator warnings {}, generated lines {}, compiler warnings {}",
        sum(|r| r.operations),
        sum(|r| r.skipped),
        sum(|r| r.types),
        sum(|r| r.warnings),
        sum(|r| r.lines),
        sum(|r| r.compile_warnings)
    );
    let (fields, untyped) = (sum(|r| r.fields), sum(|r| r.untyped));
    let share = if fields == 0 { 0.0 } else { untyped as f64 * 100.0 / fields as f64 };
    let _ = writeln!(out, "untyped fallbacks {untyped} of {fields} fields and parameters ({share:.2} %)");
    if report.combined_lines > 0 {
        let _ = writeln!(
            out,
            "checked as {} crate(s): {} generated lines, {} types shared by several specs",
            report.crates, report.combined_lines, report.shared_types
        );
    }
    if checked && report.crate_errors > 0 {
        let _ =
            writeln!(out, "compiler errors outside any spec's module (shared types, runtime): {}", report.crate_errors);
    }
    let _ = write!(out, "generate: {:.2?}", report.generate_time);
    if let Some(t) = report.check_time {
        let _ = write!(out, ", cargo check: {t:.2?}");
    }
    let _ = writeln!(out);
    if !report.warnings_by_kind.is_empty() {
        let _ = writeln!(out, "warnings by kind:");
        let mut kinds: Vec<(&String, &usize)> = report.warnings_by_kind.iter().collect();
        kinds.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        for (kind, n) in kinds {
            let _ = writeln!(out, "  {n:>5}  {kind}");
        }
    }
    if !report.check_notes.is_empty() {
        let _ = writeln!(out, "\nfirst compiler errors:\n{}", truncate_lines(&report.check_notes, 80));
    }
    out
}

/// Every warning, one a line: spec, `#pointer`, `[kind]`, message (`--warnings`).
pub fn render_warnings(report: &CorpusReport) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "warnings ({}):", report.warnings.len());
    for w in &report.warnings {
        let _ = writeln!(out, "{}\t#{}\t[{}]\t{}", w.spec, w.pointer, w.kind, w.message);
    }
    out
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_owned()
    } else {
        format!("…{}", s.chars().rev().take(n - 1).collect::<Vec<_>>().into_iter().rev().collect::<String>())
    }
}

fn truncate_lines(s: &str, n: usize) -> String {
    s.lines().take(n).collect::<Vec<_>>().join("\n")
}
