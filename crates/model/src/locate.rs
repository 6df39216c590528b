//! Finding where a value sits in the JSON text, for diagnostics found after deserialising.
//!
//! serde_json gives positions only for its own errors. For semantic errors (an unknown id in a
//! flow, a duplicate id) the validator names the value by its JSON path, and this module finds
//! its byte range with jsonc-parser's AST. It runs only when there is something to report, so
//! loading a valid file never pays for it.

use std::collections::BTreeMap;

use jsonc_parser::ast::{ObjectPropName, Value};
use serde::Serialize;

use jsonc_parser::common::Ranged;
use jsonc_parser::{CollectOptions, ParseOptions};

/// One step of a JSON path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    /// A field of an object.
    Key(String),
    /// An item of a list (0-based).
    Index(usize),
}

/// A JSON path, e.g. `procedure.steps[3].actor`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JsonPath(pub Vec<Seg>);

impl JsonPath {
    /// The path of the whole document.
    pub fn root() -> Self {
        JsonPath(Vec::new())
    }

    /// This path, then field `k`.
    #[must_use]
    pub fn key(&self, k: &str) -> Self {
        let mut p = self.clone();
        p.0.push(Seg::Key(k.to_owned()));
        p
    }

    /// This path, then item `i`.
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

/// A place in a file: 1-based line and column (in characters) of the first character of a
/// value and of the character after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Place {
    /// Line of the value's first character.
    pub line: usize,
    /// Column of the value's first character.
    pub column: usize,
    /// Line of the character after the value.
    pub end_line: usize,
    /// Column of the character after the value.
    pub end_column: usize,
}

/// Where the procedures, their steps and the groups of one file sit, for reports that point
/// into the file (SARIF, CI annotations). Made by parsing the text again, only when such a
/// report is asked for; loading never pays for it.
#[derive(Debug, Clone, Default)]
pub struct Positions {
    /// By (the record's line, the procedure's code): the procedure object and its steps by id.
    procedures: BTreeMap<(usize, String), (Place, BTreeMap<String, Place>)>,
    /// By (the record's line, the group's code): the group object.
    groups: BTreeMap<(usize, String), Place>,
}

impl Positions {
    /// The places in the text of file `name`: one document, or one per line of a `.jsonl`
    /// file (a record is known by its line, as [`crate::Origin::line`] gives it).
    pub fn of_file(name: &str, text: &str) -> Positions {
        let mut out = Positions::default();
        let lines = Lines::of(text);
        if crate::is_jsonl(name) {
            let mut offset = 0;
            for (i, line) in text.split_inclusive('\n').enumerate() {
                if !line.trim().is_empty() {
                    out.add_document(&lines, offset, line, i + 1);
                }
                offset += line.len();
            }
        } else {
            out.add_document(&lines, 0, text, 1);
        }
        out
    }

    fn add_document(&mut self, lines: &Lines<'_>, offset: usize, text: &str, record: usize) {
        let Ok(parsed) =
            jsonc_parser::parse_to_ast(text, &CollectOptions::default(), &ParseOptions::default())
        else {
            return;
        };
        let Some(Value::Object(root)) = parsed.value else {
            return;
        };
        let place = |v: &Value<'_>| {
            let r = v.range();
            let (line, column) = lines.line_column(offset + r.start);
            let (end_line, end_column) = lines.line_column(offset + r.end);
            Place {
                line,
                column,
                end_line,
                end_column,
            }
        };
        let mut add_procedure = |v: &Value<'_>| {
            let Value::Object(p) = v else { return };
            let Some(code) = p.get_string("code") else {
                return;
            };
            let mut steps = BTreeMap::new();
            if let Some(list) = p.get_array("steps") {
                for step in &list.elements {
                    if let Value::Object(o) = step
                        && let Some(id) = o.get_string("id")
                    {
                        steps
                            .entry(id.value.to_string())
                            .or_insert_with(|| place(step));
                    }
                }
            }
            self.procedures
                .entry((record, code.value.to_string()))
                .or_insert((place(v), steps));
        };
        for prop in &root.properties {
            match prop.name.as_str() {
                "procedure" => add_procedure(&prop.value),
                "group" => {
                    if let Value::Object(g) = &prop.value
                        && let Some(list) = g.get_array("procedures")
                    {
                        for member in &list.elements {
                            if let Value::Object(m) = member
                                && let Some(p) = m.get("procedure")
                            {
                                add_procedure(&p.value);
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        for prop in &root.properties {
            if prop.name.as_str() == "group"
                && let Value::Object(g) = &prop.value
                && let Some(code) = g.get_string("code")
            {
                self.groups
                    .entry((record, code.value.to_string()))
                    .or_insert_with(|| place(&prop.value));
            }
        }
    }

    /// The procedure `code` of the record at line `record` (1 for a `.json` file).
    pub fn procedure(&self, record: usize, code: &str) -> Option<Place> {
        self.procedures
            .get(&(record, code.to_owned()))
            .map(|(p, _)| *p)
    }

    /// The step `step` of the procedure `code` of the record at line `record`.
    pub fn step(&self, record: usize, code: &str, step: &str) -> Option<Place> {
        self.procedures
            .get(&(record, code.to_owned()))
            .and_then(|(_, steps)| steps.get(step).copied())
    }

    /// The group `code` of the record at line `record`.
    pub fn group(&self, record: usize, code: &str) -> Option<Place> {
        self.groups.get(&(record, code.to_owned())).copied()
    }
}

/// The start of each line of a text, for many look-ups of a line and column.
struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    fn of(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Lines { text, starts }
    }

    /// 1-based line and column (in characters) of byte `offset`.
    fn line_column(&self, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts.get(line - 1).copied().unwrap_or(0);
        let column = self
            .text
            .get(start..offset.min(self.text.len()))
            .map_or(0, |t| t.chars().count());
        (line, column + 1)
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
    fn positions_of_steps_in_files_and_records() {
        let doc = "{\"procedure\": {\"code\": \"1.1\",\n  \"steps\": [\n    {\"id\": \"nộp\"},\n    {\"id\": \"trả\"}]}}";
        let p = Positions::of_file("a.json", doc);
        assert_eq!(
            p.procedure(1, "1.1").map(|x| (x.line, x.column)),
            Some((1, 15))
        );
        let s = p.step(1, "1.1", "trả").unwrap_or(Place {
            line: 0,
            column: 0,
            end_line: 0,
            end_column: 0,
        });
        assert_eq!((s.line, s.column, s.end_line, s.end_column), (4, 5, 4, 18));
        assert_eq!(p.step(1, "1.1", "xx"), None);
        let group = "{\"group\": {\"code\": \"G\", \"procedures\": [{\"procedure\": {\"code\": \"2.2\", \"steps\": [{\"id\": \"a\"}]}}]}}";
        let jsonl = format!("{doc_line}\n\n{group}\n", doc_line = doc.replace('\n', " "));
        let p = Positions::of_file("c.jsonl", &jsonl);
        assert!(p.step(1, "1.1", "nộp").is_some());
        assert_eq!(p.step(3, "2.2", "a").map(|x| x.line), Some(3));
        assert_eq!(p.group(3, "G").map(|x| (x.line, x.column)), Some((3, 11)));
        assert_eq!(
            p.procedure(1, "2.2"),
            None,
            "records are told apart by their line"
        );
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
