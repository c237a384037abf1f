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
//!    structures are each shared, under names from `group_names`: the one
//!    most APIs share keeps the plain name, the others say which group of
//!    APIs they belong to (`SimplePublicObjectV3` for the APIs at version
//!    `v3`, `PaymentsError` where versions do not tell the groups apart).
//!    No name carries a hash or a counter, and no unrelated API can change one.
//!
//! "Same structure" is computed by partition refinement (as when minimising
//! an automaton): types start out grouped by their shallow shape, and groups
//! split until every member's references lead to the same groups. That is
//! exact for recursive types too, and independent of the order types are met.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{
    Api, Body, Gate, Model, Operation, OutcomeBody, SharedOp, SharedOpRef, SharedType, TypeDef, TypeKind, TypeRef,
};
use crate::naming;

/// Merge the APIs of one crate (in any order; the result is sorted by module).
pub fn merge(mut apis: Vec<Api>) -> Model {
    apis.sort_by(|a, b| a.module.cmp(&b.module));
    drop_repeated_descriptions(&mut apis);
    for api in &mut apis {
        merge_within(api);
    }
    let mut model = share_across(apis);
    share_operations(&mut model);
    assign_gates(&mut model);
    model
}

/// A description that several APIs of one crate carry word for word is the
/// vendor's boilerplate, not what any one of them does: left out of each
/// module's docs.
fn drop_repeated_descriptions(apis: &mut [Api]) {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for d in apis.iter().filter_map(|a| a.description.as_deref()) {
        *seen.entry(d.trim().to_owned()).or_default() += 1;
    }
    for api in apis {
        if api.description.as_deref().is_some_and(|d| seen[d.trim()] > 1) {
            api.description = None;
        }
    }
}

