//! api-diff: one fixture pair per kind of change. Each test edits one spot of
//! `fixtures/diff/base.yaml` (the `Shop` API, module `shop`) and checks how
//! the change to the generated Rust API is classified and which Rust item it
//! names. Besides the expected changes only docs-only and wire-only ones may
//! appear.

use generator::diff::{self, Bump, Change, Kind, Report, Verdict};
use generator::{Config, SpecInput};

const BASE: &str = include_str!("fixtures/diff/base.yaml");

fn model(specs: &[(&str, &str)]) -> generator::ir::Model {
    let inputs: Vec<SpecInput> = specs.iter().map(|(path, text)| SpecInput::new(*path, *text)).collect();
    generator::model(&inputs, &Config::default()).unwrap_or_else(|d| panic!("the fixture does not generate:\n{d}"))
}

/// `BASE` with each `(from, to)` replaced once; `from` must be there.
fn edit(edits: &[(&str, &str)]) -> String {
    let mut text = BASE.to_owned();
    for (from, to) in edits {
        assert!(text.contains(from), "the base has no `{from}`");
        text = text.replacen(from, to, 1);
    }
    text
}

fn compare(old: &str, new: &str) -> Report {
    diff::diff(&model(&[("shop.yaml", old)]), &model(&[("shop.yaml", new)]))
}

/// The API changes (docs and wire ones aside) are exactly `expected`:
/// (kind, verdict, one of the items it names).
fn check(report: &Report, expected: &[(Kind, Verdict, &str)]) {
    let api: Vec<&Change> = report.changes.iter().filter(|c| c.verdict >= Verdict::Additive).collect();
    let shown = || {
        api.iter()
            .map(|c| format!("{:?} {:?} {:?}: {}", c.kind, c.verdict, c.items, c.detail))
            .collect::<Vec<_>>()
            .join("\n")
    };
    for (kind, verdict, item) in expected {
        assert!(
            api.iter().any(|c| c.kind == *kind && c.verdict == *verdict && c.items.iter().any(|i| i == item)),
            "expected {kind:?} ({verdict:?}) on `{item}`, got:\n{}",
            shown()
        );
    }
    assert_eq!(api.len(), expected.len(), "unexpected changes:\n{}", shown());
}

fn one(old: &str, new: &str, kind: Kind, verdict: Verdict, item: &str) {
    check(&compare(old, new), &[(kind, verdict, item)]);
}

const ARCHIVE_OP: &str = "  /items/{itemId}/archive:
    post:
      operationId: archiveItem
      parameters:
        - name: itemId
          in: path
          required: true
          schema: { type: string }
      responses:
        \"204\":
          description: archived
  /items:
";

#[test]
fn an_operation_added_is_additive_and_removed_is_breaking() {
    let with = edit(&[("  /items:\n", ARCHIVE_OP)]);
    one(BASE, &with, Kind::OperationAdded, Verdict::Additive, "shop::Shop::archive_item");
    one(&with, BASE, Kind::OperationRemoved, Verdict::Breaking, "shop::Shop::archive_item");
}

#[test]
fn a_renamed_method_is_breaking() {
    // Same method and path, another operationId: another method name.
    let new = edit(&[("operationId: createItem", "operationId: addItem")]);
    let report = compare(BASE, &new);
    // Its request builder is named after the method, so that type is renamed too.
    check(
        &report,
        &[
            (Kind::OperationRenamed, Verdict::Breaking, "shop::Shop::create_item"),
            (Kind::ItemRenamed, Verdict::Breaking, "shop::CreateItemRequest"),
        ],
    );
    assert!(report.changes.iter().any(|c| c.detail.contains("Shop::add_item")), "{report:#?}");
}

#[test]
fn a_required_parameter_is_a_new_argument_and_breaks() {
    let new = edit(&[(
        "        - name: archived\n",
        "        - name: locale\n          in: query\n          required: true\n          schema: { type: string }\n        - name: archived\n",
    )]);
    one(BASE, &new, Kind::RequiredParamAdded, Verdict::Breaking, "shop::Shop::get_item");
}

