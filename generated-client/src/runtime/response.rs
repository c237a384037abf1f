//! Reading answers: the whole response, decoding, errors for non-successes,
//! and the decoded value with status and headers.

use bytes::Bytes;
use serde::de::DeserializeOwned;

use super::error::{ApiError, Error};

/// A decoded answer together with its status and headers (rate-limit headers
/// among them): what `send_with_response` returns.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApiResponse<T> {
    /// The HTTP status.
    pub status: u16,
    /// The response headers.
    pub headers: reqwest::header::HeaderMap,
    /// The decoded body.
    pub value: T,
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

    /// The raw body.
    pub fn bytes(&self) -> Bytes {
        self.body.clone()
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
        Error::from_status(ApiError::new(self.status, self.headers, self.body))
    }

    /// The decoded value with this response's status and headers.
    pub fn finish<T>(self, value: T) -> ApiResponse<T> {
        ApiResponse { status: self.status, headers: self.headers, value }
    }

    /// For an operation whose one success (any 2xx) has a JSON body: the
    /// decoded body, or the error for any other status.
    pub fn json_success<T: DeserializeOwned>(self) -> Result<ApiResponse<T>, Error> {
        match self.status {
            200..=299 => {
                let value = self.json()?;
                Ok(self.finish(value))
            }
            _ => Err(self.into_error()),
        }
    }

    /// For [`send_as`](crate::typed): a body of one of the operation's
    /// success `statuses` decoded as the caller's `T`, or the error for any
    /// other status.
    pub fn json_as<T: DeserializeOwned>(self, statuses: &[u16]) -> Result<ApiResponse<T>, Error> {
        if statuses.contains(&self.status) {
            let value = self.json()?;
            Ok(self.finish(value))
        } else {
            Err(self.into_error())
        }
    }

    /// For an operation whose one success (any 2xx) has no body: the status
    /// and headers, or the error for any other status.
    pub fn empty_success(self) -> Result<ApiResponse<()>, Error> {
        match self.status {
            200..=299 => Ok(self.finish(())),
            _ => Err(self.into_error()),
        }
    }
}

/// For optional nullable fields (`Option<Option<T>>`): a present key decodes
/// to `Some`, so `null` becomes `Some(None)`; an absent key stays `None` through
/// `#[serde(default)]`.
pub fn deserialize_some<'de, T, D>(deserializer: D) -> Result<Option<T>, D::Error>
where
    T: serde::Deserialize<'de>,
    D: serde::Deserializer<'de>,
{
    T::deserialize(deserializer).map(Some)
}

/// The union variant a discriminator's tag selected: the value decoded as
/// that variant, or why it does not decode.
pub fn tagged<T, U, E>(value: serde_json::Value, variant: impl FnOnce(T) -> U) -> Result<U, E>
where
    T: serde::de::DeserializeOwned,
    E: serde::de::Error,
{
    serde_json::from_value(value).map(variant).map_err(E::custom)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Nullable {
        #[serde(default, deserialize_with = "deserialize_some")]
        x: Option<Option<u8>>,
    }

    #[test]
    fn absent_null_and_present_stay_apart() {
        let parse = |text: &str| serde_json::from_str::<Nullable>(text).unwrap().x;
        assert_eq!(parse("{}"), None);
        assert_eq!(parse(r#"{"x":null}"#), Some(None));
        assert_eq!(parse(r#"{"x":3}"#), Some(Some(3)));
    }

    #[test]
    fn answers_decode_or_keep_what_arrived() {
        let response =
            |status: u16, body: &'static str| Response { status, headers: Default::default(), body: Bytes::from(body) };
        assert_eq!(response(200, "[1]").json::<Vec<u8>>().unwrap(), [1]);
        let Err(Error::Decode { status: 200, body, .. }) = response(200, "[1").json::<Vec<u8>>() else {
            panic!("a decode error")
        };
        assert_eq!(&body[..], b"[1");
        assert!(matches!(response(404, "{}").into_error(), Error::NotFound(_)));
        let done = response(201, "").finish("value");
        assert_eq!((done.status, done.value), (201, "value"));

        // One success: any 2xx decodes (or is empty), anything else is the error.
        assert_eq!(response(201, "[2]").json_success::<Vec<u8>>().unwrap().value, [2]);
        assert!(matches!(response(200, "[").json_success::<Vec<u8>>(), Err(Error::Decode { status: 200, .. })));
        assert!(matches!(response(404, "[2]").json_success::<Vec<u8>>(), Err(Error::NotFound(_))));
        assert_eq!(response(204, "").empty_success().unwrap().status, 204);
        assert!(matches!(response(302, "").empty_success(), Err(Error::Api(_))));
    }
}
