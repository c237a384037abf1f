//! Diff: what changes in the generated Rust API between two models.
//!
//! [`diff`] compares two [`Model`]s (the same crate generated from two
//! versions of its specs) at the level of the intermediate model, not of
//! generated text, and says for every change which Rust item it affects and
//! whether code written against the old client still compiles:
//!
//! - **breaking**: some user code stops compiling (an item is gone, a
//!   signature or a field's type changed, an exhaustive `match` or a struct
//!   literal misses a new member);
//! - **additive**: new items only; every program that compiled still does;
//! - **wire**: the Rust API is unchanged, what goes over HTTP is not (a path,
//!   a JSON key, a status);
//! - **docs**: only documentation changes.
//!
//! The classification follows what the emitter prints (see `emit/`):
//!
//! - open enums (`open_enum!`) are `#[non_exhaustive]`: a new value is additive;
//! - structs are **not** `#[non_exhaustive]` and all their fields are `pub`,
//!   so users may build them with a struct literal or destructure them
//!   exhaustively: any new field, optional or not, breaks that code (as
//!   Cargo's SemVer guide and cargo-semver-checks'
//!   `constructible_struct_adds_field` say). A struct with one or two
//!   required fields (of different types) has `new(required…)`; one with
//!   more, or two of one type, has a typestate `builder()` whose `build()`
//!   needs every required field, so a new required field breaks it as it
//!   breaks `new`; one without derives `Default` instead;
//! - `oneOf` enums and an operation's response enum are not
//!   `#[non_exhaustive]`: a new variant is breaking;
//! - required parameters (path parameters and required query or header ones,
//!   except those the API binds) and a required body are arguments of the
//!   resource's method, by position, so a renamed argument breaks nothing;
//!   optional ones are setters on the request builder;
//! - `send()` returns the one success's body, or with several 2xx statuses
//!   the operation's response enum;
//! - the `shared` and `operations` modules are private: users name types as
//!   `{api}::types::Name`, so a type moving in or out of the shared space is
//!   invisible, except that two APIs' types stop (or start) being one type.
//!
//! Changes to the shared type space appear once per API that re-exports the
//! type; [`diff`] folds identical changes into one entry listing every API
//! (and Rust item) they reach.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use proc_macro2::TokenStream;
use serde::Serialize;

use crate::emit::Scope;
use crate::ir::{
    Api, Body, EnumValue, Model, NewArg, Operation, Outcome, Param, Status, Struct, TypeDef, TypeKind, TypeRef,
};
use crate::surface;

/// How a change affects code written against the old client. Ordered from
/// the mildest to the most severe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Only documentation changes.
    Docs,
    /// The Rust API is the same; what goes over the wire is not.
    Wire,
    /// New items only: every program that compiled still compiles.
    Additive,
    /// Some program that compiled no longer does.
    Breaking,
}

impl Verdict {
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Docs => "docs only",
            Verdict::Wire => "wire only",
            Verdict::Additive => "additive",
            Verdict::Breaking => "breaking",
        }
    }
}

/// What changed. Each kind has one classification, except where the Rust
/// truth depends on the case (noted on the variant).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A new API module and `Client` accessor. Additive.
    ApiAdded,
    /// Breaking.
    ApiRemoved,
    /// A new method on the resource (and its request builder). Additive.
    OperationAdded,
    /// Breaking.
    OperationRemoved,
    /// The same operation (operationId, or method and path) under another method name. Breaking.
    OperationRenamed,
    /// A new argument of the method. Breaking.
    RequiredParamAdded,
    /// A new setter on the request builder. Additive.
    OptionalParamAdded,
    /// An argument or setter gone. Breaking.
    ParamRemoved,
    /// A setter became an argument. Breaking.
    ParamNowRequired,
    /// An argument became a setter. Breaking.
    ParamNowOptional,
    /// An argument's or setter's type changed. Breaking.
    ParamRetyped,
    /// A positional argument with another name and the same type. Docs only.
    ParamRenamed,
    /// The method's arguments changed order or types otherwise. Breaking.
    ArgumentsChanged,
    /// A request body where there was none. Breaking (an argument, or a
    /// setter and a lifetime parameter on the builder).
    BodyAdded,
    /// Breaking.
    BodyRemoved,
    /// Breaking.
    BodyRetyped,
    /// Breaking.
    BodyNowRequired,
    /// Breaking.
    BodyNowOptional,
    /// A new 2xx status: a new variant of the (exhaustive) response enum, or
    /// `send()` returning an enum where it returned the body. Breaking.
    SuccessAdded,
    /// Breaking.
    SuccessRemoved,
    /// What `send()` returns, or a response variant's payload, changed type. Breaking.
    SuccessRetyped,
    /// The builder's `into_stream` (a paginated listing) is new. Additive.
    StreamAdded,
    /// Breaking.
    StreamRemoved,
    /// Breaking.
    StreamRetyped,
    /// The builder's `send_all` (a batch) is new. Additive.
    BatchAdded,
    /// Breaking.
    BatchRemoved,
    /// Breaking.
    BatchRetyped,
    /// The request builder or response enum has another name. Breaking.
    ItemRenamed,
    /// `#[deprecated]` added: warnings, no errors. Additive.
    Deprecated,
    /// Additive.
    TypeAdded,
    /// Breaking.
    TypeRemoved,
    /// A type gone and one of the same structure added under another name. Breaking.
    TypeRenamed,
    /// Struct, enum, `oneOf` enum or alias became another of them. Breaking.
    TypeKindChanged,
    /// `new` takes one more argument. Breaking.
    RequiredFieldAdded,
    /// Struct literals and exhaustive patterns must name it. Breaking (the structs are not `#[non_exhaustive]`).
    OptionalFieldAdded,
    /// Breaking.
    FieldRemoved,
    /// Breaking.
    FieldRetyped,
    /// `Option<T>` → `T`, and `new` takes it. Breaking.
    FieldNowRequired,
    /// `T` → `Option<T>`, and `new` no longer takes it. Breaking.
    FieldNowOptional,
    /// One more `Option` around the field's type. Breaking.
    FieldNowNullable,
    /// One `Option` less. Breaking.
    FieldNoLongerNullable,
    /// `new` appeared or went, `Default` went or appeared (a struct's first
    /// required field, or its last one gone). Breaking.
    ConstructorChanged,
    /// A new value of an open enum (`#[non_exhaustive]`). Additive.
    EnumVariantAdded,
    /// Breaking.
    EnumVariantRemoved,
    /// The same wire value under another variant name. Breaking.
    EnumVariantRenamed,
    /// A new variant of a `oneOf` enum (exhaustive). Breaking.
    UnionVariantAdded,
    /// Breaking.
    UnionVariantRemoved,
    /// Breaking.
    UnionVariantRetyped,
    /// A type alias stands for another type. Breaking.
    AliasRetyped,
    /// One Rust type in several APIs became several types. Breaking.
    SharedTypeSplit,
    /// Several APIs' types became one Rust type. Additive.
    SharedTypeJoined,
    /// A shared type's own name changed (`SimplePublicObject` →
    /// `SimplePublicObjectV3`, as [`crate::merge`] names same-named
    /// structures by group): what rustdoc, compiler messages and `Debug`
    /// show. Every API's `types` module still names it as before. Docs only.
    SharedTypeRenamed,
    /// Path, HTTP method, JSON key, status, media type, retry or rate-limit
    /// class: the Rust API is unchanged. Wire only.
    Wire,
    /// Descriptions, summaries, versions in docs. Docs only.
    Docs,
}

