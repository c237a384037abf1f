//! HubSpot's conventions, recognised by shape:
//!
//! - `POST …/search` is a search: it only reads, draws from the search rate
//!   limit, and its listing stops at the client's search result cap.
//! - `POST …/read` (batch reads) only reads, so it may be repeated.
//! - A listing answers `results: [T]` and `paging.next.after: string`, and
//!   takes the cursor back in an `after` query parameter or body field.
//! - A batch call takes a required `inputs` list, at most [`BATCH_CHUNK`] per
//!   request ([`BATCH_CHUNK_WITH_HISTORY`] when `propertiesWithHistory` is
//!   set), and answers `results` and, on 207, per-item `errors`.
//! - Its verbs: `get_page`, `get_by_id`, `create`, `update`, `replace`, `archive`.

use std::collections::BTreeMap;

use crate::ir::{
    Batch, BatchFields, BodyEncoding, Chunking, Cursor, Method, Operation, OutcomeBody, Pagination, ParamLocation,
    Prim, RateBucket, ReducedChunk, RetrySafety, Status, TypeDef, TypeRef, struct_of,
};
use crate::naming::{Segment, Verbs, segments};

use super::Conventions;

/// The most inputs HubSpot takes in one batch request.
pub const BATCH_CHUNK: usize = 100;

/// The most inputs per batch request when property history is asked for.
pub const BATCH_CHUNK_WITH_HISTORY: usize = 50;

/// HubSpot's verbs.
pub const VERBS: Verbs = Verbs {
    list: "get_page",
    get: "get_by_id",
    create: "create",
    update: "update",
    replace: "replace",
    delete: "archive",
    get_prefix: "get",
    delete_prefix: "archive",
    patch_prefix: "update",
    put_prefix: "put",
    // Versions drop the tails (the dated ones repeat the path) and change them
    // (`…/lists/{listId}` is `archive` in v3, `remove` in 2025-09), so names
    // come from the path alone.
    operation_id_tails: false,
};

pub(crate) struct HubSpot;

/// Is this server URL one of HubSpot's (`https://api.hubapi.com`, or its QA host)?
pub fn is_hubspot_server(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host = rest.split(['/', ':', '?']).next().unwrap_or_default().to_ascii_lowercase();
    // `hubapiqa.com` is HubSpot's QA host, named by some published documents.
    ["hubapi.com", "hubapiqa.com"].iter().any(|domain| host == *domain || host.ends_with(&format!(".{domain}")))
}

impl Conventions for HubSpot {
    fn name(&self) -> Option<&'static str> {
        Some("hubspot")
    }

    fn verbs(&self) -> &'static Verbs {
        &VERBS
    }

    /// HubSpot sends `"properties": {"phone": null}` though its specs say
    /// string, and its 207 error entries leave out the required `errors` and
    /// `links`.
    fn lenient_responses(&self) -> bool {
        true
    }

    fn rate_limits(&self) -> crate::ir::RateLimits {
        crate::ir::RateLimits::HubSpot
    }

    /// HubSpot's published documents carry the description of the Maven
    /// project they were built from ("Basepom for all HubSpot Projects",
    /// "Owners - Parent pom"), not of the API.
    fn describes_api(&self, description: &str) -> bool {
        let words: Vec<String> = description
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        !words.iter().any(|w| w == "pom" || w == "basepom")
    }

    /// A record is an object with a required `properties` map of text (or
    /// nullable text); an id is an object whose one field is a required text `id`.
    fn type_traits(&self, def: &TypeDef) -> crate::ir::VendorTraits {
        let crate::ir::TypeKind::Struct(s) = &def.kind else { return crate::ir::VendorTraits::default() };
        let text = |t: &TypeRef| match t {
            TypeRef::Prim(Prim::String) => true,
            TypeRef::Nullable(t) => **t == TypeRef::Prim(Prim::String),
            _ => false,
        };
        let record = s
            .fields
            .iter()
            .any(|f| f.rust_name == "properties" && f.required && matches!(&f.ty, TypeRef::Map(v) if text(v)));
        let id_from_text = matches!(s.fields.as_slice(),
            [f] if f.required && f.rust_name == "id" && f.ty == TypeRef::Prim(Prim::String));
        let field = |name: &str| s.fields.iter().find(|f| f.rust_name == name);
        let required = |name: &str, ty: Prim| field(name).is_some_and(|f| f.required && f.ty == TypeRef::Prim(ty));
        let stored = record
            && required("id", Prim::String)
            && required("created_at", Prim::Timestamp)
            && required("updated_at", Prim::Timestamp)
            && field("archived").is_some_and(|f| f.ty == TypeRef::Prim(Prim::Bool))
            && field("archived_at").is_some_and(|f| !f.required && f.ty == TypeRef::Prim(Prim::Timestamp));
        crate::ir::VendorTraits { record, stored, id_from_text }
    }

    fn annotate(&self, op: &mut Operation, types: &BTreeMap<String, TypeDef>) {
        // The action is the last literal segment (`read` in `…/batch/read`).
        let action = segments(&op.path.template).into_iter().rev().find_map(|s| match s {
            Segment::Literal(l) => Some(l),
            Segment::Param(_) => None,
        });
        let post = op.method == Method::Post;
        let search = post && action == Some("search");
        if post && matches!(action, Some("read" | "search")) {
            op.retry_safety = RetrySafety::ReadOnly;
        }
        if search {
            op.rate_bucket = RateBucket::Search;
        }
        op.pagination = pagination(op, types, search);
        op.batch = batch(op, types);
    }
}

