//! Lower: `openapiv3::OpenAPI` → [`ir::Api`], with every decision made.
//!
//! One operation's way through, in order:
//! 1. [`Lowerer::lower_components`] names every component schema, then
//!    [`Lowerer::lower_operations`] names every method (`naming::method_names`,
//!    in the profile's verbs) and lowers each operation: parameters (merged
//!    from path and operation level, named around the builder's own members),
//!    the body and its encoding, the outcomes and their bodies, the response
//!    enum and its variants, the parsed path template. Inline objects, enums
//!    and unions met on the way are hoisted into named types
//!    (`{Parent}{Field}`, `{Operation}Body`, `{Operation}Response{status}`).
//! 2. Whole-API passes: response types are made lenient, recursive fields
//!    boxed, type facts (`Copy`, `Display`) computed.
//! 3. [`finish_params`] decides each parameter's encoding, argument style and
//!    `Copy`-ness from those facts.
//! 4. The conventions profile ([`crate::conventions`]) records the vendor's
//!    facts: retry safety, rate bucket, pagination, batch chunks.
//!
//! Problems inside one operation skip that operation with a warning; the rest
//! is still lowered. [`crate::ir::check`] then validates the result.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{
    AdditionalProperties, AnySchema, IntegerFormat, NumberFormat, OpenAPI, Parameter, ParameterSchemaOrContent,
    PathStyle, QueryStyle, ReferenceOr, Schema, SchemaKind, StatusCode, StringFormat, Type, VariantOrUnknownOrEmpty,
};

use crate::conventions::{self, Conventions};
use crate::diag::{Diagnostic, Diagnostics, child, unescape_token};
use crate::ir::*;
use crate::naming::{self, Namer, camel, snake};
use crate::{Config, SpecInput};

type Result<T> = std::result::Result<T, Diagnostic>;

/// The extension the loader marks a schema with when it could not read it
/// (it is then generated as an untyped value and counted as a fallback).
pub(crate) const FALLBACK_MARK: &str = "x-generator-untyped";

pub fn lower(
    spec: &SpecInput,
    doc: &OpenAPI,
    moved: &crate::normalize::refs::Moved,
    config: &Config,
    diags: &mut Diagnostics,
) -> (Api, crate::Counts) {
    let servers: Vec<String> = doc.servers.iter().map(|s| s.url.clone()).collect();
    let conventions = conventions::select(config.profile, &servers);
    let mut cx = Lowerer::new(&spec.display_path, doc, conventions, &spec.bindings);
    cx.moved = Some(moved);
    cx.lower_components();
    let mut operations = cx.lower_operations();
    let mut types = std::mem::take(&mut cx.types);

    for (pointer, message) in break_alias_cycles(&mut types) {
        cx.warn(&pointer, message);
    }

    crate::read_write::split(&mut types, &mut operations, &mut cx.type_names);
    let mut type_names = std::mem::take(&mut cx.type_names);
    cx.warn_numbered("/components/schemas", "two schemas read as the type", &mut type_names);
    if config.lenient_responses || conventions.lenient_responses() {
        make_responses_lenient(&mut types, &mut operations);
    }
    box_recursive_fields(&mut types);
    compute_type_facts(&mut types);
    for name in reachable(&types, operations.iter().flat_map(Operation::request_type_refs)) {
        if let Some(def) = types.get_mut(&name) {
            def.sent = true;
        }
    }
    for def in types.values_mut() {
        def.vendor = conventions.type_traits(def);
    }
    let mut lowered = Vec::with_capacity(operations.len());
    for mut op in operations {
        match finish_params(&mut op, &types) {
            Ok(()) => {
                conventions.annotate(&mut op, &types);
                lowered.push(op);
            }
            Err(d) => {
                cx.skipped += 1;
                let pointer = child(&child("/paths", &op.path.template), &op.method.as_str().to_lowercase());
                cx.warn(&pointer, format!("operation skipped: {}", d.message));
            }
        }
    }
    let mut operations = lowered;
    operations.sort_by(|a, b| a.rust_name.cmp(&b.rust_name));
    let skipped = cx.skipped;
    let (fields_and_params, untyped_fallbacks) = count_untyped(&types, &operations, &cx.fallbacks);
    diags.0.append(&mut cx.diags.0);

    let mut security: Vec<SecurityScheme> = doc
        .components
        .iter()
        .flat_map(|c| &c.security_schemes)
        .map(|(name, scheme)| SecurityScheme {
            name: name.clone(),
            kind: match scheme {
                ReferenceOr::Item(openapiv3::SecurityScheme::APIKey { location, name, .. }) => SecurityKind::ApiKey {
                    name: name.clone(),
                    location: match location {
                        openapiv3::APIKeyLocation::Query => ApiKeyLocation::Query,
                        openapiv3::APIKeyLocation::Header => ApiKeyLocation::Header,
                        openapiv3::APIKeyLocation::Cookie => ApiKeyLocation::Cookie,
                    },
                },
                ReferenceOr::Item(openapiv3::SecurityScheme::HTTP { scheme, .. }) => {
                    SecurityKind::Http { scheme: scheme.clone() }
                }
                ReferenceOr::Item(openapiv3::SecurityScheme::OAuth2 { .. }) => SecurityKind::OAuth2,
                ReferenceOr::Item(openapiv3::SecurityScheme::OpenIDConnect { .. }) => SecurityKind::OpenIdConnect,
                ReferenceOr::Reference { reference } => SecurityKind::Reference(reference.clone()),
            },
        })
        .collect();
    security.sort_by(|a, b| a.name.cmp(&b.name));

    let api = Api {
        source: spec.display_path.clone(),
        title: doc.info.title.clone(),
        version: doc.info.version.clone(),
        description: doc.info.description.clone().filter(|d| conventions.describes_api(d)),
        module: spec.module.clone(),
        resource: naming::resource_name(&spec.module),
        servers,
        profile: conventions.name().map(str::to_owned),
        rate_limits: conventions.rate_limits(),
        operations,
        shadowed_prelude: naming::shadowed_prelude(types.keys().map(String::as_str)),
        reexports: BTreeMap::new(),
        companion: None,
        types,
        security,
    };
    (api, crate::Counts { skipped_operations: skipped, fields_and_params, untyped_fallbacks })
}

struct Lowerer<'a> {
    file: &'a str,
    doc: &'a OpenAPI,
    conventions: &'a dyn Conventions,
    bindings: &'a BTreeMap<String, String>,
    types: BTreeMap<String, TypeDef>,
    type_names: Namer,
    /// Component schema name → Rust type name.
    components: BTreeMap<String, String>,
    diags: Diagnostics,
    skipped: usize,
    /// Where objects that `$ref`s pointed at inside others stood ([`crate::normalize::refs`]).
    moved: Option<&'a crate::normalize::refs::Moved>,
    /// Named types generated as an untyped value though the spec gives their
    /// type (an `allOf` that contradicts itself, a schema that did not read).
    fallbacks: BTreeSet<String>,
}

impl<'a> Lowerer<'a> {
    fn new(
        file: &'a str,
        doc: &'a OpenAPI,
        conventions: &'a dyn Conventions,
        bindings: &'a BTreeMap<String, String>,
    ) -> Self {
        Lowerer {
            file,
            doc,
            conventions,
            bindings,
            types: BTreeMap::new(),
            type_names: Namer::default(),
            components: BTreeMap::new(),
            diags: Diagnostics::default(),
            skipped: 0,
            moved: None,
            fallbacks: BTreeSet::new(),
        }
    }

    fn err(&self, pointer: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(self.file, pointer, message)
    }

    fn warn(&mut self, pointer: &str, message: impl Into<String>) {
        self.diags.push(Diagnostic::warning(self.file, pointer, message));
    }

    /// Say which names in `namer` only a counter could settle (`what`: "two properties read as the field").
    fn warn_numbered(&mut self, pointer: &str, what: &str, namer: &mut Namer) {
        for counted in std::mem::take(&mut namer.counted) {
            self.warn(pointer, format!("{what} `{counted}` in Rust; the second is numbered"));
        }
    }

    // ----- schemas ---------------------------------------------------------

    fn lower_components(&mut self) {
        let Some(components) = &self.doc.components else { return };
        let mut names: Vec<&String> = components.schemas.keys().collect();
        names.sort();
        for name in &names {
            // `foo_bar` beside `FooBar`: the second spelling met is `FooBarSchema`.
            let base = camel(name);
            let rust = self.type_names.unique_or(base.clone(), [format!("{}Schema", base)]);
            self.components.insert((*name).clone(), rust);
        }
        for name in names {
            let pointer = child("/components/schemas", name);
            // A schema moved here from inside another keeps the pointer it has in the document.
            let pointer = self.moved.and_then(|m| m.get(&pointer)).cloned().unwrap_or(pointer);
            let rust = self.components[name].clone();
            let kind = match &components.schemas[name] {
                ReferenceOr::Reference { reference } => match self.resolve_schema_ref(reference, &pointer) {
                    Ok(ty) => TypeKind::Alias(ty),
                    Err(d) => self.fallback_any(&rust, d),
                },
                ReferenceOr::Item(schema) if schema.schema_data.extensions.contains_key(FALLBACK_MARK) => {
                    self.fallbacks.insert(rust.clone());
                    TypeKind::Alias(TypeRef::Any)
                }
                ReferenceOr::Item(schema) => match self.lower_def(&rust, &pointer, schema) {
                    Ok(kind) => kind,
                    Err(d) => self.fallback_any(&rust, d),
                },
            };
            let docs = match &components.schemas[name] {
                ReferenceOr::Item(s) => docs_of(s),
                ReferenceOr::Reference { .. } => None,
            };
            let origin = Origin { spec: self.file.to_owned(), pointer };
            let def = TypeDef {
                rust_name: rust.clone(),
                origin,
                hoisted: false,
                merged: Vec::new(),
                docs,
                kind,
                multipart: false,
                facts: TypeFacts::default(),
                request_view_of: None,
                sent: false,
                vendor: VendorTraits::default(),
            };
            self.types.insert(rust, def);
        }
    }

    /// A component that cannot be lowered becomes `serde_json::Value`, with a warning.
    fn fallback_any(&mut self, name: &str, d: Diagnostic) -> TypeKind {
        self.fallbacks.insert(name.to_owned());
        self.warn(&d.pointer, format!("{}; the type is generated as an untyped JSON value", d.message));
        TypeKind::Alias(TypeRef::Any)
    }

