//! The procedure model of quytrinh: the types of the input format (`FORMAT.md`), loading with
//! diagnostics that point at the offending value, and each procedure's step graph.
//!
//! This crate is pure: it never prints, exits or touches the terminal, and reads files only
//! through the [`FileSystem`] it is given.

#![warn(missing_docs)]

mod catalog;
mod diag;
pub mod escape;
mod fields;
mod graph;
mod hints;
mod labels;
mod level;
mod locate;
mod parse;
mod strict;
mod syntax;
mod types;
mod validate;
mod ways;

pub use catalog::{
    Catalog, FileSummary, FileSystem, Loaded, LoadedGroup, LoadedProcedure, Loader,
    MAX_INCLUDE_DEPTH, Origin, ParsedRecord, ProcId, RealFs, Reload, is_jsonl,
};
pub use diag::{Code, Diagnostic, DiagnosticRecord, Severity, Source, closest};
pub use graph::{FlowEdge, FlowIx, StepGraph, StepIx};
pub use level::Level;
pub use locate::{JsonPath, Place, Positions, Seg};
pub use types::*;
pub use ways::{
    Decision, DecisionKind, MAX_SCENARIOS, Scenario, StepSet, Strategy, TooManyScenarios, Ways,
};

/// Reads one JSON document (a procedure or a group) from text, for tools and tests that hold
/// the text already. Groups' includes are not resolved here; use [`Loader`] for that.
pub fn parse_str(name: &str, text: &str) -> Result<Document, Vec<Diagnostic>> {
    let source = Source::new(name, text);
    let doc = parse::parse_document(&source)?;
    let problems = semantic_problems(&source, &doc);
    // Warnings alone do not stop the document (this entry point has nowhere to report them).
    if problems.iter().any(Diagnostic::is_error) {
        Err(problems)
    } else {
        Ok(doc)
    }
}

/// The problems of ids, references and the step graph of a parsed document (a group's
/// includes and links aside: they need the members).
pub(crate) fn semantic_problems(source: &Source, doc: &Document) -> Vec<Diagnostic> {
    let mut issues = validate::Issues::default();
    if let Some(p) = &doc.procedure {
        validate::procedure(p, &JsonPath::root().key("procedure"), &mut issues);
    }
    if let Some(g) = &doc.group {
        validate::group_shape(g, &JsonPath::root().key("group"), &mut issues);
    }
    issues.into_diagnostics(source)
}

/// The JSON Schema (draft 2020-12) of the input format, generated from the model's types: what
/// `quytrinh schema` prints and `docs/quytrinh.schema.json` holds. Descriptions are in English
/// and Vietnamese.
pub fn json_schema() -> serde_json::Value {
    let settings = schemars::generate::SchemaSettings::draft2020_12().for_deserialize();
    let mut schema = schemars::SchemaGenerator::new(settings)
        .into_root_schema_for::<Document>()
        .to_value();
    unwrap_descriptions(&mut schema);
    schema
}

/// Doc comments are wrapped at 100 columns; an editor's tooltip wraps by itself.
fn unwrap_descriptions(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                match v {
                    serde_json::Value::String(s) if key == "description" => {
                        *s = s.replace('\n', " ");
                    }
                    _ => unwrap_descriptions(v),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(unwrap_descriptions),
        _ => {}
    }
}
