//! Typed-property declarations from an account's real properties.
//!
//! HubSpot's Properties API (`GET /crm/properties/{version}/{objectType}`)
//! describes each property of an object type: its `name`, `label`, `type`
//! (`bool`, `date`, `datetime`, `enumeration`, `number`, `phone_number`,
//! `string`), `fieldType` (`booleancheckbox`, `checkbox`, `radio`, `select`,
//! …) and, for enumerations, its `options`. [`declaration`] turns that
//! response into Rust source for `hubspot_crm`'s typed properties: a
//! `properties!` struct with one field per property, and a `property_enum!`
//! per enumeration property, so custom properties and options are typed too.
//! Like the rest of the generator it does no IO: the caller reads the
//! response (a file, or the API itself) and writes the text.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use serde::Deserialize;

use crate::naming::{self, Namer};

/// What to generate, beside the properties themselves.
#[derive(Debug, Clone)]
pub struct DeclarationOptions {
    /// The struct's name (`Contact`).
    pub struct_name: String,
    /// Where the response came from, for the header (`a file name`, `the
    /// Properties API of account 123`).
    pub source: String,
    /// The command that wrote it, for the header.
    pub command: String,
    /// Only these properties (by HubSpot name); all when empty.
    pub only: Vec<String>,
    /// `number` properties as `rust_decimal::Decimal` (the `decimal`
    /// feature) rather than `f64`.
    pub decimal: bool,
    /// The path of the client crate in the generated source (`hubspot_crm`).
    pub crate_path: String,
}

impl DeclarationOptions {
    /// Options for a struct named `struct_name`, every property, numbers as `f64`.
    pub fn new(struct_name: impl Into<String>, source: impl Into<String>, command: impl Into<String>) -> Self {
        DeclarationOptions {
            struct_name: struct_name.into(),
            source: source.into(),
            command: command.into(),
            only: Vec::new(),
            decimal: false,
            crate_path: "hubspot_crm".to_owned(),
        }
    }
}

/// The generated source and what could not be followed exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declaration {
    /// Rust source: the enums, then the struct.
    pub source: String,
    /// How many properties the struct has.
    pub properties: usize,
    /// How many enums were declared.
    pub enums: usize,
    /// Notes for the user: a property type this command does not know (read
    /// as text), a name in `only` that the response does not have.
    pub warnings: Vec<String>,
}

/// One property as the Properties API describes it (the fields used here).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Property {
    name: String,
    #[serde(default)]
    label: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(rename = "type", default)]
    kind: Option<String>,
    #[serde(default)]
    field_type: Option<String>,
    #[serde(default)]
    options: Vec<PropertyOption>,
    #[serde(default)]
    archived: bool,
}

#[derive(Debug, Clone, Deserialize)]
struct PropertyOption {
    value: String,
    #[serde(default)]
    label: Option<String>,
    #[serde(default)]
    hidden: bool,
}

/// The Rust declaration for the properties in `json`: the Properties API's
/// answer (`{"results": [...]}`) or its `results` array alone. Archived
/// properties are left out. The error names the JSON pointer (and line)
/// where the response is not what the API documents.
pub fn declaration(json: &str, options: &DeclarationOptions) -> Result<Declaration, String> {
    let value: serde_json::Value =
        serde_json::from_str(json).map_err(|e| format!("not JSON: {e} (line {}, column {})", e.line(), e.column()))?;
    let (list, pointer) = match &value {
        serde_json::Value::Array(list) => (list, ""),
        serde_json::Value::Object(map) => match map.get("results") {
            Some(serde_json::Value::Array(list)) => (list, "/results"),
            _ => return Err("#: expected the Properties API's answer, an object with a `results` array".to_owned()),
        },
        _ => return Err("#: expected the Properties API's answer, an object with a `results` array".to_owned()),
    };
    let mut properties = Vec::with_capacity(list.len());
    for (i, item) in list.iter().enumerate() {
        let property = Property::deserialize(item).map_err(|e| format!("#{pointer}/{i}: not a property: {e}"))?;
        if property.name.is_empty() {
            return Err(format!("#{pointer}/{i}/name: a property without a name"));
        }
        properties.push(property);
    }
    Ok(declare(properties, options))
}

