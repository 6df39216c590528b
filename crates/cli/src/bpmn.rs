//! `quytrinh import bpmn` (`render --format bpmn` is drawn by `quytrinh::draw`).

use std::path::PathBuf;

use quytrinh_model::{Code, Diagnostic};

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
    let bytes = if name == "-" {
        let mut b = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut b).map(|_| b)
    } else {
        std::fs::read(&args.file)
    };
    let bytes = match bytes {
        Ok(b) => b,
        Err(e) => {
            ui.diagnostics(&[Diagnostic::for_file(
                Code::Io,
                name.as_str(),
                format!("cannot read the file: {e}"),
            )]);
            return Ok(Outcome::BadInput);
        }
    };
    let Ok(text) = String::from_utf8(bytes) else {
        ui.diagnostics(&[Diagnostic::for_file(
            Code::NotUtf8,
            name.as_str(),
            "the file is not UTF-8 text; save it as UTF-8 (BPMN tools do by default)",
        )]);
        return Ok(Outcome::BadInput);
    };
    let quytrinh::import::BpmnImport {
        imported,
        json,
        diagnostics: diags,
    } = match quytrinh::import::bpmn(&name, &text) {
        Ok(i) => i,
        Err(diags) => {
            ui.diagnostics(&diags);
            return Ok(Outcome::BadInput);
        }
    };
    if !diags.is_empty() {
        ui.diagnostics(&diags);
    }
    // Each step a diagnostic names, shown in the drawing.
    for d in &diags {
        let named: Vec<&str> = d.message.split('`').skip(1).step_by(2).collect();
        for t in imported
            .tasks
            .iter()
            .filter(|t| named.contains(&t.step.as_str()))
        {
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
            crate::output::write_file(path, json.as_bytes(), true)?;
            ui.note(&format!("wrote {}", path.display()));
        }
        None => print(&json)?,
    }
    for g in &imported.guesses {
        ui.note(&format!(
            "{name}: guessed {} = {} for `{}`: {}",
            g.field, g.value, g.element, g.reason
        ));
    }
    if !imported.guesses.is_empty() {
        ui.note(&format!(
            "{name}: {} guesses; check each against the procedure (or add quytrinh's qt: attributes to the BPMN, see docs/BPMN.md)",
            imported.guesses.len()
        ));
    }
    Ok(Outcome::Ok)
}
