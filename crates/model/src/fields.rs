//! Every missing, unknown or mistyped field of a document, at once.
//!
//! serde stops at the first field that does not fit the types. This module walks the value a
//! tolerant parse gave (jsonc-parser's AST, with byte ranges) against the JSON Schema generated
//! from those same types ([`crate::json_schema`]), and collects every problem, each at its value
//! and in plain words ("a whole number without separators, e.g. 50000"). It runs only when
//! serde has refused the document. What the types cannot say (ids, references, the step graph)
//! is left to `validate`, once the fields fit.

use std::sync::OnceLock;

use jsonc_parser::ast::{ObjectPropName, Value};
use jsonc_parser::common::{Range, Ranged};
use serde_json::{Map, Value as Schema};

use crate::diag::{Code, Diagnostic, Source, closest};
use crate::locate::JsonPath;
use crate::validate::MAX_ISSUES;

/// A problem with the JSON path of the value it is about.
pub(crate) struct Problem {
    pub(crate) path: JsonPath,
    pub(crate) diagnostic: Diagnostic,
}

fn schema() -> &'static Schema {
    static SCHEMA: OnceLock<Schema> = OnceLock::new();
    SCHEMA.get_or_init(crate::json_schema)
}

/// Every field problem of the document `root` (at most [`MAX_ISSUES`], then a count).
pub(crate) fn check(src: &Source, root: &Value<'_>) -> Vec<Problem> {
    let schema = schema();
    let empty = Map::new();
    let defs = schema
        .get("$defs")
        .and_then(Schema::as_object)
        .unwrap_or(&empty);
    let mut w = Walker {
        src,
        defs,
        out: Vec::new(),
        left_out: 0,
    };
    w.walk(schema, root, &JsonPath::root(), None);
    if w.left_out > 0 {
        w.out.push(Problem {
            path: JsonPath::root(),
            diagnostic: left_out(src, w.left_out),
        });
    }
    w.out
}

/// The note that `n` more problems of a document are not shown.
pub(crate) fn left_out(src: &Source, n: usize) -> Diagnostic {
    Diagnostic::at(
        Code::TooLarge,
        src,
        0,
        0,
        format!(
            "{n} more problems in this document are not shown (only the first {MAX_ISSUES} are)"
        ),
    )
    .with_help("fix the problems shown and check the file again")
}

struct Walker<'s, 'src> {
    src: &'src Source,
    defs: &'s Map<String, Schema>,
    out: Vec<Problem>,
    left_out: usize,
}

/// The JSON types a schema node allows.
fn types(node: &Schema) -> Vec<&str> {
    match node.get("type") {
        Some(Schema::String(t)) => vec![t.as_str()],
        Some(Schema::Array(ts)) => ts.iter().filter_map(Schema::as_str).collect(),
        _ => Vec::new(),
    }
}

/// The allowed values of an enum node (`oneOf` of `const`s), if it is one.
fn enum_values(node: &Schema) -> Option<Vec<&str>> {
    let branches = node.get("oneOf")?.as_array()?;
    branches
        .iter()
        .map(|b| b.get("const").and_then(Schema::as_str))
        .collect()
}

/// What a JSON author writes for a value of this node, in plain words.
fn expected(node: &Schema, defs: &Map<String, Schema>) -> String {
    let node = resolve(node, defs);
    if let Some(values) = enum_values(node) {
        return format!("one of {}", quoted(&values));
    }
    if let Some(inner) = non_null_branch(node) {
        return expected(inner, defs);
    }
    let ts: Vec<&str> = types(node).into_iter().filter(|t| *t != "null").collect();
    match ts.first().copied() {
        Some("integer") => "a whole number without separators, e.g. 50000".into(),
        Some("number") => "a number, e.g. 2 or 0.5 (a decimal point, not a comma)".into(),
        Some("boolean") => "true or false (without quotes)".into(),
        Some("string") => "a text in double quotes".into(),
        Some("array") => match node.get("items").map(|i| resolve(i, defs)) {
            Some(i) if types(i).contains(&"string") => r#"a list of texts, e.g. ["…", "…"]"#.into(),
            Some(_) => "a list of objects [{…}, {…}]".into(),
            None => "a list [ ]".into(),
        },
        Some("object") => "an object { }".into(),
        _ => "a value of the type docs/FORMAT.md gives".into(),
    }
}

