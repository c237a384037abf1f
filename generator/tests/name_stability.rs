//! Method names stay the same across HubSpot's API versions, whichever
//! operationId style a version uses (`…_read` in v3, the path repeated in the
//! dated versions) and wherever it puts its version segment (`/crm/v3/objects`,
//! `/crm/objects/2026-09`). Checked on contacts name by name, then on every CRM
//! API with several published versions.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use generator::ir::Method;
use generator::naming::{Part, common_prefix_len, name_parts};
use generator::{Config, Profile, SpecInput, lower_spec};

/// HubSpot's published specs, beside the project root. Missing is a failure.
fn specs_root() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/hubspot-specs");
    assert!(root.join("INDEX.tsv").is_file(), "HubSpot's specs are missing: no {}", root.join("INDEX.tsv").display());
    root
}

/// One published spec: `CRM/<api>/Rollouts/<rollout>/<version>/<file>.json`.
struct Published {
    api: String,
    /// `<rollout>/<version>`: an API may publish one version in several rollouts.
    version: String,
    path: PathBuf,
}

/// Every CRM spec listed in `INDEX.tsv`.
fn published() -> Vec<Published> {
    let root = specs_root();
    let index = std::fs::read_to_string(root.join("INDEX.tsv")).expect("INDEX.tsv reads");
    let specs: Vec<Published> = index
        .lines()
        .skip(1)
        .filter_map(|line| {
            let rel = line.split('\t').next()?;
            let parts: Vec<&str> = rel.split('/').collect();
            match parts[..] {
                ["CRM", api, "Rollouts", rollout, version, _file] => Some(Published {
                    api: api.to_owned(),
                    version: format!("{rollout}/{version}"),
                    path: root.join(rel),
                }),
                _ => None,
            }
        })
        .collect();
    assert!(specs.len() > 200, "INDEX.tsv lists only {} CRM specs", specs.len());
    specs
}

/// One lowered operation: method, path template, method name, and the words
/// of its path that its own version's base (common prefix) takes in.
struct Op {
    method: Method,
    path: String,
    name: String,
    base_words: Vec<String>,
}

fn lower(path: &Path) -> Vec<Op> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let file = path.file_name().and_then(|f| f.to_str()).unwrap_or("spec.json");
    // HubSpot's conventions for all of them: one spec (contacts, rollout 107729) names a QA server.
    let config = Config { profile: Profile::HubSpot, ..Config::default() };
    let (api, _, _) = lower_spec(&SpecInput::new(file, text), &config)
        .unwrap_or_else(|d| panic!("{} does not lower: {d:?}", path.display()));
    let paths: Vec<&str> = api.operations.iter().map(|o| o.path.template.as_str()).collect();
    let base = common_prefix_len(&paths);
    api.operations
        .iter()
        .map(|o| Op {
            method: o.method,
            path: o.path.template.clone(),
            name: o.rust_name.clone(),
            base_words: name_parts(&o.path.template)[..base]
                .iter()
                .filter_map(|p| match p {
                    Part::Word(w) => Some((*w).to_owned()),
                    Part::Param(_) | Part::Value(_) => None,
                })
                .collect(),
        })
        .collect()
}

/// Lower every spec, on as many threads as there are cores.
fn lower_all(specs: &[Published]) -> Vec<Vec<Op>> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(specs.len().max(1));
    let chunk = specs.len().div_ceil(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> =
            specs.chunks(chunk).map(|c| s.spawn(|| c.iter().map(|p| lower(&p.path)).collect::<Vec<_>>())).collect();
        handles.into_iter().flat_map(|h| h.join().expect("lowering panicked")).collect()
    })
}

/// An operation's identity across versions: its method and its path after the
/// API's common prefix, with version segments dropped and parameters (and
/// value segments such as `0-410`) blanked: `POST batch/read`, `GET {}`.
///
/// The prefix is computed once over the paths of *all* versions of the API,
/// not per version: a version's own common prefix depends on which operations
/// it happens to hold (one with only association operations shares a longer
/// prefix), so per-version identities would drift apart exactly where names
/// do. One prefix for the API makes `/crm/v3/objects/contacts/{contactId}` and
/// `/crm/objects/2025-09/{objectType}/{objectId}` the same operation (the
/// prefix matches `contacts` with `{objectType}`), and dropping the versions
/// makes their moving position (`/crm/v3/objects`, `/crm/objects/2026-09`)
/// irrelevant. Parameter names are blanked because versions rename them
/// (`{contactId}`, `{objectId}`).
fn identity(method: Method, path: &str, prefix: usize) -> (Method, String) {
    let parts = name_parts(path);
    let shape: Vec<&str> = parts[prefix.min(parts.len())..]
        .iter()
        .map(|p| match p {
            Part::Word(w) => *w,
            Part::Param(_) | Part::Value(_) => "{}",
        })
        .collect();
    (method, shape.join("/"))
}