fn declare(mut properties: Vec<Property>, options: &DeclarationOptions) -> Declaration {
    let mut warnings = Vec::new();
    properties.retain(|p| !p.archived);
    if !options.only.is_empty() {
        let names: BTreeSet<&str> = properties.iter().map(|p| p.name.as_str()).collect();
        for wanted in &options.only {
            if !names.contains(wanted.as_str()) {
                warnings.push(format!("`{wanted}` is not among the properties read; left out"));
            }
        }
        properties.retain(|p| options.only.contains(&p.name));
    }
    // One order whatever order the API answered in.
    properties.sort_by(|a, b| a.name.cmp(&b.name));
    properties.dedup_by(|a, b| a.name == b.name);

    let krate = &options.crate_path;
    let mut types = Namer::with_reserved(
        naming::PRELUDE
            .iter()
            .copied()
            .chain(["Default", "Debug", "Clone", "PartialEq"])
            .chain([options.struct_name.as_str()]),
    );
    // Field names: a property already named in snake case keeps its name
    // (`contact_score`); one that converts to a taken name gets a counter.
    let mut fields = Namer::default();
    let mut field_names = vec![String::new(); properties.len()];
    for exact in [true, false] {
        for (i, property) in properties.iter().enumerate() {
            let rust = naming::snake(&property.name);
            if (rust == property.name) == exact {
                field_names[i] = fields.unique(rust);
            }
        }
    }
    let mut enums = String::new();
    let mut body = String::new();
    let mut enum_count = 0;
    for (property, rust) in properties.iter().zip(&field_names) {
        let kind = property.kind.as_deref().unwrap_or("string");
        let field_type = property.field_type.as_deref().unwrap_or("");
        let multi = field_type == "checkbox";
        let values: Vec<&PropertyOption> = property.options.iter().collect();
        let base = match kind {
            "bool" => "bool".to_owned(),
            "enumeration" if field_type == "booleancheckbox" => "bool".to_owned(),
            "date" => format!("{krate}::jiff::civil::Date"),
            "datetime" => format!("{krate}::jiff::Timestamp"),
            "number" if options.decimal => format!("{krate}::rust_decimal::Decimal"),
            "number" => "f64".to_owned(),
            "enumeration" if values.is_empty() => "String".to_owned(),
            "enumeration" => {
                let camel = naming::camel(&property.name);
                let name = types.unique_or(camel.clone(), [format!("{camel}Property")]);
                enum_count += 1;
                write_enum(&mut enums, krate, &name, property, &values, &mut warnings);
                name
            }
            "string" | "phone_number" => "String".to_owned(),
            other => {
                warnings
                    .push(format!("`{}`: type `{other}` is not one this command knows; read as text", property.name));
                "String".to_owned()
            }
        };
        let ty = if multi && kind == "enumeration" { format!("Vec<{base}>") } else { base };

        // A raw identifier's own text would be `r#type`: it is renamed too.
        let written = if naming::needs_raw(rust) { format!("r#{rust}") } else { rust.clone() };
        let rename = if written == property.name { String::new() } else { format!(" as {:?}", property.name) };
        let mut doc = property.label.clone().unwrap_or_default();
        if doc.trim().is_empty() {
            doc = property.name.clone();
        }
        let _ = write!(doc, " (`{}`: `{kind}`", property.name);
        if !field_type.is_empty() {
            let _ = write!(doc, ", `{field_type}`");
        }
        doc.push(')');
        write_doc(&mut body, "        ", &doc);
        if let Some(description) = property.description.as_deref().filter(|d| !d.trim().is_empty()) {
            body.push_str("        ///\n");
            write_doc(&mut body, "        ", description);
        }
        let _ = writeln!(body, "        pub {written}{rename}: Option<{ty}>,");
    }

    let mut source = String::new();
    let _ = writeln!(source, "// @generated by `{}` from {}.", options.command, options.source);
    let _ = writeln!(source, "// Regenerate it rather than editing it; it changes when the account's properties do.");
    source.push('\n');
    source.push_str(&enums);
    let _ = writeln!(source, "{krate}::properties! {{");
    let _ = writeln!(
        source,
        "    /// `{}`: {} properties, each `None` when absent, `null` or empty.",
        options.struct_name,
        properties.len()
    );
    let _ = writeln!(source, "    #[derive(Debug, Clone, Default, PartialEq)]");
    let _ = writeln!(source, "    pub struct {} {{", options.struct_name);
    source.push_str(&body);
    let _ = writeln!(source, "    }}");
    let _ = writeln!(source, "}}");
    Declaration { source, properties: properties.len(), enums: enum_count, warnings }
}

