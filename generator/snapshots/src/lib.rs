//! The generator's fixture snapshots (`src/generated/`, written by
//! `cargo xtask codegen` from `generator/tests/fixtures/`), compiled against
//! the same hand-written runtime as the real client, so a snapshot that does
//! not compile, warns or lacks docs fails the build.

#![deny(missing_docs)]

#[rustfmt::skip]
mod generated;
#[path = "../../../generated-client/src/runtime/mod.rs"]
mod runtime;

pub use generated::*;
pub use runtime::public::*;
