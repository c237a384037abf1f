//! Every identifier the generator emits is made here: case conversion,
//! keywords, leading digits, signs, characters that cannot appear in Rust
//! identifiers, and deterministic de-duplication. Emitters never case-convert.

use std::collections::{BTreeMap, BTreeSet};

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Words that cannot be plain identifiers. Names keep them bare (`type`) and
/// [`needs_raw`] says the emitter prints them raw (`r#type`), the one place
/// that happens; `self`, `Self`, `super`, `crate` cannot be raw and get a
/// trailing `_` instead.
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

/// `raw` with the symbols `words` would drop spelled out as words, for a
/// name that must differ from one spelled with other symbols: Twilio's
/// `StartTime<` and `StartTime>` beside `StartTime` read as `start_time_lt`
/// and `start_time_gt`, Trello's `prefs/background` beside
/// `prefs_background` as `prefs_slash_background`.
pub fn spelled(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len() + 8);
    for (i, c) in raw.chars().enumerate() {
        let word = match c {
            '<' => "lt",
            '>' => "gt",
            '=' => "eq",
            '!' => "not",
            '/' => "slash",
            '\\' => "backslash",
            '.' => "dot",
            ':' => "colon",
            '@' => "at",
            '$' => "dollar",
            '%' => "percent",
            '&' => "and",
            '|' => "or",
            '*' => "star",
            '~' => "tilde",
            '?' => "query",
            '#' => "number",
            '+' if i > 0 => "plus",
            _ => {
                out.push(c);
                continue;
            }
        };
        out.push(' ');
        out.push_str(word);
        out.push(' ');
    }
    out
}

fn ascii_only(s: String) -> String {
    if s.is_ascii() { s } else { s.chars().filter(char::is_ascii).collect() }
}

/// `snake_case` for fields, methods, parameters and modules.
pub fn snake(raw: &str) -> String {
    let s = ascii_only(words(raw).to_snake_case());
    // Nothing left (`""`, `***`): the symbols spelled out, else `empty`.
    let s = match s.is_empty() {
        true => ascii_only(words(&spelled(raw)).to_snake_case()),
        false => s,
    };
    let s = if s.is_empty() { "empty".to_owned() } else { s };
    let s = if s.starts_with(|c: char| c.is_ascii_digit()) { format!("n{s}") } else { s };
    keyword_safe(s)
}

/// `UpperCamelCase` for types and enum variants.
pub fn camel(raw: &str) -> String {
    let mut s = ascii_only(words(raw).to_upper_camel_case());
    if s.is_empty() {
        s = ascii_only(words(&spelled(raw)).to_upper_camel_case());
    }
    // A non-ASCII capital dropped from the front (`ÁKK` → `Ákk` → `kk`) leaves
    // a lowercase start, which `non_camel_case_types` warns about.
    if let Some(first) = s.get(..1) {
        s = format!("{}{}", first.to_ascii_uppercase(), &s[1..]);
    }
    let s = if s.is_empty() { "Empty".to_owned() } else { s };
    if s.starts_with(|c: char| c.is_ascii_digit()) { format!("V{s}") } else { keyword_safe(s) }
}

/// A module name: like [`snake`] but never a raw identifier.
pub fn module_name(raw: &str) -> String {
    let s = snake(raw);
    if needs_raw(&s) { format!("{s}_") } else { s }
}

fn keyword_safe(s: String) -> String {
    if NOT_RAW.contains(&s.as_str()) { format!("{s}_") } else { s }
}

/// Whether a name (as the IR keeps it, always bare) is a keyword Rust only
/// takes as a raw identifier: `type` is written `r#type`.
pub fn needs_raw(name: &str) -> bool {
    KEYWORDS.contains(&name) && !NOT_RAW.contains(&name)
}

/// A name as Rust source writes it, for reports and docs: `r#type`, `email`.
pub fn written(name: &str) -> String {
    if needs_raw(name) { format!("r#{name}") } else { name.to_owned() }
}

/// Hands out unique names within one scope, in call order. A name already
/// given is settled by the caller's alternatives ([`Namer::unique_or`]:
/// `client_query` for a parameter named like a builder member,
/// `UnknownValue` for an enum value named like the catch-all); only when
/// those are taken too does a counter settle it (`name2`), and the namer
/// records that in [`Namer::counted`] so callers can say so. Callers feed
/// names in a deterministic order (sorted wire names), so the result is
/// deterministic too.
#[derive(Debug, Default, Clone)]
pub struct Namer {
    used: BTreeSet<String>,
    /// Names that only a counter could settle, in the order given.
    pub counted: Vec<String>,
}

