//! OpenAPI Overlay 1.0: declarative corrections applied to a document before
//! it is read, so published specs stay byte-for-byte as their authors wrote them.
//!
//! An overlay is a JSON or YAML document:
//!
//! ```yaml
//! overlay: 1.0.0
//! info: {title: Error responses are JSON, version: 1.0.0}
//! actions:
//!   - target: "$.components.responses.Error.content['*/*']"
//!     description: HubSpot sends JSON
//!     remove: true
//! ```
//!
//! Actions run in order. `target` is a JSONPath query ([`jsonpath`]);
//! `update` is merged into every selected object (recursively: objects merge
//! key by key, any other value replaces what was there) or appended to every
//! selected array; `remove: true` removes every selected node from its parent.
//! Updating a string, number, boolean or `null` is an error (target the
//! object holding it instead), as is removing the root.
//!
//! Every action must select something: one that matches nothing means the
//! correction is stale (the upstream document changed) or mistyped, and
//! [`Overlay::apply`] fails naming the overlay file, the action's index and
//! its target. [`Overlay::apply_unchecked`] only reports, for tools that ask
//! whether an overlay applies at all.

pub mod jsonpath;

use std::collections::HashSet;
use std::fmt;

use serde_json::Value;

use crate::OverlayInput;
use crate::diag::{Diagnostic, Diagnostics, child};
use jsonpath::{Location, Query, Step};

/// A parsed overlay document.
#[derive(Debug, Clone)]
pub struct Overlay {
    /// The path shown in diagnostics and reports (`specs/overlays/errors.yaml`).
    pub display_path: String,
    /// `info.title`.
    pub title: String,
    /// `extends`: the document the overlay was written for, if it says.
    pub extends: Option<String>,
    pub actions: Vec<Action>,
}

/// One action of an overlay.
#[derive(Debug, Clone)]
pub struct Action {
    /// Its position in `actions`, from 0.
    pub index: usize,
    /// The JSONPath text as written.
    pub target: String,
    pub description: Option<String>,
    pub change: Change,
    query: Query,
}

/// What an action does to each selected node.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// Merge into objects, append to arrays.
    Update(Value),
    Remove,
}

impl Change {
    pub fn kind(&self) -> &'static str {
        match self {
            Change::Update(_) => "update",
            Change::Remove => "remove",
        }
    }
}

/// What applying one overlay to one document did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// The overlay's display path.
    pub overlay: String,
    /// The document's display path.
    pub spec: String,
    /// One entry per action, in order.
    pub actions: Vec<ActionReport>,
}

/// What one action matched and changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActionReport {
    pub index: usize,
    pub target: String,
    pub description: Option<String>,
    /// `update` or `remove`.
    pub kind: &'static str,
    /// JSON pointers of the selected nodes (each once), in selection order.
    pub matched: Vec<String>,
    /// How many of them the action actually changed (an update that merges
    /// what is already there changes nothing).
    pub changed: usize,
}

impl Report {
    /// Actions that selected nothing.
    pub fn stale(&self) -> impl Iterator<Item = &ActionReport> {
        self.actions.iter().filter(|a| a.matched.is_empty())
    }

    /// Every action selected something.
    pub fn all_matched(&self) -> bool {
        self.stale().next().is_none()
    }

    /// No action selected anything: the overlay does not concern this document.
    pub fn none_matched(&self) -> bool {
        self.actions.iter().all(|a| a.matched.is_empty())
    }
}

impl fmt::Display for ActionReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let nodes = if self.matched.len() == 1 { "node" } else { "nodes" };
        write!(
            f,
            "actions[{}] {} `{}`: {} {nodes} matched, {} changed",
            self.index,
            self.kind,
            self.target,
            self.matched.len(),
            self.changed
        )?;
        if let Some(d) = &self.description {
            write!(f, " ({})", d.lines().next().unwrap_or_default().trim())?;
        }
        Ok(())
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "overlay {} on {}:", self.overlay, self.spec)?;
        for action in &self.actions {
            writeln!(f, "  {action}")?;
        }
        Ok(())
    }
}

