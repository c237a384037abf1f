//! What generated code calls to build requests and read responses.

use std::fmt::Display;

use bytes::Bytes;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::Error;

pub use reqwest::Method;

/// A request as generated code describes it: method, path (already encoded),
/// query pairs, headers and an optional body.
#[derive(Debug)]
pub struct Request {
    pub(crate) method: Method,
    path: String,
    query: Vec<(&'static str, String)>,
    pub(crate) headers: Vec<(&'static str, reqwest::header::HeaderValue)>,
    pub(crate) body: Option<(&'static str, Vec<u8>)>,
}

// Generated code for some specs uses only some of these.
#[allow(dead_code)]
impl Request {
    pub fn new(method: Method, path: String) -> Self {
        Request { method, path, query: Vec::new(), headers: Vec::new(), body: None }
    }

    /// One query parameter, as its `Display` text.
    pub fn query(&mut self, name: &'static str, value: &impl Display) {
        self.query.push((name, value.to_string()));
    }

    /// An array in the query: `name=a&name=b` when `explode`, else `name=a,b`.
    pub fn query_list<T: Display>(&mut self, name: &'static str, values: &[T], explode: bool) {
        if explode {
            for v in values {
                self.query(name, v);
            }
        } else {
            let joined: Vec<String> = values.iter().map(ToString::to_string).collect();
            self.query.push((name, joined.join(",")));
        }
    }

    /// A structured value in the query, as JSON text.
    pub fn query_json(&mut self, name: &'static str, value: &impl Serialize) -> Result<(), Error> {
        let text = serde_json::to_string(value).map_err(Error::Serialize)?;
        self.query.push((name, text));
        Ok(())
    }

    /// A header parameter, as its `Display` text.
    pub fn header(&mut self, name: &'static str, value: &impl Display) -> Result<(), Error> {
        let value = reqwest::header::HeaderValue::try_from(value.to_string())
            .map_err(|_| Error::Config(format!("the value of header `{name}` is not a valid header value")))?;
        self.headers.push((name, value));
        Ok(())
    }

    /// A structured header parameter, as JSON text.
    pub fn header_json(&mut self, name: &'static str, value: &impl Serialize) -> Result<(), Error> {
        let text = serde_json::to_string(value).map_err(Error::Serialize)?;
        self.header(name, &text)
    }

    /// A JSON body.
    pub fn json(&mut self, body: &impl Serialize) -> Result<(), Error> {
        let bytes = serde_json::to_vec(body).map_err(Error::Serialize)?;
        self.body = Some(("application/json", bytes));
        Ok(())
    }

    /// The full URL under `base_url`.
    pub(crate) fn url(&self, base_url: &str) -> Result<reqwest::Url, Error> {
        let mut url = reqwest::Url::parse(&format!("{base_url}{}", self.path))
            .map_err(|e| Error::Config(format!("invalid request URL for path `{}`: {e}", self.path)))?;
        if !self.query.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (name, value) in &self.query {
                pairs.append_pair(name, value);
            }
        }
        Ok(url)
    }
}

/// For optional nullable fields (`Option<Option<T>>`): a present key decodes
/// to `Some`, so `null` becomes `Some(None)`; an absent key stays `None` through
/// `#[serde(default)]`.
#[allow(dead_code)]
pub fn deserialize_some<'de, T, D>(deserializer: D) -> Result<Option<T>, D::Error>
where
    T: serde::Deserialize<'de>,
    D: serde::Deserializer<'de>,
{
    T::deserialize(deserializer).map(Some)
}

/// Percent-encode a path parameter so it stays one path segment. Empty, `.`
/// and `..` cannot be one (URL parsers drop or resolve them, even encoded), so
/// they are refused before anything is sent.
pub fn encode_path_segment(value: &impl Display) -> Result<String, Error> {
    let text = value.to_string();
    if matches!(text.as_str(), "" | "." | "..") {
        return Err(Error::Config(format!("a path parameter cannot be {text:?}: it would not stay one path segment")));
    }
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    Ok(out)
}

/// A whole response: status, headers and the raw body.
#[derive(Debug)]
pub struct Response {
    pub(crate) status: u16,
    pub(crate) headers: reqwest::header::HeaderMap,
    pub(crate) body: Bytes,
}

impl Response {
    pub fn status(&self) -> u16 {
        self.status
    }

    /// Decode the body; on failure the error keeps the status and the raw body.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, Error> {
        serde_json::from_slice(&self.body).map_err(|source| Error::Decode {
            status: self.status,
            body: self.body.clone(),
            source,
        })
    }

    /// A response that is not one of the operation's successes.
    pub fn into_error(self) -> Error {
        Error::Api(Box::new(crate::error::ApiError::new(self.status, self.headers, self.body)))
    }
}

#[cfg(test)]
mod tests {
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
    fn query_lists_explode_or_join() {
        let mut r = Request::new(Method::GET, "/x".into());
        r.query_list("p", &["a", "b"], true);
        r.query_list("q", &["a", "b"], false);
        r.query("archived", &false);
        let url = r.url("http://h").unwrap();
        assert_eq!(url.as_str(), "http://h/x?p=a&p=b&q=a%2Cb&archived=false");
    }
}
