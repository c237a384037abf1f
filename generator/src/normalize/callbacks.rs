//! Operation callbacks, which are not generated.

use crate::diag::Diagnostic;

/// Operation `callbacks` (requests the API sends, like 3.1's webhooks) are not
/// generated: they are removed, with a warning per operation, before the
/// operation is read, so one that `openapiv3` cannot read (a callback given
/// by `$ref`, which it does not accept there) does not cost the operation.
pub(super) fn drop_callbacks(doc: &mut serde_json::Value, file: &str, warnings: &mut Vec<Diagnostic>) {
    use crate::diag::child;
    for (path, method, op) in super::operations_mut(doc.get_mut("paths")) {
        let Some(callbacks) = op.remove("callbacks") else { continue };
        let count = callbacks.as_object().map_or(0, serde_json::Map::len);
        if count > 0 {
            warnings.push(Diagnostic::warning(
                file,
                child(&child(&child("/paths", path), method), "callbacks"),
                format!(
                    "`{count}` callbacks (requests the API sends, not operations a client calls) are not generated"
                ),
            ));
        }
    }
}
