//! Merge: one type space for every API of a crate.
//!
//! A phase of its own, between `check` and `emit`, working on the IR only:
//!
//! 1. **Within one document**, inline schemas that lowering hoisted into
//!    named types and that have the same structure (prose ignored, `$ref`s
//!    followed) become one type, named after the first of their sites (in
//!    JSON pointer order: components, then paths). A `oneOf` repeated at sixty
//!    fields is one enum, not sixty.
//! 2. **Across documents**, a type with the same name and the same structure
//!    in several APIs is generated once, in the crate's shared type space, and
//!    every API's `types` module re-exports it under its own name, so
//!    `contacts::types::SimplePublicObject` and `companies::types::SimplePublicObject`
//!    are one Rust type. Same-named types with different structures stay
//!    apart: each in its API's own module, or, where several distinct
//!    structures are each shared, under a name suffixed with a hash of the
//!    structure, which no unrelated API can change.
//!
//! "Same structure" is computed by partition refinement (as when minimising
//! an automaton): types start out grouped by their shallow shape, and groups
//! split until every member's references lead to the same groups. That is
//! exact for recursive types too, and independent of the order types are met.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{
    Api, Body, Model, Operation, OutcomeBody, SharedOp, SharedOpRef, SharedType, TypeDef, TypeKind, TypeRef,
};
use crate::naming;

/// Merge the APIs of one crate (in any order; the result is sorted by module).
pub fn merge(mut apis: Vec<Api>) -> Model {
    apis.sort_by(|a, b| a.module.cmp(&b.module));
    for api in &mut apis {
        merge_within(api);
    }
    let mut model = share_across(apis);
    share_operations(&mut model);
    model
}

/// Every type reference of an operation.
pub(crate) fn op_type_refs_mut(op: &mut Operation) -> Vec<&mut TypeRef> {
    let mut refs: Vec<&mut TypeRef> = op.params.iter_mut().map(|p| &mut p.ty).collect();
    refs.extend(op.body.as_mut().and_then(Body::ty_mut));
    for o in op.success.iter_mut().chain(&mut op.errors) {
        if let OutcomeBody::Json(t) = &mut o.body {
            refs.push(t);
        }
    }
    if let Some(p) = &mut op.pagination {
        refs.push(&mut p.item);
    }
    if let Some(b) = &mut op.batch {
        refs.extend(b.result_item.iter_mut().chain(&mut b.error_item));
    }
    refs
}

