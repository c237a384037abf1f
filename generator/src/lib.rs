//! OpenAPI 3.0 → Rust client generator.
//!
//! The pipeline is a chain of pure functions with one front door, [`generate`]:
//!
//! ```text
//! text ──normalize──▶ JSON ──load──▶ openapiv3::OpenAPI ──lower──▶ ir::Api ──check──▶ ir::Api ×N ──merge──▶ ir::Model ──emit──▶ tokens ──format──▶ files
//! ```
//!
//! Normalize is one ordered list of JSON passes (overlays, lenient reading,
//! other files' `$ref`s through the caller's [`SpecLoader`], the 3.1
//! downgrade, references, setting aside what does not read).
//!
//! [`merge`] gives all APIs of one run one type space (and one implementation
//! of an operation they share); it is a visible phase of its own.
//!
//! Nothing here touches the file system: callers (the `xtask` binary, tests,
//! benchmarks) hand in spec text (and a [`SpecLoader`] for the files its
//! `$ref`s name) and receive `(relative path, contents)` pairs.
//! A spec may come with [`overlay`] documents (OpenAPI Overlay 1.0), applied
//! to its JSON before it is read; what they did is in [`SpecStats::overlays`].
//! Every phase collects all of its diagnostics before failing, and problems in
//! one operation skip that operation with a warning instead of failing the run
//! (unless [`Config::strict`] is set).

pub mod conventions;
pub mod diag;
pub mod diff;
mod emit;
mod format;
pub mod ir;
mod load;
mod lower;
pub mod merge;
pub mod naming;
mod normalize;
pub use normalize::external::SpecLoader;
pub use normalize::overlay;
pub mod properties;
mod read_write;
pub mod surface;

pub use conventions::Profile;
pub use diag::{Diagnostic, Diagnostics, Severity};
pub use emit::Scope;

/// What lowering one spec counted: run statistics, kept apart from the
/// model (they describe the run, not the API).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Operations left out because of diagnostics.
    pub skipped_operations: usize,
    /// Struct fields and operation parameters, counted after lowering.
    pub fields_and_params: usize,
    /// Those of them typed as any JSON value because lowering fell back on a
    /// schema that says its type (a contradictory `allOf`, a schema that does
    /// not read, a broken `$ref` inside a component): each is in a warning.
    pub untyped_fallbacks: usize,
}

/// One OpenAPI document handed to the generator.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpecInput {
    /// The path shown in diagnostics and in generated headers, relative to the
    /// workspace root (for example `specs/contacts.yaml`).
    pub display_path: String,
    /// The Rust module the spec's client is generated into (for example `contacts`).
    pub module: String,
    /// The document's text, JSON or YAML.
    pub text: String,
    /// Overlays applied to the document, in order, before it is read
    /// (corrections to a published spec that stays unmodified).
    pub overlays: Vec<OverlayInput>,
    /// Path parameters this API fixes, by wire name (`objectType` →
    /// `contacts`): set by the API's resource, not passed by callers.
    pub bindings: std::collections::BTreeMap<String, String>,
    /// Reads the files the document's `$ref`s name (relative to its folder);
    /// without one, references into other files are left unresolved.
    pub loader: Option<normalize::external::Loader>,
}

/// One OpenAPI Overlay 1.0 document (JSON or YAML) for a [`SpecInput`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OverlayInput {
    /// The path shown in diagnostics and reports (`specs/overlays/error-response-json.yaml`).
    pub display_path: String,
    pub text: String,
}

impl OverlayInput {
    pub fn new(display_path: impl Into<String>, text: impl Into<String>) -> Self {
        OverlayInput { display_path: display_path.into(), text: text.into() }
    }
}

impl SpecInput {
    /// A spec whose module name is derived from the file stem of `display_path`.
    pub fn new(display_path: impl Into<String>, text: impl Into<String>) -> Self {
        let display_path = display_path.into();
        let stem =
            display_path.rsplit(['/', '\\']).next().unwrap_or(&display_path).split('.').next().unwrap_or_default();
        let module = naming::module_name(stem);
        SpecInput { display_path, module, text: text.into(), ..SpecInput::default() }
    }

