//! Encoding what generated code hands over: query and header parameters,
//! path segments, and JSON, form and multipart bodies.

use std::fmt::Display;

use serde::Serialize;

use super::error::Error;
use super::request::Request;

impl Request {
    // Parameters come as an `Option`: an optional parameter that is not set
    // (`None`) is left out; generated code passes required ones as `Some`.

    /// One query parameter, as its `Display` text.
    pub fn query(&mut self, name: &'static str, value: Option<&impl Display>) {
        if let Some(value) = value {
            self.push_query(name, &percent(&value.to_string()));
        }
    }

    /// An array in the query: `name=a&name=b` when `explode`, else `name=a,b`
    /// (the commas are delimiters; a comma inside an item is `%2C`).
    pub fn query_list<T: Display>(&mut self, name: &'static str, values: Option<&[T]>, explode: bool) {
        let Some(values) = values else { return };
        if explode {
            for v in values {
                self.query(name, Some(v));
            }
        } else {
            let joined: Vec<String> = values.iter().map(|v| percent(&v.to_string())).collect();
            self.push_query(name, &joined.join(","));
        }
    }

    /// A structured value in the query, as JSON text.
    pub fn query_json(&mut self, name: &'static str, value: Option<&impl Serialize>) -> Result<(), Error> {
        let Some(value) = value else { return Ok(()) };
        let text = serde_json::to_string(value).map_err(Error::Serialize)?;
        self.push_query(name, &percent(&text));
        Ok(())
    }

    /// A query parameter in an OpenAPI `style` (`form`, `spaceDelimited`,
    /// `pipeDelimited`, `deepObject`): a primitive, an array or an object.
    ///
    /// `deepObject` writes any value's structure in brackets: an object's
    /// properties as `name[k]=v`, nested ones as `name[k][j]=v`, arrays with
    /// their indexes (`name[0]=a&name[1]=b`, `name[k][0][j]=v`), a primitive
    /// as `name=v`, `null`s left out. OpenAPI defines the style for flat
    /// objects only; the rest is the common bracket convention (Rack, PHP, `qs`).
    pub fn query_styled(
        &mut self,
        name: &'static str,
        value: Option<&impl Serialize>,
        style: Style,
        explode: bool,
    ) -> Result<(), Error> {
        if style == Style::DeepObject {
            let Some(value) = value else { return Ok(()) };
            // Through JSON text, so a struct's properties keep their order.
            let text = serde_json::to_string(value).map_err(Error::Serialize)?;
            let tree: Tree = serde_json::from_str(&text).map_err(Error::Serialize)?;
            deep_object(percent(name), tree, &mut self.query);
            return Ok(());
        }
        let Some(flat) = value.map(flatten).transpose()?.flatten() else { return Ok(()) };
        let separator = match style {
            Style::SpaceDelimited => "%20",
            Style::PipeDelimited => "|",
            _ => ",",
        };
        match flat {
            Flat::One(v) => self.push_query(name, &percent(&v)),
            Flat::List(items) if explode => items.iter().for_each(|v| self.push_query(name, &percent(v))),
            Flat::List(items) => self.push_query(name, &join(&items, separator)),
            Flat::Object(pairs) if explode => {
                for (k, v) in pairs {
                    self.query.push(format!("{}={}", percent(&k), percent(&v)));
                }
            }
            Flat::Object(pairs) => self.push_query(name, &join(&interleave(pairs), separator)),
        }
        Ok(())
    }

    /// `name=value`, both already percent-encoded where needed.
    fn push_query(&mut self, name: &str, encoded_value: &str) {
        self.query.push(format!("{}={encoded_value}", percent(name)));
    }

    /// A header parameter, as its `Display` text.
    pub fn header(&mut self, name: &'static str, value: Option<&impl Display>) -> Result<(), Error> {
        let Some(value) = value else { return Ok(()) };
        let value = reqwest::header::HeaderValue::try_from(value.to_string())
            .map_err(|_| Error::Config(format!("the value of header `{name}` is not a valid header value")))?;
        self.headers.push((name, value));
        Ok(())
    }