/// A word of a method name that reads like a version: `v3`, or `2026` `09`.
fn version_like(name: &str) -> bool {
    let words: Vec<&str> = name.trim_start_matches("r#").split('_').collect();
    let year = |w: &str| w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit());
    let month = |w: &str| w.len() == 2 && w.bytes().all(|b| b.is_ascii_digit());
    let v = |w: &str| w.len() > 1 && w.starts_with('v') && w[1..].bytes().all(|b| b.is_ascii_digit());
    words.iter().any(|w| v(w)) || words.windows(2).any(|w| year(w[0]) && month(w[1]))
}

/// Method name by operation identity (the contacts test's view of one version).
type Names = BTreeMap<(Method, String), String>;

fn contacts_names(version: &str) -> Names {
    let path = specs_root().join("CRM/Contacts/Rollouts").join(version).join("contacts.json");
    let ops = lower(&path);
    let paths: Vec<&str> = ops.iter().map(|o| o.path.as_str()).collect();
    let prefix = common_prefix_len(&paths);
    ops.iter().map(|op| (identity(op.method, &op.path, prefix), op.name.clone())).collect()
}

#[test]
fn contacts_method_names_agree_across_versions() {
    const VERSIONS: [&str; 5] = ["424/v3", "424/2025-09", "424/2026-03", "424/2026-09", "321895/2026-09-beta"];
    let all: Vec<(&str, Names)> = VERSIONS.iter().map(|v| (*v, contacts_names(v))).collect();
    let (first_version, first) = &all[0];
    let mut shared = 0;
    for (shape, name) in first {
        if all.iter().all(|(_, names)| names.contains_key(shape)) {
            shared += 1;
            for (version, names) in &all {
                assert_eq!(
                    &names[shape], name,
                    "{shape:?}: {first_version} says `{name}`, {version} says `{}`",
                    names[shape]
                );
            }
        }
    }
    assert_eq!(shared, 13, "all 13 v3 operations exist in every version");
    for (version, names) in &all {
        assert_eq!(names[&(Method::Post, "batch/read".to_owned())], "batch_read", "{version}");
    }
    let expected = [
        "archive",
        "batch_archive",
        "batch_create",
        "batch_read",
        "batch_update",
        "batch_upsert",
        "create",
        "gdpr_delete",
        "get_by_id",
        "get_page",
        "merge",
        "search",
        "update",
    ];
    let mut v3: Vec<&str> = first.values().map(String::as_str).collect();
    v3.sort();
    assert_eq!(v3, expected);
}

