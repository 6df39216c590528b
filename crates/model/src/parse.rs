//! Text to [`Document`]: serde_json straight into the model types; when that fails, every
//! problem of the file at once — each syntax slip a tolerant parser reads past ([`crate::syntax`])
//! and each missing, unknown or mistyped field ([`crate::fields`]) — each pointing at the
//! offending value.

use crate::diag::{Code, Diagnostic, Source, closest};
use crate::locate::{JsonPath, Locator, Seg};
use crate::strict::Strict;
use crate::types::Document;

/// Parses one JSON document (a file, or one `.jsonl` record). On failure, every problem found.
pub(crate) fn parse_document(src: &Source) -> Result<Document, Vec<Diagnostic>> {
    if src.text.trim().is_empty() {
        return Err(vec![
            Diagnostic::for_file(Code::Empty, src.name.clone(), "the file is empty").with_help(
                r#"write one procedure as {"procedure": {...}} or one group as {"group": {...}} (see docs/FORMAT.md)"#,
            ),
        ]);
    }
    if src.text.trim_start().starts_with('[') {
        // serde would read the list as the fields of a procedure, in order, and blame its
        // first element.
        let at = src.text.len() - src.text.trim_start().len();
        return Err(vec![
            Diagnostic::at(Code::Shape, src, at, at + 1, "the document is a list [ ], not an object { }")
                .with_help(r#"write one procedure as {"procedure": {...}} or one group as {"group": {...}} (see docs/FORMAT.md); for many, write one per line in a .jsonl file"#),
        ]);
    }
    match crate::strict::from_str::<Document>(&src.text) {
        Ok(doc) => check_shape(src, doc).map_err(|d| vec![*d]),
        Err(e) => Err(all_problems(src, &e)),
    }
}

/// Every problem of a document serde_json refused with `e`, in the order of the text.
fn all_problems(src: &Source, e: &serde_json::Error) -> Vec<Diagnostic> {
    if !e.is_data() && bare_message(e).contains("recursion limit exceeded") {
        return vec![syntax_error(src, e)];
    }
    let tolerant = crate::syntax::read(src);
    let mut out = tolerant.problems;
    let mut field_paths: Vec<JsonPath> = Vec::new();
    if let Some(root) = &tolerant.value {
        if let Some(d) = foreign_top_level(src, root) {
            return vec![d];
        }
        for p in crate::fields::check(src, root) {
            field_paths.push(p.path);
            out.push(p.diagnostic);
        }
    }
    // serde's own error, whenever the tolerant reading did not find the same problem (the two
    // readings should agree; this keeps a disagreement from hiding an error).
    if e.is_data() {
        let (path, d) = data_error(src, e);
        let covered = field_paths
            .iter()
            .any(|p| p.0.starts_with(&path.0) || path.0.starts_with(&p.0));
        if !covered {
            out.push(d);
        }
    } else if !out.iter().any(|d| d.code == Code::Syntax) {
        out.push(syntax_error(src, e));
    }
    // Only the syntax was wrong: the document read past the slips is checked like any other,
    // so its ids and step graph are reported in the same run.
    if field_paths.is_empty()
        && !tolerant.fatal
        && let Some(doc) = tolerant.value.as_ref().and_then(typed)
    {
        out.extend(crate::semantic_problems(src, &doc));
    }
    // "N more problems" notes (position 1:1) go last.
    out.sort_by_key(|d| (d.code == Code::TooLarge, d.position));
    out
}

/// The document a tolerant parse read, as the model's types, when its fields fit them.
fn typed(root: &jsonc_parser::ast::Value<'_>) -> Option<Document> {
    use serde::Deserialize;
    Document::deserialize(Strict(to_json(root)?)).ok()
}

/// jsonc-parser's AST as a serde_json value; `None` for a number JSON does not allow (reported
/// as a syntax problem already).
fn to_json(v: &jsonc_parser::ast::Value<'_>) -> Option<serde_json::Value> {
    use jsonc_parser::ast::Value as V;
    Some(match v {
        V::StringLit(s) => serde_json::Value::String(s.value.to_string()),
        V::NumberLit(n) => serde_json::from_str(n.value).ok()?,
        V::BooleanLit(b) => serde_json::Value::Bool(b.value),
        V::NullKeyword(_) => serde_json::Value::Null,
        V::Array(a) => {
            serde_json::Value::Array(a.elements.iter().map(to_json).collect::<Option<_>>()?)
        }
        V::Object(o) => serde_json::Value::Object(
            o.properties
                .iter()
                .map(|p| Some((p.name.as_str().to_owned(), to_json(&p.value)?)))
                .collect::<Option<_>>()?,
        ),
    })
}

/// The top level has a key that is not `procedure`, `group` or `$schema` and is no typo of
/// them: the file is something else (a `package.json`, an export of another tool).
fn foreign_top_level(src: &Source, root: &jsonc_parser::ast::Value<'_>) -> Option<Diagnostic> {
    const TOP: [&str; 3] = ["$schema", "procedure", "group"];
    let jsonc_parser::ast::Value::Object(o) = root else {
        return None;
    };
    let foreign = o
        .properties
        .iter()
        .map(|p| p.name.as_str())
        .find(|k| !TOP.contains(k) && closest(k, TOP).is_none())?;
    let loc = Locator::new(&src.text);
    Some(not_a_procedure_file(src, &loc, foreign))
}

fn check_shape(src: &Source, doc: Document) -> Result<Document, Box<Diagnostic>> {
    if doc.procedure.is_some() != doc.group.is_some() {
        return Ok(doc);
    }
    let loc = Locator::new(&src.text);
    let (s, e) = loc.head(&JsonPath::root()).unwrap_or((0, 1));
    let message = if doc.procedure.is_some() {
        "the document has both \"procedure\" and \"group\""
    } else {
        "not a procedure or group file: the document has neither \"procedure\" nor \"group\""
    };
    Err(Box::new(Diagnostic::at(Code::Shape, src, s, e, message).with_help(
        r#"a file holds exactly one of {"procedure": {...}} (a single procedure) or {"group": {...}} (a liên thông group); put each in its own file or .jsonl line"#,
    )))
}

/// serde_json's message without its " at line L column C" tail.
fn bare_message(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s.get(..i).unwrap_or(&s).to_owned(),
        None => s,
    }
}