    /// An array header parameter: its values joined with commas (`simple` style).
    pub fn header_list<T: Display>(&mut self, name: &'static str, values: Option<&[T]>) -> Result<(), Error> {
        let Some(values) = values else { return Ok(()) };
        let joined: Vec<String> = values.iter().map(ToString::to_string).collect();
        self.header(name, Some(&joined.join(",")))
    }

    /// A structured header parameter, as JSON text.
    pub fn header_json(&mut self, name: &'static str, value: Option<&impl Serialize>) -> Result<(), Error> {
        let Some(value) = value else { return Ok(()) };
        let text = serde_json::to_string(value).map_err(Error::Serialize)?;
        self.header(name, Some(&text))
    }

    /// A header parameter in the `simple` style: a primitive, an array
    /// (`a,b`) or an object (`k,v,k2,v2`, or `k=v,k2=v2` when `explode`).
    pub fn header_styled(
        &mut self,
        name: &'static str,
        value: Option<&impl Serialize>,
        explode: bool,
    ) -> Result<(), Error> {
        let Some(flat) = value.map(flatten).transpose()?.flatten() else { return Ok(()) };
        let text = match flat {
            Flat::One(v) => v,
            Flat::List(items) => items.join(","),
            Flat::Object(pairs) if explode => {
                pairs.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(",")
            }
            Flat::Object(pairs) => interleave(pairs).join(","),
        };
        self.header(name, Some(&text))
    }

    /// A cookie parameter (`form` style), added to the one `Cookie` header
    /// (cookies joined with `; `): `name=v`, `name=a,b` or, when `explode`,
    /// one cookie per item (`name=a; name=b`) or per property (`k=v; k2=v2`).
    pub fn cookie(&mut self, name: &'static str, value: Option<&impl Serialize>, explode: bool) -> Result<(), Error> {
        let Some(flat) = value.map(flatten).transpose()?.flatten() else { return Ok(()) };
        let name = percent(name);
        let cookies: Vec<String> = match flat {
            Flat::One(v) => vec![format!("{name}={}", percent(&v))],
            Flat::List(items) if explode => items.iter().map(|v| format!("{name}={}", percent(v))).collect(),
            Flat::List(items) => vec![format!("{name}={}", join(&items, ","))],
            Flat::Object(pairs) if explode => {
                pairs.iter().map(|(k, v)| format!("{}={}", percent(k), percent(v))).collect()
            }
            Flat::Object(pairs) => vec![format!("{name}={}", join(&interleave(pairs), ","))],
        };
        let mut text = cookies.join("; ");
        if let Some(i) = self.headers.iter().position(|(n, _)| *n == "cookie") {
            let (_, earlier) = self.headers.remove(i);
            text = format!("{}; {text}", earlier.to_str().unwrap_or_default());
        }
        self.header("cookie", Some(&text))
    }

    /// A JSON body.
    pub fn json(&mut self, body: &impl Serialize) -> Result<(), Error> {
        let bytes = serde_json::to_vec(body).map_err(Error::Serialize)?;
        self.body = Some(("application/json".into(), bytes));
        Ok(())
    }

    /// An `application/x-www-form-urlencoded` body: the value's top-level
    /// properties as pairs, arrays as one pair per item (OpenAPI's default
    /// `form` style), strings as they are and anything else as JSON text.
    pub fn form(&mut self, body: &impl Serialize) -> Result<(), Error> {
        let mut encoded = reqwest::Url::parse("http://form.invalid/").expect("a constant URL parses");
        {
            let mut pairs = encoded.query_pairs_mut();
            for (key, value) in object_values(body)? {
                let items = match value {
                    serde_json::Value::Array(items) => items,
                    single => vec![single],
                };
                for item in items {
                    pairs.append_pair(&key, &json_text(item));
                }
            }
        }
        let text = encoded.query().unwrap_or_default().as_bytes().to_vec();
        self.body = Some(("application/x-www-form-urlencoded".into(), text));
        Ok(())
    }

