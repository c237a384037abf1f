//! Contract calls: every operation of every API called once through the
//! generated client, per declared success status, with values the test that
//! runs them derives from the spec. The calls are generated from the same
//! model as the client, so a new operation is exercised the day it appears.
//!
//! The emitted file declares an `Exercise` trait and one `async fn` per API.
//! A test implements the trait: it supplies parameter and body values (JSON
//! it derives from the operation's schemas, decoded into the client's types),
//! the request options that ask the mock server for a status, and records
//! what came back.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Scope, ident};
use crate::ir::{Api, BodyEncoding, Model, Operation, Status};

/// The contract calls for every API in `model`, as a file for a test crate
/// that depends on the client crate `krate` (its name as written in Rust,
/// `hubspot_crm`).
pub fn contract_calls(model: &Model, krate: &str) -> TokenStream {
    let krate_ident = ident(krate);
    let krate = quote! { #krate_ident };
    let functions = model.apis.iter().map(|api| api_calls(api, &krate));
    let arms = model.apis.iter().map(|api| {
        let module = &api.module;
        let function = ident(&api.module);
        quote! { #module => #function(client, x).await, }
    });
    let modules = model.apis.iter().map(|api| &api.module);
    let binary = model
        .apis
        .iter()
        .flat_map(|a| &a.operations)
        .any(|op| op.body.as_ref().is_some_and(|b| matches!(b.encoding, BodyEncoding::Binary)));
    let bytes = binary.then(|| {
        quote! {
            /// A raw request body of the current operation.
            fn bytes(&mut self) -> Vec<u8>;
        }
    });
    quote! {
        //! Every operation of every API, called through the client with values
        //! the test supplies. Generated from the same model as the client.
        #![allow(deprecated, clippy::too_many_lines)]

        use #krate::{ApiResponse, Client, Error, RequestOptions};

        /// What the calls need from the test that runs them.
        pub trait Exercise {
            /// The next call: an operation (`module.method`), its method and
            /// path template as the spec writes them, and the success status
            /// to ask for (`None` when the spec declares no exact one).
            /// `false` skips the call (a test that runs only some operations).
            fn begin(&mut self, operation: &'static str, method: &'static str, path: &'static str, status: Option<u16>) -> bool;
            /// A value for a parameter (`path`, `query`, `header` or `cookie`) of the
            /// current operation, or `None` (recorded as a failure) when the
            /// test has none the client's type accepts.
            fn param<T: serde::de::DeserializeOwned>(&mut self, location: &'static str, name: &'static str) -> Option<T>;
            /// The request body of the current operation, like [`Exercise::param`].
            fn body<T: serde::de::DeserializeOwned>(&mut self) -> Option<T>;
            #bytes
            /// The options for the current call (asking for its status).
            fn options(&mut self) -> RequestOptions;
            /// What the current call returned.
            fn record<T: std::fmt::Debug>(&mut self, result: Result<ApiResponse<T>, Error>);
        }

        /// The modules with calls, in order.
        pub const APIS: &[&str] = &[#(#modules),*];

        /// Call every operation of the API generated into `module`.
        pub async fn exercise(module: &str, client: &Client, x: &mut impl Exercise) {
            match module {
                #(#arms)*
                other => panic!("no API module `{other}`"),
            }
        }

        #(#functions)*
    }
}

/// One API's calls, in the order of its operations.
fn api_calls(api: &Api, krate: &TokenStream) -> TokenStream {
    let module = ident(&api.module);
    let scope = Scope::outside(krate.clone(), quote! { types:: });
    let calls = api.operations.iter().map(|op| operation_call(api, op, &scope));
    let doc = format!("Every operation of `{}` ({}).", api.module, api.source);
    quote! {
        #[doc = #doc]
        pub async fn #module(client: &Client, x: &mut impl Exercise) {
            #[allow(unused_imports)]
            use #krate::#module::types;
            let api = client.#module();
            #(#calls)*
        }
    }
}

/// One operation, once per declared success status.
fn operation_call(api: &Api, op: &Operation, scope: &Scope<'_>) -> TokenStream {
    let name = format!("{}.{}", api.module, op.rust_name);
    let method_str = op.method.as_str();
    let template = &op.path.template;
    let method = ident(&op.rust_name);
    let statuses: Vec<TokenStream> = {
        let codes: Vec<u16> =
            op.success.iter().filter_map(|o| if let Status::Code(c) = o.status { Some(c) } else { None }).collect();
        if codes.is_empty() {
            vec![quote! { None }]
        } else {
            codes
                .iter()
                .map(|c| {
                    let c = proc_macro2::Literal::u16_unsuffixed(*c);
                    quote! { Some(#c) }
                })
                .collect()
        }
    };

    // Values for every argument and setter the surface lists, passed in its order.
    let surface = crate::surface::method(op);
    let value = |arg: &crate::surface::Arg<'_>| -> (TokenStream, TokenStream) {
        match arg {
            crate::surface::Arg::Param(p) => {
                let local = ident(&format!("p_{}", p.rust_name));
                let (ty, location, wire) = (scope.ty(&p.ty), p.location.as_str(), &p.wire_name);
                (quote! { let Some(#local) = x.param::<#ty>(#location, #wire) else { continue }; }, quote! { #local })
            }
            crate::surface::Arg::Body(body) => {
                let get = match &body.encoding {
                    BodyEncoding::Binary => quote! { let body = x.bytes(); },
                    BodyEncoding::Json(ty) | BodyEncoding::Form(ty) | BodyEncoding::Multipart { ty, .. } => {
                        let ty = scope.ty(ty);
                        quote! { let Some(body) = x.body::<#ty>() else { continue }; }
                    }
                };
                (get, quote! { &body })
            }
        }
    };
    let mut lets = Vec::new();
    let mut args = Vec::new();
    for arg in &surface.args {
        let (get, pass) = value(arg);
        lets.push(get);
        args.push(pass);
    }
    let mut setters = Vec::new();
    for arg in &surface.setters {
        let (get, pass) = value(arg);
        let setter = ident(arg.name());
        lets.push(get);
        setters.push(quote! { .#setter(#pass) });
    }
    quote! {
        for status in [#(#statuses),*] {
            if !x.begin(#name, #method_str, #template, status) {
                continue;
            }
            #(#lets)*
            let result = api.#method(#(#args),*)#(#setters)*.options(x.options()).send_with_response().await;
            x.record(result);
        }
    }
}
