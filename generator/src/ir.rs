//! The intermediate model: what the generator knows about an API once every
//! `$ref` is resolved, every inline schema is hoisted under a deterministic
//! name, every identifier carries both its wire name and its Rust name, and
//! every decision the emitter needs is made. No `openapiv3` type appears here,
//! and the emitter only prints what it finds.
//!
//! The model is plain data: it serializes to JSON (`cargo xtask ir SPEC`), and
//! the lowering tests compare that dump.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::diag::{Diagnostic, Diagnostics};

/// Every API of one generated crate, after the merge phase ([`crate::merge`]).
#[derive(Debug, Clone, Serialize)]
pub struct Model {
    /// Sorted by module.
    pub apis: Vec<Api>,
    /// Types with the same name and structure in several APIs, generated once
    /// and re-exported by each API's `types` module; keyed by their name in
    /// the shared space.
    pub shared: BTreeMap<String, SharedType>,
    /// Prelude names the shared types shadow in the shared module.
    pub shared_prelude: BTreeSet<String>,
    /// Operations that are the same in several APIs (the generic object
    /// operations of HubSpot's object APIs): one request builder each, keyed
    /// by its name in the shared space.
    pub shared_ops: BTreeMap<String, SharedOp>,
    /// The cargo features that gate the shared space, keyed by name: one per
    /// distinct set of APIs that shares an item ([`crate::merge`] step 4).
    /// Each shared item names its gate; each API feature enables the gates
    /// whose sets hold it.
    pub gates: BTreeMap<String, Gate>,
}

/// How an API states its rate limits, so the runtime paces and waits out 429s
/// the vendor's way (the profile records it: `Conventions::rate_limits`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RateLimits {
    /// No protocol known: `Retry-After` only, no client-side pacing by default.
    #[default]
    Plain,
    /// `X-HubSpot-RateLimit-*` headers, `policyName` in 429 bodies, 100 per 10 s.
    HubSpot,
}

/// An internal cargo feature (`_shared_simple_public_object`) that compiles
/// the shared items of one set of APIs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Gate {
    /// The API modules (and so API features) that enable it, sorted.
    pub apis: Vec<String>,
    /// Other gates whose items this gate's items name: enabled with it, so
    /// the gate compiles on its own too.
    pub requires: BTreeSet<String>,
}

/// An operation implemented once for several APIs.
#[derive(Debug, Clone, Serialize)]
pub struct SharedOp {
    /// The operation with shared names (builder, response enum, types).
    pub op: Operation,
    /// The modules of the APIs whose resources start it.
    pub apis: Vec<String>,
    /// The feature in [`Model::gates`] that compiles it.
    pub gate: String,
}

/// Where an API's operation is implemented in the shared space.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SharedOpRef {
    pub builder: String,
    pub response_enum: Option<String>,
}

/// A type of the shared space.
#[derive(Debug, Clone, Serialize)]
pub struct SharedType {
    pub def: TypeDef,
    /// The modules of the APIs that use it.
    pub apis: Vec<String>,
    /// The feature in [`Model::gates`] that compiles it.
    pub gate: String,
}

/// One API (one spec) ready to emit.
#[derive(Debug, Clone, Serialize)]
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
    /// The vendor conventions applied to the operations (`hubspot`), if any.
    pub profile: Option<String>,
    /// How the API states its rate limits in answers (the profile's fact).
    pub rate_limits: RateLimits,
    /// Sorted by Rust method name.
    pub operations: Vec<Operation>,
    /// Every named type, keyed and sorted by Rust name.
    pub types: BTreeMap<String, TypeDef>,
    pub security: Vec<SecurityScheme>,
    /// Prelude names (`Option`, `String`, …) that types of this API shadow in
    /// the `types` module: there, and only there, they are written as full paths.
    pub shadowed_prelude: BTreeSet<String>,
    /// Types of this API that live in the shared space: the name in this
    /// API's `types` module → the name in the shared space (set by the merge).
    pub reexports: BTreeMap<String, String>,
    /// A hand-written module of the crate whose public items this API's
    /// module re-exports (`crate::runtime::oauth`), from
    /// [`crate::Config::companions`].
    pub companion: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SecurityScheme {
    pub name: String,
    pub kind: SecurityKind,
}

