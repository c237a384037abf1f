//! Every identifier the generator emits is made here: case conversion,
//! keywords, leading digits, signs, characters that cannot appear in Rust
//! identifiers, and deterministic de-duplication. Emitters never case-convert.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Words that cannot be plain identifiers. Those that can be raw identifiers are
/// emitted as `r#word`; `self`, `Self`, `super`, `crate` get a trailing `_`.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "false", "fn",
    "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self",
    "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where", "while", "abstract",
    "become", "box", "do", "final", "macro", "override", "priv", "typeof", "unsized", "virtual", "yield", "try",
];
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Replace signs and characters that are not identifier characters by word
/// boundaries, so that heck can case-convert the rest. `+1` → `plus 1`.
fn words(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len() + 4);
    for (i, c) in raw.chars().enumerate() {
        match c {
            '+' if i == 0 => out.push_str("plus "),
            '-' if i == 0 => out.push_str("minus "),
            c if c.is_alphanumeric() => out.push(c),
            _ => out.push(' '),
        }
    }
    out
}

fn ascii_only(s: String) -> String {
    if s.is_ascii() { s } else { s.chars().filter(char::is_ascii).collect() }
}

/// `snake_case` for fields, methods, parameters and modules.
pub fn snake(raw: &str) -> String {
    let s = ascii_only(words(raw).to_snake_case());
    let s = if s.is_empty() { "value".to_owned() } else { s };
    let s = if s.starts_with(|c: char| c.is_ascii_digit()) { format!("n{s}") } else { s };
    keyword_safe(s)
}

/// `UpperCamelCase` for types and enum variants.
pub fn camel(raw: &str) -> String {
    let s = ascii_only(words(raw).to_upper_camel_case());
    let s = if s.is_empty() { "Value".to_owned() } else { s };
    if s.starts_with(|c: char| c.is_ascii_digit()) { format!("V{s}") } else { keyword_safe(s) }
}

/// A module name: like [`snake`] but never a raw identifier.
pub fn module_name(raw: &str) -> String {
    let s = snake(raw);
    match s.strip_prefix("r#") {
        Some(word) => format!("{word}_"),
        None => s,
    }
}

fn keyword_safe(s: String) -> String {
    if NOT_RAW.contains(&s.as_str()) {
        format!("{s}_")
    } else if KEYWORDS.contains(&s.as_str()) {
        format!("r#{s}")
    } else {
        s
    }
}

/// Hands out unique names within one scope, in call order: the second `name`
/// becomes `name2`, the third `name3`. Callers feed names in a deterministic
/// order (sorted wire names), so the result is deterministic too.
#[derive(Debug, Default, Clone)]
pub struct Namer {
    used: BTreeSet<String>,
}

impl Namer {
    /// A namer in which `reserved` names are already taken.
    pub fn with_reserved<'a>(reserved: impl IntoIterator<Item = &'a str>) -> Self {
        Namer { used: reserved.into_iter().map(str::to_owned).collect() }
    }

    pub fn unique(&mut self, candidate: String) -> String {
        if self.used.insert(candidate.clone()) {
            return candidate;
        }
        let (base, raw) = match candidate.strip_prefix("r#") {
            Some(b) => (b.to_owned(), true),
            None => (candidate.clone(), false),
        };
        let sep = if base.ends_with(|c: char| c.is_ascii_digit()) { "_" } else { "" };
        (2..)
            .map(|n| format!("{base}{sep}{n}"))
            .map(|n| if raw && KEYWORDS.contains(&n.as_str()) { format!("r#{n}") } else { n })
            .find(|n| self.used.insert(n.clone()))
            .expect("an unbounded range always yields a free name")
    }

    pub fn contains(&self, name: &str) -> bool {
        self.used.contains(name)
    }
}

/// One path segment: literal text or a `{parameter}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment<'a> {
    Literal(&'a str),
    Param(&'a str),
}

/// A segment that holds a parameter anywhere (`{id}.json`) counts as one.
pub fn segments(path: &str) -> Vec<Segment<'_>> {
    path.split('/')
        .filter(|s| !s.is_empty())
        .map(|s| match s.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(p) => Segment::Param(p),
            None if s.contains('{') => Segment::Param(s),
            None => Segment::Literal(s),
        })
        .collect()
}

/// The names of the `{parameters}` of a path template, in order, wherever
/// they stand in a segment.
pub fn path_params(path: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else { break };
        out.push(&rest[start + 1..start + len]);
        rest = &rest[start + len + 1..];
    }
    out
}

