//! The intermediate model: what the generator knows about an API once every
//! `$ref` is resolved, every inline schema is hoisted under a deterministic
//! name and every identifier carries both its wire name and its Rust name.
//! No `openapiv3` type appears here.

use std::collections::{BTreeMap, BTreeSet};

use crate::diag::{Diagnostic, Diagnostics};

/// One API (one spec) ready to emit.
#[derive(Debug, Clone)]
pub struct Api {
    /// Display path of the spec it came from.
    pub source: String,
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    /// Rust module the API is generated into (`contacts`).
    pub module: String,
    /// The resource struct users reach through `Client::<module>()` (`Contacts`).
    pub resource: String,
    pub servers: Vec<String>,
    /// Sorted by Rust method name.
    pub operations: Vec<Operation>,
    /// Every named type, keyed and sorted by Rust name.
    pub types: BTreeMap<String, TypeDef>,
    pub security: Vec<SecurityScheme>,
    /// Operations left out because of diagnostics.
    pub skipped_operations: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityScheme {
    pub name: String,
    pub kind: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }

    pub fn parse(s: &str) -> Option<Method> {
        Some(match s.to_ascii_lowercase().as_str() {
            "get" => Method::Get,
            "put" => Method::Put,
            "post" => Method::Post,
            "delete" => Method::Delete,
            "options" => Method::Options,
            "head" => Method::Head,
            "patch" => Method::Patch,
            "trace" => Method::Trace,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone)]
pub struct Operation {
    /// The spec's operationId (or `METHOD path` when it has none).
    pub operation_id: String,
    /// Method name on the resource (`batch_read`).
    pub rust_name: String,
    pub method: Method,
    /// The path template as written in the spec (`/crm/v3/objects/contacts/{contactId}`).
    pub path: String,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    pub tags: Vec<String>,
    /// Path parameters in template order, then query, then header parameters.
    pub params: Vec<Param>,
    pub body: Option<Body>,
    /// Declared 2xx outcomes, sorted by status.
    pub success: Vec<Outcome>,
    /// Declared error outcomes (explicit 4xx/5xx and `default`), for docs.
    pub errors: Vec<Outcome>,
    /// OAuth scopes or scheme names the operation asks for, for docs.
    pub security: Vec<String>,
    /// The query parameter of an API-key scheme the operation accepts (`hapikey`).
    pub api_key_query: Option<String>,
    /// A cursor-paginated listing: gets a lazy stream of all items.
    pub pagination: Option<Pagination>,
    /// A batch call over `inputs`: gets a chunking helper.
    pub batch: Option<Batch>,
}

/// How a listing pages: `results` holds a page's items, `paging.next.after`
/// the next cursor, which goes back in the `after` query parameter or body field.
#[derive(Debug, Clone)]
pub struct Pagination {
    pub cursor: Cursor,
    pub item: TypeRef,
    /// Field name of the items and whether it is optional.
    pub results: FieldPath,
    /// `paging`, `next`, `after`: the way from the page to the next cursor.
    pub next: Vec<FieldPath>,
}

#[derive(Debug, Clone)]
pub enum Cursor {
    /// An optional string query parameter (its Rust name).
    Query(String),
    /// A string field of the (required) body.
    Body(FieldPath),
}

/// One step through a struct: the field's Rust name and whether it is an `Option`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldPath {
    pub field: String,
    pub optional: bool,
}

/// A batch call: `inputs` of the body is chunked; every success outcome says
/// where its results and per-item errors are.
#[derive(Debug, Clone)]
pub struct Batch {
    pub inputs: String,
    /// A non-empty list in this body field halves the chunk size (HubSpot's
    /// `propertiesWithHistory`).
    pub history: Option<FieldPath>,
    pub result_item: Option<TypeRef>,
    pub error_item: Option<TypeRef>,
    /// Per success outcome (in `success` order): results and errors fields.
    pub outcomes: Vec<(Option<FieldPath>, Option<FieldPath>)>,
}

impl Operation {
    /// The last literal segment of the path (`read` in `…/batch/read`).
    pub fn last_literal(&self) -> Option<&str> {
        crate::naming::segments(&self.path).into_iter().rev().find_map(|s| match s {
            crate::naming::Segment::Literal(l) => Some(l),
            crate::naming::Segment::Param(_) => None,
        })
    }

    /// A search endpoint (`POST …/search`): its own rate limit and result cap.
    pub fn is_search(&self) -> bool {
        self.method == Method::Post && self.last_literal() == Some("search")
    }

