//! Builders for generated types: every struct requests carry, and every one
//! with more than two required fields or two of one type. Every value is
//! passed to a setter named after its field, so none can be swapped, and
//! `build()` exists only once every required field that has no empty value is
//! set (a missing one does not compile). Required lists start empty; optional
//! fields have setters too and start empty. Generated code invokes
//! [`builder!`] once per such type.

/// A required field of a builder that has not been set yet.
#[derive(Debug, Clone, Copy, Default)]
pub struct Unset;

/// `builder! { Type => TypeBuilder { required: T, … } lists { list: Item, … } optional { opt: T, … } optional_lists { opt: Item, … } rest { other, … } }`:
/// `Type::builder()`, a setter per field, and `build()` once the required
/// fields are set; optional fields are `None` unless set, `rest` ones empty.
#[allow(unused_macros)]
macro_rules! builder {
    ($name:ident => $builder:ident { $($req:ident: $rty:ty,)* } lists { $($list:ident: $lty:ty,)* } optional { $($opt:ident: $oty:ty,)* } optional_lists { $($olist:ident: $olty:ty,)* } rest { $($rest:ident,)* }) => {
        #[doc = concat!("Builds a [`", stringify!($name), "`] (from [`", stringify!($name), "::builder`]): one setter per required field; `build()` compiles once all are set. Lists start empty.")]
        #[derive(Debug, Clone)]
        #[must_use = "a builder does nothing until `build()`"]
        #[allow(non_camel_case_types)]
        pub struct $builder<$($req = crate::runtime::Unset),*> {
            $($req: $req,)*
            $($list: ::std::vec::Vec<$lty>,)*
            $($opt: ::core::option::Option<$oty>,)*
            $($olist: ::core::option::Option<::std::vec::Vec<$olty>>,)*
        }

        impl $name {
            #[doc = concat!("A builder for [`", stringify!($name), "`]: `", stringify!($name), "::builder()", $(".", stringify!($req), "(..)",)* ".build()`.")]
            pub fn builder() -> $builder {
                $builder { $($req: crate::runtime::Unset,)* $($list: ::std::vec::Vec::new(),)* $($opt: ::core::option::Option::None,)* $($olist: ::core::option::Option::None,)* }
            }
        }

        #[allow(non_camel_case_types)]
        impl<$($req),*> $builder<$($req),*> {
            $(
                #[doc = concat!("`", stringify!($list), "` (empty unless set).")]
                #[allow(clippy::wrong_self_convention)]
                pub fn $list(mut self, values: impl ::core::iter::IntoIterator<Item = impl ::core::convert::Into<$lty>>) -> Self {
                    self.$list = values.into_iter().map(::core::convert::Into::into).collect();
                    self
                }
            )*
            $(
                #[doc = concat!("`", stringify!($opt), "` (optional: left out unless set).")]
                #[allow(clippy::wrong_self_convention)]
                pub fn $opt(mut self, value: impl ::core::convert::Into<$oty>) -> Self {
                    self.$opt = ::core::option::Option::Some(value.into());
                    self
                }
            )*
            $(
                #[doc = concat!("`", stringify!($olist), "` (optional: left out unless set).")]
                #[allow(clippy::wrong_self_convention)]
                pub fn $olist(mut self, values: impl ::core::iter::IntoIterator<Item = impl ::core::convert::Into<$olty>>) -> Self {
                    self.$olist = ::core::option::Option::Some(values.into_iter().map(::core::convert::Into::into).collect());
                    self
                }
            )*
        }

        impl $builder<$($rty),*> {
            #[doc = concat!("The [`", stringify!($name), "`], its optional fields as set.")]
            pub fn build(self) -> $name {
                $name {
                    $($req: self.$req,)*
                    $($list: self.$list,)*
                    $($opt: self.$opt,)*
                    $($olist: self.$olist,)*
                    $($rest: ::core::default::Default::default(),)*
                }
            }
        }

        crate::runtime::builder!(@set $builder [$($list)* $($opt)* $($olist)*] [] [$($req: $rty;)*]);
    };
    (@set $builder:ident [$($list:ident)*] [$($done:ident)*] []) => {};
    (@set $builder:ident [$($list:ident)*] [$($done:ident)*] [$f:ident: $fty:ty; $($next:ident: $nty:ty;)*]) => {
        #[allow(non_camel_case_types)]
        impl<$($done,)* $($next),*> $builder<$($done,)* crate::runtime::Unset, $($next),*> {
            #[doc = concat!("Set `", stringify!($f), "` (required).")]
            // Setters are named after their fields (`from_object_type`, `to_object_id`).
            #[allow(clippy::wrong_self_convention, clippy::new_ret_no_self)]
            pub fn $f(self, value: impl ::core::convert::Into<$fty>) -> $builder<$($done,)* $fty, $($next),*> {
                $builder {
                    $f: value.into(),
                    $($done: self.$done,)*
                    $($next: self.$next,)*
                    $($list: self.$list,)*
                }
            }
        }

        crate::runtime::builder!(@set $builder [$($list)*] [$($done)* $f] [$($next: $nty;)*]);
    };
}

pub(crate) use builder;