    /// A `multipart/form-data` body.
    pub fn multipart(&mut self, parts: Vec<Part>) {
        let boundary = boundary_for(&parts);
        let mut out = Vec::new();
        for part in &parts {
            out.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            let disposition = match &part.file_name {
                Some(file) => {
                    format!("form-data; name=\"{}\"; filename=\"{}\"", quote_param(&part.name), quote_param(file))
                }
                None => format!("form-data; name=\"{}\"", quote_param(&part.name)),
            };
            out.extend_from_slice(format!("Content-Disposition: {disposition}\r\n").as_bytes());
            if let Some(content_type) = &part.content_type {
                out.extend_from_slice(format!("Content-Type: {content_type}\r\n").as_bytes());
            }
            out.extend_from_slice(b"\r\n");
            out.extend_from_slice(&part.data);
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        self.body = Some((format!("multipart/form-data; boundary={boundary}"), out));
    }

    /// A raw body with its media type.
    pub fn bytes(&mut self, content_type: &str, data: &[u8]) {
        self.body = Some((content_type.to_owned(), data.to_vec()));
    }
}

/// An OpenAPI parameter `style`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Simple,
    Label,
    Matrix,
    Form,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
}

/// A path parameter in the `simple`, `label` or `matrix` style, as the text
/// that replaces `{name}` in the path (values percent-encoded, delimiters
/// not): `blue,black`, `.blue.black`, `;color=blue;color=black`, `R=100,G=200`, …
pub fn encode_path_styled(name: &str, value: &impl Serialize, style: Style, explode: bool) -> Result<String, Error> {
    let flat = flatten(value)?.unwrap_or(Flat::One(String::new()));
    let name = percent(name);
    let pair = |k: &str, v: &str| format!("{}={}", percent(k), percent(v));
    let text = match (style, flat) {
        (Style::Label, Flat::One(v)) => format!(".{}", percent(&v)),
        (Style::Label, Flat::List(items)) => format!(".{}", join(&items, ".")),
        (Style::Label, Flat::Object(pairs)) if explode => {
            format!(".{}", pairs.iter().map(|(k, v)| pair(k, v)).collect::<Vec<_>>().join("."))
        }
        (Style::Label, Flat::Object(pairs)) => format!(".{}", join(&interleave(pairs), ".")),
        (Style::Matrix, Flat::One(v)) if v.is_empty() => format!(";{name}"),
        (Style::Matrix, Flat::One(v)) => format!(";{name}={}", percent(&v)),
        (Style::Matrix, Flat::List(items)) if explode => {
            items.iter().map(|v| format!(";{name}={}", percent(v))).collect()
        }
        (Style::Matrix, Flat::List(items)) => format!(";{name}={}", join(&items, ",")),
        (Style::Matrix, Flat::Object(pairs)) if explode => {
            pairs.iter().map(|(k, v)| format!(";{}", pair(k, v))).collect()
        }
        (Style::Matrix, Flat::Object(pairs)) => format!(";{name}={}", join(&interleave(pairs), ",")),
        (_, Flat::One(v)) => percent(&v),
        (_, Flat::List(items)) => join(&items, ","),
        (_, Flat::Object(pairs)) if explode => pairs.iter().map(|(k, v)| pair(k, v)).collect::<Vec<_>>().join(","),
        (_, Flat::Object(pairs)) => join(&interleave(pairs), ","),
    };
    if matches!(text.as_str(), "" | "." | "..") {
        return Err(Error::Config(format!("a path parameter cannot be {text:?}: it would not stay one path segment")));
    }
    Ok(text)
}

/// A parameter value as serde sees it: one text, a list of texts, or an
/// object's properties as texts (`null` properties left out). Strings are as
/// they are, numbers and booleans their JSON text, nested values JSON text.
enum Flat {
    One(String),
    List(Vec<String>),
    Object(Vec<(String, String)>),
}

/// `None` for `null` (the parameter is left out).
fn flatten(value: &impl Serialize) -> Result<Option<Flat>, Error> {
    Ok(Some(match serde_json::to_value(value).map_err(Error::Serialize)? {
        serde_json::Value::Null => return Ok(None),
        serde_json::Value::Array(items) => Flat::List(items.into_iter().map(json_text).collect()),
        serde_json::Value::Object(_) => {
            // `serde_json::Map` sorts its keys; the properties keep the order they serialize in.
            let text = serde_json::to_string(value).map_err(Error::Serialize)?;
            let Ordered(pairs) = serde_json::from_str(&text).map_err(Error::Serialize)?;
            Flat::Object(pairs.into_iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k, json_text(v))).collect())
        }
        single => Flat::One(json_text(single)),
    }))
}

