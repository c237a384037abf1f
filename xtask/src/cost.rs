//! `cargo xtask compile-cost`: what the generated client costs its users, as
//! printed figures: generated lines, `cargo check` of the whole client with
//! its dependencies already built, and a program that uses only the contacts
//! API built from scratch.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
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
    let scratch = build_from_scratch(root, "contacts-only", MINIMAL_PROGRAM, DEFAULT_TLS)?;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let _ = writeln!(
        report,
        "a contacts-only program, built from scratch:  {:.1} s (dev profile, {cores} cores)",
        scratch.as_secs_f64(),
    );
    Ok(report)
}

/// The client's default TLS, which a program that turns the defaults off to
/// pick its APIs turns back on.
const DEFAULT_TLS: &str = "rustls";

/// Build `main_rs`, a program depending on the contacts API alone (with
/// `tls`, the client's TLS feature), from scratch in its own folder under
/// `target/compile-cost/`.
fn build_from_scratch(root: &Path, name: &str, main_rs: &str, tls: &str) -> Result<Duration, String> {
    let client = root.join("generated-client");
    let dependency = format!(
        "hubspot-crm = {{ path = {:?}, default-features = false, features = [{tls:?}, \"contacts\"] }}",
        client.to_string_lossy()
    );
    let dir = scratch_crate(root, name, &dependency, main_rs)?;
    fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).map_err(|e| e.to_string())?;
    cargo(&dir, &["build", "--quiet", "--offline"], Some(&dir.join("target")))
}