impl Namer {
    /// A namer in which `reserved` names are already taken.
    pub fn with_reserved<'a>(reserved: impl IntoIterator<Item = &'a str>) -> Self {
        Namer { used: reserved.into_iter().map(str::to_owned).collect(), counted: Vec::new() }
    }

    /// `candidate`, or the first of `alternatives` not yet given, or (the
    /// last resort) `candidate` with a counter.
    pub fn unique_or(&mut self, candidate: String, alternatives: impl IntoIterator<Item = String>) -> String {
        if self.used.insert(candidate.clone()) {
            return candidate;
        }
        for alternative in alternatives {
            if self.used.insert(alternative.clone()) {
                return alternative;
            }
        }
        self.counter(candidate)
    }

    /// `candidate`, or with a counter when it was given already.
    pub fn unique(&mut self, candidate: String) -> String {
        if self.used.insert(candidate.clone()) {
            return candidate;
        }
        self.counter(candidate)
    }

    fn counter(&mut self, candidate: String) -> String {
        let sep = if candidate.ends_with(|c: char| c.is_ascii_digit()) { "_" } else { "" };
        (2..)
            .map(|n| format!("{candidate}{sep}{n}"))
            .find(|n| self.used.insert(n.clone()))
            .inspect(|n| self.counted.push(n.clone()))
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

/// Is this literal path segment an API version rather than a word? Versions
/// are recognised by shape: `v3`, `v4` (`v` and digits), and dated ones,
/// `2026-09`, `2026-09-beta`, `2026-09-15`. They never reach a name, wherever
/// they sit in a path (`/crm/v3/objects/…`, `/crm/objects/2026-09/…`).
pub fn is_version_segment(segment: &str) -> bool {
    fn digits(s: &str, n: usize) -> bool {
        s.len() == n && s.bytes().all(|b| b.is_ascii_digit())
    }
    if let Some(n) = segment.strip_prefix(['v', 'V']) {
        return !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit());
    }
    let dated = segment.strip_suffix("-beta").unwrap_or(segment);
    let parts: Vec<&str> = dated.split('-').collect();
    match parts[..] {
        [y, m] => digits(y, 4) && digits(m, 2),
        [y, m, d] => digits(y, 4) && digits(m, 2) && digits(d, 2),
        _ => false,
    }
}

