//! External references: `$ref`s into other files (`./schemas/pet.yaml#/Pet`,
//! `../common.json`, `paths/users.yaml`), resolved through the caller's
//! [`SpecLoader`] and merged into the one document the later passes read.
//!
//! A file reference is relative to the file it is written in; resolved, it
//! must stay inside the root document's folder (the loader is handed a
//! normalized relative path with `/` separators and no `..`). An absolute
//! path, a URL or a path that leaves the folder is an error naming the file
//! and the pointer of the `$ref`; the network is never used.
//!
//! What a reference points at is placed once, where the grammar says its kind
//! goes (`components/schemas`, `parameters`, `responses`, `requestBodies`,
//! `headers`, `pathItems`), named by the last token of its pointer or else
//! by its file's name (`schemas/pet.yaml` → `pet`), and every `$ref` to it
//! points there; the references inside it are rebased onto the root folder
//! first, so the loop meets them as it meets the root's own. A target met
//! twice is placed once, which also ends reference cycles across files.
//! Anything referenced where the grammar names no kind (an example) is
//! copied in place. [`Origins`] keeps, for each placed object, the file and
//! pointer it came from, so diagnostics inside it name the file it is in.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde_json::{Map, Value};

use super::refs::{Kind, Place, places};
use crate::diag::{Diagnostic, child};

/// Reads the files a document's `$ref`s name, for the generator (which does
/// no file IO itself). `path` is relative to the root document's folder,
/// with `/` separators, no `.` or `..` segments and no leading `/`.
pub trait SpecLoader: Send + Sync {
    /// The file's text (JSON or YAML), or why it cannot be read.
    fn load(&self, path: &str) -> Result<String, String>;
}

impl<F: Fn(&str) -> Result<String, String> + Send + Sync> SpecLoader for F {
    fn load(&self, path: &str) -> Result<String, String> {
        self(path)
    }
}

/// A [`SpecLoader`] held by a [`crate::SpecInput`]: compared by identity.
#[derive(Clone)]
pub struct Loader(pub Arc<dyn SpecLoader>);

impl std::fmt::Debug for Loader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Loader(..)")
    }
}

impl PartialEq for Loader {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for Loader {}

/// Where placed objects came from: the pointer they stand at in the merged
/// document → (the file's display path, the pointer within that file).
pub type Origins = BTreeMap<String, (String, String)>;

/// The file and pointer `pointer` (of the merged document) had as
/// published, when it lies inside an object placed from another file.
pub(crate) fn origin_of(origins: &Origins, pointer: &str) -> Option<(String, String)> {
    let (at, (file, within)) = origins
        .iter()
        .filter(|(at, _)| {
            pointer == at.as_str() || pointer.strip_prefix(at.as_str()).is_some_and(|r| r.starts_with('/'))
        })
        .max_by_key(|(at, _)| at.len())?;
    Some((file.clone(), format!("{within}{}", &pointer[at.len()..])))
}

/// The root folder's path of a file `path` refers to with `reference`'s
/// file part (`../common.yaml` from `paths/users.yaml` → `common.yaml`).
fn resolve(from: &str, file_part: &str) -> Result<String, String> {
    let decoded = super::refs::percent_decode(file_part).unwrap_or_else(|| file_part.to_owned());
    if decoded.contains("://") || decoded.starts_with("//") {
        return Err(format!(
            "`{file_part}` is a URL; only files beside the document are read (the network is never used)"
        ));
    }
    if decoded.starts_with('/')
        || decoded.starts_with('\\')
        || decoded.get(1..3) == Some(":\\")
        || decoded.get(1..3) == Some(":/")
    {
        return Err(format!("`{file_part}` is an absolute path; references must be relative to the document"));
    }
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop(); // the referring file's own name
    for segment in decoded.split(['/', '\\']) {
        match segment {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err(format!("`{file_part}` leaves the folder of the root document"));
                }
            }
            other => parts.push(other),
        }
    }
    Ok(parts.join("/"))
}