/// What a security scheme is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SecurityKind {
    ApiKey {
        name: String,
        location: ApiKeyLocation,
    },
    Http {
        scheme: String,
    },
    OAuth2,
    OpenIdConnect,
    /// A `$ref` the generator does not follow.
    Reference(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ApiKeyLocation {
    Query,
    Header,
    Cookie,
}

impl ApiKeyLocation {
    pub fn as_str(self) -> &'static str {
        match self {
            ApiKeyLocation::Query => "query",
            ApiKeyLocation::Header => "header",
            ApiKeyLocation::Cookie => "cookie",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "UPPERCASE")]
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

    /// Idempotent by HTTP's definition (RFC 9110): safe to repeat after a
    /// timeout or a 5xx.
    pub fn is_idempotent(self) -> bool {
        matches!(self, Method::Get | Method::Head | Method::Options | Method::Put | Method::Delete | Method::Trace)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Operation {
    /// The spec's operationId (or `METHOD path` when it has none).
    pub operation_id: String,
    /// Method name on the resource (`batch_read`).
    pub rust_name: String,
    /// The request builder the method returns (`BatchReadRequest`).
    pub builder: String,
    pub method: Method,
    pub path: PathTemplate,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    pub tags: Vec<String>,
    /// Path parameters in template order, then query, then header parameters.
    pub params: Vec<Param>,
    pub body: Option<Body>,
    /// Declared 2xx outcomes, sorted by status.
    pub success: Vec<Outcome>,
    /// With several success outcomes: the enum `send` returns (`BatchReadResponse`);
    /// each success outcome then has its variant name.
    pub response_enum: Option<String>,
    /// Declared error outcomes (explicit 4xx/5xx and `default`), for docs.
    pub errors: Vec<Outcome>,
    /// OAuth scopes or scheme names the operation asks for, for docs.
    pub security: Vec<String>,
    /// Which credentials the operation accepts (a bearer token, an API key
    /// in the query, or nothing): the runtime refuses a call the client has
    /// no accepted credential for.
    pub accepts: Accepts,
    /// May the runtime repeat the request after a timeout or a 5xx?
    pub retry_safety: RetrySafety,
    /// Which client-side rate limit the request draws from.
    pub rate_bucket: RateBucket,
    /// A cursor-paginated listing: gets a lazy stream of all items.
    pub pagination: Option<Pagination>,
    /// A batch call over a list of inputs: gets a chunking helper.
    pub batch: Option<Batch>,
    /// Implemented once for several APIs (set by the merge): this API's
    /// resource starts the shared builder, re-exported under `builder`.
    pub shared: Option<SharedOpRef>,
}

impl Operation {
    /// The types the request carries: parameters and body.
    pub fn request_type_refs_mut(&mut self) -> Vec<&mut TypeRef> {
        self.params.iter_mut().map(|p| &mut p.ty).chain(self.body.as_mut().and_then(Body::ty_mut)).collect()
    }

    /// The types the request carries: parameters and body.
    pub fn request_type_refs(&self) -> Vec<&TypeRef> {
        self.params.iter().map(|p| &p.ty).chain(self.body.as_ref().and_then(Body::ty)).collect()
    }

    /// The types responses carry, success and error.
    pub fn response_type_refs(&self) -> Vec<&TypeRef> {
        let outcomes = self.success.iter().chain(&self.errors).filter_map(|o| match &o.body {
            OutcomeBody::Json(t) => Some(t),
            OutcomeBody::Bytes | OutcomeBody::Empty => None,
        });
        let conventions = self
            .pagination
            .iter()
            .map(|p| &p.item)
            .chain(self.batch.iter().flat_map(|b| b.result_item.iter().chain(&b.error_item)));
        outcomes.chain(conventions).collect()
    }
}

/// Whether a request may be sent again when it is unknown whether the server acted on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RetrySafety {
    /// The method is idempotent (`GET`, `PUT`, `DELETE`, …).
    Idempotent,
    /// A `POST` that only reads (a search, a batch read): repeatable.
    ReadOnly,
    /// Repeating it could act twice (a creating `POST`).
    Unsafe,
}

/// The client-side rate limit a request draws from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RateBucket {
    General,
    /// The lower search limit (and the general one too).
    Search,
}