/// One path segment as method names see it: the version is gone (see
/// [`name_parts`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part<'a> {
    /// A literal that is a word and may name something: `batch`, `gdpr-delete`, `contacts`.
    Word(&'a str),
    /// A `{parameter}` (or a segment holding one, `{id}.json`).
    Param(&'a str),
    /// A literal that is a value, not a word: it has no letter (`0-410`, an
    /// object type's id). It names a collection as `contacts` or
    /// `{objectType}` do, but never becomes part of a name.
    Value(&'a str),
}

/// The segments of `path` that names are made of: [`segments`] without the
/// version segments ([`is_version_segment`]), literals without a letter as
/// [`Part::Value`]s.
pub fn name_parts(path: &str) -> Vec<Part<'_>> {
    segments(path)
        .into_iter()
        .filter_map(|s| match s {
            Segment::Param(p) => Some(Part::Param(p)),
            Segment::Literal(l) if is_version_segment(l) => None,
            Segment::Literal(l) if !l.chars().any(char::is_alphabetic) => Some(Part::Value(l)),
            Segment::Literal(l) => Some(Part::Word(l)),
        })
        .collect()
}

/// How many leading [`name_parts`] all paths share: the API's base, which
/// method names leave out. Versions are not counted (`/crm/v3/objects/contacts`
/// and `/crm/objects/2026-09/contacts` share all three of their parts).
///
/// - Two parameters match (`{objectType}` and `{fromObjectType}` play the same
///   role); a value (`0-410`) matches them too: it is a fixed collection name.
/// - A literal collection name matches parameters when it is one value of a
///   collection parameter: in an API whose generic
///   `{objectType}/{objectId}/associations/…` paths sit beside its `contacts/…`
///   paths, `contacts` is one value of `{objectType}`. That takes no parameter
///   before it, a parameter (or value) there that is followed by an item
///   parameter (`{objectType}/{objectId}`), a word that is a collection too
///   (followed by an item parameter, `contacts/{contactId}`, or standing beside
///   a value such as `0-410`), and both the word and every parameter leading
///   on. A parameter that ends its path (`/export/{id}` beside
///   `/export/async`) or that only scopes what follows (`{appId}/settings`
///   beside `inbound-call`) is no collection, nor is a word that only groups
///   what follows (`definitions/configurations/…`, `usage/…`).
/// - The base ends at the first word after a parameter: words that follow a
///   parameter name sub-resources and actions (`…/{pipelineId}/stages`,
///   `…/{objectId}/associations`), which belong in names even when every
///   operation of one version has them.
pub fn common_prefix_len(paths: &[&str]) -> usize {
    let all: Vec<Vec<Part<'_>>> = paths.iter().map(|p| name_parts(p)).collect();
    prefix_of(&all)
}

fn prefix_of(all: &[Vec<Part<'_>>]) -> usize {
    let Some(first) = all.first() else { return 0 };
    let mut n = 0;
    let mut past_param = false;
    while n < first.len() && all.iter().all(|p| p.len() > n) {
        let words: Vec<&str> = all
            .iter()
            .filter_map(|p| match p[n] {
                Part::Word(w) => Some(w),
                Part::Param(_) | Part::Value(_) => None,
            })
            .collect();
        let one_word = words.windows(2).all(|w| w[0] == w[1]);
        let matches = if words.is_empty() {
            true
        } else if words.len() == all.len() {
            one_word && !past_param
        } else {
            let params_lead_on = all.iter().all(|p| !matches!(p[n], Part::Param(_)) || p.len() > n + 1);
            let word_leads_on = all.iter().any(|p| matches!(p[n], Part::Word(_)) && p.len() > n + 1);
            let followed_by_param = |p: &Vec<Part<'_>>| matches!(p.get(n + 1), Some(Part::Param(_)));
            let params_address_items = all.iter().any(|p| !matches!(p[n], Part::Word(_)) && followed_by_param(p));
            let word_addresses_items = all.iter().any(|p| matches!(p[n], Part::Word(_)) && followed_by_param(p));
            let beside_a_value = all.iter().any(|p| matches!(p[n], Part::Value(_)));
            one_word
                && !past_param
                && params_lead_on
                && word_leads_on
                && params_address_items
                && (word_addresses_items || beside_a_value)
        };
        if !matches {
            break;
        }
        past_param |= words.len() < all.len();
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
    readable(tail)
}

fn readable(tail: &str) -> Option<&str> {
    let ok = !tail.is_empty() && !tail.contains(['/', '{', '}']) && tail.chars().any(char::is_alphabetic);
    ok.then_some(tail)
}

/// [`readable_operation_id`] for the operation at `method path`: an
/// operationId that spells `{method}-{path}` has as readable part only what
/// follows it after `_`, so an underscore inside the path
/// (`get-/crm/v3/objects/commerce_payments`) is not taken for one.
pub fn readable_operation_id_of<'a>(operation_id: &'a str, method: &str, path: &str) -> Option<&'a str> {
    let spelled = operation_id
        .get(..method.len())
        .filter(|m| m.eq_ignore_ascii_case(method))
        .and_then(|_| operation_id[method.len()..].strip_prefix('-'))
        .and_then(|rest| rest.strip_prefix(path));
    match spelled {
        Some(after) => after.strip_prefix('_').and_then(readable),
        None => readable_operation_id(operation_id),
    }
}

/// The verbs a vendor uses for the basic operations, by method and path
/// shape: the vocabulary of [`method_names`]' last steps. A conventions
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
    /// Does the readable tail of a path-style operationId (`…_getById`) name
    /// the method when the path's words do not? Not for a vendor whose
    /// versions drop or change those tails: its names come from the path alone.
    pub operation_id_tails: bool,
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
        operation_id_tails: true,
    };
}

/// What the method namer needs of one operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OperationRef<'a> {
    /// The HTTP method, any case.
    pub method: &'a str,
    /// The path template.
    pub path: &'a str,
    pub operation_id: Option<&'a str>,
}

impl<'a> OperationRef<'a> {
    pub fn new(method: &'a str, path: &'a str, operation_id: Option<&'a str>) -> Self {
        OperationRef { method, path, operation_id }
    }
}

/// Where a method name came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    /// An operationId written as a whole name.
    OperationId,
    /// The words of the path after the API's base.
    Words,
    /// The readable tail of a path-style operationId.
    Tail,
    /// The method and the path's shape, in the vendor's verbs.
    Shape,
}

/// One operation on its way to a name.
struct Candidate<'a> {
    method: String,
    /// The path's parts after the API's base.
    rest: Vec<Part<'a>>,
    /// Does the path end in an item (`…/{groupName}`) rather than a collection?
    item: bool,
    source: Source,
    name: String,
}

