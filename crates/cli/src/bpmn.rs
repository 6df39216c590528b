//! `quytrinh import bpmn` (`render --format bpmn` is drawn by `quytrinh::draw`).

use std::path::PathBuf;

use quytrinh_model::Diagnostic;

use crate::Outcome;
use crate::ui::{CmdResult, Ui, print};

#[derive(Debug, clap::Args)]
pub(crate) struct ImportArgs {
    /// The BPMN file (.bpmn or .xml), or - for standard input
    #[arg(value_name = "FILE")]
    file: PathBuf,

    /// Write the model to this file (standard output without it)
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// `quytrinh import bpmn FILE [-o model.json]`: the model, checked as `quytrinh check` would,
/// then every guess made, one line each on standard error.
pub(crate) fn import(args: &ImportArgs, ui: &Ui) -> CmdResult {
    let name = args.file.display().to_string();
    let text = match quytrinh::import::read_bpmn(&args.file) {
        Ok(text) => text,
        Err(d) => {
            ui.diagnostics(&[*d]);
            return Ok(Outcome::BadInput);
        }
    };
    let import = match quytrinh::import::bpmn(&name, &text) {
        Ok(i) => i,
        Err(diags) => {
            ui.diagnostics(&diags);
            return Ok(Outcome::BadInput);
        }
    };
    let diags = &import.diagnostics;
    if !diags.is_empty() {
        ui.diagnostics(diags);
    }
    // Each step a diagnostic names, shown in the drawing.
    for d in diags {
        for t in import.tasks_named(d) {
            ui.note(&format!(
                "{name}:{}:{}: step `{}` of {} is the task `{}` there",
                t.line, t.column, t.step, t.procedure, t.element
            ));
        }
    }
    if diags.iter().any(Diagnostic::is_error) {
        ui.note(&format!(
            "{name}: the BPMN reads as a model that does not pass `quytrinh check` (above); fix the drawing (e.g. connect every task from the start event to an end event) and import again"
        ));
        return Ok(Outcome::BadInput);
    }

    match &args.output {
        Some(path) => {
            crate::output::write_file(path, import.json.as_bytes(), true)?;
            ui.note(&format!("wrote {}", path.display()));
        }
        None => print(&import.json)?,
    }
    for g in &import.imported.guesses {
        ui.note(&format!(
            "{name}: guessed {} = {} for `{}`: {}",
            g.field, g.value, g.element, g.reason
        ));
    }
    if !import.imported.guesses.is_empty() {
        ui.note(&format!(
            "{name}: {} guesses; check each against the procedure (or add quytrinh's qt: attributes to the BPMN, see docs/BPMN.md)",
            import.imported.guesses.len()
        ));
    }
    Ok(Outcome::Ok)
}