/// A path template, parsed once: literal text and parameters in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PathTemplate {
    /// As the spec writes it (`/crm/v3/objects/contacts/{contactId}`).
    pub template: String,
    pub parts: Vec<PathPart>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PathPart {
    Literal(String),
    /// A parameter: the builder field holding it and the local variable its
    /// encoded text is bound to before the path is formatted.
    Param {
        field: String,
        local: String,
    },
}

impl PathTemplate {
    /// The parameter names of a template, in order, wherever they stand in a segment.
    pub fn param_names(template: &str) -> Vec<&str> {
        let mut out = Vec::new();
        let mut rest = template;
        while let Some(start) = rest.find('{') {
            let Some(len) = rest[start..].find('}') else { break };
            out.push(&rest[start + 1..start + len]);
            rest = &rest[start + len + 1..];
        }
        out
    }
}

/// How a listing pages: a page's items are in one list field, and a chain of
/// fields leads to the next cursor, which goes back in a query parameter or
/// body field.
#[derive(Debug, Clone, Serialize)]
pub struct Pagination {
    pub cursor: Cursor,
    pub item: TypeRef,
    /// Field name of the items and whether it is optional.
    pub results: FieldPath,
    /// The way from the page to the next cursor (`paging`, `next`, `after`).
    pub next: Vec<FieldPath>,
    /// The listing stops at the client's search result limit.
    pub capped: bool,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Cursor {
    /// An optional string query parameter (its Rust name).
    Query(String),
    /// A string field of the (required) body.
    Body(FieldPath),
}

/// One step through a struct: the field's Rust name and whether it is an `Option`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldPath {
    pub field: String,
    pub optional: bool,
}

/// A batch call: the body's `inputs` list is sent in chunks; every success
/// outcome says where its results and per-item errors are.
#[derive(Debug, Clone, Serialize)]
pub struct Batch {
    /// The body field holding the inputs (a required list).
    pub inputs: String,
    pub chunk: Chunking,
    pub result_item: Option<TypeRef>,
    pub error_item: Option<TypeRef>,
    /// Per success outcome, in `success` order.
    pub outcomes: Vec<BatchFields>,
}

/// How many inputs go into one request.
#[derive(Debug, Clone, Serialize)]
pub struct Chunking {
    pub size: usize,
    /// A smaller chunk when this list field of the body is not empty.
    pub reduced: Option<ReducedChunk>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReducedChunk {
    pub when_set: FieldPath,
    pub size: usize,
}

/// Where one success outcome of a batch call keeps its results and errors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BatchFields {
    pub status: Status,
    pub results: Option<FieldPath>,
    pub errors: Option<FieldPath>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    /// Sent in the `Cookie` header (several joined with `; `).
    Cookie,
}

impl ParamLocation {
    /// As the spec's `in` writes it: `path`, `query`, `header`, `cookie`.
    pub fn as_str(self) -> &'static str {
        match self {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Param {
    pub wire_name: String,
    pub rust_name: String,
    pub location: ParamLocation,
    pub ty: TypeRef,
    pub required: bool,
    /// How the value goes on the wire.
    pub encoding: ParamEncoding,
    /// How the caller hands the value over.
    pub arg: ArgStyle,
    /// The Rust type is `Copy` (closures copy it instead of cloning).
    pub copy: bool,
    /// A value the API fixes ([`crate::SpecInput::bindings`]): the resource
    /// sets it, callers do not pass it.
    pub bound: Option<String>,
    pub default: Option<serde_json::Value>,
    pub docs: Option<String>,
}

/// How a parameter value is written into the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ParamEncoding {
    /// Its `Display` text.
    Display,
    /// A list of displayable items: repeated (`explode`) or joined with commas.
    List { explode: bool },
    /// Structured: JSON text.
    Json,
    /// Serialized in an OpenAPI `style` by the runtime, whatever the value
    /// serializes to (a primitive, an array, an object's properties). Used
    /// where the plain encodings above are not what the spec asks for: other
    /// styles, path arrays and objects, objects in the query and headers, cookies.
    Styled { style: ParamStyle, explode: bool },
}

/// An OpenAPI parameter `style`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ParamStyle {
    Simple,
    Label,
    Matrix,
    Form,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
}

