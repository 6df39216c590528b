//! Finding where a value sits in the JSON text, for diagnostics found after deserialising.
//!
//! serde_json gives positions only for its own errors. For semantic errors (an unknown id in a
//! flow, a duplicate id) the validator names the value by its JSON path, and this module finds
//! its byte range with jsonc-parser's AST. It runs only when there is something to report, so
//! loading a valid file never pays for it.

use jsonc_parser::ast::{ObjectPropName, Value};
use jsonc_parser::common::Ranged;
use jsonc_parser::{CollectOptions, ParseOptions};

/// One step of a JSON path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    Key(String),
    Index(usize),
}

/// A JSON path, e.g. `procedure.steps[3].actor`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JsonPath(pub Vec<Seg>);

impl JsonPath {
    pub fn root() -> Self {
        JsonPath(Vec::new())
    }

    #[must_use]
    pub fn key(&self, k: &str) -> Self {
        let mut p = self.clone();
        p.0.push(Seg::Key(k.to_owned()));
        p
    }

    #[must_use]
    pub fn index(&self, i: usize) -> Self {
        let mut p = self.clone();
        p.0.push(Seg::Index(i));
        p
    }
}

impl std::fmt::Display for JsonPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut first = true;
        for s in &self.0 {
            match s {
                Seg::Key(k) if first => write!(f, "{k}")?,
                Seg::Key(k) => write!(f, ".{k}")?,
                Seg::Index(i) => write!(f, "[{i}]")?,
            }
            first = false;
        }
        Ok(())
    }
}

/// The parsed text, ready to answer many look-ups.
#[derive(Debug)]
pub(crate) struct Locator<'a> {
    root: Option<Value<'a>>,
}

impl<'a> Locator<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        let root =
            jsonc_parser::parse_to_ast(text, &CollectOptions::default(), &ParseOptions::default())
                .ok()
                .and_then(|r| r.value);
        Locator { root }
    }

    fn value(&self, path: &JsonPath) -> Option<&Value<'a>> {
        let mut v = self.root.as_ref()?;
        for seg in &path.0 {
            v = match (seg, v) {
                (Seg::Key(k), Value::Object(o)) => {
                    &o.properties
                        .iter()
                        .rev()
                        .find(|p| p.name.as_str() == k)?
                        .value
                }
                (Seg::Index(i), Value::Array(a)) => a.elements.get(*i)?,
                _ => return None,
            };
        }
        Some(v)
    }

    /// Byte range of the value at `path`; falls back to the nearest enclosing value that exists.
    pub(crate) fn span(&self, path: &JsonPath) -> Option<(usize, usize)> {
        let mut p = path.clone();
        loop {
            if let Some(v) = self.value(&p) {
                let r = v.range();
                return Some((r.start, r.end));
            }
            p.0.pop()?;
        }
    }

    /// Byte range of the start of the value at `path` (its first character): for objects and
    /// arrays, pointing at the opening bracket reads better than underlining the whole block.
    pub(crate) fn head(&self, path: &JsonPath) -> Option<(usize, usize)> {
        let mut p = path.clone();
        loop {
            if let Some(v) = self.value(&p) {
                let r = v.range();
                return Some(match v {
                    Value::Object(_) | Value::Array(_) => (r.start, r.start + 1),
                    _ => (r.start, r.end),
                });
            }
            p.0.pop()?;
        }
    }

    /// Byte range of the key `key` inside the object at `path`.
    pub(crate) fn key_span(&self, path: &JsonPath, key: &str) -> Option<(usize, usize)> {
        match self.value(path)? {
            Value::Object(o) => o
                .properties
                .iter()
                .find(|p| p.name.as_str() == key)
                .map(|p| {
                    let r = match &p.name {
                        ObjectPropName::String(s) => s.range(),
                        ObjectPropName::Word(w) => w.range(),
                    };
                    (r.start, r.end)
                }),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nested_values_and_keys() {
        let text = r#"{"procedure": {"steps": [{"id": "a"}, {"id": "bước", "actor": "x"}]}}"#;
        let loc = Locator::new(text);
        let p = JsonPath::root()
            .key("procedure")
            .key("steps")
            .index(1)
            .key("actor");
        let (s, e) = loc.span(&p).unwrap_or_default();
        assert_eq!(text.get(s..e), Some("\"x\""));
        let (s, e) = loc.key_span(&p.clone(), "id").map_or((0, 0), |x| x);
        assert_eq!((s, e), (0, 0), "actor is not an object");
        let obj = JsonPath::root().key("procedure").key("steps").index(1);
        let (s, e) = loc.key_span(&obj, "actor").unwrap_or_default();
        assert_eq!(text.get(s..e), Some("\"actor\""));
        assert_eq!(p.to_string(), "procedure.steps[1].actor");
    }

    #[test]
    fn falls_back_to_the_enclosing_value() {
        let text = r#"{"a": [1, 2]}"#;
        let loc = Locator::new(text);
        let (s, _) = loc
            .span(&JsonPath::root().key("a").index(7))
            .unwrap_or_default();
        assert_eq!(s, 6);
    }
}
