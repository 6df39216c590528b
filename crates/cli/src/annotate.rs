//! `analyze --format sarif | github`: the format choice, and the places of the steps in the
//! input files, read again for these formats only (the writers are in `quytrinh_analyze`).

use quytrinh_analyze::Report;
use quytrinh_analyze::annotate::Places;
use quytrinh_model::{Lang, Positions};

/// `analyze --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum AnalyzeFormat {
    Text,
    Json,
    Markdown,
    /// SARIF 2.1.0, each blocker and finding at the line and column of its step (code scanning)
    Sarif,
    /// GitHub Actions workflow commands (::error file=…,line=…::…), annotating the steps in CI
    Github,
}

/// The places of the procedures, steps and groups in every file the report names. A file that
/// cannot be read again (standard input, a file changed or removed since) has none: its
/// results point at the record's line.
pub(crate) fn places(report: &Report) -> Places {
    let mut places = Places::new();
    let files = report
        .procedures
        .iter()
        .filter_map(|p| p.source.as_ref())
        .chain(report.groups.iter().filter_map(|g| g.source.as_ref()));
    for source in files {
        if places.contains_key(&source.file) || source.file == "<stdin>" {
            continue;
        }
        let path = std::path::Path::new(&source.file);
        let Ok(bytes) = crate::read::read_regular(path, crate::read::MAX_DOCUMENT_BYTES) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        places.insert(source.file.clone(), Positions::of_file(&source.file, text));
    }
    places
}

/// The report in `format` (SARIF or GitHub workflow commands).
pub(crate) fn write(format: AnalyzeFormat, report: &Report, lang: Lang) -> String {
    let places = places(report);
    if format == AnalyzeFormat::Github {
        quytrinh_analyze::github::commands(report, &places)
    } else {
        quytrinh_analyze::sarif::to_string(report, &places, lang)
    }
}
