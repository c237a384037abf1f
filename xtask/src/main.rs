//! `cargo xtask <task>`: the project's developer tasks. The command line is
//! read by [`xtask::cli`] (`cargo xtask --help` lists the tasks); the work is
//! done by the `xtask` library, and this binary prints what it returns.

use std::process::ExitCode;

use xtask::cli::{self, Command};

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<ExitCode, String> {
    match cli::parse(std::env::args_os().skip(1))? {
        Command::Help(task) => {
            print!("{}", cli::help(task));
            Ok(ExitCode::SUCCESS)
        }
        Command::Codegen { check } => codegen(check),
        Command::Corpus { dir, newest, no_check, warnings, crate_lines } => {
            corpus(dir, newest, no_check, warnings, crate_lines)
        }
        Command::SyncSpecs { dirs, check } => sync_specs(dirs, check),
        Command::PrismSpec { input, output } => prism_spec(input, output),
        Command::Ir { spec, pointer, plain, overlays } => ir(&spec, pointer.as_deref(), &overlays, plain),
        Command::Features => features(),
        Command::Contract => contract(),
        Command::Generate { spec } => generate_one(&spec),
        Command::OagLines => oag_lines(),
        Command::ApiDiff { old, new, format, raw } => api_diff(&old, &new, format, raw),
        Command::SemverCheck { old, new } => semver_check(&old, &new),
        Command::Properties { input, object, struct_name, only, decimal, output } => {
            properties(&input, object, struct_name, only, decimal, output.as_deref())
        }
        Command::CompileCost { typed: true, runs, .. } => {
            print!("{}", xtask::cost::measure_typed(&xtask::workspace_root(), runs)?);
            Ok(ExitCode::SUCCESS)
        }
        Command::CompileCost { tls: true, runs, .. } => {
            print!("{}", xtask::cost::measure_tls(&xtask::workspace_root(), runs)?);
            Ok(ExitCode::SUCCESS)
        }
        Command::CompileCost { .. } => {
            print!("{}", xtask::cost::measure(&xtask::workspace_root())?);
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The full Prism sweep: the ignored test of `xtask/tests/contract_prism.rs`,
/// run alone.
fn contract() -> Result<ExitCode, String> {
    let status = std::process::Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .current_dir(xtask::workspace_root())
        .args(["test", "-p", "xtask", "--test", "contract_prism", "--", "--ignored", "--exact"])
        .arg("every_operation_of_every_api_honours_its_spec")
        .arg("--nocapture")
        .status()
        .map_err(|e| format!("cannot run cargo test: {e}"))?;
    Ok(if status.success() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

fn codegen(check: bool) -> Result<ExitCode, String> {
    let root = xtask::workspace_root();
    let started = std::time::Instant::now();
    let report = xtask::codegen(&root, check)?;
    for w in &report.warnings {
        eprintln!("{w}");
    }
    // When the specs differ from those committed at HEAD: what that does to the Rust API.
    match xtask::api_diff::codegen_summary(&root) {
        Ok(Some(summary)) => println!("{summary}"),
        Ok(None) => {}
        Err(e) => eprintln!("note: no summary of Rust API changes ({e})"),
    }
    if check {
        if report.is_clean() {
            println!("generated code is up to date ({} files)", report.files);
            return Ok(ExitCode::SUCCESS);
        }
        eprint!("{}", xtask::drift_message(&report));
        return Ok(ExitCode::FAILURE);
    }
    for f in report.changed.iter().chain(&report.missing) {
        println!("wrote {f}");
    }
    for f in &report.stale {
        println!("removed stale {f}");
    }
    println!(
        "{} generated files, {} changed, in {:.0?}",
        report.files,
        report.changed.len() + report.missing.len() + report.stale.len(),
        started.elapsed()
    );
    Ok(ExitCode::SUCCESS)
}

fn api_diff(old: &str, new: &str, format: generator::diff::Format, raw: bool) -> Result<ExitCode, String> {
    let root = xtask::workspace_root();
    let (old, new) = (xtask::api_diff::Side::parse(old), xtask::api_diff::Side::parse(new));
    let (_, text) = xtask::api_diff::run(&root, &old, &new, format, xtask::api_diff::Options { raw })?;
    print!("{text}");
    Ok(ExitCode::SUCCESS)
}

fn semver_check(old: &std::path::Path, new: &std::path::Path) -> Result<ExitCode, String> {
    let root = xtask::workspace_root();
    let outcome = xtask::semver::cross_check(&root, old, new)?;
    print!("{}", outcome.render());
    Ok(if outcome.agrees() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

fn corpus(
    dir: Option<std::path::PathBuf>,
    newest_only: bool,
    skip_check: bool,
    list_warnings: bool,
    crate_lines: usize,
) -> Result<ExitCode, String> {
    let root = xtask::workspace_root();
    let dir = dir.unwrap_or_else(|| root.join("../shared/hubspot-specs"));
    let options =
        xtask::corpus::CorpusOptions { newest_only, skip_check, crate_lines, ..xtask::corpus::CorpusOptions::new(dir) };
    let report = xtask::corpus::run(&root, &options)?;
    print!("{}", xtask::corpus::render(&report, !skip_check));
    if list_warnings {
        print!("{}", xtask::corpus::render_warnings(&report));
    }
    let all_ok = report.ok(!skip_check);
    Ok(if all_ok { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

fn oag_lines() -> Result<ExitCode, String> {
    let root = xtask::workspace_root();
    xtask::volume::measure_oag(&root, |module, lines| println!("{module:<30} {lines:>8}"))?;
    println!("wrote {}", xtask::volume::OAG_LINES);
    let rows = xtask::volume::compare(&root)?;
    print!("{}", xtask::volume::render(&rows));
    Ok(if rows.iter().all(xtask::volume::Comparison::within) { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

fn features() -> Result<ExitCode, String> {
    let (lines, ok) = xtask::check_features(&xtask::workspace_root())?;
    for line in lines {
        println!("{line}");
    }
    Ok(if ok { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

fn sync_specs(mut dirs: Vec<std::path::PathBuf>, check: bool) -> Result<ExitCode, String> {
    let root = xtask::workspace_root();
    if dirs.is_empty() {
        dirs = xtask::sync::DEFAULT_COLLECTIONS.iter().map(|d| root.join(d)).collect();
    }
    let report = xtask::sync::sync(&root, &dirs, check)?;
    print!("{}", report.render(check));
    let ok = if check { report.is_clean() } else { report.problems.is_empty() };
    Ok(if ok { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

fn ir(
    path: &std::path::Path,
    pointer: Option<&str>,
    overlays: &[std::path::PathBuf],
    plain: bool,
) -> Result<ExitCode, String> {
    let read =
        |p: &std::path::Path| std::fs::read_to_string(p).map_err(|e| format!("cannot read {}: {e}", p.display()));
    // As codegen and the sync read it (module, bindings, overlays), or with
    // exactly the overlays given.
    let options = xtask::api_diff::Options { raw: !overlays.is_empty() };
    let mut spec = xtask::api_diff::file_input(&xtask::workspace_root(), path, options)?;
    for overlay in overlays {
        spec = spec.with_overlay(overlay.display().to_string(), read(overlay)?);
    }
    let (_, reports) = generator::apply_overlays(&spec).map_err(|d| d.to_string())?;
    for report in &reports {
        eprint!("{report}");
    }
    let profile = if plain { generator::Profile::Plain } else { generator::Profile::Auto };
    let config = generator::Config { profile, ..generator::Config::default() };
    let ir = generator::ir_json(&spec, &config).map_err(|d| d.to_string())?;
    let pointer = pointer.unwrap_or_default();
    let part = ir.pointer(pointer).ok_or_else(|| format!("the IR has nothing at `{pointer}`"))?;
    println!("{}", serde_json::to_string_pretty(part).map_err(|e| e.to_string())?);
    Ok(ExitCode::SUCCESS)
}

fn prism_spec(input: Option<std::path::PathBuf>, output: Option<std::path::PathBuf>) -> Result<ExitCode, String> {
    let root = xtask::workspace_root();
    let input = input.unwrap_or_else(|| xtask::prism::hubspot_contacts_spec(&root));
    let output = output.unwrap_or_else(|| xtask::prism::prepared_path(&root, &input));
    let corrections = xtask::prism::prepare_file(&input, &output)?;
    for c in &corrections {
        println!("{:<28} {}", c.rule, c.pointer);
    }
    println!("{} corrections; wrote {}", corrections.len(), output.display());
    Ok(ExitCode::SUCCESS)
}

/// One spec generated in memory, nothing written: what `corpus --no-check`
/// does per spec, without the scratch crates, so a whole-process timing of
/// this task is the generator's cost on that document.
fn generate_one(path: &std::path::Path) -> Result<ExitCode, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut spec = generator::SpecInput::new(path.display().to_string(), text);
    if let Some(dir) = path.parent() {
        spec = spec.with_loader(xtask::file_loader(if dir.as_os_str().is_empty() {
            std::path::Path::new(".")
        } else {
            dir
        }));
    }
    let output =
        generator::generate(std::slice::from_ref(&spec), &generator::Config::default()).map_err(|d| d.to_string())?;
    let lines: usize = output.files.iter().map(|f| f.contents.lines().count()).sum();
    let bytes: usize = output.files.iter().map(|f| f.contents.len()).sum();
    // One digest of every file and warning, to compare the output of two builds
    // of the generator (std's hasher: cheap next to generation, stable within one toolchain).
    let mut hasher = std::hash::DefaultHasher::new();
    for f in &output.files {
        std::hash::Hash::hash(&(&f.path, &f.contents), &mut hasher);
    }
    std::hash::Hash::hash(&output.warnings.to_string(), &mut hasher);
    let digest = std::hash::Hasher::finish(&hasher);
    println!(
        "{}: {} files, {lines} lines, {bytes} bytes, {} warnings, digest {digest:016x}",
        path.display(),
        output.files.len(),
        output.warnings.0.len()
    );
    Ok(ExitCode::SUCCESS)
}

/// `cargo xtask properties`: a typed-property declaration from a saved
/// Properties API answer.
fn properties(
    input: &std::path::Path,
    object: Option<String>,
    struct_name: Option<String>,
    only: Vec<String>,
    decimal: bool,
    output: Option<&std::path::Path>,
) -> Result<ExitCode, String> {
    let request = xtask::PropertiesRequest { object, struct_name, only, decimal };
    let declaration = xtask::properties_declaration(input, &request)?;
    for warning in &declaration.warnings {
        eprintln!("warning: {}: {warning}", input.display());
    }
    match output {
        Some(path) => {
            std::fs::write(path, &declaration.source).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            eprintln!("wrote {}: {} properties, {} enums", path.display(), declaration.properties, declaration.enums);
        }
        None => print!("{}", declaration.source),
    }
    Ok(ExitCode::SUCCESS)
}