/// Step 3: operations that are the same in several APIs (same method, path,
/// parameters, body, outcomes and conventions, over shared types; prose and
/// the values an API binds ignored) get one request builder in the shared
/// space, which each API's resource starts and re-exports under its own names.
fn share_operations(model: &mut Model) {
    // The operation as the shared space would hold it: shared type names, no prose.
    let shape = |api: &Api, op: &Operation| -> (Operation, bool) {
        let mut op = op.clone();
        let mut all_shared = true;
        for ty in op_type_refs_mut(&mut op) {
            rename_refs(ty, &mut |n| match api.reexports.get(n) {
                Some(shared) => shared.clone(),
                None => {
                    all_shared = false;
                    n.to_owned()
                }
            });
        }
        (op, all_shared)
    };
    let key = |op: &Operation| -> String {
        let mut bare = op.clone();
        bare.operation_id.clear();
        bare.summary = None;
        bare.description = None;
        bare.deprecated = false;
        bare.tags.clear();
        bare.security.clear();
        bare.errors.clear();
        for p in &mut bare.params {
            p.docs = None;
            p.default = None;
            p.bound = None;
        }
        if let Some(b) = &mut bare.body {
            b.docs = None;
        }
        for o in &mut bare.success {
            o.description.clear();
        }
        serde_json::to_string(&bare).unwrap_or_default()
    };
    let mut groups: BTreeMap<String, Vec<(usize, usize)>> = BTreeMap::new();
    let mut shapes: BTreeMap<(usize, usize), Operation> = BTreeMap::new();
    for (a, api) in model.apis.iter().enumerate() {
        for (o, op) in api.operations.iter().enumerate() {
            let (shaped, all_shared) = shape(api, op);
            if all_shared {
                groups.entry(key(&shaped)).or_default().push((a, o));
                shapes.insert((a, o), shaped);
            }
        }
    }
    let shared_groups: Vec<(&String, &Vec<(usize, usize)>)> = groups.iter().filter(|(_, m)| m.len() > 1).collect();
    let mut per_builder: BTreeMap<String, usize> = BTreeMap::new();
    for (_, m) in &shared_groups {
        *per_builder.entry(model.apis[m[0].0].operations[m[0].1].builder.clone()).or_default() += 1;
    }
    for (key, members) in shared_groups {
        let (a0, o0) = members[0];
        let mut op = shapes.remove(&(a0, o0)).unwrap_or_else(|| model.apis[a0].operations[o0].clone());
        let suffix = if per_builder.get(&op.builder).copied().unwrap_or(0) > 1 {
            format!("{:08x}", fnv(key.as_bytes(), FNV_OFFSET) as u32)
        } else {
            String::new()
        };
        let local = SharedOpRef { builder: op.builder.clone(), response_enum: op.response_enum.clone() };
        op.builder = format!("{}{suffix}", local.builder);
        op.response_enum = local.response_enum.as_ref().map(|r| format!("{r}{suffix}"));
        for p in &mut op.params {
            p.bound = None;
        }
        let reference = SharedOpRef { builder: op.builder.clone(), response_enum: op.response_enum.clone() };
        let apis: Vec<String> = members.iter().map(|(a, _)| model.apis[*a].module.clone()).collect();
        for &(a, o) in members {
            model.apis[a].operations[o].shared = Some(reference.clone());
        }
        model.shared_ops.insert(op.builder.clone(), SharedOp { op, apis });
    }
}

/// A type's shape with its references cut out: the JSON of its kind with
/// prose removed and each named reference replaced by its position in `refs`.
fn shallow(def: &TypeDef) -> (String, Vec<String>) {
    let mut refs = Vec::new();
    let mut scratch = def.clone();
    for ty in scratch.type_refs_mut() {
        rename_refs(ty, &mut |name| {
            refs.push(name.to_owned());
            format!("#{}", refs.len() - 1)
        });
    }
    match &mut scratch.kind {
        TypeKind::Struct(s) => {
            for f in &mut s.fields {
                f.docs = None;
            }
        }
        // The order values are listed in does not make another type.
        TypeKind::Enum(e) => e.variants.sort_by(|a, b| a.value.cmp(&b.value)),
        TypeKind::Union(_) | TypeKind::Alias(_) => {}
    }
    let key = serde_json::to_string(&scratch.kind).unwrap_or_default();
    (key, refs)
}

/// Rewrite every named reference inside `ty`.
pub(crate) fn rename_refs(ty: &mut TypeRef, f: &mut impl FnMut(&str) -> String) {
    match ty {
        TypeRef::Named(n) => *n = f(n),
        TypeRef::List(t) | TypeRef::Map(t) | TypeRef::Nullable(t) | TypeRef::Boxed(t) => rename_refs(t, f),
        TypeRef::Prim(_) | TypeRef::Any => {}
    }
}

/// One type in the refinement: its starting label and the nodes it refers to.
struct Node {
    label: String,
    refs: Vec<Option<usize>>,
}

/// Classes of equivalent nodes: `class[i]` for node `i`, numbered by first occurrence.
fn refine(nodes: &[Node]) -> Vec<usize> {
    let number = |keys: Vec<String>| -> (Vec<usize>, usize) {
        let mut ids: BTreeMap<String, usize> = BTreeMap::new();
        let mut order = Vec::with_capacity(keys.len());
        for k in keys {
            let next = ids.len();
            order.push(*ids.entry(k).or_insert(next));
        }
        (order, ids.len())
    };
    let (mut class, mut count) = number(nodes.iter().map(|n| n.label.clone()).collect());
    loop {
        let keys = nodes
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let targets: Vec<String> =
                    n.refs.iter().map(|r| r.map_or_else(|| "?".to_owned(), |r| class[r].to_string())).collect();
                format!("{}|{}", class[i], targets.join(","))
            })
            .collect();
        let (next, next_count) = number(keys);
        if next_count == count {
            return next;
        }
        class = next;
        count = next_count;
    }
}

