//! Terminal output: colour, diagnostics, and writes to stdout that treat a closed pipe as a
//! clean end.

use std::io::{IsTerminal, Write};

use miette::{GraphicalReportHandler, GraphicalTheme};
use quytrinh_model::Diagnostic;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Why a command stopped early.
#[derive(Debug)]
pub(crate) enum Failure {
    /// stdout was closed (e.g. `quytrinh analyze … | head`): not an error.
    BrokenPipe,
    /// A problem to show the user (exit 2).
    Report(miette::Report),
}

impl From<miette::Report> for Failure {
    fn from(r: miette::Report) -> Self {
        Failure::Report(r)
    }
}

pub(crate) type CmdResult = Result<crate::Outcome, Failure>;

#[derive(Debug)]
pub(crate) struct Ui {
    color_stderr: bool,
}

impl Ui {
    pub(crate) fn new(choice: ColorChoice) -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let color_stderr = match choice {
            _ if no_color => false,
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => std::io::stderr().is_terminal(),
        };
        Ui { color_stderr }
    }

    fn handler(&self) -> GraphicalReportHandler {
        let theme = if self.color_stderr {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        GraphicalReportHandler::new_themed(theme)
            .with_context_lines(1)
            .with_width(100)
    }

    /// Writes diagnostics to stderr, each with its source snippet.
    pub(crate) fn diagnostics(&self, diags: &[Diagnostic]) {
        let handler = self.handler();
        let mut err = std::io::stderr().lock();
        for d in diags {
            let d = &d.for_terminal();
            let mut s = String::new();
            if handler.render_report(&mut s, d).is_err() {
                s = d.to_plain_string();
            }
            // A snippet names file:line:column itself; a whole-file problem needs the file named.
            if !d.has_snippet() {
                let place = match d.position {
                    Some((l, c)) => format!("{}:{l}:{c}", d.file),
                    None => d.file.to_string(),
                };
                s = format!("{place}:\n{s}");
            }
            let _ = writeln!(err, "{s}");
        }
    }

    /// Writes a CLI-level error to stderr. Its message and help may quote paths and values
    /// from the input: they are shown with control and bidi characters escaped (the colours of
    /// the theme are added after, so they still work).
    pub(crate) fn error_report(&self, report: &miette::Report) {
        use quytrinh_model::escape::terminal_lines;
        let mut clean = miette::MietteDiagnostic::new(terminal_lines(&report.to_string()));
        if let Some(help) = report.help() {
            clean = clean.with_help(terminal_lines(&help.to_string()));
        }
        let mut s = String::new();
        if self.handler().render_report(&mut s, &clean).is_err() {
            s = format!("error: {}", clean.message);
        }
        let _ = write!(std::io::stderr().lock(), "{s}");
    }

    /// A short note on stderr (progress, what was written).
    pub(crate) fn note(&self, text: &str) {
        let text = quytrinh_model::escape::terminal_lines(text);
        let _ = writeln!(std::io::stderr().lock(), "{text}");
    }
}

/// Writes a text report to stdout, with control and bidi characters from the input shown as
/// `\u{…}` (line breaks and tabs kept). A closed pipe ends the command cleanly.
pub(crate) fn print_text(text: &str) -> Result<(), Failure> {
    print(&quytrinh_model::escape::terminal_lines(text))
}

/// Writes `text` to stdout. A closed pipe ends the command cleanly.
pub(crate) fn print(text: &str) -> Result<(), Failure> {
    print_bytes(text.as_bytes())
}

/// Writes `bytes` (text or an image) to stdout. A closed pipe ends the command cleanly.
pub(crate) fn print_bytes(bytes: &[u8]) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(write_failure)
}

/// A failed write to stdout: a closed pipe ends the command cleanly, anything else is shown.
pub(crate) fn write_failure(e: std::io::Error) -> Failure {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        Failure::BrokenPipe
    } else {
        Failure::Report(miette::miette!("cannot write to stdout: {e}"))
    }
}

/// The inputs of the commands that read a catalogue.
#[derive(Debug, clap::Args)]
pub(crate) struct Inputs {
    /// Procedure or group files (.json, .jsonl), folders, or - for standard input
    #[arg(required = true, value_name = "PATH")]
    pub(crate) paths: Vec<std::path::PathBuf>,
}

/// `--field-verification` of the commands that analyse.
#[derive(Debug, clap::Args)]
pub(crate) struct Judging {
    /// How on-site verification (channel `field`) counts for criterion 6
    #[arg(long, value_enum, default_value_t = FieldVerificationArg::Blocks)]
    field_verification: FieldVerificationArg,
}

impl Judging {
    /// The analysis configuration, with reports in `lang`.
    pub(crate) fn config(&self, lang: quytrinh_model::Lang) -> quytrinh_analyze::Config {
        self.field_verification.config(lang)
    }
}

/// `--format` of the commands that report (`analyze`, `compare`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ReportFormat {
    Text,
    Json,
    Markdown,
}

/// `--lang`: the language of reports and diagram text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum LangArg {
    /// Vietnamese (tiếng Việt)
    #[default]
    Vi,
    /// English
    En,
}

impl From<LangArg> for quytrinh_model::Lang {
    fn from(l: LangArg) -> Self {
        match l {
            LangArg::Vi => quytrinh_model::Lang::Vi,
            LangArg::En => quytrinh_model::Lang::En,
        }
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::BrokenPipe => f.write_str("standard output was closed"),
            Failure::Report(r) => write!(f, "{r}"),
        }
    }
}

/// `--field-verification`: how on-site verification (channel `field`) counts for criterion 6.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum FieldVerificationArg {
    /// On-site verification makes criterion 6 unmet (default; Nghị định 224/2026/NĐ-CP, Điều 14)
    #[default]
    Blocks,
    /// On-site verification is reported as a finding but does not break criterion 6
    Allowed,
}

impl FieldVerificationArg {
    /// The analysis configuration, with reports in `lang`.
    pub(crate) fn config(self, lang: quytrinh_model::Lang) -> quytrinh_analyze::Config {
        quytrinh_analyze::Config {
            field_verification: self.into(),
            lang,
        }
    }
}

impl From<FieldVerificationArg> for quytrinh_analyze::FieldVerification {
    fn from(f: FieldVerificationArg) -> Self {
        match f {
            FieldVerificationArg::Blocks => quytrinh_analyze::FieldVerification::Blocks,
            FieldVerificationArg::Allowed => quytrinh_analyze::FieldVerification::Allowed,
        }
    }
}

/// `--require LEVEL`: one of the level names of the JSON output.
pub(crate) fn parse_level(s: &str) -> Result<quytrinh_model::Level, String> {
    quytrinh_model::Level::parse(s).ok_or_else(|| {
        let names: Vec<&str> = quytrinh_model::Level::ALL
            .iter()
            .rev()
            .map(|l| l.as_str())
            .collect();
        format!("unknown level {s:?}; expected one of: {}", names.join(", "))
    })
}