    fn resolve_schema_ref(&self, reference: &str, pointer: &str) -> Result<TypeRef> {
        component_name(reference, "schemas")
            .and_then(|name| self.components.get(&name))
            .map(|rust| TypeRef::Named(rust.clone()))
            .ok_or_else(|| {
                // Say so when the reference names a component of another kind.
                const SECTIONS: [&str; 8] = [
                    "parameters",
                    "responses",
                    "requestBodies",
                    "headers",
                    "examples",
                    "links",
                    "callbacks",
                    "securitySchemes",
                ];
                let other = SECTIONS.iter().find(|section| component_name(reference, section).is_some());
                match other {
                    Some(section) => self.err(
                        pointer,
                        format!("`$ref` to `{reference}`, which names one of `components/{section}`, not a schema"),
                    ),
                    None => {
                        self.err(pointer, format!("`$ref` to `{reference}`, which does not exist in this document"))
                    }
                }
            })
    }

    /// Follow `$ref`s (component to component) to the schema itself.
    fn deref_schema<'s>(&self, schema: &'s ReferenceOr<Schema>, pointer: &str) -> Result<&'s Schema>
    where
        'a: 's,
    {
        let mut current = schema;
        for _ in 0..32 {
            match current {
                ReferenceOr::Item(s) => return Ok(s),
                ReferenceOr::Reference { reference } => {
                    current = self
                        .deref_one(reference)
                        .ok_or_else(|| self.err(pointer, format!("`$ref` to `{reference}`, which does not exist")))?;
                }
            }
        }
        Err(self.err(pointer, "a chain of more than 32 `$ref`s"))
    }

    /// The definition of a named type (a component, or an inline schema being hoisted).
    fn lower_def(&mut self, name: &str, pointer: &str, schema: &Schema) -> Result<TypeKind> {
        if let Some(parts) = all_of_parts(schema) {
            return self.lower_all_of(name, pointer, &parts);
        }
        Ok(match &schema.schema_kind {
            SchemaKind::Type(Type::Object(obj)) if !obj.properties.is_empty() => TypeKind::Struct(self.lower_struct(
                name,
                pointer,
                &obj.properties,
                &obj.required,
                obj.additional_properties.as_ref(),
            )?),
            SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() => TypeKind::Enum(self.lower_enum(
                pointer,
                EnumRepr::String,
                s.enumeration.iter().flatten().map(|v| EnumValue::String(v.clone())),
            )),
            SchemaKind::Type(Type::Integer(i)) if !i.enumeration.is_empty() => TypeKind::Enum(self.lower_enum(
                pointer,
                EnumRepr::Integer,
                i.enumeration.iter().flatten().map(|v| EnumValue::Integer(*v)),
            )),
            SchemaKind::OneOf { one_of: parts } | SchemaKind::AnyOf { any_of: parts } => {
                TypeKind::Union(self.lower_union(name, pointer, parts, schema.schema_data.discriminator.as_ref())?)
            }
            SchemaKind::Any(any) if !any.properties.is_empty() => TypeKind::Struct(self.lower_struct(
                name,
                pointer,
                &any.properties,
                &any.required,
                any.additional_properties.as_ref(),
            )?),
            _ => {
                // Not a type of its own: an alias of whatever the schema lowers to,
                // without nullability (that belongs to the places that use it).
                TypeKind::Alias(self.lower_inline_as(name, pointer, schema, false)?)
            }
        })
    }

    fn lower_struct(
        &mut self,
        name: &str,
        pointer: &str,
        properties: &indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        additional: Option<&AdditionalProperties>,
    ) -> Result<Struct> {
        let mut field_names = Namer::default();
        let mut fields = Vec::with_capacity(properties.len());
        // Two wire names that read as one Rust name (`prefs/background`,
        // `prefs_background`): the one with symbols spells them out
        // (`prefs_slash_background`), whichever comes first.
        let plains: Vec<String> = properties.keys().map(|wire| snake(wire)).collect();
        let mut readings: BTreeMap<&str, usize> = BTreeMap::new();
        for plain in &plains {
            *readings.entry(plain).or_default() += 1;
        }
        for ((wire, prop), plain) in properties.iter().zip(&plains) {
            let spelled = || naming::snake(&naming::spelled(wire));
            let rust_name = if readings[plain.as_str()] > 1 {
                field_names.unique_or(spelled(), [plain.clone()])
            } else {
                field_names.unique_or(plain.clone(), std::iter::once_with(spelled))
            };
            let prop_pointer = child(&child(pointer, "properties"), wire);
            let hint = format!("{name}{}", camel(wire));
            let ty = self.lower_boxed_ref(prop, &hint, &prop_pointer)?;
            let docs = match prop {
                ReferenceOr::Item(s) => docs_of(s),
                ReferenceOr::Reference { .. } => None,
            };
            let access = self.access_of(prop, &prop_pointer);
            fields.push(Field {
                wire_name: wire.clone(),
                rust_name,
                ty,
                required: required.contains(wire),
                default_when_missing: false,
                access,
                docs,
            });
        }
        let extra_value = match additional {
            None | Some(AdditionalProperties::Any(true)) => Some(TypeRef::Any),
            Some(AdditionalProperties::Any(false)) => None,
            Some(AdditionalProperties::Schema(s)) => {
                Some(self.lower_ref(s, &format!("{name}Value"), &child(pointer, "additionalProperties"))?)
            }
        };
        // A property the spec calls `additionalProperties` leaves the catch-all `other_properties`.
        let extra = extra_value.map(|value| Extra {
            rust_name: field_names.unique_or("additional_properties".to_owned(), ["other_properties".to_owned()]),
            value,
        });
        self.warn_numbered(pointer, "two properties read as the field", &mut field_names);
        Ok(Struct { fields, extra })
    }

    /// Whether a property is `readOnly` or `writeOnly`: said on its schema, on
    /// an annotating `allOf` part (3.1's `$ref` with siblings reads as one),
    /// or on the schema a `$ref` names. Both at once is contradictory and
    /// warned about; the field then travels both ways.
    fn access_of(&mut self, prop: &ReferenceOr<Box<Schema>>, pointer: &str) -> Access {
        let flags = match prop {
            ReferenceOr::Item(s) => self.access_flags(s, 0),
            ReferenceOr::Reference { reference } => self.access_flags_at(reference, 0),
        };
        match flags {
            (true, true) => {
                self.warn(pointer, "a property both `readOnly` and `writeOnly`; it is generated for both directions");
                Access::ReadWrite
            }
            (true, false) => Access::ReadOnly,
            (false, true) => Access::WriteOnly,
            (false, false) => Access::ReadWrite,
        }
    }

    /// `(readOnly, writeOnly)` of a schema and its `allOf` parts.
    fn access_flags(&self, schema: &Schema, depth: usize) -> (bool, bool) {
        let own = (schema.schema_data.read_only, schema.schema_data.write_only);
        all_of_parts(schema).iter().flat_map(|parts| parts.iter()).fold(own, |(r, w), part| {
            let (pr, pw) = match part {
                ReferenceOr::Item(s) => self.access_flags(s, depth + 1),
                ReferenceOr::Reference { reference } => self.access_flags_at(reference, depth + 1),
            };
            (r || pr, w || pw)
        })
    }

    /// `(readOnly, writeOnly)` of the schema a `$ref` names.
    fn access_flags_at(&self, reference: &str, depth: usize) -> (bool, bool) {
        match self.deref_one(reference) {
            _ if depth > 32 => (false, false),
            Some(ReferenceOr::Item(s)) => self.access_flags(s, depth + 1),
            Some(ReferenceOr::Reference { reference }) => self.access_flags_at(reference, depth + 1),
            None => (false, false),
        }
    }

    /// `oneOf`/`anyOf`. With a discriminator, each variant is selected by the
    /// values `mapping` gives it, or by its component name when there is no
    /// mapping (OpenAPI's implicit rule).
    fn lower_union(
        &mut self,
        name: &str,
        pointer: &str,
        parts: &[ReferenceOr<Schema>],
        discriminator: Option<&openapiv3::Discriminator>,
    ) -> Result<Union> {
        // The tags that select each variant: the spec's discriminator (its
        // `mapping`, else the values the variant lists for the property, else
        // the component name), or one the variants imply.
        let (property, tags) = match discriminator {
            Some(d) => {
                // Values several variants list (a shared enum for the property) select none of them.
                let listed: Vec<Vec<String>> = parts
                    .iter()
                    .map(|part| self.tag_values(part, &d.property_name, 0).map(|(v, _)| v).unwrap_or_default())
                    .collect();
                let mut claims: BTreeMap<&String, usize> = BTreeMap::new();
                for tag in listed.iter().flat_map(|v| v.iter().collect::<BTreeSet<_>>()) {
                    *claims.entry(tag).or_default() += 1;
                }
                let shared: BTreeSet<&String> = claims.into_iter().filter(|(_, n)| *n > 1).map(|(t, _)| t).collect();
                let tags: Vec<Vec<String>> = parts
                    .iter()
                    .zip(&listed)
                    .map(|(part, listed)| {
                        let mapped: Vec<String> = match part {
                            ReferenceOr::Reference { reference } => d
                                .mapping
                                .iter()
                                .filter(|(_, target)| *target == reference)
                                .map(|(tag, _)| tag.clone())
                                .collect(),
                            ReferenceOr::Item(_) => Vec::new(),
                        };
                        if !mapped.is_empty() {
                            return mapped;
                        }
                        let own: Vec<String> = listed.iter().filter(|t| !shared.contains(t)).cloned().collect();
                        match part {
                            _ if !own.is_empty() => own,
                            ReferenceOr::Reference { reference } => {
                                reference.rsplit('/').next().map(unescape_token).into_iter().collect()
                            }
                            ReferenceOr::Item(_) => Vec::new(),
                        }
                    })
                    .collect();
                // One arm per tag: a tag two variants claim goes to the first.
                let mut seen = BTreeSet::new();
                let tags = tags
                    .into_iter()
                    .map(|t: Vec<String>| t.into_iter().filter(|tag| seen.insert(tag.clone())).collect())
                    .collect();
                (Some(d.property_name.clone()), tags)
            }
            None => match self.implied_discriminator(parts) {
                Some((property, tags)) => (Some(property), tags),
                None => (None, vec![Vec::new(); parts.len()]),
            },
        };
        let mut names = Namer::with_reserved([naming::UNION_OTHER]);
        let mut variants = Vec::with_capacity(parts.len() + 1);
        // Each part's property names, to name an inline part by what sets it apart.
        let properties: Vec<Vec<String>> = parts
            .iter()
            .map(|p| {
                let mut names = Vec::new();
                if let Ok(s) = self.deref_schema(p, "") {
                    self.object_properties(s, &mut names, 0);
                }
                names
            })
            .collect();
        for (i, (part, tags)) in parts.iter().zip(tags).enumerate() {
            let part_pointer = child(pointer, &i.to_string());
            // An inline part is named by its one tag, else by the first
            // property no other part has (`WithNote`), else, for a string
            // enum, by its values (`Empty` for Stripe's `enum: [""]`), else by
            // its position: the same wherever the union stands (so copies merge).
            let distinct = match tags.as_slice() {
                [tag] => Some(camel(tag)),
                _ => properties[i]
                    .iter()
                    .find(|p| properties.iter().enumerate().all(|(j, other)| j == i || !other.contains(p)))
                    .map(|p| format!("With{}", camel(p)))
                    .or_else(|| self.enum_part_name(part)),
            };
            let own = distinct.unwrap_or_else(|| format!("Variant{}", i + 1));
            let ty = self.lower_ref(part, &format!("{name}{own}"), &part_pointer)?;
            let hoisted = matches!((part, &ty), (ReferenceOr::Item(_), TypeRef::Named(_)));
            let base = if hoisted { own } else { variant_name(&ty) };
            let alternative = format!("{}Variant", base);
            let rust_name = names.unique_or(base, [alternative]);
            variants.push(UnionVariant { rust_name, ty, tags });
        }
        // Whatever matches no listed variant is kept as raw JSON, never an error.
        Ok(Union { variants, other: naming::UNION_OTHER.to_owned(), discriminator: property })
    }

    /// Variants of an enum, duplicates dropped. Integer values are named by
    /// their number (`V1`, `Minus1`). Values that read as one name are told
    /// apart by the symbols they differ in (`>=` → `GtEq`), then by `Value`
    /// (`UNKNOWN` beside the catch-all `Unknown`), then by their letter case
    /// (`Unknown` beside `UNKNOWN`: `UnknownCapitalized`).
    fn lower_enum(&mut self, pointer: &str, repr: EnumRepr, values: impl Iterator<Item = EnumValue>) -> Enum {
        let mut names = Namer::with_reserved([naming::ENUM_UNKNOWN]);
        let mut seen = BTreeSet::new();
        let variants: Vec<EnumVariant> = values
            .filter(|v| seen.insert(v.clone()))
            .map(|value| {
                let text = match &value {
                    EnumValue::String(s) => s.clone(),
                    EnumValue::Integer(i) => i.to_string(),
                };
                let base = camel(&text);
                // Made only when the name is taken.
                let alternatives = std::iter::once_with(|| camel(&naming::spelled(&text)))
                    .chain(std::iter::once_with(|| format!("{base}Value")))
                    .chain(std::iter::once_with(|| format!("{base}{}", letter_case(&text))));
                EnumVariant { rust_name: names.unique_or(base.clone(), alternatives), value }
            })
            .collect();
        self.warn_numbered(pointer, "two enum values read as the variant", &mut names);
        Enum { repr, variants, unknown: naming::ENUM_UNKNOWN.to_owned() }
    }

    /// The name of a union alternative that is a string enum: `Empty` when
    /// its one value is `""`, the value's name when it has one, `Enum` for several.
    fn enum_part_name(&self, part: &ReferenceOr<Schema>) -> Option<String> {
        let SchemaKind::Type(Type::String(s)) = &self.deref_schema(part, "").ok()?.schema_kind else { return None };
        let values: Vec<&str> = s.enumeration.iter().flatten().map(String::as_str).collect();
        match values.as_slice() {
            [] => None,
            [""] => Some("Empty".to_owned()),
            [one] => Some(camel(one)),
            _ => Some("Enum".to_owned()),
        }
    }

    /// A discriminator the variants imply without saying so: every variant is
    /// an object that requires one property (the same for all) whose string
    /// values it lists (`type: {const: created}`), and no value is listed by
    /// two variants. Decoding then picks by that property; trying each variant
    /// in turn would take the first, since enums are open to new values.
    fn implied_discriminator(&self, parts: &[ReferenceOr<Schema>]) -> Option<(String, Vec<Vec<String>>)> {
        if parts.len() < 2 {
            return None;
        }
        let first = self.deref_schema(&parts[0], "").ok()?;
        let mut candidates = Vec::new();
        self.object_properties(first, &mut candidates, 0);
        candidates.into_iter().find_map(|property| {
            let mut seen = BTreeSet::new();
            let tags = parts
                .iter()
                .map(|part| match self.tag_values(part, &property, 0) {
                    Some((values, true)) if !values.is_empty() && values.iter().all(|v| seen.insert(v.clone())) => {
                        Some(values)
                    }
                    _ => None,
                })
                .collect::<Option<Vec<_>>>()?;
            Some((property, tags))
        })
    }

    /// The names of an object schema's properties, `allOf` parts included.
    fn object_properties(&self, schema: &Schema, out: &mut Vec<String>, depth: usize) {
        if depth > 16 {
            return;
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => out.extend(o.properties.keys().cloned()),
            SchemaKind::Any(a) => out.extend(a.properties.keys().cloned()),
            _ => {}
        }
        for part in all_of_parts(schema).iter().flat_map(|parts| parts.iter()) {
            if let Ok(s) = self.deref_schema(part, "") {
                self.object_properties(s, out, depth + 1);
            }
        }
    }

    /// The string values an object variant lists for `property`, and whether
    /// it requires the property (`allOf` parts included).
    fn tag_values(&self, part: &ReferenceOr<Schema>, property: &str, depth: usize) -> Option<(Vec<String>, bool)> {
        if depth > 16 {
            return None;
        }
        let schema = self.deref_schema(part, "").ok()?;
        let (properties, required) = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => (Some(&o.properties), o.required.iter().any(|r| r == property)),
            SchemaKind::Any(a) => (Some(&a.properties), a.required.iter().any(|r| r == property)),
            _ => (None, false),
        };
        let own = properties.and_then(|p| p.get(property)).and_then(|prop| {
            let schema = match prop {
                ReferenceOr::Item(s) => s.as_ref(),
                ReferenceOr::Reference { reference } => self.deref_schema(self.deref_one(reference)?, "").ok()?,
            };
            let values = |s: &Schema| match &s.schema_kind {
                SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() => {
                    Some(s.enumeration.iter().flatten().cloned().collect())
                }
                _ => None,
            };
            // An annotated reference (`allOf: [$ref, {description}]`) is the referenced schema.
            match all_of_parts(schema).map(|parts| self.plan_all_of(&parts, "", &mut Vec::new())) {
                Some(Ok(AllOfPlan::One { part, .. })) => values(self.deref_schema(&part, "").ok()?),
                _ => values(schema),
            }
        });
        let mut found = own.map(|values| (values, required));
        for part in all_of_parts(schema).iter().flat_map(|parts| parts.iter()) {
            if let Some((values, req)) = self.tag_values(part, property, depth + 1) {
                let (v, r) = found.get_or_insert((Vec::new(), false));
                if v.is_empty() {
                    *v = values;
                }
                *r |= req;
            }
        }
        if let Some((_, r)) = &mut found {
            *r |= required;
        }
        found
    }

    /// `allOf`, by what its parts say together ([`Lowerer::plan_all_of`]):
    /// one type annotated or constrained is that type; objects are merged into
    /// one struct; parts that cannot hold together are an untyped value, with
    /// a warning.
    fn lower_all_of(&mut self, name: &str, pointer: &str, parts: &[ReferenceOr<Schema>]) -> Result<TypeKind> {
        Ok(match self.plan_all_of(parts, pointer, &mut Vec::new())? {
            AllOfPlan::One { part, pointer: part_pointer, .. } => {
                TypeKind::Alias(self.lower_ref(&part, name, &part_pointer)?)
            }
            AllOfPlan::Untyped => TypeKind::Alias(TypeRef::Any),
            AllOfPlan::Merge => {
                let mut merged = Merged::default();
                for (i, part) in parts.iter().enumerate() {
                    self.collect_object(part, &child(&child(pointer, "allOf"), &i.to_string()), &mut merged, 0)?;
                }
                TypeKind::Struct(self.lower_struct(
                    name,
                    pointer,
                    &merged.properties,
                    &merged.required,
                    merged.additional.as_ref(),
                )?)
            }
            AllOfPlan::Cycle(message) => {
                self.warn(pointer, format!("{message}; generated as any JSON value"));
                TypeKind::Alias(TypeRef::Any)
            }
            AllOfPlan::Contradiction(message) => {
                self.fallbacks.insert(name.to_owned());
                self.warn(pointer, format!("{message}; generated as an untyped JSON value"));
                TypeKind::Alias(TypeRef::Any)
            }
        })
    }

    /// What an `allOf` means. Parts that only annotate (description, title,
    /// example, `nullable`, `readOnly`, …) or only constrain (`maxLength`,
    /// `pattern`, …) say nothing about the type; of the others, one is the
    /// type; several objects merge; scalars of one type (or integer and
    /// number) are the most specific of them; anything else contradicts.
    /// `path` holds the `$ref`s being expanded, to find cycles.
    fn plan_all_of(&self, parts: &[ReferenceOr<Schema>], pointer: &str, path: &mut Vec<String>) -> Result<AllOfPlan> {
        let mut typed: Vec<(usize, Shape)> = Vec::new();
        let mut nullable = false;
        for (i, part) in parts.iter().enumerate() {
            let part_pointer = child(&child(pointer, "allOf"), &i.to_string());
            if let ReferenceOr::Item(s) = part {
                nullable |= s.schema_data.nullable;
            }
            match self.part_shape(part, &part_pointer, path)? {
                Shape::Annotation | Shape::Constraint => {}
                Shape::Cycle(message) => return Ok(AllOfPlan::Cycle(message)),
                shape => typed.push((i, shape)),
            }
        }
        let one = |i: usize| AllOfPlan::One {
            part: Box::new(parts[i].clone()),
            pointer: child(&child(pointer, "allOf"), &i.to_string()),
            nullable,
        };
        let shapes: Vec<&Shape> = typed.iter().map(|(_, s)| s).collect();
        Ok(match typed.as_slice() {
            [] => AllOfPlan::Untyped,
            [(i, _)] => one(*i),
            _ if shapes.iter().all(|s| matches!(s, Shape::Object | Shape::Union))
                && shapes.contains(&&Shape::Object) =>
            {
                AllOfPlan::Merge
            }
            _ if shapes.iter().all(|s| matches!(s, Shape::Scalar(_))) => {
                let kinds: BTreeSet<&str> =
                    shapes.iter().filter_map(|s| if let Shape::Scalar(k) = s { Some(*k) } else { None }).collect();
                let numeric = kinds.iter().all(|k| matches!(*k, "integer" | "number"));
                if kinds.len() > 1 && !numeric {
                    return Ok(AllOfPlan::Contradiction(format!(
                        "`allOf` of {} cannot be one value",
                        kinds.into_iter().collect::<Vec<_>>().join(" and ")
                    )));
                }
                // The most specific part: an enum, then an integer (of integer and number), then a named type.
                let is_enum = |i: usize| {
                    self.deref_schema(&parts[i], pointer).is_ok_and(|s| match &s.schema_kind {
                        SchemaKind::Type(Type::String(t)) => !t.enumeration.is_empty(),
                        SchemaKind::Type(Type::Integer(t)) => !t.enumeration.is_empty(),
                        _ => false,
                    })
                };
                let pick = typed
                    .iter()
                    .find(|(i, _)| is_enum(*i))
                    .or_else(|| typed.iter().find(|(_, s)| *s == Shape::Scalar("integer")))
                    .or_else(|| typed.iter().find(|(i, _)| matches!(parts[*i], ReferenceOr::Reference { .. })))
                    .map_or(typed[0].0, |(i, _)| *i);
                one(pick)
            }
            _ if shapes.iter().all(|s| matches!(s, Shape::Array)) => {
                let pick = typed
                    .iter()
                    .find(|(i, _)| matches!(parts[*i], ReferenceOr::Reference { .. }))
                    .map_or(typed[0].0, |(i, _)| *i);
                one(pick)
            }
            _ => {
                let kinds: BTreeSet<&str> = shapes.iter().map(|s| s.describe()).collect();
                AllOfPlan::Contradiction(format!(
                    "`allOf` of {} cannot be one value",
                    kinds.into_iter().collect::<Vec<_>>().join(" and ")
                ))
            }
        })
    }

    /// What one `allOf` part is, `$ref`s followed (a `$ref` already being
    /// expanded is a cycle).
    fn part_shape(&self, part: &ReferenceOr<Schema>, pointer: &str, path: &mut Vec<String>) -> Result<Shape> {
        let mut current = part;
        let mut followed = 0;
        let schema = loop {
            match current {
                ReferenceOr::Item(s) => break s,
                ReferenceOr::Reference { reference } => {
                    if let Some(at) = path.iter().position(|r| r == reference) {
                        let mut chain: Vec<String> = path[at..].iter().map(|r| format!("`{r}`")).collect();
                        chain.push(format!("`{reference}`"));
                        path.truncate(path.len() - followed);
                        return Ok(Shape::Cycle(format!("reference cycle through `allOf`: {}", chain.join(" → "))));
                    }
                    path.push(reference.clone());
                    followed += 1;
                    match self.deref_one(reference) {
                        Some(next) => current = next,
                        None => {
                            path.truncate(path.len() - followed);
                            return Err(self.err(pointer, format!("`$ref` to `{reference}`, which does not exist")));
                        }
                    }
                }
            }
        };
        let shape = match all_of_parts(schema) {
            Some(parts) => match self.plan_all_of(&parts, pointer, path) {
                Ok(AllOfPlan::Merge) => Ok(Shape::Object),
                Ok(AllOfPlan::One { part, pointer: p, .. }) => self.part_shape(&part, &p, path),
                Ok(AllOfPlan::Untyped) => Ok(Shape::Annotation),
                Ok(AllOfPlan::Cycle(m)) => Ok(Shape::Cycle(m)),
                Ok(AllOfPlan::Contradiction(_)) => Ok(Shape::Other),
                Err(d) => Err(d),
            },
            None => Ok(Shape::of(schema)),
        };
        path.truncate(path.len() - followed);
        shape
    }

    /// One step of a `$ref` to a component schema.
    fn deref_one(&self, reference: &str) -> Option<&'a ReferenceOr<Schema>> {
        let name = component_name(reference, "schemas")?;
        self.doc.components.as_ref()?.schemas.get(&name)
    }

    /// Gather the properties of the object parts of an `allOf` (nested
    /// `allOf`s included); a `oneOf`/`anyOf` part is not merged (what it
    /// describes is kept among the additional properties), with a warning
    /// when it is written in place.
    fn collect_object(
        &mut self,
        part: &ReferenceOr<Schema>,
        pointer: &str,
        merged: &mut Merged,
        depth: usize,
    ) -> Result<()> {
        if depth > 64 {
            return Err(self.err(pointer, "`allOf` nests too deeply"));
        }
        let schema = self.deref_schema(part, pointer)?;
        if let Some(parts) = all_of_parts(schema) {
            for (i, p) in parts.iter().enumerate() {
                self.collect_object(p, &child(&child(pointer, "allOf"), &i.to_string()), merged, depth + 1)?;
            }
            return Ok(());
        }
        let (properties, required, additional) = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => (&o.properties, &o.required, &o.additional_properties),
            SchemaKind::Any(a) => (&a.properties, &a.required, &a.additional_properties),
            SchemaKind::OneOf { one_of: alternatives } | SchemaKind::AnyOf { any_of: alternatives } => {
                // Alternatives that only constrain (`anyOf: [{required: [a]}, {required: [b]}]`)
                // add no property. A named union is usually the parent that lists its
                // children (`Pet: oneOf [Cat, Dog]`, `Cat: allOf [Pet, …]`): the child says it all.
                let only_constraints = alternatives.iter().all(|alt| {
                    self.deref_schema(alt, pointer)
                        .is_ok_and(|s| matches!(Shape::of(s), Shape::Constraint | Shape::Annotation))
                });
                if matches!(part, ReferenceOr::Item(_)) && !only_constraints {
                    self.warn(pointer, "a `oneOf`/`anyOf` part of an `allOf` is not merged into the struct; what it adds is kept in the additional properties");
                }
                return Ok(());
            }
            _ => return Ok(()),
        };
        merged.properties.extend(properties.iter().map(|(k, v)| (k.clone(), v.clone())));
        merged.required.extend(required.iter().cloned());
        if merged.additional.is_none() {
            merged.additional = additional.clone();
        }
        Ok(())
    }

    fn lower_ref(&mut self, schema: &ReferenceOr<Schema>, hint: &str, pointer: &str) -> Result<TypeRef> {
        match schema {
            ReferenceOr::Reference { reference } => self.resolve_schema_ref(reference, pointer),
            ReferenceOr::Item(s) => self.lower_inline(hint, pointer, s),
        }
    }

    fn lower_boxed_ref(&mut self, schema: &ReferenceOr<Box<Schema>>, hint: &str, pointer: &str) -> Result<TypeRef> {
        match schema {
            ReferenceOr::Reference { reference } => self.resolve_schema_ref(reference, pointer),
            ReferenceOr::Item(s) => self.lower_inline(hint, pointer, s),
        }
    }

    /// A schema in a use position: primitives, lists and maps stay structural;
    /// objects with properties, enums and unions are hoisted into named types.
    fn lower_inline(&mut self, hint: &str, pointer: &str, schema: &Schema) -> Result<TypeRef> {
        self.lower_inline_as(hint, pointer, schema, schema.schema_data.nullable)
    }

    /// [`Lowerer::lower_inline`] with the schema read as `nullable` or not,
    /// whatever it says (a definition leaves nullability to its uses).
    fn lower_inline_as(&mut self, hint: &str, pointer: &str, schema: &Schema, nullable: bool) -> Result<TypeRef> {
        if let Some(parts) = all_of_parts(schema) {
            // One type with annotations is that type, under its own name.
            let ty = match self.plan_all_of(&parts, pointer, &mut Vec::new())? {
                AllOfPlan::One { part, pointer: part_pointer, nullable } => {
                    let ty = self.lower_ref(&part, hint, &part_pointer)?;
                    if nullable { ty.nullable() } else { ty }
                }
                AllOfPlan::Untyped => TypeRef::Any,
                AllOfPlan::Merge | AllOfPlan::Cycle(_) | AllOfPlan::Contradiction(_) => {
                    self.hoist(hint, pointer, schema)?
                }
            };
            return Ok(if nullable { ty.nullable() } else { ty });
        }
        let ty = match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() => self.hoist(hint, pointer, schema)?,
            SchemaKind::Type(Type::Integer(i)) if !i.enumeration.is_empty() => self.hoist(hint, pointer, schema)?,
            SchemaKind::Type(Type::String(s)) => TypeRef::Prim(match &s.format {
                VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Prim::Timestamp,
                VariantOrUnknownOrEmpty::Item(StringFormat::Date) => Prim::Date,
                VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => Prim::Binary,
                _ => Prim::String,
            }),
            SchemaKind::Type(Type::Number(n)) => TypeRef::Prim(match n.format {
                VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => Prim::F32,
                _ => Prim::F64,
            }),
            SchemaKind::Type(Type::Integer(i)) => TypeRef::Prim(match i.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => Prim::I32,
                _ => Prim::I64,
            }),
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Prim(Prim::Bool),
            SchemaKind::Type(Type::Array(a)) => match &a.items {
                Some(items) => TypeRef::List(Box::new(self.lower_boxed_ref(
                    items,
                    &format!("{hint}Item"),
                    &child(pointer, "items"),
                )?)),
                None => TypeRef::List(Box::new(TypeRef::Any)),
            },
            SchemaKind::Type(Type::Object(o)) if o.properties.is_empty() => {
                self.lower_map(hint, pointer, o.additional_properties.as_ref())?
            }
            SchemaKind::Type(Type::Object(_)) => self.hoist(hint, pointer, schema)?,
            SchemaKind::OneOf { one_of: parts } | SchemaKind::AnyOf { any_of: parts } if parts.len() == 1 => {
                self.lower_ref(&parts[0], hint, &child(pointer, "0"))?
            }
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => self.hoist(hint, pointer, schema)?,
            // Planned above.
            SchemaKind::AllOf { .. } => TypeRef::Any,
            SchemaKind::Any(a) if !a.properties.is_empty() => self.hoist(hint, pointer, schema)?,
            SchemaKind::Any(a) if a.typ.as_deref() == Some("object") || a.additional_properties.is_some() => {
                self.lower_map(hint, pointer, a.additional_properties.as_ref())?
            }
            // A type with a keyword of another type beside it (Kubernetes'
            // `{type: string, uniqueItems: true}`), which the reader takes as
            // "any": the type it names, the stray keyword ignored.
            SchemaKind::Any(a) if plain_type(a).is_some() => match (plain_type(a), &a.items) {
                (Some("array"), Some(items)) => TypeRef::List(Box::new(self.lower_boxed_ref(
                    items,
                    &format!("{hint}Item"),
                    &child(pointer, "items"),
                )?)),
                (Some("array"), None) => TypeRef::List(Box::new(TypeRef::Any)),
                (Some(typ), _) => TypeRef::Prim(prim_of(typ, a.format.as_deref())),
                (None, _) => TypeRef::Any,
            },
            SchemaKind::Not { .. } | SchemaKind::Any(_) => TypeRef::Any,
        };
        Ok(if nullable { ty.nullable() } else { ty })
    }

    fn lower_map(&mut self, hint: &str, pointer: &str, additional: Option<&AdditionalProperties>) -> Result<TypeRef> {
        let value = match additional {
            Some(AdditionalProperties::Schema(s)) => {
                self.lower_ref(s, &format!("{hint}Value"), &child(pointer, "additionalProperties"))?
            }
            _ => TypeRef::Any,
        };
        Ok(TypeRef::Map(Box::new(value)))
    }

    /// Give an inline schema a name of its own and define it.
    fn hoist(&mut self, hint: &str, pointer: &str, schema: &Schema) -> Result<TypeRef> {
        // A name a component (or an earlier inline schema) has: `{name}Inline`.
        let base = camel(hint);
        let name = self.type_names.unique_or(base.clone(), [format!("{}Inline", base)]);
        // The definition ignores `nullable` (see `lower_def`): that belongs to the use.
        let kind = self.lower_def(&name, pointer, schema)?;
        let def = TypeDef {
            rust_name: name.clone(),
            origin: Origin { spec: self.file.to_owned(), pointer: pointer.to_owned() },
            hoisted: true,
            merged: Vec::new(),
            docs: docs_of(schema),
            kind,
            multipart: false,
            facts: TypeFacts::default(),
            request_view_of: None,
            sent: false,
            vendor: VendorTraits::default(),
        };
        self.types.insert(name.clone(), def);
        Ok(TypeRef::Named(name))
    }

    // ----- operations ------------------------------------------------------

    fn lower_operations(&mut self) -> Vec<Operation> {
        let doc = self.doc;
        let mut found: Vec<(&str, Method, &openapiv3::PathItem, &openapiv3::Operation)> = Vec::new();
        for (path, item) in &doc.paths.paths {
            let ReferenceOr::Item(item) = item else {
                let pointer = child("/paths", path);
                self.warn(&pointer, "path items given by `$ref` are not supported; its operations are skipped");
                self.skipped += 1;
                continue;
            };
            for (method, op) in item.iter() {
                if let Some(m) = Method::parse(method) {
                    found.push((path.as_str(), m, item, op));
                }
            }
        }
        found.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));

        let refs: Vec<naming::OperationRef<'_>> = found
            .iter()
            .map(|(path, m, _, op)| naming::OperationRef::new(m.as_str(), path, op.operation_id.as_deref()))
            .collect();
        let names = naming::method_names(&refs, self.conventions.verbs());

        let mut operations = Vec::with_capacity(found.len());
        for ((path, method, item, op), rust_name) in found.into_iter().zip(names) {
            let pointer = child(&child("/paths", path), &method.as_str().to_lowercase());
            match self.lower_operation(path, method, item, op, rust_name, &pointer) {
                Ok(op) => operations.push(op),
                Err(d) => {
                    self.skipped += 1;
                    self.warn(&d.pointer, format!("operation skipped: {}", d.message));
                }
            }
        }
        operations
    }

    fn lower_operation(
        &mut self,
        path: &str,
        method: Method,
        item: &'a openapiv3::PathItem,
        op: &'a openapiv3::Operation,
        rust_name: String,
        pointer: &str,
    ) -> Result<Operation> {
        let op_camel = camel(&rust_name);
        // Parameters are builder fields and setters: named around the builder's own members.
        let mut param_names = Namer::with_reserved(naming::BUILDER_MEMBERS.iter().copied());

        // Operation-level parameters override path-level ones with the same name and location.
        let mut declared: Vec<(String, &Parameter)> = Vec::new();
        let sources = item
            .parameters
            .iter()
            .enumerate()
            .map(|(i, p)| (child(&child(&child("/paths", path), "parameters"), &i.to_string()), p))
            .chain(
                op.parameters
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (child(&child(pointer, "parameters"), &i.to_string()), p)),
            );
        for (p_pointer, p) in sources {
            let param = self.resolve(p, "parameters", |c| &c.parameters, &p_pointer)?;
            let key = (param.parameter_data_ref().name.clone(), location_key(param));
            declared
                .retain(|(_, existing)| (existing.parameter_data_ref().name.clone(), location_key(existing)) != key);
            declared.push((p_pointer, param));
        }

        let mut params = Vec::new();
        let template = PathTemplate::param_names(path);
        for name in &template {
            let found = declared
                .iter()
                .find(|(_, p)| matches!(p, Parameter::Path { .. }) && p.parameter_data_ref().name == *name);
            let param = match found {
                Some((p_pointer, p)) => self.lower_param(&op_camel, p_pointer, p, &mut param_names)?,
                None => {
                    self.warn(
                        pointer,
                        format!("path parameter `{name}` is not declared; it is taken as a required string"),
                    );
                    Param {
                        wire_name: (*name).to_owned(),
                        rust_name: param_names.unique(snake(name)),
                        location: ParamLocation::Path,
                        ty: TypeRef::Prim(Prim::String),
                        required: true,
                        encoding: ParamEncoding::Display,
                        arg: ArgStyle::Plain,
                        copy: false,
                        bound: self.bindings.get(*name).cloned(),
                        default: None,
                        docs: None,
                    }
                }
            };
            params.push(param);
        }
        for (p_pointer, p) in &declared {
            match p {
                Parameter::Path { parameter_data, .. } => {
                    if !template.contains(&parameter_data.name.as_str()) {
                        self.warn(
                            p_pointer,
                            format!(
                                "path parameter `{}` does not appear in the path; it is ignored",
                                parameter_data.name
                            ),
                        );
                    }
                }
                Parameter::Query { .. } | Parameter::Header { .. } | Parameter::Cookie { .. } => {
                    params.push(self.lower_param(&op_camel, p_pointer, p, &mut param_names)?);
                }
            }
        }
        self.warn_numbered(pointer, "two parameters read as", &mut param_names);

        let body = match &op.request_body {
            None => None,
            Some(rb) => self.lower_body(&op_camel, rb, &child(pointer, "requestBody"))?,
        };

        let mut success = Vec::new();
        let mut errors = Vec::new();
        let responses = op
            .responses
            .responses
            .iter()
            .map(|(code, r)| {
                let status = match code {
                    StatusCode::Code(c) => Status::Code(*c),
                    StatusCode::Range(r) => Status::Range(*r),
                };
                (status, code.to_string(), r)
            })
            .chain(op.responses.default.iter().map(|r| (Status::Default, "default".to_owned(), r)));
        for (status, key, response) in responses {
            let r_pointer = child(&child(pointer, "responses"), &key);
            let is_success = matches!(status, Status::Code(200..=299) | Status::Range(2));
            let hint = format!("{op_camel}Response{}", if is_success { key.clone() } else { camel(&key) });
            let outcome = self.lower_response(status, &hint, response, &r_pointer)?;
            if is_success { success.push(outcome) } else { errors.push(outcome) }
        }
        success.sort_by_key(|o| o.status);
        if success.is_empty() {
            // No declared 2xx: any 2xx is success without a body to decode.
            success.push(Outcome {
                status: Status::Range(2),
                body: OutcomeBody::Empty,
                description: "success".to_owned(),
                variant: None,
            });
        }
        let response_enum = (success.len() > 1).then(|| naming::response_enum_name(&rust_name));
        if response_enum.is_some() {
            for o in &mut success {
                o.variant = Some(naming::status_variant(o.status));
            }
        }
        let path_template = path_template(path, &params);

        let requirements = op.security.as_ref().or(self.doc.security.as_ref());
        let security = requirements
            .into_iter()
            .flatten()
            .flat_map(|req| {
                req.iter().map(|(scheme, scopes)| {
                    if scopes.is_empty() { scheme.clone() } else { format!("{scheme}: {}", scopes.join(", ")) }
                })
            })
            .collect();
        let api_key_query =
            requirements.into_iter().flatten().flat_map(|req| req.keys()).find_map(|scheme| {
                match self.doc.components.as_ref()?.security_schemes.get(scheme)? {
                    ReferenceOr::Item(openapiv3::SecurityScheme::APIKey {
                        location: openapiv3::APIKeyLocation::Query,
                        name,
                        ..
                    }) => Some(name.clone()),
                    _ => None,
                }
            });

        // Credentials: none asked (no requirement, or an empty one), only the
        // API key, or a token (OAuth, private apps) possibly besides the key.
        let reqs: Vec<_> = requirements.into_iter().flatten().collect();
        let accepts = match api_key_query {
            _ if reqs.is_empty() || reqs.iter().any(|r| r.is_empty()) => crate::ir::Accepts::Anything,
            Some(api_key_query) if reqs.iter().all(|r| r.len() == 1) && reqs.len() == 1 => {
                crate::ir::Accepts::KeyOnly { api_key_query }
            }
            api_key_query => crate::ir::Accepts::Token { api_key_query },
        };

        Ok(Operation {
            operation_id: op.operation_id.clone().unwrap_or_else(|| format!("{} {path}", method.as_str())),
            builder: naming::builder_name(&rust_name),
            rust_name,
            method,
            path: path_template,
            summary: op.summary.clone(),
            description: op.description.clone(),
            deprecated: op.deprecated,
            tags: op.tags.clone(),
            params,
            body,
            success,
            response_enum,
            errors,
            security,
            accepts,
            // Plain HTTP: idempotent methods may be repeated. A profile may know better.
            retry_safety: if method.is_idempotent() { RetrySafety::Idempotent } else { RetrySafety::Unsafe },
            rate_bucket: RateBucket::General,
            pagination: None,
            batch: None,
            shared: None,
        })
    }

    /// An item or its `$ref` into one section of `components`
    /// (`#/components/<section>/<name>`, as `pick` selects it).
    fn resolve<T>(
        &self,
        item: &'a ReferenceOr<T>,
        section: &str,
        pick: fn(&'a openapiv3::Components) -> &'a indexmap::IndexMap<String, ReferenceOr<T>>,
        pointer: &str,
    ) -> Result<&'a T> {
        let reference = match item {
            ReferenceOr::Item(item) => return Ok(item),
            ReferenceOr::Reference { reference } => reference,
        };
        component_name(reference, section)
            .and_then(|name| {
                // A component may itself be a `$ref` to another of its section.
                let items = pick(self.doc.components.as_ref()?);
                let mut found = items.get(&name)?;
                for _ in 0..32 {
                    match found {
                        ReferenceOr::Item(found) => return Some(found),
                        ReferenceOr::Reference { reference } => {
                            found = items.get(&component_name(reference, section)?)?;
                        }
                    }
                }
                None
            })
            .ok_or_else(|| self.err(pointer, format!("`$ref` to `{reference}`, which does not exist")))
    }

    fn lower_param(&mut self, op_camel: &str, pointer: &str, p: &Parameter, names: &mut Namer) -> Result<Param> {
        let data = p.parameter_data_ref();
        let hint = format!("{op_camel}{}", camel(&data.name));
        let ty = match &data.format {
            ParameterSchemaOrContent::Schema(s) => self.lower_ref(s, &hint, &child(pointer, "schema"))?,
            ParameterSchemaOrContent::Content(content) => {
                match content.iter().next().and_then(|(_, m)| m.schema.as_ref()) {
                    Some(s) => self.lower_ref(s, &hint, &child(pointer, "content"))?,
                    None => TypeRef::Prim(Prim::String),
                }
            }
        };
        let (location, style, explode_default) = match p {
            Parameter::Path { style, .. } => (
                ParamLocation::Path,
                match style {
                    PathStyle::Simple => ParamStyle::Simple,
                    PathStyle::Label => ParamStyle::Label,
                    PathStyle::Matrix => ParamStyle::Matrix,
                },
                false,
            ),
            Parameter::Query { style, .. } => (
                ParamLocation::Query,
                match style {
                    QueryStyle::Form => ParamStyle::Form,
                    QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
                    QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
                    QueryStyle::DeepObject => ParamStyle::DeepObject,
                },
                matches!(style, QueryStyle::Form),
            ),
            Parameter::Header { .. } => (ParamLocation::Header, ParamStyle::Simple, false),
            Parameter::Cookie { .. } => (ParamLocation::Cookie, ParamStyle::Form, true),
        };
        let explode = data.explode.unwrap_or(explode_default);
        // Decided once every type is known (`finish_params`); the style is kept until then.
        // A parameter given by `content` keeps the plain encodings (its
        // explode only counts in the query), except a cookie, which is always styled.
        let encoding = match (&data.format, location) {
            (ParameterSchemaOrContent::Content(_), ParamLocation::Query) => ParamEncoding::List { explode },
            (ParameterSchemaOrContent::Content(_), ParamLocation::Path | ParamLocation::Header) => {
                ParamEncoding::List { explode: false }
            }
            _ => ParamEncoding::Styled { style, explode },
        };
        // A parameter is sent or left out; `null` is not a value it can have on the wire.
        let ty = match ty {
            TypeRef::Nullable(inner) => *inner,
            other => other,
        };
        let default = match &data.format {
            ParameterSchemaOrContent::Schema(ReferenceOr::Item(s)) => s.schema_data.default.clone(),
            _ => None,
        };
        Ok(Param {
            wire_name: data.name.clone(),
            // Named like a builder member or another parameter: `client_query`, `id_header`.
            rust_name: {
                let base = snake(&data.name);
                let by_location = format!("{}_{}", base, location.as_str());
                names.unique_or(base, [snake(&naming::spelled(&data.name)), by_location])
            },
            location,
            ty,
            required: data.required || location == ParamLocation::Path,
            encoding,
            arg: ArgStyle::Plain,
            copy: false,
            bound: (location == ParamLocation::Path).then(|| self.bindings.get(&data.name).cloned()).flatten(),
            default,
            docs: data.description.clone(),
        })
    }

    fn lower_body(
        &mut self,
        op_camel: &str,
        rb: &'a ReferenceOr<openapiv3::RequestBody>,
        pointer: &str,
    ) -> Result<Option<Body>> {
        let rb = self.resolve(rb, "requestBodies", |c| &c.request_bodies, pointer)?;
        let Some((media, kind, schema)) = body_content(&rb.content) else {
            return Ok(None);
        };
        let ty = match (kind, schema) {
            (BodyKind::Binary, _) => None,
            (_, Some(s)) => Some(self.lower_ref(
                s,
                &format!("{op_camel}Body"),
                &child(&child(&child(pointer, "content"), media), "schema"),
            )?),
            (_, None) => Some(TypeRef::Any),
        };
        let encoding = match (kind, ty) {
            (BodyKind::Json, Some(ty)) => BodyEncoding::Json(ty),
            (BodyKind::Form, Some(ty)) => BodyEncoding::Form(ty),
            (BodyKind::Multipart, Some(ty)) => {
                // A struct of this spec gets a parts encoder (binary properties become
                // file parts); anything else is sent property by property as text.
                let def = match &ty {
                    TypeRef::Named(n) => self.types.get_mut(n).filter(|d| matches!(d.kind, TypeKind::Struct(_))),
                    _ => None,
                };
                let parts = match def {
                    Some(def) => {
                        def.multipart = true;
                        MultipartParts::Generated
                    }
                    None => MultipartParts::FromJson,
                };
                BodyEncoding::Multipart { ty, parts }
            }
            _ => BodyEncoding::Binary,
        };
        Ok(Some(Body { required: rb.required, media_type: media.to_owned(), encoding, docs: rb.description.clone() }))
    }

    fn lower_response(
        &mut self,
        status: Status,
        hint: &str,
        r: &'a ReferenceOr<openapiv3::Response>,
        pointer: &str,
    ) -> Result<Outcome> {
        let response = self.resolve(r, "responses", |c| &c.responses, pointer)?;
        let body = match json_content(&response.content) {
            Some((media, Some(schema))) => OutcomeBody::Json(self.lower_ref(
                schema,
                hint,
                &child(&child(&child(pointer, "content"), media), "schema"),
            )?),
            Some((_, None)) => OutcomeBody::Json(TypeRef::Any),
            // Any other media type (text, files): the bytes as they came.
            None if !response.content.is_empty() => OutcomeBody::Bytes,
            None => OutcomeBody::Empty,
        };
        Ok(Outcome { status, body, description: response.description.clone(), variant: None })
    }
}

