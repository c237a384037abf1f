//! The impls every generated open enum has, written once. Generated code
//! declares the enum itself (its variants and their docs, which a reviewer
//! reads) and invokes one of these macros for the mechanics: the wire value
//! of each variant, parsing (values the spec does not list become the
//! catch-all variant), `Display`, `FromStr` and serde.

// Specs without string or integer enums leave one of them unused.
#![allow(unused_macros)]

/// `open_enum!(Name, Unknown, { Variant = "wire", … });` for a string enum
/// whose catch-all variant `Unknown` holds a [`crate::UnknownValue`].
macro_rules! open_enum {
    ($name:ident, $unknown:ident, { $($variant:ident = $value:literal),+ $(,)? }) => {
        impl $name {
            /// The value as it is sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $value,)+
                    Self::$unknown(value) => value.as_str(),
                }
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($value => Self::$variant,)+
                    other => Self::$unknown($crate::UnknownValue::new(::std::string::String::from(other))),
                }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::std::string::String as ::serde::Deserialize>::deserialize(deserializer)?;
                ::std::result::Result::Ok(Self::from(value.as_str()))
            }
        }
    };
}

/// `open_int_enum!(Name, Unknown, { V1 = 1, Minus1 = -1, … });` for an
/// integer enum whose catch-all variant holds a [`crate::UnknownValue<i64>`].
macro_rules! open_int_enum {
    ($name:ident, $unknown:ident, { $($variant:ident = $value:literal),+ $(,)? }) => {
        impl $name {
            /// The value as it is sent on the wire.
            pub fn value(self) -> i64 {
                match self {
                    $(Self::$variant => $value,)+
                    Self::$unknown(value) => value.get(),
                }
            }
        }

        impl ::std::convert::From<i64> for $name {
            fn from(value: i64) -> Self {
                match value {
                    $($value => Self::$variant,)+
                    other => Self::$unknown($crate::UnknownValue::new(other)),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.value(), f)
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <i64 as ::serde::Deserialize>::deserialize(deserializer)?;
                ::std::result::Result::Ok(Self::from(value))
            }
        }
    };
}

#[allow(unused_imports)]
pub(crate) use {open_enum, open_int_enum};