impl Kind {
    /// How the kind reads in a report.
    pub fn label(self) -> &'static str {
        match self {
            Kind::ApiAdded => "API added",
            Kind::ApiRemoved => "API removed",
            Kind::OperationAdded => "operation added",
            Kind::OperationRemoved => "operation removed",
            Kind::OperationRenamed => "method renamed",
            Kind::RequiredParamAdded => "required parameter added",
            Kind::OptionalParamAdded => "optional parameter added",
            Kind::ParamRemoved => "parameter removed",
            Kind::ParamNowRequired => "parameter now required",
            Kind::ParamNowOptional => "parameter now optional",
            Kind::ParamRetyped => "parameter retyped",
            Kind::ParamRenamed => "argument renamed",
            Kind::ArgumentsChanged => "arguments changed",
            Kind::BodyAdded => "request body added",
            Kind::BodyRemoved => "request body removed",
            Kind::BodyRetyped => "request body retyped",
            Kind::BodyNowRequired => "request body now required",
            Kind::BodyNowOptional => "request body now optional",
            Kind::SuccessAdded => "success outcome added",
            Kind::SuccessRemoved => "success outcome removed",
            Kind::SuccessRetyped => "success outcome retyped",
            Kind::StreamAdded => "listing stream added",
            Kind::StreamRemoved => "listing stream removed",
            Kind::StreamRetyped => "listing stream retyped",
            Kind::BatchAdded => "batch helper added",
            Kind::BatchRemoved => "batch helper removed",
            Kind::BatchRetyped => "batch helper retyped",
            Kind::ItemRenamed => "item renamed",
            Kind::Deprecated => "deprecated",
            Kind::TypeAdded => "type added",
            Kind::TypeRemoved => "type removed",
            Kind::TypeRenamed => "type renamed",
            Kind::TypeKindChanged => "type kind changed",
            Kind::RequiredFieldAdded => "required field added",
            Kind::OptionalFieldAdded => "optional field added",
            Kind::FieldRemoved => "field removed",
            Kind::FieldRetyped => "field retyped",
            Kind::FieldNowRequired => "field now required",
            Kind::FieldNowOptional => "field now optional",
            Kind::FieldNowNullable => "field now nullable",
            Kind::FieldNoLongerNullable => "field no longer nullable",
            Kind::ConstructorChanged => "constructor changed",
            Kind::EnumVariantAdded => "enum value added",
            Kind::EnumVariantRemoved => "enum value removed",
            Kind::EnumVariantRenamed => "enum variant renamed",
            Kind::UnionVariantAdded => "oneOf variant added",
            Kind::UnionVariantRemoved => "oneOf variant removed",
            Kind::UnionVariantRetyped => "oneOf variant retyped",
            Kind::AliasRetyped => "alias retyped",
            Kind::SharedTypeSplit => "shared type split",
            Kind::SharedTypeJoined => "types joined",
            Kind::SharedTypeRenamed => "shared type renamed",
            Kind::Wire => "wire",
            Kind::Docs => "docs",
        }
    }
}

/// One change to the generated API, folded over every API it reaches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub kind: Kind,
    pub verdict: Verdict,
    /// The Rust items it affects, as users write them, one per API
    /// (`contacts::Contacts::batch_read`, `contacts::types::SimplePublicObject::archived_at`).
    pub items: Vec<String>,
    /// The modules of the APIs it reaches, in `items` order.
    pub apis: Vec<String>,
    /// What changed, in Rust terms.
    pub detail: String,
}

/// One API's version on either side (`None`: not there).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiVersions {
    pub module: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// Everything that changed between two models.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Every API on either side, by module.
    pub apis: Vec<ApiVersions>,
    /// Most severe first; within a verdict, by kind, then item.
    pub changes: Vec<Change>,
}

/// The version bump a change needs under Cargo's SemVer rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bump {
    None,
    Patch,
    Minor,
    Major,
}

impl Report {
    /// The most severe verdict, or `None` when nothing changed.
    pub fn verdict(&self) -> Option<Verdict> {
        self.changes.iter().map(|c| c.verdict).max()
    }

    /// Changes with this verdict.
    pub fn with_verdict(&self, verdict: Verdict) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(move |c| c.verdict == verdict)
    }

    /// The modules whose Rust API changed in any way.
    pub fn changed_apis(&self) -> BTreeSet<&str> {
        self.changes.iter().flat_map(|c| c.apis.iter().map(String::as_str)).collect()
    }
}

/// The bump Cargo's rules ask for when a crate at `current` gets a change
/// with this verdict, and the version it leads to. Cargo treats `0.x.y` as
/// compatible with `0.x.z` and `0.0.z` with nothing else: for `0.x` a
/// breaking change needs a minor bump and anything else a patch; for `0.0.z`
/// every change is a patch bump (which Cargo reads as incompatible); for
/// `1.x` and up, breaking → major, additive → minor, wire and docs → patch.
pub fn bump(verdict: Option<Verdict>, current: &str) -> (Bump, String) {
    let core = current.split(['-', '+']).next().unwrap_or(current);
    let mut parts = core.split('.').map(|p| p.parse::<u64>().unwrap_or(0));
    let (major, minor, patch) = (parts.next().unwrap_or(0), parts.next().unwrap_or(0), parts.next().unwrap_or(0));
    let Some(verdict) = verdict else { return (Bump::None, current.to_owned()) };
    let bump = match (major, minor, verdict) {
        (0, 0, _) => Bump::Patch,
        (0, _, Verdict::Breaking) => Bump::Minor,
        (0, _, _) => Bump::Patch,
        (_, _, Verdict::Breaking) => Bump::Major,
        (_, _, Verdict::Additive) => Bump::Minor,
        (_, _, _) => Bump::Patch,
    };
    let next = match bump {
        Bump::None => current.to_owned(),
        Bump::Patch => format!("{major}.{minor}.{}", patch + 1),
        Bump::Minor => format!("{major}.{}.0", minor + 1),
        Bump::Major => format!("{}.0.0", major + 1),
    };
    (bump, next)
}

/// Compare two models of the same crate.
pub fn diff(old: &Model, new: &Model) -> Report {
    let mut out = Collector::default();
    let old_apis: BTreeMap<&str, &Api> = old.apis.iter().map(|a| (a.module.as_str(), a)).collect();
    let new_apis: BTreeMap<&str, &Api> = new.apis.iter().map(|a| (a.module.as_str(), a)).collect();
    let modules: BTreeSet<&str> = old_apis.keys().chain(new_apis.keys()).copied().collect();
    let mut apis = Vec::new();
    for m in modules {
        let (o, n) = (old_apis.get(m).copied(), new_apis.get(m).copied());
        apis.push(ApiVersions {
            module: m.to_owned(),
            old: o.map(|a| a.version.clone()),
            new: n.map(|a| a.version.clone()),
        });
        match (o, n) {
            (Some(o), Some(n)) => {
                let mut cx = ApiCx { out: &mut out, module: m, old_resource: &o.resource, new_resource: &n.resource };
                compare_api(&mut cx, old, o, new, n);
            }
            (None, Some(n)) => out.push(
                m,
                Kind::ApiAdded,
                Verdict::Additive,
                "",
                format!("Client::{m}"),
                format!(
                    "new module `{m}` ({} {}, {} operations), reached by `client.{m}()` with the `{m}` feature",
                    n.title,
                    n.version,
                    n.operations.len()
                ),
            ),
            (Some(o), None) => out.push(
                m,
                Kind::ApiRemoved,
                Verdict::Breaking,
                "",
                format!("Client::{m}"),
                format!("module `{m}` and `client.{m}()` are gone ({} {})", o.title, o.version),
            ),
            (None, None) => {}
        }
    }
    let mut changes = out.finish();
    changes.extend(shared_identity(old, new));
    changes.sort_by(|a, b| b.verdict.cmp(&a.verdict).then(a.kind.cmp(&b.kind)).then_with(|| a.items.cmp(&b.items)));
    Report { apis, changes }
}