/// The JSON media type of a content map: `application/json`, `*+json`, or a
/// wildcard (`*/*`, `application/*`) or empty media type with a schema, which
/// real specs use for JSON too.
fn json_content(
    content: &indexmap::IndexMap<String, openapiv3::MediaType>,
) -> Option<(&str, Option<&ReferenceOr<Schema>>)> {
    let is_json = |m: &str| {
        let m = m.split(';').next().unwrap_or(m).trim().to_ascii_lowercase();
        m == "application/json" || m.ends_with("+json") || m == "*/*" || m == "application/*" || m.is_empty()
    };
    content.iter().find(|(m, _)| is_json(m)).map(|(m, media)| (m.as_str(), media.schema.as_ref()))
}

/// The body's media type and encoding: JSON first, then forms, then raw
/// bytes for anything else (`application/octet-stream`, `image/png`, …).
fn body_content(
    content: &indexmap::IndexMap<String, openapiv3::MediaType>,
) -> Option<(&str, BodyKind, Option<&ReferenceOr<Schema>>)> {
    if let Some((media, schema)) = json_content(content) {
        return Some((media, BodyKind::Json, schema));
    }
    let essence = |m: &str| m.split(';').next().unwrap_or(m).trim().to_ascii_lowercase();
    let find = |want: &str| content.iter().find(|(m, _)| essence(m) == want);
    if let Some((m, media)) = find("application/x-www-form-urlencoded") {
        return Some((m.as_str(), BodyKind::Form, media.schema.as_ref()));
    }
    if let Some((m, media)) = find("multipart/form-data") {
        return Some((m.as_str(), BodyKind::Multipart, media.schema.as_ref()));
    }
    content.iter().next().map(|(m, media)| (m.as_str(), BodyKind::Binary, media.schema.as_ref()))
}

