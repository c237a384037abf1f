//! Text → JSON value: the one reader of spec, overlay and referenced-file text.

use crate::diag::Diagnostic;

/// Parse JSON or YAML into a JSON value. A document whose first non-blank
/// character is `{` is JSON; anything else is YAML (a superset of JSON).
pub fn parse_value(file: &str, text: &str) -> Result<serde_json::Value, Diagnostic> {
    let looks_like_json = text.trim_start().starts_with('{');
    if looks_like_json {
        serde_json::from_str(text).map_err(|e| {
            let message = format!("invalid JSON: {}", strip_position(&e.to_string()));
            Diagnostic::error(file, "", message).at(e.line() as u64, e.column() as u64)
        })
    } else {
        let mut options = serde_saphyr::Options::default();
        options.strict_booleans = true;
        serde_saphyr::from_str_with_options(text, options).map_err(|e| {
            let mut diag = Diagnostic::error(file, "", format!("invalid YAML: {e}"));
            if let Some(location) = e.location() {
                diag = diag.at(location.line(), location.column());
            }
            diag
        })
    }
}

/// serde_json appends " at line X column Y"; the diagnostic carries those itself.
fn strip_position(message: &str) -> &str {
    message.split(" at line ").next().unwrap_or(message)
}