/// A binary crate under `target/compile-cost/NAME` with one dependency line.
fn scratch_crate(root: &Path, name: &str, dependency: &str, main_rs: &str) -> Result<PathBuf, String> {
    let dir = root.join("target/compile-cost").join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(dir.join("src")).map_err(|e| e.to_string())?;
    let manifest = format!(
        "[package]\nname = {name:?}\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[workspace]\n\n\
         [dependencies]\n{dependency}\n"
    );
    fs::write(dir.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
    fs::write(dir.join("src/main.rs"), main_rs).map_err(|e| e.to_string())?;
    Ok(dir)
}

/// The contacts-only program of `compile-cost`: a client and one request.
const MINIMAL_PROGRAM: &str = "fn main() {\n    let client = hubspot_crm::Client::new(\"token\");\n    let _request = client.contacts().get_by_id(\"1\");\n}\n";

/// The untyped half of `compile-cost --typed`:
/// a batch read and a page, their records' properties parsed from the maps.
pub const PLAIN_PROGRAM: &str = r#"use hubspot_crm::contacts::types::{BatchReadInputSimplePublicObjectId, BatchResponseSimplePublicObject};
use hubspot_crm::jiff::{Timestamp, civil::Date};

const NAMES: [&str; 6] = ["email", "firstname", "numemployees", "createdate", "date_of_birth", "hs_lead_status"];

fn main() {
    let client = hubspot_crm::Client::new("token");
    let input = BatchReadInputSimplePublicObjectId::builder().inputs(["1"]).properties(NAMES).build();
    let _read = client.contacts().batch_read(&input).send();
    let _page = client.contacts().get_page().properties(NAMES).send();
    let body = std::env::args().nth(1).unwrap_or_default();
    let batch: BatchResponseSimplePublicObject = hubspot_crm::serde_json::from_str(&body).unwrap();
    for r in &batch.results {
        let email: Option<&str> = r.property("email");
        let first: Option<&str> = r.property("firstname");
        let n: Option<u32> = r.property_as("numemployees").and_then(Result::ok);
        let at: Option<Timestamp> = r.property_as("createdate").and_then(Result::ok);
        let born: Option<Date> = r.property_as("date_of_birth").and_then(Result::ok);
        let status: Option<&str> = r.property("hs_lead_status");
        println!("{} {email:?} {first:?} {n:?} {at:?} {born:?} {status:?}", r.id);
    }
}
"#;

/// The typed half of `compile-cost --typed`: the same program with its
/// properties declared as a struct, read straight from the body and from the map.
pub const TYPED_PROGRAM: &str = r#"use hubspot_crm::contacts::types::{BatchReadInputSimplePublicObjectId, BatchResponseSimplePublicObject};
use hubspot_crm::jiff::{Timestamp, civil::Date};
use hubspot_crm::typed::{Batch, Page, Properties};

hubspot_crm::property_enum! {
    enum LeadStatus {
        New = "NEW",
        Open = "OPEN",
        InProgress = "IN_PROGRESS",
    }
}

hubspot_crm::properties! {
    #[derive(Debug)]
    struct Lead {
        email: Option<String>,
        first_name as "firstname": Option<String>,
        numemployees: Option<u32>,
        createdate: Option<Timestamp>,
        date_of_birth: Option<Date>,
        hs_lead_status: Option<LeadStatus>,
    }
}

fn main() {
    let client = hubspot_crm::Client::new("token");
    let input = BatchReadInputSimplePublicObjectId::builder().inputs(["1"]).properties(Lead::PROPERTIES).build();
    let _read = client.contacts().batch_read(&input).send_as::<Batch<Lead>>();
    let _page = client.contacts().get_page().properties(Lead::PROPERTIES).send_as::<Page<Lead>>();
    let body = std::env::args().nth(1).unwrap_or_default();
    let batch: BatchResponseSimplePublicObject = hubspot_crm::serde_json::from_str(&body).unwrap();
    for r in &batch.results {
        let lead = r.decode::<Lead>().unwrap();
        println!("{} {:?}", lead.id, lead.properties);
    }
}
"#;

/// `compile-cost --typed`: the plain and the typed program, each built from
/// scratch, alternately `runs` times; the figures and their ratio.
pub fn measure_typed(root: &Path, runs: usize) -> Result<String, String> {
    let mut plain = Vec::new();
    let mut typed = Vec::new();
    for _ in 0..runs {
        plain.push(build_from_scratch(root, "contacts-plain", PLAIN_PROGRAM, DEFAULT_TLS)?);
        typed.push(build_from_scratch(root, "contacts-typed", TYPED_PROGRAM, DEFAULT_TLS)?);
    }
    let (p, t) = (median(&mut plain), median(&mut typed));
    let mut report = String::new();
    let _ = writeln!(report, "contacts-only program, built from scratch ({runs} runs each, alternating):");
    let _ = writeln!(report, "  properties from the maps:   median {:.1} s  (runs: {})", p.as_secs_f64(), secs(&plain));
    let _ = writeln!(report, "  typed properties:           median {:.1} s  (runs: {})", t.as_secs_f64(), secs(&typed));
    let _ = writeln!(report, "  typed / maps:               {:.3}", t.as_secs_f64() / p.as_secs_f64());
    Ok(report)
}

fn median(runs: &mut [Duration]) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn secs(runs: &[Duration]) -> String {
    runs.iter().map(|d| format!("{:.1}", d.as_secs_f64())).collect::<Vec<_>>().join(" ")
}

/// openapi-generator's contacts program: its crate is generated as
/// `baseline`, as `../shared/tools/oag-baseline` generates it.
const OAG_PROGRAM: &str = "fn main() {\n    let config = baseline::apis::configuration::Configuration::new();\n    \
                           println!(\"{}\", config.base_path);\n}\n";

/// `compile-cost --tls`: the contacts program with each of the client's TLS
/// features, beside openapi-generator 7.26.0's contacts crate with each of
/// its own (`native-tls`, its default, and `rustls`), each built from
/// scratch, alternately `runs` times.
pub fn measure_tls(root: &Path, runs: usize) -> Result<String, String> {
    let spec = root.join("specs/hubspot/contacts.json");
    let oag = root.join("target/compile-cost/oag-contacts");
    generate_with_openapi_generator(&spec, &oag)?;
    let oag_dep = |features: &str| format!("baseline = {{ path = {:?}, {features} }}", oag.to_string_lossy());
    let oag_native = oag_dep("default-features = true");
    let oag_rustls = oag_dep("default-features = false, features = [\"rustls\"]");
    // openapi-generator's crate resolves its own dependency versions: fetch them first so
    // that no download is timed.
    for (name, dependency) in [("oag-native-tls", &oag_native), ("oag-rustls", &oag_rustls)] {
        let dir = scratch_crate(root, name, dependency, OAG_PROGRAM)?;
        cargo(&dir, &["fetch", "--quiet"], Some(&dir.join("target")))?;
    }
    let mut rows: Vec<(&str, Vec<Duration>)> = vec![
        ("ours, rustls (default)", Vec::new()),
        ("ours, native-tls", Vec::new()),
        ("openapi-generator, native-tls (its default)", Vec::new()),
        ("openapi-generator, rustls", Vec::new()),
    ];
    for _ in 0..runs {
        rows[0].1.push(build_from_scratch(root, "contacts-rustls", MINIMAL_PROGRAM, "rustls")?);
        rows[1].1.push(build_from_scratch(root, "contacts-native-tls", MINIMAL_PROGRAM, "native-tls")?);
        for (i, (name, dependency)) in [(2, ("oag-native-tls", &oag_native)), (3, ("oag-rustls", &oag_rustls))] {
            let dir = scratch_crate(root, name, dependency, OAG_PROGRAM)?;
            rows[i].1.push(cargo(&dir, &["build", "--quiet", "--offline"], Some(&dir.join("target")))?);
        }
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut report = String::new();
    let _ = writeln!(
        report,
        "a contacts-only program built from scratch (dev profile, {cores} cores; {runs} runs each, alternating):"
    );
    let mut medians = Vec::new();
    for (name, runs) in &mut rows {
        let m = median(runs);
        medians.push(m);
        let _ = writeln!(report, "  {name:<45} median {:>5.1} s  (runs: {})", m.as_secs_f64(), secs(runs));
    }
    let ratio = |a: usize, b: usize| medians[a].as_secs_f64() / medians[b].as_secs_f64();
    let _ = writeln!(report, "  ours / openapi-generator, rustls:             {:.2}", ratio(0, 3));
    let _ = writeln!(report, "  ours / openapi-generator, native-tls:         {:.2}", ratio(1, 2));
    Ok(report)
}

/// openapi-generator 7.26.0's `rust` output for `spec` in `out`, from the
/// install `../shared/tools/oag-baseline` makes (`~/.cache/oag-venv`),
/// installed here the same way when it is missing.
fn generate_with_openapi_generator(spec: &Path, out: &Path) -> Result<(), String> {
    let home = std::env::var("HOME").map_err(|_| "HOME is not set".to_owned())?;
    let venv = Path::new(&home).join(".cache/oag-venv");
    let cli = venv.join("bin/openapi-generator-cli");
    let run = |program: &Path, args: &[&str]| -> Result<(), String> {
        let out =
            Command::new(program).args(args).output().map_err(|e| format!("cannot run {}: {e}", program.display()))?;
        if out.status.success() {
            Ok(())
        } else {
            Err(format!("{} {} failed:\n{}", program.display(), args.join(" "), String::from_utf8_lossy(&out.stderr)))
        }
    };
    if !cli.exists() {
        run(Path::new("python3"), &["-m", "venv", &venv.to_string_lossy()])?;
        run(&venv.join("bin/pip"), &["install", "-q", "openapi-generator-cli==7.26.0"])?;
    }
    let _ = fs::remove_dir_all(out);
    run(
        &cli,
        &[
            "generate",
            "-g",
            "rust",
            "-i",
            &spec.to_string_lossy(),
            "-o",
            &out.to_string_lossy(),
            "--additional-properties=packageName=baseline,packageVersion=0.1.0",
        ],
    )
}
