//! The types module: one Rust item per named IR type.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc_attrs, inner_doc_attrs, paragraphs};
use super::{ident, type_tokens};
use crate::ir::{Api, Enum, Prim, Struct, TypeDef, TypeKind, TypeRef, Union};

pub fn types_file(api: &Api) -> TokenStream {
    let items = api.types.values().map(type_item);
    let module_doc = inner_doc_attrs(&format!("Types of the {} API, from the schemas of `{}`.", api.title, api.source));
    quote! {
        #module_doc
        #(#items)*
    }
}

fn type_item(def: &TypeDef) -> TokenStream {
    let name = ident(&def.rust_name);
    let fallback = format!("`{}`, generated from `#{}`.", def.rust_name, def.origin);
    let doc = doc_attrs(&paragraphs([def.docs.as_deref(), Some(fallback.as_str())]));
    let item = match &def.kind {
        TypeKind::Struct(s) => struct_item(&name, &doc, s),
        TypeKind::Enum(e) if e.integer => int_enum_item(&name, &doc, e),
        TypeKind::Enum(e) => enum_item(&name, &doc, e),
        TypeKind::Union(u) => union_item(&name, &doc, u),
        TypeKind::Alias(ty) => {
            let ty = type_tokens(ty, &TokenStream::new());
            quote! { #doc pub type #name = #ty; }
        }
    };
    let parts = match &def.kind {
        TypeKind::Struct(s) if def.multipart => Some(multipart_impl(&name, s)),
        _ => None,
    };
    quote! { #item #parts }
}

/// A struct sent as `multipart/form-data`: one part per property that is set;
/// `format: binary` properties are file parts.
fn multipart_impl(name: &proc_macro2::Ident, s: &Struct) -> TokenStream {
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
            quote! { if let ::std::option::Option::Some(value) = &self.#field { #push } }
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
            fn parts(&self) -> ::std::result::Result<::std::vec::Vec<crate::runtime::Part>, crate::Error> {
                let mut parts = ::std::vec::Vec::new();
                #(#pushes)*
                #extra
                ::std::result::Result::Ok(parts)
            }
        }
    }
}

/// Optional keys and nullable values are both `Option`: an optional key is left
/// out when serializing `None`, a required nullable one is sent as `null`, and
/// an optional nullable one is `Option<Option<T>>` so absent and `null` differ.
fn struct_item(name: &proc_macro2::Ident, doc: &TokenStream, s: &Struct) -> TokenStream {
    let no_prefix = TokenStream::new();
    let mut fields = Vec::new();
    let mut required_args = Vec::new();
    let mut inits = Vec::new();
    for f in &s.fields {
        let field = ident(&f.rust_name);
        let rename = (f.rust_name.trim_start_matches("r#") != f.wire_name).then(|| {
            let wire = &f.wire_name;
            quote! { #[serde(rename = #wire)] }
        });
        let fallback = format!("`{}`", f.wire_name);
        let doc = doc_attrs(f.docs.as_deref().unwrap_or(&fallback));
        let ty = type_tokens(&f.ty, &no_prefix);
        let (ty, attrs) = match (f.required, &f.ty) {
            (true, _) if f.default_when_missing => (ty, quote! { #[serde(default)] }),
            (true, _) => (ty, TokenStream::new()),
            // Optional and nullable: absent is `None`, `null` is `Some(None)`.
            (false, TypeRef::Nullable(_)) => (
                quote! { ::std::option::Option<#ty> },
                quote! {
                    #[serde(
                        default,
                        deserialize_with = "crate::runtime::deserialize_some",
                        skip_serializing_if = "::std::option::Option::is_none"
                    )]
                },
            ),
            (false, _) => (
                quote! { ::std::option::Option<#ty> },
                quote! { #[serde(default, skip_serializing_if = "::std::option::Option::is_none")] },
            ),
        };
        fields.push(quote! { #doc #rename #attrs pub #field: #ty, });
        if f.required {
            required_args.push(quote! { #field: #ty });
            inits.push(quote! { #field, });
        } else {
            inits.push(quote! { #field: ::std::option::Option::None, });
        }
    }
    if let Some(extra) = &s.extra {
        let field = ident(&extra.rust_name);
        let value = type_tokens(&extra.value, &no_prefix);
        fields.push(quote! {
            /// Properties the schema does not name, kept as sent.
            #[serde(flatten)]
            pub #field: ::std::collections::BTreeMap<::std::string::String, #value>,
        });
        inits.push(quote! { #field: ::std::collections::BTreeMap::new(), });
    }
    if required_args.is_empty() {
        return quote! {
            #doc
            #[derive(Debug, Clone, PartialEq, Default, ::serde::Serialize, ::serde::Deserialize)]
            pub struct #name { #(#fields)* }
        };
    }
    let many = (required_args.len() > 7).then(|| quote! { #[allow(clippy::too_many_arguments)] });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        pub struct #name { #(#fields)* }

        impl #name {
            /// A value with the required fields set and every optional field empty.
            #many
            pub fn new(#(#required_args),*) -> Self {
                Self { #(#inits)* }
            }
        }
    }
}

/// An open string enum: values the spec does not list decode into the
/// catch-all variant and serialize back unchanged.
fn enum_item(name: &proc_macro2::Ident, doc: &TokenStream, e: &Enum) -> TokenStream {
    let unknown = ident(&e.unknown);
    let variants: Vec<_> = e.variants.iter().map(|v| ident(&v.rust_name)).collect();
    let wires: Vec<&str> = e.variants.iter().map(|v| v.wire.as_str()).collect();
    let variant_docs = wires.iter().map(|w| doc_attrs(&format!("`{w}`")));
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#variant_docs #variants,)*
            /// A value this version of the client does not know, kept as it was sent.
            #unknown(::std::string::String),
        }

        impl #name {
            /// The value as it is sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#variants => #wires,)*
                    Self::#unknown(value) => value.as_str(),
                }
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#wires => Self::#variants,)*
                    other => Self::#unknown(::std::borrow::ToOwned::to_owned(other)),
                }
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::std::string::String as ::serde::Deserialize>::deserialize(deserializer)?;
                ::std::result::Result::Ok(Self::from(value.as_str()))
            }
        }
    }
}

/// `oneOf`/`anyOf`: JSON that fits no variant is kept in the last, raw one.
/// Without a discriminator the first variant that decodes wins; with one, its
/// property's value picks the variant.
fn union_item(name: &proc_macro2::Ident, doc: &TokenStream, union: &Union) -> TokenStream {
    let no_prefix = TokenStream::new();
    let variants = &union.variants;
    let arms = variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let ty = type_tokens(&v.ty, &no_prefix);
        let doc = if v.rust_name == "Other" && v.ty == TypeRef::Any {
            doc_attrs("JSON that matches none of the other variants, kept as it was sent.")
        } else {
            doc_attrs(&format!("The value as `{}`.", ty.to_string().replace(' ', "")))
        };
        quote! { #doc #variant(#ty), }
    });
    let Some(property) = &union.discriminator else {
        return quote! {
            #doc
            #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
            #[serde(untagged)]
            #[allow(clippy::large_enum_variant)]
            pub enum #name { #(#arms)* }
        };
    };
    let dispatch = variants.iter().filter(|v| !v.tags.is_empty()).map(|v| {
        let variant = ident(&v.rust_name);
        let tags = &v.tags;
        quote! {
            #(::std::option::Option::Some(#tags))|* => ::serde_json::from_value(value)
                .map(Self::#variant)
                .map_err(<D::Error as ::serde::de::Error>::custom),
        }
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize)]
        #[serde(untagged)]
        #[allow(clippy::large_enum_variant)]
        pub enum #name { #(#arms)* }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                let tag = value.get(#property).and_then(::serde_json::Value::as_str).map(::std::borrow::ToOwned::to_owned);
                match tag.as_deref() {
                    #(#dispatch)*
                    _ => ::std::result::Result::Ok(Self::Other(value)),
                }
            }
        }
    }
}

/// An open integer enum: values the spec does not list decode into the
/// catch-all variant and serialize back unchanged.
fn int_enum_item(name: &proc_macro2::Ident, doc: &TokenStream, e: &Enum) -> TokenStream {
    let unknown = ident(&e.unknown);
    let variants: Vec<_> = e.variants.iter().map(|v| ident(&v.rust_name)).collect();
    let values: Vec<proc_macro2::Literal> =
        e.variants.iter().map(|v| proc_macro2::Literal::i64_unsuffixed(v.wire.parse().unwrap_or_default())).collect();
    let variant_docs = e.variants.iter().map(|v| doc_attrs(&format!("`{}`", v.wire)));
    quote! {
        #doc
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#variant_docs #variants,)*
            /// A value this version of the client does not know, kept as it was sent.
            #unknown(i64),
        }

        impl #name {
            /// The value as it is sent on the wire.
            pub fn value(self) -> i64 {
                match self {
                    #(Self::#variants => #values,)*
                    Self::#unknown(value) => value,
                }
            }
        }

        impl ::std::convert::From<i64> for #name {
            fn from(value: i64) -> Self {
                match value {
                    #(#values => Self::#variants,)*
                    other => Self::#unknown(other),
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.value(), f)
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <i64 as ::serde::Deserialize>::deserialize(deserializer)?;
                ::std::result::Result::Ok(Self::from(value))
            }
        }
    }
}
