//! The types module: one Rust item per named IR type.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use super::docs::{doc_attrs, inner_doc_attrs, paragraphs};
use super::{Scope, ident};
use crate::ir::{
    Access, Api, Enum, EnumRepr, EnumValue, Model, NewArg, Prim, Struct, TypeDef, TypeKind, TypeRef, Union,
};

pub fn types_file(api: &Api) -> TokenStream {
    let scope = Scope::types(&api.shadowed_prelude);
    let items = api.types.values().map(|def| type_item(&scope, def, false));
    let module_doc = inner_doc_attrs(&format!("Types of the {} API, from the schemas of `{}`.", api.title, api.source));
    let names = api.reexports.iter().map(|(local, shared)| {
        let (local, shared) = (ident(local), ident(shared));
        if local == shared {
            quote! { #shared }
        } else {
            quote! { #shared as #local }
        }
    });
    let reexports = (!api.reexports.is_empty()).then(|| {
        quote! {
            /// Types this API shares with others: one Rust type wherever they are used.
            pub use super::super::shared::{#(#names),*};
        }
    });
    quote! {
        #module_doc
        #reexports
        #(#items)*
    }
}

/// The shared type space: types with the same name and structure in several APIs.
pub fn shared_file(model: &Model, features: bool) -> TokenStream {
    let scope = Scope::types(&model.shared_prelude);
    let items = model.shared.values().map(|t| {
        let item = type_item(&scope, &t.def, true);
        if features { gated(item, &super::cfg_gate(&t.gate)) } else { item }
    });
    quote! {
        //! Types several APIs share, generated once. Each API's `types` module
        //! re-exports the ones it uses, under the names its spec gives them.
        #(#items)*
    }
}

fn type_item(scope: &Scope<'_>, def: &TypeDef, shared: bool) -> TokenStream {
    let name = ident(&def.rust_name);
    let from = if shared {
        format!("`#{}` of `{}`", def.origin.pointer, def.origin.spec)
    } else {
        format!("`#{}`", def.origin.pointer)
    };
    let more = match def.merged.len() {
        0 => String::new(),
        1 => " and one more schema of the same structure".to_owned(),
        n => format!(" and {n} more schemas of the same structure"),
    };
    let fallback = format!("`{}`, generated from {from}{more}.", def.rust_name);
    let view =
        def.request_view_of.as_ref().map(|of| format!("`{of}` as requests send it: without its read-only fields."));
    let doc = doc_attrs(&paragraphs([def.docs.as_deref(), view.as_deref(), Some(fallback.as_str())]));
    let item = match &def.kind {
        TypeKind::Struct(s) => struct_item(scope, &name, &doc, s, def),
        TypeKind::Enum(e) if e.repr == EnumRepr::Integer => int_enum_item(scope, &name, &doc, e),
        TypeKind::Enum(e) => enum_item(scope, &name, &doc, e),
        TypeKind::Union(u) => union_item(scope, &name, &doc, u),
        TypeKind::Alias(ty) => {
            let ty = scope.ty(ty);
            quote! { #doc pub type #name = #ty; }
        }
    };
    let parts = match &def.kind {
        TypeKind::Struct(s) if def.multipart => Some(multipart_impl(scope, &name, s)),
        _ => None,
    };
    quote! { #item #parts }
}

/// `items` (a type with its impls) each with the attribute `cfg`, placed after the item's doc
/// comment (so `///` lines stay first, as in hand-written code).
pub(super) fn gated(items: TokenStream, cfg: &TokenStream) -> TokenStream {
    let Ok(file) = syn::parse2::<syn::File>(items.clone()) else {
        // Emitted code always parses; if it did not, formatting reports it.
        return items;
    };
    let mut out = TokenStream::new();
    for mut item in file.items {
        let parsed = syn::parse::Parser::parse2(syn::Attribute::parse_outer, cfg.clone());
        if let (Some(attrs), Ok(gate)) = (item_attrs(&mut item), parsed) {
            let docs = attrs.iter().take_while(|a| a.path().is_ident("doc")).count();
            attrs.splice(docs..docs, gate);
            out.extend(quote! { #item });
        } else {
            out.extend(quote! { #cfg #item });
        }
    }
    out
}

/// The attributes of the kinds of item the emitter writes.
fn item_attrs(item: &mut syn::Item) -> Option<&mut Vec<syn::Attribute>> {
    Some(match item {
        syn::Item::Struct(i) => &mut i.attrs,
        syn::Item::Enum(i) => &mut i.attrs,
        syn::Item::Impl(i) => &mut i.attrs,
        syn::Item::Macro(i) => &mut i.attrs,
        syn::Item::Type(i) => &mut i.attrs,
        syn::Item::Fn(i) => &mut i.attrs,
        syn::Item::Use(i) => &mut i.attrs,
        syn::Item::Const(i) => &mut i.attrs,
        syn::Item::Mod(i) => &mut i.attrs,
        syn::Item::Trait(i) => &mut i.attrs,
        _ => return None,
    })
}

/// A struct sent as `multipart/form-data`: one part per property that is set;
/// `format: binary` properties are file parts.
fn multipart_impl(scope: &Scope<'_>, name: &Ident, s: &Struct) -> TokenStream {
    let (result, vec) = (scope.std("Result"), scope.std("Vec"));
    let pushes = s.fields.iter().map(|f| {
        let field = ident(&f.rust_name);
        let wire = &f.wire_name;
        let binary = matches!(&f.ty, TypeRef::Prim(Prim::Binary))
            || matches!(&f.ty, TypeRef::Nullable(t) if **t == TypeRef::Prim(Prim::Binary));
        let part = |value: TokenStream| {
            if binary {
                quote! { parts.push(crate::runtime::file_part(#wire, #value)); }
            } else {
                quote! { parts.push(crate::runtime::text_part(#wire, #value)?); }
            }
        };
        if f.required && !matches!(f.ty, TypeRef::Nullable(_)) {
            part(quote! { &self.#field })
        } else {
            let push = part(quote! { value });
            quote! { if let Some(value) = &self.#field { #push } }
        }
    });
    let extra = s.extra.as_ref().map(|e| {
        let field = ident(&e.rust_name);
        quote! {
            for (key, value) in &self.#field {
                parts.push(crate::runtime::text_part(key, value)?);
            }
        }
    });
    quote! {
        impl crate::runtime::MultipartBody for #name {
            fn parts(&self) -> #result<#vec<crate::runtime::Part>, crate::Error> {
                let mut parts = #vec::new();
                #(#pushes)*
                #extra
                Ok(parts)
            }
        }
    }
}

/// Optional keys and nullable values are both `Option`: an optional key is left
/// out when serializing `None`, a required nullable one is sent as `null`, and
/// an optional nullable one is `Option<Option<T>>` so absent and `null` differ.
fn struct_item(scope: &Scope<'_>, name: &Ident, doc: &TokenStream, s: &Struct, def: &TypeDef) -> TokenStream {
    let (option, string) = (scope.std("Option"), scope.std("String"));
    let is_none = format!("{option}::is_none").replace(' ', "");
    let mut fields = Vec::new();
    let mut required_args = Vec::new();
    let mut inits = Vec::new();
    // `rename_all = "camelCase"` when it spares more per-field renames than it costs.
    // (serde reads a raw field `r#type` as `type`, and the IR keeps names bare.)
    let rust = |f: &crate::ir::Field| f.rust_name.clone();
    let renames =
        |name: &dyn Fn(&crate::ir::Field) -> String| s.fields.iter().filter(|f| name(f) != f.wire_name).count();
    let camel_case = 1 + renames(&|f| serde_camel_case(&rust(f))) < renames(&rust);
    let serde_name = |f: &crate::ir::Field| if camel_case { serde_camel_case(&rust(f)) } else { rust(f) };
    let rename_all = camel_case.then(|| quote! { #[serde(rename_all = "camelCase")] });
    let into = scope.std("Into");
    // Required fields in a builder: lists start empty, the others must be set;
    // optional fields have setters too (but one named like the builder's own
    // `build` is set on the built value).
    let (mut tracked, mut lists, mut rest) = (Vec::new(), Vec::new(), Vec::new());
    let (mut optional, mut optional_lists) = (Vec::new(), Vec::new());
    let mut undocumented = false;
    for f in &s.fields {
        let field = ident(&f.rust_name);
        let rename = (serde_name(f) != f.wire_name).then(|| {
            let wire = &f.wire_name;
            quote! { #[serde(rename = #wire)] }
        });
        let access = match f.access {
            Access::ReadWrite => None,
            Access::ReadOnly => Some("Read-only: set by the server, not sent in requests."),
            Access::WriteOnly => Some("Write-only: sent in requests, not returned by the server."),
        };
        // A field the spec says nothing about gets no doc rather than one
        // that repeats its name.
        let said = f.docs.as_deref().filter(|d| !repeats_name(d, &f.wire_name));
        let text = paragraphs([said, access]);
        undocumented |= text.is_empty();
        let doc = doc_attrs(&text);
        let ty = scope.ty(&f.ty);
        if !f.required {
            match &f.ty {
                _ if matches!(f.rust_name.as_str(), "build" | "builder") => rest.push(quote! { #field, }),
                TypeRef::List(item) => {
                    let item = scope.ty(item);
                    optional_lists.push(quote! { #field: #item, });
                }
                _ => optional.push(quote! { #field: #ty, }),
            }
        }
        let (ty, attrs) = match (f.required, &f.ty) {
            (true, _) if f.default_when_missing => (ty, quote! { #[serde(default)] }),
            (true, _) => (ty, TokenStream::new()),
            // Optional and nullable: absent is `None`, `null` is `Some(None)`.
            (false, TypeRef::Nullable(_)) => (
                quote! { #option<#ty> },
                quote! {
                    #[serde(
                        default,
                        deserialize_with = "crate::runtime::deserialize_some",
                        skip_serializing_if = #is_none
                    )]
                },
            ),
            (false, _) => (quote! { #option<#ty> }, quote! { #[serde(default, skip_serializing_if = #is_none)] }),
        };
        fields.push(quote! { #doc #rename #attrs pub #field: #ty, });
        if !f.required {
            inits.push(quote! { #field: None, });
            continue;
        }
        // One argument convention: lists as `impl IntoIterator<Item = impl Into<T>>`,
        // strings as `impl Into<String>`.
        match f.new_arg() {
            NewArg::Items(item) => {
                let item = scope.ty(item);
                required_args.push(quote! { #field: impl IntoIterator<Item = impl #into<#item>> });
                inits.push(quote! { #field: #field.into_iter().map(#into::into).collect(), });
                lists.push(quote! { #field: #item, });
            }
            NewArg::Text => {
                required_args.push(quote! { #field: impl #into<#ty> });
                inits.push(quote! { #field: #field.into(), });
                tracked.push(quote! { #field: #ty, });
            }
            NewArg::Value => {
                required_args.push(quote! { #field: #ty });
                inits.push(quote! { #field, });
                tracked.push(quote! { #field: #ty, });
            }
        }
    }
    if let Some(extra) = &s.extra {
        let field = ident(&extra.rust_name);
        let value = scope.ty(&extra.value);
        fields.push(quote! {
            /// Properties the schema does not name, kept as sent.
            #[serde(flatten)]
            pub #field: std::collections::BTreeMap<#string, #value>,
        });
        inits.push(quote! { #field: std::collections::BTreeMap::new(), });
        rest.push(quote! { #field, });
    }
    let record = match (def.vendor.record, def.vendor.stored) {
        (true, true) => Some(quote! { crate::runtime::record!(stored); }),
        (true, false) => Some(quote! { crate::runtime::record!(); }),
        _ => None,
    };
    let ctors = s.constructors(def.sent);
    let default = ctors.default.then(|| quote! { Default, });
    let new = ctors.new.then(|| {
        quote! {
            /// A value with the required fields set and every optional field empty.
            pub fn new(#(#required_args),*) -> Self {
                Self { #(#inits)* }
            }
        }
    });
    let helpers = (new.is_some() || record.is_some()).then(|| quote! { impl #name { #new #record } });
    // `From` an id goes through `new`.
    let id = (ctors.new && def.vendor.id_from_text).then(|| quote! { crate::runtime::id_from!(#name, id); });
    // A builder's mechanics are the runtime's.
    let builder = ctors.builder.then(|| {
        let builder = format_ident!("{}Builder", name);
        quote! {
            crate::runtime::builder! {
                #name => #builder { #(#tracked)* } lists { #(#lists)* } optional { #(#optional)* } optional_lists { #(#optional_lists)* } rest { #(#rest)* }
            }
        }
    });
    // Fields without a description are left undocumented, not given a doc
    // that only repeats their name.
    let allow = undocumented.then(|| quote! { #[allow(missing_docs)] });
    quote! {
        #doc
        #allow
        #[derive(Debug, Clone, PartialEq, #default serde::Serialize, serde::Deserialize)]
        #rename_all
        pub struct #name { #(#fields)* }

        #helpers

        #builder

        #id
    }
}

/// Whether a description says no more than the name it describes
/// (`hs_object_id` for `hs_object_id`, `` `createdAt` `` for `createdAt`).
fn repeats_name(description: &str, name: &str) -> bool {
    let letters =
        |s: &str| s.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect::<String>();
    let said = letters(description);
    !said.is_empty() && said == letters(name)
}

/// The wire name serde's `rename_all = "camelCase"` gives a field (serde's own
/// rule: drop each `_` and upper-case the letter after it, lower-case the first).
fn serde_camel_case(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    let mut upper = false;
    for c in field.chars() {
        match c {
            '_' => upper = true,
            c if upper && !out.is_empty() => {
                out.push(c.to_ascii_uppercase());
                upper = false;
            }
            c if out.is_empty() => {
                out.push(c.to_ascii_lowercase());
                upper = false;
            }
            c => out.push(c),
        }
    }
    out
}

/// `String::from` for a `&str`, through the trait's full path where the API shadows `From`.
fn string_from(scope: &Scope<'_>) -> TokenStream {
    let (string, from) = (scope.std("String"), scope.std("From"));
    if from.to_string() == "From" {
        quote! { #string::from }
    } else {
        quote! { <#string as #from<&str>>::from }
    }
}

/// An open string enum: values the spec does not list decode into the
/// catch-all variant and serialize back unchanged. The enum is written out;
/// its mechanics (wire values, parsing, `Display`, serde) are one invocation of
/// the runtime's `open_enum!`.
fn enum_item(_scope: &Scope<'_>, name: &Ident, doc: &TokenStream, e: &Enum) -> TokenStream {
    let unknown = ident(&e.unknown);
    let variants: Vec<_> = e.variants.iter().map(|v| ident(&v.rust_name)).collect();
    let wires: Vec<&str> = e
        .variants
        .iter()
        .map(|v| match &v.value {
            EnumValue::String(s) => s.as_str(),
            EnumValue::Integer(_) => "",
        })
        .collect();
    quote! {
        crate::runtime::open_enum! {
            #doc
            pub enum #name { #(#variants = #wires,)* ..#unknown }
        }
    }
}

/// `oneOf`/`anyOf`: JSON that fits no variant is kept in the last, raw one.
/// Without a discriminator the first variant that decodes wins; with one, its
/// property's value picks the variant.
fn union_item(scope: &Scope<'_>, name: &Ident, doc: &TokenStream, union: &Union) -> TokenStream {
    let result = scope.std("Result");
    let to_string = string_from(scope);
    let other = ident(&union.other);
    let arms = union.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let ty = scope.ty(&v.ty);
        let doc = doc_attrs(&format!("The value as `{}`.", ty.to_string().replace(' ', "")));
        quote! { #doc #variant(#ty), }
    });
    let other_arm = quote! {
        /// JSON that matches none of the other variants, kept as it was sent.
        #other(serde_json::Value),
    };
    let Some(property) = &union.discriminator else {
        return quote! {
            #doc
            #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
            #[serde(untagged)]
            #[allow(clippy::large_enum_variant)]
            pub enum #name { #(#arms)* #other_arm }
        };
    };
    let dispatch = union.variants.iter().filter(|v| !v.tags.is_empty()).map(|v| {
        let variant = ident(&v.rust_name);
        let tags = &v.tags;
        quote! { #(Some(#tags))|* => crate::runtime::tagged(value, Self::#variant), }
    });
    // Variants no tag selects (inline ones listing no value) are tried in
    // order when the tag selects none of the others.
    let untagged = union.variants.iter().filter(|v| v.tags.is_empty()).map(|v| {
        let variant = ident(&v.rust_name);
        quote! {
            if let Ok(v) = serde_json::from_value(value.clone()) {
                return Ok(Self::#variant(v));
            }
        }
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, serde::Serialize)]
        #[serde(untagged)]
        #[allow(clippy::large_enum_variant)]
        pub enum #name { #(#arms)* #other_arm }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> #result<Self, D::Error> {
                let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                let tag = value.get(#property).and_then(serde_json::Value::as_str).map(#to_string);
                match tag.as_deref() {
                    #(#dispatch)*
                    _ => {
                        #(#untagged)*
                        Ok(Self::#other(value))
                    }
                }
            }
        }
    }
}

/// An open integer enum: values the spec does not list decode into the
/// catch-all variant and serialize back unchanged; the mechanics are the
/// runtime's `open_int_enum!`.
fn int_enum_item(_scope: &Scope<'_>, name: &Ident, doc: &TokenStream, e: &Enum) -> TokenStream {
    let unknown = ident(&e.unknown);
    let variants: Vec<_> = e.variants.iter().map(|v| ident(&v.rust_name)).collect();
    let values: Vec<Literal> = e
        .variants
        .iter()
        .map(|v| match &v.value {
            EnumValue::Integer(i) => Literal::i64_unsuffixed(*i),
            EnumValue::String(_) => Literal::i64_unsuffixed(0),
        })
        .collect();
    quote! {
        crate::runtime::open_int_enum! {
            #doc
            pub enum #name { #(#variants = #values,)* ..#unknown }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::serde_camel_case;

    /// The rule agrees with serde's derive, which applies it to the generated structs.
    #[test]
    fn camel_case_is_serdes() {
        #[derive(serde::Serialize, Default)]
        #[serde(rename_all = "camelCase")]
        #[allow(non_snake_case)]
        struct Names {
            id_property: u8,
            r#type: u8,
            line_1: u8,
            hs_object_id: u8,
            _private: u8,
            a__b: u8,
            already: u8,
            createdAt: u8,
        }
        let json = serde_json::to_value(Names::default()).unwrap();
        let mut serde: Vec<&str> = json.as_object().unwrap().keys().map(String::as_str).collect();
        serde.sort();
        let ours: Vec<String> =
            ["id_property", "type", "line_1", "hs_object_id", "_private", "a__b", "already", "createdAt"]
                .map(serde_camel_case)
                .into();
        let mut ours: Vec<&str> = ours.iter().map(String::as_str).collect();
        ours.sort();
        assert_eq!(ours, serde);
    }
}