/// Step 1: hoisted types of one document with the same structure become one.
fn merge_within(api: &mut Api) {
    let names: Vec<String> = api.types.keys().cloned().collect();
    let index: BTreeMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (n.as_str(), i)).collect();
    let nodes: Vec<Node> = names
        .iter()
        .map(|name| {
            let def = &api.types[name];
            let (key, refs) = shallow(def);
            // Components keep their names: only hoisted schemas merge by structure.
            let label = if def.hoisted { format!("H{key}") } else { format!("C{name}\u{0}{key}") };
            Node { label, refs: refs.iter().map(|r| index.get(r.as_str()).copied()).collect() }
        })
        .collect();
    let class = refine(&nodes);
    let mut members: BTreeMap<usize, Vec<&String>> = BTreeMap::new();
    for (i, name) in names.iter().enumerate() {
        members.entry(class[i]).or_default().push(name);
    }
    let mut rename: BTreeMap<String, String> = BTreeMap::new();
    for group in members.values().filter(|g| g.len() > 1) {
        // The first site in the document (JSON pointer order: components, then paths).
        let canonical =
            group.iter().min_by_key(|n| &api.types[n.as_str()].origin).map(|n| (*n).clone()).unwrap_or_default();
        for n in group.iter().filter(|n| ***n != canonical) {
            rename.insert((*n).clone(), canonical.clone());
        }
    }
    if rename.is_empty() {
        return;
    }
    for old in rename.keys() {
        if let Some(def) = api.types.remove(old) {
            let canonical = &rename[old];
            if let Some(target) = api.types.get_mut(canonical) {
                target.merged.push(def.origin);
                target.merged.extend(def.merged);
                target.merged.sort();
                target.multipart |= def.multipart;
            }
        }
    }
    let apply = |ty: &mut TypeRef| rename_refs(ty, &mut |n| rename.get(n).cloned().unwrap_or_else(|| n.to_owned()));
    for def in api.types.values_mut() {
        for ty in def.type_refs_mut() {
            apply(ty);
        }
    }
    for op in &mut api.operations {
        for ty in op_type_refs_mut(op) {
            apply(ty);
        }
    }
    api.shadowed_prelude = naming::shadowed_prelude(api.types.keys().map(String::as_str));
}