/// How a request body's media type is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BodyKind {
    Json,
    Form,
    Multipart,
    Binary,
}

fn location_key(p: &Parameter) -> u8 {
    match p {
        Parameter::Path { .. } => 0,
        Parameter::Query { .. } => 1,
        Parameter::Header { .. } => 2,
        Parameter::Cookie { .. } => 3,
    }
}

/// What an `allOf` stands for ([`Lowerer::plan_all_of`]).
enum AllOfPlan {
    /// One part says what the value is; the others annotate or constrain it.
    One { part: Box<ReferenceOr<Schema>>, pointer: String, nullable: bool },
    /// Objects (and unions beside them): their properties merged into one struct.
    Merge,
    /// No part says what the value is.
    Untyped,
    /// The parts refer back to themselves through `$ref`s (the message names them).
    Cycle(String),
    /// Parts that cannot be one value (a string and an object).
    Contradiction(String),
}

/// What one part of an `allOf` is.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Shape {
    /// Only annotations: description, title, example, `nullable`, `readOnly`, …
    Annotation,
    /// Only constraints of no type of their own (`maxLength`, `pattern`, `enum`, `not`).
    Constraint,
    Object,
    /// `string`, `integer`, `number` or `boolean`.
    Scalar(&'static str),
    Array,
    Union,
    /// Something that cannot be merged (a contradictory `allOf` inside).
    Other,
    Cycle(String),
}

