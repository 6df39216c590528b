//! `quytrinh check`: load and validate; one summary line per file (`quytrinh::check`).

use crate::Outcome;
use crate::ui::{CmdResult, Inputs, Ui, print, print_text};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    inputs: Inputs,

    /// Output format: a summary line per file (text), or the diagnostics as a JSON array
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

pub(crate) fn run(args: &Args, ui: &Ui) -> CmdResult {
    let loaded = crate::input::load(&args.inputs.paths);
    let outcome = if loaded.has_errors() {
        Outcome::BadInput
    } else {
        Outcome::Ok
    };
    match args.format {
        Format::Json => print(&quytrinh::check::diagnostics_json(&loaded.diagnostics)?)?,
        Format::Text => {
            ui.diagnostics(&loaded.diagnostics);
            print_text(&quytrinh::check::summary(&loaded))?;
        }
    }
    Ok(outcome)
}