fn syntax_error(src: &Source, e: &serde_json::Error) -> Diagnostic {
    let at = src.offset_of(e.line(), e.column());
    let message = bare_message(e);
    if message.contains("recursion limit exceeded") {
        return Diagnostic::at(Code::TooLarge, src, at, at, "the JSON is nested too deeply (more than 128 levels)")
            .with_help("procedure files nest a few levels at most; check that the file is a procedure or group");
    }
    let help = if e.is_eof() {
        "the file ends in the middle of a value: it may be truncated, or a closing bracket or quote is missing"
    } else if message.contains("trailing comma") {
        "remove the comma before the closing bracket: JSON allows no trailing commas"
    } else if message.contains("key must be a string") {
        "object keys must be in double quotes, e.g. \"name\""
    } else if message.contains("control character") {
        "write a line break inside a string as \\n"
    } else {
        "fix the JSON syntax here (a missing comma, quote or bracket is the usual cause)"
    };
    let end = next_char_end(&src.text, at);
    Diagnostic::at(
        Code::Syntax,
        src,
        at,
        end,
        format!("invalid JSON: {message}"),
    )
    .with_help(help)
}

fn next_char_end(text: &str, at: usize) -> usize {
    text.get(at..)
        .and_then(|t| t.chars().next())
        .map_or(at, |c| at + c.len_utf8())
}