/// How a builder method or constructor takes a parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ArgStyle {
    /// `impl Into<String>`.
    Into,
    /// `impl IntoIterator<Item = impl Into<String>>`.
    IntoIter,
    /// The parameter's own type.
    Plain,
}

#[derive(Debug, Clone, Serialize)]
pub struct Body {
    pub required: bool,
    pub media_type: String,
    pub encoding: BodyEncoding,
    pub docs: Option<String>,
}

/// How a request body is encoded.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BodyEncoding {
    Json(TypeRef),
    /// `application/x-www-form-urlencoded`: top-level properties as pairs.
    Form(TypeRef),
    /// `multipart/form-data`: one part per top-level property.
    Multipart {
        ty: TypeRef,
        parts: MultipartParts,
    },
    /// Raw bytes sent with the declared media type.
    Binary,
}

/// Where a multipart body's parts come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MultipartParts {
    /// The struct's generated encoder (binary properties become file parts).
    Generated,
    /// Each top-level property of the JSON value, as text.
    FromJson,
}

impl Body {
    /// The body's Rust type, or `None` for raw bytes.
    pub fn ty(&self) -> Option<&TypeRef> {
        match &self.encoding {
            BodyEncoding::Json(t) | BodyEncoding::Form(t) | BodyEncoding::Multipart { ty: t, .. } => Some(t),
            BodyEncoding::Binary => None,
        }
    }

    pub fn ty_mut(&mut self) -> Option<&mut TypeRef> {
        match &mut self.encoding {
            BodyEncoding::Json(t) | BodyEncoding::Form(t) | BodyEncoding::Multipart { ty: t, .. } => Some(t),
            BodyEncoding::Binary => None,
        }
    }
}

/// One declared response.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    pub status: Status,
    pub body: OutcomeBody,
    pub description: String,
    /// The variant of the operation's response enum, when it has one.
    pub variant: Option<String>,
}

/// What a response carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeBody {
    /// JSON decoded into this type.
    Json(TypeRef),
    /// Any other media type, handed over as raw bytes.
    Bytes,
    /// No body.
    Empty,
}

/// The status an outcome is declared for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Code(u16),
    /// `2XX`: the hundreds digit.
    Range(u16),
    Default,
}

impl Status {
    /// As the spec writes it: `200`, `2XX`, `default`.
    pub fn label(self) -> String {
        match self {
            Status::Code(c) => c.to_string(),
            Status::Range(r) => format!("{r}XX"),
            Status::Default => "default".to_owned(),
        }
    }
}

/// Where a schema stands: the spec's display path and a JSON pointer into it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Origin {
    pub spec: String,
    pub pointer: String,
}

/// A named type.
#[derive(Debug, Clone, Serialize)]
pub struct TypeDef {
    pub rust_name: String,
    /// Where it came from: a component schema, or the inline schema it was hoisted from.
    pub origin: Origin,
    /// An inline schema given a name by the generator (not a component).
    pub hoisted: bool,
    /// Other schemas with the same structure merged into this type, in order.
    pub merged: Vec<Origin>,
    pub docs: Option<String>,
    pub kind: TypeKind,
    /// Sent as a `multipart/form-data` body somewhere: gets a parts encoder.
    pub multipart: bool,
    /// Facts about the Rust type, aliases resolved.
    pub facts: TypeFacts,
    /// This type is the request view of the named type: the same schema
    /// without its read-only fields, for a schema used in both directions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_view_of: Option<String>,
    /// Requests carry it (reachable from an operation's parameters or body),
    /// so users build values of it: a struct gets `builder()`.
    pub sent: bool,
    /// What the vendor's conventions recognise in it ([`crate::conventions`]).
    pub vendor: VendorTraits,
}

