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

/// The verbs a vendor uses for the basic operations, by method and path
/// shape: the vocabulary of [`method_name`]'s last steps. A conventions
/// profile supplies them ([`crate::conventions`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verbs {
    /// `GET` on a collection.
    pub list: &'static str,
    /// `GET` on an item.
    pub get: &'static str,
    /// `POST` on a collection or item.
    pub create: &'static str,
    /// `PATCH`.
    pub update: &'static str,
    /// `PUT`.
    pub replace: &'static str,
    /// `DELETE`.
    pub delete: &'static str,
    /// Prefixes of named actions by method (`GET …/associations` → `get_associations`).
    pub get_prefix: &'static str,
    pub delete_prefix: &'static str,
    pub patch_prefix: &'static str,
    pub put_prefix: &'static str,
}

impl Verbs {
    /// Plain REST verbs, for APIs without a profile.
    pub const PLAIN: Verbs = Verbs {
        list: "list",
        get: "get",
        create: "create",
        update: "update",
        replace: "replace",
        delete: "delete",
        get_prefix: "get",
        delete_prefix: "delete",
        patch_prefix: "update",
        put_prefix: "put",
    };
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
/// 3. Otherwise the method and the path's shape, in the vendor's [`Verbs`]: a
///    collection is listed with `GET`, created into with `POST`; an item is
///    read, updated (`PATCH`), replaced (`PUT`) or deleted (`DELETE`).
pub fn method_name(method: &str, path: &str, prefix_len: usize, operation_id: Option<&str>, verbs: &Verbs) -> String {
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
            "get" => Some(verbs.get_prefix),
            "delete" => Some(verbs.delete_prefix),
            "patch" => Some(verbs.patch_prefix),
            "put" => Some(verbs.put_prefix),
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
        ("get", false) => verbs.list,
        ("get", true) => verbs.get,
        ("post", _) => verbs.create,
        ("patch", _) => verbs.update,
        ("put", _) => verbs.replace,
        ("delete", _) => verbs.delete,
        (other, _) => other,
    };
    keyword_safe(name.to_owned())
}

/// Fields and methods every request builder has; parameters are named around them.
pub const BUILDER_MEMBERS: &[&str] = &["client", "body", "options", "send", "send_with_response", "into_stream", "send_all"];

/// Locals of a generated `send_with_response`; path segment locals are named around them.
pub const SEND_LOCALS: &[&str] = &["request", "response", "value", "body", "path", "status", "self"];

/// Prelude names generated code uses unqualified. A type of the API with one
/// of these names shadows it; [`shadowed_prelude`] lists which do.
pub const PRELUDE: &[&str] = &["Option", "Result", "String", "Vec", "Box", "From"];

/// The prelude names among `type_names`.
pub fn shadowed_prelude<'a>(type_names: impl IntoIterator<Item = &'a str>) -> BTreeSet<String> {
    type_names.into_iter().filter(|n| PRELUDE.contains(n)).map(str::to_owned).collect()
}

/// The resource struct of a module (`contacts` → `Contacts`), never a prelude
/// name the resource module uses unqualified.
pub fn resource_name(module: &str) -> String {
    let name = camel(module);
    let taken = PRELUDE.contains(&name.as_str()) || ["Clone", "Default", "Into", "IntoIterator", "Iterator", "Some", "None", "Ok", "Err"].contains(&name.as_str());
    if taken { format!("{name}Api") } else { name }
}

/// A method's name without the raw prefix, in `UpperCamelCase`: the stem of its
/// builder and response enum.
fn stem(method: &str) -> String {
    camel(method.trim_start_matches("r#"))
}

/// The request builder a method returns (`batch_read` → `BatchReadRequest`).
pub fn builder_name(method: &str) -> String {
    format!("{}Request", stem(method))
}

/// The enum `send` returns when an operation has several success statuses.
pub fn response_enum_name(method: &str) -> String {
    format!("{}Response", stem(method))
}

/// The variant of a response enum for one success status.
pub fn status_variant(status: crate::ir::Status) -> String {
    use crate::ir::Status;
    match status {
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
    }
}

/// The catch-all variant of an open enum.
pub const ENUM_UNKNOWN: &str = "Unknown";

/// The catch-all variant of a union (JSON that matches no listed variant).
pub const UNION_OTHER: &str = "Other";

/// The local a path parameter's encoded text is bound to before the path is
/// formatted: its field name, usable inside `format!("{local}")` (never raw),
/// made unique against [`SEND_LOCALS`] by `locals`.
pub fn path_local(field: &str, locals: &mut Namer) -> String {
    let base = match field.strip_prefix("r#") {
        Some(raw) => format!("{raw}_"),
        None => field.to_owned(),
    };
    let name = locals.unique(base);
    match name.strip_prefix("r#") {
        Some(raw) => format!("{raw}_"),
        None => name,
    }
}

/// Is `name` something the emitter can print as an identifier (raw ones included)?
pub fn is_identifier(name: &str) -> bool {
    let plain = name.strip_prefix("r#").unwrap_or(name);
    let mut chars = plain.chars();
    let starts = chars.next().is_some_and(|c| c == '_' || c.is_ascii_alphabetic());
    let rest = plain.chars().all(|c| c == '_' || c.is_ascii_alphanumeric());
    let raw_ok = !name.starts_with("r#") || (KEYWORDS.contains(&plain) && !NOT_RAW.contains(&plain));
    let bare_ok = name.starts_with("r#") || !KEYWORDS.contains(&plain);
    starts && rest && plain != "_" && raw_ok && bare_ok
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
        assert_eq!(crate::ir::PathTemplate::param_names("/files/{id}.json/v{version}"), ["id", "version"]);
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
        method_paths.iter().map(|(m, p, id)| method_name(m, p, prefix, *id, &crate::conventions::hubspot::VERBS)).collect()
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
    fn identifiers_are_checked() {
        for ok in ["a", "r#type", "self_", "A2", "_x"] {
            assert!(is_identifier(ok), "{ok}");
        }
        for bad in ["", "2a", "type", "r#self", "a-b", "r#foo", "_"] {
            assert!(!is_identifier(bad), "{bad}");
        }
        let mut locals = Namer::with_reserved(SEND_LOCALS.iter().copied());
        assert_eq!(path_local("contact_id", &mut locals), "contact_id");
        assert_eq!(path_local("path", &mut locals), "path2");
        assert_eq!(path_local("r#type", &mut locals), "type_");
        assert_eq!(resource_name("option"), "OptionApi");
        assert_eq!(builder_name("r#async"), "AsyncRequest");
    }

    #[test]
    fn keyword_actions_stay_identifiers() {
        assert_eq!(names(&[("post", "/export/async", None), ("get", "/export/{id}", None)]), ["r#async", "get_by_id"]);
        assert_eq!(names(&[("get", "/a/type", None), ("get", "/a/{id}", None)]), ["get_type", "get_by_id"]);
    }
}
