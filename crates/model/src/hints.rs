//! Warnings about what a valid file leaves unsaid: a field that decides a criterion, left out,
//! takes its default (`false`) silently. Run on valid documents only; looks at the text only
//! when such a field is false, so files that state them never pay for it.

use crate::diag::{Code, Diagnostic, Source};
use crate::locate::{JsonPath, Locator};
use crate::types::{Document, Procedure};

/// The fields whose absence fails a criterion, with the criterion.
const DECIDING: [(&str, u8); 2] = [("published", 1), ("forms_downloadable", 2)];

/// A warning for each of `published`, `forms_downloadable`, `result.electronic` left out of a
/// procedure of `doc` (inline group members included).
pub(crate) fn left_out_defaults(src: &Source, doc: &Document) -> Vec<Diagnostic> {
    let mut found: Vec<(JsonPath, &'static str, u8)> = Vec::new();
    let mut look = |p: &Procedure, at: JsonPath| {
        for (field, criterion) in DECIDING {
            let value = if field == "published" {
                p.published
            } else {
                p.forms_downloadable
            };
            if !value {
                found.push((at.clone(), field, criterion));
            }
        }
        if !p.result.as_ref().is_some_and(|r| r.electronic) {
            found.push((at, "result.electronic", 7));
        }
    };
    if let Some(p) = &doc.procedure {
        look(p, JsonPath::root().key("procedure"));
    }
    if let Some(g) = &doc.group {
        for (i, m) in g.procedures.iter().enumerate() {
            if let Some(p) = &m.procedure {
                look(
                    p,
                    JsonPath::root()
                        .key("group")
                        .key("procedures")
                        .index(i)
                        .key("procedure"),
                );
            }
        }
    }
    if found.is_empty() {
        return Vec::new();
    }
    let loc = Locator::new(&src.text);
    let mut out = Vec::new();
    for (at, field, criterion) in found {
        let (parent, key) = match field.split_once('.') {
            Some((object, key)) => (at.key(object), key),
            None => (at.clone(), field),
        };
        if loc.key_span(&parent, key).is_some() {
            continue;
        }
        let (s, e) = loc
            .head(&parent)
            .or_else(|| loc.head(&at))
            .unwrap_or((0, 1));
        out.push(
            Diagnostic::at(
                Code::DefaultTaken,
                src,
                s,
                e,
                format!("`{field}` is left out, so it is taken as false and criterion {criterion} is unmet (at {at})"),
            )
            .with_help(format!(
                "write \"{key}\": true or \"{key}\": false (docs/FORMAT.md, procedure fields)"
            ))
            .with_label(format!("no `{field}` here"))
            .warning(),
        );
    }
    out
}