/// Vendor facts about one type, recorded by the profile so the emitter
/// recognises no vendor shape itself.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct VendorTraits {
    /// A record with a `properties` map of text: gets `property(..)`,
    /// `property_value(..)` and `property_as::<T>(..)` (HubSpot's objects).
    pub record: bool,
    /// A record that is stored (a required text `id`, `createdAt` and
    /// `updatedAt`, an `archived` flag): also gets `decode::<P>()`.
    pub stored: bool,
    /// Its one field is a required text `id`: converts `From` text and integers.
    pub id_from_text: bool,
}

/// What the Rust type of a named type is, computed once after lowering.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct TypeFacts {
    /// It implements `Copy`.
    pub copy: bool,
    /// It implements `Display` (and so goes into a URL or header as text).
    pub display: bool,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TypeKind {
    Struct(Struct),
    /// A string or integer enum. Open: values the spec does not list are kept.
    Enum(Enum),
    /// `oneOf`/`anyOf`: with a discriminator, its property picks the variant;
    /// without, the first variant that decodes wins.
    Union(Union),
    Alias(TypeRef),
}

#[derive(Debug, Clone, Serialize)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// Properties the spec does not name: kept in a map so nothing is dropped.
    pub extra: Option<Extra>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Extra {
    pub rust_name: String,
    pub value: TypeRef,
}

#[derive(Debug, Clone, Serialize)]
pub struct Field {
    pub wire_name: String,
    pub rust_name: String,
    pub ty: TypeRef,
    /// Must the key be present?
    pub required: bool,
    /// Decode a missing key as the empty value (required lists and maps in
    /// response types: real APIs leave them out).
    pub default_when_missing: bool,
    /// Who writes the value (`readOnly`, `writeOnly`).
    #[serde(skip_serializing_if = "Access::is_read_write")]
    pub access: Access,
    pub docs: Option<String>,
}

/// Which side of the exchange a field travels on. A struct used both in
/// requests and in responses gets a request view without its read-only
/// fields (see [`crate::ir::TypeDef::request_view_of`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Access {
    #[default]
    ReadWrite,
    /// `readOnly`: the server sets it; it is not sent in requests.
    ReadOnly,
    /// `writeOnly`: sent in requests; servers do not return it.
    WriteOnly,
}

