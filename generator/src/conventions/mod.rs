//! Vendor conventions: what a vendor's API shapes mean beyond plain OpenAPI.
//!
//! Lowering turns a spec into operations and types by OpenAPI's rules alone
//! and records the plain-HTTP facts (an idempotent method may be retried).
//! A profile then recognises the vendor's shapes (a search, a read-only
//! `POST`, cursor pagination, batch inputs) and records them on each
//! operation as plain facts: [`RetrySafety`], [`RateBucket`],
//! [`Pagination`], [`Batch`]. The emitter prints those facts and never
//! looks for shapes itself, so a spec from another vendor gets no HubSpot
//! assumptions, and another vendor's profile can be added beside
//! [`hubspot`].
//!
//! [`RetrySafety`]: crate::ir::RetrySafety
//! [`RateBucket`]: crate::ir::RateBucket
//! [`Pagination`]: crate::ir::Pagination
//! [`Batch`]: crate::ir::Batch

use std::collections::BTreeMap;

use crate::ir::{Operation, TypeDef};
use crate::naming::Verbs;

pub mod hubspot;

/// Which conventions to apply to a spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Profile {
    /// HubSpot's when a server of the spec is on `hubapi.com`, none otherwise.
    #[default]
    Auto,
    /// Plain OpenAPI: no vendor conventions.
    Plain,
    /// HubSpot's, whatever the servers say.
    HubSpot,
}

/// A vendor's conventions.
pub(crate) trait Conventions {
    /// The profile's name as recorded in the IR (`hubspot`), `None` for plain OpenAPI.
    fn name(&self) -> Option<&'static str>;

    /// The verbs the vendor names basic operations with.
    fn verbs(&self) -> &'static Verbs;

    /// Record what the vendor's shapes mean on one lowered operation.
    fn annotate(&self, op: &mut Operation, types: &BTreeMap<String, TypeDef>);

    /// Whether the vendor's responses are known to be looser than its specs
    /// (`null` map values, required lists left out), so the types responses
    /// decode into accept that. Plain OpenAPI is strict unless
    /// [`crate::Config::lenient_responses`] asks otherwise.
    fn lenient_responses(&self) -> bool {
        false
    }

    /// What the vendor's shapes mean on one type.
    fn type_traits(&self, _def: &TypeDef) -> crate::ir::VendorTraits {
        crate::ir::VendorTraits::default()
    }

    /// Whether an `info.description` says something about the API, rather
    /// than being text the vendor's tooling writes into every document.
    fn describes_api(&self, _description: &str) -> bool {
        true
    }

    /// How the vendor's answers state rate limits.
    fn rate_limits(&self) -> crate::ir::RateLimits {
        crate::ir::RateLimits::Plain
    }
}

/// Plain OpenAPI.
struct Plain;

impl Conventions for Plain {
    fn name(&self) -> Option<&'static str> {
        None
    }

    fn verbs(&self) -> &'static Verbs {
        &Verbs::PLAIN
    }

    fn annotate(&self, _: &mut Operation, _: &BTreeMap<String, TypeDef>) {}
}

/// The conventions for a spec with these server URLs.
pub(crate) fn select(profile: Profile, servers: &[String]) -> &'static dyn Conventions {
    match profile {
        Profile::Plain => &Plain,
        Profile::HubSpot => &hubspot::HubSpot,
        Profile::Auto if servers.iter().any(|url| hubspot::is_hubspot_server(url)) => &hubspot::HubSpot,
        Profile::Auto => &Plain,
    }
}