/// Parse an overlay document (JSON or YAML, like specs). All problems are
/// reported together, each with the JSON pointer of the offending field.
pub fn parse(display_path: &str, text: &str) -> Result<Overlay, Diagnostics> {
    let value = super::parse::parse_value(display_path, text)?;
    from_value(display_path, &value)
}

/// Read an already parsed overlay document.
pub fn from_value(display_path: &str, value: &Value) -> Result<Overlay, Diagnostics> {
    let mut diags = Diagnostics::default();
    let mut err = |pointer: String, message: String| diags.push(Diagnostic::error(display_path, pointer, message));
    let Some(root) = value.as_object() else {
        err(String::new(), "an overlay document is an object".into());
        return Err(diags);
    };
    match root.get("overlay").and_then(Value::as_str) {
        Some(v) if is_version_1_0(v) => {}
        Some(v) => err("/overlay".into(), format!("Overlay version {v} is not supported; expected 1.0.x")),
        None => err("/overlay".into(), "not an overlay document: no `overlay` version field".into()),
    }
    let info = root.get("info");
    let title = info.and_then(|i| i.get("title")).and_then(Value::as_str);
    if title.is_none() || info.and_then(|i| i.get("version")).and_then(Value::as_str).is_none() {
        err("/info".into(), "`info` needs a `title` and a `version` (strings)".into());
    }
    let extends = match root.get("extends") {
        None => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => {
            err("/extends".into(), "`extends` is a URI string".into());
            None
        }
    };
    for key in root.keys() {
        if !matches!(key.as_str(), "overlay" | "info" | "extends" | "actions") && !key.starts_with("x-") {
            err(child("", key), format!("unknown field `{key}` (extensions start with `x-`)"));
        }
    }
    let mut actions = Vec::new();
    match root.get("actions") {
        Some(Value::Array(items)) if !items.is_empty() => {
            for (index, item) in items.iter().enumerate() {
                match parse_action(index, item) {
                    Ok(action) => actions.push(action),
                    Err((pointer, message)) => err(format!("/actions/{index}{pointer}"), message),
                }
            }
        }
        _ => err("/actions".into(), "`actions` is a non-empty list".into()),
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(Overlay { display_path: display_path.to_owned(), title: title.unwrap_or_default().to_owned(), extends, actions })
}

fn is_version_1_0(v: &str) -> bool {
    v.strip_prefix("1.0.").is_some_and(|patch| !patch.is_empty() && patch.bytes().all(|b| b.is_ascii_digit()))
}

fn parse_action(index: usize, item: &Value) -> Result<Action, (String, String)> {
    let Some(fields) = item.as_object() else {
        return Err((String::new(), "an action is an object with `target` and `update` or `remove`".into()));
    };
    for key in fields.keys() {
        if !matches!(key.as_str(), "target" | "description" | "update" | "remove") && !key.starts_with("x-") {
            return Err((
                child("", key),
                format!("unknown field `{key}` in an action (Overlay 1.0 has `update` and `remove`)"),
            ));
        }
    }
    let target = match fields.get("target") {
        Some(Value::String(t)) => t.clone(),
        _ => return Err(("/target".into(), "an action needs a `target` (a JSONPath string)".into())),
    };
    let query =
        Query::parse(&target).map_err(|e| ("/target".to_owned(), format!("invalid JSONPath `{target}`: {e}")))?;
    let description = match fields.get("description") {
        None => None,
        Some(Value::String(d)) => Some(d.clone()),
        Some(_) => return Err(("/description".into(), "`description` is a string".into())),
    };
    let remove = match fields.get("remove") {
        None => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => return Err(("/remove".into(), "`remove` is `true` or `false`".into())),
    };
    // The spec: `update` has no effect when `remove` is true.
    let change = match (remove, fields.get("update")) {
        (true, _) => Change::Remove,
        (false, Some(update)) => Change::Update(update.clone()),
        (false, None) => {
            return Err((String::new(), "the action does nothing: give it `update` or `remove: true`".into()));
        }
    };
    Ok(Action { index, target, description, change, query })
}

impl Overlay {
    /// Apply every action in order to `doc` and report what each did; fails
    /// when an action matches nothing (see the module docs) or cannot apply.
    /// `spec` is the document's display path, for messages.
    pub fn apply(&self, doc: &mut Value, spec: &str) -> Result<Report, Diagnostics> {
        let report = self.apply_unchecked(doc, spec)?;
        let stale: Vec<Diagnostic> = report
            .stale()
            .map(|a| {
                Diagnostic::error(
                    &self.display_path,
                    format!("/actions/{}", a.index),
                    format!(
                        "actions[{}] (target `{}`) matches nothing in {spec}: the correction is stale \
                         (did the upstream document change?) or its target is wrong",
                        a.index, a.target
                    ),
                )
            })
            .collect();
        if stale.is_empty() { Ok(report) } else { Err(Diagnostics(stale)) }
    }

    /// Like [`Overlay::apply`], but an action that matches nothing is only
    /// reported (with no matches), not an error.
    pub fn apply_unchecked(&self, doc: &mut Value, spec: &str) -> Result<Report, Diagnostics> {
        let mut report = Report { overlay: self.display_path.clone(), spec: spec.to_owned(), actions: Vec::new() };
        let mut diags = Diagnostics::default();
        for action in &self.actions {
            // Each selected node once, in selection order.
            let mut seen = HashSet::new();
            let locations: Vec<Location> =
                action.query.select(doc).into_iter().map(|(l, _)| l).filter(|l| seen.insert(l.clone())).collect();
            let changed = match &action.change {
                Change::Update(update) => self.update(doc, action, &locations, update, &mut diags),
                Change::Remove => self.remove(doc, action, &locations, &mut diags),
            };
            report.actions.push(ActionReport {
                index: action.index,
                target: action.target.clone(),
                description: action.description.clone(),
                kind: action.change.kind(),
                matched: locations.iter().map(|l| jsonpath::pointer(l)).collect(),
                changed,
            });
        }
        if diags.has_errors() { Err(diags) } else { Ok(report) }
    }

    fn action_error(&self, action: &Action, message: String) -> Diagnostic {
        Diagnostic::error(
            &self.display_path,
            format!("/actions/{}", action.index),
            format!("actions[{}] (target `{}`): {message}", action.index, action.target),
        )
    }

    fn update(
        &self,
        doc: &mut Value,
        action: &Action,
        locations: &[Location],
        update: &Value,
        diags: &mut Diagnostics,
    ) -> usize {
        let mut changed = 0;
        for location in locations {
            // An earlier update in this action may have replaced the subtree.
            let Some(node) = node_mut(doc, location) else { continue };
            match (node, update) {
                (Value::Object(target), Value::Object(patch)) => {
                    if merge_into(target, patch) {
                        changed += 1;
                    }
                }
                (Value::Object(_), other) => diags.push(self.action_error(
                    action,
                    format!(
                        "selects the object at #{}; `update` must then be an object to merge, not {}",
                        jsonpath::pointer(location),
                        kind_of(other)
                    ),
                )),
                (Value::Array(items), value) => {
                    items.push(value.clone());
                    changed += 1;
                }
                (other, _) => diags.push(self.action_error(
                    action,
                    format!(
                        "selects {} at #{}; `update` merges into objects and appends to arrays, so target the object holding it",
                        kind_of(other),
                        jsonpath::pointer(location)
                    ),
                )),
            }
        }
        changed
    }

    fn remove(&self, doc: &mut Value, action: &Action, locations: &[Location], diags: &mut Diagnostics) -> usize {
        // Last first: later array items before earlier ones (indexes stay
        // valid), descendants before their ancestors.
        let mut ordered: Vec<&Location> = locations.iter().collect();
        ordered.sort();
        let mut changed = 0;
        for location in ordered.into_iter().rev() {
            let Some((last, parent)) = location.split_last() else {
                diags.push(self.action_error(action, "selects the document root, which cannot be removed".into()));
                continue;
            };
            let removed = match (node_mut(doc, parent), last) {
                (Some(Value::Object(map)), Step::Key(key)) => map.remove(key).is_some(),
                (Some(Value::Array(items)), Step::Index(i)) if *i < items.len() => {
                    items.remove(*i);
                    true
                }
                _ => false,
            };
            if removed {
                changed += 1;
            }
        }
        changed
    }
}

/// Merge `patch` into `target`: objects recursively, anything else replaced.
/// Returns whether anything changed.
fn merge_into(target: &mut serde_json::Map<String, Value>, patch: &serde_json::Map<String, Value>) -> bool {
    let mut changed = false;
    for (key, value) in patch {
        match (target.get_mut(key), value) {
            (Some(Value::Object(existing)), Value::Object(inner)) => changed |= merge_into(existing, inner),
            (Some(existing), _) if existing == value => {}
            _ => {
                target.insert(key.clone(), value.clone());
                changed = true;
            }
        }
    }
    changed
}

fn node_mut<'a>(doc: &'a mut Value, location: &[Step]) -> Option<&'a mut Value> {
    let mut node = doc;
    for step in location {
        node = match (node, step) {
            (Value::Object(map), Step::Key(key)) => map.get_mut(key)?,
            (Value::Array(items), Step::Index(i)) => items.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(node)
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Parse every overlay, then apply them in order to `doc` (strictly: an
/// action that matches nothing fails). Parse errors of all overlays, or the
/// failures of all actions, are reported together.
pub fn apply_all(doc: &mut Value, spec: &str, overlays: &[OverlayInput]) -> Result<Vec<Report>, Diagnostics> {
    let mut parsed = Vec::with_capacity(overlays.len());
    let mut diags = Diagnostics::default();
    for input in overlays {
        match parse(&input.display_path, &input.text) {
            Ok(o) => parsed.push(o),
            Err(d) => diags.0.extend(d.0),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    let mut reports = Vec::with_capacity(parsed.len());
    for overlay in &parsed {
        match overlay.apply(doc, spec) {
            Ok(report) => reports.push(report),
            Err(d) => diags.0.extend(d.0),
        }
    }
    if diags.has_errors() { Err(diags) } else { Ok(reports) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn overlay(actions: Value) -> Overlay {
        let doc = json!({"overlay": "1.0.0", "info": {"title": "t", "version": "1"}, "actions": actions});
        from_value("o.yaml", &doc).unwrap_or_else(|d| panic!("{d}"))
    }

    fn spec() -> Value {
        json!({
            "openapi": "3.0.1",
            "paths": {
                "/a": {"post": {"tags": ["x"], "responses": {"200": {"description": "ok"}}}},
                "/b": {"post": {"responses": {"200": {"description": "ok"}, "207": {"description": "multi"}}}}
            },
            "components": {"responses": {"Error": {"content": {"*/*": {"schema": {"$ref": "#/components/schemas/Error"}}}}}}
        })
    }

    #[test]
    fn update_merges_objects_recursively_and_replaces_other_values() {
        let mut doc = json!({"info": {"title": "old", "contact": {"name": "n", "url": "u"}, "tags": ["a", "b"]}});
        let o = overlay(json!([{ "target": "$.info", "update": {
            "title": "new", "contact": {"url": "v", "email": "e"}, "tags": ["c"], "x-new": {"deep": true}
        }}]));
        let report = o.apply(&mut doc, "s.json").unwrap();
        assert_eq!(
            doc,
            json!({"info": {"title": "new", "contact": {"name": "n", "url": "v", "email": "e"}, "tags": ["c"], "x-new": {"deep": true}}})
        );
        assert_eq!(report.actions[0].matched, ["/info"]);
        assert_eq!(report.actions[0].changed, 1);
        // Merging what is already there matches but changes nothing.
        let again = o.apply(&mut doc, "s.json").unwrap();
        assert_eq!((again.actions[0].matched.len(), again.actions[0].changed), (1, 0));
    }

    #[test]
    fn update_on_every_match_and_appends_to_arrays() {
        let mut doc = spec();
        let o = overlay(json!([
            { "target": "$.paths.*.post[?@['200'] && !@['207']]",
              "description": "restore 207", "update": {"207": {"description": "multiple statuses"}} },
            { "target": "$.paths.*.post.tags", "update": "y" },
        ]));
        let report = o.apply(&mut doc, "s.json").unwrap();
        assert_eq!(doc["paths"]["/a"]["post"]["responses"]["207"], json!({"description": "multiple statuses"}));
        assert_eq!(doc["paths"]["/b"]["post"]["responses"]["207"], json!({"description": "multi"}), "untouched");
        assert_eq!(doc["paths"]["/a"]["post"]["tags"], json!(["x", "y"]));
        assert_eq!(report.actions[0].matched, ["/paths/~1a/post/responses"]);
        assert_eq!(report.actions[1].kind, "update");
    }

    #[test]
    fn remove_deletes_members_and_array_items() {
        let mut doc = json!({"a": {"keep": 1, "drop": 2}, "list": [0, 1, 2, 3, 4], "nested": {"x": {"y": 1}}});
        let o = overlay(json!([
            { "target": "$.a.drop", "remove": true },
            { "target": "$.list[?@ == 1 || @ == 3]", "remove": true },
            { "target": "$.list[-1]", "remove": true, "update": {"ignored": true} },
            { "target": "$..[?@.y]", "remove": true },
        ]));
        let report = o.apply(&mut doc, "s.json").unwrap();
        assert_eq!(doc, json!({"a": {"keep": 1}, "list": [0, 2], "nested": {}}));
        let changed: Vec<usize> = report.actions.iter().map(|a| a.changed).collect();
        assert_eq!(changed, [1, 2, 1, 1]);
        assert!(report.actions.iter().all(|a| a.kind == "remove"));
    }

    #[test]
    fn remove_of_nested_matches_removes_each_once() {
        let mut doc = json!({"a": {"a": {"a": 1}}});
        let report = overlay(json!([{ "target": "$..a", "remove": true }])).apply(&mut doc, "s").unwrap();
        assert_eq!(doc, json!({}));
        assert_eq!(report.actions[0].matched, ["/a", "/a/a", "/a/a/a"]);
    }

    #[test]
    fn an_action_that_matches_nothing_fails_naming_overlay_action_and_target() {
        let mut doc = spec();
        let o = overlay(json!([
            { "target": "$.components.responses.Error.content['*/*']", "remove": true },
            { "target": "$.components.responses.Error.content['*/*']", "remove": true },
        ]));
        let err = o.apply(&mut doc, "specs/hubspot/contacts.json").unwrap_err();
        assert_eq!(err.0.len(), 1, "{err}");
        let d = &err.0[0];
        assert_eq!(d.file, "o.yaml");
        assert_eq!(d.pointer, "/actions/1");
        assert!(d.message.contains("actions[1]"), "{d}");
        assert!(d.message.contains("`$.components.responses.Error.content['*/*']`"), "{d}");
        assert!(d.message.contains("matches nothing in specs/hubspot/contacts.json"), "{d}");
        // Unchecked, the same run only reports.
        let mut doc = spec();
        let report = o.apply_unchecked(&mut doc, "s").unwrap();
        assert!(!report.all_matched() && !report.none_matched());
        assert_eq!(report.stale().map(|a| a.index).collect::<Vec<_>>(), [1]);
    }

    #[test]
    fn update_of_a_scalar_or_with_a_scalar_is_an_error() {
        let mut doc = json!({"a": {"b": "text"}});
        let err = overlay(json!([{ "target": "$.a.b", "update": "x" }])).apply(&mut doc, "s").unwrap_err();
        assert!(err.to_string().contains("selects a string at #/a/b"), "{err}");
        let err = overlay(json!([{ "target": "$.a", "update": 5 }])).apply(&mut doc, "s").unwrap_err();
        assert!(err.to_string().contains("must then be an object"), "{err}");
        let err = overlay(json!([{ "target": "$", "remove": true }])).apply(&mut doc, "s").unwrap_err();
        assert!(err.to_string().contains("root"), "{err}");
    }

    #[test]
    fn report_lists_every_action() {
        let mut doc = spec();
        let o = overlay(json!([
            { "target": "$.components.responses.Error.content", "description": "JSON errors",
              "update": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}} },
            { "target": "$.components.responses.Error.content['*/*']", "remove": true },
        ]));
        let report = o.apply(&mut doc, "spec.json").unwrap();
        assert!(report.all_matched());
        assert_eq!(
            report.to_string(),
            "overlay o.yaml on spec.json:\n  \
             actions[0] update `$.components.responses.Error.content`: 1 node matched, 1 changed (JSON errors)\n  \
             actions[1] remove `$.components.responses.Error.content['*/*']`: 1 node matched, 1 changed\n"
        );
        assert_eq!(
            doc["components"]["responses"]["Error"]["content"],
            json!({"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}})
        );
    }

    #[test]
    fn parse_reads_yaml_and_reports_every_problem() {
        let text = "overlay: 1.0.0\ninfo:\n  title: t\n  version: '1'\nactions:\n  - target: \"$.info\"\n    update: {title: x}\n";
        let o = parse("o.yaml", text).unwrap();
        assert_eq!((o.title.as_str(), o.actions.len(), o.actions[0].change.kind()), ("t", 1, "update"));

        let bad = json!({"overlay": "1.1.0", "info": {"title": "t"}, "extra": 1, "actions": [
            {"target": "$.a[1:2]", "update": {}},
            {"target": "a", "remove": true},
            {"target": "$.a"},
            {"target": "$.a", "remove": "yes"},
            {"target": "$.a", "copy": "$.b"},
            "text",
        ]});
        let err = from_value("o.json", &bad).unwrap_err();
        let pointers: Vec<&str> = err.iter().map(|d| d.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "/overlay",
                "/info",
                "/extra",
                "/actions/0/target",
                "/actions/1/target",
                "/actions/2",
                "/actions/3/remove",
                "/actions/4/copy",
                "/actions/5"
            ]
        );
        assert!(err.0[3].message.contains("slices"), "{}", err.0[3]);
        let err = parse("o.yaml", "overlay: 1.0.0\ninfo: [\n").unwrap_err();
        assert!(err.0[0].line_col.is_some(), "{err}");
        let err = from_value("o.json", &json!({"openapi": "3.0.1"})).unwrap_err();
        assert!(err.to_string().contains("no `overlay` version"), "{err}");
    }

    #[test]
    fn apply_all_runs_overlays_in_order() {
        let first = OverlayInput::new(
            "1.yaml",
            "overlay: 1.0.0\ninfo: {title: a, version: '1'}\nactions:\n  - target: $.info\n    update: {x-step: 1}\n",
        );
        let second = OverlayInput::new(
            "2.yaml",
            "overlay: 1.0.0\ninfo: {title: b, version: '1'}\nactions:\n  - target: \"$[?@['x-step'] == 1]\"\n    update: {x-step: 2}\n",
        );
        let mut doc = json!({"info": {}});
        let reports = apply_all(&mut doc, "s", &[first.clone(), second.clone()]).unwrap();
        assert_eq!(doc, json!({"info": {"x-step": 2}}));
        assert_eq!(reports.len(), 2);
        let mut doc = json!({"info": {}});
        let err = apply_all(&mut doc, "s", &[second, first]).unwrap_err();
        assert_eq!(err.0[0].file, "2.yaml");
    }
}
