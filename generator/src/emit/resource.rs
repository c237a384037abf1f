//! The resource module of one API: a struct with one method per operation,
//! a request builder per operation and, where an operation has several
//! success statuses, an enum saying which one arrived.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::docs::{doc_attrs, inner_doc_attrs, paragraphs};
use super::{ident, type_tokens};
use crate::ir::{
    Api, Batch, Body, BodyKind, Cursor, FieldPath, Operation, Outcome, Pagination, Param, ParamLocation, Prim, Status,
    TypeKind, TypeRef,
};
use crate::naming::camel;

pub fn resource_file(api: &Api) -> TokenStream {
    let resource = ident(&api.resource);
    let module_doc = {
        let mut text = format!("The {} API (version `{}`), generated from `{}`.", api.title, api.version, api.source);
        if let Some(d) = &api.description {
            text.push_str("\n\n");
            text.push_str(d);
        }
        if !api.security.is_empty() {
            text.push_str("\n\nAuthentication schemes the spec declares:\n");
            for s in &api.security {
                text.push_str(&format!("\n- `{}`: {}", s.name, s.kind));
            }
        }
        inner_doc_attrs(&text)
    };
    let resource_doc = doc_attrs(&format!(
        "The operations of the {} API. Get one with [`crate::Client::{}`].",
        api.title, api.module
    ));
    let methods = api.operations.iter().map(|op| constructor(api, op));
    let builders = api.operations.iter().map(|op| builder(api, op));
    quote! {
        #module_doc

        pub mod types;

        #resource_doc
        #[derive(Debug, Clone)]
        pub struct #resource {
            client: crate::Client,
        }

        impl #resource {
            pub(crate) fn new(client: crate::Client) -> Self {
                Self { client }
            }

            #(#methods)*
        }

        #(#builders)*
    }
}

/// Types are named from the resource module through its `types` child.
fn types_path() -> TokenStream {
    quote! { types:: }
}

fn builder_name(op: &Operation) -> Ident {
    format_ident!("{}Request", camel(op.rust_name.trim_start_matches("r#")))
}

fn response_enum_name(op: &Operation) -> Ident {
    format_ident!("{}Response", camel(op.rust_name.trim_start_matches("r#")))
}

/// The type a body is borrowed as: its own type, or bytes for a binary body.
fn body_type(body: &Body) -> TokenStream {
    match body.kind {
        BodyKind::Binary => quote! { [u8] },
        _ => type_tokens(&body.ty, &types_path()),
    }
}

/// Does the request carry a borrowed body (and so a lifetime)?
fn has_body(op: &Operation) -> bool {
    op.body.is_some()
}