    /// Read the files the document's `$ref`s name through `loader`.
    pub fn with_loader(mut self, loader: impl SpecLoader + 'static) -> Self {
        self.loader = Some(normalize::external::Loader(std::sync::Arc::new(loader)));
        self
    }

    /// Apply this overlay too, after the ones already added.
    pub fn with_overlay(mut self, display_path: impl Into<String>, text: impl Into<String>) -> Self {
        self.overlays.push(OverlayInput::new(display_path, text));
        self
    }
}

/// Options that change what is generated.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Turn warnings (skipped operations, unsupported constructs) into errors.
    pub strict: bool,
    /// The command named in every generated file's header.
    pub command: Option<String>,
    /// Which vendor conventions to apply (by default HubSpot's for specs served from `hubapi.com`).
    pub profile: Profile,
    /// Gate each API behind a cargo feature named after its module, and each
    /// shared type behind the features of the APIs that use it.
    pub features: bool,
    /// Make the types responses decode into lenient (`null` map values
    /// accepted, required lists and maps that are left out decode as empty)
    /// whatever the profile says; HubSpot's profile always is.
    pub lenient_responses: bool,
    /// Also emit contract calls ([`Output::contract_calls`]) for a test crate
    /// that depends on the client under this name (`hubspot_crm`).
    pub contract_calls: Option<String>,
    /// Hand-written helpers that belong with a generated API: module name →
    /// the path of a module of the crate (`oauth` → `crate::runtime::oauth`)
    /// whose public items the API's module re-exports, so they sit beside
    /// its operations, under its feature.
    pub companions: std::collections::BTreeMap<String, String>,
}

impl Config {
    fn command(&self) -> &str {
        self.command.as_deref().unwrap_or("cargo xtask codegen")
    }
}

/// One generated file: a path relative to the client crate's `src/generated/`
/// folder and its complete contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    pub path: String,
    pub contents: String,
}

/// Everything a successful run produced.
#[derive(Debug, Clone, Default)]
pub struct Output {
    /// Files sorted by path.
    pub files: Vec<GeneratedFile>,
    /// Warnings that did not stop generation (skipped operations and the like).
    pub warnings: Diagnostics,
    /// Per-spec figures, in input order.
    pub stats: Vec<SpecStats>,
    /// Types generated once in the shared space for several APIs.
    pub shared_types: usize,
    /// With [`Config::contract_calls`]: a test module that calls every
    /// operation of every API through the client (`contract_calls.rs`).
    pub contract_calls: Option<GeneratedFile>,
    /// With [`Config::features`]: the internal cargo features that gate the
    /// shared space ([`ir::Model::gates`]); each API's feature enables those
    /// whose APIs include it.
    pub gates: std::collections::BTreeMap<String, ir::Gate>,
}

/// What one spec turned into.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpecStats {
    pub display_path: String,
    pub module: String,
    pub operations: usize,
    pub skipped_operations: usize,
    pub types: usize,
    /// Struct fields and operation parameters ([`Counts::fields_and_params`]).
    pub fields_and_params: usize,
    /// Of those, typed as any JSON value though the spec gives the type
    /// ([`Counts::untyped_fallbacks`]).
    pub untyped_fallbacks: usize,
    /// What each of the spec's overlays did, in order (one entry per action).
    pub overlays: Vec<overlay::Report>,
}

/// Apply a spec's overlays to its parsed document: the corrected document as
/// JSON and what every overlay action did. Fails like generation does (an
/// overlay that does not parse, an action that matches nothing).
pub fn apply_overlays(spec: &SpecInput) -> Result<(serde_json::Value, Vec<overlay::Report>), Diagnostics> {
    let mut doc = normalize::parse_value(&spec.display_path, &spec.text)?;
    let reports = overlay::apply_all(&mut doc, &spec.display_path, &spec.overlays)?;
    Ok((doc, reports))
}