struct Bundler<'a> {
    /// The root document's display path, and its name within its folder.
    root_display: &'a str,
    root_name: String,
    /// The display path of a file of the folder (`dir/of/root/` + path).
    display_dir: String,
    loader: Option<&'a dyn SpecLoader>,
    files: BTreeMap<String, Value>,
    /// (file, pointer) → where its object was placed.
    placed: BTreeMap<(String, String), String>,
    origins: Origins,
}

impl Bundler<'_> {
    fn display(&self, path: &str) -> String {
        format!("{}{path}", self.display_dir)
    }

    /// The file and pointer a pointer of the merged document stands at, as
    /// published: inside a placed object, its file.
    fn locate(&self, pointer: &str) -> (String, String) {
        origin_of(&self.origins, pointer).unwrap_or_else(|| (self.root_display.to_owned(), pointer.to_owned()))
    }

    fn error(&self, site: &str, message: String) -> Diagnostic {
        let (file, pointer) = self.locate(site);
        Diagnostic::error(&file, pointer, message)
    }

    /// The file, parsed (read once).
    fn file(&mut self, path: &str, site: &str) -> Result<&Value, Diagnostic> {
        if !self.files.contains_key(path) {
            let Some(loader) = self.loader else {
                return Err(
                    self.error(site, format!("`$ref` to the file `{path}`, but no loader was given to read it"))
                );
            };
            let text = loader.load(path).map_err(|e| self.error(site, format!("cannot read `{path}`: {e}")))?;
            let value = super::parse_value(&self.display(path), &text)?;
            self.files.insert(path.to_owned(), value);
        }
        Ok(&self.files[path])
    }

    /// `reference` (written in `file`, root-relative) split into the file it
    /// names (root-relative; `None` for the root document) and the pointer.
    fn target(&self, file: &str, reference: &str, site: &str) -> Result<(Option<String>, String), Diagnostic> {
        let (file_part, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let pointer = super::refs::local_pointer(&format!("#{fragment}")).unwrap_or_default();
        if file_part.is_empty() {
            return Ok(((file != self.root_name).then(|| file.to_owned()), pointer));
        }
        let path = resolve(file, file_part).map_err(|e| self.error(site, e))?;
        Ok(((path != self.root_name).then_some(path), pointer))
    }

    /// Rewrite every `$ref` in `value` (from `file`) to be relative to the
    /// root folder: `#/x` → `file#/x`, `other.yaml` → `dir/other.yaml`, and
    /// references to the root document → `#/x`. Data values are not entered.
    fn rebase(&self, value: &mut Value, file: &str, at: &str) -> Result<(), Diagnostic> {
        let mut error = None;
        for_each_ref(value, &mut String::from(at), &mut |reference, site| {
            if error.is_some() {
                return;
            }
            match self.target(file, reference, site) {
                Ok((Some(path), pointer)) => *reference = format!("{path}#{}", escape_fragment(&pointer)),
                Ok((None, pointer)) => *reference = format!("#{}", escape_fragment(&pointer)),
                Err(e) => error = Some(e),
            }
        });
        error.map_or(Ok(()), Err)
    }
}