fn resolve<'s>(node: &'s Schema, defs: &'s Map<String, Schema>) -> &'s Schema {
    let mut node = node;
    // Definitions refer to others by `$ref`, never in a loop that does not pass through an
    // object; a few hops are enough, and the bound keeps a malformed schema from looping.
    for _ in 0..8 {
        match node
            .get("$ref")
            .and_then(Schema::as_str)
            .and_then(|r| r.strip_prefix("#/$defs/"))
            .and_then(|name| defs.get(name))
        {
            Some(target) => node = target,
            None => break,
        }
    }
    node
}

/// `X` of an `anyOf: [X, {"type": "null"}]` node (an optional field).
fn non_null_branch(node: &Schema) -> Option<&Schema> {
    let branches = node.get("anyOf")?.as_array()?;
    let mut others = branches
        .iter()
        .filter(|b| b.get("type").and_then(Schema::as_str) != Some("null"));
    let first = others.next()?;
    others.next().is_none().then_some(first)
}

fn quoted(values: &[&str]) -> String {
    values
        .iter()
        .map(|v| format!("\"{v}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The value as the author wrote it, in a few words.
fn found(v: &Value<'_>) -> String {
    match v {
        Value::StringLit(s) => format!("the text \"{}\"", s.value),
        Value::NumberLit(n) => format!("the number {}", n.value),
        Value::BooleanLit(b) => b.value.to_string(),
        Value::NullKeyword(_) => "null".into(),
        Value::Array(_) => "a list [ ]".into(),
        Value::Object(_) => "an object { }".into(),
    }
}

fn is_integer(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// A help that tells how to write `v` as the `want`ed type, when `v` looks like one written
/// the wrong way.
fn how_to_write(want: &str, v: &Value<'_>) -> Option<String> {
    match (want, v) {
        ("integer" | "number", Value::StringLit(s)) => {
            let t = s.value.trim();
            let digits: String = t.chars().filter(char::is_ascii_digit).collect();
            let numeric = !digits.is_empty()
                && t.chars()
                    .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | ' ' | '\u{a0}' | '-'));
            if want == "integer" && numeric {
                let whole = digits.trim_start_matches('0');
                let whole = if whole.is_empty() { "0" } else { whole };
                Some(format!(
                    "write {whole} without quotes, dots, commas or spaces"
                ))
            } else if want == "number" && numeric {
                Some(format!(
                    "write {} without quotes, with a decimal point",
                    t.replace(',', ".")
                ))
            } else {
                Some("write the number alone, without quotes or units (durations are in working days: \"3 ngày\" is 3, \"4 giờ\" is 0.5)".into())
            }
        }
        ("integer", Value::NumberLit(n)) => Some(format!(
            "`{}` has a decimal part: in JSON a dot is a decimal point, not a thousands separator; write the whole number without separators",
            n.value
        )),
        ("boolean", Value::StringLit(s)) => {
            let yes = matches!(
                s.value.to_lowercase().trim(),
                "true" | "có" | "yes" | "1" | "x"
            );
            Some(format!(
                "write {} without quotes",
                if yes { "true" } else { "false" }
            ))
        }
        ("boolean", Value::NumberLit(_)) => Some("write true or false, not 1 or 0".into()),
        ("string", Value::NumberLit(n)) => Some(format!(
            "write it in double quotes: \"{}\" (codes and ids are texts)",
            n.value
        )),
        ("array", Value::StringLit(s)) => {
            Some(format!("write a list, even of one item: [\"{}\"]", s.value))
        }
        _ => None,
    }
}

/// A diagnostic on the value `v`: on its opening bracket when it is an object or a list.
fn on_value(code: Code, src: &Source, v: &Value<'_>, message: String) -> Diagnostic {
    let r = v.range();
    let end = match v {
        Value::Object(_) | Value::Array(_) => r.start + 1,
        _ => r.end,
    };
    Diagnostic::at(code, src, r.start, end, message)
}

/// A diagnostic on the text in `range` (a key).
fn on_range(code: Code, src: &Source, range: Range, message: String) -> Diagnostic {
    Diagnostic::at(code, src, range.start, range.end, message)
}

/// How a message names a value: by its field's name, or as "this value".
fn named(name: Option<&str>) -> String {
    name.map_or_else(|| "this value".to_owned(), |n| format!("`{n}`"))
}

impl Walker<'_, '_> {
    /// Records a problem; its diagnostic is made only for the first [`MAX_ISSUES`] (making one
    /// costs a pass over the text before it).
    fn push(&mut self, path: &JsonPath, make: impl FnOnce() -> Diagnostic) {
        if self.out.len() >= MAX_ISSUES {
            self.left_out += 1;
            return;
        }
        self.out.push(Problem {
            path: path.clone(),
            diagnostic: make(),
        });
    }

    fn wrong_type(
        &mut self,
        node: &Schema,
        want: &str,
        v: &Value<'_>,
        path: &JsonPath,
        name: Option<&str>,
    ) {
        let (src, defs) = (self.src, self.defs);
        let what = named(name);
        let message = format!(
            "{what} must be {}, not {} (at {path})",
            expected(node, defs),
            found(v)
        );
        let help = how_to_write(want, v)
            .unwrap_or_else(|| format!("write {} here (docs/FORMAT.md)", expected(node, defs)));
        self.push(path, || {
            on_value(Code::WrongType, src, v, message)
                .with_help(help)
                .with_label(format!("expected {}", expected(node, defs)))
        });
    }

    fn walk(&mut self, node: &Schema, v: &Value<'_>, path: &JsonPath, name: Option<&str>) {
        let node = resolve(node, self.defs);
        if let Some(inner) = non_null_branch(node) {
            if !matches!(v, Value::NullKeyword(_)) {
                self.walk(inner, v, path, name);
            }
            return;
        }
        if let Some(values) = enum_values(node) {
            self.enumeration(node, &values, v, path, name);
            return;
        }
        let ts = types(node);
        let kind = match v {
            Value::StringLit(_) => "string",
            Value::NumberLit(n) if is_integer(n.value) => "integer",
            Value::NumberLit(_) => "number",
            Value::BooleanLit(_) => "boolean",
            Value::NullKeyword(_) => "null",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        };
        let fits =
            ts.is_empty() || ts.contains(&kind) || (kind == "integer" && ts.contains(&"number"));
        if !fits {
            let want = ts.iter().copied().find(|t| *t != "null").unwrap_or("value");
            self.wrong_type(node, want, v, path, name);
            return;
        }
        match v {
            Value::Object(o) => self.object(node, o, path),
            Value::Array(a) => {
                if let Some(items) = node.get("items") {
                    for (i, item) in a.elements.iter().enumerate() {
                        let item_name = name.map(|n| format!("{n}[{i}]"));
                        self.walk(items, item, &path.index(i), item_name.as_deref());
                    }
                }
            }
            Value::NumberLit(n) => self.number(node, n.value, v, path, name),
            _ => {}
        }
    }

    fn enumeration(
        &mut self,
        node: &Schema,
        values: &[&str],
        v: &Value<'_>,
        path: &JsonPath,
        name: Option<&str>,
    ) {
        let src = self.src;
        let Value::StringLit(s) = v else {
            self.wrong_type(node, "string", v, path, name);
            return;
        };
        if values.contains(&s.value.as_ref()) {
            return;
        }
        let mut help = format!("allowed values: {}", quoted(values));
        if let Some(c) = closest(&s.value, values.iter().copied()) {
            help = format!("did you mean \"{c}\"? {help}");
        }
        self.push(path, || {
            on_value(
                Code::UnknownValue,
                src,
                v,
                format!("unknown value \"{}\" (at {path})", s.value),
            )
            .with_help(help)
            .with_label("not an allowed value")
        });
    }

    fn number(
        &mut self,
        node: &Schema,
        text: &str,
        v: &Value<'_>,
        path: &JsonPath,
        name: Option<&str>,
    ) {
        let (src, defs) = (self.src, self.defs);
        let what = named(name);
        let negative = text.starts_with('-');
        let min = node.get("minimum").and_then(Schema::as_f64);
        if negative && min.is_some_and(|m| m >= 0.0) {
            self.push(path, || {
                on_value(
                    Code::InvalidValue,
                    src,
                    v,
                    format!("{what} must be 0 or more, not {text} (at {path})"),
                )
                .with_help(format!("write {} (docs/FORMAT.md)", expected(node, defs)))
            });
        } else if types(node).contains(&"integer") && text.parse::<u64>().is_err() && !negative {
            self.push(path, || {
                on_value(
                    Code::InvalidValue,
                    src,
                    v,
                    format!("{what} is too large: {text} (at {path})"),
                )
                .with_help("write a whole number below 18446744073709551616")
            });
        } else if text.parse::<f64>().is_ok_and(|f| !f.is_finite()) {
            self.push(path, || {
                on_value(
                    Code::InvalidValue,
                    src,
                    v,
                    format!("{what} is out of range: {text} (at {path})"),
                )
                .with_help(format!("write {}", expected(node, defs)))
            });
        }
    }

    fn object(&mut self, node: &Schema, o: &jsonc_parser::ast::Object<'_>, path: &JsonPath) {
        let (src, defs) = (self.src, self.defs);
        let empty = Map::new();
        let props = node
            .get("properties")
            .and_then(Schema::as_object)
            .unwrap_or(&empty);
        let closed = node.get("additionalProperties") == Some(&Schema::Bool(false));
        let mut seen: Vec<&str> = Vec::new();
        // Fields an unknown key is the likely typo of: the unknown key's "did you mean" says
        // it, so they are not also reported missing.
        let mut suggested: Vec<&str> = Vec::new();
        for p in &o.properties {
            let key = p.name.as_str();
            let key_range = match &p.name {
                ObjectPropName::String(s) => s.range(),
                ObjectPropName::Word(w) => w.range(),
            };
            if seen.contains(&key) {
                self.push(&path.key(key), || {
                    on_range(
                        Code::InvalidValue,
                        src,
                        key_range,
                        format!("the field `{key}` is written twice{}", in_path(path)),
                    )
                    .with_help("keep one of the two")
                    .with_label("written a second time here")
                });
                continue;
            }
            seen.push(key);
            match props.get(key) {
                Some(sub) => self.walk(sub, &p.value, &path.key(key), Some(key)),
                None if closed => {
                    let allowed: Vec<&str> = props.keys().map(String::as_str).collect();
                    let mut help = format!(
                        "allowed fields here: {}",
                        allowed
                            .iter()
                            .map(|a| format!("`{a}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    );
                    if let Some(c) = closest(key, allowed.iter().copied()) {
                        help = format!("did you mean `{c}`? {help}");
                        suggested.push(c);
                    }
                    self.push(&path.key(key), || {
                        on_range(
                            Code::UnknownField,
                            src,
                            key_range,
                            format!("unknown field `{key}`{}", in_path(path)),
                        )
                        .with_help(help)
                        .with_label("not a field of the format")
                    });
                }
                None => {}
            }
        }
        let required = node
            .get("required")
            .and_then(Schema::as_array)
            .map(|r| r.iter().filter_map(Schema::as_str).collect::<Vec<_>>())
            .unwrap_or_default();
        let start = o.range.start;
        for field in required {
            if seen.contains(&field) || suggested.contains(&field) {
                continue;
            }
            let want = props
                .get(field)
                .map(|p| expected(p, defs))
                .unwrap_or_default();
            self.push(path, || {
                Diagnostic::at(
                    Code::MissingField,
                    src,
                    start,
                    start + 1,
                    format!("missing required field `{field}`{}", in_path(path)),
                )
                .with_help(format!(
                    "add \"{field}\" to this object: {want} (docs/FORMAT.md lists every field)"
                ))
                .with_label(format!("`{field}` is missing here"))
            });
        }
    }
}

fn in_path(path: &JsonPath) -> String {
    if path.0.is_empty() {
        String::new()
    } else {
        format!(" in {path}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<Diagnostic> {
        let src = Source::new("t.json", text);
        let t = crate::syntax::read(&src);
        let Some(v) = &t.value else {
            return Vec::new();
        };
        check(&src, v).into_iter().map(|p| p.diagnostic).collect()
    }

    const ACTORS: &str = r#""actors": [{"id": "cd", "name": "Công dân", "role": "applicant"}]"#;

    #[test]
    fn every_field_problem_at_once() {
        let text = format!(
            r#"{{"procedure": {{"code": "1.1", "fee_vnd": "50.000", "published": "có", {ACTORS},
              "steps": [{{"id": "a", "name": "Nộp", "actor": "cd", "action": "submit", "channel": "onlin"}},
                        {{"id": "b", "actor": "cd", "action": "submit", "channel": "online", "chanel": 1}}],
              "time_limit_days": "3 ngày"}}}}"#
        );
        let p = problems(&text);
        let got: Vec<(Code, &str)> = p.iter().map(|d| (d.code, d.message.as_str())).collect();
        assert_eq!(
            got,
            [
                (
                    Code::WrongType,
                    "`fee_vnd` must be a whole number without separators, e.g. 50000, not the text \"50.000\" (at procedure.fee_vnd)"
                ),
                (
                    Code::WrongType,
                    "`published` must be true or false (without quotes), not the text \"có\" (at procedure.published)"
                ),
                (
                    Code::UnknownValue,
                    "unknown value \"onlin\" (at procedure.steps[0].channel)"
                ),
                (
                    Code::UnknownField,
                    "unknown field `chanel` in procedure.steps[1]"
                ),
                (
                    Code::MissingField,
                    "missing required field `name` in procedure.steps[1]"
                ),
                (
                    Code::WrongType,
                    "`time_limit_days` must be a number, e.g. 2 or 0.5 (a decimal point, not a comma), not the text \"3 ngày\" (at procedure.time_limit_days)"
                ),
                (
                    Code::MissingField,
                    "missing required field `name` in procedure"
                ),
            ]
        );
        assert_eq!(
            p[0].help.as_deref(),
            Some("write 50000 without quotes, dots, commas or spaces")
        );
        assert_eq!(p[1].help.as_deref(), Some("write true without quotes"));
        assert!(
            p[2].help
                .as_deref()
                .is_some_and(|h| h.starts_with("did you mean \"online\"?"))
        );
        assert!(
            p[3].help
                .as_deref()
                .is_some_and(|h| h.starts_with("did you mean `channel`?"))
        );
    }

    #[test]
    fn a_misspelt_required_field_is_one_problem() {
        let text = format!(
            r#"{{"procedure": {{"code": "1.1", "name": "T", {ACTORS},
              "steps": [{{"id": "a", "name": "Nộp", "actor": "cd", "action": "submit", "chanel": "online"}}]}}}}"#
        );
        let p = problems(&text);
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].code, Code::UnknownField);
    }

    #[test]
    fn a_fee_with_a_decimal_part_and_a_negative_duration() {
        let text = format!(
            r#"{{"procedure": {{"code": "1.1", "name": "T", "fee_vnd": 50.000, {ACTORS},
              "steps": [{{"id": "a", "name": "Nộp", "actor": "cd", "action": "submit", "channel": "online", "duration_days": -1}}]}}}}"#
        );
        let p = problems(&text);
        assert_eq!(p.len(), 2, "{p:?}");
        assert_eq!(p[0].code, Code::WrongType);
        assert!(p[0].message.contains("not the number 50.000"));
        assert_eq!(p[1].code, Code::InvalidValue);
        assert_eq!(
            p[1].message,
            "`duration_days` must be 0 or more, not -1 (at procedure.steps[0].duration_days)"
        );
    }

    #[test]
    fn nulls_for_optional_fields_and_valid_documents_pass() {
        let text = format!(
            r#"{{"$schema": "x", "procedure": {{"code": "1.1", "name": "T", "fee_vnd": null, "result": null, {ACTORS},
              "steps": [{{"id": "a", "name": "Nộp", "actor": "cd", "action": "submit", "channel": "online"}}]}}}}"#
        );
        assert!(problems(&text).is_empty());
    }

    #[test]
    fn a_hostile_number_of_problems_is_capped() {
        let steps = vec![r#"{"id": 1}"#; 500].join(",");
        let text = format!(
            r#"{{"procedure": {{"code": "1.1", "name": "T", {ACTORS}, "steps": [{steps}]}}}}"#
        );
        let p = problems(&text);
        assert_eq!(p.len(), MAX_ISSUES + 1);
        assert!(p.last().is_some_and(|d| d.code == Code::TooLarge));
    }
}