/// Changes as found per API, folded into one [`Change`] per distinct change.
#[derive(Default)]
struct Collector {
    /// (kind, verdict, item relative to the API with the resource abstracted, detail) → index.
    index: BTreeMap<(Kind, Verdict, String, String), usize>,
    changes: Vec<Change>,
}

impl Collector {
    /// `key` is the item with the API's module and resource abstracted, so
    /// the same change in several APIs folds into one.
    fn push(&mut self, module: &str, kind: Kind, verdict: Verdict, key: &str, item: String, detail: String) {
        let key = (
            kind,
            verdict,
            if key.is_empty() {
                item.strip_prefix(&format!("{module}::")).unwrap_or(&item).to_owned()
            } else {
                key.to_owned()
            },
            detail,
        );
        match self.index.get(&key) {
            Some(&i) => {
                self.changes[i].apis.push(module.to_owned());
                self.changes[i].items.push(item);
            }
            None => {
                self.index.insert(key.clone(), self.changes.len());
                self.changes.push(Change {
                    kind,
                    verdict,
                    items: vec![item],
                    apis: vec![module.to_owned()],
                    detail: key.3,
                });
            }
        }
    }

    fn finish(self) -> Vec<Change> {
        self.changes
    }
}

/// What one API comparison writes to.
struct ApiCx<'a> {
    out: &'a mut Collector,
    module: &'a str,
    old_resource: &'a str,
    new_resource: &'a str,
}

impl ApiCx<'_> {
    /// A change to an item of the API's module (`Contacts::batch_read`,
    /// `types::Filter::value`, `BatchReadRequest::archived`).
    fn push(&mut self, kind: Kind, verdict: Verdict, item: &str, detail: String) {
        let key = item.replacen(self.new_resource, "{resource}", 1).replacen(self.old_resource, "{resource}", 1);
        let item = if item.is_empty() { self.module.to_owned() } else { format!("{}::{item}", self.module) };
        self.out.push(self.module, kind, verdict, &key, item, detail);
    }

    fn method(&self, op: &Operation) -> String {
        format!("{}::{}", self.new_resource, op.rust_name)
    }
}

/// An API's types as its users see them: `{module}::types::Name`, shared
/// ones included, every reference by the name the API's module gives it.
fn api_types(model: &Model, api: &Api) -> BTreeMap<String, TypeDef> {
    let back: BTreeMap<&str, &str> =
        api.reexports.iter().map(|(local, shared)| (shared.as_str(), local.as_str())).collect();
    let mut types = api.types.clone();
    for (local, shared) in &api.reexports {
        let Some(s) = model.shared.get(shared) else { continue };
        let mut def = s.def.clone();
        for ty in def.type_refs_mut() {
            crate::merge::rename_refs(ty, &mut |n| back.get(n).map_or_else(|| n.to_owned(), |l| (*l).to_owned()));
        }
        def.rust_name = local.clone();
        types.insert(local.clone(), def);
    }
    types
}

/// Where reports stand: names relative to the API's `types`.
fn scope() -> Scope<'static> {
    Scope::in_module(TokenStream::new())
}

/// A type as the emitter prints it (names relative to the API's `types`).
fn ty(t: &TypeRef) -> String {
    surface::text(&scope().ty(t))
}

/// A field's type: `Option<…>` around an optional one.
fn field_ty(required: bool, t: &TypeRef) -> String {
    if required { ty(t) } else { format!("Option<{}>", ty(t)) }
}

/// How a method argument or setter takes a parameter ([`surface::Arg::ty`]).
fn arg_ty(p: &Param) -> String {
    surface::text(&surface::Arg::Param(p).ty(&scope()))
}

/// How the method or the setter takes the body: `&'a T`.
fn body_ty(b: &Body) -> String {
    surface::text(&surface::Arg::Body(b).ty(&scope()))
}

/// Parameters users see: bound ones are set by the resource.
fn visible(op: &Operation) -> impl Iterator<Item = &Param> {
    op.params.iter().filter(|p| p.bound.is_none())
}

/// The method's arguments, in order ([`surface::method`]).
fn args(op: &Operation) -> Vec<(String, String)> {
    surface::method(op).args.iter().map(|a| (a.name().to_owned(), surface::text(&a.ty(&scope())))).collect()
}

/// The method's whole signature, as the emitter prints it in the API's
/// module: `pub fn batch_read<'a>(&self, body: &'a types::BatchReadInput) -> BatchReadRequest<'a>`.
pub fn signature(op: &Operation) -> String {
    surface::text(&surface::method(op).signature(&Scope::resource()))
}

/// What `send()` returns.
fn send_ty(op: &Operation) -> String {
    surface::text(&surface::method(op).returns(&scope()))
}

/// A response enum variant as declared: `MultiStatus(T)`, `Success(u16, T)`, `NoContent`.
fn variant_sig(o: &Outcome) -> String {
    surface::text(&surface::variant(&scope(), o))
}

fn statuses(op: &Operation) -> String {
    op.success.iter().map(|o| o.status.label()).collect::<Vec<_>>().join(", ")
}

fn http(op: &Operation) -> String {
    format!("{} {}", op.method.as_str(), op.path.template)
}

fn compare_api(cx: &mut ApiCx<'_>, old_model: &Model, o: &Api, new_model: &Model, n: &Api) {
    let m = cx.module;
    if o.resource != n.resource {
        cx.push(
            Kind::ItemRenamed,
            Verdict::Breaking,
            &o.resource,
            format!("the resource struct is now `{m}::{}`", n.resource),
        );
    }
    if (&o.title, &o.version, &o.description) != (&n.title, &n.version, &n.description) {
        let what = if o.version != n.version {
            format!("version {} → {}", o.version, n.version)
        } else {
            "API description".to_owned()
        };
        cx.push(Kind::Docs, Verdict::Docs, "", what);
    }
    if o.servers != n.servers {
        cx.push(Kind::Wire, Verdict::Wire, "", format!("servers {:?} → {:?}", o.servers, n.servers));
    }
    let mut old_types = api_types(old_model, o);
    let new_types = api_types(new_model, n);
    // A renamed type is reported once; elsewhere the old name counts as the new one.
    let renames = type_renames(&old_types, &new_types);
    let rename = |ty: &mut TypeRef| {
        crate::merge::rename_refs(ty, &mut |n| renames.get(n).cloned().unwrap_or_else(|| n.to_owned()))
    };
    for def in old_types.values_mut() {
        def.type_refs_mut().into_iter().for_each(rename);
    }
    let mut old_api = o.clone();
    for op in &mut old_api.operations {
        crate::merge::op_type_refs_mut(op).into_iter().for_each(rename);
    }
    compare_operations(cx, &old_api, n);
    compare_types(cx, &old_types, &new_types, &renames);
}

/// Types gone whose structure reappears under a new name, references to
/// renamed types counted as the same (to a fixed point).
fn type_renames(old: &BTreeMap<String, TypeDef>, new: &BTreeMap<String, TypeDef>) -> BTreeMap<String, String> {
    let mut renames: BTreeMap<String, String> = BTreeMap::new();
    loop {
        let taken: BTreeSet<&String> = renames.values().collect();
        let mut found = None;
        'search: for (name, def) in old.iter().filter(|(k, _)| !new.contains_key(*k) && !renames.contains_key(*k)) {
            let mut def = def.clone();
            for ty in def.type_refs_mut() {
                crate::merge::rename_refs(ty, &mut |n| renames.get(n).cloned().unwrap_or_else(|| n.to_owned()));
            }
            let s = structure(&def);
            for (candidate, cdef) in new.iter().filter(|(k, _)| !old.contains_key(*k) && !taken.contains(k)) {
                if structure(cdef) == s {
                    found = Some((name.clone(), candidate.clone()));
                    break 'search;
                }
            }
        }
        match found {
            Some((from, to)) => {
                renames.insert(from, to);
            }
            None => return renames,
        }
    }
}

