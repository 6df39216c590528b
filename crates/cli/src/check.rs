//! `quytrinh check`: load and validate; one summary line per file.

use std::fmt::Write as _;
use std::path::PathBuf;

use quytrinh_model::{Diagnostic, Loaded};

use crate::Outcome;
use crate::ui::{CmdResult, Ui, print, print_text};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Procedure or group files (.json, .jsonl), folders, or - for standard input
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,

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
    let loaded = quytrinh_model_load(&args.paths);
    let outcome = if loaded.has_errors() {
        Outcome::BadInput
    } else {
        Outcome::Ok
    };
    match args.format {
        Format::Json => {
            let records: Vec<_> = loaded.diagnostics.iter().map(Diagnostic::record).collect();
            let mut text =
                serde_json::to_string_pretty(&records).map_err(|e| miette::miette!("{e}"))?;
            text.push('\n');
            print(&text)?;
        }
        Format::Text => {
            ui.diagnostics(&loaded.diagnostics);
            print_text(&summary(&loaded))?;
        }
    }
    Ok(outcome)
}

fn quytrinh_model_load(paths: &[PathBuf]) -> Loaded {
    crate::input::load(paths)
}

/// One line per input file, then a total.
fn summary(loaded: &Loaded) -> String {
    let mut out = String::new();
    let mut errors_total = 0;
    for f in &loaded.files {
        let errors = loaded
            .diagnostics
            .iter()
            .filter(|d| d.is_error() && d.file == f.file)
            .count();
        errors_total += errors;
        let what = describe(f.procedures, f.groups, f.steps);
        // A group whose include failed is reported against the included file; the file
        // that holds the group is not ok either.
        let loaded_groups = loaded
            .catalog
            .groups
            .iter()
            .filter(|g| g.origin.file == f.file)
            .count();
        let failed_groups = f.groups.saturating_sub(loaded_groups);
        if errors == 0 && failed_groups > 0 {
            let _ = writeln!(
                out,
                "error  {}: {failed_groups} group{} not loaded (an included file has errors)",
                f.file,
                plural(failed_groups)
            );
        } else if errors == 0 {
            let _ = writeln!(out, "ok     {}: {what}", f.file);
        } else {
            let _ = writeln!(out, "error  {}: {errors} error{}", f.file, plural(errors));
        }
    }
    let other = loaded.diagnostics.iter().filter(|d| d.is_error()).count() - errors_total;
    let procedures = loaded.catalog.procedures.len();
    let groups = loaded.catalog.groups.len();
    let _ = writeln!(
        out,
        "{} file{}, {procedures} procedure{}, {groups} group{}, {} error{}",
        loaded.files.len(),
        plural(loaded.files.len()),
        plural(procedures),
        plural(groups),
        errors_total + other,
        plural(errors_total + other)
    );
    out
}

fn describe(procedures: usize, groups: usize, steps: usize) -> String {
    let mut parts = Vec::new();
    if procedures > 0 {
        parts.push(format!(
            "{procedures} procedure{} ({steps} step{})",
            plural(procedures),
            plural(steps)
        ));
    }
    if groups > 0 {
        parts.push(format!("{groups} group{}", plural(groups)));
    }
    if parts.is_empty() {
        "nothing to check".to_owned()
    } else {
        parts.join(", ")
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