impl Shape {
    fn of(schema: &Schema) -> Shape {
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(_)) => Shape::Scalar("string"),
            SchemaKind::Type(Type::Number(_)) => Shape::Scalar("number"),
            SchemaKind::Type(Type::Integer(_)) => Shape::Scalar("integer"),
            SchemaKind::Type(Type::Boolean(_)) => Shape::Scalar("boolean"),
            SchemaKind::Type(Type::Array(_)) => Shape::Array,
            SchemaKind::Type(Type::Object(_)) => Shape::Object,
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => Shape::Union,
            SchemaKind::AllOf { .. } => Shape::Other,
            SchemaKind::Not { .. } => Shape::Constraint,
            SchemaKind::Any(a) => match a.typ.as_deref() {
                _ if !a.properties.is_empty() || a.additional_properties.is_some() => Shape::Object,
                Some("object") => Shape::Object,
                Some("array") => Shape::Array,
                Some(t @ ("string" | "integer" | "number" | "boolean")) => Shape::Scalar(match t {
                    "string" => "string",
                    "integer" => "integer",
                    "number" => "number",
                    _ => "boolean",
                }),
                _ if a.items.is_some() => Shape::Array,
                _ if !a.one_of.is_empty() || !a.any_of.is_empty() => Shape::Union,
                _ if *a == AnySchema::default() => Shape::Annotation,
                _ => Shape::Constraint,
            },
        }
    }

    fn describe(&self) -> &'static str {
        match self {
            Shape::Annotation | Shape::Constraint => "annotations",
            Shape::Object => "an object",
            Shape::Scalar(k) => k,
            Shape::Array => "an array",
            Shape::Union => "a oneOf/anyOf",
            Shape::Other | Shape::Cycle(_) => "a contradictory allOf",
        }
    }
}