fn compare_operations(cx: &mut ApiCx<'_>, o: &Api, n: &Api) {
    let old_ops: BTreeMap<&str, &Operation> = o.operations.iter().map(|op| (op.rust_name.as_str(), op)).collect();
    let new_ops: BTreeMap<&str, &Operation> = n.operations.iter().map(|op| (op.rust_name.as_str(), op)).collect();
    let mut removed: Vec<&Operation> =
        old_ops.iter().filter(|(k, _)| !new_ops.contains_key(*k)).map(|(_, op)| *op).collect();
    let mut added: Vec<&Operation> =
        new_ops.iter().filter(|(k, _)| !old_ops.contains_key(*k)).map(|(_, op)| *op).collect();
    // The same operation under another method name: same operationId, or same method and path.
    let mut renamed = Vec::new();
    removed.retain(|r| {
        let same = |a: &&Operation| {
            (!r.operation_id.is_empty() && a.operation_id == r.operation_id)
                || (a.method == r.method && a.path.template == r.path.template)
        };
        match added.iter().position(same) {
            Some(i) => {
                renamed.push((*r, added.remove(i)));
                false
            }
            None => true,
        }
    });
    for op in removed {
        cx.push(
            Kind::OperationRemoved,
            Verdict::Breaking,
            &format!("{}::{}", cx.old_resource, op.rust_name),
            format!("`{}` is gone with `{}`", http(op), op.builder),
        );
    }
    for op in added {
        cx.push(
            Kind::OperationAdded,
            Verdict::Additive,
            &cx.method(op),
            format!("`{}`: `{}`", http(op), signature(op)),
        );
    }
    for (old, new) in renamed {
        cx.push(
            Kind::OperationRenamed,
            Verdict::Breaking,
            &format!("{}::{}", cx.old_resource, old.rust_name),
            format!("`{}` is now `{}::{}`", http(new), cx.new_resource, new.rust_name),
        );
        compare_operation(cx, old, new);
    }
    for (name, old) in &old_ops {
        if let Some(new) = new_ops.get(name) {
            compare_operation(cx, old, new);
        }
    }
}

fn compare_operation(cx: &mut ApiCx<'_>, o: &Operation, n: &Operation) {
    let method = cx.method(n);
    let builder = n.builder.clone();
    if o.builder != n.builder {
        cx.push(
            Kind::ItemRenamed,
            Verdict::Breaking,
            &o.builder,
            format!("the request builder of `{method}` is now `{}`", n.builder),
        );
    }
    if (o.method, &o.path.template) != (n.method, &n.path.template) {
        cx.push(Kind::Wire, Verdict::Wire, &method, format!("`{}` → `{}`", http(o), http(n)));
    }
    if (o.retry_safety, o.rate_bucket, o.accepts.api_key_query())
        != (n.retry_safety, n.rate_bucket, n.accepts.api_key_query())
    {
        cx.push(
            Kind::Wire,
            Verdict::Wire,
            &method,
            format!(
                "retry {:?} → {:?}, rate limit {:?} → {:?}, API key query {:?} → {:?}",
                o.retry_safety,
                n.retry_safety,
                o.rate_bucket,
                n.rate_bucket,
                o.accepts.api_key_query(),
                n.accepts.api_key_query()
            ),
        );
    }
    if !o.deprecated && n.deprecated {
        cx.push(Kind::Deprecated, Verdict::Additive, &method, "now `#[deprecated]`: uses warn".to_owned());
    } else if o.deprecated && !n.deprecated {
        cx.push(Kind::Docs, Verdict::Docs, &method, "no longer deprecated".to_owned());
    }
    let docs = |op: &Operation| (op.summary.clone(), op.description.clone(), op.tags.clone(), op.security.clone());
    if docs(o) != docs(n) {
        cx.push(Kind::Docs, Verdict::Docs, &method, "summary, description or scopes".to_owned());
    }
    compare_params(cx, o, n, &method, &builder);
    compare_body(cx, o, n, &method, &builder);
    compare_success(cx, o, n, &builder);
    let errors = |op: &Operation| {
        op.errors.iter().map(|e| (e.status, e.body.clone(), e.description.clone())).collect::<Vec<_>>()
    };
    if errors(o) != errors(n) {
        cx.push(Kind::Docs, Verdict::Docs, &method, "declared error responses".to_owned());
    }
    match (&o.pagination, &n.pagination) {
        (None, Some(p)) => cx.push(
            Kind::StreamAdded,
            Verdict::Additive,
            &format!("{builder}::into_stream"),
            format!("`into_stream() -> Pages<{}>`", ty(&p.item)),
        ),
        (Some(_), None) => cx.push(
            Kind::StreamRemoved,
            Verdict::Breaking,
            &format!("{builder}::into_stream"),
            "the listing no longer pages".to_owned(),
        ),
        (Some(a), Some(b)) if ty(&a.item) != ty(&b.item) => cx.push(
            Kind::StreamRetyped,
            Verdict::Breaking,
            &format!("{builder}::into_stream"),
            format!("`Pages<{}>` → `Pages<{}>`", ty(&a.item), ty(&b.item)),
        ),
        _ => {}
    }
    let batch_ty = |op: &Operation| {
        op.batch.as_ref().map(|b| {
            let t = |t: &Option<TypeRef>| t.as_ref().map_or_else(|| "()".to_owned(), ty);
            format!("BatchOutcome<{}, {}>", t(&b.result_item), t(&b.error_item))
        })
    };
    match (batch_ty(o), batch_ty(n)) {
        (None, Some(t)) => cx.push(
            Kind::BatchAdded,
            Verdict::Additive,
            &format!("{builder}::send_all"),
            format!("`send_all() -> {t}`"),
        ),
        (Some(_), None) => cx.push(
            Kind::BatchRemoved,
            Verdict::Breaking,
            &format!("{builder}::send_all"),
            "no longer a batch".to_owned(),
        ),
        (Some(a), Some(b)) if a != b => {
            cx.push(Kind::BatchRetyped, Verdict::Breaking, &format!("{builder}::send_all"), format!("`{a}` → `{b}`"))
        }
        _ => {}
    }
}

