//! `quytrinh schema`: the JSON Schema (draft 2020-12) of the input format, for editors that
//! complete and check procedure files. The repository holds a copy, `docs/quytrinh.schema.json`.

use crate::Outcome;
use crate::ui::{CmdResult, print};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {}

pub(crate) fn run(_args: &Args) -> CmdResult {
    print(&schema_text())?;
    Ok(Outcome::Ok)
}

/// The schema as pretty JSON with a final newline: the bytes of `docs/quytrinh.schema.json`.
pub(crate) fn schema_text() -> String {
    let schema = quytrinh_model::json_schema();
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
