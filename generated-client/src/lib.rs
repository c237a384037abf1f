//! A typed, async client for the HubSpot CRM APIs, generated from OpenAPI specs.
//!
//! Layout: a small hand-written core ([`Client`], [`Error`], the request
//! runtime) and one generated module per API (for example `contacts`) with
//! its resource, request builders and `types`, each behind the cargo
//! feature of the same name. The `oauth` and `webhooks` modules also hold
//! hand-written helpers: the authorize URL, code exchange and a
//! self-refreshing credential; webhook signature verification and typed
//! events.
//!
#![doc = include_str!("../GUIDE.md")]
#![deny(missing_docs)]
// docs.rs builds with every feature and `--cfg docsrs`: each API module then
// shows the cargo feature that enables it.
#![cfg_attr(docsrs, feature(doc_cfg))]

#[rustfmt::skip]
mod generated;
mod runtime;

// With no API feature enabled, there are no API modules to export.
#[allow(unused_imports)]
pub use generated::*;
pub use runtime::public::*;

/// The README's examples, compiled as doctests so they stay true.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;

/// The crate README's examples (its page on crates.io), likewise.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct CrateReadmeDoctests;