/// Step 2: types with the same name and structure in several APIs are shared.
fn share_across(mut apis: Vec<Api>) -> Model {
    let mut keys: Vec<(usize, String)> = Vec::new();
    for (a, api) in apis.iter().enumerate() {
        keys.extend(api.types.keys().map(|n| (a, n.clone())));
    }
    let index: BTreeMap<(usize, &str), usize> =
        keys.iter().enumerate().map(|(i, (a, n))| ((*a, n.as_str()), i)).collect();
    let nodes: Vec<Node> = keys
        .iter()
        .map(|(a, name)| {
            let (key, refs) = shallow(&apis[*a].types[name]);
            // A component is its name and structure; a hoisted schema's name is
            // only where it stood, so its structure alone decides.
            let def = &apis[*a].types[name];
            let label = if def.hoisted { format!("H{key}") } else { format!("C{name}\u{0}{key}") };
            Node { label, refs: refs.iter().map(|r| index.get(&(*a, r.as_str())).copied()).collect() }
        })
        .collect();
    let class = refine(&nodes);
    let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, c) in class.iter().enumerate() {
        members.entry(*c).or_default().push(i);
    }
    let shared_classes: Vec<&Vec<usize>> = members.values().filter(|m| m.len() > 1).collect();

    // Names in the shared space: the type's own, with a structure hash where
    // several shared structures have that name.
    let mut per_name: BTreeMap<&str, usize> = BTreeMap::new();
    for m in &shared_classes {
        *per_name.entry(keys[m[0]].1.as_str()).or_default() += 1;
    }
    let hashes = structure_hashes(&nodes);
    let mut shared = BTreeMap::new();
    let mut reexports: Vec<BTreeMap<String, String>> = apis.iter().map(|_| BTreeMap::new()).collect();
    let mut moved: Vec<(usize, String)> = Vec::new();
    let mut shared_names = Vec::with_capacity(shared_classes.len());
    for m in &shared_classes {
        let name = &keys[m[0]].1;
        let shared_name =
            if per_name[name.as_str()] > 1 { format!("{name}{:08x}", hashes[m[0]] as u32) } else { name.clone() };
        for &i in m.iter() {
            reexports[keys[i].0].insert(keys[i].1.clone(), shared_name.clone());
            moved.push(keys[i].clone());
        }
        shared_names.push(shared_name);
    }
    for (m, shared_name) in shared_classes.iter().zip(shared_names) {
        let name = &keys[m[0]].1;
        let (first_api, _) = &keys[m[0]];
        let mut def = apis[*first_api].types[name].clone();
        for &i in &m[1..] {
            let other = &apis[keys[i].0].types[&keys[i].1];
            def.merged.push(other.origin.clone());
            def.merged.extend(other.merged.iter().cloned());
            def.multipart |= other.multipart;
        }
        def.merged.sort();
        // Inside the shared space, references use shared names.
        let renames = &reexports[*first_api];
        for ty in def.type_refs_mut() {
            rename_refs(ty, &mut |n| renames.get(n).cloned().unwrap_or_else(|| n.to_owned()));
        }
        def.rust_name = shared_name.clone();
        let apis_using: Vec<String> = m.iter().map(|&i| apis[keys[i].0].module.clone()).collect();
        shared.insert(shared_name, SharedType { def, apis: apis_using });
    }
    for (a, name) in moved {
        apis[a].types.remove(&name);
    }
    for (api, reexports) in apis.iter_mut().zip(reexports) {
        let names: BTreeSet<&str> = api.types.keys().chain(reexports.keys()).map(String::as_str).collect();
        api.shadowed_prelude = naming::shadowed_prelude(names);
        api.reexports = reexports;
    }
    let shared_prelude = naming::shadowed_prelude(shared.keys().map(String::as_str));
    Model { apis, shared, shared_prelude, shared_ops: BTreeMap::new() }
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a over `bytes`, continuing from `h`: stable across runs and platforms.
fn fnv(bytes: &[u8], h: u64) -> u64 {
    bytes.iter().fold(h, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3))
}

/// A hash of each node's whole structure (its shape and, recursively, what it
/// refers to), cut at a fixed depth so cycles end: FNV-1a, stable across runs
/// and platforms.
fn structure_hashes(nodes: &[Node]) -> Vec<u64> {
    // A node's label is its shape (and name, for a component).
    let mut hash: Vec<u64> = nodes.iter().map(|n| fnv(n.label.as_bytes(), FNV_OFFSET)).collect();
    for _ in 0..8 {
        hash = nodes
            .iter()
            .enumerate()
            .map(|(i, n)| n.refs.iter().fold(hash[i], |h, r| fnv(&r.map_or(0, |r| hash[r]).to_le_bytes(), h)))
            .collect();
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(label: &str, refs: &[usize]) -> Node {
        Node { label: label.to_owned(), refs: refs.iter().map(|r| Some(*r)).collect() }
    }

    #[test]
    fn refinement_splits_by_what_references_lead_to() {
        // 0 and 1 look alike and lead to 2 and 3, which differ: 0 and 1 differ too.
        let nodes = [node("a", &[2]), node("a", &[3]), node("x", &[]), node("y", &[])];
        let class = refine(&nodes);
        assert_ne!(class[0], class[1]);
        // Two identical cycles are one class each way round.
        let nodes = [node("a", &[1]), node("b", &[0]), node("a", &[3]), node("b", &[2])];
        let class = refine(&nodes);
        assert_eq!(class[0], class[2]);
        assert_eq!(class[1], class[3]);
        assert_ne!(class[0], class[1]);
    }
}
