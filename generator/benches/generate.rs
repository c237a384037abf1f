//! `cargo bench -p openapi-rust-generator`: how long the generator takes on
//! real specs, printed as figures (min / median / max over repeated runs).
//! Timing belongs here, not in unit tests.

use std::path::Path;
use std::time::{Duration, Instant};

use generator::{Config, SpecInput, generate};

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let shared = root.join("../shared/hubspot-specs/CRM");
    let mut whole_crm: Vec<std::path::PathBuf> = std::fs::read_dir(root.join("specs/hubspot"))
        .map(|dir| {
            dir.flatten()
                .map(|e| e.path())
                .filter(|p| {
                    p.extension().is_some_and(|e| e == "json")
                        && !p.ends_with("manifest.json")
                        && !p.ends_with("pins.json")
                })
                .collect()
        })
        .unwrap_or_default();
    whole_crm.sort();
    let inputs = [
        ("specs/hubspot/contacts.json (2026-09)", vec![root.join("specs/hubspot/contacts.json")]),
        ("HubSpot Contacts v3 (json)", vec![shared.join("Contacts/Rollouts/424/v3/contacts.json")]),
        (
            "HubSpot Contacts 2026-09-beta (json)",
            vec![shared.join("Contacts/Rollouts/321895/2026-09-beta/contacts.json")],
        ),
        ("specs/hubspot: the whole CRM, one crate", whole_crm),
    ];
    println!("{:<40} {:>6} {:>9} {:>9} {:>9} {:>9}", "spec", "runs", "min", "median", "max", "out KiB");
    for (label, paths) in inputs {
        let mut specs = Vec::new();
        for path in &paths {
            match std::fs::read_to_string(path) {
                Ok(text) => {
                    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("spec").to_owned();
                    specs.push(SpecInput::new(name, text));
                }
                Err(e) => {
                    println!("{label:<40} cannot read {}: {e}", path.display());
                    std::process::exit(1);
                }
            }
        }
        if specs.is_empty() {
            println!("{label:<40} no specs found");
            std::process::exit(1);
        }
        let config = Config::default();
        let mut times: Vec<Duration> = Vec::new();
        let mut out_bytes = 0;
        let budget = Instant::now();
        while times.len() < 200 && (times.len() < 5 || budget.elapsed() < Duration::from_secs(3)) {
            let start = Instant::now();
            let out = generate(&specs, &config).expect("the benchmark specs generate");
            times.push(start.elapsed());
            out_bytes = out.files.iter().map(|f| f.contents.len()).sum::<usize>();
        }
        times.sort();
        let ms = |d: Duration| format!("{:.2}ms", d.as_secs_f64() * 1e3);
        println!(
            "{label:<40} {:>6} {:>9} {:>9} {:>9} {:>9.1}",
            times.len(),
            ms(times[0]),
            ms(times[times.len() / 2]),
            ms(times[times.len() - 1]),
            out_bytes as f64 / 1024.0
        );
    }
}
