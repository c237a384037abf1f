//! The impls every generated open enum has, written once. Generated code
//! declares the enum itself (its variants and their docs, which a reviewer
//! reads) and invokes one of these macros for the mechanics: the wire value
//! of each variant, parsing (values the spec does not list become the
//! catch-all variant), `Display`, `FromStr` and serde.

// Specs without string or integer enums leave one of them unused.
#![allow(unused_macros)]

/// ```text
/// open_enum! {
///     /// Docs of the enum.
///     pub enum Name {
///         Variant = "wire",
///         ..Unknown
///     }
/// }
/// ```
/// declares a string enum (each variant documented with its wire value) whose
/// catch-all variant `Unknown` holds a [`crate::UnknownValue`], and its impls.
macro_rules! open_enum {
    ($(#[$meta:meta])* pub enum $name:ident { $($variant:ident = $value:literal,)+ ..$unknown:ident }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum $name {
            $(#[doc = concat!("`", $value, "`")] $variant,)+
            /// A value this version of the client does not know, kept as it was sent. Its contents are
            /// opaque (read them with `as_str`): match on the named variants, which a later version may add to.
            $unknown($crate::UnknownValue),
        }

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

/// The same for an integer enum (`V1 = 1, Minus1 = -1, ..Unknown`), whose
/// catch-all variant holds a [`crate::UnknownValue<i64>`].
macro_rules! open_int_enum {
    ($(#[$meta:meta])* pub enum $name:ident { $($variant:ident = $value:literal,)+ ..$unknown:ident }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum $name {
            $(#[doc = concat!("`", stringify!($value), "`")] $variant,)+
            /// A value this version of the client does not know, kept as it was sent. Its contents are
            /// opaque (read them with `get`): match on the named variants, which a later version may add to.
            $unknown($crate::UnknownValue<i64>),
        }

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
