//! The resource module of one API: a struct with one method per operation,
//! a request builder per operation and, where an operation has several
//! success statuses, an enum saying which one arrived. Everything printed
//! here was decided by lowering and the conventions profile.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::docs::{doc_attrs, inner_doc_attrs, paragraphs};
use super::{Scope, ident};
use crate::ir::{
    Accepts, Api, ArgStyle, Batch, BatchFields, Body, BodyEncoding, Cursor, FieldPath, MultipartParts, Operation,
    Outcome, OutcomeBody, Pagination, Param, ParamEncoding, ParamLocation, ParamStyle, PathPart, RateBucket,
    RetrySafety, SecurityKind, Status,
};
use crate::naming;

pub fn resource_file(api: &Api) -> TokenStream {
    let resource = ident(&api.resource);
    let module_doc = {
        let mut text = format!("The {} API (version `{}`), generated from `{}`.", api.title, api.version, api.source);
        if let Some(d) = &api.description {
            text.push_str("\n\n");
            text.push_str(d);
        }
        if api.companion.is_some() {
            text.push_str("\n\nBeside the generated operations and types, this module holds the crate's hand-written helpers for the API.");
        }
        if !api.operations.is_empty() {
            text.push_str(&operations_table(api));
        }
        if !api.security.is_empty() {
            text.push_str("\n\nAuthentication schemes the spec declares:\n");
            for s in &api.security {
                text.push_str(&format!("\n- `{}`: {}", s.name, security_text(&s.kind)));
            }
        }
        inner_doc_attrs(&text)
    };
    let resource_doc =
        doc_attrs(&format!("The operations of the {} API. Get one with [`crate::Client::{}`].", api.title, api.module));
    let methods = api.operations.iter().map(constructor);
    let scope = Scope::resource();
    let builders = api.operations.iter().filter(|op| op.shared.is_none()).map(|op| {
        let doc = format!(
            "A request built by [`{}::{}`]: set optional parameters, then `.send().await` it.",
            api.resource, op.rust_name
        );
        builder(op, &scope, false, &doc)
    });
    let mut shared_names = Vec::new();
    for op in &api.operations {
        let Some(shared) = &op.shared else { continue };
        let pairs =
            std::iter::once((&shared.builder, &op.builder)).chain(shared.response_enum.iter().zip(&op.response_enum));
        for (from, to) in pairs {
            let (from, to) = (ident(from), ident(to));
            shared_names.push(if from == to {
                quote! { #from }
            } else {
                quote! { #from as #to }
            });
        }
    }
    let shared_ops = (!shared_names.is_empty()).then(|| {
        quote! {
            /// Requests this API shares with others (the same operation in several APIs): one implementation.
            pub use super::operations::{#(#shared_names),*};
        }
    });
    let companion = api.companion.as_deref().map(|path| {
        // Checked to be a path when the model was built.
        let path: TokenStream = path.parse().unwrap_or_default();
        quote! {
            #[doc(inline)]
            pub use #path::*;
        }
    });
    // A document without operations (webhooks only) leaves the client unread.
    let unread = api.operations.is_empty().then(|| quote! { #[allow(dead_code)] });
    quote! {
        #module_doc

        pub mod types;

        #companion

        #shared_ops

        #resource_doc
        #[derive(Debug, Clone)]
        pub struct #resource {
            #unread
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

/// The operations several APIs share: one request builder (and response enum) each.
pub fn operations_file(model: &crate::ir::Model, features: bool) -> TokenStream {
    let scope = Scope::in_module(quote! { super::shared:: });
    let items = model.shared_ops.values().map(|shared| {
        let op = &shared.op;
        let doc = format!(
            "A request started by the `{}` method of the {} API{}: set optional parameters, then `.send().await` it.",
            op.rust_name,
            shared.apis.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", "),
            if shared.apis.len() > 1 { "s" } else { "" }
        );
        let item = builder(op, &scope, true, &doc);
        if features { super::types::gated(item, &super::cfg_gate(&shared.gate)) } else { item }
    });
    quote! {
        //! Operations several APIs share (HubSpot's object APIs all describe the
        //! same generic object operations): one request builder each. Each
        //! API's module re-exports the ones its resource starts.
        #(#items)*
    }
}

fn security_text(kind: &SecurityKind) -> String {
    match kind {
        SecurityKind::ApiKey { name, location } => format!("API key `{name}` in the {}", location.as_str()),
        SecurityKind::Http { scheme } => format!("HTTP {scheme}"),
        SecurityKind::OAuth2 => "OAuth 2.0".to_owned(),
        SecurityKind::OpenIdConnect => "OpenID Connect".to_owned(),
        SecurityKind::Reference(r) => format!("see {r}"),
    }
}

/// The argument turned into the builder field's value.
fn arg_value(p: &Param) -> TokenStream {
    let name = ident(&p.rust_name);
    match p.arg {
        ArgStyle::Into => quote! { #name.into() },
        ArgStyle::IntoIter => quote! { #name.into_iter().map(Into::into).collect() },
        ArgStyle::Plain => quote! { #name },
    }
}

/// A parameter's docs: the spec's text, then where it goes on the wire and
/// the server's default, as one sentence that ends the text's last line
/// when that line is prose (its own paragraph after a list, table, code or
/// heading).
fn param_doc(p: &Param) -> String {
    let wire = match &p.default {
        Some(d) => format!("`{}` ({} parameter; the server's default is `{d}`).", p.wire_name, p.location.as_str()),
        None => format!("`{}` ({} parameter).", p.wire_name, p.location.as_str()),
    };
    let docs = paragraphs([p.docs.as_deref()]);
    let last = docs.lines().last().unwrap_or_default().trim();
    let fenced = docs.matches("```").count() % 2 == 1;
    let prose = !last.is_empty()
        && !fenced
        && !last.starts_with(['-', '*', '|', '#', '>', '`'])
        && !last.chars().next().is_some_and(|c| c.is_ascii_digit());
    if prose { format!("{docs} {wire}") } else { paragraphs([Some(docs.as_str()), Some(wire.as_str())]) }
}

/// The module's summary of what the API does: each method with the
/// operation's summary (else the first line of its description, else its
/// method and path).
fn operations_table(api: &Api) -> String {
    let count = api.operations.len();
    let plural = if count == 1 { "" } else { "s" };
    // Links by the module's public path: rustdoc reads a module's docs where
    // the crate re-exports it (its root), not inside it.
    let resource = format!("crate::{}::{}", naming::written(&api.module), api.resource);
    let mut out = format!(
        "\n\n{count} operation{plural}, methods of [`{}`]({resource}) (from [`crate::Client::{}`]):\n\n| method | what it does |\n|---|---|",
        api.resource, api.module
    );
    for op in &api.operations {
        let http = format!("`{} {}`", op.method.as_str(), op.path.template);
        let said = [op.summary.as_deref(), op.description.as_deref()]
            .into_iter()
            .flatten()
            .find_map(|t| t.lines().map(str::trim).find(|l| !l.is_empty()))
            .unwrap_or(&http);
        let cell = said.trim_end_matches('.').replace('|', "\\|");
        // rustdoc resolves a link to a raw-named method (`r#async`) by its bare name.
        out.push_str(&format!("\n| [`{0}`]({resource}::{0}) | {cell} |", op.rust_name));
    }
    out
}

fn op_doc(op: &Operation) -> String {
    let http = format!("`{} {}`", op.method.as_str(), op.path.template);
    let outcomes: Vec<String> = op
        .success
        .iter()
        .map(|o| format!("`{}`: {}", o.status.label(), o.description.trim().trim_end_matches('.')))
        .collect();
    let outcomes = format!("Success: {}.", outcomes.join("; "));
    let scopes = (!op.security.is_empty()).then(|| format!("Authorization: {}.", op.security.join(" or ")));
    let deprecated = op.deprecated.then_some("Deprecated by the API.");
    // The wire facts in one paragraph: request, successes, scopes.
    let facts = [Some(format!("{http}.")), Some(outcomes), scopes].into_iter().flatten().collect::<Vec<_>>().join(" ");
    paragraphs([op.summary.as_deref(), op.description.as_deref(), Some(facts.as_str()), deprecated])
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
fn constructor(op: &Operation) -> TokenStream {
    let surface = crate::surface::method(op);
    let signature = surface.signature(&Scope::resource());
    let doc = doc_attrs(&op_doc(op));
    let builder = ident(&op.builder);
    let mut inits = Vec::new();
    for p in required_params(op) {
        let name = ident(&p.rust_name);
        if let Some(value) = &p.bound {
            inits.push(quote! { #name: String::from(#value), });
            continue;
        }
        match p.arg {
            ArgStyle::Plain => inits.push(quote! { #name, }),
            _ => {
                let value = arg_value(p);
                inits.push(quote! { #name: #value, });
            }
        }
    }
    if let Some(body) = &op.body {
        if body.required {
            inits.push(quote! { body, });
        } else {
            inits.push(quote! { body: None, });
        }
    }
    for p in optional_params(op) {
        let name = ident(&p.rust_name);
        inits.push(quote! { #name: None, });
    }
    inits.push(quote! { options: crate::RequestOptions::default(), });
    let deprecated = op.deprecated.then(|| quote! { #[deprecated] });
    let many = (surface.args.len() > 7).then(|| quote! { #[allow(clippy::too_many_arguments)] });
    quote! {
        #doc
        #deprecated
        #many
        #signature {
            #builder {
                client: self.client.clone(),
                #(#inits)*
            }
        }
    }
}

/// A request builder: `doc` says who starts it. A shared builder's fields
/// are visible to the crate, so each API's resource can start it.
fn builder(op: &Operation, scope: &Scope<'_>, shared: bool, doc: &str) -> TokenStream {
    let surface = crate::surface::method(op);
    let ty = surface.builder_type();
    let generics = op.body.is_some().then(|| quote! { <'a> });
    let doc = doc_attrs(doc);
    let vis = shared.then(|| quote! { pub(crate) });

    let mut fields = Vec::new();
    for p in required_params(op) {
        let field = ident(&p.rust_name);
        let t = scope.ty(&p.ty);
        fields.push(quote! { #vis #field: #t, });
    }
    if let Some(body) = &op.body {
        let t = crate::surface::body_type(scope, body);
        if body.required {
            fields.push(quote! { #vis body: &'a #t, });
        } else {
            fields.push(quote! { #vis body: Option<&'a #t>, });
        }
    }
    for p in optional_params(op) {
        let field = ident(&p.rust_name);
        let t = scope.ty(&p.ty);
        fields.push(quote! { #vis #field: Option<#t>, });
    }
    let setters = surface.setters.iter().map(|arg| {
        let (name, ty) = (ident(arg.name()), arg.ty(scope));
        let (doc, value) = match arg {
            crate::surface::Arg::Param(p) => (param_doc(p), arg_value(p)),
            crate::surface::Arg::Body(body) => {
                (paragraphs([body.docs.as_deref(), Some("The request body (optional).")]), quote! { body })
            }
        };
        let doc = doc_attrs(&doc);
        quote! {
            #doc
            pub fn #name(mut self, #name: #ty) -> Self {
                self.#name = Some(#value);
                self
            }
        }
    });

    let send = send_fn(scope, op);
    let stream = op.pagination.as_ref().and_then(|p| stream_fn(scope, op, p));
    let send_all = op.batch.as_ref().map(|b| send_all_fn(scope, op, b));
    let response_enum = response_enum(scope, op);
    quote! {
        #doc
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until it is sent with `.send().await`"]
        pub struct #ty {
            #vis client: crate::Client,
            #(#fields)*
            #vis options: crate::RequestOptions,
        }

        impl #generics #ty {
            #(#setters)*

            #send
            #stream
            #send_all
        }

        #response_enum
    }
}

/// The statement that puts one parameter into the request: the runtime takes
/// an `Option` and leaves an optional parameter that is not set out.
fn put_param(p: &Param) -> Option<TokenStream> {
    let wire = &p.wire_name;
    let field = ident(&p.rust_name);
    let value = match (p.required, p.encoding) {
        (true, ParamEncoding::List { .. }) => quote! { Some(self.#field.as_slice()) },
        (true, _) => quote! { Some(&self.#field) },
        (false, ParamEncoding::List { .. }) => quote! { self.#field.as_deref() },
        (false, _) => quote! { self.#field.as_ref() },
    };
    Some(match (p.location, p.encoding) {
        (ParamLocation::Path, _) => return None,
        (ParamLocation::Query, ParamEncoding::List { explode }) => {
            quote! { request.query_list(#wire, #value, #explode); }
        }
        (ParamLocation::Query, ParamEncoding::Display) => quote! { request.query(#wire, #value); },
        (ParamLocation::Query, ParamEncoding::Json) => quote! { request.query_json(#wire, #value)?; },
        (ParamLocation::Query, ParamEncoding::Styled { style, explode }) => {
            let style = style_tokens(style);
            quote! { request.query_styled(#wire, #value, #style, #explode)?; }
        }
        (ParamLocation::Header, ParamEncoding::List { .. }) => quote! { request.header_list(#wire, #value)?; },
        (ParamLocation::Header, ParamEncoding::Display) => quote! { request.header(#wire, #value)?; },
        (ParamLocation::Header, ParamEncoding::Json) => quote! { request.header_json(#wire, #value)?; },
        (ParamLocation::Header, ParamEncoding::Styled { explode, .. }) => {
            quote! { request.header_styled(#wire, #value, #explode)?; }
        }
        // Lowering makes every cookie `Styled`; the value is passed whole.
        (ParamLocation::Cookie, encoding) => {
            let explode = matches!(encoding, ParamEncoding::Styled { explode: true, .. });
            quote! { request.cookie(#wire, #value, #explode)?; }
        }
    })
}

/// The runtime's `Style` for a parameter style.
fn style_tokens(style: ParamStyle) -> TokenStream {
    let variant = match style {
        ParamStyle::Simple => quote! { Simple },
        ParamStyle::Label => quote! { Label },
        ParamStyle::Matrix => quote! { Matrix },
        ParamStyle::Form => quote! { Form },
        ParamStyle::SpaceDelimited => quote! { SpaceDelimited },
        ParamStyle::PipeDelimited => quote! { PipeDelimited },
        ParamStyle::DeepObject => quote! { DeepObject },
    };
    quote! { crate::runtime::Style::#variant }
}

/// Statements binding each path parameter's encoded text to its local, and
/// the path expression: a literal, or `format!` over those locals.
fn path_expr(op: &Operation) -> (Vec<TokenStream>, TokenStream) {
    let mut lets = Vec::new();
    let mut fmt = String::new();
    for part in &op.path.parts {
        match part {
            PathPart::Literal(text) => fmt.push_str(&text.replace('{', "{{").replace('}', "}}")),
            PathPart::Param { field: field_name, local } => {
                let (field, name) = (ident(field_name), format_ident!("{}", local));
                let param = op.params.iter().find(|p| &p.rust_name == field_name && p.location == ParamLocation::Path);
                match param.map(|p| (p.wire_name.as_str(), p.encoding)) {
                    Some((wire, ParamEncoding::Styled { style, explode })) => {
                        let style = style_tokens(style);
                        lets.push(quote! {
                            let #name = crate::runtime::encode_path_styled(#wire, &self.#field, #style, #explode)?;
                        });
                    }
                    Some((_, ParamEncoding::Json)) => {
                        lets.push(quote! { let #name = crate::runtime::encode_path_json(&self.#field)?; })
                    }
                    _ => lets.push(quote! { let #name = crate::runtime::encode_path_segment(&self.#field)?; }),
                }
                fmt.push('{');
                fmt.push_str(local);
                fmt.push('}');
            }
        }
    }
    let expr = if lets.is_empty() {
        quote! { String::from(#fmt) }
    } else {
        quote! { format!(#fmt) }
    };
    (lets, expr)
}

fn send_fn(s: &Scope<'_>, op: &Operation) -> TokenStream {
    let method = format_ident!("{}", op.method.as_str());
    let (segment_lets, path) = path_expr(op);
    let puts: Vec<TokenStream> = op.params.iter().filter_map(put_param).collect();
    let body = op.body.as_ref().map(|b| {
        if b.required {
            encode_body(b, quote! { self.body })
        } else {
            let encode = encode_body(b, quote! { body });
            quote! { if let Some(body) = self.body { #encode } }
        }
    });
    let ret = crate::surface::method(op).returns(s);
    // One success (any 2xx) with a JSON body or none: the runtime's check and decoding.
    // One success (any 2xx) with a JSON body or none: the runtime's check and
    // decoding; several: a function of the builder's own.
    let (decode, decoder) = match (&op.response_enum, op.success.as_slice()) {
        (None, [only]) if only.body == OutcomeBody::Empty => (quote! { empty_success }, None),
        (None, [only]) if matches!(only.body, OutcomeBody::Json(_)) => (quote! { json_success }, None),
        _ => {
            let arms = success_arms(op);
            let decoder = quote! {
                fn decode_response(response: crate::runtime::Response) -> Result<crate::ApiResponse<#ret>, crate::Error> {
                    let value = match response.status() {
                        #(#arms)*
                        _ => return Err(response.into_error()),
                    };
                    Ok(response.finish(value))
                }
            };
            (quote! { Self::decode_response }, Some(decoder))
        }
    };
    let template = &op.path.template;
    let read_only = (op.retry_safety == RetrySafety::ReadOnly).then(|| quote! { request.read_only(); });
    let search = (op.rate_bucket == RateBucket::Search).then(|| quote! { request.search(); });
    let api_key = match &op.accepts {
        Accepts::Anything => Some(quote! { request.public(); }),
        Accepts::KeyOnly { api_key_query } => Some(quote! { request.api_key_only(#api_key_query); }),
        Accepts::Token { api_key_query: Some(name) } => Some(quote! { request.api_key_query(#name); }),
        Accepts::Token { api_key_query: None } => None,
    };
    let send_as = send_as_codes(op);
    quote! {
        fn into_request(self) -> crate::runtime::Prepared {
            #(#segment_lets)*
            let mut request = crate::runtime::Request::new(crate::runtime::Method::#method, #path, #template);
            #read_only
            #search
            #api_key
            #(#puts)*
            #body
            request.options(self.options);
            Ok((self.client, request))
        }

        #decoder

        crate::runtime::sending!(#ret, #decode #send_as);
    }
}

/// `send_as::<T>()`, for an operation with a JSON success body: that body
/// decoded as the caller's own type (only the fields it names are read).
/// The runtime's `send_as!` writes the method and its docs; this is the
/// `, send_as(…)` part of `sending!` that asks for it.
fn send_as_codes(op: &Operation) -> Option<TokenStream> {
    let json: Vec<&Outcome> = op.success.iter().filter(|o| matches!(o.body, OutcomeBody::Json(_))).collect();
    if json.is_empty() {
        return None;
    }
    let codes: Option<Vec<u16>> = json
        .iter()
        .map(|o| match o.status {
            Status::Code(code) => Some(code),
            Status::Range(_) | Status::Default => None,
        })
        .collect();
    Some(match codes {
        Some(codes) => quote! { , send_as(#(#codes),*) },
        None => quote! { , send_as() },
    })
}

/// The statement that puts the body (`body`, a reference) into the request.
fn encode_body(b: &Body, body: TokenStream) -> TokenStream {
    match &b.encoding {
        BodyEncoding::Json(_) => quote! { request.json(#body)?; },
        BodyEncoding::Form(_) => quote! { request.form(#body)?; },
        BodyEncoding::Binary => {
            let media = &b.media_type;
            quote! { request.bytes(#media, #body); }
        }
        BodyEncoding::Multipart { parts: MultipartParts::Generated, .. } => {
            quote! { request.multipart(crate::runtime::MultipartBody::parts(#body)?); }
        }
        BodyEncoding::Multipart { parts: MultipartParts::FromJson, .. } => {
            quote! { request.multipart(crate::runtime::json_parts(#body)?); }
        }
    }
}

fn status_pattern(s: Status) -> TokenStream {
    match s {
        Status::Code(c) => {
            let c = Literal::u16_unsuffixed(c);
            quote! { #c }
        }
        Status::Range(r) => {
            let (lo, hi) = (Literal::u16_unsuffixed(r * 100), Literal::u16_unsuffixed(r * 100 + 99));
            quote! { #lo..=#hi }
        }
        Status::Default => quote! { _ },
    }
}

fn decode(o: &Outcome) -> TokenStream {
    match &o.body {
        OutcomeBody::Json(_) => quote! { response.json()? },
        OutcomeBody::Bytes => quote! { response.bytes() },
        OutcomeBody::Empty => quote! { () },
    }
}

/// The match arms of `send`. One success: its body, for any 2xx status.
/// Several: the response enum's variant for each declared status.
fn success_arms(op: &Operation) -> Vec<TokenStream> {
    let Some(name) = &op.response_enum else {
        let value = op.success.first().map(decode).unwrap_or_else(|| quote! { () });
        return vec![quote! { 200..=299 => #value, }];
    };
    let name = ident(name);
    op.success
        .iter()
        .map(|o| {
            let variant = ident(o.variant.as_deref().unwrap_or_default());
            let pattern = status_pattern(o.status);
            let value = decode(o);
            let construct = match (&o.body, o.status) {
                (_, Status::Range(_)) => quote! { #name::#variant(status, #value) },
                (OutcomeBody::Empty, _) => quote! { #name::#variant },
                _ => quote! { #name::#variant(#value) },
            };
            let bind = matches!(o.status, Status::Range(_)).then(|| quote! { status @ });
            quote! { #bind #pattern => #construct, }
        })
        .collect()
}

fn response_enum(s: &Scope<'_>, op: &Operation) -> Option<TokenStream> {
    let name = ident(op.response_enum.as_ref()?);
    let doc = doc_attrs(&format!("Which success status [`{}`]`::send` received, with its decoded body.", op.builder));
    let mut variants = Vec::new();
    let mut status_arms = Vec::new();
    for o in &op.success {
        let variant = ident(o.variant.as_deref().unwrap_or_default());
        let doc = doc_attrs(&format!("`{}`: {}", o.status.label(), o.description.trim()));
        let code = Literal::u16_unsuffixed(match o.status {
            Status::Code(c) => c,
            Status::Range(r) => r * 100,
            Status::Default => 0,
        });
        let declared = crate::surface::variant(s, o);
        variants.push(quote! { #doc #declared, });
        status_arms.push(match (&o.body, o.status) {
            (_, Status::Range(_)) => quote! { Self::#variant(status, _) => *status, },
            (OutcomeBody::Empty, _) => quote! { Self::#variant => #code, },
            _ => quote! { Self::#variant(_) => #code, },
        });
    }
    let accessors = op.batch.as_ref().map(|b| batch_accessors(s, op, b));
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

            #accessors
        }
    })
}

/// `results()` and `errors()` on a batch call's response enum: one path for
/// 200 and 207 (`status()` still says which arrived).
fn batch_accessors(s: &Scope<'_>, op: &Operation, b: &Batch) -> TokenStream {
    let slice = |ty: &Option<crate::ir::TypeRef>, pick: &dyn Fn(&BatchFields) -> Option<&FieldPath>, doc: &str| {
        let ty = ty.as_ref().map(|t| s.ty(t))?;
        let method = format_ident!("{}", doc.split(' ').next().unwrap_or_default());
        let arms = op.success.iter().zip(&b.outcomes).map(|(o, fields)| {
            let variant = ident(o.variant.as_deref().unwrap_or_default());
            let (bind, value) = match pick(fields) {
                Some(FieldPath { field, optional: false }) => {
                    let f = ident(field);
                    (quote! { (value) }, quote! { &value.#f })
                }
                Some(FieldPath { field, optional: true }) => {
                    let f = ident(field);
                    (quote! { (value) }, quote! { value.#f.as_deref().unwrap_or_default() })
                }
                None if o.body == OutcomeBody::Empty => (TokenStream::new(), quote! { &[] }),
                None => (quote! { (_) }, quote! { &[] }),
            };
            quote! { Self::#variant #bind => #value, }
        });
        let doc = doc_attrs(&doc[doc.find(' ').map_or(0, |i| i + 1)..]);
        Some(quote! {
            #doc
            pub fn #method(&self) -> &[#ty] {
                match self { #(#arms)* }
            }
        })
    };
    let results =
        slice(&b.result_item, &|f| f.results.as_ref(), "results The results, whichever success status arrived.");
    let errors = slice(
        &b.error_item,
        &|f| f.errors.as_ref(),
        "errors The per-item errors (none unless a multi-status answer has some).",
    );
    quote! { #results #errors }
}

/// The builder's parameter fields (everything but client, body and options).
fn param_fields(op: &Operation) -> Vec<proc_macro2::Ident> {
    op.params.iter().map(|p| ident(&p.rust_name)).collect()
}

/// `let p = p.clone();` for the parameters a closure hands to each request
/// (`Copy` ones are copied without it).
fn clone_params(op: &Operation) -> TokenStream {
    let clones = op.params.iter().filter(|p| !p.copy).map(|p| {
        let name = ident(&p.rust_name);
        quote! { let #name = #name.clone(); }
    });
    quote! { #(#clones)* }
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
        None => quote! { Vec::new() },
    }
}

/// `into_stream`: every item of every page, lazily.
fn stream_fn(s: &Scope<'_>, op: &Operation, p: &Pagination) -> Option<TokenStream> {
    let item = s.ty(&p.item);
    let page = quote! { page };
    let items = list_of(&page, Some(&p.results));
    let mut steps = p.next.iter();
    let first = steps.next()?;
    let f = ident(&first.field);
    let mut next = if first.optional {
        quote! { page.#f }
    } else {
        quote! { Some(page.#f) }
    };
    for step in steps {
        let f = ident(&step.field);
        next = if step.optional {
            quote! { #next.and_then(|v| v.#f) }
        } else {
            quote! { #next.map(|v| v.#f) }
        };
    }
    let limit = p.capped.then(|| quote! { .with_limit(limit) });
    let limit_of = |client: TokenStream| p.capped.then(|| quote! { let limit = #client.search_limit(); });
    let builder = ident(&op.builder);
    let params = param_fields(op);
    let clones = clone_params(op);
    let doc = doc_attrs(&format!(
        "Every item of every page, as a lazy stream: a page is fetched only when the items before it are used up, \
         and the stream ends after the page without a `paging.next` cursor.{}",
        if p.capped { " Search stops with `Error::ResultLimit` at the client's search result limit." } else { "" }
    ));
    let page_value = quote! {
        let page = request.send().await?;
        Ok(crate::runtime::Page { items: #items, next: #next })
    };
    let body = match &p.cursor {
        Cursor::Query(after) => {
            let after = ident(after);
            let limit_let = limit_of(quote! { self.client });
            quote! {
                #limit_let
                let first = self.#after.clone();
                crate::Pages::new(first, move |cursor| {
                    let mut request = self.clone();
                    request.#after = cursor;
                    Box::pin(async move { #page_value })
                })
                #limit
            }
        }
        Cursor::Body(after) => {
            let field = ident(&after.field);
            let (first, set) = if after.optional {
                (quote! { body.#field.clone() }, quote! { body.#field = cursor; })
            } else {
                (quote! { Some(body.#field.clone()) }, quote! { body.#field = cursor.unwrap_or_default(); })
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
                    Box::pin(async move {
                        let request = #builder { client, body: &body, options, #(#params),* };
                        #page_value
                    })
                })
                #limit
            }
        }
    };
    Some(quote! {
        #doc
        pub fn into_stream(self) -> crate::Pages<#item> {
            #body
        }
    })
}

/// `send_all`: a batch over any number of inputs, chunked and merged. The
/// chunking is the runtime's; each chunk is this request with its own body.
fn send_all_fn(scope: &Scope<'_>, op: &Operation, b: &Batch) -> TokenStream {
    let result = b.result_item.as_ref().map(|t| scope.ty(t)).unwrap_or_else(|| quote! { () });
    let error = b.error_item.as_ref().map(|t| scope.ty(t)).unwrap_or_else(|| quote! { () });
    let inputs = ident(&b.inputs);
    let full = Literal::usize_unsuffixed(b.chunk.size);
    let size = match &b.chunk.reduced {
        Some(reduced) => {
            let f = ident(&reduced.when_set.field);
            let set = if reduced.when_set.optional {
                quote! { self.body.#f.as_ref().is_some_and(|v| !v.is_empty()) }
            } else {
                quote! { !self.body.#f.is_empty() }
            };
            let small = Literal::usize_unsuffixed(reduced.size);
            quote! { if #set { #small } else { #full } }
        }
        None => quote! { #full },
    };
    let value = quote! { value };
    let split = |fields: &BatchFields| {
        let r = list_of(&value, fields.results.as_ref());
        let e = list_of(&value, fields.errors.as_ref());
        quote! { (status, #r, #e) }
    };
    let parts = match (&op.response_enum, b.outcomes.as_slice()) {
        (None, [only]) if only.results.is_none() && only.errors.is_none() => {
            let parts = split(only);
            quote! { Ok(#parts) }
        }
        (None, [only]) => {
            let parts = split(only);
            quote! { let value = response.value; Ok(#parts) }
        }
        _ => {
            let name = ident(op.response_enum.as_deref().unwrap_or_default());
            let arms = op.success.iter().zip(&b.outcomes).map(|(o, fields)| {
                let variant = ident(o.variant.as_deref().unwrap_or_default());
                let parts = split(fields);
                if o.body == OutcomeBody::Empty {
                    quote! { #name::#variant => #parts, }
                } else {
                    quote! { #name::#variant(value) => #parts, }
                }
            });
            quote! { Ok(match response.value { #(#arms)* }) }
        }
    };
    let builder = ident(&op.builder);
    let reduced = b
        .chunk
        .reduced
        .as_ref()
        .map(|r| format!(" ({} when `{}` is not empty)", r.size, r.when_set.field))
        .unwrap_or_default();
    let doc = doc_attrs(&format!(
        "Send any number of inputs: split into chunks of {}{reduced}, at most [`crate::BATCH_CONCURRENCY`] in flight \
         under the client's rate limiter, results and per-item errors merged in chunk order. Each chunk's input range \
         and status (or error) is kept in `chunks`, so every input can be traced.",
        b.chunk.size
    ));
    quote! {
        #doc
        pub async fn send_all(self) -> crate::BatchOutcome<#result, #error> {
            let size = #size;
            let request = &self;
            let outcome = crate::runtime::run_batch(self.body, size, |body| &mut body.#inputs, |body| async move {
                let chunk = #builder { body: &body, ..request.clone() };
                let response = chunk.send_with_response().await?;
                let status = response.status;
                #parts
            });
            outcome.await
        }
    }
}