#[test]
fn an_optional_parameter_is_a_new_setter_and_adds() {
    let new = edit(&[(
        "        - name: archived\n",
        "        - name: limit\n          in: query\n          schema: { type: integer }\n        - name: archived\n",
    )]);
    one(BASE, &new, Kind::OptionalParamAdded, Verdict::Additive, "shop::GetItemRequest::limit");
}

#[test]
fn a_parameter_removed_required_or_retyped_breaks() {
    let removed = edit(&[(
        "        - name: archived\n          in: query\n          required: false\n          schema: { type: boolean }\n",
        "",
    )]);
    one(BASE, &removed, Kind::ParamRemoved, Verdict::Breaking, "shop::GetItemRequest::archived");
    let required = edit(&[("          required: false\n", "          required: true\n")]);
    one(BASE, &required, Kind::ParamNowRequired, Verdict::Breaking, "shop::Shop::get_item");
    one(&required, BASE, Kind::ParamNowOptional, Verdict::Breaking, "shop::Shop::get_item");
    let retyped = edit(&[("          schema: { type: boolean }", "          schema: { type: integer }")]);
    one(BASE, &retyped, Kind::ParamRetyped, Verdict::Breaking, "shop::GetItemRequest::archived");
}

#[test]
fn a_renamed_positional_argument_is_docs_only() {
    let new = edit(&[("/items/{itemId}:", "/items/{id}:"), ("        - name: itemId\n", "        - name: id\n")]);
    let report = compare(BASE, &new);
    check(&report, &[]);
    assert!(
        report
            .changes
            .iter()
            .any(|c| c.kind == Kind::ParamRenamed && c.verdict == Verdict::Docs && c.items == ["shop::Shop::get_item"]),
        "{report:#?}"
    );
    assert_eq!(diff::bump(report.verdict(), "0.3.1"), (Bump::Patch, "0.3.2".to_owned()));
}

#[test]
fn a_body_retyped_or_removed_breaks() {
    let retyped = edit(&[(
        "            schema: { $ref: \"#/components/schemas/ItemInput\" }",
        "            schema: { $ref: \"#/components/schemas/BatchInput\" }",
    )]);
    // ItemInput is still a component, but no request carries it any more:
    // it keeps `new(..)` and loses `builder()`, which only types requests
    // carry have.
    let builder_gone = (Kind::ConstructorChanged, Verdict::Breaking, "shop::types::ItemInput::new");
    check(&compare(BASE, &retyped), &[(Kind::BodyRetyped, Verdict::Breaking, "shop::Shop::create_item"), builder_gone]);
    let removed = edit(&[(
        "      requestBody:\n        required: true\n        content:\n          application/json:\n            schema: { $ref: \"#/components/schemas/ItemInput\" }\n",
        "",
    )]);
    check(&compare(BASE, &removed), &[(Kind::BodyRemoved, Verdict::Breaking, "shop::Shop::create_item"), builder_gone]);
    check(
        &compare(&removed, BASE),
        &[
            (Kind::BodyAdded, Verdict::Breaking, "shop::Shop::create_item"),
            (Kind::ConstructorChanged, Verdict::Additive, "shop::types::ItemInput::new"),
        ],
    );
}

