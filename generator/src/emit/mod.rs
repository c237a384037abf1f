//! Emit: [`crate::ir::Api`] → token streams, one per generated file.
//!
//! Emitting only prints: every name, encoding and convention was decided by
//! lowering and is read from the IR. Generated code uses prelude names
//! (`Option`, `String`, `Vec`) as hand-written code does, except in a `types`
//! module whose own types shadow one of them ([`crate::ir::Api::shadowed_prelude`]),
//! where that name is written as a full path. It reaches the hand-written
//! runtime through `crate::runtime`, `crate::Client` and `crate::Error`.

mod contract;
mod docs;
mod resource;
mod types;

use std::collections::BTreeSet;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{Api, Model, Prim, TypeRef};

pub use contract::contract_calls;
pub use docs::doc_attrs;

/// The files of one API: `{module}/mod.rs` (the resource and its request
/// builders) and `{module}/types.rs` (the schemas).
pub fn api_files(api: &Api) -> Vec<(String, TokenStream)> {
    vec![
        (format!("{}/mod.rs", api.module), resource::resource_file(api)),
        (format!("{}/types.rs", api.module), types::types_file(api)),
    ]
}

/// The shared type space, if any API shares a type with another.
pub fn shared_file(model: &Model, features: bool) -> Option<(String, TokenStream)> {
    (!model.shared.is_empty()).then(|| ("shared.rs".to_owned(), types::shared_file(model, features)))
}

/// The operations several APIs share, if any.
pub fn operations_file(model: &Model, features: bool) -> Option<(String, TokenStream)> {
    (!model.shared_ops.is_empty()).then(|| ("operations.rs".to_owned(), resource::operations_file(model, features)))
}