impl Access {
    pub fn is_read_write(&self) -> bool {
        *self == Access::ReadWrite
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Enum {
    pub repr: EnumRepr,
    pub variants: Vec<EnumVariant>,
    /// Name of the catch-all variant holding values the spec does not list.
    pub unknown: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EnumRepr {
    String,
    Integer,
}

#[derive(Debug, Clone, Serialize)]
pub struct EnumVariant {
    pub value: EnumValue,
    pub rust_name: String,
}

/// A listed enum value.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(untagged)]
pub enum EnumValue {
    String(String),
    Integer(i64),
}

#[derive(Debug, Clone, Serialize)]
pub struct Union {
    pub variants: Vec<UnionVariant>,
    /// The catch-all variant keeping JSON that matches no listed variant.
    pub other: String,
    /// The property whose value names the variant (`discriminator.propertyName`).
    pub discriminator: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct UnionVariant {
    pub rust_name: String,
    pub ty: TypeRef,
    /// Discriminator values that select this variant.
    pub tags: Vec<String>,
}

/// What an operation's security requirements accept, as the client sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Accepts {
    /// No requirement, or one that is empty: anything, nothing included.
    Anything,
    /// A bearer token (OAuth, private app, HTTP), or the API key in the
    /// query parameter `api_key_query` (`hapikey`) where a scheme allows it.
    Token { api_key_query: Option<String> },
    /// Only the API key, in the query parameter `api_key_query`.
    KeyOnly { api_key_query: String },
}

impl Accepts {
    /// The query parameter an API key goes in, if the operation takes one.
    pub fn api_key_query(&self) -> Option<&str> {
        match self {
            Accepts::Anything => None,
            Accepts::Token { api_key_query } => api_key_query.as_deref(),
            Accepts::KeyOnly { api_key_query } => Some(api_key_query),
        }
    }
}

/// A reference to a type, as used by fields, parameters and bodies.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
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

    /// Follow aliases to the type reference a name stands for.
    pub fn resolve<'t>(&'t self, types: &'t BTreeMap<String, TypeDef>) -> &'t TypeRef {
        let mut current = self;
        for _ in 0..64 {
            match current {
                TypeRef::Named(n) => match types.get(n).map(|d| &d.kind) {
                    Some(TypeKind::Alias(t)) => current = t,
                    _ => return current,
                },
                _ => return current,
            }
        }
        current
    }

    /// Facts about the Rust type this reference stands for.
    pub fn facts(&self, types: &BTreeMap<String, TypeDef>) -> TypeFacts {
        match self {
            TypeRef::Prim(p) => {
                TypeFacts { copy: !matches!(p, Prim::String | Prim::Binary), display: *p != Prim::Binary }
            }
            TypeRef::Named(n) => types.get(n).map(|d| d.facts).unwrap_or_default(),
            TypeRef::Nullable(t) => TypeFacts { display: false, ..t.facts(types) },
            TypeRef::Boxed(t) => TypeFacts { copy: false, ..t.facts(types) },
            TypeRef::List(_) | TypeRef::Map(_) | TypeRef::Any => TypeFacts::default(),
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

/// How generated code lets users make a value of a struct: the emitter
/// generates these and the API diff and docs report them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Constructors {
    /// No required field: the struct derives `Default`.
    pub default: bool,
    /// `new(..)`, a shortcut where it reads naturally: one required field,
    /// or two of different types (no two values can be swapped).
    pub new: bool,
    /// `builder()`: a setter per field, `build()` once every required one is
    /// set. Every struct requests carry has one, and so does every struct
    /// that has no other way in (more than two required fields, or two of one type).
    pub builder: bool,
}

impl Constructors {
    /// How a report names them: "`new(id, name)` and `builder()` requiring id, name".
    pub fn describe(&self, required: &[String]) -> String {
        let needs = if required.is_empty() { String::new() } else { format!(" requiring {}", required.join(", ")) };
        let mut ways = Vec::new();
        if self.default {
            ways.push("derives `Default`".to_owned());
        }
        if self.new {
            ways.push(format!("`new({})`", required.join(", ")));
        }
        if self.builder {
            ways.push(format!("`builder()`{needs}"));
        }
        ways.join(" and ")
    }
}

impl Struct {
    /// The constructors of this struct; `sent` says whether requests carry it ([`TypeDef::sent`]).
    pub fn constructors(&self, sent: bool) -> Constructors {
        let required: Vec<&TypeRef> = self.fields.iter().filter(|f| f.required).map(|f| &f.ty).collect();
        let same_type = required.iter().enumerate().any(|(i, t)| required[..i].contains(t));
        let new = !required.is_empty() && required.len() <= 2 && !same_type;
        let default = required.is_empty();
        let has_fields = !self.fields.is_empty();
        Constructors { default, new, builder: (sent && has_fields) || (!new && !default) }
    }
}

/// Every named type the references lead to.
pub fn reachable<'t>(
    types: &BTreeMap<String, TypeDef>,
    from: impl IntoIterator<Item = &'t TypeRef>,
) -> BTreeSet<String> {
    let mut stack: Vec<String> = Vec::new();
    for ty in from {
        ty.for_each_named(&mut |n| stack.push(n.to_owned()));
    }
    let mut seen = BTreeSet::new();
    while let Some(name) = stack.pop() {
        if let Some(def) = types.get(&name)
            && seen.insert(name)
        {
            for ty in def.type_refs() {
                ty.for_each_named(&mut |n| stack.push(n.to_owned()));
            }
        }
    }
    seen
}

/// How `new(..)` and a builder's setter take a required field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewArg<'a> {
    /// A list: `impl IntoIterator<Item = impl Into<T>>` of the item type.
    Items(&'a TypeRef),
    /// Text: `impl Into<String>`.
    Text,
    /// Anything else, as its own type (so `Default::default()` and `.into()` infer).
    Value,
}

impl Field {
    /// The one argument convention for required fields.
    pub fn new_arg(&self) -> NewArg<'_> {
        match &self.ty {
            TypeRef::List(item) => NewArg::Items(item),
            TypeRef::Prim(Prim::String) => NewArg::Text,
            _ => NewArg::Value,
        }
    }
}

/// The struct a type reference names, looking through aliases.
pub fn struct_of<'t>(types: &'t BTreeMap<String, TypeDef>, ty: &TypeRef) -> Option<&'t Struct> {
    match ty.resolve(types) {
        TypeRef::Named(n) => match &types.get(n)?.kind {
            TypeKind::Struct(s) => Some(s),
            _ => None,
        },
        _ => None,
    }
}