fn builder_type(op: &Operation) -> TokenStream {
    let name = builder_name(op);
    if has_body(op) { quote! { #name<'a> } } else { quote! { #name } }
}

/// How a parameter is taken from the caller: strings and lists of strings take
/// anything that converts, everything else its own type.
enum ArgKind {
    Into,
    IntoIter,
    Plain,
}

fn arg_kind(ty: &TypeRef) -> ArgKind {
    match ty {
        TypeRef::Prim(Prim::String) => ArgKind::Into,
        TypeRef::List(t) if **t == TypeRef::Prim(Prim::String) => ArgKind::IntoIter,
        _ => ArgKind::Plain,
    }
}

fn arg_type(ty: &TypeRef) -> TokenStream {
    match arg_kind(ty) {
        ArgKind::Into => quote! { impl ::std::convert::Into<::std::string::String> },
        ArgKind::IntoIter => {
            quote! { impl ::std::iter::IntoIterator<Item = impl ::std::convert::Into<::std::string::String>> }
        }
        ArgKind::Plain => type_tokens(ty, &types_path()),
    }
}

fn arg_convert(ty: &TypeRef, name: &Ident) -> Option<TokenStream> {
    match arg_kind(ty) {
        ArgKind::Into => Some(quote! { #name.into() }),
        ArgKind::IntoIter => Some(quote! { #name.into_iter().map(::std::convert::Into::into).collect() }),
        ArgKind::Plain => None,
    }
}

fn param_doc(p: &Param) -> String {
    let default = p.default.as_ref().map(|d| format!("The server's default is `{d}`."));
    let wire = format!("`{}` ({} parameter).", p.wire_name, match p.location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
    });
    paragraphs([p.docs.as_deref(), default.as_deref(), Some(wire.as_str())])
}

fn op_doc(op: &Operation) -> String {
    let http = format!("`{} {}`", op.method.as_str(), op.path);
    let outcomes: Vec<String> = op.success.iter().map(|o| format!("`{}`: {}", status_label(o.status), o.description.trim().trim_end_matches('.'))).collect();
    let outcomes = format!("Success: {}.", outcomes.join("; "));
    let scopes = (!op.security.is_empty()).then(|| format!("Authorization: {}.", op.security.join(" or ")));
    let deprecated = op.deprecated.then_some("Deprecated by the API.");
    paragraphs([
        op.summary.as_deref(),
        op.description.as_deref(),
        Some(http.as_str()),
        Some(outcomes.as_str()),
        scopes.as_deref(),
        deprecated,
    ])
}

fn status_label(s: Status) -> String {
    match s {
        Status::Code(c) => c.to_string(),
        Status::Range(r) => format!("{r}XX"),
        Status::Default => "default".to_owned(),
    }
}

/// Parameters the caller must give up front: path parameters, required query
/// and header parameters.
fn required_params(op: &Operation) -> impl Iterator<Item = &Param> {
    op.params.iter().filter(|p| p.required)
}

fn optional_params(op: &Operation) -> impl Iterator<Item = &Param> {
    op.params.iter().filter(|p| !p.required)
}

/// The resource method that starts a request.
fn constructor(_api: &Api, op: &Operation) -> TokenStream {
    let method = ident(&op.rust_name);
    let doc = doc_attrs(&op_doc(op));
    let builder = builder_name(op);
    let ret = builder_type(op);
    let mut args = Vec::new();
    let mut inits = Vec::new();
    for p in required_params(op) {
        let name = ident(&p.rust_name);
        let ty = arg_type(&p.ty);
        args.push(quote! { #name: #ty });
        match arg_convert(&p.ty, &name) {
            Some(convert) => inits.push(quote! { #name: #convert, }),
            None => inits.push(quote! { #name, }),
        }
    }
    if let Some(body) = &op.body {
        let ty = body_type(body);
        if body.required {
            args.push(quote! { body: &'a #ty });
            inits.push(quote! { body, });
        } else {
            inits.push(quote! { body: ::std::option::Option::None, });
        }
    }
    for p in optional_params(op) {
        let name = ident(&p.rust_name);
        inits.push(quote! { #name: ::std::option::Option::None, });
    }
    inits.push(quote! { options: ::std::default::Default::default(), });
    let generics = has_body(op).then(|| quote! { <'a> });
    let deprecated = op.deprecated.then(|| quote! { #[deprecated] });
    let many = (args.len() > 7).then(|| quote! { #[allow(clippy::too_many_arguments)] });
    quote! {
        #doc
        #deprecated
        #many
        pub fn #method #generics (&self, #(#args),*) -> #ret {
            #builder {
                client: self.client.clone(),
                #(#inits)*
            }
        }
    }
}

fn builder(api: &Api, op: &Operation) -> TokenStream {
    let ty = builder_type(op);
    let generics = has_body(op).then(|| quote! { <'a> });
    let method = &op.rust_name;
    let resource = &api.resource;
    let doc = doc_attrs(&format!(
        "A request built by [`{resource}::{m}`]: set optional parameters, then `.send().await` it.",
        m = method.trim_start_matches("r#")
    ));

    let mut fields = Vec::new();
    for p in required_params(op) {
        let field = ident(&p.rust_name);
        let t = type_tokens(&p.ty, &types_path());
        fields.push(quote! { #field: #t, });
    }
    if let Some(body) = &op.body {
        let t = body_type(body);
        if body.required {
            fields.push(quote! { body: &'a #t, });
        } else {
            fields.push(quote! { body: ::std::option::Option<&'a #t>, });
        }
    }
    let mut setters = Vec::new();
    for p in optional_params(op) {
        let field = ident(&p.rust_name);
        let t = type_tokens(&p.ty, &types_path());
        fields.push(quote! { #field: ::std::option::Option<#t>, });
        let arg = arg_type(&p.ty);
        let convert = arg_convert(&p.ty, &field).unwrap_or_else(|| quote! { #field });
        let doc = doc_attrs(&param_doc(p));
        setters.push(quote! {
            #doc
            pub fn #field(mut self, #field: #arg) -> Self {
                self.#field = ::std::option::Option::Some(#convert);
                self
            }
        });
    }
    if let Some(body) = op.body.as_ref().filter(|b| !b.required) {
        let t = body_type(body);
        let doc = doc_attrs(&paragraphs([body.docs.as_deref(), Some("The request body (optional).")]));
        setters.push(quote! {
            #doc
            pub fn body(mut self, body: &'a #t) -> Self {
                self.body = ::std::option::Option::Some(body);
                self
            }
        });
    }

    let send = send_fn(api, op);
    let stream = op.pagination.as_ref().and_then(|p| stream_fn(api, op, p));
    let send_all = op.batch.as_ref().and_then(|b| send_all_fn(api, op, b));
    let response_enum = response_enum(op);
    quote! {
        #doc
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until it is sent with `.send().await`"]
        pub struct #ty {
            client: crate::Client,
            #(#fields)*
            options: crate::RequestOptions,
        }

        impl #generics #ty {
            #(#setters)*

            /// Per-request settings: retries, timeout, extra headers.
            pub fn options(mut self, options: crate::RequestOptions) -> Self {
                self.options = options;
                self
            }

            #send
            #stream
            #send_all
        }

        #response_enum
    }
}

/// Can the value go into a URL as its `Display` text?
fn is_display(api: &Api, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Prim(_) => true,
        TypeRef::Named(n) => match api.types.get(n).map(|d| &d.kind) {
            Some(TypeKind::Enum(_)) => true,
            Some(TypeKind::Alias(t)) => is_display(api, t),
            _ => false,
        },
        TypeRef::Nullable(t) | TypeRef::Boxed(t) => is_display(api, t),
        _ => false,
    }
}

fn list_item(api: &Api, ty: &TypeRef) -> Option<TypeRef> {
    match ty {
        TypeRef::List(t) => Some((**t).clone()),
        TypeRef::Named(n) => match api.types.get(n).map(|d| &d.kind) {
            Some(TypeKind::Alias(t)) => list_item(api, t),
            _ => None,
        },
        _ => None,
    }
}

/// The statement that puts one parameter value (`value`, a reference) into the request.
fn put_param(api: &Api, p: &Param, value: TokenStream) -> TokenStream {
    let wire = &p.wire_name;
    match p.location {
        ParamLocation::Path => quote! {},
        ParamLocation::Query => match list_item(api, &p.ty) {
            Some(item) if is_display(api, &item) => {
                let explode = p.explode;
                quote! { request.query_list(#wire, #value, #explode); }
            }
            _ if is_display(api, &p.ty) => quote! { request.query(#wire, #value); },
            _ => quote! { request.query_json(#wire, #value)?; },
        },
        ParamLocation::Header => match list_item(api, &p.ty) {
            Some(item) if is_display(api, &item) => quote! { request.header_list(#wire, #value)?; },
            _ if is_display(api, &p.ty) => quote! { request.header(#wire, #value)?; },
            _ => quote! { request.header_json(#wire, #value)?; },
        },
    }
}

/// The path expression: a literal, or `format!` with encoded segments.
fn path_expr(op: &Operation) -> TokenStream {
    let mut fmt = String::new();
    let mut args = Vec::new();
    let mut rest = op.path.as_str();
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else { break };
        fmt.push_str(&rest[..start].replace('{', "{{").replace('}', "}}"));
        let wire = &rest[start + 1..start + len];
        if let Some(p) = op.params.iter().find(|p| p.location == ParamLocation::Path && p.wire_name == wire) {
            let field = ident(&p.rust_name);
            fmt.push_str("{}");
            args.push(quote! { crate::runtime::encode_path_segment(&self.#field)? });
        }
        rest = &rest[start + len + 1..];
    }
    fmt.push_str(&rest.replace('{', "{{").replace('}', "}}"));
    if args.is_empty() {
        quote! { ::std::string::String::from(#fmt) }
    } else {
        quote! { ::std::format!(#fmt, #(#args),*) }
    }
}

fn send_fn(api: &Api, op: &Operation) -> TokenStream {
    let method = format_ident!("{}", op.method.as_str());
    let path = path_expr(op);
    let mut puts = Vec::new();
    for p in &op.params {
        let field = ident(&p.rust_name);
        if p.required {
            let put = put_param(api, p, quote! { &self.#field });
            if !put.is_empty() {
                puts.push(put);
            }
        } else {
            let put = put_param(api, p, quote! { value });
            if !put.is_empty() {
                puts.push(quote! { if let ::std::option::Option::Some(value) = &self.#field { #put } });
            }
        }
    }
    let body = op.body.as_ref().map(|b| {
        let encode = encode_body(api, b);
        if b.required {
            quote! { let body = self.body; #encode }
        } else {
            quote! { if let ::std::option::Option::Some(body) = self.body { #encode } }
        }
    });
    let (ret, arms) = success_handling(op);
    let unit = op.success.len() == 1 && outcome_type(&op.success[0]).is_none();
    let decode = if unit {
        quote! {
            if !(200..=299).contains(&response.status()) {
                return ::std::result::Result::Err(response.into_error());
            }
            ::std::result::Result::Ok(response.finish(()))
        }
    } else {
        quote! {
            let value = match response.status() {
                #(#arms)*
                _ => return ::std::result::Result::Err(response.into_error()),
            };
            ::std::result::Result::Ok(response.finish(value))
        }
    };
    let doc = doc_attrs(
        "Send the request, retrying as the client's policy allows. A status the spec does not list as a success, or \
         a body that does not decode, is an error that keeps the status and the raw body.",
    );
    let template = &op.path;
    let read_only = op.is_read_only_post().then(|| quote! { request.read_only(); });
    let search = op.is_search().then(|| quote! { request.search(); });
    let api_key = op.api_key_query.as_ref().map(|name| quote! { request.api_key_query(#name); });
    quote! {
        /// Send the request and keep the response's status and headers with the decoded value.
        pub async fn send_with_response(self) -> ::std::result::Result<crate::ApiResponse<#ret>, crate::Error> {
            let mut request = crate::runtime::Request::new(crate::runtime::Method::#method, #path, #template);
            #read_only
            #search
            #api_key
            #(#puts)*
            #body
            request.options(self.options);
            let response = self.client.execute(request).await?;
            #decode
        }

        #doc
        pub async fn send(self) -> ::std::result::Result<#ret, crate::Error> {
            self.send_with_response().await.map(|response| response.value)
        }
    }
}

/// The statement that puts `body` (a reference) into the request.
fn encode_body(api: &Api, b: &Body) -> TokenStream {
    match b.kind {
        BodyKind::Json => quote! { request.json(body)?; },
        BodyKind::Form => quote! { request.form(body)?; },
        BodyKind::Binary => {
            let media = &b.media_type;
            quote! { request.bytes(#media, body); }
        }
        BodyKind::Multipart => {
            let has_encoder = matches!(&b.ty, TypeRef::Named(n) if api.types.get(n).is_some_and(|d| d.multipart));
            if has_encoder {
                quote! { request.multipart(crate::runtime::MultipartBody::parts(body)?); }
            } else {
                quote! { request.multipart(crate::runtime::json_parts(body)?); }
            }
        }
    }
}

fn status_pattern(s: Status) -> TokenStream {
    match s {
        Status::Code(c) => quote! { #c },
        Status::Range(r) => {
            let lo = r * 100;
            let hi = lo + 99;
            quote! { #lo..=#hi }
        }
        Status::Default => quote! { _ },
    }
}

fn decode(o: &Outcome) -> TokenStream {
    match (&o.ty, o.raw) {
        (Some(_), _) => quote! { response.json()? },
        (None, true) => quote! { response.bytes() },
        (None, false) => quote! { () },
    }
}

/// The Rust type of an outcome's body.
fn outcome_type(o: &Outcome) -> Option<TokenStream> {
    match (&o.ty, o.raw) {
        (Some(t), _) => Some(type_tokens(t, &types_path())),
        (None, true) => Some(quote! { ::bytes::Bytes }),
        (None, false) => None,
    }
}

/// The return type and match arms of `send`. One success: its body, for any
/// 2xx status. Several: an enum with a variant per declared status.
fn success_handling(op: &Operation) -> (TokenStream, Vec<TokenStream>) {
    if let [only] = op.success.as_slice() {
        let ret = outcome_type(only).unwrap_or_else(|| quote! { () });
        let value = decode(only);
        let arm = quote! { 200..=299 => #value, };
        return (ret, vec![arm]);
    }
    let name = response_enum_name(op);
    let arms = op
        .success
        .iter()
        .map(|o| {
            let variant = status_variant(o.status);
            let pattern = status_pattern(o.status);
            let value = decode(o);
            let construct = match (outcome_type(o), o.status) {
                (_, Status::Range(_)) => quote! { #name::#variant(status, #value) },
                (Some(_), _) => quote! { #name::#variant(#value) },
                (None, _) => quote! { #name::#variant },
            };
            let bind = matches!(o.status, Status::Range(_)).then(|| quote! { status @ });
            quote! { #bind #pattern => #construct, }
        })
        .collect();
    (quote! { #name }, arms)
}

fn status_variant(s: Status) -> Ident {
    let name = match s {
        Status::Code(200) => "Ok".to_owned(),
        Status::Code(201) => "Created".to_owned(),
        Status::Code(202) => "Accepted".to_owned(),
        Status::Code(203) => "NonAuthoritativeInformation".to_owned(),
        Status::Code(204) => "NoContent".to_owned(),
        Status::Code(205) => "ResetContent".to_owned(),
        Status::Code(206) => "PartialContent".to_owned(),
        Status::Code(207) => "MultiStatus".to_owned(),
        Status::Code(208) => "AlreadyReported".to_owned(),
        Status::Code(226) => "ImUsed".to_owned(),
        Status::Code(c) => format!("Status{c}"),
        Status::Range(r) => format!("Other{r}xx"),
        Status::Default => "Default".to_owned(),
    };
    format_ident!("{name}")
}

fn response_enum(op: &Operation) -> Option<TokenStream> {
    if !op.has_multiple_successes() {
        return None;
    }
    let name = response_enum_name(op);
    let doc = doc_attrs(&format!(
        "Which success status [`{}`]`::send` received, with its decoded body.",
        builder_name(op)
    ));
    let mut variants = Vec::new();
    let mut status_arms = Vec::new();
    for o in &op.success {
        let variant = status_variant(o.status);
        let doc = doc_attrs(&format!("`{}`: {}", status_label(o.status), o.description.trim()));
        match (outcome_type(o), o.status) {
            (ty, Status::Range(_)) => {
                let ty = ty.unwrap_or_else(|| quote! { () });
                variants.push(quote! { #doc #variant(u16, #ty), });
                status_arms.push(quote! { Self::#variant(status, _) => *status, });
            }
            (Some(ty), status) => {
                variants.push(quote! { #doc #variant(#ty), });
                let code = status_code(status);
                status_arms.push(quote! { Self::#variant(_) => #code, });
            }
            (None, status) => {
                variants.push(quote! { #doc #variant, });
                let code = status_code(status);
                status_arms.push(quote! { Self::#variant => #code, });
            }
        }
    }
    Some(quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        #[allow(clippy::large_enum_variant)]
        pub enum #name { #(#variants)* }

        impl #name {
            /// The HTTP status code that was received.
            pub fn status(&self) -> u16 {
                match self { #(#status_arms)* }
            }
        }
    })
}

fn status_code(s: Status) -> u16 {
    match s {
        Status::Code(c) => c,
        Status::Range(r) => r * 100,
        Status::Default => 0,
    }
}

/// The builder's parameter fields (everything but client, body and options).
fn param_fields(op: &Operation) -> Vec<Ident> {
    op.params.iter().map(|p| ident(&p.rust_name)).collect()
}

/// `let p = p.clone();` for the parameters a closure hands to each request
/// (`Copy` ones are copied without it).
fn clone_params(api: &Api, op: &Operation) -> TokenStream {
    let clones = op.params.iter().filter(|p| !is_copy(api, &p.ty)).map(|p| {
        let name = ident(&p.rust_name);
        quote! { let #name = #name.clone(); }
    });
    quote! { #(#clones)* }
}

/// Is the Rust type of `ty` `Copy`?
fn is_copy(api: &Api, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Prim(p) => !matches!(p, Prim::String | Prim::Binary),
        TypeRef::Nullable(t) => is_copy(api, t),
        TypeRef::Named(n) => match api.types.get(n).map(|d| &d.kind) {
            Some(TypeKind::Enum(e)) => e.integer,
            Some(TypeKind::Alias(t)) => is_copy(api, t),
            _ => false,
        },
        _ => false,
    }
}

/// `value.field`, unwrapping an optional list to empty.
fn list_of(value: &TokenStream, path: Option<&FieldPath>) -> TokenStream {
    match path {
        Some(FieldPath { field, optional: false }) => {
            let f = ident(field);
            quote! { #value.#f }
        }
        Some(FieldPath { field, optional: true }) => {
            let f = ident(field);
            quote! { #value.#f.unwrap_or_default() }
        }
        None => quote! { ::std::vec::Vec::new() },
    }
}

/// `into_stream`: every item of every page, lazily.
fn stream_fn(api: &Api, op: &Operation, p: &Pagination) -> Option<TokenStream> {
    let item = type_tokens(&p.item, &types_path());
    let page = quote! { page };
    let items = list_of(&page, Some(&p.results));
    let mut steps = p.next.iter();
    let first = steps.next()?;
    let f = ident(&first.field);
    let mut next = if first.optional { quote! { page.#f } } else { quote! { ::std::option::Option::Some(page.#f) } };
    for step in steps {
        let f = ident(&step.field);
        next = if step.optional { quote! { #next.and_then(|v| v.#f) } } else { quote! { #next.map(|v| v.#f) } };
    }
    let limit = op.is_search().then(|| quote! { .with_limit(limit) });
    let limit_of = |client: TokenStream| op.is_search().then(|| quote! { let limit = #client.search_limit(); });
    let builder = builder_name(op);
    let params = param_fields(op);
    let clones = clone_params(api, op);
    let doc = doc_attrs(&format!(
        "Every item of every page, as a lazy stream: a page is fetched only when the items before it are used up, \
         and the stream ends after the page without a `paging.next` cursor.{}",
        if op.is_search() { " Search stops with `Error::ResultLimit` at the client's search result limit." } else { "" }
    ));
    let page_value = quote! {
        let page = request.send().await?;
        ::std::result::Result::Ok(crate::runtime::Page { items: #items, next: #next })
    };
    let body = match &p.cursor {
        Cursor::Query(after) if !has_body(op) => {
            let after = ident(after);
            let limit_let = limit_of(quote! { self.client });
            quote! {
                #limit_let
                let first = self.#after.clone();
                crate::Pages::new(first, move |cursor| {
                    let mut request = self.clone();
                    request.#after = cursor;
                    ::std::boxed::Box::pin(async move { #page_value })
                })
                #limit
            }
        }
        Cursor::Body(after) if op.body.as_ref().is_some_and(|b| b.required) => {
            let field = ident(&after.field);
            let (first, set) = if after.optional {
                (quote! { body.#field.clone() }, quote! { body.#field = cursor; })
            } else {
                (quote! { ::std::option::Option::Some(body.#field.clone()) }, quote! { body.#field = cursor.unwrap_or_default(); })
            };
            let limit_let = limit_of(quote! { client });
            quote! {
                let Self { client, body, options, #(#params),* } = self;
                let body = body.clone();
                #limit_let
                let first = #first;
                crate::Pages::new(first, move |cursor| {
                    let mut body = body.clone();
                    #set
                    let client = client.clone();
                    let options = options.clone();
                    #clones
                    ::std::boxed::Box::pin(async move {
                        let request = #builder { client, body: &body, options, #(#params),* };
                        #page_value
                    })
                })
                #limit
            }
        }
        _ => return None,
    };
    Some(quote! {
        #doc
        pub fn into_stream(self) -> crate::Pages<#item> {
            #body
        }
    })
}

/// `send_all`: a batch over any number of inputs, chunked and merged.
fn send_all_fn(api: &Api, op: &Operation, b: &Batch) -> Option<TokenStream> {
    let result = b.result_item.as_ref().map(|t| type_tokens(t, &types_path())).unwrap_or_else(|| quote! { () });
    let error = b.error_item.as_ref().map(|t| type_tokens(t, &types_path())).unwrap_or_else(|| quote! { () });
    let inputs = ident(&b.inputs);
    let history = match &b.history {
        Some(FieldPath { field, optional: false }) => {
            let f = ident(field);
            quote! { !body.#f.is_empty() }
        }
        Some(FieldPath { field, optional: true }) => {
            let f = ident(field);
            quote! { body.#f.as_ref().is_some_and(|v| !v.is_empty()) }
        }
        None => quote! { false },
    };
    let value = quote! { value };
    let split = |(results, errors): &(Option<FieldPath>, Option<FieldPath>)| {
        let r = list_of(&value, results.as_ref());
        let e = list_of(&value, errors.as_ref());
        quote! { (status, #r, #e) }
    };
    let decompose = if let [only] = b.outcomes.as_slice() {
        let parts = split(only);
        if only.0.is_none() && only.1.is_none() {
            parts
        } else {
            quote! { { let value = response.value; #parts } }
        }
    } else {
        let name = response_enum_name(op);
        let arms = op.success.iter().zip(&b.outcomes).map(|(o, fields)| {
            let variant = status_variant(o.status);
            let parts = split(fields);
            if outcome_type(o).is_some() {
                quote! { #name::#variant(value) => #parts, }
            } else {
                quote! { #name::#variant => #parts, }
            }
        });
        quote! { match response.value { #(#arms)* } }
    };
    let builder = builder_name(op);
    let params = param_fields(op);
    let clones = clone_params(api, op);
    let doc = doc_attrs(
        "Send any number of inputs: split into chunks of 100 (50 when property history is requested), at most four in \
         flight under the client's rate limiter, results and per-item errors merged in chunk order. Each chunk's input \
         range and status (or error) is kept in `chunks`, so every input can be traced.",
    );
    Some(quote! {
        #doc
        pub async fn send_all(self) -> crate::BatchOutcome<#result, #error> {
            let Self { client, body, options, #(#params),* } = self;
            let size = crate::runtime::chunk_size(#history);
            let mut template = body.clone();
            template.#inputs = ::std::vec::Vec::new();
            crate::runtime::run_batch(
                &body.#inputs,
                size,
                |chunk| {
                    let mut chunk_body = template.clone();
                    chunk_body.#inputs = chunk.to_vec();
                    chunk_body
                },
                |chunk_body| {
                    let client = client.clone();
                    let options = options.clone();
                    #clones
                    async move {
                        let request = #builder { client, body: &chunk_body, options, #(#params),* };
                        let response = request.send_with_response().await?;
                        let status = response.status;
                        ::std::result::Result::Ok(#decompose)
                    }
                },
            )
            .await
        }
    })
}