const MULTI_STATUS: &str = "        \"207\":
          description: some failed
          content:
            application/json:
              schema: { $ref: \"#/components/schemas/BatchResult\" }
components:
";

#[test]
fn a_new_success_status_changes_what_send_returns() {
    let with = edit(&[("components:\n", MULTI_STATUS)]);
    one(BASE, &with, Kind::SuccessAdded, Verdict::Breaking, "shop::BatchReadRequest::send");
    one(&with, BASE, Kind::SuccessRemoved, Verdict::Breaking, "shop::BatchReadRequest::send");
    // A third status: a new variant of the (exhaustive) response enum.
    let third = with.replacen("components:\n", "        \"202\":\n          description: accepted\ncomponents:\n", 1);
    let report = compare(&with, &third);
    let added = report.changes.iter().find(|c| c.kind == Kind::SuccessAdded).expect("a success added");
    assert_eq!(added.verdict, Verdict::Breaking);
    assert!(added.items[0].starts_with("shop::BatchReadResponse::"), "{added:?}");
    check(&report, &[(Kind::SuccessAdded, Verdict::Breaking, added.items[0].as_str())]);
}

#[test]
fn a_success_body_of_another_type_breaks() {
    let new = edit(&[(
        "          description: the item\n          content:\n            application/json:\n              schema: { $ref: \"#/components/schemas/Item\" }",
        "          description: the item\n          content:\n            application/json:\n              schema: { $ref: \"#/components/schemas/ItemInput\" }",
    )]);
    one(BASE, &new, Kind::SuccessRetyped, Verdict::Breaking, "shop::GetItemRequest::send");
}

#[test]
fn a_type_added_is_additive_removed_breaking_renamed_breaking() {
    let with = edit(&[(
        "    Status:\n",
        "    Tag:\n      type: object\n      properties:\n        label: { type: string }\n    Status:\n",
    )]);
    one(BASE, &with, Kind::TypeAdded, Verdict::Additive, "shop::types::Tag");
    one(&with, BASE, Kind::TypeRemoved, Verdict::Breaking, "shop::types::Tag");
    let renamed = edit(&[("    BatchInput:\n", "    ItemIds:\n"), ("schemas/BatchInput\"", "schemas/ItemIds\"")]);
    // Reported once: the body's type is the renamed one, not retyped.
    one(BASE, &renamed, Kind::TypeRenamed, Verdict::Breaking, "shop::types::BatchInput");
}

#[test]
fn a_type_of_another_kind_breaks() {
    let new = edit(&[(
        "    Status:\n      type: string\n      enum: [active, archived]\n",
        "    Status:\n      type: object\n      properties:\n        code: { type: string }\n",
    )]);
    one(BASE, &new, Kind::TypeKindChanged, Verdict::Breaking, "shop::types::Status");
}

#[test]
fn any_field_added_breaks_struct_literals() {
    // Generated structs are not #[non_exhaustive]: an optional field breaks
    // `Item { .. }` literals and exhaustive patterns, though not `Item::new`.
    let optional = edit(&[(
        "        name: { type: string }\n        archivedAt",
        "        name: { type: string }\n        color: { type: string }\n        archivedAt",
    )]);
    one(BASE, &optional, Kind::OptionalFieldAdded, Verdict::Breaking, "shop::types::Item::color");
    let required = edit(&[
        ("      required: [name]\n", "      required: [name, sku]\n"),
        ("        color: { type: string }\n", "        color: { type: string }\n        sku: { type: string }\n"),
    ]);
    one(BASE, &required, Kind::RequiredFieldAdded, Verdict::Breaking, "shop::types::ItemInput::sku");
}

#[test]
fn a_field_removed_or_retyped_breaks() {
    let removed = edit(&[("        name: { type: string }\n        archivedAt", "        archivedAt")]);
    one(BASE, &removed, Kind::FieldRemoved, Verdict::Breaking, "shop::types::Item::name");
    let retyped = edit(&[("        color: { type: string }", "        color: { type: integer }")]);
    one(BASE, &retyped, Kind::FieldRetyped, Verdict::Breaking, "shop::types::ItemInput::color");
}

#[test]
fn optional_and_required_fields_trade_places_with_a_breaking_change() {
    let required = edit(&[("      required: [name]\n", "      required: [name, color]\n")]);
    one(BASE, &required, Kind::FieldNowRequired, Verdict::Breaking, "shop::types::ItemInput::color");
    one(&required, BASE, Kind::FieldNowOptional, Verdict::Breaking, "shop::types::ItemInput::color");
    // Two required fields of one type (`name`, `color`: strings) lose `new`
    // and keep the builder every request type has, as the emitter makes them.
    let report = compare(BASE, &required);
    assert!(
        report.changes.iter().any(|c| c
            .detail
            .contains("`new(impl Into<String>)` and `builder()` requiring impl Into<String> → `builder()` requiring impl Into<String>, impl Into<String>")),
        "the constructor change names the builder: {:?}",
        report.changes.iter().map(|c| &c.detail).collect::<Vec<_>>()
    );
    // The last required field gone: `new` goes and `Default` comes.
    let none = edit(&[("      required: [name]\n", "")]);
    check(
        &compare(BASE, &none),
        &[
            (Kind::FieldNowOptional, Verdict::Breaking, "shop::types::ItemInput::name"),
            (Kind::ConstructorChanged, Verdict::Breaking, "shop::types::ItemInput::new"),
        ],
    );
}

#[test]
fn a_field_that_becomes_nullable_gets_another_option() {
    let nullable = edit(&[(
        "        name: { type: string }\n        archivedAt",
        "        name: { type: string, nullable: true }\n        archivedAt",
    )]);
    one(BASE, &nullable, Kind::FieldNowNullable, Verdict::Breaking, "shop::types::Item::name");
    one(&nullable, BASE, Kind::FieldNoLongerNullable, Verdict::Breaking, "shop::types::Item::name");
}

#[test]
fn an_enum_value_added_is_additive_removed_breaking() {
    let with = edit(&[("enum: [active, archived]", "enum: [active, archived, deleted]")]);
    one(BASE, &with, Kind::EnumVariantAdded, Verdict::Additive, "shop::types::Status::Deleted");
    one(&with, BASE, Kind::EnumVariantRemoved, Verdict::Breaking, "shop::types::Status::Deleted");
    assert_eq!(diff::bump(compare(BASE, &with).verdict(), "0.1.0"), (Bump::Patch, "0.1.1".to_owned()));
    assert_eq!(diff::bump(compare(BASE, &with).verdict(), "1.4.2"), (Bump::Minor, "1.5.0".to_owned()));
}

#[test]
fn a_one_of_variant_added_or_removed_breaks() {
    let with = edit(&[
        (
            "        - $ref: \"#/components/schemas/Square\"\n",
            "        - $ref: \"#/components/schemas/Square\"\n        - $ref: \"#/components/schemas/Triangle\"\n",
        ),
        (
            "    BatchInput:\n",
            "    Triangle:\n      type: object\n      properties:\n        base: { type: number }\n    BatchInput:\n",
        ),
    ]);
    check(
        &compare(BASE, &with),
        &[
            (Kind::UnionVariantAdded, Verdict::Breaking, "shop::types::Shape::Triangle"),
            (Kind::TypeAdded, Verdict::Additive, "shop::types::Triangle"),
        ],
    );
    check(
        &compare(&with, BASE),
        &[
            (Kind::UnionVariantRemoved, Verdict::Breaking, "shop::types::Shape::Triangle"),
            (Kind::TypeRemoved, Verdict::Breaking, "shop::types::Triangle"),
        ],
    );
}

#[test]
fn deprecation_is_additive() {
    let new = edit(&[("      summary: Read an item\n", "      summary: Read an item\n      deprecated: true\n")]);
    one(BASE, &new, Kind::Deprecated, Verdict::Additive, "shop::Shop::get_item");
}

#[test]
fn docs_and_wire_changes_are_never_breaking() {
    let docs = edit(&[
        ("      description: An item.\n", "      description: An item for sale.\n"),
        ("summary: Read items", "summary: Read many items"),
    ]);
    let report = compare(BASE, &docs);
    assert_eq!(report.verdict(), Some(Verdict::Docs), "{report:#?}");
    assert!(report.changes.iter().any(|c| c.items == ["shop::types::Item"]));
    assert!(report.changes.iter().any(|c| c.items == ["shop::Shop::batch_read"]));
    assert_eq!(diff::bump(report.verdict(), "1.0.0"), (Bump::Patch, "1.0.1".to_owned()));
    // Another JSON key for the same Rust field: what is sent changes, the API does not.
    let wire = edit(&[("        archivedAt: {", "        archived_at: {")]);
    let report = compare(BASE, &wire);
    assert_eq!(report.verdict(), Some(Verdict::Wire), "{report:#?}");
    assert!(
        report.changes.iter().any(|c| c.kind == Kind::Wire && c.items == ["shop::types::Item::archived_at"]),
        "{report:#?}"
    );
    // Nothing at all.
    assert_eq!(compare(BASE, BASE), Report { apis: compare(BASE, BASE).apis, changes: vec![] });
    assert_eq!(diff::bump(None, "0.2.0"), (Bump::None, "0.2.0".to_owned()));
}

#[test]
fn the_bump_follows_cargo_rules_for_0x_and_1x() {
    assert_eq!(diff::bump(Some(Verdict::Breaking), "0.1.0"), (Bump::Minor, "0.2.0".to_owned()));
    assert_eq!(diff::bump(Some(Verdict::Additive), "0.1.0"), (Bump::Patch, "0.1.1".to_owned()));
    assert_eq!(diff::bump(Some(Verdict::Breaking), "1.2.3"), (Bump::Major, "2.0.0".to_owned()));
    assert_eq!(diff::bump(Some(Verdict::Additive), "1.2.3"), (Bump::Minor, "1.3.0".to_owned()));
    assert_eq!(diff::bump(Some(Verdict::Wire), "1.2.3"), (Bump::Patch, "1.2.4".to_owned()));
    assert_eq!(diff::bump(Some(Verdict::Breaking), "0.0.7"), (Bump::Patch, "0.0.8".to_owned()));
}

#[test]
fn apis_added_and_removed() {
    let two = diff::diff(&model(&[("shop.yaml", BASE)]), &model(&[("shop.yaml", BASE), ("store.yaml", BASE)]));
    check(
        &two,
        &[
            (Kind::ApiAdded, Verdict::Additive, "store"),
            (Kind::SharedTypeJoined, Verdict::Additive, "shop::types::Item"),
        ]
        .map(|(k, v, i)| (k, v, if k == Kind::ApiAdded { "Client::store" } else { i }))
        .into_iter()
        .filter(|(k, _, _)| *k == Kind::ApiAdded)
        .collect::<Vec<_>>(),
    );
    let one_api = diff::diff(&model(&[("shop.yaml", BASE), ("store.yaml", BASE)]), &model(&[("shop.yaml", BASE)]));
    check(&one_api, &[(Kind::ApiRemoved, Verdict::Breaking, "Client::store")]);
}

#[test]
fn a_shared_type_split_is_reported_once_for_every_api_it_reaches() {
    // Two APIs share every type; then one API's Item gets a field.
    let changed = edit(&[(
        "        name: { type: string }\n        archivedAt",
        "        name: { type: string }\n        color: { type: string }\n        archivedAt",
    )]);
    let old = model(&[("shop.yaml", BASE), ("store.yaml", BASE)]);
    let new = model(&[("shop.yaml", BASE), ("store.yaml", &changed)]);
    let report = diff::diff(&old, &new);
    // BatchResult holds Items, so it splits too.
    check(
        &report,
        &[
            (Kind::SharedTypeSplit, Verdict::Breaking, "shop::types::Item"),
            (Kind::SharedTypeSplit, Verdict::Breaking, "store::types::BatchResult"),
            (Kind::OptionalFieldAdded, Verdict::Breaking, "store::types::Item::color"),
        ],
    );
    let split = report
        .changes
        .iter()
        .find(|c| c.kind == Kind::SharedTypeSplit && c.items[0].ends_with("::Item"))
        .expect("split");
    assert_eq!(split.apis, ["shop", "store"]);
    assert_eq!(split.items, ["shop::types::Item", "store::types::Item"]);
    // The other way round: two types become one.
    let joined = diff::diff(&new, &old);
    assert!(
        joined.changes.iter().any(|c| c.kind == Kind::SharedTypeJoined && c.verdict == Verdict::Additive),
        "{joined:#?}"
    );
    // A change to a type both APIs share is one entry naming both.
    let both = diff::diff(&old, &model(&[("shop.yaml", &changed), ("store.yaml", &changed)]));
    check(&both, &[(Kind::OptionalFieldAdded, Verdict::Breaking, "shop::types::Item::color")]);
    assert_eq!(
        both.changes.iter().find(|c| c.kind == Kind::OptionalFieldAdded).map(|c| c.apis.clone()),
        Some(vec!["shop".to_owned(), "store".to_owned()])
    );
}

#[test]
fn a_shared_type_renamed_by_its_group_is_reported_as_a_rename() {
    // alpha and beta share every type. Then three APIs at another version
    // share a different Item: the widest group keeps the plain name, and
    // alpha's and beta's Item is named by their version.
    let other = edit(&[
        ("  version: \"1\"", "  version: \"2\""),
        (
            "        name: { type: string }\n        archivedAt",
            "        name: { type: string }\n        color: { type: string }\n        archivedAt",
        ),
    ]);
    let old = model(&[("alpha.yaml", BASE), ("beta.yaml", BASE)]);
    let new =
        model(&[("alpha.yaml", BASE), ("beta.yaml", BASE), ("c.yaml", &other), ("d.yaml", &other), ("e.yaml", &other)]);
    assert!(new.shared.contains_key("ItemV1") && new.shared.contains_key("Item"), "{:?}", new.shared.keys());
    let report = diff::diff(&old, &new);
    let renamed: Vec<&Change> = report.changes.iter().filter(|c| c.kind == Kind::SharedTypeRenamed).collect();
    let item =
        renamed.iter().find(|c| c.detail.contains("`Item` is now `ItemV1`")).unwrap_or_else(|| panic!("{renamed:#?}"));
    assert_eq!(item.verdict, Verdict::Docs);
    assert_eq!(item.items, ["alpha::types::Item", "beta::types::Item"]);
    // Nothing users write changes: no breaking or additive change for alpha and beta.
    assert!(
        report
            .changes
            .iter()
            .all(|c| c.verdict < Verdict::Additive || c.apis.iter().all(|a| !["alpha", "beta"].contains(&a.as_str()))),
        "{:#?}",
        report.changes
    );
}

#[test]
fn reports_render_as_text_markdown_and_json() {
    let with = edit(&[("enum: [active, archived]", "enum: [active, archived, deleted]")]);
    let report = compare(BASE, &with);
    let text = diff::render(&report, diff::Format::Text, "old → new", "0.1.0");
    assert!(text.contains("verdict: additive: patch bump, 0.1.0 → 0.1.1"), "{text}");
    assert!(text.contains("enum value added: shop::types::Status::Deleted"), "{text}");
    let md = diff::render(&report, diff::Format::Markdown, "old → new", "0.1.0");
    assert!(md.contains("- **enum value added**: `shop::types::Status::Deleted`"), "{md}");
    let json: serde_json::Value =
        serde_json::from_str(&diff::render(&report, diff::Format::Json, "old → new", "0.1.0")).expect("JSON");
    assert_eq!(json["bump"], "patch");
    assert_eq!(json["next_version"], "0.1.1");
    assert_eq!(json["changes"][0]["kind"], "enum_variant_added");
    assert_eq!(json["changes"][0]["items"][0], "shop::types::Status::Deleted");
}