fn compare_params(cx: &mut ApiCx<'_>, o: &Operation, n: &Operation, method: &str, builder: &str) {
    let old: BTreeMap<&str, &Param> = visible(o).map(|p| (p.rust_name.as_str(), p)).collect();
    let new: BTreeMap<&str, &Param> = visible(n).map(|p| (p.rust_name.as_str(), p)).collect();
    // A positional argument under another name, at the same position with
    // the same type, is the same argument: callers do not name arguments.
    let old_args = args(o);
    let new_args = args(n);
    let mut renamed: BTreeMap<&str, &str> = BTreeMap::new();
    for (i, (name, t)) in old_args.iter().enumerate() {
        if new.contains_key(name.as_str()) || name == "body" {
            continue;
        }
        if let Some((new_name, new_t)) = new_args.get(i)
            && new_t == t
            && !old.contains_key(new_name.as_str())
            && new_name != "body"
        {
            renamed.insert(name.as_str(), new_name.as_str());
        }
    }
    let mut signature_reported = false;
    for (name, p) in &old {
        let q = renamed.get(name).and_then(|r| new.get(r)).or_else(|| new.get(name));
        let Some(q) = q else {
            signature_reported |= p.required;
            let (item, what) = if p.required {
                (method.to_owned(), format!("argument `{name}: {}` removed", arg_ty(p)))
            } else {
                (format!("{builder}::{name}"), format!("setter `{name}({})` removed", arg_ty(p)))
            };
            cx.push(Kind::ParamRemoved, Verdict::Breaking, &item, what);
            continue;
        };
        if q.rust_name != p.rust_name {
            cx.push(
                Kind::ParamRenamed,
                Verdict::Docs,
                method,
                format!("argument `{name}` is now `{}` (same position and type: callers are unaffected)", q.rust_name),
            );
        }
        match (p.required, q.required) {
            (false, true) => {
                signature_reported = true;
                cx.push(
                    Kind::ParamNowRequired,
                    Verdict::Breaking,
                    method,
                    format!(
                        "`{name}` is now an argument `{}: {}`; the setter `{builder}::{name}` is gone",
                        q.rust_name,
                        arg_ty(q)
                    ),
                );
            }
            (true, false) => {
                signature_reported = true;
                cx.push(
                    Kind::ParamNowOptional,
                    Verdict::Breaking,
                    method,
                    format!("argument `{name}` removed; set it with `{builder}::{}` instead", q.rust_name),
                );
            }
            _ if arg_ty(p) != arg_ty(q) => {
                signature_reported |= p.required;
                let item = if p.required { method.to_owned() } else { format!("{builder}::{name}") };
                cx.push(
                    Kind::ParamRetyped,
                    Verdict::Breaking,
                    &item,
                    format!("`{name}`: `{}` → `{}`", arg_ty(p), arg_ty(q)),
                );
            }
            _ => {}
        }
        if (&p.wire_name, p.location, p.encoding) != (&q.wire_name, q.location, q.encoding) {
            let at = q.location.as_str();
            let list =
                matches!(q.encoding, crate::ir::ParamEncoding::List { .. }).then_some(", a list").unwrap_or_default();
            cx.push(
                Kind::Wire,
                Verdict::Wire,
                method,
                format!("`{}` is sent as the {at} parameter `{}`{list}", q.rust_name, q.wire_name),
            );
        }
        if (&p.docs, &p.default) != (&q.docs, &q.default) {
            cx.push(Kind::Docs, Verdict::Docs, method, format!("parameter `{}` docs or default", q.rust_name));
        }
    }
    let taken: BTreeSet<&str> = renamed.values().copied().collect();
    for (name, q) in &new {
        if old.contains_key(name) || taken.contains(name) {
            continue;
        }
        if q.required {
            signature_reported = true;
            cx.push(
                Kind::RequiredParamAdded,
                Verdict::Breaking,
                method,
                format!("new argument `{name}: {}`", arg_ty(q)),
            );
        } else {
            cx.push(
                Kind::OptionalParamAdded,
                Verdict::Additive,
                &format!("{builder}::{name}"),
                format!("new setter `{name}({})`", arg_ty(q)),
            );
        }
    }
    let types = |a: &[(String, String)]| a.iter().map(|(_, t)| t.clone()).collect::<Vec<_>>();
    let body_changed =
        o.body.as_ref().map(|b| (b.required, body_ty(b))) != n.body.as_ref().map(|b| (b.required, body_ty(b)));
    if !signature_reported && !body_changed && types(&old_args) != types(&new_args) {
        cx.push(
            Kind::ArgumentsChanged,
            Verdict::Breaking,
            method,
            format!("`({})` → `({})`", types(&old_args).join(", "), types(&new_args).join(", ")),
        );
    }
}

fn compare_body(cx: &mut ApiCx<'_>, o: &Operation, n: &Operation, method: &str, builder: &str) {
    match (&o.body, &n.body) {
        (None, Some(b)) if b.required => cx.push(
            Kind::BodyAdded,
            Verdict::Breaking,
            method,
            format!("new argument `body: {}`; `{builder}` gets a lifetime parameter", body_ty(b)),
        ),
        (None, Some(b)) => cx.push(
            Kind::BodyAdded,
            Verdict::Breaking,
            &format!("{builder}::body"),
            format!("new setter `body({})`; `{builder}` gets a lifetime parameter", body_ty(b)),
        ),
        (Some(b), None) => cx.push(
            Kind::BodyRemoved,
            Verdict::Breaking,
            method,
            format!("the body `{}` is gone; `{builder}` loses its lifetime parameter", body_ty(b)),
        ),
        (Some(a), Some(b)) => {
            match (a.required, b.required) {
                (false, true) => cx.push(
                    Kind::BodyNowRequired,
                    Verdict::Breaking,
                    method,
                    format!("new argument `body: {}`; the setter `body` is gone", body_ty(b)),
                ),
                (true, false) => cx.push(
                    Kind::BodyNowOptional,
                    Verdict::Breaking,
                    method,
                    format!("argument `body` removed; set it with `{builder}::body`"),
                ),
                _ if body_ty(a) != body_ty(b) => {
                    let item = if b.required { method.to_owned() } else { format!("{builder}::body") };
                    cx.push(
                        Kind::BodyRetyped,
                        Verdict::Breaking,
                        &item,
                        format!("`{}` → `{}`", body_ty(a), body_ty(b)),
                    );
                }
                _ => {}
            }
            if a.media_type != b.media_type
                || std::mem::discriminant(&a.encoding) != std::mem::discriminant(&b.encoding)
            {
                cx.push(
                    Kind::Wire,
                    Verdict::Wire,
                    method,
                    format!("request body sent as `{}` instead of `{}`", b.media_type, a.media_type),
                );
            }
            if a.docs != b.docs {
                cx.push(Kind::Docs, Verdict::Docs, method, "request body docs".to_owned());
            }
        }
        (None, None) => {}
    }
}

fn compare_success(cx: &mut ApiCx<'_>, o: &Operation, n: &Operation, builder: &str) {
    let send = format!("{builder}::send");
    let labels = |op: &Operation| op.success.iter().map(|s| s.status).collect::<BTreeSet<Status>>();
    let (old_status, new_status) = (labels(o), labels(n));
    let list = |s: &mut dyn Iterator<Item = &Status>| s.map(|s| s.label()).collect::<Vec<_>>().join(", ");
    let added = list(&mut new_status.difference(&old_status));
    let gone = list(&mut old_status.difference(&new_status));
    match (&o.response_enum, &n.response_enum) {
        (None, None) => {
            if send_ty(o) != send_ty(n) {
                cx.push(
                    Kind::SuccessRetyped,
                    Verdict::Breaking,
                    &send,
                    format!("returns `{}` instead of `{}`", send_ty(n), send_ty(o)),
                );
            } else if old_status != new_status {
                cx.push(Kind::Wire, Verdict::Wire, &send, format!("success status {} → {}", statuses(o), statuses(n)));
            }
        }
        (None, Some(e)) => {
            let variants: Vec<String> = n.success.iter().map(variant_sig).collect();
            cx.push(
                Kind::SuccessAdded,
                Verdict::Breaking,
                &send,
                format!(
                    "status {added} added: returns the new enum `{e}` ({}) instead of `{}`",
                    variants.join(", "),
                    send_ty(o)
                ),
            );
        }
        (Some(e), None) => cx.push(
            Kind::SuccessRemoved,
            Verdict::Breaking,
            &send,
            format!("status {gone} removed: returns `{}` instead of the enum `{e}`, which is gone", send_ty(n)),
        ),
        (Some(a), Some(b)) => {
            if a != b {
                cx.push(Kind::ItemRenamed, Verdict::Breaking, a, format!("the response enum is now `{b}`"));
            }
            let (ov, nv) = (outcomes_by_variant(o), outcomes_by_variant(n));
            for (name, s) in &nv {
                match ov.get(name) {
                    None => cx.push(
                        Kind::SuccessAdded,
                        Verdict::Breaking,
                        &format!("{b}::{name}"),
                        format!(
                            "status {}: new variant `{}`; exhaustive matches on `{b}` miss it",
                            s.status.label(),
                            variant_sig(s)
                        ),
                    ),
                    Some(old) if variant_sig(old) != variant_sig(s) => cx.push(
                        Kind::SuccessRetyped,
                        Verdict::Breaking,
                        &format!("{b}::{name}"),
                        format!("`{}` → `{}`", variant_sig(old), variant_sig(s)),
                    ),
                    Some(old) if old.status != s.status => cx.push(
                        Kind::Wire,
                        Verdict::Wire,
                        &format!("{b}::{name}"),
                        format!("status {} → {}", old.status.label(), s.status.label()),
                    ),
                    _ => {}
                }
            }
            for (name, s) in &ov {
                if !nv.contains_key(name) {
                    cx.push(
                        Kind::SuccessRemoved,
                        Verdict::Breaking,
                        &format!("{a}::{name}"),
                        format!("status {}: variant `{}` is gone", s.status.label(), variant_sig(s)),
                    );
                }
            }
        }
    }
    let prose = |op: &Operation| op.success.iter().map(|s| s.description.clone()).collect::<Vec<_>>();
    if prose(o) != prose(n) && o.success.len() == n.success.len() {
        cx.push(Kind::Docs, Verdict::Docs, &send, "success descriptions".to_owned());
    }
}