/// Method names of all operations of one API, in order, by a general rule:
///
/// 0. An operationId a person wrote as a whole (no `/` in it: `listPets`,
///    `createThing`) is the vendor's own name for the method: `list_pets`.
/// 1. The path's words after the API's base ([`common_prefix_len`]; version
///    segments are never words) name the action when there are any:
///    `POST …/batch/read` → `batch_read`, `POST …/search` → `search`. Methods
///    other than `POST` prefix their verb when the words are nouns:
///    `GET …/{id}/associations/{to}` → `get_associations`.
/// 2. Otherwise the readable part of a path-style operationId, when the
///    vendor's [`Verbs::operation_id_tails`] says its tails are names:
///    `…_getById` → `get_by_id`.
/// 3. Otherwise the method and the path's shape, in the vendor's [`Verbs`]: a
///    collection is listed with `GET`, created into with `POST`; an item is
///    read, updated (`PATCH`), replaced (`PUT`) or deleted (`DELETE`). A path
///    ends in an item when it ends in a parameter that no other path follows
///    with a parameter (`{appId}` beside `{appId}/{cardId}` is a collection).
///
/// Two operations that would get one name are told apart by what differs
/// between them: an item and its collection (`GET …/groups/{groupName}` beside
/// `GET …/groups`) name the item in the singular (`get_group`, `get_groups`);
/// operations with different methods keep a basic verb from the shape
/// (`DELETE …/{id}` → `archive`) and prefix their method to a named action
/// (`POST …/archive` → `post_archive`). Only when nothing of that differs does
/// a counter settle it (`get_by_id2`), a last resort the name stability test
/// reports.
pub fn method_names(ops: &[OperationRef<'_>], verbs: &Verbs) -> Vec<String> {
    let all: Vec<Vec<Part<'_>>> = ops.iter().map(|op| name_parts(op.path)).collect();
    let prefix = prefix_of(&all);
    let mut candidates: Vec<Candidate<'_>> = ops
        .iter()
        .zip(&all)
        .map(|(op, parts)| {
            let method = op.method.to_ascii_lowercase();
            let rest = parts.get(prefix..).unwrap_or_default().to_vec();
            let item = ends_in_item(parts, &all);
            let (source, name) = base_name(&method, op, &rest, item, verbs);
            Candidate { method, rest, item, source, name }
        })
        .collect();
    settle_collisions(&mut candidates, verbs);
    candidates.into_iter().map(|c| c.name).collect()
}

/// Does `parts` end in an item: a parameter that no other path of the API
/// follows with another parameter? (`{objectType}` beside
/// `{objectType}/{objectId}` names a collection, even when it ends the base.)
fn ends_in_item(parts: &[Part<'_>], all: &[Vec<Part<'_>>]) -> bool {
    let len = parts.len();
    if !matches!(parts.last(), Some(Part::Param(_))) {
        return false;
    }
    let same_up_to_here = |other: &[Part<'_>]| {
        other.len() > len
            && other.iter().zip(parts).all(|(a, b)| match (a, b) {
                (Part::Word(x), Part::Word(y)) => x == y,
                (Part::Word(_), _) | (_, Part::Word(_)) => false,
                _ => true,
            })
    };
    !all.iter().any(|other| same_up_to_here(other) && matches!(other[len], Part::Param(_)))
}

fn words_of<'a>(rest: &[Part<'a>]) -> Vec<&'a str> {
    rest.iter()
        .filter_map(|p| match p {
            Part::Word(w) => Some(*w),
            Part::Param(_) | Part::Value(_) => None,
        })
        .collect()
}

/// The name rules 0–3 give one operation.
fn base_name(method: &str, op: &OperationRef<'_>, rest: &[Part<'_>], item: bool, verbs: &Verbs) -> (Source, String) {
    if let Some(whole) = op.operation_id.filter(|id| !id.contains('/')).and_then(readable_operation_id) {
        return (Source::OperationId, snake(whole));
    }
    let words = words_of(rest);
    if !words.is_empty() {
        return (Source::Words, verb_and_action(method, &snake(&words.join(" ")), verbs));
    }
    let tail = op
        .operation_id
        .filter(|_| verbs.operation_id_tails)
        .and_then(|id| readable_operation_id_of(id, method, op.path));
    if let Some(readable) = tail {
        return (Source::Tail, snake(readable));
    }
    let name = match (method, item) {
        ("get", false) => verbs.list,
        ("get", true) => verbs.get,
        ("post", _) => verbs.create,
        ("patch", _) => verbs.update,
        ("put", _) => verbs.replace,
        ("delete", _) => verbs.delete,
        (other, _) => other,
    };
    (Source::Shape, keyword_safe(name.to_owned()))
}

/// `action` (snake case, possibly raw) with the method's verb in front, unless
/// it is a `POST` or the action already starts with the verb.
fn verb_and_action(method: &str, action: &str, verbs: &Verbs) -> String {
    let verb = match method {
        "post" => None,
        "get" => Some(verbs.get_prefix),
        "delete" => Some(verbs.delete_prefix),
        "patch" => Some(verbs.patch_prefix),
        "put" => Some(verbs.put_prefix),
        other => Some(other),
    };
    keyword_safe(match verb {
        Some(v) if !action.starts_with(v) => format!("{v}_{action}"),
        _ => action.to_owned(),
    })
}

