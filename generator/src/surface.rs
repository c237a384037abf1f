//! Surface: what a user of the generated crate calls, decided once.
//!
//! For every operation, [`method`] says what the resource's method is called,
//! which arguments it takes in which order and as which Rust types, which
//! setters its request builder has, and what `send()` returns. The emitter
//! prints from it, the API diff ([`crate::diff`]) compares two of them, and
//! the contract-call writer calls methods in its argument order: none of
//! them works a signature out on its own.
//!
//! Types are rendered by one [`Scope`] each caller picks (the resource
//! module, the shared operations module, a test crate outside), so the same
//! decision prints as `types::Foo` in the client and as plain `Foo` in a
//! report; [`text`] turns any of these token streams into the text reports
//! show.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::{Scope, ident};
use crate::ir::{ArgStyle, Body, Operation, Outcome, OutcomeBody, Param, Status};

/// The resource method that starts one operation, and its request builder.
#[derive(Debug, Clone)]
pub struct Method<'o> {
    pub op: &'o Operation,
    /// The positional arguments, in order: required parameters the API does
    /// not bind, then a required body.
    pub args: Vec<Arg<'o>>,
    /// The builder's setters, in order: optional parameters, then an optional body.
    pub setters: Vec<Arg<'o>>,
}

/// One argument of a method or one setter of a builder.
#[derive(Debug, Clone, Copy)]
pub enum Arg<'o> {
    Param(&'o Param),
    Body(&'o Body),
}

impl<'o> Arg<'o> {
    /// Its Rust name (`body` for the body).
    pub fn name(&self) -> &'o str {
        match self {
            Arg::Param(p) => &p.rust_name,
            Arg::Body(_) => "body",
        }
    }

    /// The type it is taken as: `impl Into<String>`, a list of those, the
    /// parameter's own type, or `&'a Body`.
    pub fn ty(&self, scope: &Scope<'_>) -> TokenStream {
        match self {
            Arg::Param(p) => match p.arg {
                ArgStyle::Into => quote! { impl Into<String> },
                ArgStyle::IntoIter => quote! { impl IntoIterator<Item = impl Into<String>> },
                ArgStyle::Plain => scope.ty(&p.ty),
            },
            Arg::Body(b) => {
                let ty = body_type(scope, b);
                quote! { &'a #ty }
            }
        }
    }

    /// `name: Type`, as the method's parameter list has it.
    pub fn decl(&self, scope: &Scope<'_>) -> TokenStream {
        let (name, ty) = (ident(self.name()), self.ty(scope));
        quote! { #name: #ty }
    }
}

/// The surface of one operation.
pub fn method(op: &Operation) -> Method<'_> {
    let visible = || op.params.iter().filter(|p| p.bound.is_none());
    let mut args: Vec<Arg<'_>> = visible().filter(|p| p.required).map(Arg::Param).collect();
    let mut setters: Vec<Arg<'_>> = visible().filter(|p| !p.required).map(Arg::Param).collect();
    if let Some(b) = &op.body {
        if b.required { args.push(Arg::Body(b)) } else { setters.push(Arg::Body(b)) }
    }
    Method { op, args, setters }
}

impl Method<'_> {
    /// The builder type the method returns (`BatchReadRequest<'a>` when it holds a body).
    pub fn builder_type(&self) -> TokenStream {
        let name = ident(&self.op.builder);
        if self.op.body.is_some() {
            quote! { #name<'a> }
        } else {
            quote! { #name }
        }
    }

    /// The method's signature: `pub fn batch_read<'a>(&self, body: &'a …) -> BatchReadRequest<'a>`.
    pub fn signature(&self, scope: &Scope<'_>) -> TokenStream {
        let name = ident(&self.op.rust_name);
        let generics = self.op.body.is_some().then(|| quote! { <'a> });
        let args = self.args.iter().map(|a| a.decl(scope));
        let ret = self.builder_type();
        quote! { pub fn #name #generics (&self #(, #args)*) -> #ret }
    }

    /// What `send()` returns: the one success's body (`()` for none), or the
    /// response enum when several statuses succeed.
    pub fn returns(&self, scope: &Scope<'_>) -> TokenStream {
        match (&self.op.response_enum, self.op.success.as_slice()) {
            (Some(name), _) => {
                let name = ident(name);
                quote! { #name }
            }
            (None, [only]) => outcome_type(scope, only).unwrap_or_else(|| quote! { () }),
            (None, _) => quote! { () },
        }
    }
}

/// The type of a request body: its schema's, or raw bytes.
pub fn body_type(scope: &Scope<'_>, body: &Body) -> TokenStream {
    match body.ty() {
        Some(ty) => scope.ty(ty),
        None => quote! { [u8] },
    }
}

/// The Rust type of one success's body (`None` when it has none).
pub fn outcome_type(scope: &Scope<'_>, o: &Outcome) -> Option<TokenStream> {
    match &o.body {
        OutcomeBody::Json(t) => Some(scope.ty(t)),
        OutcomeBody::Bytes => Some(quote! { bytes::Bytes }),
        OutcomeBody::Empty => None,
    }
}

/// A response enum variant as declared: `MultiStatus(T)`, `Success(u16, T)`
/// for a status range, `NoContent` without a body.
pub fn variant(scope: &Scope<'_>, o: &Outcome) -> TokenStream {
    let name = ident(o.variant.as_deref().unwrap_or_default());
    match (outcome_type(scope, o), o.status) {
        (ty, Status::Range(_)) => {
            let ty = ty.unwrap_or_else(|| quote! { () });
            quote! { #name(u16, #ty) }
        }
        (Some(ty), _) => quote! { #name(#ty) },
        (None, _) => quote! { #name },
    }
}

/// Token text as people write it: `Vec<Foo>`, `impl Into<String>`,
/// `pub fn get<'a>(&self, id: i64) -> GetRequest<'a>`. Reports and tests
/// read signatures through it.
pub fn text(tokens: &TokenStream) -> String {
    let mut toks = Vec::new();
    flatten(tokens.clone(), &mut toks);
    let mut out = String::new();
    for (i, tok) in toks.iter().enumerate() {
        // A trailing comma (`(a: A, b: B,)`, as a formatter wraps long lists) is not written.
        if *tok == Tok::Punct(',', false) && matches!(toks.get(i + 1), Some(Tok::Close(_))) {
            continue;
        }
        let before = |back: usize| i.checked_sub(back).map(|p| &toks[p]);
        let space = match (before(1), tok) {
            (None, _) => false,
            (Some(Tok::Word(_) | Tok::Close(_)), Tok::Word(_)) => true,
            (Some(Tok::Punct(',', _)), t) => !matches!(t, Tok::Close(_)),
            // `a: T`, but not `a::b`.
            (Some(Tok::Punct(':', false)), _) => before(2) != Some(&Tok::Punct(':', true)),
            // ` -> ` and ` = `.
            (_, Tok::Punct('-', true) | Tok::Punct('=', false)) => true,
            (Some(Tok::Punct('>', false)), _) => before(2) == Some(&Tok::Punct('-', true)),
            (Some(Tok::Punct('=', false)), _) => true,
            // A lifetime's name is glued to its quote; a word after a lifetime is not.
            (Some(Tok::Word(_)), Tok::Punct('\'', _)) => true,
            _ => false,
        };
        if space {
            out.push(' ');
        }
        match tok {
            Tok::Word(w) => out.push_str(w),
            Tok::Punct(c, _) | Tok::Open(c) | Tok::Close(c) => out.push(*c),
        }
    }
    out
}

/// One token as [`text`] spaces it: a word (identifier or literal), a
/// punctuation character (joined to the next or not), or a delimiter.
#[derive(PartialEq)]
enum Tok {
    Word(String),
    Punct(char, bool),
    Open(char),
    Close(char),
}

fn flatten(tokens: TokenStream, out: &mut Vec<Tok>) {
    use proc_macro2::{Delimiter, Spacing, TokenTree};
    for tree in tokens {
        match tree {
            TokenTree::Ident(i) => out.push(Tok::Word(i.to_string())),
            TokenTree::Literal(l) => out.push(Tok::Word(l.to_string())),
            TokenTree::Punct(p) => out.push(Tok::Punct(p.as_char(), p.spacing() == Spacing::Joint)),
            TokenTree::Group(g) => {
                let delimiters = match g.delimiter() {
                    Delimiter::Parenthesis => Some(('(', ')')),
                    Delimiter::Bracket => Some(('[', ']')),
                    Delimiter::Brace => Some(('{', '}')),
                    Delimiter::None => None,
                };
                out.extend(delimiters.map(|(open, _)| Tok::Open(open)));
                flatten(g.stream(), out);
                out.extend(delimiters.map(|(_, close)| Tok::Close(close)));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_reads_as_written() {
        let cases = [
            (quote! { Vec<Foo> }, "Vec<Foo>"),
            (quote! { impl IntoIterator<Item = impl Into<String> > }, "impl IntoIterator<Item = impl Into<String>>"),
            (
                quote! { std::collections::BTreeMap<String, Option<i64>> },
                "std::collections::BTreeMap<String, Option<i64>>",
            ),
            (
                quote! { pub fn get<'a>(&self, id: i64, body: &'a Foo) -> GetRequest<'a> },
                "pub fn get<'a>(&self, id: i64, body: &'a Foo) -> GetRequest<'a>",
            ),
            (quote! { pub fn list(&self) -> ListRequest }, "pub fn list(&self) -> ListRequest"),
            (quote! { Success(u16, ()) }, "Success(u16, ())"),
            (quote! { pub fn f(&self, a: A, b: B,) -> R }, "pub fn f(&self, a: A, b: B) -> R"),
        ];
        for (tokens, want) in cases {
            assert_eq!(text(&tokens), want);
        }
    }
}
