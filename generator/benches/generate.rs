//! `cargo bench -p openapi-rust-generator --bench generate`: how long the generator takes on
//! real specs, printed as figures (min / median / max over repeated runs).
//! Timing belongs here, not in unit tests.

use std::path::Path;
use std::time::{Duration, Instant};

use generator::{Config, SpecInput, generate};

/// One row: what it measures, the generator's input and its configuration.
struct Row {
    label: String,
    specs: Vec<SpecInput>,
    config: Config,
}

/// Stop the bench with a message naming the row (no panic: a missing input is not a generator bug).
fn fail(label: &str, message: impl std::fmt::Display) -> ! {
    println!("{label}: {message}");
    std::process::exit(1)
}

fn read(label: &str, path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| fail(label, format!("cannot read {}: {e}", path.display())))
}

/// One published document on its own, without overlays, as `cargo xtask corpus` reads it.
fn single(label: &str, path: &Path) -> Row {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("spec").to_owned();
    Row { label: label.to_owned(), specs: vec![SpecInput::new(name, read(label, path))], config: Config::default() }
}

/// The client `cargo xtask codegen` generates from the synced specs: every
/// API `specs/hubspot/manifest.json` lists (`apis[].file`), with its module,
/// its path bindings and its overlays, in one run with feature gates and
/// contract calls. (Specs placed directly in `specs/`, which codegen also
/// reads, are not included; there are none today.) The generator does not
/// depend on xtask, so the manifest is read here with serde_json.
fn codegen_client(root: &Path) -> Row {
    let label = "specs/hubspot/manifest.json: codegen's client";
    let manifest: serde_json::Value = serde_json::from_str(&read(label, &root.join("specs/hubspot/manifest.json")))
        .unwrap_or_else(|e| fail(label, format!("the manifest is not JSON: {e}")));
    let apis = manifest["apis"].as_array().unwrap_or_else(|| fail(label, "the manifest has no `apis` list"));
    let text = |value: &serde_json::Value, field: &str| -> String {
        value.as_str().map(str::to_owned).unwrap_or_else(|| fail(label, format!("an API's `{field}` is not a string")))
    };
    let mut specs = Vec::new();
    for api in apis {
        let file = text(&api["file"], "file");
        let mut spec = SpecInput::new(&file, read(label, &root.join(&file)));
        spec.module = text(&api["module"], "module");
        for (name, value) in api["bind"].as_object().into_iter().flatten() {
            spec.bindings.insert(name.clone(), text(value, "bind"));
        }
        for overlay in api["overlays"].as_array().into_iter().flatten() {
            let overlay = text(overlay, "overlays");
            let overlay_text = read(label, &root.join(&overlay));
            spec = spec.with_overlay(overlay, overlay_text);
        }
        specs.push(spec);
    }
    if specs.is_empty() {
        fail(label, "the manifest lists no API");
    }
    let config = Config { features: true, contract_calls: Some("hubspot_crm".to_owned()), ..Config::default() };
    Row { label: format!("{label} ({} APIs + overlays)", specs.len()), specs, config }
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let shared = root.join("../shared/hubspot-specs/CRM");
    let rows = [
        single("specs/hubspot/contacts.json alone, no overlays", &root.join("specs/hubspot/contacts.json")),
        single("shared Contacts v3 (rollout 424) alone", &shared.join("Contacts/Rollouts/424/v3/contacts.json")),
        single(
            "shared Contacts 2026-09-beta (rollout 321895) alone",
            &shared.join("Contacts/Rollouts/321895/2026-09-beta/contacts.json"),
        ),
        codegen_client(&root),
    ];
    println!(
        "generator::generate in process, wall time per call over repeated runs (at least 5, up to 200 or 3 s); \
         out KiB: the generated text"
    );
    let width = rows.iter().map(|r| r.label.len()).max().unwrap_or(0);
    println!("{:<width$} {:>6} {:>10} {:>10} {:>10} {:>9}", "input", "runs", "min", "median", "max", "out KiB");
    for row in rows {
        let mut times: Vec<Duration> = Vec::new();
        let mut out_bytes = 0;
        let budget = Instant::now();
        while times.len() < 200 && (times.len() < 5 || budget.elapsed() < Duration::from_secs(3)) {
            let start = Instant::now();
            let out = generate(&row.specs, &row.config).unwrap_or_else(|d| fail(&row.label, d));
            times.push(start.elapsed());
            let files = out.files.iter().chain(&out.contract_calls);
            out_bytes = files.map(|f| f.contents.len()).sum::<usize>();
        }
        times.sort();
        let ms = |d: Duration| format!("{:.2}ms", d.as_secs_f64() * 1e3);
        println!(
            "{:<width$} {:>6} {:>10} {:>10} {:>10} {:>9.1}",
            row.label,
            times.len(),
            ms(times[0]),
            ms(times[times.len() / 2]),
            ms(times[times.len() - 1]),
            out_bytes as f64 / 1024.0
        );
    }
}