/// Step 4: one gate (an internal cargo feature) per distinct set of APIs
/// sharing items, named after the first shared type it gates
/// (`_shared_simple_public_object`), or the first shared request builder
/// where it gates no type. The feature set is written once, in the crate's
/// `[features]`, and each item carries one `#[cfg(feature = "…")]`.
fn assign_gates(model: &mut Model) {
    // The APIs of a shared item are listed in module order (the APIs are
    // sorted before merging), so equal sets are equal lists.
    let mut sets: BTreeMap<Vec<String>, String> = BTreeMap::new();
    let firsts = model
        .shared
        .iter()
        .map(|(name, t)| (&t.apis, name))
        .chain(model.shared_ops.iter().map(|(name, o)| (&o.apis, name)));
    for (apis, name) in firsts {
        sets.entry(apis.clone()).or_insert_with(|| format!("_shared_{}", naming::snake(name)));
    }
    for t in model.shared.values_mut() {
        t.gate = sets[&t.apis].clone();
    }
    for o in model.shared_ops.values_mut() {
        o.gate = sets[&o.apis].clone();
    }
    let mut gates: BTreeMap<String, Gate> = sets
        .iter()
        .map(|(apis, name)| (name.clone(), Gate { apis: apis.clone(), requires: BTreeSet::new() }))
        .collect();
    let type_gate = |n: &str| model.shared.get(n).map(|t| t.gate.clone());
    let mut edges: Vec<(String, String)> = Vec::new();
    for t in model.shared.values() {
        for ty in t.def.type_refs() {
            ty.for_each_named(&mut |n| edges.extend(type_gate(n).map(|g| (t.gate.clone(), g))));
        }
    }
    for o in model.shared_ops.values() {
        for ty in o.op.request_type_refs().into_iter().chain(o.op.response_type_refs()) {
            ty.for_each_named(&mut |n| edges.extend(type_gate(n).map(|g| (o.gate.clone(), g))));
        }
    }
    for (from, to) in edges {
        if from != to
            && let Some(g) = gates.get_mut(&from)
        {
            g.requires.insert(to);
        }
    }
    model.gates = gates;
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
    let shared_groups: Vec<&Vec<(usize, usize)>> = groups.values().filter(|m| m.len() > 1).collect();
    // Builders of one name over different operations are named by group
    // ([`group_names`]); the response enum takes the builder's qualifier.
    let builder_names = name_by_group(
        shared_groups
            .iter()
            .map(|m| {
                let apis = m.iter().map(|(a, _)| (model.apis[*a].module.as_str(), model.apis[*a].version.as_str()));
                (model.apis[m[0].0].operations[m[0].1].builder.as_str(), apis.collect())
            })
            .collect(),
    );
    for (members, builder) in shared_groups.into_iter().zip(builder_names) {
        let (a0, o0) = members[0];
        let mut op = shapes.remove(&(a0, o0)).unwrap_or_else(|| model.apis[a0].operations[o0].clone());
        let local = SharedOpRef { builder: op.builder.clone(), response_enum: op.response_enum.clone() };
        // The qualifier the builder took (`V3` in `BatchReadRequestV3`, `Payments` in `PaymentsBatchReadRequest`).
        let qualify = |base: &str| match builder.strip_prefix(local.builder.as_str()) {
            Some(suffix) => format!("{base}{suffix}"),
            None => format!("{}{base}", &builder[..builder.len().saturating_sub(local.builder.len())]),
        };
        op.response_enum = local.response_enum.as_deref().map(qualify);
        op.builder = builder;
        for p in &mut op.params {
            p.bound = None;
        }
        let reference = SharedOpRef { builder: op.builder.clone(), response_enum: op.response_enum.clone() };
        let apis: Vec<String> = members.iter().map(|(a, _)| model.apis[*a].module.clone()).collect();
        for &(a, o) in members {
            model.apis[a].operations[o].shared = Some(reference.clone());
        }
        model.shared_ops.insert(op.builder.clone(), SharedOp { op, apis, gate: String::new() });
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
                target.sent |= def.sent;
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

    // Names in the shared space: the type's own, qualified by group
    // ([`group_names`]) where several shared structures have that name.
    let class_names = name_by_group(
        shared_classes
            .iter()
            .map(|m| {
                let apis = m.iter().map(|&i| (apis[keys[i].0].module.as_str(), apis[keys[i].0].version.as_str()));
                (keys[m[0]].1.as_str(), apis.collect())
            })
            .collect(),
    );
    let mut shared = BTreeMap::new();
    let mut reexports: Vec<BTreeMap<String, String>> = apis.iter().map(|_| BTreeMap::new()).collect();
    let mut moved: Vec<(usize, String)> = Vec::new();
    let mut shared_names = Vec::with_capacity(shared_classes.len());
    for (m, shared_name) in shared_classes.iter().zip(class_names) {
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
            def.sent |= other.sent;
        }
        def.merged.sort();
        // Inside the shared space, references use shared names.
        let renames = &reexports[*first_api];
        for ty in def.type_refs_mut() {
            rename_refs(ty, &mut |n| renames.get(n).cloned().unwrap_or_else(|| n.to_owned()));
        }
        def.rust_name = shared_name.clone();
        let apis_using: Vec<String> = m.iter().map(|&i| apis[keys[i].0].module.clone()).collect();
        shared.insert(shared_name, SharedType { def, apis: apis_using, gate: String::new() });
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
    Model { apis, shared, shared_prelude, shared_ops: BTreeMap::new(), gates: BTreeMap::new() }
}

/// The name of each item in `items` (its base name and the APIs, module
/// and version, of its group): items that share a base name are told apart by
/// [`group_names`], which sees every base name as taken.
fn name_by_group(items: Vec<(&str, Vec<(&str, &str)>)>) -> Vec<String> {
    let mut by_name: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, (name, _)) in items.iter().enumerate() {
        by_name.entry(name).or_default().push(i);
    }
    let mut taken: BTreeSet<String> = by_name.keys().map(|n| (*n).to_owned()).collect();
    let mut names = vec![String::new(); items.len()];
    for (name, members) in &by_name {
        let groups: Vec<Vec<(&str, &str)>> = members.iter().map(|i| items[*i].1.clone()).collect();
        for (i, chosen) in members.iter().zip(group_names(name, &groups, &mut taken)) {
            names[*i] = chosen;
        }
    }
    names
}

/// Names for the groups of one name: `groups[g]` lists the APIs (module,
/// version) that share group `g`'s structure. The group most APIs share keeps
/// `name` (on a tie, the group whose first module sorts first); every other
/// group is qualified by what sets its APIs apart:
///
/// 1. their version, when they all have one that no API of another group of
///    this name has: `SimplePublicObjectV3`, `ErrorV2026_03`;
/// 2. otherwise the first of its modules whose name is free:
///    `PaymentsSimplePublicObject`;
/// 3. otherwise all its modules: `BillingPaymentsSimplePublicObject`.
///
/// A name already in `taken` is never given; each name given is added. The
/// result depends only on the groups of this name and on `taken`: an API
/// outside them cannot change it.
pub(crate) fn group_names(name: &str, groups: &[Vec<(&str, &str)>], taken: &mut BTreeSet<String>) -> Vec<String> {
    let first_module = |g: usize| groups[g].iter().map(|(m, _)| *m).min().unwrap_or_default();
    let mut order: Vec<usize> = (0..groups.len()).collect();
    order.sort_by(|a, b| groups[*b].len().cmp(&groups[*a].len()).then_with(|| first_module(*a).cmp(first_module(*b))));
    let mut names = vec![String::new(); groups.len()];
    for (rank, &g) in order.iter().enumerate() {
        if rank == 0 {
            taken.insert(name.to_owned());
            names[g] = name.to_owned();
            continue;
        }
        let mut modules: Vec<&str> = groups[g].iter().map(|(m, _)| *m).collect();
        modules.sort_unstable();
        modules.dedup();
        let versions: BTreeSet<&str> = groups[g].iter().map(|(_, v)| *v).collect();
        let elsewhere =
            |v: &str| groups.iter().enumerate().any(|(o, other)| o != g && other.iter().any(|(_, w)| *w == v));
        let mut candidates: Vec<String> = Vec::new();
        if let [version] = versions.into_iter().collect::<Vec<_>>()[..]
            && !elsewhere(version)
            && let Some(q) = version_qualifier(version)
        {
            candidates.push(format!("{name}{q}"));
        }
        candidates.extend(modules.iter().map(|m| format!("{}{name}", naming::camel(m))));
        let all: String = modules.iter().map(|m| naming::camel(m)).collect();
        candidates.push(format!("{all}{name}"));
        let chosen = candidates.into_iter().find(|c| !taken.contains(c)).unwrap_or_else(|| {
            // Every candidate is some other type's name: lengthen the last until it is free.
            let mut last = format!("{all}{name}Shape");
            while taken.contains(&last) {
                last.push_str("Shape");
            }
            last
        });
        taken.insert(chosen.clone());
        names[g] = chosen;
    }
    names
}