    /// A `POST` that only reads (`…/read`, `…/search`), so it may be repeated.
    pub fn is_read_only_post(&self) -> bool {
        self.method == Method::Post && matches!(self.last_literal(), Some("read" | "search"))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
}

#[derive(Debug, Clone)]
pub struct Param {
    pub wire_name: String,
    pub rust_name: String,
    pub location: ParamLocation,
    pub ty: TypeRef,
    pub required: bool,
    /// For arrays in the query: repeat the key per value (`explode: true`) or
    /// join the values with commas.
    pub explode: bool,
    pub default: Option<serde_json::Value>,
    pub docs: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Body {
    /// The body's type; unused for [`BodyKind::Binary`].
    pub ty: TypeRef,
    pub required: bool,
    pub kind: BodyKind,
    pub media_type: String,
    pub docs: Option<String>,
}

/// How a request body is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    Json,
    /// `application/x-www-form-urlencoded`: top-level properties as pairs.
    Form,
    /// `multipart/form-data`: one part per top-level property; binary
    /// properties are file uploads.
    Multipart,
    /// Raw bytes sent with the declared media type.
    Binary,
}

/// One declared response.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub status: Status,
    pub ty: Option<TypeRef>,
    /// The body is not JSON: it is handed over as raw bytes.
    pub raw: bool,
    pub description: String,
}

/// The status an outcome is declared for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    Code(u16),
    /// `2XX`: the hundreds digit.
    Range(u16),
    Default,
}

/// A named type.
#[derive(Debug, Clone)]
pub struct TypeDef {
    pub rust_name: String,
    /// Where it came from: a component name or the JSON pointer of an inline schema.
    pub origin: String,
    pub docs: Option<String>,
    pub kind: TypeKind,
    /// Sent as a `multipart/form-data` body somewhere: gets a parts encoder.
    pub multipart: bool,
}

#[derive(Debug, Clone)]
pub enum TypeKind {
    Struct(Struct),
    /// A string or integer enum. Open: values the spec does not list are kept.
    Enum(Enum),
    /// `oneOf`/`anyOf`: with a discriminator, its property picks the variant;
    /// without, the first variant that decodes wins.
    Union(Union),
    Alias(TypeRef),
}

#[derive(Debug, Clone)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// Properties the spec does not name: kept in a map so nothing is dropped.
    pub extra: Option<Extra>,
}

#[derive(Debug, Clone)]
pub struct Extra {
    pub rust_name: String,
    pub value: TypeRef,
}

#[derive(Debug, Clone)]
pub struct Field {
    pub wire_name: String,
    pub rust_name: String,
    pub ty: TypeRef,
    /// Must the key be present?
    pub required: bool,
    /// Decode a missing key as the empty value (required lists and maps in
    /// response types: real APIs leave them out).
    pub default_when_missing: bool,
    pub docs: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Enum {
    pub variants: Vec<EnumVariant>,
    /// Name of the catch-all variant holding values the spec does not list.
    pub unknown: String,
    /// Values are integers (their decimal text is in `wire`).
    pub integer: bool,
}

#[derive(Debug, Clone)]
pub struct Union {
    pub variants: Vec<UnionVariant>,
    /// The property whose value names the variant (`discriminator.propertyName`).
    pub discriminator: Option<String>,
}

#[derive(Debug, Clone)]
pub struct EnumVariant {
    pub wire: String,
    pub rust_name: String,
}

#[derive(Debug, Clone)]
pub struct UnionVariant {
    pub rust_name: String,
    pub ty: TypeRef,
    /// Discriminator values that select this variant.
    pub tags: Vec<String>,
}

/// A reference to a type, as used by fields, parameters and bodies.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum TypeRef {
    Named(String),
    Prim(Prim),
    List(Box<TypeRef>),
    /// A JSON object with string keys.
    Map(Box<TypeRef>),
    /// The value may be JSON `null`.
    Nullable(Box<TypeRef>),
    /// Heap-allocated to break a recursive type.
    Boxed(Box<TypeRef>),
    /// Any JSON value.
    Any,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Prim {
    String,
    Bool,
    I32,
    I64,
    F32,
    F64,
    /// RFC 3339 `date-time`.
    Timestamp,
    /// RFC 3339 full-date.
    Date,
    /// `format: binary`: a file upload in request bodies.
    Binary,
}

impl TypeRef {
    pub fn nullable(self) -> TypeRef {
        match self {
            TypeRef::Nullable(_) | TypeRef::Any => self,
            other => TypeRef::Nullable(Box::new(other)),
        }
    }