/// How many leading segments all paths share. Two parameters match
/// (`{objectType}` and `{fromObjectType}` play the same role). A parameter also
/// matches a literal collection name when both lead somewhere: in an API whose
/// generic `{objectType}/{objectId}/associations/…` paths sit beside its
/// `contacts/…` paths, `contacts` is one value of `{objectType}`. A parameter
/// that ends its path (`/export/{id}` beside `/export/async`) matches only
/// parameters.
pub fn common_prefix_len(paths: &[&str]) -> usize {
    let all: Vec<Vec<Segment<'_>>> = paths.iter().map(|p| segments(p)).collect();
    let Some(first) = all.first() else { return 0 };
    let mut n = 0;
    while n < first.len() && all.iter().all(|p| p.len() > n) {
        let literals: Vec<&str> = all
            .iter()
            .filter_map(|p| match p[n] {
                Segment::Literal(l) => Some(l),
                Segment::Param(_) => None,
            })
            .collect();
        let one_literal = literals.windows(2).all(|w| w[0] == w[1]);
        let params_lead_on = all.iter().all(|p| matches!(p[n], Segment::Literal(_)) || p.len() > n + 1);
        let literal_leads_on = all.iter().any(|p| matches!(p[n], Segment::Literal(_)) && p.len() > n + 1);
        let matches = match (literals.len(), all.len()) {
            (0, _) => true,
            (l, total) if l == total => one_literal,
            _ => one_literal && params_lead_on && literal_leads_on,
        };
        if !matches {
            break;
        }
        n += 1;
    }
    n
}

/// The part of an operationId a person wrote, if any. HubSpot's style is
/// `post-/crm/v3/objects/contacts/batch/read_read` (readable tail `read`); some
/// versions repeat the path instead (`get-/a/{b}_/a/{b}`), which has no readable
/// part. An operationId without a `/` is readable as a whole.
pub fn readable_operation_id(operation_id: &str) -> Option<&str> {
    let tail = if operation_id.contains('/') {
        let (_, tail) = operation_id.rsplit_once('_')?;
        tail
    } else {
        operation_id
    };
    let ok = !tail.is_empty() && !tail.contains(['/', '{', '}']) && tail.chars().any(char::is_alphabetic);
    ok.then_some(tail)
}