/// One spec after the normalize passes (overlays, lenient reading, the 3.1
/// downgrade, references, setting aside), as the JSON the reader receives,
/// with the passes' warnings: for tools and tests that check what a pass did.
pub fn normalized(spec: &SpecInput) -> Result<(serde_json::Value, Diagnostics), Diagnostics> {
    let normalized = normalize::normalize(spec)?;
    Ok((normalized.value, Diagnostics(normalized.warnings)))
}

/// Load, lower and check one spec: the intermediate model the emitter would
/// receive, with the warnings lowering produced. For tools and tests that
/// inspect what the generator understood (operation names, types). The
/// spec's overlays are applied; [`apply_overlays`] reports what they did.
pub fn lower_spec(spec: &SpecInput, config: &Config) -> Result<(ir::Api, Counts, Diagnostics), Diagnostics> {
    let mut loaded = load::load_spec(spec)?;
    let mut diags = Diagnostics(std::mem::take(&mut loaded.warnings));
    let (api, mut counts) = lower_loaded(spec, &loaded, config, &mut diags);
    counts.skipped_operations += loaded.skipped_operations;
    ir::check(&api, &mut diags);
    if config.strict {
        diags.promote_warnings();
    }
    if diags.has_errors() { Err(diags) } else { Ok((api, counts, diags)) }
}

/// Lower a loaded spec; its diagnostics about objects placed from other
/// files name those files.
fn lower_loaded(
    spec: &SpecInput,
    loaded: &load::Loaded,
    config: &Config,
    diags: &mut Diagnostics,
) -> (ir::Api, Counts) {
    let mut own = Diagnostics::default();
    let lowered = lower::lower(spec, &loaded.doc, &loaded.moved, config, &mut own);
    diags.0.extend(normalize::relocate(own.0, &spec.display_path, &loaded.origins));
    lowered
}

/// The intermediate model of one spec as JSON: what `cargo xtask ir SPEC`
/// prints and what the lowering tests compare. `Err` carries the diagnostics
/// when the spec does not lower.
pub fn ir_json(spec: &SpecInput, config: &Config) -> Result<serde_json::Value, Diagnostics> {
    let (api, _, _) = lower_spec(spec, config)?;
    serde_json::to_value(&api).map_err(|e| {
        Diagnostics::from(Diagnostic::error(
            &spec.display_path,
            "",
            format!("generator bug: the IR does not serialize: {e}"),
        ))
    })
}

/// Parse, lower, check and emit every spec, then format the result.
///
/// Returns all error diagnostics of the first phase that failed; warnings of a
/// successful run are in [`Output::warnings`].
pub fn generate(specs: &[SpecInput], config: &Config) -> Result<Output, Diagnostics> {
    let (model, overlay_reports, diags) = build_model(specs, config)?;
    emit_model(specs, config, model, overlay_reports, diags)
}

/// Load, lower, check and merge every spec: the model the emitter would
/// receive for one crate. What [`diff::diff`] compares: two models, two
/// versions of the generated Rust API.
pub fn model(specs: &[SpecInput], config: &Config) -> Result<ir::Model, Diagnostics> {
    build_model(specs, config).map(|(model, _, _)| model)
}

/// Per spec (by display path): what its overlays did and what lowering counted.
type OverlayReports = std::collections::BTreeMap<String, (Vec<overlay::Report>, Counts)>;

