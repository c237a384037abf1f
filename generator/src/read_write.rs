//! `readOnly` and `writeOnly`: one schema, two directions.
//!
//! A `readOnly` property is set by the server and not sent, so no request
//! type may demand it; a `writeOnly` property is sent and never returned, so
//! no response type may demand it. After lowering, each named type is placed
//! by where the operations use it (everything reachable from their parameters
//! and bodies, and everything reachable from their responses):
//!
//! - **requests only**: its read-only fields are left out;
//! - **responses only**: its write-only fields are optional;
//! - **both**, when it reaches a struct whose two views differ (one with a
//!   read-only field, or a required write-only one): the type keeps its name
//!   as the response view, and a request view `{Name}Input` is made from it;
//!   every request position, and every request view, refers to the views;
//! - **both**, reaching no such struct: one type serves both;
//! - **neither** (a component no operation uses): as the spec wrote it.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{Access, Operation, TypeDef, TypeKind, reachable};
use crate::merge::rename_refs;
use crate::naming::Namer;

pub(crate) fn split(types: &mut BTreeMap<String, TypeDef>, operations: &mut [Operation], names: &mut Namer) {
    let requests = reachable(types, operations.iter().flat_map(Operation::request_type_refs));
    let responses = reachable(types, operations.iter().flat_map(Operation::response_type_refs));
    let both: BTreeSet<&String> = requests.intersection(&responses).collect();

    // The types used both ways that reach a struct whose views differ: walk
    // back from those structs along references, staying among `both`.
    let mut referrers: BTreeMap<String, Vec<&String>> = BTreeMap::new();
    for (name, def) in types.iter() {
        for ty in def.type_refs() {
            ty.for_each_named(&mut |n| referrers.entry(n.to_owned()).or_default().push(name));
        }
    }
    let mut split: BTreeSet<&String> = BTreeSet::new();
    let mut stack: Vec<&String> = both.iter().copied().filter(|n| views_differ(&types[*n])).collect();
    while let Some(name) = stack.pop() {
        if both.contains(name) && split.insert(name) {
            stack.extend(referrers.get(name).into_iter().flatten().copied());
        }
    }
    let views: BTreeMap<String, String> = split
        .into_iter()
        .map(|n| (n.clone(), names.unique_or(format!("{}Input", n), [format!("{}Request", n)])))
        .collect();
    let mut to_view = |n: &str| views.get(n).cloned().unwrap_or_else(|| n.to_owned());

    for (name, view_name) in &views {
        let Some(def) = types.get_mut(name) else { continue };
        let mut view = def.clone();
        // Requests now send the view, so only it encodes multipart parts.
        def.multipart = false;
        as_response(def);
        view.rust_name = view_name.clone();
        view.request_view_of = Some(name.clone());
        for ty in view.type_refs_mut() {
            rename_refs(ty, &mut to_view);
        }
        as_request(&mut view);
        types.insert(view_name.clone(), view);
    }
    for name in requests.difference(&responses) {
        if let Some(def) = types.get_mut(name) {
            for ty in def.type_refs_mut() {
                rename_refs(ty, &mut to_view);
            }
            as_request(def);
        }
    }
    for name in responses.difference(&requests) {
        if let Some(def) = types.get_mut(name) {
            as_response(def);
        }
    }
    for op in operations {
        for ty in op.request_type_refs_mut() {
            rename_refs(ty, &mut to_view);
        }
    }
}

/// Does the struct read differently in requests than in responses?
fn views_differ(def: &TypeDef) -> bool {
    match &def.kind {
        TypeKind::Struct(s) => {
            s.fields.iter().any(|f| f.access == Access::ReadOnly || (f.access == Access::WriteOnly && f.required))
        }
        TypeKind::Enum(_) | TypeKind::Union(_) | TypeKind::Alias(_) => false,
    }
}

/// Requests do not send read-only fields.
fn as_request(def: &mut TypeDef) {
    if let TypeKind::Struct(s) = &mut def.kind {
        s.fields.retain(|f| f.access != Access::ReadOnly);
    }
}

/// Responses need not carry write-only fields.
fn as_response(def: &mut TypeDef) {
    if let TypeKind::Struct(s) = &mut def.kind {
        for f in s.fields.iter_mut().filter(|f| f.access == Access::WriteOnly) {
            f.required = false;
        }
    }
}