fn outcomes_by_variant(op: &Operation) -> BTreeMap<String, &Outcome> {
    op.success.iter().map(|s| (s.variant.clone().unwrap_or_default(), s)).collect()
}

/// A type's structure without prose: what makes two names the same type.
fn structure(def: &TypeDef) -> String {
    let mut kind = def.kind.clone();
    if let TypeKind::Struct(s) = &mut kind {
        for f in &mut s.fields {
            f.docs = None;
        }
    }
    serde_json::to_string(&kind).unwrap_or_default()
}

fn kind_name(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Struct(_) => "a struct",
        TypeKind::Enum(e) if e.repr == crate::ir::EnumRepr::Integer => "an integer enum",
        TypeKind::Enum(_) => "a string enum",
        TypeKind::Union(_) => "a oneOf enum",
        TypeKind::Alias(_) => "a type alias",
    }
}

fn compare_types(
    cx: &mut ApiCx<'_>,
    old: &BTreeMap<String, TypeDef>,
    new: &BTreeMap<String, TypeDef>,
    renames: &BTreeMap<String, String>,
) {
    let mut removed: Vec<&String> = old.keys().filter(|k| !new.contains_key(*k)).collect();
    let mut added: Vec<&String> = new.keys().filter(|k| !old.contains_key(*k)).collect();
    removed.retain(|r| match renames.get(*r) {
        Some(a) => {
            added.retain(|x| *x != a);
            cx.push(
                Kind::TypeRenamed,
                Verdict::Breaking,
                &format!("types::{r}"),
                format!("now `types::{a}`, of the same structure"),
            );
            false
        }
        None => true,
    });
    for r in removed {
        cx.push(
            Kind::TypeRemoved,
            Verdict::Breaking,
            &format!("types::{r}"),
            format!("{} is gone", kind_name(&old[r].kind)),
        );
    }
    for a in added {
        cx.push(
            Kind::TypeAdded,
            Verdict::Additive,
            &format!("types::{a}"),
            format!("new {}", kind_name(&new[a].kind).trim_start_matches("a ").trim_start_matches("an ")),
        );
    }
    for (name, o) in old {
        if let Some(n) = new.get(name) {
            compare_type(cx, name, o, n);
        }
    }
}

fn compare_type(cx: &mut ApiCx<'_>, name: &str, o: &TypeDef, n: &TypeDef) {
    let item = format!("types::{name}");
    if o.docs != n.docs {
        cx.push(Kind::Docs, Verdict::Docs, &item, "type docs".to_owned());
    }
    match (&o.kind, &n.kind) {
        (TypeKind::Struct(a), TypeKind::Struct(b)) => compare_struct(cx, &item, (a, o.sent), (b, n.sent)),
        (TypeKind::Enum(a), TypeKind::Enum(b)) if a.repr == b.repr => {
            let values = |e: &crate::ir::Enum| {
                e.variants.iter().map(|v| (v.value.clone(), v.rust_name.clone())).collect::<BTreeMap<_, _>>()
            };
            let (ov, nv) = (values(a), values(b));
            let wire = |v: &EnumValue| match v {
                EnumValue::String(s) => format!("{s:?}"),
                EnumValue::Integer(i) => i.to_string(),
            };
            for (value, variant) in &nv {
                match ov.get(value) {
                    None => cx.push(
                        Kind::EnumVariantAdded,
                        Verdict::Additive,
                        &format!("{item}::{variant}"),
                        format!(
                            "new value {} (the enum is `#[non_exhaustive]`; it decoded as `{}` before)",
                            wire(value),
                            b.unknown
                        ),
                    ),
                    Some(old) if old != variant => cx.push(
                        Kind::EnumVariantRenamed,
                        Verdict::Breaking,
                        &format!("{item}::{old}"),
                        format!("value {} is now the variant `{variant}`", wire(value)),
                    ),
                    _ => {}
                }
            }
            for (value, variant) in &ov {
                if !nv.contains_key(value) {
                    cx.push(
                        Kind::EnumVariantRemoved,
                        Verdict::Breaking,
                        &format!("{item}::{variant}"),
                        format!("value {} is gone (it now decodes as `{}`)", wire(value), b.unknown),
                    );
                }
            }
            if a.unknown != b.unknown {
                cx.push(
                    Kind::EnumVariantRenamed,
                    Verdict::Breaking,
                    &format!("{item}::{}", a.unknown),
                    format!("the catch-all variant is now `{}`", b.unknown),
                );
            }
        }
        (TypeKind::Union(a), TypeKind::Union(b)) => {
            let by = |u: &crate::ir::Union| {
                u.variants.iter().map(|v| (v.rust_name.clone(), v.clone())).collect::<BTreeMap<_, _>>()
            };
            let (ov, nv) = (by(a), by(b));
            for (v, nvar) in &nv {
                match ov.get(v) {
                    None => cx.push(
                        Kind::UnionVariantAdded,
                        Verdict::Breaking,
                        &format!("{item}::{v}"),
                        format!("new variant `{v}({})`; the enum is exhaustive", ty(&nvar.ty)),
                    ),
                    Some(ovar) if ty(&ovar.ty) != ty(&nvar.ty) => cx.push(
                        Kind::UnionVariantRetyped,
                        Verdict::Breaking,
                        &format!("{item}::{v}"),
                        format!("`{v}({})` → `{v}({})`", ty(&ovar.ty), ty(&nvar.ty)),
                    ),
                    Some(ovar) if ovar.tags != nvar.tags => cx.push(
                        Kind::Wire,
                        Verdict::Wire,
                        &format!("{item}::{v}"),
                        format!("discriminator values {:?} → {:?}", ovar.tags, nvar.tags),
                    ),
                    _ => {}
                }
            }
            for (v, ovar) in &ov {
                if !nv.contains_key(v) {
                    cx.push(
                        Kind::UnionVariantRemoved,
                        Verdict::Breaking,
                        &format!("{item}::{v}"),
                        format!("variant `{v}({})` is gone", ty(&ovar.ty)),
                    );
                }
            }
            if a.other != b.other {
                cx.push(
                    Kind::UnionVariantRemoved,
                    Verdict::Breaking,
                    &format!("{item}::{}", a.other),
                    format!("the catch-all variant is now `{}`", b.other),
                );
            }
            if a.discriminator != b.discriminator {
                cx.push(
                    Kind::Wire,
                    Verdict::Wire,
                    &item,
                    format!("discriminator {:?} → {:?}", a.discriminator, b.discriminator),
                );
            }
        }
        (TypeKind::Alias(a), TypeKind::Alias(b)) => {
            if ty(a) != ty(b) {
                cx.push(
                    Kind::AliasRetyped,
                    Verdict::Breaking,
                    &item,
                    format!("`type {name} = {}` → `{}`", ty(a), ty(b)),
                );
            }
        }
        (a, b) => {
            cx.push(Kind::TypeKindChanged, Verdict::Breaking, &item, format!("{} → {}", kind_name(a), kind_name(b)))
        }
    }
}

