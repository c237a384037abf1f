//! The payload of an open enum's catch-all variant.

use std::fmt;

/// A value the spec did not list, kept as the server sent it.
///
/// Generated open enums end in `Unknown(UnknownValue)` (string enums) or
/// `Unknown(UnknownValue<i64>)` (integer enums). The field is private, so code
/// outside this crate can read the value ([`as_str`](UnknownValue::as_str),
/// [`get`](UnknownValue::get), `Display`) but can neither build one nor match
/// on its text. That is deliberate: when a later spec names the value, it
/// arrives as its own variant, and a `match` arm written against the raw text
/// would silently stop matching. Match the named variants, and treat
/// `Unknown(_)` as "something this version does not know".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue<T = String>(T);

impl<T> UnknownValue<T> {
    /// Wrap a value no variant names. Only generated code builds these.
    pub(crate) fn new(value: T) -> Self {
        UnknownValue(value)
    }

    /// The wrapped value, for generated serializers.
    pub(crate) fn inner(&self) -> &T {
        &self.0
    }
}

impl UnknownValue<String> {
    /// The text the server sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl UnknownValue<i64> {
    /// The number the server sent.
    pub fn get(self) -> i64 {
        self.0
    }
}

impl<T: fmt::Display> fmt::Display for UnknownValue<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_and_shows_the_value() {
        let s = UnknownValue::new("NEW_STAGE".to_owned());
        assert_eq!(s.as_str(), "NEW_STAGE");
        assert_eq!(s.to_string(), "NEW_STAGE");
        assert_eq!(s.inner(), "NEW_STAGE");
        assert_eq!(s.clone(), UnknownValue::new("NEW_STAGE".to_owned()));
        assert!(UnknownValue::new("A".to_owned()) < UnknownValue::new("B".to_owned()));

        let n: UnknownValue<i64> = UnknownValue::new(-7);
        let copy = n; // Copy for Copy payloads
        assert_eq!(n.get(), -7);
        assert_eq!(copy.to_string(), "-7");
        assert_eq!(format!("{n:?}"), "UnknownValue(-7)");

        let set: std::collections::HashSet<_> =
            [UnknownValue::new(1i64), UnknownValue::new(1), UnknownValue::new(2)].into();
        assert_eq!(set.len(), 2);
    }
}