/// A JSON object's properties in document order.
struct Ordered(Vec<(String, serde_json::Value)>);

impl<'de> serde::Deserialize<'de> for Ordered {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Ordered;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Ordered, A::Error> {
                let mut pairs = Vec::new();
                while let Some(pair) = map.next_entry()? {
                    pairs.push(pair);
                }
                Ok(Ordered(pairs))
            }
        }
        deserializer.deserialize_map(Visitor)
    }
}

/// A JSON value with its objects' properties in document order and its
/// primitives as text (strings as they are, numbers and booleans their JSON text).
enum Tree {
    Null,
    Leaf(String),
    List(Vec<Tree>),
    Object(Vec<(String, Tree)>),
}

impl<'de> serde::Deserialize<'de> for Tree {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Tree;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_unit<E>(self) -> Result<Tree, E> {
                Ok(Tree::Null)
            }
            fn visit_bool<E>(self, v: bool) -> Result<Tree, E> {
                Ok(Tree::Leaf(v.to_string()))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Tree, E> {
                Ok(Tree::Leaf(v.to_string()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Tree, E> {
                Ok(Tree::Leaf(v.to_string()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Tree, E> {
                Ok(Tree::Leaf(serde_json::Value::from(v).to_string()))
            }
            fn visit_str<E>(self, v: &str) -> Result<Tree, E> {
                Ok(Tree::Leaf(v.to_owned()))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Tree, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Tree::List(items))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Tree, A::Error> {
                let mut pairs = Vec::new();
                while let Some(pair) = map.next_entry()? {
                    pairs.push(pair);
                }
                Ok(Tree::Object(pairs))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// `prefix=v` for a primitive, `prefix[k]…` for an object's properties and
/// `prefix[i]…` for an array's items (`prefix` already percent-encoded; the
/// brackets stay literal).
fn deep_object(prefix: String, value: Tree, out: &mut Vec<String>) {
    match value {
        Tree::Null => {}
        Tree::Leaf(v) => out.push(format!("{prefix}={}", percent(&v))),
        Tree::List(items) => {
            for (i, item) in items.into_iter().enumerate() {
                deep_object(format!("{prefix}[{i}]"), item, out);
            }
        }
        Tree::Object(pairs) => {
            for (k, v) in pairs {
                deep_object(format!("{prefix}[{}]", percent(&k)), v, out);
            }
        }
    }
}

/// `[k1, v1, k2, v2, …]`: an object's properties in the non-exploded styles.
fn interleave(pairs: Vec<(String, String)>) -> Vec<String> {
    pairs.into_iter().flat_map(|(k, v)| [k, v]).collect()
}

/// Each item percent-encoded, joined with a delimiter that is not.
fn join(items: &[String], separator: &str) -> String {
    items.iter().map(|v| percent(v)).collect::<Vec<_>>().join(separator)
}

/// Percent-encode everything but RFC 3986's unreserved characters.
pub(crate) fn percent(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Percent-encode a path parameter so it stays one path segment. Empty, `.`
/// and `..` cannot be one (URL parsers drop or resolve them, even encoded), so
/// they are refused before anything is sent.
pub fn encode_path_segment(value: &impl Display) -> Result<String, Error> {
    let text = value.to_string();
    if matches!(text.as_str(), "" | "." | "..") {
        return Err(Error::Config(format!("a path parameter cannot be {text:?}: it would not stay one path segment")));
    }
    Ok(percent(&text))
}

/// A path parameter given by `content: application/json` that is not one
/// displayable value: its JSON text, percent-encoded into one segment.
pub fn encode_path_json(value: &impl Serialize) -> Result<String, Error> {
    serde_json::to_string(value).map(|text| percent(&text)).map_err(Error::Serialize)
}

/// A file to send in a `multipart/form-data` body (`format: binary` properties).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Upload {
    /// The file name the server sees.
    pub file_name: String,
    /// The part's media type, when it matters to the server.
    pub content_type: Option<String>,
    /// The file's contents.
    pub data: Vec<u8>,
}

impl Upload {
    /// A file with a name and contents.
    pub fn new(file_name: impl Into<String>, data: impl Into<Vec<u8>>) -> Self {
        Upload { file_name: file_name.into(), content_type: None, data: data.into() }
    }

    /// Set the part's media type (for example `text/csv`).
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }
}

/// Uploads travel as multipart file parts, never inside JSON.
impl Serialize for Upload {
    fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
        Err(serde::ser::Error::custom("a file upload can only be sent in a multipart/form-data body"))
    }
}

/// A binary value that arrives inside JSON is taken as text.
impl<'de> serde::Deserialize<'de> for Upload {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Ok(Upload { file_name: String::new(), content_type: None, data: text.into_bytes() })
    }
}

/// One part of a multipart body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    name: String,
    file_name: Option<String>,
    content_type: Option<String>,
    data: Vec<u8>,
}

/// Types sent as `multipart/form-data` (generated for their schemas).
pub trait MultipartBody {
    /// The parts, one per property that is set.
    fn parts(&self) -> Result<Vec<Part>, Error>;
}

/// A file part.
pub fn file_part(name: &str, upload: &Upload) -> Part {
    Part {
        name: name.to_owned(),
        file_name: Some(upload.file_name.clone()),
        content_type: Some(upload.content_type.clone().unwrap_or_else(|| "application/octet-stream".to_owned())),
        data: upload.data.clone(),
    }
}

/// A text part: strings as they are, anything else as JSON text.
pub fn text_part(name: &str, value: &impl Serialize) -> Result<Part, Error> {
    let data = json_text(serde_json::to_value(value).map_err(Error::Serialize)?).into_bytes();
    Ok(Part { name: name.to_owned(), file_name: None, content_type: None, data })
}

/// Parts for a body without a generated encoder: one text part per top-level property.
pub fn json_parts(value: &impl Serialize) -> Result<Vec<Part>, Error> {
    Ok(object_values(value)?
        .into_iter()
        .map(|(name, value)| Part { name, file_name: None, content_type: None, data: json_text(value).into_bytes() })
        .collect())
}

/// The top-level properties of a value that serializes to a JSON object,
/// without the `null` ones.
fn object_values(value: &impl Serialize) -> Result<Vec<(String, serde_json::Value)>, Error> {
    match serde_json::to_value(value).map_err(Error::Serialize)? {
        serde_json::Value::Object(map) => Ok(map.into_iter().filter(|(_, v)| !v.is_null()).collect()),
        other => Err(Error::Config(format!("a form body must be an object, not {other}"))),
    }
}

/// Strings as they are, anything else as JSON text.
fn json_text(value: serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s,
        other => other.to_string(),
    }
}

/// A boundary that occurs in no part.
fn boundary_for(parts: &[Part]) -> String {
    let contains = |haystack: &[u8], needle: &[u8]| haystack.windows(needle.len()).any(|w| w == needle);
    (0u64..)
        .map(|n| format!("hubspot-crm-boundary-{n:016x}"))
        .find(|b| !parts.iter().any(|p| contains(&p.data, b.as_bytes())))
        .expect("an unbounded range always yields a boundary")
}

/// Escape a value for a quoted header parameter.
fn quote_param(value: &str) -> String {
    value.replace('\\', "\\\\").replace('"', "\\\"").replace(['\r', '\n'], " ")
}

#[cfg(test)]
mod tests {
    use super::super::request::Method;
    use super::*;

    #[test]
    fn path_segments_are_encoded() {
        assert_eq!(encode_path_segment(&"a b/c?d").unwrap(), "a%20b%2Fc%3Fd");
        assert_eq!(encode_path_segment(&"user@example.com").unwrap(), "user%40example.com");
        assert_eq!(encode_path_segment(&42).unwrap(), "42");
        assert_eq!(encode_path_segment(&"...").unwrap(), "...");
        for bad in ["", ".", ".."] {
            assert!(matches!(encode_path_segment(&bad), Err(Error::Config(_))), "{bad:?}");
        }
    }

    #[test]
    fn multipart_bodies_have_parts_and_a_free_boundary() {
        let mut r = Request::new(Method::POST, "/x".into(), "/x");
        let parts = vec![
            file_part("files", &Upload::new("a.csv", "hubspot-crm-boundary-0000000000000000").content_type("text/csv")),
            text_part("importRequest", &"{\"name\":\"x\"}").unwrap(),
        ];
        r.multipart(parts);
        let (content_type, body) = r.body.unwrap();
        assert_eq!(content_type, "multipart/form-data; boundary=hubspot-crm-boundary-0000000000000001");
        let body = String::from_utf8(body).unwrap();
        assert!(body.contains("Content-Disposition: form-data; name=\"files\"; filename=\"a.csv\"\r\nContent-Type: text/csv\r\n\r\nhubspot-crm-boundary-0000000000000000\r\n"), "{body}");
        assert!(body.contains("name=\"importRequest\"\r\n\r\n{\"name\":\"x\"}\r\n"), "{body}");
        assert!(body.ends_with("--hubspot-crm-boundary-0000000000000001--\r\n"), "{body}");
    }

    #[test]
    fn form_bodies_encode_top_level_properties() {
        let mut r = Request::new(Method::POST, "/x".into(), "/x");
        r.form(&serde_json::json!({"a": "x y", "n": 2, "skip": null, "list": [1]})).unwrap();
        let (content_type, body) = r.body.unwrap();
        assert_eq!(content_type, "application/x-www-form-urlencoded");
        assert_eq!(String::from_utf8(body).unwrap(), "a=x+y&list=1&n=2");
    }

    #[test]
    fn query_lists_explode_or_join() {
        let mut r = Request::new(Method::GET, "/x".into(), "/x");
        r.query_list("p", Some(&["a", "b"][..]), true);
        r.query_list("q", Some(&["a", "b"][..]), false);
        r.query("archived", Some(&false));
        r.query("unset", None::<&bool>);
        r.query_list("unset", None::<&[&str]>, true);
        let url = r.url("http://h", None).unwrap();
        assert_eq!(url.as_str(), "http://h/x?p=a&p=b&q=a,b&archived=false");
    }

    /// The OpenAPI 3.0.3 "Style Examples" table: `color` is `blue`,
    /// `["blue","black","brown"]` or `{"R":100,"G":200,"B":150}` (a struct,
    /// so the properties keep their order).
    #[derive(Serialize)]
    #[serde(untagged)]
    enum Color {
        One(&'static str),
        List(Vec<&'static str>),
        Object(Rgb),
    }

    #[derive(Serialize)]
    #[allow(non_snake_case)]
    struct Rgb {
        R: u8,
        G: u8,
        B: u8,
    }

    impl std::fmt::Debug for Color {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(&serde_json::to_string(self).unwrap())
        }
    }

    fn colors() -> (Color, Color, Color) {
        (Color::One("blue"), Color::List(vec!["blue", "black", "brown"]), Color::Object(Rgb { R: 100, G: 200, B: 150 }))
    }

    #[test]
    fn path_styles_follow_the_spec_table() {
        let (one, list, object) = colors();
        let cases = [
            (Style::Simple, false, ["blue", "blue,black,brown", "R,100,G,200,B,150"]),
            (Style::Simple, true, ["blue", "blue,black,brown", "R=100,G=200,B=150"]),
            (Style::Label, false, [".blue", ".blue.black.brown", ".R.100.G.200.B.150"]),
            (Style::Label, true, [".blue", ".blue.black.brown", ".R=100.G=200.B=150"]),
            (Style::Matrix, false, [";color=blue", ";color=blue,black,brown", ";color=R,100,G,200,B,150"]),
            (Style::Matrix, true, [";color=blue", ";color=blue;color=black;color=brown", ";R=100;G=200;B=150"]),
        ];
        for (style, explode, want) in cases {
            for (value, want) in [&one, &list, &object].into_iter().zip(want) {
                assert_eq!(
                    encode_path_styled("color", value, style, explode).unwrap(),
                    want,
                    "{style:?} {explode} {value:?}"
                );
            }
        }
        assert_eq!(encode_path_styled("color", &"a b/c", Style::Label, false).unwrap(), ".a%20b%2Fc");
        assert_eq!(encode_path_styled("color", &"", Style::Matrix, false).unwrap(), ";color");
        assert!(matches!(encode_path_styled("color", &"", Style::Simple, false), Err(Error::Config(_))));
        assert!(matches!(encode_path_styled("color", &"", Style::Label, false), Err(Error::Config(_))));
    }

    #[test]
    fn query_styles_follow_the_spec_table() {
        let (one, list, object) = colors();
        let cases = [
            (Style::Form, false, ["color=blue", "color=blue,black,brown", "color=R,100,G,200,B,150"]),
            (Style::Form, true, ["color=blue", "color=blue&color=black&color=brown", "R=100&G=200&B=150"]),
            (
                Style::SpaceDelimited,
                false,
                ["color=blue", "color=blue%20black%20brown", "color=R%20100%20G%20200%20B%20150"],
            ),
            (Style::PipeDelimited, false, ["color=blue", "color=blue|black|brown", "color=R|100|G|200|B|150"]),
            (
                Style::DeepObject,
                true,
                ["color=blue", "color[0]=blue&color[1]=black&color[2]=brown", "color[R]=100&color[G]=200&color[B]=150"],
            ),
        ];
        for (style, explode, want) in cases {
            for (value, want) in [&one, &list, &object].into_iter().zip(want) {
                let mut r = Request::new(Method::GET, "/x".into(), "/x");
                r.query_styled("color", Some(value), style, explode).unwrap();
                assert_eq!(r.url("http://h", None).unwrap().query(), Some(want), "{style:?} {explode} {value:?}");
            }
        }
        // Not in the table: `deepObject` of nested values, brackets all the way down, `null`s left out.
        let mut r = Request::new(Method::GET, "/x".into(), "/x");
        let nested = serde_json::json!({"gt": 1, "in": ["a b", "c"], "lines": [{"n": 2.5, "ok": true}], "none": null});
        r.query_styled("f", Some(&nested), Style::DeepObject, true).unwrap();
        r.query_styled("e", Some(&Vec::<String>::new()), Style::DeepObject, true).unwrap();
        r.query_styled("u", None::<&i32>, Style::DeepObject, true).unwrap();
        assert_eq!(
            r.url("http://h", None).unwrap().query(),
            Some("f[gt]=1&f[in][0]=a%20b&f[in][1]=c&f[lines][0][n]=2.5&f[lines][0][ok]=true")
        );
        // Not in the table: an exploded space- or pipe-delimited array repeats the name, as `form` does.
        for style in [Style::SpaceDelimited, Style::PipeDelimited] {
            let mut r = Request::new(Method::GET, "/x".into(), "/x");
            r.query_styled("color", Some(&list), style, true).unwrap();
            assert_eq!(
                r.url("http://h", None).unwrap().query(),
                Some("color=blue&color=black&color=brown"),
                "{style:?}"
            );
        }
        let mut r = Request::new(Method::GET, "/x".into(), "/x");
        r.query_styled("c", Some(&["a,b", "c d"]), Style::Form, false).unwrap();
        r.query_styled("unset", None::<&Vec<String>>, Style::Form, false).unwrap();
        r.query_styled("null", Some(&None::<i32>), Style::Form, false).unwrap();
        assert_eq!(r.url("http://h", None).unwrap().query(), Some("c=a%2Cb,c%20d"));
    }

    #[test]
    fn header_and_cookie_styles_follow_the_spec_table() {
        let (one, list, object) = colors();
        for (explode, want) in [
            (false, ["blue", "blue,black,brown", "R,100,G,200,B,150"]),
            (true, ["blue", "blue,black,brown", "R=100,G=200,B=150"]),
        ] {
            for (value, want) in [&one, &list, &object].into_iter().zip(want) {
                let mut r = Request::new(Method::GET, "/x".into(), "/x");
                r.header_styled("x-color", Some(value), explode).unwrap();
                assert_eq!(r.headers[0].1.to_str().unwrap(), want, "{explode} {value:?}");
            }
        }
        let mut r = Request::new(Method::GET, "/x".into(), "/x");
        r.cookie("color", Some(&list), false).unwrap();
        r.cookie("unset", None::<&i32>, false).unwrap();
        r.cookie("tags", Some(&["a b", "c"]), true).unwrap();
        r.cookie("session", Some(&"s;1"), true).unwrap();
        assert_eq!(r.headers.len(), 1);
        assert_eq!(r.headers[0].0, "cookie");
        assert_eq!(r.headers[0].1.to_str().unwrap(), "color=blue,black,brown; tags=a%20b; tags=c; session=s%3B1");
    }
}