fn build_model(specs: &[SpecInput], config: &Config) -> Result<(ir::Model, OverlayReports, Diagnostics), Diagnostics> {
    let mut apis = Vec::with_capacity(specs.len());
    let mut overlay_reports = std::collections::BTreeMap::new();
    let mut diags = Diagnostics::default();
    for spec in specs {
        match load::load_spec(spec) {
            Ok(mut loaded) => {
                diags.0.extend(std::mem::take(&mut loaded.warnings));
                let (mut api, mut counts) = lower_loaded(spec, &loaded, config, &mut diags);
                api.companion = config.companions.get(&api.module).cloned();
                if let Some(path) = &api.companion
                    && syn::parse_str::<syn::Path>(path).is_err()
                {
                    diags.push(diag::Diagnostic::error(
                        &spec.display_path,
                        "",
                        format!("the companion of module `{}`, `{path}`, is not a Rust path", api.module),
                    ));
                }
                counts.skipped_operations += loaded.skipped_operations;
                apis.push(api);
                overlay_reports.insert(spec.display_path.clone(), (loaded.overlays, counts));
            }
            Err(errs) => diags.0.extend(errs.0),
        }
    }
    for api in &apis {
        ir::check(api, &mut diags);
    }
    if config.strict {
        diags.promote_warnings();
    }
    if diags.has_errors() {
        return Err(diags);
    }

    let model = merge::merge(apis);
    ir::check_model(&model, &mut diags);
    if diags.has_errors() {
        return Err(diags);
    }
    Ok((model, overlay_reports, diags))
}

fn emit_model(
    specs: &[SpecInput],
    config: &Config,
    model: ir::Model,
    mut overlay_reports: OverlayReports,
    diags: Diagnostics,
) -> Result<Output, Diagnostics> {
    let mut files = Vec::new();
    let mut stats = Vec::new();
    for api in &model.apis {
        for (path, tokens) in emit::api_files(api) {
            let contents =
                format::format_file(&path, tokens, config.command(), &api.source).map_err(Diagnostics::from)?;
            files.push(GeneratedFile { path, contents });
        }
        let (overlays, counts) = overlay_reports.remove(&api.source).unwrap_or_default();
        stats.push(SpecStats {
            display_path: api.source.clone(),
            module: api.module.clone(),
            operations: api.operations.len(),
            skipped_operations: counts.skipped_operations,
            fields_and_params: counts.fields_and_params,
            untyped_fallbacks: counts.untyped_fallbacks,
            types: api.types.len() + api.reexports.len(),
            overlays,
        });
    }
    let order = |path: &str| specs.iter().position(|s| s.display_path == path);
    stats.sort_by_key(|s| order(&s.display_path));
    let sources: Vec<&str> = specs.iter().map(|s| s.display_path.as_str()).collect();
    if let Some((path, tokens)) = emit::shared_file(&model, config.features) {
        let sharing: Vec<&str> =
            model.apis.iter().filter(|a| !a.reexports.is_empty()).map(|a| a.source.as_str()).collect();
        let contents =
            format::format_file(&path, tokens, config.command(), &sharing.join(", ")).map_err(Diagnostics::from)?;
        files.push(GeneratedFile { path, contents });
    }
    if let Some((path, tokens)) = emit::operations_file(&model, config.features) {
        let sharing: Vec<&str> = model
            .apis
            .iter()
            .filter(|a| a.operations.iter().any(|o| o.shared.is_some()))
            .map(|a| a.source.as_str())
            .collect();
        let contents =
            format::format_file(&path, tokens, config.command(), &sharing.join(", ")).map_err(Diagnostics::from)?;
        files.push(GeneratedFile { path, contents });
    }
    let root = emit::root_file(&model, config.features);
    let contents =
        format::format_file("mod.rs", root, config.command(), &sources.join(", ")).map_err(Diagnostics::from)?;
    files.push(GeneratedFile { path: "mod.rs".to_owned(), contents });
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let contract_calls = match &config.contract_calls {
        Some(krate) => {
            let path = "contract_calls.rs".to_owned();
            let tokens = emit::contract_calls(&model, krate);
            let contents =
                format::format_file(&path, tokens, config.command(), &sources.join(", ")).map_err(Diagnostics::from)?;
            Some(GeneratedFile { path, contents })
        }
        None => None,
    };
    let gates = if config.features { model.gates } else { Default::default() };
    Ok(Output { files, warnings: diags, stats, shared_types: model.shared.len(), contract_calls, gates })
}