/// Cursor pagination: one success whose body has `results: [T]` and
/// `paging.next.after: string`, and an `after` query parameter or body field
/// to send the cursor back in.
fn pagination(op: &Operation, types: &BTreeMap<String, TypeDef>, capped: bool) -> Option<Pagination> {
    let [only] = op.success.as_slice() else { return None };
    let OutcomeBody::Json(ty) = &only.body else { return None };
    let page = struct_of(types, ty)?;
    let (results, results_ty) = page.step("results")?;
    let TypeRef::List(item) = results_ty else { return None };
    let mut next = Vec::new();
    let mut current = page;
    for (i, wire) in ["paging", "next", "after"].into_iter().enumerate() {
        let (step, ty) = current.step(wire)?;
        next.push(step);
        if i < 2 {
            current = struct_of(types, ty)?;
        } else if *ty != TypeRef::Prim(Prim::String) {
            return None;
        }
    }
    let cursor = match op.params.iter().find(|p| p.wire_name == "after" && p.location == ParamLocation::Query) {
        Some(p) if !p.required && p.ty == TypeRef::Prim(Prim::String) && op.body.is_none() => {
            Cursor::Query(p.rust_name.clone())
        }
        Some(_) => return None,
        None => {
            let body = op.body.as_ref().filter(|b| b.required)?;
            let BodyEncoding::Json(body_ty) = &body.encoding else { return None };
            let (step, ty) = struct_of(types, body_ty)?.step("after")?;
            if *ty != TypeRef::Prim(Prim::String) {
                return None;
            }
            Cursor::Body(step)
        }
    };
    Some(Pagination { cursor, item: (**item).clone(), results, next, capped })
}

/// A batch call: a required JSON body with a required `inputs` list, and
/// success bodies whose `results` and `errors` lists (where present) have one
/// item type each. Only a call with results or errors to merge gets one.
fn batch(op: &Operation, types: &BTreeMap<String, TypeDef>) -> Option<Batch> {
    let body = op.body.as_ref().filter(|b| b.required)?;
    let BodyEncoding::Json(body_ty) = &body.encoding else { return None };
    let input = struct_of(types, body_ty)?;
    let (inputs, inputs_ty) = input.step("inputs")?;
    if inputs.optional || !matches!(inputs_ty, TypeRef::List(_)) {
        return None;
    }
    let reduced = input
        .step("propertiesWithHistory")
        .filter(|(_, t)| matches!(t, TypeRef::List(_)))
        .map(|(when_set, _)| ReducedChunk { when_set, size: BATCH_CHUNK_WITH_HISTORY });
    let mut result_item: Option<TypeRef> = None;
    let mut error_item: Option<TypeRef> = None;
    let mut outcomes = Vec::new();
    for outcome in &op.success {
        if !matches!(outcome.status, Status::Code(_)) {
            return None;
        }
        let ty = match &outcome.body {
            OutcomeBody::Json(ty) => ty,
            OutcomeBody::Empty => {
                outcomes.push(BatchFields { status: outcome.status, results: None, errors: None });
                continue;
            }
            OutcomeBody::Bytes => return None,
        };
        let s = struct_of(types, ty)?;
        let list = |wire: &str, seen: &mut Option<TypeRef>| -> Option<Option<crate::ir::FieldPath>> {
            let Some((path, ty)) = s.step(wire) else { return Some(None) };
            let TypeRef::List(item) = ty else { return None };
            match seen {
                Some(t) if t != item.as_ref() => None,
                _ => {
                    *seen = Some((**item).clone());
                    Some(Some(path))
                }
            }
        };
        let results = list("results", &mut result_item)?;
        let errors = list("errors", &mut error_item)?;
        outcomes.push(BatchFields { status: outcome.status, results, errors });
    }
    if outcomes.iter().all(|o| o.results.is_none() && o.errors.is_none()) {
        return None;
    }
    Some(Batch {
        inputs: inputs.field,
        chunk: Chunking { size: BATCH_CHUNK, reduced },
        result_item,
        error_item,
        outcomes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hubspot_servers() {
        assert!(is_hubspot_server("https://api.hubapi.com"));
        assert!(is_hubspot_server("https://api.hubapi.com/crm/v3"));
        assert!(is_hubspot_server("api.hubapi.com"));
        assert!(!is_hubspot_server("https://hubapi.com.example.org"));
        assert!(is_hubspot_server("https://api.hubapiqa.com"));
        assert!(!is_hubspot_server("https://nothubapi.com"));
        assert!(!is_hubspot_server("https://{region}.example.com/v2"));
    }
}
