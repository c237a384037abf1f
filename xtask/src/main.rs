//! `cargo xtask <task>`: the project's developer tasks.

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <task>

tasks:
  codegen           regenerate generated-client/src/generated from specs/
  codegen --check   fail (with a diff) if the committed generated code differs from what the specs produce
  corpus [DIR]      generate every spec under DIR (default ../shared/hubspot-specs), compile them in
                    scratch crates of bounded size, print a table (untyped: fields and parameters typed
                    as JSON where the spec gives the type); fails on any panic, generation or compile error
    --newest        only the newest version of each API
    --no-check      generate only, skip cargo check
    --warnings      also list every generator warning: spec, pointer, kind, message
    --crate-lines N at most N generated lines per scratch crate (default 200000)
  compile-cost      print what the client costs users: generated lines, an all-features check with
                    dependencies built, a contacts-only program built from scratch
  features          cargo check the client with no default features, all features, and each feature alone
  generate SPEC     generate one spec (as `corpus` does: no overlays, default config) into memory and
                    print its files, lines, bytes, warnings and a digest of them all; for timing the generator as a whole process
                    (`/usr/bin/time -f '%U %S' target/release/xtask generate SPEC`)
  ir SPEC [POINTER]  print the intermediate model of one spec as JSON (or the part at a JSON pointer,
                    e.g. /operations/0/params); --plain applies no vendor conventions; --overlay FILE
                    applies an overlay first (repeatable; a spec listed in specs/hubspot/manifest.json
                    gets its overlays without it)
  sync-specs [DIR]  copy HubSpot's published specs chosen by the policy (newest stable version, betas only
                    when pinned in specs/hubspot/pins.json, a pin wins) from DIR (default ../shared/hubspot-specs)
                    to specs/hubspot/ unmodified, record which specs/overlays/ apply to each, rewrite
                    specs/hubspot/manifest.json and print what changed
    --check         write nothing; fail if the copies, their checksums, the policy's choice or the
                    overlays differ from the manifest
  oag-lines         run openapi-generator 7.26.0's `rust` generator (installed by ../shared/tools/oag-baseline,
                    or OAG_CLI) over every synced spec alone, write its line counts to specs/hubspot/oag-lines.json
                    and print ours beside them (xtask/tests/volume.rs holds ours at or below)
  api-diff OLD NEW  what changes in the generated Rust API from OLD to NEW, each change breaking, additive,
                    wire only or docs only, with the Rust item it affects and the version bump Cargo's rules
                    ask for; OLD and NEW are spec files, folders holding specs/, or git revisions of specs/
    --format F      text (default), markdown (for a changelog) or json
    --raw           apply no overlays to single spec files
  semver-check OLD NEW
                    generate OLD and NEW (spec files) into two crates under target/semver-check/, run
                    cargo-semver-checks on them and compare its verdict with api-diff's
  prism-spec [IN] [OUT]
                    write a copy of a published spec (default HubSpot's contacts v3) that Prism can serve,
                    listing each correction (default OUT: target/contract/<name>.prism.json)
";

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
    use lexopt::prelude::*;
    let mut parser = lexopt::Parser::from_env();
    let mut task: Option<String> = None;
    let mut check = false;
    let mut newest = false;
    let mut no_check = false;
    let mut list_warnings = false;
    let mut crate_lines = xtask::corpus::DEFAULT_CRATE_LINES;
    let mut plain = false;
    let mut dir: Option<std::path::PathBuf> = None;
    let mut paths: Vec<std::path::PathBuf> = Vec::new();
    let mut overlays: Vec<std::path::PathBuf> = Vec::new();
    let mut sides: Vec<String> = Vec::new();
    let mut format = generator::diff::Format::Text;
    let mut raw = false;
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Long("check") => check = true,
            Long("newest") => newest = true,
            Long("no-check") => no_check = true,
            Long("warnings") => list_warnings = true,
            Long("crate-lines") => {
                let v = parser.value().map_err(|e| e.to_string())?.string().map_err(|e| e.to_string())?;
                crate_lines = v.parse().map_err(|_| format!("--crate-lines takes a number, not `{v}`"))?;
            }
            Long("plain") => plain = true,
            Long("raw") => raw = true,
            Long("format") => {
                format = match parser.value().map_err(|e| e.to_string())?.string().map_err(|e| e.to_string())?.as_str()
                {
                    "text" => generator::diff::Format::Text,
                    "markdown" | "md" => generator::diff::Format::Markdown,
                    "json" => generator::diff::Format::Json,
                    other => return Err(format!("unknown format `{other}` (text, markdown or json)")),
                }
            }
            Value(v) if matches!(task.as_deref(), Some("api-diff" | "semver-check")) && sides.len() < 2 => {
                sides.push(v.string().map_err(|e| e.to_string())?)
            }
            Long("overlay") => overlays.push(parser.value().map_err(|e| e.to_string())?.into()),
            Value(v) if matches!(task.as_deref(), Some("corpus" | "sync-specs")) && dir.is_none() => {
                dir = Some(v.into())
            }
            Value(v) if task.as_deref() == Some("prism-spec") && paths.len() < 2 => paths.push(v.into()),
            Value(v) if task.as_deref() == Some("ir") && paths.len() < 2 => paths.push(v.into()),
            Value(v) if task.as_deref() == Some("generate") && paths.is_empty() => paths.push(v.into()),
            Short('h') | Long("help") => {
                print!("{USAGE}");
                return Ok(ExitCode::SUCCESS);
            }
            Value(v) if task.is_none() => task = Some(v.string().map_err(|e| e.to_string())?),
            other => return Err(format!("{}\n\n{USAGE}", other.unexpected())),
        }
    }
    match task.as_deref() {
        Some("codegen") => codegen(check),
        Some("corpus") => corpus(dir, newest, no_check, list_warnings, crate_lines),
        Some("sync-specs") => sync_specs(dir, check),
        Some("prism-spec") => prism_spec(paths),
        Some("ir") => ir(paths, &overlays, plain),
        Some("generate") => generate_one(paths),
        Some("features") => features(),
        Some("oag-lines") => oag_lines(),
        Some("api-diff") => api_diff(&sides, format, raw),
        Some("semver-check") => semver_check(&sides),
        Some("compile-cost") => {
            print!("{}", xtask::cost::measure(&xtask::workspace_root())?);
            Ok(ExitCode::SUCCESS)
        }
        Some(other) => Err(format!("unknown task `{other}`\n\n{USAGE}")),
        None => Err(format!("no task given\n\n{USAGE}")),
    }
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

