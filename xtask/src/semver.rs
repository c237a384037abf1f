//! `cargo xtask semver-check OLD NEW`: an independent check of api-diff's verdicts.

use std::path::Path;

/// What the cross-check found.
#[derive(Debug, Default)]
pub struct Outcome {
    pub text: String,
}

impl Outcome {
    pub fn render(&self) -> String {
        self.text.clone()
    }

    pub fn agrees(&self) -> bool {
        true
    }
}

pub fn cross_check(_root: &Path, _old: &Path, _new: &Path) -> Result<Outcome, String> {
    Err("not yet".to_owned())
}
