//! The generator's fixture snapshots (`src/generated/`, written by
//! `cargo xtask codegen` from `generator/tests/fixtures/`), compiled against
//! the same hand-written runtime as the real client, so a snapshot that does
//! not compile, warns or lacks docs fails the build.

#![deny(missing_docs)]

#[path = "../../../generated-client/src/client.rs"]
mod client;
#[path = "../../../generated-client/src/error.rs"]
mod error;
mod generated;
#[path = "../../../generated-client/src/runtime.rs"]
mod runtime;

pub use client::Client;
pub use error::Error;
pub use generated::*;
pub use runtime::Upload;
