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
/// would become code blocks that rustdoc compiles as doctests, fenced blocks
/// without a language are Rust to rustdoc, bare URLs and `[brackets]` that are
/// not links draw rustdoc warnings. Indentation is dropped, fences are marked
/// `text`, URLs get `<…>` and stray brackets are escaped (outside code).
fn doc_lines(text: &str) -> Vec<String> {
    let mut in_fence = false;
    let mut lines: Vec<String> = text
        .trim()
        .lines()
        .map(|line| {
            let line = line.trim();
            let line = if let Some(lang) = line.strip_prefix("```") {
                in_fence = !in_fence;
                if in_fence && lang.trim().is_empty() {
                    "```text".to_owned()
                } else if in_fence {
                    format!("```{lang}")
                } else {
                    "```".to_owned()
                }
            } else if in_fence {
                line.to_owned()
            } else {
                rustdoc_safe(line)
            };
            if line.is_empty() { String::new() } else { format!(" {line}") }
        })
        .collect();
    if in_fence {
        lines.push(" ```".to_owned());
    }
    lines
}

/// One line of prose made safe for rustdoc; text in backticks is left alone.
fn rustdoc_safe(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let parts: Vec<&str> = line.split('`').collect();
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            out.push('`');
        }
        if i % 2 == 1 {
            out.push_str(part);
        } else {
            // `[`Name`]` is an intra-doc link: brackets hugging code stay.
            out.push_str(&escape_prose(part, i > 0, i + 1 < parts.len()));
        }
    }
    out
}

fn escape_prose(text: &str, after_code: bool, before_code: bool) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    let mut i = 0;
    // Whether the text at `i` starts with `prefix` (no string built per character).
    let at = |i: usize, prefix: &str| prefix.chars().enumerate().all(|(k, c)| chars.get(i + k) == Some(&c));
    while i < chars.len() {
        let prev = if i > 0 { chars[i - 1] } else { ' ' };
        let markdown_link = prev == '(' && i >= 2 && chars[i - 2] == ']';
        if (at(i, "http://") || at(i, "https://")) && !markdown_link && !matches!(prev, '<' | '"' | '\'') {
            let end = (i..chars.len())
                .find(|&j| chars[j].is_whitespace() || matches!(chars[j], '<' | '>' | '"' | ')'))
                .unwrap_or(chars.len());
            let mut url_end = end;
            while url_end > i && matches!(chars[url_end - 1], '.' | ',' | ';' | ':' | '!' | '?') {
                url_end -= 1;
            }
            out.push('<');
            out.extend(&chars[i..url_end]);
            out.push('>');
            i = url_end;
            continue;
        }
        match chars[i] {
            '[' => {
                let close = chars[i..].iter().position(|c| *c == ']').map(|p| i + p);
                let is_link =
                    close.is_some_and(|c| chars.get(c + 1) == Some(&'(')) || (before_code && i + 1 == chars.len());
                if is_link {
                    out.push('[');
                } else {
                    out.push_str("\\[");
                }
            }
            ']' => {
                if chars.get(i + 1) == Some(&'(') || (after_code && i == 0) {
                    out.push(']');
                } else {
                    out.push_str("\\]");
                }
            }
            c => out.push(c),
        }
        i += 1;
    }
    out
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
    fn urls_and_stray_brackets_are_made_safe() {
        assert_eq!(
            rustdoc_safe("see https://example.com/a. and [docs](https://x.y)"),
            "see <https://example.com/a>. and [docs](https://x.y)"
        );
        assert_eq!(rustdoc_safe("{missingScopes=[scope1, scope2]}"), "{missingScopes=\\[scope1, scope2\\]}");
        assert_eq!(rustdoc_safe("`[kept]` and `https://kept`"), "`[kept]` and `https://kept`");
        assert_eq!(rustdoc_safe("built by [`Contacts::archive`]: done"), "built by [`Contacts::archive`]: done");
        assert_eq!(rustdoc_safe("(see https://example.com)"), "(see <https://example.com>)");
        assert_eq!(rustdoc_safe("(https://example.com)"), "(<https://example.com>)");
    }

    #[test]
    fn paragraphs_skip_empty_and_repeated() {
        assert_eq!(paragraphs([Some("a"), None, Some(" "), Some("a"), Some("b")]), "a\n\nb");
    }
}
