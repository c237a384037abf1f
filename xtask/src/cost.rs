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
    let scratch = build_from_scratch(root, "contacts-only", MINIMAL_PROGRAM)?;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let _ = writeln!(
        report,
        "a contacts-only program, built from scratch:  {:.1} s (dev profile, {cores} cores)",
        scratch.as_secs_f64(),
    );
    Ok(report)
}

/// Build `main_rs`, a program depending on the contacts API alone, from
/// scratch in its own folder under `target/compile-cost/`.
fn build_from_scratch(root: &Path, name: &str, main_rs: &str) -> Result<Duration, String> {
    let dir = root.join("target/compile-cost").join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(dir.join("src")).map_err(|e| e.to_string())?;
    let client = root.join("generated-client");
    let manifest = format!(
        "[package]\nname = {name:?}\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[workspace]\n\n\
         [dependencies]\nhubspot-crm = {{ path = {:?}, default-features = false, features = [\"contacts\"] }}\n",
        client.to_string_lossy()
    );
    fs::write(dir.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
    fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).map_err(|e| e.to_string())?;
    fs::write(dir.join("src/main.rs"), main_rs).map_err(|e| e.to_string())?;
    cargo(&dir, &["build", "--quiet", "--offline"], Some(&dir.join("target")))
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
        plain.push(build_from_scratch(root, "contacts-plain", PLAIN_PROGRAM)?);
        typed.push(build_from_scratch(root, "contacts-typed", TYPED_PROGRAM)?);
    }
    let median = |v: &mut Vec<Duration>| {
        v.sort();
        v[v.len() / 2]
    };
    let (p, t) = (median(&mut plain), median(&mut typed));
    let secs = |v: &[Duration]| v.iter().map(|d| format!("{:.1}", d.as_secs_f64())).collect::<Vec<_>>().join(" ");
    let mut report = String::new();
    let _ = writeln!(report, "contacts-only program, built from scratch ({runs} runs each, alternating):");
    let _ = writeln!(report, "  properties from the maps:   median {:.1} s  (runs: {})", p.as_secs_f64(), secs(&plain));
    let _ = writeln!(report, "  typed properties:           median {:.1} s  (runs: {})", t.as_secs_f64(), secs(&typed));
    let _ = writeln!(report, "  typed / maps:               {:.3}", t.as_secs_f64() / p.as_secs_f64());
    Ok(report)
}
