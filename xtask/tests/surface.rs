//! The Rust surface of everything `cargo xtask codegen` writes (the client
//! and the fixture snapshots): what users can name and call.

use std::collections::BTreeMap;

use quote::ToTokens;
use xtask::TARGETS;

/// Every resource method's signature as the files print it, by (module, method).
fn printed_signatures(files: &[generator::GeneratedFile]) -> BTreeMap<(String, String), String> {
    let mut out = BTreeMap::new();
    for file in files {
        let Some(module) = file.path.strip_suffix("/mod.rs") else { continue };
        let parsed = syn::parse_file(&file.contents).unwrap_or_else(|e| panic!("{} does not parse: {e}", file.path));
        for item in parsed.items {
            let syn::Item::Impl(imp) = item else { continue };
            for member in imp.items {
                let syn::ImplItem::Fn(f) = member else { continue };
                let mut tokens = f.vis.to_token_stream();
                f.sig.to_tokens(&mut tokens);
                // The IR keeps names bare (`async`); the file has the identifier (`r#async`).
                let name = syn::ext::IdentExt::unraw(&f.sig.ident).to_string();
                out.insert((module.to_owned(), name), generator::surface::text(&tokens));
            }
        }
    }
    out
}

#[test]
fn every_method_is_printed_with_the_signature_the_api_diff_reports() {
    let root = xtask::workspace_root();
    let mut checked = 0;
    for target in TARGETS {
        let inputs = xtask::target_inputs(&root, target).expect("inputs");
        let model = generator::model(&inputs, &generator::Config::default()).expect("model");
        let output = xtask::generate(&root, target).expect("generates");
        let printed = printed_signatures(&output.files);
        for api in &model.apis {
            for op in &api.operations {
                let key = (api.module.clone(), op.rust_name.clone());
                let Some(text) = printed.get(&key) else { panic!("{}::{} is not printed", api.module, op.rust_name) };
                assert_eq!(*text, generator::diff::signature(op), "{}::{}", api.module, op.rust_name);
                checked += 1;
            }
        }
    }
    // The whole CRM and every fixture: hundreds of operations.
    assert!(checked > 600, "only {checked} operations checked");
}

/// Whether `name` ends in what looks like a structure hash: eight hex digits
/// with both a digit and a letter among them (`Error2307f164`).
fn ends_in_hash(name: &str) -> bool {
    let tail: Vec<char> = name.chars().rev().take(8).collect();
    tail.len() == 8
        && tail.iter().all(|c| c.is_ascii_digit() || ('a'..='f').contains(c))
        && tail.iter().any(char::is_ascii_digit)
        && tail.iter().any(|c| c.is_ascii_alphabetic())
}

/// The names of the public items (types, functions, modules, enum variants
/// and fields) of one generated file.
fn public_names(contents: &str) -> Vec<String> {
    let mut names = Vec::new();
    for line in contents.lines().map(str::trim) {
        for prefix in ["pub struct ", "pub enum ", "pub type ", "pub fn ", "pub async fn ", "pub mod ", "pub trait "] {
            if let Some(rest) = line.strip_prefix(prefix) {
                names
                    .push(rest.split(|c: char| !c.is_alphanumeric() && c != '_').next().unwrap_or_default().to_owned());
            }
        }
        // `pub field: T,` and open enum variants (`Name = "wire",`).
        if let Some(rest) = line.strip_prefix("pub ")
            && let Some((field, _)) = rest.split_once(": ")
            && !field.contains(' ')
        {
            names.push(field.trim_start_matches("r#").to_owned());
        }
        if let Some((variant, wire)) = line.split_once(" = ")
            && wire.starts_with('"')
            && variant.chars().all(|c| c.is_alphanumeric() || c == '_')
        {
            names.push(variant.to_owned());
        }
    }
    names
}

#[test]
fn no_public_name_ends_in_a_structure_hash_or_a_counter() {
    let root = xtask::workspace_root();
    let mut seen = 0;
    for target in TARGETS {
        let output = xtask::generate(&root, target).expect("generates");
        // The generator says when only a counter could name something.
        let numbered: Vec<String> =
            output.warnings.0.iter().map(ToString::to_string).filter(|w| w.contains("is numbered")).collect();
        assert!(numbered.is_empty(), "names settled by a counter in {}:\n{}", target.specs, numbered.join("\n"));
        for file in &output.files {
            for name in public_names(&file.contents) {
                assert!(!ends_in_hash(&name), "{}: `{name}` ends in a structure hash", file.path);
                // A union alternative named by its position (`Variant2`): nothing of its own to go by.
                let positional = name.rsplit_once("Variant").is_some_and(|(_, n)| n.parse::<u32>().is_ok());
                assert!(!positional, "{}: `{name}` is named by its position", file.path);
                seen += 1;
            }
        }
    }
    assert!(seen > 5_000, "only {seen} public names read");
    assert!(ends_in_hash("Error2307f164") && !ends_in_hash("SimplePublicObjectV3") && !ends_in_hash("V20260309"));
}

/// A line that only gates an item behind cargo features.
fn gates_only(line: &str) -> bool {
    let t = line.trim();
    (t.starts_with("#[cfg(") && t.contains("feature"))
        || t.starts_with("feature = ")
        || t == "any("
        || t == "#[cfg("
        || t == ")]"
        || t == "),"
}

#[test]
fn feature_gates_are_written_once_per_set_of_apis() {
    let output = xtask::generate(&xtask::workspace_root(), xtask::CLIENT).expect("generates");
    let (mut lines, mut gates) = (0, 0);
    for file in &output.files {
        for line in file.contents.lines() {
            lines += 1;
            gates += usize::from(gates_only(line));
        }
        // One feature per gate: no `any(…)` lists of API features in the code.
        assert!(!file.contents.contains("cfg(any("), "{} lists features in a cfg", file.path);
    }
    println!("{gates} of {lines} generated lines only gate features");
    assert!(gates * 100 <= lines * 3, "{gates} of {lines} generated lines only gate features (at most 3 %)");
    // Every shared item's gate is a feature of the crate.
    assert!(!output.gates.is_empty());
    let manifest =
        std::fs::read_to_string(xtask::workspace_root().join("generated-client/Cargo.toml")).expect("manifest");
    for gate in output.gates.keys() {
        assert!(manifest.contains(&format!("\n{gate} = [")), "{gate} is not in [features]");
    }
}
