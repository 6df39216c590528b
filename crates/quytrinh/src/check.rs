//! What `quytrinh check` reports of a load: one line per input file and a total
//! ([`summary`]), or every diagnostic as a JSON array ([`diagnostics_json`]).
//!
//! ```
//! let loaded = quytrinh::load::load_str("khai-sinh.json", quytrinh::EXAMPLE);
//! assert_eq!(
//!     quytrinh::check::summary(&loaded),
//!     "ok     khai-sinh.json: 1 procedure (3 steps)\n1 file, 1 procedure, 0 groups, 0 errors\n"
//! );
//! let broken = quytrinh::load::load_str("broken.json", "{\"procedure\": ");
//! let json: serde_json::Value =
//!     serde_json::from_str(&quytrinh::check::diagnostics_json(&broken.diagnostics).unwrap()).unwrap();
//! assert_eq!(json[0]["file"], "broken.json");
//! ```

use std::fmt::Write as _;

use quytrinh_model::{Diagnostic, Loaded};

use crate::Error;

/// One line per input file (`ok`, with what it holds, or `error`, with how many), then a line
/// of totals.
pub fn summary(loaded: &Loaded) -> String {
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

/// `diagnostics` as a pretty JSON array of their records ([`Diagnostic::record`]: file, line,
/// column, code, name, severity, message, help), with a line break at the end.
pub fn diagnostics_json(diagnostics: &[Diagnostic]) -> Result<String, Error> {
    let records: Vec<_> = diagnostics.iter().map(Diagnostic::record).collect();
    let mut text = serde_json::to_string_pretty(&records).map_err(|e| miette::miette!("{e}"))?;
    text.push('\n');
    Ok(text)
}
