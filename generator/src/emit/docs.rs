//! Rustdoc from spec text.

use proc_macro2::TokenStream;
use quote::quote;

/// One `#[doc]` attribute per line, so prettyplease prints `///` comments.
pub fn doc_attrs(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote! { #(#[doc = #lines])* }
}

/// The same as inner attributes (`//!`), for module docs.
pub fn inner_doc_attrs(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote! { #(#![doc = #lines])* }
}

/// Spec prose is Markdown written for web pages, not rustdoc: indented lines
/// would become code blocks that rustdoc compiles as doctests, and fenced
/// blocks without a language are Rust to rustdoc. Indentation is dropped and
/// fences are marked `text`.
fn doc_lines(text: &str) -> Vec<String> {
    let mut in_fence = false;
    let mut lines: Vec<String> = text
        .trim()
        .lines()
        .map(|line| {
            let line = line.trim();
            let line = if let Some(lang) = line.strip_prefix("```") {
                in_fence = !in_fence;
                if in_fence && lang.trim().is_empty() { "```text".to_owned() } else if in_fence { format!("```{lang}") } else { "```".to_owned() }
            } else {
                line.to_owned()
            };
            if line.is_empty() { String::new() } else { format!(" {line}") }
        })
        .collect();
    if in_fence {
        lines.push(" ```".to_owned());
    }
    lines
}

/// Join optional paragraphs into one doc text.
pub fn paragraphs<'a>(parts: impl IntoIterator<Item = Option<&'a str>>) -> String {
    let parts: Vec<&str> = parts.into_iter().flatten().map(str::trim).filter(|p| !p.is_empty()).collect();
    let mut out: Vec<&str> = Vec::new();
    for p in parts {
        if !out.contains(&p) {
            out.push(p);
        }
    }
    out.join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fences_become_text_and_indentation_goes() {
        let tokens = doc_attrs("Hello\n\n    indented\n```\ncode\n```").to_string();
        assert!(tokens.contains("\" indented\""), "{tokens}");
        assert!(tokens.contains("\" ```text\""), "{tokens}");
    }

    #[test]
    fn paragraphs_skip_empty_and_repeated() {
        assert_eq!(paragraphs([Some("a"), None, Some(" "), Some("a"), Some("b")]), "a\n\nb");
    }
}