/// Properties gathered from the object parts of an `allOf`.
#[derive(Default)]
struct Merged {
    properties: indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
    required: Vec<String>,
    additional: Option<AdditionalProperties>,
}

/// The parts of an `allOf`, also when the schema has keywords of its own
/// beside it (`type: object, properties: …, allOf: […]`): those are one more part.
fn all_of_parts(schema: &Schema) -> Option<std::borrow::Cow<'_, [ReferenceOr<Schema>]>> {
    match &schema.schema_kind {
        SchemaKind::AllOf { all_of } => Some(std::borrow::Cow::Borrowed(all_of)),
        SchemaKind::Any(a) if !a.all_of.is_empty() => {
            let mut parts = a.all_of.clone();
            let mut rest = a.clone();
            rest.all_of.clear();
            if rest.typ.as_deref() == Some("object")
                && rest.properties.is_empty()
                && rest.additional_properties.is_none()
            {
                // `type: object` beside the parts adds nothing they do not say.
                rest.typ = None;
            }
            if rest != AnySchema::default() {
                parts.push(ReferenceOr::Item(Schema {
                    schema_data: Default::default(),
                    schema_kind: SchemaKind::Any(rest),
                }));
            }
            Some(std::borrow::Cow::Owned(parts))
        }
        _ => None,
    }
}