impl Struct {
    /// A field by wire name as one plain step (not an optional nullable
    /// `Option<Option<T>>`), with its type without the `Option`.
    pub fn step(&self, wire: &str) -> Option<(FieldPath, &TypeRef)> {
        let f = self.fields.iter().find(|f| f.wire_name == wire)?;
        if !f.required && matches!(f.ty, TypeRef::Nullable(_)) {
            return None;
        }
        let (optional, ty) = match (&f.ty, f.required) {
            (TypeRef::Nullable(t), _) => (true, t.as_ref()),
            (t, required) => (!required, t),
        };
        Some((FieldPath { field: f.rust_name.clone(), optional }, ty))
    }
}

/// The check phase: invariants that later phases rely on. Every name the
/// emitter prints is validated here: it is an identifier, and it is unique in
/// the scope it is printed into. A failure is a generator bug or a spec the
/// lowering could not make sense of, reported with the spec's path instead of
/// emitting code that does not compile.
pub fn check(api: &Api, diags: &mut Diagnostics) {
    let file = &api.source;
    let mut errors: Vec<(String, String)> = Vec::new();
    let mut err = |pointer: &str, message: String| errors.push((pointer.to_owned(), message));
    let ident = |pointer: &str, what: &str, name: &str, err: &mut dyn FnMut(&str, String)| {
        if !crate::naming::is_identifier(name) {
            err(pointer, format!("{what} `{name}` is not a Rust identifier"));
        }
    };

    ident("", "module", &api.module, &mut err);
    ident("", "resource", &api.resource, &mut err);
    // Items of the resource module: the resource, `types`, builders and response enums.
    let mut items = BTreeSet::from([api.resource.as_str(), "types"]);
    let mut methods = BTreeSet::new();
    for op in &api.operations {
        let at = format!("operation `{}`", op.rust_name);
        ident("", "method", &op.rust_name, &mut err);
        if !methods.insert(op.rust_name.as_str()) {
            err("", format!("two operations are both named `{}`", op.rust_name));
        }
        for name in std::iter::once(&op.builder).chain(&op.response_enum) {
            ident("", "item", name, &mut err);
            if !items.insert(name.as_str()) {
                err("", format!("{at}: `{name}` is already an item of the resource module"));
            }
        }
        let mut members: BTreeSet<&str> = crate::naming::BUILDER_MEMBERS.iter().copied().collect();
        for p in &op.params {
            ident("", "parameter", &p.rust_name, &mut err);
            if !members.insert(p.rust_name.as_str()) {
                err("", format!("{at} has two parameters or builder members named `{}`", p.rust_name));
            }
        }
        let mut locals: BTreeSet<&str> = crate::naming::SEND_LOCALS.iter().copied().collect();
        for part in &op.path.parts {
            if let PathPart::Param { field, local } = part {
                ident("", "local", local, &mut err);
                if !locals.insert(local.as_str()) {
                    err("", format!("{at}: path local `{local}` is used twice"));
                }
                if !op.params.iter().any(|p| &p.rust_name == field && p.location == ParamLocation::Path) {
                    err("", format!("{at}: the path refers to `{field}`, which is not a path parameter"));
                }
            }
        }
        let variants: Vec<&String> = op.success.iter().filter_map(|o| o.variant.as_ref()).collect();
        match (&op.response_enum, variants.len()) {
            (Some(_), n) if n == op.success.len() => {}
            (None, 0) => {}
            _ => err("", format!("{at}: success outcomes and response enum variants do not match")),
        }
        let mut seen = BTreeSet::new();
        for v in variants {
            ident("", "variant", v, &mut err);
            if !seen.insert(v) {
                err("", format!("{at}: two success outcomes are both named `{v}`"));
            }
        }
        let refs = op.params.iter().map(|p| &p.ty).chain(op.body.iter().filter_map(Body::ty)).chain(
            op.success.iter().chain(&op.errors).filter_map(|o| match &o.body {
                OutcomeBody::Json(t) => Some(t),
                _ => None,
            }),
        );
        for ty in refs {
            ty.for_each_named(&mut |n| {
                if !api.types.contains_key(n) {
                    err("", format!("{at} refers to undefined type `{n}`"));
                }
            });
        }
    }
    for (name, def) in &api.types {
        ident(&def.origin.pointer, "type", name, &mut err);
        if name != &def.rust_name {
            err(&def.origin.pointer, format!("type `{}` is filed under `{name}`", def.rust_name));
        }
        for ty in def.type_refs() {
            ty.for_each_named(&mut |n| {
                if !api.types.contains_key(n) {
                    err(&def.origin.pointer, format!("type `{name}` refers to undefined type `{n}`"));
                }
            });
        }
        let names: Vec<&str> = match &def.kind {
            TypeKind::Struct(s) => s
                .fields
                .iter()
                .map(|f| f.rust_name.as_str())
                .chain(s.extra.iter().map(|e| e.rust_name.as_str()))
                .collect(),
            TypeKind::Enum(e) => e.variants.iter().map(|v| v.rust_name.as_str()).chain([e.unknown.as_str()]).collect(),
            TypeKind::Union(u) => u.variants.iter().map(|v| v.rust_name.as_str()).chain([u.other.as_str()]).collect(),
            TypeKind::Alias(_) => Vec::new(),
        };
        let mut seen = BTreeSet::new();
        for n in names {
            ident(&def.origin.pointer, "member", n, &mut err);
            if !seen.insert(n) {
                err(&def.origin.pointer, format!("type `{name}` has two members named `{n}`"));
            }
        }
    }
    for (pointer, message) in errors {
        diags.push(Diagnostic::error(file, pointer, message));
    }
}