    /// Visit every named type this reference mentions.
    pub fn for_each_named(&self, f: &mut impl FnMut(&str)) {
        match self {
            TypeRef::Named(n) => f(n),
            TypeRef::List(t) | TypeRef::Map(t) | TypeRef::Nullable(t) | TypeRef::Boxed(t) => t.for_each_named(f),
            TypeRef::Prim(_) | TypeRef::Any => {}
        }
    }

    /// Rewrite every map's value type in place (used for lenient responses).
    pub fn map_values_mut(&mut self, f: &impl Fn(&mut TypeRef)) {
        match self {
            TypeRef::Map(v) => {
                v.map_values_mut(f);
                f(v);
            }
            TypeRef::List(t) | TypeRef::Nullable(t) | TypeRef::Boxed(t) => t.map_values_mut(f),
            TypeRef::Named(_) | TypeRef::Prim(_) | TypeRef::Any => {}
        }
    }
}

impl TypeDef {
    /// Every type reference inside this definition.
    pub fn type_refs(&self) -> Vec<&TypeRef> {
        match &self.kind {
            TypeKind::Struct(s) => s.fields.iter().map(|f| &f.ty).chain(s.extra.as_ref().map(|e| &e.value)).collect(),
            TypeKind::Enum(_) => Vec::new(),
            TypeKind::Union(u) => u.variants.iter().map(|v| &v.ty).collect(),
            TypeKind::Alias(t) => vec![t],
        }
    }

    pub fn type_refs_mut(&mut self) -> Vec<&mut TypeRef> {
        match &mut self.kind {
            TypeKind::Struct(s) => {
                let extra = s.extra.as_mut().map(|e| &mut e.value);
                s.fields.iter_mut().map(|f| &mut f.ty).chain(extra).collect()
            }
            TypeKind::Enum(_) => Vec::new(),
            TypeKind::Union(u) => u.variants.iter_mut().map(|v| &mut v.ty).collect(),
            TypeKind::Alias(t) => vec![t],
        }
    }
}

impl Operation {
    pub fn has_multiple_successes(&self) -> bool {
        self.success.len() > 1
    }
}

/// The check phase: invariants that later phases rely on. A failure here is a
/// generator bug or a spec the lowering could not make sense of, reported with
/// the spec's path instead of emitting code that does not compile.
pub fn check(api: &Api, diags: &mut Diagnostics) {
    let file = &api.source;
    let mut err = |pointer: &str, message: String| diags.push(Diagnostic::error(file, pointer, message));

    let mut methods = BTreeSet::new();
    for op in &api.operations {
        if !methods.insert(op.rust_name.as_str()) {
            err("", format!("two operations are both named `{}`", op.rust_name));
        }
        let mut params = BTreeSet::new();
        for p in &op.params {
            if !params.insert(p.rust_name.as_str()) {
                err("", format!("operation `{}` has two parameters named `{}`", op.rust_name, p.rust_name));
            }
        }
        let refs = op
            .params
            .iter()
            .map(|p| &p.ty)
            .chain(op.body.iter().map(|b| &b.ty))
            .chain(op.success.iter().chain(&op.errors).filter_map(|o| o.ty.as_ref()));
        for ty in refs {
            ty.for_each_named(&mut |n| {
                if !api.types.contains_key(n) {
                    err("", format!("operation `{}` refers to undefined type `{n}`", op.rust_name));
                }
            });
        }
    }
    for (name, def) in &api.types {
        if name != &def.rust_name {
            err(&def.origin, format!("type `{}` is filed under `{name}`", def.rust_name));
        }
        for ty in def.type_refs() {
            ty.for_each_named(&mut |n| {
                if !api.types.contains_key(n) {
                    err(&def.origin, format!("type `{name}` refers to undefined type `{n}`"));
                }
            });
        }
        let names: Vec<&str> = match &def.kind {
            TypeKind::Struct(s) => s.fields.iter().map(|f| f.rust_name.as_str()).chain(s.extra.iter().map(|e| e.rust_name.as_str())).collect(),
            TypeKind::Enum(e) => e.variants.iter().map(|v| v.rust_name.as_str()).chain([e.unknown.as_str()]).collect(),
            TypeKind::Union(u) => u.variants.iter().map(|v| v.rust_name.as_str()).collect(),
            TypeKind::Alias(_) => Vec::new(),
        };
        let mut seen = BTreeSet::new();
        for n in names {
            if !seen.insert(n) {
                err(&def.origin, format!("type `{name}` has two members named `{n}`"));
            }
        }
    }
}
