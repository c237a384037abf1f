//! Emit: [`crate::ir::Api`] → token streams, one per generated file.
//!
//! Generated code names everything by absolute path (`::std::option::Option`,
//! `::serde::Serialize`) because specs name their schemas `Option`, `Result`,
//! `Error` or `String`, and it reaches the hand-written runtime through
//! `crate::runtime`, `crate::Client` and `crate::Error`.

mod docs;
mod resource;
mod types;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{Api, Prim, TypeRef};

pub use docs::doc_attrs;

/// The files of one API: `{module}/mod.rs` (the resource and its request
/// builders) and `{module}/types.rs` (the schemas).
pub fn api_files(api: &Api) -> Vec<(String, TokenStream)> {
    vec![
        (format!("{}/mod.rs", api.module), resource::resource_file(api)),
        (format!("{}/types.rs", api.module), types::types_file(api)),
    ]
}

/// `mod.rs` of the generated folder: one module per API and the accessor
/// methods on `crate::Client`.
pub fn root_file(apis: &[Api]) -> TokenStream {
    let mut sorted: Vec<&Api> = apis.iter().collect();
    sorted.sort_by(|a, b| a.module.cmp(&b.module));
    let modules = sorted.iter().map(|api| {
        let module = ident(&api.module);
        let doc = doc_attrs(&format!("{} ({}), generated from `{}`.", api.title, api.version, api.source));
        quote! { #doc pub mod #module; }
    });
    let accessors = sorted.iter().map(|api| {
        let module = ident(&api.module);
        let resource = ident(&api.resource);
        let doc = doc_attrs(&format!(
            "The {} API, version `{}`: the operations of `{}`.",
            api.title, api.version, api.source
        ));
        quote! {
            #doc
            pub fn #module(&self) -> #module::#resource {
                #module::#resource::new(self.clone())
            }
        }
    });
    quote! {
        //! The generated API modules, one per spec in `specs/`.
        #(#modules)*
        impl crate::Client {
            #(#accessors)*
        }
    }
}

/// An identifier from a name made by [`crate::naming`] (which may be raw: `r#type`).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// Tokens for a type reference. `types` is the path prefix of the types module
/// (`types::` from the resource module, nothing inside it).
pub fn type_tokens(ty: &TypeRef, types: &TokenStream) -> TokenStream {
    match ty {
        TypeRef::Named(name) => {
            let name = ident(name);
            quote! { #types #name }
        }
        TypeRef::Prim(p) => prim_tokens(*p),
        TypeRef::List(t) => {
            let t = type_tokens(t, types);
            quote! { ::std::vec::Vec<#t> }
        }
        TypeRef::Map(t) => {
            let t = type_tokens(t, types);
            quote! { ::std::collections::BTreeMap<::std::string::String, #t> }
        }
        TypeRef::Nullable(t) => {
            let t = type_tokens(t, types);
            quote! { ::std::option::Option<#t> }
        }
        TypeRef::Boxed(t) => {
            let t = type_tokens(t, types);
            quote! { ::std::boxed::Box<#t> }
        }
        TypeRef::Any => quote! { ::serde_json::Value },
    }
}

fn prim_tokens(p: Prim) -> TokenStream {
    match p {
        Prim::String => quote! { ::std::string::String },
        Prim::Bool => quote! { bool },
        Prim::I32 => quote! { i32 },
        Prim::I64 => quote! { i64 },
        Prim::F32 => quote! { f32 },
        Prim::F64 => quote! { f64 },
        Prim::Timestamp => quote! { ::jiff::Timestamp },
        Prim::Date => quote! { ::jiff::civil::Date },
        Prim::Binary => quote! { crate::Upload },
    }
}
