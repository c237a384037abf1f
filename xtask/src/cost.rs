//! `cargo xtask compile-cost`: what the generated client costs its users, as
//! printed figures: generated lines, `cargo check` of the whole client with
//! its dependencies already built, and a program that uses only the contacts
//! API built from scratch.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// Lines of the generated client (`generated-client/src/generated`).
pub fn generated_lines(root: &Path) -> usize {
    crate::generated_files(&root.join("generated-client/src/generated"))
        .iter()
        .map(|path| fs::read_to_string(path).map(|t| t.lines().count()).unwrap_or(0))
        .sum()
}

fn cargo(root: &Path, args: &[&str], target_dir: Option<&Path>) -> Result<Duration, String> {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    // Whole compilations: nothing reused from an earlier incremental session.
    command.args(args).current_dir(root).env("CARGO_INCREMENTAL", "0");
    if let Some(dir) = target_dir {
        command.env("CARGO_TARGET_DIR", dir);
    }
    let started = Instant::now();
    let out = command.output().map_err(|e| format!("cannot run cargo: {e}"))?;
    if !out.status.success() {
        return Err(format!("cargo {} failed:\n{}", args.join(" "), String::from_utf8_lossy(&out.stderr)));
    }
    Ok(started.elapsed())
}

/// Measure and describe: one line per figure.
pub fn measure(root: &Path) -> Result<String, String> {
    let mut report = String::new();
    let _ = writeln!(report, "generated lines, whole CRM:                    {}", generated_lines(root));

    // The whole client with every API, dependencies already built: build them,
    // then time a check of the client alone after touching it.
    let check = ["check", "--quiet", "-p", "hubspot-crm", "--lib", "--all-features"];
    cargo(root, &check, None)?;
    let lib = root.join("generated-client/src/lib.rs");
    let text = fs::read_to_string(&lib).map_err(|e| e.to_string())?;
    fs::write(&lib, &text).map_err(|e| e.to_string())?;
    let all = cargo(root, &check, None)?;
    let _ = writeln!(
        report,
        "cargo check -p hubspot-crm --all-features:    {:.1} s (dependencies built)",
        all.as_secs_f64()
    );

    // A program that uses only contacts, built from scratch in its own target folder.
    let dir = root.join("target/compile-cost/contacts-only");
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(dir.join("src")).map_err(|e| e.to_string())?;
    let client = root.join("generated-client");
    let manifest = format!(
        "[package]\nname = \"contacts-only\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[workspace]\n\n\
         [dependencies]\nhubspot-crm = {{ path = {:?}, default-features = false, features = [\"contacts\"] }}\n",
        client.to_string_lossy()
    );
    fs::write(dir.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
    fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).map_err(|e| e.to_string())?;
    fs::write(
        dir.join("src/main.rs"),
        "fn main() {\n    let client = hubspot_crm::Client::new(\"token\");\n    let _request = client.contacts().get_by_id(\"1\");\n}\n",
    )
    .map_err(|e| e.to_string())?;
    let target = dir.join("target");
    let scratch = cargo(&dir, &["build", "--quiet", "--offline"], Some(&target))?;
    let _ = writeln!(
        report,
        "a contacts-only program, built from scratch:  {:.1} s (dev profile, {} cores)",
        scratch.as_secs_f64(),
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    Ok(report)
}