/// `#[cfg(feature = "…")]`: an API's feature, or a gate of the shared space
/// ([`crate::ir::Model::gates`]).
pub fn cfg_gate(feature: &str) -> TokenStream {
    quote! { #[cfg(feature = #feature)] }
}

/// `mod.rs` of the generated folder: one module per API, the shared type
/// space, and the accessor methods on `crate::Client`.
pub fn root_file(model: &Model, features: bool) -> TokenStream {
    let gate = |api: &Api| features.then(|| cfg_gate(&api.module));
    let mut sorted: Vec<&Api> = model.apis.iter().collect();
    sorted.sort_by(|a, b| a.module.cmp(&b.module));
    let shared = (!model.shared.is_empty()).then(|| {
        quote! {
            /// Types several APIs share, generated once; each API's `types` module re-exports those it uses.
            mod shared;
        }
    });
    let operations = (!model.shared_ops.is_empty()).then(|| {
        quote! {
            /// Operations several APIs share, implemented once; each API's module re-exports those it starts.
            mod operations;
        }
    });
    let modules = sorted.iter().map(|api| {
        let module = ident(&api.module);
        let doc = doc_attrs(&format!("{} ({}), generated from `{}`.", api.title, api.version, api.source));
        let gate = gate(api);
        quote! { #doc #gate pub mod #module; }
    });
    let accessors = sorted.iter().map(|api| {
        let module = ident(&api.module);
        let resource = ident(&api.resource);
        let doc = doc_attrs(&format!(
            "The {} API, version `{}`: the operations of `{}`.",
            api.title, api.version, api.source
        ));
        let gate = gate(api);
        quote! {
            #doc
            #gate
            pub fn #module(&self) -> #module::#resource {
                #module::#resource::new(self.clone())
            }
        }
    });
    // The runtime states rate limits the way the profile's vendor does.
    let hubspot = model.apis.iter().any(|a| a.rate_limits == crate::ir::RateLimits::HubSpot);
    let (protocol, why) = if hubspot {
        (quote! { crate::runtime::HubSpotRateLimits }, "HubSpot's `X-HubSpot-RateLimit-*` headers and 429 policies")
    } else {
        (quote! { crate::runtime::PlainRateLimits }, "none known: `Retry-After` only, no client-side pacing by default")
    };
    let rate_doc = doc_attrs(&format!("How these APIs state their rate limits: {why}."));
    // On docs.rs an item shows the features it needs: the API features, not
    // the internal gates of the shared space.
    let names = model.gates.keys();
    let hide = (features && !model.gates.is_empty()).then(|| {
        quote! { #![cfg_attr(docsrs, doc(auto_cfg(hide(#(feature = #names),*))))] }
    });
    quote! {
        //! The generated API modules, one per spec in `specs/`.
        #hide
        #rate_doc
        pub(crate) const RATE_LIMITS: &dyn crate::runtime::RateLimitProtocol = &#protocol;
        #shared
        #operations
        #(#modules)*
        impl crate::Client {
            #(#accessors)*
        }
    }
}

/// The identifier for a name made by [`crate::naming`]: raw where the name is
/// a keyword (`type` → `r#type`, [`crate::naming::needs_raw`]), the one place
/// a name becomes raw.
pub fn ident(name: &str) -> Ident {
    if crate::naming::needs_raw(name) {
        Ident::new_raw(name, Span::call_site())
    } else {
        Ident::new(name, Span::call_site())
    }
}

/// Where generated code stands: how it names the API's types and the prelude.
#[derive(Debug, Clone)]
pub struct Scope<'a> {
    /// Path prefix of the types module (`types::` from the resource module, nothing inside it).
    types: TokenStream,
    /// Prelude names shadowed here.
    shadowed: &'a BTreeSet<String>,
    /// The client crate's root (`crate` inside it): where `Upload` lives.
    krate: TokenStream,
}

static NONE_SHADOWED: BTreeSet<String> = BTreeSet::new();

impl<'a> Scope<'a> {
    /// The resource module: types through `types::`, no prelude name shadowed
    /// (its own items are the resource, builders and response enums, which
    /// naming keeps clear of the prelude).
    pub fn resource() -> Scope<'static> {
        Scope { types: quote! { types:: }, shadowed: &NONE_SHADOWED, krate: quote! { crate } }
    }

    /// A module of types (an API's `types`, or the shared space) whose own
    /// names shadow `shadowed`.
    pub fn types(shadowed: &'a BTreeSet<String>) -> Scope<'a> {
        Scope { types: TokenStream::new(), shadowed, krate: quote! { crate } }
    }

    /// A module that names the API's types through `types` (`super::shared::`), shadowing no prelude name.
    pub fn in_module(types: TokenStream) -> Scope<'static> {
        Scope { types, shadowed: &NONE_SHADOWED, krate: quote! { crate } }
    }

    /// Code outside the client crate (`krate`, its name), naming an API's
    /// types through `types` (`hubspot_crm::contacts::types::`).
    pub fn outside(krate: TokenStream, types: TokenStream) -> Scope<'static> {
        Scope { types, shadowed: &NONE_SHADOWED, krate }
    }

    /// A prelude name, or its full path where the API shadows it.
    pub fn std(&self, name: &str) -> TokenStream {
        let short = Ident::new(name, Span::call_site());
        if !self.shadowed.contains(name) {
            return quote! { #short };
        }
        match name {
            "Option" => quote! { ::std::option::Option },
            "Result" => quote! { ::std::result::Result },
            "String" => quote! { ::std::string::String },
            "Vec" => quote! { ::std::vec::Vec },
            "Box" => quote! { ::std::boxed::Box },
            "From" => quote! { ::std::convert::From },
            "Into" => quote! { ::std::convert::Into },
            _ => quote! { #short },
        }
    }

    /// Tokens for a type reference.
    pub fn ty(&self, ty: &TypeRef) -> TokenStream {
        match ty {
            TypeRef::Named(name) => {
                let name = ident(name);
                let types = &self.types;
                quote! { #types #name }
            }
            TypeRef::Prim(p) => self.prim(*p),
            TypeRef::List(t) => {
                let (vec, t) = (self.std("Vec"), self.ty(t));
                quote! { #vec<#t> }
            }
            TypeRef::Map(t) => {
                let (string, t) = (self.std("String"), self.ty(t));
                quote! { std::collections::BTreeMap<#string, #t> }
            }
            TypeRef::Nullable(t) => {
                let (option, t) = (self.std("Option"), self.ty(t));
                quote! { #option<#t> }
            }
            TypeRef::Boxed(t) => {
                let (boxed, t) = (self.std("Box"), self.ty(t));
                quote! { #boxed<#t> }
            }
            TypeRef::Any => quote! { serde_json::Value },
        }
    }

    fn prim(&self, p: Prim) -> TokenStream {
        match p {
            Prim::String => self.std("String"),
            Prim::Bool => quote! { bool },
            Prim::I32 => quote! { i32 },
            Prim::I64 => quote! { i64 },
            Prim::F32 => quote! { f32 },
            Prim::F64 => quote! { f64 },
            Prim::Timestamp => quote! { jiff::Timestamp },
            Prim::Date => quote! { jiff::civil::Date },
            Prim::Binary => {
                let krate = &self.krate;
                quote! { #krate::Upload }
            }
        }
    }
}