/// A version as part of a type name: `v3` → `V3`, `2026-03` → `V2026_03`,
/// `1.0-beta` → `V1_0Beta` (an underscore only between digits, which
/// `non_camel_case_types` allows). `None` for a version with characters
/// other than ASCII letters, digits and separators, or with no letter or digit.
fn version_qualifier(version: &str) -> Option<String> {
    let bare = version.strip_prefix(['v', 'V']).unwrap_or(version);
    if !bare.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ' ')) {
        return None;
    }
    let parts: Vec<&str> = bare.split(|c: char| !c.is_ascii_alphanumeric()).filter(|p| !p.is_empty()).collect();
    if parts.is_empty() {
        return None;
    }
    let mut out = String::from("V");
    for part in parts {
        if out.ends_with(|c: char| c.is_ascii_digit()) && part.starts_with(|c: char| c.is_ascii_digit()) {
            out.push('_');
        }
        let mut chars = part.chars();
        if let Some(c) = chars.next() {
            out.push(c.to_ascii_uppercase());
            out.extend(chars);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(label: &str, refs: &[usize]) -> Node {
        Node { label: label.to_owned(), refs: refs.iter().map(|r| Some(*r)).collect() }
    }

    fn names(groups: &[&[(&str, &str)]], taken: &[&str]) -> Vec<String> {
        let groups: Vec<Vec<(&str, &str)>> = groups.iter().map(|g| g.to_vec()).collect();
        let mut taken: BTreeSet<String> = taken.iter().map(|t| (*t).to_owned()).collect();
        group_names("Error", &groups, &mut taken)
    }

    #[test]
    fn the_widest_group_keeps_the_name_and_the_others_say_which_apis() {
        // A version only one group has names it.
        let three = [("contacts", "2026-09"), ("deals", "2026-09"), ("tickets", "2026-09")];
        assert_eq!(names(&[&[("payments", "v3"), ("bucket", "v3")], &three], &[]), ["ErrorV3", "Error"]);
        // Versions that do not tell the groups apart: the group's first module.
        let v3 = [("payments", "v3"), ("bucket", "v3")];
        assert_eq!(
            names(&[&[("contacts", "v3"), ("deals", "v3"), ("leads", "v2")], &v3, &[("quotes", "v1")]], &[]),
            ["Error", "BucketError", "ErrorV1"]
        );
        // A module's name already taken: the next module, then all of them.
        let abc = [("a", "1"), ("b", "1"), ("c", "1")];
        assert_eq!(names(&[&abc, &[("d", "1"), ("e", "1")]], &["DError"]), ["Error", "EError"]);
        assert_eq!(names(&[&abc, &[("d", "1"), ("e", "1")]], &["DError", "EError"]), ["Error", "DEError"]);
        // Ties go to the group whose first module sorts first.
        assert_eq!(names(&[&[("zeta", "1")], &[("alpha", "2")]], &[]), ["ErrorV1", "Error"]);
    }

    #[test]
    fn versions_as_name_parts() {
        assert_eq!(version_qualifier("v3").as_deref(), Some("V3"));
        assert_eq!(version_qualifier("2026-03").as_deref(), Some("V2026_03"));
        assert_eq!(version_qualifier("1.0-beta").as_deref(), Some("V1_0Beta"));
        assert_eq!(version_qualifier("v"), None);
        assert_eq!(version_qualifier("1.0 (ß)"), None);
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