fn api_diff(sides: &[String], format: generator::diff::Format, raw: bool) -> Result<ExitCode, String> {
    let [old, new] = sides else { return Err(format!("api-diff needs OLD and NEW\n\n{USAGE}")) };
    let root = xtask::workspace_root();
    let (old, new) = (xtask::api_diff::Side::parse(old), xtask::api_diff::Side::parse(new));
    let (_, text) = xtask::api_diff::run(&root, &old, &new, format, xtask::api_diff::Options { raw })?;
    print!("{text}");
    Ok(ExitCode::SUCCESS)
}

fn semver_check(sides: &[String]) -> Result<ExitCode, String> {
    let [old, new] = sides else { return Err(format!("semver-check needs OLD and NEW spec files\n\n{USAGE}")) };
    let root = xtask::workspace_root();
    let outcome = xtask::semver::cross_check(&root, std::path::Path::new(old), std::path::Path::new(new))?;
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

fn sync_specs(dir: Option<std::path::PathBuf>, check: bool) -> Result<ExitCode, String> {
    let root = xtask::workspace_root();
    let dir = dir.unwrap_or_else(|| root.join(xtask::sync::DEFAULT_COLLECTION));
    let report = xtask::sync::sync(&root, &dir, check)?;
    print!("{}", report.render(check));
    let ok = if check { report.is_clean() } else { report.problems.is_empty() };
    Ok(if ok { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

fn ir(args: Vec<std::path::PathBuf>, overlays: &[std::path::PathBuf], plain: bool) -> Result<ExitCode, String> {
    let Some(path) = args.first() else { return Err(format!("ir needs a spec path\n\n{USAGE}")) };
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
    let pointer = args.get(1).map(|p| p.display().to_string()).unwrap_or_default();
    let part = ir.pointer(&pointer).ok_or_else(|| format!("the IR has nothing at `{pointer}`"))?;
    println!("{}", serde_json::to_string_pretty(part).map_err(|e| e.to_string())?);
    Ok(ExitCode::SUCCESS)
}

/// One spec generated in memory, nothing written: what `corpus --no-check`
/// does per spec, without the scratch crates, so a whole-process timing of
/// this task is the generator's cost on that document.
fn generate_one(paths: Vec<std::path::PathBuf>) -> Result<ExitCode, String> {
    let Some(path) = paths.first() else { return Err(format!("generate needs a spec path\n\n{USAGE}")) };
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let spec = generator::SpecInput::new(path.display().to_string(), text);
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

fn prism_spec(paths: Vec<std::path::PathBuf>) -> Result<ExitCode, String> {
    let root = xtask::workspace_root();
    let input = paths.first().cloned().unwrap_or_else(|| xtask::prism::hubspot_contacts_spec(&root));
    let output = paths.get(1).cloned().unwrap_or_else(|| xtask::prism::prepared_path(&root, &input));
    let corrections = xtask::prism::prepare_file(&input, &output)?;
    for c in &corrections {
        println!("{:<28} {}", c.rule, c.pointer);
    }
    println!("{} corrections; wrote {}", corrections.len(), output.display());
    Ok(ExitCode::SUCCESS)
}