/// The component a local `$ref` names in `section` (`#/components/schemas/Pet`
/// → `Pet`), decoded as [`crate::normalize::refs`] reads references (percent-encoding,
/// then JSON-pointer escapes), so both agree on what is a component.
fn component_name(reference: &str, section: &str) -> Option<String> {
    let pointer = crate::normalize::refs::local_pointer(reference)?;
    let rest = pointer.strip_prefix("/components/")?.strip_prefix(section)?.strip_prefix('/')?;
    (!rest.contains('/')).then(|| unescape_token(rest))
}

fn docs_of(schema: &Schema) -> Option<String> {
    let d = &schema.schema_data;
    d.description.clone().or_else(|| d.title.clone())
}

/// How a value is written, to tell apart values that differ only in case:
/// `Upper` (`UNKNOWN`), `Lower`, `Capitalized` (`Unknown`) or `Mixed`.
fn letter_case(text: &str) -> &'static str {
    if !text.chars().any(char::is_lowercase) {
        "Upper"
    } else if !text.chars().any(char::is_uppercase) {
        "Lower"
    } else if text.chars().next().is_some_and(char::is_uppercase) && !text.chars().skip(1).any(char::is_uppercase) {
        "Capitalized"
    } else {
        "Mixed"
    }
}

/// The one simple type an "any" schema names with nothing that needs more
/// than that type (no enum, properties or combinators): `string`,
/// `integer`, `number`, `boolean` or `array`.
fn plain_type(a: &openapiv3::AnySchema) -> Option<&str> {
    let simple = a.enumeration.is_empty()
        && a.properties.is_empty()
        && a.one_of.is_empty()
        && a.all_of.is_empty()
        && a.any_of.is_empty()
        && a.not.is_none();
    let typ = a.typ.as_deref().filter(|t| matches!(*t, "string" | "integer" | "number" | "boolean" | "array"))?;
    simple.then_some(typ)
}

/// The Rust primitive of a simple type and its format, as typed schemas read.
fn prim_of(typ: &str, format: Option<&str>) -> Prim {
    match (typ, format) {
        ("string", Some("date-time")) => Prim::Timestamp,
        ("string", Some("date")) => Prim::Date,
        ("string", Some("binary")) => Prim::Binary,
        ("integer", Some("int32")) => Prim::I32,
        ("integer", _) => Prim::I64,
        ("number", Some("float")) => Prim::F32,
        ("number", _) => Prim::F64,
        ("boolean", _) => Prim::Bool,
        _ => Prim::String,
    }
}

fn variant_name(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(n) => n.clone(),
        TypeRef::Prim(p) => format!("{p:?}"),
        TypeRef::List(_) => "List".to_owned(),
        TypeRef::Map(_) => "Map".to_owned(),
        TypeRef::Nullable(t) | TypeRef::Boxed(t) => variant_name(t),
        TypeRef::Any => "Json".to_owned(),
    }
}

/// Some real APIs are looser than their specs in known ways (the profile's
/// [`conventions::Conventions::lenient_responses`]); the types that responses
/// decode into, successes and errors alike, accept that looseness. A map's
/// values may be `null` (HubSpot sends `"properties": {"phone": null}` though
/// the spec says string), and a required list or map that is left out
/// decodes as empty (HubSpot's 207 error entries omit `errors` and `links`).
fn make_responses_lenient(types: &mut BTreeMap<String, TypeDef>, operations: &mut [Operation]) {
    for op in operations.iter_mut() {
        for outcome in op.success.iter_mut().chain(&mut op.errors) {
            if let OutcomeBody::Json(ty) = &mut outcome.body {
                ty.map_values_mut(&make_nullable);
            }
        }
    }
    for name in reachable(types, operations.iter().flat_map(Operation::response_type_refs)) {
        if let Some(def) = types.get_mut(&name) {
            for ty in def.type_refs_mut() {
                ty.map_values_mut(&make_nullable);
            }
            if let TypeKind::Struct(s) = &mut def.kind {
                for f in s.fields.iter_mut().filter(|f| f.required) {
                    f.default_when_missing = matches!(f.ty, TypeRef::List(_) | TypeRef::Map(_));
                }
            }
        }
    }
}

fn make_nullable(ty: &mut TypeRef) {
    let inner = std::mem::replace(ty, TypeRef::Any);
    *ty = inner.nullable();
}

/// Recursive types need indirection. A field whose type can reach back to the
/// struct that holds it without passing through a list or map (which allocate)
/// is boxed.
fn box_recursive_fields(types: &mut BTreeMap<String, TypeDef>) {
    fn direct<'t>(ty: &'t TypeRef, out: &mut Vec<&'t str>) {
        match ty {
            TypeRef::Named(n) => out.push(n),
            TypeRef::Nullable(t) => direct(t, out),
            TypeRef::List(_) | TypeRef::Map(_) | TypeRef::Boxed(_) | TypeRef::Prim(_) | TypeRef::Any => {}
        }
    }
    // A field can reach back to its struct exactly when the type it names
    // directly is in the struct's strongly connected component (one pass over
    // the graph, not a search per field).
    let id: BTreeMap<&str, usize> = types.keys().enumerate().map(|(i, n)| (n.as_str(), i)).collect();
    let edges: Vec<Vec<usize>> = types
        .values()
        .map(|def| {
            let mut out = Vec::new();
            for ty in def.type_refs() {
                direct(ty, &mut out);
            }
            out.iter().filter_map(|n| id.get(n).copied()).collect()
        })
        .collect();
    let component = strongly_connected(&edges);
    let mut to_box: Vec<(String, usize)> = Vec::new();
    for (v, (name, def)) in types.iter().enumerate() {
        for (i, ty) in def.type_refs().into_iter().enumerate() {
            let mut targets = Vec::new();
            direct(ty, &mut targets);
            if targets.iter().any(|t| id.get(t).is_some_and(|&w| component[w] == component[v])) {
                to_box.push((name.clone(), i));
            }
        }
    }
    for (name, index) in to_box {
        if let Some(ty) = types.get_mut(&name).and_then(|def| def.type_refs_mut().into_iter().nth(index)) {
            let inner = std::mem::replace(ty, TypeRef::Any);
            *ty = match inner {
                TypeRef::Nullable(t) => TypeRef::Nullable(Box::new(TypeRef::Boxed(t))),
                other => TypeRef::Boxed(Box::new(other)),
            };
        }
    }
}

/// The strongly connected components of a graph given as adjacency lists
/// (Tarjan's algorithm, with an explicit stack): the component of each node.
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let (mut index, mut low, mut on_stack) = (vec![UNSEEN; n], vec![0; n], vec![false; n]);
    let mut component = vec![UNSEEN; n];
    let (mut next, mut count) = (0, 0);
    let mut stack: Vec<usize> = Vec::new();
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        // Each frame: a node and the position of the next edge to follow from it.
        let mut frames: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some(&(v, at)) = frames.last() {
            if index[v] == UNSEEN {
                index[v] = next;
                low[v] = next;
                next += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = edges[v].get(at) {
                if let Some(top) = frames.last_mut() {
                    top.1 += 1;
                }
                if index[w] == UNSEEN {
                    frames.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            frames.pop();
            if let Some(&(parent, _)) = frames.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component[w] = count;
                    if w == v {
                        break;
                    }
                }
                count += 1;
            }
        }
    }
    component
}

/// The path template parsed once: literal text and, per parameter, the
/// builder field holding it and the local its encoded text is bound to.
fn path_template(path: &str, params: &[Param]) -> PathTemplate {
    let mut locals = Namer::with_reserved(naming::SEND_LOCALS.iter().copied());
    let mut parts = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else { break };
        if start > 0 {
            parts.push(PathPart::Literal(rest[..start].to_owned()));
        }
        let wire = &rest[start + 1..start + len];
        if let Some(p) = params.iter().find(|p| p.location == ParamLocation::Path && p.wire_name == wire) {
            let local = naming::path_local(&p.rust_name, &mut locals);
            parts.push(PathPart::Param { field: p.rust_name.clone(), local });
        }
        rest = &rest[start + len + 1..];
    }
    if !rest.is_empty() {
        parts.push(PathPart::Literal(rest.to_owned()));
    }
    // Neighbouring literals (around a parameter that was not found) are one.
    let mut merged: Vec<PathPart> = Vec::with_capacity(parts.len());
    for part in parts {
        match (merged.last_mut(), part) {
            (Some(PathPart::Literal(prev)), PathPart::Literal(next)) => prev.push_str(&next),
            (_, part) => merged.push(part),
        }
    }
    PathTemplate { template: path.to_owned(), parts: merged }
}