/// A data error: the JSON is well-formed but does not fit the format. serde_json says what and
/// roughly where; serde_path_to_error says which field, so the span can cover the value itself.
fn data_error(src: &Source, e: &serde_json::Error) -> (JsonPath, Diagnostic) {
    let mut de = serde_json::Deserializer::from_str(&src.text);
    let path = match serde_path_to_error::deserialize::<_, Document>(Strict(&mut de)) {
        Err(pe) => to_json_path(pe.path()),
        Ok(_) => JsonPath::root(),
    };
    let message = plain_types(&bare_message(e));
    let loc = Locator::new(&src.text);
    let fallback = src.offset_of(e.line(), e.column());
    let fallback_span = (fallback, fallback);
    let place = if path.0.is_empty() {
        String::new()
    } else {
        format!(" (at {path})")
    };

    if let Some(field) = between_backticks(&message, "unknown field `") {
        let allowed = backticked_list(&message);
        let mut parent = path.clone();
        if matches!(parent.0.last(), Some(Seg::Key(k)) if k == field) {
            parent.0.pop();
        }
        if parent.0.is_empty()
            && !allowed.is_empty()
            && closest(field, allowed.iter().map(String::as_str)).is_none()
        {
            return (path, not_a_procedure_file(src, &loc, field));
        }
        let (s, t) = loc.key_span(&parent, field).unwrap_or(fallback_span);
        let mut help = format!("allowed fields here: {}", quote_list(&allowed));
        if let Some(c) = closest(field, allowed.iter().map(String::as_str)) {
            help = format!("did you mean `{c}`? {help}");
        }
        let at = if parent.0.is_empty() {
            String::new()
        } else {
            format!(" in {parent}")
        };
        return (
            path.clone(),
            Diagnostic::at(
                Code::UnknownField,
                src,
                s,
                t,
                format!("unknown field `{field}`{at}"),
            )
            .with_help(help)
            .with_label("not a field of the format"),
        );
    }
    if let Some(field) = between_backticks(&message, "missing field `") {
        let (s, t) = loc.head(&path).unwrap_or(fallback_span);
        let at = if path.0.is_empty() {
            String::new()
        } else {
            format!(" in {path}")
        };
        return (
            path.clone(),
            Diagnostic::at(
                Code::MissingField,
                src,
                s,
                t,
                format!("missing required field `{field}`{at}"),
            )
            .with_help(format!(
                "add \"{field}\" to this object (docs/FORMAT.md lists its type)"
            ))
            .with_label(format!("`{field}` is missing here")),
        );
    }
    if let Some(value) = between_backticks(&message, "unknown variant `") {
        let allowed = backticked_list(message.split("expected").nth(1).unwrap_or_default());
        let (s, t) = loc.span(&path).unwrap_or(fallback_span);
        let mut help = format!("allowed values: {}", quote_list(&allowed));
        if let Some(c) = closest(value, allowed.iter().map(String::as_str)) {
            help = format!("did you mean \"{c}\"? {help}");
        }
        return (
            path.clone(),
            Diagnostic::at(
                Code::UnknownValue,
                src,
                s,
                t,
                format!("unknown value \"{value}\"{place}"),
            )
            .with_help(help)
            .with_label("not an allowed value"),
        );
    }
    let code = if message.starts_with("invalid type") {
        Code::WrongType
    } else {
        Code::InvalidValue
    };
    let (s, t) = loc.span(&path).unwrap_or(fallback_span);
    let help = if code == Code::WrongType {
        "give this field the type docs/FORMAT.md lists for it (strings in quotes, numbers bare, lists in [ ])"
    } else {
        "give this field a value in the range docs/FORMAT.md allows (integers are whole numbers ≥ 0)"
    };
    let d = Diagnostic::at(code, src, s, t, format!("{message}{place}")).with_help(help);
    (path, d)
}

/// The top level has a key that is not `procedure`, `group` or `$schema` and is no typo of
/// them: the file is something else (a `package.json`, an export of another tool).
fn not_a_procedure_file(src: &Source, loc: &Locator<'_>, field: &str) -> Diagnostic {
    let (s, t) = loc
        .key_span(&JsonPath::root(), field)
        .or_else(|| loc.head(&JsonPath::root()))
        .unwrap_or((0, 1));
    Diagnostic::at(
        Code::Shape,
        src,
        s,
        t,
        format!("not a procedure or group file: its top level has `{field}`, not \"procedure\" or \"group\""),
    )
    .with_help(r#"a procedure file is {"procedure": {...}} and a group file {"group": {...}} (docs/FORMAT.md); `quytrinh new procedure` writes a starter file"#)
    .with_label("not a key of a procedure or group file")
}

/// serde names Rust types ("struct Procedure", "a sequence", "u64"); say what a JSON author
/// writes.
fn plain_types(message: &str) -> String {
    let mut m = message
        .replace(
            "expected u64",
            "expected a whole number without separators, e.g. 50000",
        )
        .replace(
            "expected f64",
            "expected a number, e.g. 0.5 (a decimal point, not a comma)",
        )
        .replace(
            "expected a boolean",
            "expected true or false (without quotes)",
        )
        .replace("a sequence", "a list [ ]")
        .replace("invalid type: sequence", "invalid type: a list [ ]")
        .replace("map", "object");
    for name in [
        "Procedure",
        "Group",
        "Document",
        "Actor",
        "DossierDocument",
        "Step",
        "Flow",
        "Link",
        "Member",
        "ProcedureResult",
    ] {
        m = m.replace(&format!("struct {name}"), "an object { }");
    }
    m
}

fn to_json_path(p: &serde_path_to_error::Path) -> JsonPath {
    JsonPath(
        p.iter()
            .filter_map(|seg| match seg {
                serde_path_to_error::Segment::Seq { index } => Some(Seg::Index(*index)),
                serde_path_to_error::Segment::Map { key } => Some(Seg::Key(key.clone())),
                serde_path_to_error::Segment::Enum { .. }
                | serde_path_to_error::Segment::Unknown => None,
            })
            .collect(),
    )
}

fn between_backticks<'a>(message: &'a str, prefix: &str) -> Option<&'a str> {
    let rest = message.strip_prefix(prefix)?;
    rest.split('`').next()
}

fn backticked_list(s: &str) -> Vec<String> {
    let after = s.split_once("expected").map_or(s, |(_, b)| b);
    after
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

fn quote_list(items: &[String]) -> String {
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