/// A pointer as a `$ref` fragment: `%` and characters that cannot stand in a
/// URI fragment percent-encoded (`{` `}` and spaces appear in paths).
fn escape_fragment(pointer: &str) -> String {
    let mut out = String::with_capacity(pointer.len());
    for c in pointer.chars() {
        match c {
            '%' | ' ' | '#' | '"' | '<' | '>' | '\\' | '^' | '`' | '|' => {
                let mut buf = [0; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// Call `f` with every `$ref` text in `value` and the pointer of the object
/// holding it. Example, default and extension values are data, and
/// descriptions prose: not entered.
fn for_each_ref(value: &mut Value, pointer: &mut String, f: &mut impl FnMut(&mut String, &str)) {
    for_each_ref_in(value, pointer, false, f);
}

fn for_each_ref_in(value: &mut Value, pointer: &mut String, names: bool, f: &mut impl FnMut(&mut String, &str)) {
    let len = pointer.len();
    match value {
        Value::Object(map) => {
            if !names && let Some(Value::String(reference)) = map.get_mut("$ref") {
                f(reference, pointer);
            }
            for (key, child_value) in map.iter_mut() {
                let prose = !names && matches!(key.as_str(), "description" | "summary" | "title");
                if prose
                    || super::is_data(key, child_value, names)
                    || !matches!(child_value, Value::Object(_) | Value::Array(_))
                {
                    continue;
                }
                crate::diag::push_token(pointer, key);
                for_each_ref_in(child_value, pointer, super::holds_names(key, names), f);
                pointer.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                pointer.push_str(&format!("/{i}"));
                for_each_ref_in(item, pointer, false, f);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}

/// Is `reference` a reference into another file?
fn is_external(reference: &str) -> bool {
    !reference.starts_with('#')
}

/// Merge every file the document's `$ref`s name into it (see the module docs).
pub(super) fn bundle(
    doc: &mut Value,
    root_display: &str,
    loader: Option<&dyn SpecLoader>,
) -> Result<Origins, crate::Diagnostics> {
    let (display_dir, root_name) = match root_display.rfind(['/', '\\']) {
        Some(i) => (root_display[..=i].to_owned(), root_display[i + 1..].to_owned()),
        None => (String::new(), root_display.to_owned()),
    };
    let b = Bundler {
        root_display,
        root_name,
        display_dir,
        loader,
        files: BTreeMap::new(),
        placed: BTreeMap::new(),
        origins: Origins::new(),
    };
    // Without a loader the references stay as written: the lowering reports
    // each one it cannot follow.
    if b.loader.is_none() {
        return Ok(b.origins);
    }
    let mut b = b;
    let mut errors = Vec::new();
    loop {
        // External references where the grammar names the kind of their target.
        let mut pending: Vec<(String, Kind, String)> = Vec::new();
        for (pointer, place) in places(doc) {
            let Place::Is(kind) = place else { continue };
            if let Some(reference) = doc.pointer(&pointer).and_then(|v| v.get("$ref")).and_then(Value::as_str)
                && is_external(reference)
            {
                pending.push((pointer, kind, reference.to_owned()));
            }
        }
        if pending.is_empty() {
            break;
        }
        let mut progress = false;
        for (site, kind, reference) in pending {
            match place(&mut b, doc, &site, kind, &reference) {
                Ok(None) => progress = true,
                Ok(Some(local)) => {
                    if let Some(Value::Object(map)) = doc.pointer_mut(&site) {
                        map.insert("$ref".into(), Value::String(format!("#{}", escape_fragment(&local))));
                    }
                    progress = true;
                }
                Err(e) => {
                    errors.push(e);
                    // Left as it was would be met again: drop it.
                    if let Some(Value::Object(map)) = doc.pointer_mut(&site) {
                        map.remove("$ref");
                    }
                }
            }
        }
        if !errors.is_empty() || !progress {
            break;
        }
    }
    if errors.is_empty() {
        copy_remaining(&mut b, doc, &mut errors);
    }
    if errors.is_empty() { Ok(b.origins) } else { Err(crate::Diagnostics(errors)) }
}

/// Place the target of `reference` (found at `site`, where an object of
/// `kind` goes) in the document once; returns where it stands (`None`: it
/// took the place of the reference itself).
fn place(
    b: &mut Bundler<'_>,
    doc: &mut Value,
    site: &str,
    kind: Kind,
    reference: &str,
) -> Result<Option<String>, Diagnostic> {
    let (file, pointer) = b.target(&b.root_name.clone(), reference, site)?;
    let Some(file) = file else { return Ok(Some(pointer)) };
    if let Some(local) = b.placed.get(&(file.clone(), pointer.clone())) {
        return Ok(Some(local.clone()));
    }
    let mut content = match b.file(&file, site)?.pointer(&pointer) {
        Some(value) => value.clone(),
        None => {
            let shown = if pointer.is_empty() { String::new() } else { format!("#{pointer}") };
            return Err(b.error(site, format!("`$ref` target `{file}{shown}` does not exist in that file")));
        }
    };
    let section = kind.section();
    // A component that is only a reference to another file
    // (`components/schemas/Error: {$ref: error.json}`) becomes what it refers to.
    let component = format!("/components/{section}/");
    let bare = doc.pointer(site).and_then(Value::as_object).is_some_and(|m| m.len() == 1);
    if bare && site.strip_prefix(&component).is_some_and(|name| !name.contains('/')) {
        b.placed.insert((file.clone(), pointer.clone()), site.to_owned());
        b.origins.insert(site.to_owned(), (b.display(&file), pointer.clone()));
        b.rebase(&mut content, &file, site)?;
        if let Some(slot) = doc.pointer_mut(site) {
            *slot = content;
        }
        return Ok(None);
    }
    let base = match pointer.rsplit('/').next().filter(|t| !t.is_empty()) {
        Some(token) => crate::diag::unescape_token(token),
        None => {
            let name = file.rsplit('/').next().unwrap_or(&file);
            name.split('.').next().unwrap_or(name).to_owned()
        }
    };
    let taken = |name: &str| doc.pointer(&child(&child("/components", section), name)).is_some();
    let name =
        std::iter::once(base.clone()).chain((2..).map(|i| format!("{base}{i}"))).find(|n| !taken(n)).unwrap_or(base);
    let local = child(&child("/components", section), &name);
    // Placed (and remembered) before its own references are followed: a cycle comes back here.
    b.placed.insert((file.clone(), pointer.clone()), local.clone());
    b.origins.insert(local.clone(), (b.display(&file), pointer.clone()));
    b.rebase(&mut content, &file, &local)?;
    let components = doc
        .as_object_mut()
        .and_then(|d| d.entry("components").or_insert_with(|| Value::Object(Map::new())).as_object_mut());
    if let Some(sect) =
        components.and_then(|c| c.entry(section).or_insert_with(|| Value::Object(Map::new())).as_object_mut())
    {
        sect.insert(name, content);
    }
    Ok(Some(local))
}

/// External references where the grammar names no kind (examples, links):
/// the value they point at, copied in place.
fn copy_remaining(b: &mut Bundler<'_>, doc: &mut Value, errors: &mut Vec<Diagnostic>) {
    let mut sites: Vec<(String, String)> = Vec::new();
    for_each_ref(doc, &mut String::new(), &mut |reference, site| {
        if is_external(reference) {
            sites.push((site.to_owned(), reference.clone()));
        }
    });
    for (site, reference) in sites {
        let resolved = b.target(&b.root_name.clone(), &reference, &site).and_then(|(file, pointer)| {
            let Some(file) = file else { return Ok(None) };
            let value = b.file(&file, &site)?.pointer(&pointer).cloned();
            let mut value = value.ok_or_else(|| {
                b.error(&site, format!("`$ref` target `{file}#{pointer}` does not exist in that file"))
            })?;
            b.rebase(&mut value, &file, &site)?;
            Ok(Some(value))
        });
        match resolved {
            Ok(Some(value)) => {
                if let Some(slot) = doc.pointer_mut(&site) {
                    *slot = value;
                }
            }
            Ok(None) => {}
            Err(e) => errors.push(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_resolve_inside_the_root_folder() {
        assert_eq!(resolve("openapi.yaml", "./schemas/pet.yaml").unwrap(), "schemas/pet.yaml");
        assert_eq!(resolve("paths/users.yaml", "../common/error.json").unwrap(), "common/error.json");
        assert_eq!(resolve("a/b/c.yaml", "../../d%20e.yaml").unwrap(), "d e.yaml");
        assert!(resolve("openapi.yaml", "../outside.yaml").unwrap_err().contains("leaves the folder"));
        assert!(resolve("a/x.yaml", "../../outside.yaml").unwrap_err().contains("leaves the folder"));
        assert!(resolve("openapi.yaml", "https://example.com/s.yaml").unwrap_err().contains("URL"));
        assert!(resolve("openapi.yaml", "/etc/passwd").unwrap_err().contains("absolute"));
        assert!(resolve("openapi.yaml", "C:\\specs\\a.yaml").unwrap_err().contains("absolute"));
    }
}