/// Tell apart operations that got one name, by what differs between them.
fn settle_collisions(candidates: &mut [Candidate<'_>], verbs: &Verbs) {
    let mut by_name: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, c) in candidates.iter().enumerate() {
        by_name.entry(c.name.clone()).or_default().push(i);
    }
    for group in by_name.values().filter(|g| g.len() > 1) {
        // An item beside its collection: the item in the singular.
        let has_collection = group.iter().any(|&i| !candidates[i].item);
        for &i in group {
            let c = &mut candidates[i];
            if has_collection && c.item && c.source == Source::Words {
                let action = snake(&words_of(&c.rest).join(" "));
                c.name = verb_and_action(&c.method, &singular_last_word(&action), verbs);
            }
        }
    }
    let mut by_name: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, c) in candidates.iter().enumerate() {
        by_name.entry(c.name.clone()).or_default().push(i);
    }
    for group in by_name.values().filter(|g| g.len() > 1) {
        // Different methods: the vendor's basic verb (`DELETE …/{id}` → `archive`)
        // stays, a named action says its method (`POST …/archive` → `post_archive`).
        let methods: BTreeSet<&str> = group.iter().map(|&i| candidates[i].method.as_str()).collect();
        if methods.len() < group.len() {
            continue;
        }
        for &i in group {
            let c = &mut candidates[i];
            if c.source != Source::Shape && !c.name.starts_with(&format!("{}_", c.method)) {
                c.name = keyword_safe(format!("{}_{}", c.method, c.name));
            }
        }
    }
    // Whatever still collides gets a counter: a last resort the name stability test reports.
    let mut namer = Namer::default();
    for c in candidates.iter_mut() {
        c.name = namer.unique(std::mem::take(&mut c.name));
    }
}

/// `snake_case` words with the last one in the singular (`event_templates` →
/// `event_template`).
pub fn singular_last_word(words: &str) -> String {
    match words.rsplit_once('_') {
        Some((head, last)) => format!("{head}_{}", singular(last)),
        None => singular(words),
    }
}

/// A simple English singular of one lower-case word: `groups` → `group`,
/// `properties` → `property`, `statuses` → `status`, `batches` → `batch`,
/// `addresses` → `address`. Words that do not look plural stay as they are
/// (`status`, `default`, `news`).
pub fn singular(word: &str) -> String {
    // Singular words ending in `s` that the endings below would cut.
    const KEEP: &[&str] = &["news", "series", "species", "alias", "canvas", "gas", "lens"];
    if word.len() < 3 || KEEP.contains(&word) || !word.ends_with('s') {
        return word.to_owned();
    }
    let stem = |n: usize| word[..word.len() - n].to_owned();
    let before = |suffix: &str| word.strip_suffix(suffix).and_then(|w| w.chars().last());
    let vowel = |c: char| "aeiou".contains(c);
    if word.ends_with("ies") && before("ies").is_some_and(|c| !vowel(c)) {
        format!("{}y", stem(3))
    } else if ["sses", "xes", "ches", "shes", "zzes"].iter().any(|s| word.ends_with(s))
        || (word.ends_with("uses") && before("uses").is_some_and(|c| !vowel(c)) && word.len() > 5)
    {
        stem(2)
    } else if word.ends_with("ss") || word.ends_with("us") || word.ends_with("is") {
        word.to_owned()
    } else {
        stem(1)
    }
}

/// Fields and methods every request builder has; parameters are named around them.
pub const BUILDER_MEMBERS: &[&str] = &[
    "client",
    "body",
    "options",
    "send",
    "send_with_response",
    "send_as",
    "into_stream",
    "send_all",
    "into_request",
    "decode_response",
];

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
    let taken = PRELUDE.contains(&name.as_str())
        || ["Clone", "Default", "Into", "IntoIterator", "Iterator", "Some", "None", "Ok", "Err"]
            .contains(&name.as_str());
    if taken { format!("{name}Api") } else { name }
}

/// A method's name without the raw prefix, in `UpperCamelCase`: the stem of its
/// builder and response enum.
fn stem(method: &str) -> String {
    camel(method)
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
    let base = if needs_raw(field) { format!("{field}_") } else { field.to_owned() };
    locals.unique(base)
}