fn write_enum(
    out: &mut String,
    krate: &str,
    name: &str,
    property: &Property,
    values: &[&PropertyOption],
    warnings: &mut Vec<String>,
) {
    let _ = writeln!(out, "{krate}::property_enum! {{");
    let label = property.label.as_deref().filter(|l| !l.trim().is_empty()).unwrap_or(&property.name);
    write_doc(out, "    ", &format!("The options of `{}` ({label}).", property.name));
    let _ = writeln!(out, "    pub enum {name} {{");
    // `Unknown` is the catch-all the macro adds.
    let mut variants = Namer::with_reserved([naming::ENUM_UNKNOWN]);
    let mut seen = BTreeSet::new();
    for option in values {
        // The same value twice would be a pattern that never matches.
        if !seen.insert(option.value.as_str()) {
            continue;
        }
        // An empty value reads as "no value" and writes as "clear it".
        if option.value.is_empty() {
            warnings.push(format!("`{}`: an option with an empty value is left out", property.name));
            continue;
        }
        // Symbols spelled out: `c++` and `c#` become `CPlusPlus` and `CNumber`.
        let variant = variants.unique(naming::camel(&naming::spelled(&option.value)));
        let label = option.label.as_deref().filter(|l| !l.trim().is_empty()).unwrap_or(&option.value);
        let mut doc = label.to_owned();
        if option.hidden {
            doc.push_str(" (hidden in HubSpot's forms)");
        }
        write_doc(out, "        ", &doc);
        let _ = writeln!(out, "        {variant} = {:?},", option.value);
    }
    let _ = writeln!(out, "    }}");
    let _ = writeln!(out, "}}\n");
}

/// `text` as `///` lines at `indent`.
fn write_doc(out: &mut String, indent: &str, text: &str) {
    for line in text.lines() {
        // A fence would open a doctest in the user's crate.
        let line = line.trim_end().replace("```", "'''");
        if line.is_empty() {
            let _ = writeln!(out, "{indent}///");
        } else {
            let _ = writeln!(out, "{indent}/// {line}");
        }
    }
}

/// A struct name for an object type: `contacts` → `Contact`, `p_cars` →
/// `PCar`, `2-123456` → `Object2123456`.
pub fn struct_name(object_type: &str) -> String {
    let words = naming::snake(object_type);
    let name = naming::camel(&naming::singular_last_word(&words));
    if object_type.starts_with(|c: char| c.is_ascii_digit()) { format!("Object{}", &name[1..]) } else { name }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn struct_names() {
        assert_eq!(struct_name("contacts"), "Contact");
        assert_eq!(struct_name("companies"), "Company");
        assert_eq!(struct_name("line_items"), "LineItem");
        assert_eq!(struct_name("2-123456"), "Object2123456");
    }

    #[test]
    fn errors_name_the_pointer() {
        let options = DeclarationOptions::new("Contact", "test", "test");
        assert!(declaration("[1]", &options).unwrap_err().starts_with("#/0: not a property"));
        assert_eq!(
            declaration(r#"{"results": [{"name": ""}]}"#, &options).unwrap_err(),
            "#/results/0/name: a property without a name"
        );
        assert!(declaration("{", &options).unwrap_err().contains("line 1"));
        assert!(declaration("{}", &options).unwrap_err().contains("`results`"));
    }
}