/// Every CRM API with several published versions: an operation present in two
/// or more of them has one method name in all; no name anywhere holds a
/// version or ends in a de-duplication counter.
#[test]
fn every_crm_api_keeps_its_method_names_across_versions() {
    let specs = published();
    let lowered = lower_all(&specs);
    let mut problems: Vec<String> = Vec::new();

    // `NAME_STABILITY_DUMP=FILE` writes every name (API, version, method, path, name) for comparing runs.
    if let Some(file) = std::env::var_os("NAME_STABILITY_DUMP") {
        let mut table = String::new();
        for (spec, ops) in specs.iter().zip(&lowered) {
            for op in ops {
                table.push_str(&format!(
                    "{}\t{}\t{}\t{}\t{}\n",
                    spec.api,
                    spec.version,
                    op.method.as_str(),
                    op.path,
                    op.name
                ));
            }
        }
        std::fs::write(&file, table).expect("the dump file writes");
    }

    // No version words and no counters, in every published spec.
    for (spec, ops) in specs.iter().zip(&lowered) {
        for op in ops {
            let where_ = format!("{} {}: {} {} → `", spec.api, spec.version, op.method.as_str(), op.path);
            if version_like(&op.name) {
                problems.push(format!("version in name: {where_}{}`", op.name));
            }
            if op.name.ends_with(|c: char| c.is_ascii_digit()) {
                problems.push(format!("numbered name: {where_}{}`", op.name));
            }
        }
    }

    // Operations present in several versions of an API keep their names.
    let mut by_api: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, spec) in specs.iter().enumerate() {
        by_api.entry(spec.api.as_str()).or_default().push(i);
    }
    by_api.retain(|_, versions| versions.len() > 1);
    let (mut compared, mut pairs) = (0, 0);
    let mut qualified: Vec<String> = Vec::new();
    for (api, versions) in &by_api {
        let paths: Vec<&str> = versions.iter().flat_map(|&i| lowered[i].iter().map(|o| o.path.as_str())).collect();
        let prefix = common_prefix_len(&paths);
        let mut seen: BTreeMap<(Method, String), BTreeMap<&str, &Op>> = BTreeMap::new();
        for &i in versions {
            for op in &lowered[i] {
                let id = identity(op.method, &op.path, prefix);
                if let Some(other) = seen.entry(id.clone()).or_default().insert(&specs[i].version, op) {
                    let version = &specs[i].version;
                    problems.push(format!(
                        "ambiguous identity: {api} {version}: {id:?} is `{}` and `{}`",
                        other.name, op.name
                    ));
                }
            }
        }
        for ((method, shape), in_versions) in &seen {
            if in_versions.len() < 2 {
                continue;
            }
            compared += 1;
            pairs += in_versions.len();
            let names: BTreeSet<&str> = in_versions.values().map(|op| op.name.as_str()).collect();
            if names.len() == 1 {
                continue;
            }
            let each: Vec<String> = in_versions
                .iter()
                .map(|(version, op)| format!("    {version}: `{}` ({} {})", op.name, method.as_str(), op.path))
                .collect();
            let report = format!("{api}: {} {shape}\n{}", method.as_str(), each.join("\n"));
            if namespace_qualified(in_versions) {
                qualified.push(report);
            } else {
                problems.push(format!("unstable name: {report}"));
            }
        }
    }
    println!(
        "name stability: {} APIs with several versions ({} specs): {} operations present in two or more versions, \
         {} operation-versions compared; {} named with their namespace where a version adds another",
        by_api.len(),
        by_api.values().map(Vec::len).sum::<usize>(),
        compared,
        pairs,
        qualified.len(),
    );
    for q in &qualified {
        println!("namespace-qualified: {q}");
    }
    assert!(problems.is_empty(), "{} naming problems:\n{}", problems.len(), problems.join("\n"));
    assert_eq!(by_api.len(), 61, "HubSpot publishes 61 CRM APIs in several versions");
}

/// The one way a name may differ between versions: a version whose paths all
/// sit under one namespace leaves it in its base, while a version that adds a
/// second namespace beside it has a shorter base and keeps the word in names
/// to tell the two apart. HubSpot's Associations v3 has only
/// `/crm/v3/associations/{from}/{to}/batch/…` (`batch_archive`); v4 and the
/// dated versions add `/crm/…/objects/{objectType}/{objectId}/associations/…`
/// beside it (`associations_batch_archive`, `get_objects_associations`).
/// No rule can name the v3 operation `associations_batch_archive` without
/// also naming Pipelines' `/crm/v3/pipelines/{objectType}/{pipelineId}/stages`
/// `pipelines_get_stages`: the shapes are the same.
///
/// Checked exactly: two names, the longer one is the shorter one with the
/// words added that the shorter one's version took into its base and the
/// longer one's did not.
fn namespace_qualified(in_versions: &BTreeMap<&str, &Op>) -> bool {
    let names: BTreeSet<&str> = in_versions.values().map(|op| op.name.as_str()).collect();
    let [a, b] = names.into_iter().collect::<Vec<_>>()[..] else { return false };
    let (short, long) = if a.len() < b.len() { (a, b) } else { (b, a) };
    let ops = |name: &str| in_versions.values().filter(|op| op.name == name).copied().collect::<Vec<&Op>>();
    let (shorts, longs) = (ops(short), ops(long));
    shorts.iter().all(|s| {
        longs.iter().all(|l| {
            let namespace: Vec<&str> =
                s.base_words.iter().filter(|w| !l.base_words.contains(w)).map(String::as_str).collect();
            let namespace = format!("{}_", namespace.join("_").replace('-', "_"));
            namespace.len() > 1 && long.replacen(&namespace, "", 1) == short
        })
    })
}