fn compare_struct(cx: &mut ApiCx<'_>, item: &str, (a, a_sent): (&Struct, bool), (b, b_sent): (&Struct, bool)) {
    let fields = |s: &Struct| {
        let mut f: BTreeMap<String, (bool, TypeRef, String, bool, Option<String>)> = s
            .fields
            .iter()
            .map(|f| {
                (
                    f.rust_name.clone(),
                    (f.required, f.ty.clone(), f.wire_name.clone(), f.default_when_missing, f.docs.clone()),
                )
            })
            .collect();
        if let Some(e) = &s.extra {
            f.insert(
                e.rust_name.clone(),
                (true, TypeRef::Map(Box::new(e.value.clone())), "(other properties)".to_owned(), false, None),
            );
        }
        f
    };
    let (of, nf) = (fields(a), fields(b));
    // As `new(..)` takes them (a builder's setters take the same).
    let required = |s: &Struct| {
        let arg = |f: &crate::ir::Field| match f.new_arg() {
            NewArg::Items(item) => format!("impl IntoIterator<Item = impl Into<{}>>", ty(item)),
            NewArg::Text => "impl Into<String>".to_owned(),
            NewArg::Value => ty(&f.ty),
        };
        s.fields.iter().filter(|f| f.required).map(arg).collect::<Vec<_>>()
    };
    let (or, nr) = (required(a), required(b));
    // The constructors the emitter generates for each side.
    let (oc, nc) = (a.constructors(a_sent), b.constructors(b_sent));
    let mut signature_reported = false;
    for (name, (req, t, wire, _, _)) in &nf {
        if of.contains_key(name) {
            continue;
        }
        let is_extra = b.extra.as_ref().is_some_and(|e| &e.rust_name == name);
        if *req && !is_extra {
            signature_reported = true;
            cx.push(
                Kind::RequiredFieldAdded,
                Verdict::Breaking,
                &format!("{item}::{name}"),
                format!(
                    "new required field `{name}: {}` (`{wire}`): {} → {}",
                    field_ty(true, t),
                    oc.describe(&or),
                    nc.describe(&nr)
                ),
            );
        } else {
            cx.push(
                Kind::OptionalFieldAdded,
                Verdict::Breaking,
                &format!("{item}::{name}"),
                format!(
                    "new field `{name}: {}`: struct literals and exhaustive patterns must name it (`new` unchanged)",
                    field_ty(*req, t)
                ),
            );
        }
    }
    for (name, (req, t, _, _, _)) in &of {
        if !nf.contains_key(name) {
            signature_reported |= *req;
            cx.push(
                Kind::FieldRemoved,
                Verdict::Breaking,
                &format!("{item}::{name}"),
                format!("field `{name}: {}` is gone", field_ty(*req, t)),
            );
        }
    }
    for (name, (oreq, ot, owire, odef, odocs)) in &of {
        let Some((nreq, nt, nwire, ndef, ndocs)) = nf.get(name) else { continue };
        let (old_ty, new_ty) = (field_ty(*oreq, ot), field_ty(*nreq, nt));
        let field = format!("{item}::{name}");
        let nullable = |t: &TypeRef| matches!(t, TypeRef::Nullable(_));
        let strip = |t: &TypeRef| match t {
            TypeRef::Nullable(inner) => ty(inner),
            other => ty(other),
        };
        if oreq != nreq {
            signature_reported = true;
            let kind = if *nreq { Kind::FieldNowRequired } else { Kind::FieldNowOptional };
            cx.push(
                kind,
                Verdict::Breaking,
                &field,
                format!("`{old_ty}` → `{new_ty}`: {} → {}", oc.describe(&or), nc.describe(&nr)),
            );
        } else if nullable(ot) != nullable(nt) && strip(ot) == strip(nt) {
            let kind = if nullable(nt) { Kind::FieldNowNullable } else { Kind::FieldNoLongerNullable };
            cx.push(kind, Verdict::Breaking, &field, format!("`{old_ty}` → `{new_ty}`"));
        } else if old_ty != new_ty {
            cx.push(Kind::FieldRetyped, Verdict::Breaking, &field, format!("`{old_ty}` → `{new_ty}`"));
        }
        if (owire, odef) != (nwire, ndef) {
            cx.push(
                Kind::Wire,
                Verdict::Wire,
                &field,
                format!("JSON key `{owire}` → `{nwire}`, missing means empty: {odef} → {ndef}"),
            );
        }
        if odocs != ndocs {
            cx.push(Kind::Docs, Verdict::Docs, &field, "field docs".to_owned());
        }
    }
    // A constructor appearing or going is a change of its own (breaking when
    // one goes); other changes to them are reported with the field behind them.
    let lost = (oc.new && !nc.new) || (oc.builder && !nc.builder) || (oc.default && !nc.default);
    // A required field added or made required explains `new` going; that
    // change is reported with the field.
    let explained = signature_reported && oc.default == nc.default && oc.builder == nc.builder;
    if (oc != nc && !explained) || (!signature_reported && or != nr) {
        let verdict = if lost || (!signature_reported && or != nr) { Verdict::Breaking } else { Verdict::Additive };
        let way = if oc.new || nc.new { "new" } else { "builder" };
        cx.push(
            Kind::ConstructorChanged,
            verdict,
            &format!("{item}::{way}"),
            format!("{} → {}", oc.describe(&or), nc.describe(&nr)),
        );
    }
}

/// Which Rust type each API's `types::Name` is: a shared type (by its name
/// in the shared space) or the API's own.
fn identities(model: &Model) -> BTreeMap<(String, String), String> {
    let mut out = BTreeMap::new();
    for api in &model.apis {
        for name in api.types.keys() {
            out.insert((api.module.clone(), name.clone()), format!("{}::{name}", api.module));
        }
        for (local, shared) in &api.reexports {
            out.insert((api.module.clone(), local.clone()), format!("shared::{shared}"));
        }
    }
    out
}

