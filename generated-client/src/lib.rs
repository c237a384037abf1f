//! A typed, async client for the HubSpot CRM APIs, generated from OpenAPI specs.
//!
//! ```no_run
//! use hubspot_crm::Client;
//! use hubspot_crm::contacts::types::BatchReadInputSimplePublicObjectId;
//!
//! # async fn run() -> Result<(), hubspot_crm::Error> {
//! let client = Client::new("pat-na1-…"); // a private-app or OAuth access token
//! let input = BatchReadInputSimplePublicObjectId::builder()
//!     .inputs(["430001"])
//!     .properties(["email", "firstname"])
//!     .build();
//! let batch = client.contacts().batch_read(&input).archived(false).send().await?;
//! println!("{} contacts, {} errors (HTTP {})", batch.results().len(), batch.errors().len(), batch.status());
//! # Ok(())
//! # }
//! ```
//!
//! Layout: a small hand-written core ([`Client`], [`Error`], the request
//! runtime) and one generated module per API (for example [`contacts`]) with
//! its resource, request builders and `types`.

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