/// Method name of an operation, by a general rule:
///
/// 0. An operationId a person wrote as a whole (no `/` in it: `listPets`,
///    `createThing`) is the vendor's own name for the method: `list_pets`.
/// 1. The path's literal segments after the API's common prefix name the action
///    when there are any: `POST …/batch/read` → `batch_read`, `POST …/search` →
///    `search`. Methods other than `POST` prefix their verb when the literals are
///    nouns: `GET …/{id}/associations/{to}` → `get_associations`.
/// 2. Otherwise the readable part of the operationId: `getById` → `get_by_id`.
/// 3. Otherwise the method and the path's shape: a collection is listed with
///    `GET` (`get_page`), created into with `POST` (`create`); an item is read
///    (`get_by_id`), updated (`PATCH`, `update`), replaced (`PUT`, `replace`) or
///    archived (`DELETE`, `archive`). HubSpot's verbs, and also what its
///    human-written operationIds say in the API versions that have them, so
///    names stay the same across API versions.
pub fn method_name(method: &str, path: &str, prefix_len: usize, operation_id: Option<&str>) -> String {
    let segs = segments(path);
    let rest = segs.get(prefix_len..).unwrap_or_default();
    let literals: Vec<&str> = rest
        .iter()
        .filter_map(|s| match s {
            Segment::Literal(l) => Some(*l),
            Segment::Param(_) => None,
        })
        .collect();
    let method = method.to_ascii_lowercase();
    if let Some(whole) = operation_id.filter(|id| !id.contains('/')).and_then(readable_operation_id) {
        return snake(whole);
    }
    if !literals.is_empty() {
        let action = snake(&literals.join(" "));
        let action = action.trim_start_matches("r#");
        let verb = match method.as_str() {
            "post" => None,
            "get" => Some("get"),
            "delete" => Some("archive"),
            "patch" => Some("update"),
            "put" => Some("put"),
            other => Some(other),
        };
        return keyword_safe(match verb {
            Some(v) if !action.starts_with(v) => format!("{v}_{action}"),
            _ => action.to_owned(),
        });
    }
    if let Some(readable) = operation_id.and_then(readable_operation_id) {
        return snake(readable);
    }
    let item = matches!(rest.last(), Some(Segment::Param(_)));
    let name = match (method.as_str(), item) {
        ("get", false) => "get_page",
        ("get", true) => "get_by_id",
        ("post", _) => "create",
        ("patch", _) => "update",
        ("put", _) => "replace",
        ("delete", _) => "archive",
        (other, _) => other,
    };
    name.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers() {
        assert_eq!(snake("propertiesWithHistory"), "properties_with_history");
        assert_eq!(snake("type"), "r#type");
        assert_eq!(snake("self"), "self_");
        assert_eq!(snake("2fa"), "n2fa");
        assert_eq!(snake("in"), "r#in");
        assert_eq!(camel("CONTAINS_TOKEN"), "ContainsToken");
        assert_eq!(camel("+1"), "Plus1");
        assert_eq!(camel("-1"), "Minus1");
        assert_eq!(camel("1"), "V1");
        assert_eq!(camel("Self"), "Self_");
        assert_eq!(camel(""), "Value");
        assert_eq!(camel("hs_é"), "Hs");
        assert_eq!(module_name("type"), "type_");
    }

    #[test]
    fn namer_deduplicates_deterministically() {
        let mut n = Namer::with_reserved(["Unknown"]);
        assert_eq!(n.unique("Unknown".into()), "Unknown2");
        assert_eq!(n.unique("A".into()), "A");
        assert_eq!(n.unique("A".into()), "A2");
        assert_eq!(n.unique("V1".into()), "V1");
        assert_eq!(n.unique("V1".into()), "V1_2");
        assert_eq!(n.unique("r#type".into()), "r#type");
        assert_eq!(n.unique("r#type".into()), "type2");
    }

    #[test]
    fn path_parameters_anywhere_in_a_segment() {
        assert_eq!(path_params("/files/{id}.json/v{version}"), ["id", "version"]);
        assert_eq!(segments("/files/{id}.json"), [Segment::Literal("files"), Segment::Param("{id}.json")]);
    }

    #[test]
    fn readable_tails() {
        assert_eq!(readable_operation_id("post-/crm/v3/objects/contacts/batch/read_read"), Some("read"));
        assert_eq!(readable_operation_id("get-/crm/v3/objects/contacts/{contactId}_getById"), Some("getById"));
        assert_eq!(readable_operation_id("get-/crm/objects/2025-09/{objectType}_/crm/objects/2025-09/{objectType}"), None);
        assert_eq!(readable_operation_id("listPets"), Some("listPets"));
    }

    fn names(method_paths: &[(&str, &str, Option<&str>)]) -> Vec<String> {
        let paths: Vec<&str> = method_paths.iter().map(|(_, p, _)| *p).collect();
        let prefix = common_prefix_len(&paths);
        method_paths.iter().map(|(m, p, id)| method_name(m, p, prefix, *id)).collect()
    }

    #[test]
    fn hubspot_v3_and_dated_styles_agree() {
        let v3 = names(&[
            ("get", "/crm/v3/objects/contacts", Some("get-/crm/v3/objects/contacts_getPage")),
            ("post", "/crm/v3/objects/contacts/batch/read", Some("post-/crm/v3/objects/contacts/batch/read_read")),
            ("post", "/crm/v3/objects/contacts/gdpr-delete", Some("post-/crm/v3/objects/contacts/gdpr-delete_purge")),
            ("get", "/crm/v3/objects/contacts/{contactId}", Some("get-/crm/v3/objects/contacts/{contactId}_getById")),
            ("delete", "/crm/v3/objects/contacts/{contactId}", Some("delete-/crm/v3/objects/contacts/{contactId}_archive")),
        ]);
        assert_eq!(v3, ["get_page", "batch_read", "gdpr_delete", "get_by_id", "archive"]);
        let dated = names(&[
            ("get", "/crm/objects/2025-09/{objectType}", Some("get-/crm/objects/2025-09/{objectType}_/crm/objects/2025-09/{objectType}")),
            ("post", "/crm/objects/2025-09/{objectType}/batch/read", None),
            ("post", "/crm/objects/2025-09/{objectType}/gdpr-delete", None),
            ("get", "/crm/objects/2025-09/{objectType}/{objectId}", None),
            ("delete", "/crm/objects/2025-09/{objectType}/{objectId}", None),
        ]);
        assert_eq!(dated, v3);
        let mixed = names(&[
            ("get", "/crm/objects/2026-09-beta/contacts", None),
            ("post", "/crm/objects/2026-09-beta/contacts/batch/read", None),
            ("post", "/crm/objects/2026-09-beta/contacts/gdpr-delete", None),
            ("get", "/crm/objects/2026-09-beta/contacts/{contactId}", None),
            ("delete", "/crm/objects/2026-09-beta/contacts/{contactId}", None),
            ("put", "/crm/objects/2026-09-beta/{fromObjectType}/{fromObjectId}/associations/default/{toObjectType}/{toObjectId}", None),
        ]);
        assert_eq!(mixed[..5], v3);
        assert_eq!(mixed[5], "put_associations_default");
    }

    #[test]
    fn whole_operation_ids_are_the_vendors_names() {
        let n = names(&[("post", "/things", Some("createThing")), ("get", "/files/{id}", Some("getFile")), ("get", "/things", None)]);
        assert_eq!(n, ["create_thing", "get_file", "get_things"]);
    }

    #[test]
    fn keyword_actions_stay_identifiers() {
        assert_eq!(names(&[("post", "/export/async", None), ("get", "/export/{id}", None)]), ["r#async", "get_by_id"]);
        assert_eq!(names(&[("get", "/a/type", None), ("get", "/a/{id}", None)]), ["get_type", "get_by_id"]);
    }
}