/// Types that were one Rust type in several APIs and are not any more (or
/// the other way round), among the APIs and names on both sides.
fn shared_identity(old: &Model, new: &Model) -> Vec<Change> {
    let (oi, ni) = (identities(old), identities(new));
    let mut changes = Vec::new();
    let mut groups = |from: &BTreeMap<(String, String), String>,
                      to: &BTreeMap<(String, String), String>,
                      split: bool| {
        let mut classes: BTreeMap<&String, Vec<&(String, String)>> = BTreeMap::new();
        for (key, id) in from {
            if id.starts_with("shared::") && to.contains_key(key) {
                classes.entry(id).or_default().push(key);
            }
        }
        for members in classes.values().filter(|m| m.len() > 1) {
            let mut parts: BTreeMap<&String, Vec<&(String, String)>> = BTreeMap::new();
            for key in members {
                parts.entry(&to[*key]).or_default().push(key);
            }
            if parts.len() < 2 {
                continue;
            }
            let name = &members[0].1;
            let describe = parts
                .values()
                .map(|p| format!("[{}]", p.iter().map(|(m, _)| m.as_str()).collect::<Vec<_>>().join(", ")))
                .collect::<Vec<_>>()
                .join(" and ");
            let (kind, verdict, detail) = if split {
                (
                    Kind::SharedTypeSplit,
                    Verdict::Breaking,
                    format!(
                        "one Rust type in {} APIs is now {} types: {describe}; a value of one API's `{name}` no longer passes as another's",
                        members.len(),
                        parts.len()
                    ),
                )
            } else {
                (
                    Kind::SharedTypeJoined,
                    Verdict::Additive,
                    format!("{} types {describe} are now one Rust type", parts.len()),
                )
            };
            changes.push(Change {
                kind,
                verdict,
                items: members.iter().map(|(m, n)| format!("{m}::types::{n}")).collect(),
                apis: members.iter().map(|(m, _)| m.clone()).collect(),
                detail,
            });
        }
    };
    groups(&oi, &ni, true);
    groups(&ni, &oi, false);
    // One shared type under another name, all its APIs still sharing it.
    let mut moves: BTreeMap<(&String, &String), Vec<&(String, String)>> = BTreeMap::new();
    for (key, old_id) in &oi {
        if let Some(new_id) = ni.get(key)
            && old_id != new_id
            && old_id.starts_with("shared::")
            && new_id.starts_with("shared::")
        {
            moves.entry((old_id, new_id)).or_default().push(key);
        }
    }
    for ((old_id, new_id), members) in moves {
        let whole = oi.iter().filter(|(k, id)| *id == old_id && ni.contains_key(*k)).count() == members.len();
        if !whole {
            continue;
        }
        let (from, to) = (old_id.trim_start_matches("shared::"), new_id.trim_start_matches("shared::"));
        changes.push(Change {
            kind: Kind::SharedTypeRenamed,
            verdict: Verdict::Docs,
            items: members.iter().map(|(m, n)| format!("{m}::types::{n}")).collect(),
            apis: members.iter().map(|(m, _)| m.clone()).collect(),
            detail: format!(
                "the shared type `{from}` is now `{to}` in rustdoc, compiler messages and `Debug`; each API's `types` still names it as before"
            ),
        });
    }
    changes
}

/// How [`render`] writes a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Json,
}

/// A report as text for a terminal, Markdown for a changelog, or JSON for
/// tools. `current` is the crate's version (the bump is computed from it);
/// `title` names what was compared.
pub fn render(report: &Report, format: Format, title: &str, current: &str) -> String {
    let (bump_kind, next) = bump(report.verdict(), current);
    match format {
        Format::Json => {
            #[derive(Serialize)]
            struct Doc<'a> {
                title: &'a str,
                verdict: Option<Verdict>,
                current_version: &'a str,
                bump: Bump,
                next_version: String,
                apis: Vec<&'a ApiVersions>,
                changes: &'a [Change],
            }
            let doc = Doc {
                title,
                verdict: report.verdict(),
                current_version: current,
                bump: bump_kind,
                next_version: next,
                apis: changed_versions(report),
                changes: &report.changes,
            };
            let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
            text.push('\n');
            text
        }
        Format::Text | Format::Markdown => {
            render_prose(report, format == Format::Markdown, title, current, bump_kind, &next)
        }
    }
}

/// APIs whose version changed or that appear on one side only.
fn changed_versions(report: &Report) -> Vec<&ApiVersions> {
    report.apis.iter().filter(|a| a.old != a.new).collect()
}

fn verdict_line(report: &Report, current: &str, bump: Bump, next: &str) -> String {
    match report.verdict() {
        None => "no change to the generated Rust API".to_owned(),
        Some(v) => {
            let why = match (v, bump) {
                (_, Bump::None) => String::new(),
                (Verdict::Breaking, Bump::Minor) => {
                    " (a breaking change in 0.x is a minor bump under Cargo's rules)".to_owned()
                }
                (Verdict::Breaking, Bump::Major) => " (a breaking change is a major bump)".to_owned(),
                (Verdict::Additive, Bump::Minor) => " (new API in 1.x and up is a minor bump)".to_owned(),
                (_, Bump::Patch) if current.starts_with("0.0.") => {
                    " (0.0.z: every release is incompatible under Cargo's rules)".to_owned()
                }
                (_, Bump::Patch) => " (compatible: a patch bump)".to_owned(),
                _ => String::new(),
            };
            let bump = match bump {
                Bump::None => "no",
                Bump::Patch => "patch",
                Bump::Minor => "minor",
                Bump::Major => "major",
            };
            format!("{}: {bump} bump, {current} → {next}{why}", v.label())
        }
    }
}

/// The items of a change, shortened when it reaches many APIs.
fn items_text(c: &Change, code: bool) -> String {
    let q = |s: &str| if code { format!("`{s}`") } else { s.to_owned() };
    match c.items.as_slice() {
        [one] => q(one),
        [first, rest @ ..] => {
            let apis: Vec<&str> = c.apis[1..].iter().map(String::as_str).collect();
            let shown = if apis.len() > 8 { format!("{}, …", apis[..8].join(", ")) } else { apis.join(", ") };
            format!(
                "{} and the same in {} more API{} ({shown})",
                q(first),
                rest.len(),
                if rest.len() == 1 { "" } else { "s" }
            )
        }
        [] => String::new(),
    }
}

fn render_prose(report: &Report, markdown: bool, title: &str, current: &str, bump: Bump, next: &str) -> String {
    let mut out = String::new();
    let verdict = verdict_line(report, current, bump, next);
    if markdown {
        let _ = writeln!(out, "## Rust API changes: {title}\n\n**Verdict: {verdict}.**\n");
    } else {
        let _ = writeln!(out, "Rust API changes: {title}\nverdict: {verdict}");
    }
    let versions = changed_versions(report);
    if !versions.is_empty() {
        if markdown {
            out.push_str("| API | old | new |\n|---|---|---|\n");
        }
        for a in &versions {
            let v = |v: &Option<String>| v.clone().unwrap_or_else(|| "—".to_owned());
            if markdown {
                let _ = writeln!(out, "| `{}` | {} | {} |", a.module, v(&a.old), v(&a.new));
            } else {
                let _ = writeln!(out, "  {}: {} → {}", a.module, v(&a.old), v(&a.new));
            }
        }
        if markdown {
            out.push('\n');
        }
    }
    for verdict in [Verdict::Breaking, Verdict::Additive, Verdict::Wire] {
        let changes: Vec<&Change> = report.with_verdict(verdict).collect();
        if changes.is_empty() {
            continue;
        }
        let (heading, plain) = match verdict {
            Verdict::Breaking => ("Breaking", "breaking"),
            Verdict::Additive => ("Additive", "additive"),
            _ => ("Wire only (the Rust API is unchanged)", "wire only (the Rust API is unchanged)"),
        };
        if markdown {
            let _ = writeln!(out, "### {heading} ({})\n", changes.len());
        } else {
            let _ = writeln!(out, "\n{plain} ({}):", changes.len());
        }
        for c in changes {
            if markdown {
                let _ = writeln!(out, "- **{}**: {}: {}", c.kind.label(), items_text(c, true), c.detail);
            } else {
                let _ = writeln!(out, "  - {}: {}: {}", c.kind.label(), items_text(c, false), c.detail);
            }
        }
        if markdown {
            out.push('\n');
        }
    }
    let docs: Vec<&Change> = report.with_verdict(Verdict::Docs).collect();
    if !docs.is_empty() {
        // Docs-only changes: one line per item, what changed folded.
        let mut by_item: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
        for c in &docs {
            let what = if c.kind == Kind::ParamRenamed {
                c.detail.as_str()
            } else {
                c.detail.split(':').next().unwrap_or_default()
            };
            by_item.entry(items_text(c, markdown)).or_default().insert(what);
        }
        if markdown {
            let _ = writeln!(out, "### Docs only ({})\n", by_item.len());
        } else {
            let _ = writeln!(out, "\ndocs only ({}):", by_item.len());
        }
        for (item, what) in &by_item {
            let what: Vec<&str> = what.iter().copied().collect();
            let _ = writeln!(out, "{} {item}: {}", if markdown { "-" } else { "  -" }, what.join("; "));
        }
    }
    out
}