/// Is `name` something the emitter can print as an identifier (a keyword
/// that can be raw included: the emitter writes it `r#type`)?
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    let starts = chars.next().is_some_and(|c| c == '_' || c.is_ascii_alphabetic());
    let rest = name.chars().all(|c| c == '_' || c.is_ascii_alphanumeric());
    starts && rest && name != "_" && !NOT_RAW.contains(&name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbols_spelled_out_tell_names_apart() {
        assert_eq!(snake(&spelled("StartTime<")), "start_time_lt");
        assert_eq!(snake(&spelled("StartTime>")), "start_time_gt");
        assert_eq!(snake(&spelled("prefs/background")), "prefs_slash_background");
        assert_eq!(camel(&spelled(">=")), "GtEq");
        assert_eq!(snake(&spelled("plain_name")), "plain_name");
    }

    #[test]
    fn identifiers() {
        assert_eq!(snake("propertiesWithHistory"), "properties_with_history");
        assert_eq!(snake("type"), "type");
        assert_eq!(written(&snake("type")), "r#type");
        assert_eq!(snake("self"), "self_");
        assert_eq!(snake("2fa"), "n2fa");
        assert_eq!(snake("in"), "in");
        assert_eq!(camel("CONTAINS_TOKEN"), "ContainsToken");
        assert_eq!(camel("+1"), "Plus1");
        assert_eq!(camel("-1"), "Minus1");
        assert_eq!(camel("1"), "V1");
        assert_eq!(camel("Self"), "Self_");
        assert_eq!(camel(""), "Empty");
        assert_eq!(snake(""), "empty");
        assert_eq!(snake(">="), "gt_eq");
        assert_eq!(camel("hs_é"), "Hs");
        assert_eq!(camel("ÁKK"), "Kk");
        assert_eq!(camel("ÁTHK_rate"), "ThkRate");
        assert_eq!(camel("Ézért"), "Zrt");
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
        assert_eq!(n.unique("type".into()), "type");
        assert_eq!(n.unique("type".into()), "type2");
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
        assert_eq!(
            readable_operation_id("get-/crm/objects/2025-09/{objectType}_/crm/objects/2025-09/{objectType}"),
            None
        );
        assert_eq!(readable_operation_id("listPets"), Some("listPets"));
    }

    fn names(method_paths: &[(&str, &str, Option<&str>)]) -> Vec<String> {
        let ops: Vec<OperationRef<'_>> = method_paths.iter().map(|(m, p, id)| OperationRef::new(m, p, *id)).collect();
        method_names(&ops, &crate::conventions::hubspot::VERBS)
    }

    #[test]
    fn hubspot_v3_and_dated_styles_agree() {
        let v3 = names(&[
            ("get", "/crm/v3/objects/contacts", Some("get-/crm/v3/objects/contacts_getPage")),
            ("post", "/crm/v3/objects/contacts/batch/read", Some("post-/crm/v3/objects/contacts/batch/read_read")),
            ("post", "/crm/v3/objects/contacts/gdpr-delete", Some("post-/crm/v3/objects/contacts/gdpr-delete_purge")),
            ("get", "/crm/v3/objects/contacts/{contactId}", Some("get-/crm/v3/objects/contacts/{contactId}_getById")),
            (
                "delete",
                "/crm/v3/objects/contacts/{contactId}",
                Some("delete-/crm/v3/objects/contacts/{contactId}_archive"),
            ),
        ]);
        assert_eq!(v3, ["get_page", "batch_read", "gdpr_delete", "get_by_id", "archive"]);
        let dated = names(&[
            (
                "get",
                "/crm/objects/2025-09/{objectType}",
                Some("get-/crm/objects/2025-09/{objectType}_/crm/objects/2025-09/{objectType}"),
            ),
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
            (
                "put",
                "/crm/objects/2026-09-beta/{fromObjectType}/{fromObjectId}/associations/default/{toObjectType}/{toObjectId}",
                None,
            ),
        ]);
        assert_eq!(mixed[..5], v3);
        assert_eq!(mixed[5], "put_associations_default");
    }

    #[test]
    fn whole_operation_ids_are_the_vendors_names() {
        let n = names(&[
            ("post", "/things", Some("createThing")),
            ("get", "/files/{id}", Some("getFile")),
            ("get", "/things", None),
        ]);
        assert_eq!(n, ["create_thing", "get_file", "get_things"]);
    }

    #[test]
    fn identifiers_are_checked() {
        for ok in ["a", "type", "self_", "A2", "_x"] {
            assert!(is_identifier(ok), "{ok}");
        }
        for bad in ["", "2a", "self", "r#type", "a-b", "r#foo", "_"] {
            assert!(!is_identifier(bad), "{bad}");
        }
        let mut locals = Namer::with_reserved(SEND_LOCALS.iter().copied());
        assert_eq!(path_local("contact_id", &mut locals), "contact_id");
        assert_eq!(path_local("path", &mut locals), "path2");
        assert_eq!(path_local("type", &mut locals), "type_");
        assert_eq!(resource_name("option"), "OptionApi");
        assert_eq!(builder_name("async"), "AsyncRequest");
    }

    #[test]
    fn keyword_actions_stay_identifiers() {
        assert_eq!(names(&[("post", "/export/async", None), ("get", "/export/{id}", None)]), ["async", "get_by_id"]);
        assert_eq!(names(&[("get", "/a/type", None), ("get", "/a/{id}", None)]), ["get_type", "get_by_id"]);
    }

    #[test]
    fn versions_are_recognised_by_shape() {
        for version in ["v1", "v3", "v4", "V2", "2026-09", "2026-09-beta", "2025-09-15", "2027-03-beta"] {
            assert!(is_version_segment(version), "{version}");
        }
        for word in ["v", "va", "v3a", "versions", "2026", "26-09", "2026-9", "2026-09-alpha", "0-410", "beta"] {
            assert!(!is_version_segment(word), "{word}");
        }
        assert_eq!(
            name_parts("/crm/objects/2026-09-beta/0-410/{courseId}/batch"),
            [
                Part::Word("crm"),
                Part::Word("objects"),
                Part::Value("0-410"),
                Part::Param("courseId"),
                Part::Word("batch")
            ]
        );
        assert_eq!(common_prefix_len(&["/crm/v3/objects/contacts/search", "/crm/objects/2026-09/contacts/merge"]), 3);
    }

    #[test]
    fn versions_never_reach_names_even_mid_path() {
        // The 2026-09 associations API mixes two prefixes, each with its version in the middle.
        let n = names(&[
            ("post", "/crm/associations/2026-09/{fromObjectType}/{toObjectType}/batch/archive", None),
            ("post", "/crm/associations/2026-09/usage/high-usage-report/{userId}", None),
            ("delete", "/crm/objects/2026-09/{objectType}/{objectId}/associations/{toObjectType}/{toObjectId}", None),
            (
                "put",
                "/crm/objects/2026-09/{fromObjectType}/{fromObjectId}/associations/default/{toObjectType}/{toObjectId}",
                None,
            ),
        ]);
        let expected = [
            "associations_batch_archive",
            "associations_usage_high_usage_report",
            "archive_objects_associations",
            "put_objects_associations_default",
        ];
        assert_eq!(n, expected);
        // v4 puts the version first and gets the same names.
        let v4 = names(&[
            ("post", "/crm/v4/associations/{fromObjectType}/{toObjectType}/batch/archive", None),
            ("post", "/crm/v4/associations/usage/high-usage-report/{userId}", None),
            ("delete", "/crm/v4/objects/{objectType}/{objectId}/associations/{toObjectType}/{toObjectId}", None),
            (
                "put",
                "/crm/v4/objects/{fromObjectType}/{fromObjectId}/associations/default/{toObjectType}/{toObjectId}",
                None,
            ),
        ]);
        assert_eq!(v4, n);
        // One spec whose paths put the version in two places (calling extensions v3).
        let n = names(&[
            ("get", "/crm/extensions/calling/v3/connection-statuses", None),
            ("post", "/crm/v3/extensions/calling/inbound-call", None),
            ("get", "/crm/v3/extensions/calling/{appId}/settings", None),
        ]);
        assert_eq!(n, ["get_connection_statuses", "inbound_call", "get_settings"]);
    }

    #[test]
    fn an_item_beside_its_collection_is_singular() {
        let n = names(&[
            ("get", "/crm/properties/2026-09/{objectType}", None),
            ("get", "/crm/properties/2026-09/{objectType}/{propertyName}", None),
            ("get", "/crm/properties/2026-09/{objectType}/groups", None),
            ("get", "/crm/properties/2026-09/{objectType}/groups/{groupName}", None),
            ("delete", "/crm/properties/2026-09/{objectType}/groups/{groupName}", None),
        ]);
        assert_eq!(n, ["get_page", "get_by_id", "get_groups", "get_group", "archive_groups"]);
        let n = names(&[
            ("get", "/crm/v3/pipelines/{objectType}", None),
            ("get", "/crm/v3/pipelines/{objectType}/{pipelineId}/stages", None),
            ("get", "/crm/v3/pipelines/{objectType}/{pipelineId}/stages/{stageId}", None),
        ]);
        assert_eq!(n, ["get_page", "get_stages", "get_stage"]);
        let n = names(&[
            ("get", "/integrators/timeline/v3/{appId}/event-templates", None),
            ("get", "/integrators/timeline/v3/{appId}/event-templates/{eventTemplateId}", None),
        ]);
        assert_eq!(n, ["get_event_templates", "get_event_template"]);
    }

    #[test]
    fn methods_tell_apart_an_action_and_a_basic_verb() {
        let n = names(&[("delete", "/things/{id}", None), ("post", "/things/archive", None)]);
        assert_eq!(n, ["archive", "post_archive"]);
    }

    #[test]
    fn a_counter_only_when_nothing_differs() {
        // The same method on two paths of one shape: nothing but the parameter names differ.
        let n = names(&[("get", "/a/{x}", None), ("get", "/b/{y}", None)]);
        assert_eq!(n, ["get_a", "get_b"]);
        let n = names(&[("get", "/things/{a}", None), ("get", "/things/{b}", None)]);
        assert_eq!(n, ["get_by_id", "get_by_id2"]);
    }

    #[test]
    fn a_parameter_that_scopes_is_no_item() {
        // `{appId}` is followed by an item parameter elsewhere: it names a collection.
        let n = names(&[
            ("get", "/crm/v3/extensions/cards-dev/sample-response", None),
            ("get", "/crm/v3/extensions/cards-dev/{appId}", None),
            ("get", "/crm/v3/extensions/cards-dev/{appId}/{cardId}", None),
        ]);
        assert_eq!(n, ["get_sample_response", "get_page", "get_by_id"]);
        // A word beside a scoping parameter is no collection name (timeline v3: `events`, `{appId}/…`).
        let n = names(&[
            ("post", "/integrators/timeline/v3/events", None),
            ("post", "/integrators/timeline/v3/events/batch/create", None),
            ("get", "/integrators/timeline/v3/{appId}/event-templates", None),
        ]);
        assert_eq!(n, ["events", "events_batch_create", "get_event_templates"]);
    }

    #[test]
    fn the_base_never_takes_in_words_after_a_parameter() {
        // Forecasts 2026-03 holds only association operations; they keep the names the full version gives them.
        let subset = names(&[
            (
                "put",
                "/crm/objects/2026-03/{fromObjectType}/{fromObjectId}/associations/default/{toObjectType}/{toObjectId}",
                None,
            ),
            ("delete", "/crm/objects/2026-03/{objectType}/{objectId}/associations/{toObjectType}/{toObjectId}", None),
            ("put", "/crm/objects/2026-03/{objectType}/{objectId}/associations/{toObjectType}/{toObjectId}", None),
        ]);
        assert_eq!(subset, ["put_associations_default", "archive_associations", "put_associations"]);
        let full = names(&[
            ("get", "/crm/objects/2025-09/{objectType}", None),
            (
                "put",
                "/crm/objects/2025-09/{fromObjectType}/{fromObjectId}/associations/default/{toObjectType}/{toObjectId}",
                None,
            ),
            ("delete", "/crm/objects/2025-09/{objectType}/{objectId}/associations/{toObjectType}/{toObjectId}", None),
            ("put", "/crm/objects/2025-09/{objectType}/{objectId}/associations/{toObjectType}/{toObjectId}", None),
        ]);
        assert_eq!(full[1..], subset);
    }

    #[test]
    fn object_type_ids_are_collection_names() {
        // Courses 2026-03: `0-410` beside `courses`, both the same collection.
        let n = names(&[
            ("get", "/crm/objects/2026-03/0-410", None),
            ("post", "/crm/objects/2026-03/0-410", None),
            ("get", "/crm/objects/2026-03/0-410/{courseId}", None),
            ("post", "/crm/objects/2026-03/0-410/batch/read", None),
            ("post", "/crm/objects/2026-03/courses/merge", None),
        ]);
        assert_eq!(n, ["get_page", "create", "get_by_id", "batch_read", "merge"]);
    }

    #[test]
    fn operation_ids_that_spell_the_path() {
        let id = "get-/crm/v3/objects/commerce_payments";
        assert_eq!(readable_operation_id(id), Some("payments"), "read without the path, `_payments` looks like a tail");
        assert_eq!(readable_operation_id_of(id, "get", "/crm/v3/objects/commerce_payments"), None);
        let id = "get-/crm/v3/objects/commerce_payments/{id}_getById";
        assert_eq!(readable_operation_id_of(id, "GET", "/crm/v3/objects/commerce_payments/{id}"), Some("getById"));
        let id = "post-/crm/objects/2026-09/{objectType}_/crm/objects/2026-03/{objectType}";
        assert_eq!(readable_operation_id_of(id, "post", "/crm/objects/2026-09/{objectType}"), None);
        let n = names(&[
            ("get", "/crm/v3/objects/commerce_payments", Some("get-/crm/v3/objects/commerce_payments")),
            ("post", "/crm/v3/objects/commerce_payments", Some("post-/crm/v3/objects/commerce_payments")),
        ]);
        assert_eq!(n, ["get_page", "create"]);
    }

    #[test]
    fn tails_name_methods_only_where_the_vendor_keeps_them() {
        let ops = [OperationRef::new("get", "/things/{id}", Some("get-/things/{id}_fetchThing"))];
        assert_eq!(method_names(&ops, &Verbs::PLAIN), ["fetch_thing"]);
        assert_eq!(method_names(&ops, &crate::conventions::hubspot::VERBS), ["get_by_id"]);
    }

    #[test]
    fn singulars() {
        for (plural, one) in [
            ("groups", "group"),
            ("stages", "stage"),
            ("properties", "property"),
            ("statuses", "status"),
            ("batches", "batch"),
            ("addresses", "address"),
            ("boxes", "box"),
            ("keys", "key"),
            ("causes", "cause"),
            ("status", "status"),
            ("default", "default"),
            ("news", "news"),
            ("analysis", "analysis"),
            ("class", "class"),
            ("as", "as"),
        ] {
            assert_eq!(singular(plural), one, "{plural}");
        }
        assert_eq!(singular_last_word("event_templates"), "event_template");
        assert_eq!(singular_last_word("objects"), "object");
    }
}