/// The check after the merge: names in the shared space are identifiers,
/// every re-export names a shared type or operation, and shared types refer
/// only to shared types.
pub fn check_model(model: &Model, diags: &mut Diagnostics) {
    let mut err = |file: &str, message: String| diags.push(Diagnostic::error(file, "", message));
    for (name, shared) in &model.shared {
        if !crate::naming::is_identifier(name) {
            err(&shared.def.origin.spec, format!("shared type `{name}` is not a Rust identifier"));
        }
        for ty in shared.def.type_refs() {
            ty.for_each_named(&mut |n| {
                if !model.shared.contains_key(n) {
                    err(&shared.def.origin.spec, format!("shared type `{name}` refers to `{n}`, which is not shared"));
                }
            });
        }
    }
    for (name, shared) in &model.shared_ops {
        for n in std::iter::once(name).chain(&shared.op.response_enum) {
            if !crate::naming::is_identifier(n) {
                err("", format!("shared operation item `{n}` is not a Rust identifier"));
            }
        }
    }
    for api in &model.apis {
        for (local, shared) in &api.reexports {
            if !model.shared.contains_key(shared) || api.types.contains_key(local) {
                err(
                    &api.source,
                    format!("type `{local}` is re-exported from `{shared}`, which does not fit the shared space"),
                );
            }
        }
        for op in &api.operations {
            if let Some(r) = &op.shared
                && !model.shared_ops.contains_key(&r.builder)
            {
                err(
                    &api.source,
                    format!("operation `{}` starts `{}`, which is not a shared operation", op.rust_name, r.builder),
                );
            }
        }
    }
}