/// What each named type is in Rust: `Copy`, `Display`. Aliases take the facts
/// of what they name; enums display their wire value and integer ones are `Copy`.
fn compute_type_facts(types: &mut BTreeMap<String, TypeDef>) {
    // Types of their own first; then aliases, which take the facts of what they
    // name, until nothing changes (an alias of a type built from another alias
    // needs one round per level; each round settles at least one more).
    for def in types.values_mut() {
        def.facts = match &def.kind {
            TypeKind::Enum(e) => TypeFacts { copy: e.repr == EnumRepr::Integer, display: true },
            TypeKind::Struct(_) | TypeKind::Union(_) | TypeKind::Alias(_) => TypeFacts::default(),
        };
    }
    for _ in 0..=types.len() {
        let aliases: Vec<(String, TypeFacts)> = types
            .iter()
            .filter_map(|(name, def)| match &def.kind {
                // A chain of aliases that never ends (a cycle) resolves to an alias: nothing in particular.
                TypeKind::Alias(t) => match t.resolve(types) {
                    TypeRef::Named(n) if matches!(types.get(n).map(|d| &d.kind), Some(TypeKind::Alias(_)) | None) => {
                        None
                    }
                    resolved => Some((name.clone(), resolved.facts(types))),
                },
                _ => None,
            })
            .collect();
        let mut changed = false;
        for (name, facts) in aliases {
            if let Some(def) = types.get_mut(&name)
                && def.facts != facts
            {
                def.facts = facts;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
}

/// Decide, once every type is known, how each parameter is passed and encoded.
/// A path parameter must go into the path as text; one that cannot skips the
/// operation rather than emit code that does not compile.
fn finish_params(op: &mut Operation, types: &BTreeMap<String, TypeDef>) -> Result<()> {
    for p in &mut op.params {
        let resolved = p.ty.resolve(types);
        let list_item = match resolved {
            TypeRef::List(item) => Some(item.as_ref()),
            _ => None,
        };
        let display = p.ty.facts(types).display;
        let items_display = list_item.is_some_and(|item| item.facts(types).display);
        // A struct, or a map of displayable values: sent as its properties.
        let object = match resolved {
            TypeRef::Map(value) => value.facts(types).display,
            TypeRef::Named(n) => matches!(types.get(n).map(|d| &d.kind), Some(TypeKind::Struct(_))),
            _ => false,
        };
        p.encoding = match p.encoding {
            ParamEncoding::Styled { style, explode } => {
                // The location's default style, sent as before.
                let plain = matches!(
                    (p.location, style),
                    (ParamLocation::Query, ParamStyle::Form)
                        | (ParamLocation::Header | ParamLocation::Path, ParamStyle::Simple)
                );
                let structured_text = plain && matches!(p.location, ParamLocation::Query | ParamLocation::Header);
                if style == ParamStyle::DeepObject {
                    // Any value: its structure written in brackets (`name[k]=v`,
                    // `name[0]=v`, `name[k][0][j]=v`) by the runtime's `query_styled`.
                    ParamEncoding::Styled { style, explode }
                } else if plain && display {
                    ParamEncoding::Display
                } else if plain && p.location != ParamLocation::Path && items_display {
                    ParamEncoding::List { explode }
                } else if display || items_display || object {
                    ParamEncoding::Styled { style, explode }
                } else if structured_text {
                    // Unions, any value, lists of structures: JSON text, as before.
                    ParamEncoding::Json
                } else if list_item.is_none_or(|item| may_be_primitive(item, types)) {
                    // A union or any value (or a list of them) in the path, a cookie or
                    // another style: serialized as what it is at run time (a primitive,
                    // an array, an object).
                    ParamEncoding::Styled { style, explode }
                } else {
                    return Err(Diagnostic::error(
                        "",
                        "",
                        format!(
                            "{} parameter `{}` is a list of structured values, which its style cannot write",
                            p.location.as_str(),
                            p.wire_name
                        ),
                    ));
                }
            }
            // Given by `content`: one displayable value as text; in the query and
            // headers a list of them as before; anything else (and a list in
            // the path) as its media type writes it, JSON text.
            ParamEncoding::List { explode } => match list_item {
                _ if display => ParamEncoding::Display,
                Some(item) if item.facts(types).display && p.location != ParamLocation::Path => {
                    ParamEncoding::List { explode }
                }
                _ => ParamEncoding::Json,
            },
            other => other,
        };
        p.arg = match &p.ty {
            TypeRef::Prim(Prim::String) => ArgStyle::Into,
            TypeRef::List(t) if **t == TypeRef::Prim(Prim::String) => ArgStyle::IntoIter,
            _ => ArgStyle::Plain,
        };
        p.copy = p.ty.facts(types).copy;
        // Only text can be fixed by a binding.
        if p.arg != ArgStyle::Into {
            p.bound = None;
        }
    }
    Ok(())
}

/// Is a value of this type a primitive at least sometimes (any value, or a
/// union; an enum whose values mix integers and strings reads as any value)?
fn may_be_primitive(ty: &TypeRef, types: &BTreeMap<String, TypeDef>) -> bool {
    match ty.resolve(types) {
        TypeRef::Any => true,
        TypeRef::Nullable(inner) => may_be_primitive(inner, types),
        TypeRef::Named(n) => matches!(types.get(n).map(|d| &d.kind), Some(TypeKind::Union(_))),
        _ => false,
    }
}

/// Aliases that name themselves through other aliases only (`A: {$ref: B}`,
/// `B: {$ref: A}`; a schema that is only a `$ref` to itself; `type A = Vec<A>`)
/// have no structure to generate: each becomes any JSON value. Returns a
/// warning (pointer, message) per alias changed.
fn break_alias_cycles(types: &mut BTreeMap<String, TypeDef>) -> Vec<(String, String)> {
    let alias_edges = |types: &BTreeMap<String, TypeDef>, name: &str| -> Vec<String> {
        let mut out = Vec::new();
        if let Some(TypeKind::Alias(t)) = types.get(name).map(|d| &d.kind) {
            t.for_each_named(&mut |n| {
                if matches!(types.get(n).map(|d| &d.kind), Some(TypeKind::Alias(_))) {
                    out.push(n.to_owned());
                }
            });
        }
        out
    };
    let mut cycles: Vec<(String, Vec<String>)> = Vec::new();
    for name in types.keys() {
        // Breadth first from `name` back to itself, keeping how each alias was reached.
        let mut came_from: BTreeMap<String, String> = BTreeMap::new();
        let mut queue = std::collections::VecDeque::from([name.clone()]);
        let mut found = false;
        while let Some(at) = queue.pop_front() {
            for next in alias_edges(types, &at) {
                if next == *name {
                    came_from.insert(next.clone(), at.clone());
                    found = true;
                    break;
                }
                if !came_from.contains_key(&next) {
                    came_from.insert(next.clone(), at.clone());
                    queue.push_back(next);
                }
            }
            if found {
                break;
            }
        }
        if found {
            let mut chain = vec![name.clone()];
            let mut at = came_from[name].clone();
            while at != *name {
                chain.push(at.clone());
                at = came_from[&at].clone();
            }
            chain.push(name.clone());
            // Walked backwards: the names between the two ends are in reverse.
            let last = chain.len() - 1;
            chain[1..last].reverse();
            cycles.push((name.clone(), chain));
        }
    }
    let mut warnings = Vec::new();
    for (name, chain) in cycles {
        if let Some(def) = types.get_mut(&name) {
            def.kind = TypeKind::Alias(TypeRef::Any);
            warnings.push((
                def.origin.pointer.clone(),
                format!(
                    "reference cycle without structure ({}); generated as any JSON value",
                    chain.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(" → ")
                ),
            ));
        }
    }
    warnings
}

/// How many struct fields and operation parameters there are, and how many
/// of them are untyped fallbacks: typed as `serde_json::Value` (directly or
/// inside an `Option`, list, map or alias) because lowering fell back on a
/// schema that says its type (one of `fallbacks`), not because the spec
/// leaves the value free.
fn count_untyped(
    types: &BTreeMap<String, TypeDef>,
    operations: &[Operation],
    fallbacks: &BTreeSet<String>,
) -> (usize, usize) {
    fn reaches(ty: &TypeRef, types: &BTreeMap<String, TypeDef>, fallbacks: &BTreeSet<String>, depth: usize) -> bool {
        match ty {
            TypeRef::Named(n) if fallbacks.contains(n) => true,
            TypeRef::Named(n) => match types.get(n).map(|d| &d.kind) {
                Some(TypeKind::Alias(t)) if depth < 64 => reaches(t, types, fallbacks, depth + 1),
                _ => false,
            },
            TypeRef::List(t) | TypeRef::Map(t) | TypeRef::Nullable(t) | TypeRef::Boxed(t) => {
                reaches(t, types, fallbacks, depth)
            }
            TypeRef::Prim(_) | TypeRef::Any => false,
        }
    }
    let fields = types.values().flat_map(|d| match &d.kind {
        TypeKind::Struct(s) => s.fields.iter().map(|f| &f.ty).collect(),
        _ => Vec::new(),
    });
    let params = operations.iter().flat_map(|op| op.params.iter().map(|p| &p.ty));
    let all: Vec<&TypeRef> = fields.chain(params).collect();
    let untyped = all.iter().filter(|t| reaches(t, types, fallbacks, 0)).count();
    (all.len(), untyped)
}

#[cfg(test)]
mod tests {
    use super::strongly_connected;

    #[test]
    fn strongly_connected_components() {
        // 0 → 1 → 2 → 0 is a cycle; 3 → 3 loops on itself; 4 → 0 and 5 stand alone.
        let edges = vec![vec![1], vec![2], vec![0, 3], vec![3], vec![0], vec![]];
        let c = strongly_connected(&edges);
        assert!(c[0] == c[1] && c[1] == c[2]);
        assert!(c[3] != c[0] && c[4] != c[0] && c[5] != c[0] && c[4] != c[5] && c[3] != c[4]);
    }
}
