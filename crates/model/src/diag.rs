//! Diagnostics: every problem found in an input, with its stable code, its place and its fix.
//!
//! Diagnostics implement [`miette::Diagnostic`], so the CLI can render them with source snippets;
//! this crate itself never prints.

use std::fmt;
use std::sync::Arc;

use miette::{LabeledSpan, MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};
use serde::Serialize;

macro_rules! codes {
    ($($(#[doc = $doc:literal])* $variant:ident = $code:literal, $name:literal;)*) => {
        /// The stable code of a diagnostic. Codes are never reused or renumbered.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Code { $($(#[doc = $doc])* $variant,)* }

        impl Code {
            /// Every code, in numeric order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The stable code, e.g. `QT011`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $code,)* }
            }

            /// A short kebab-case name, e.g. `unknown-reference`.
            pub fn name(self) -> &'static str {
                match self { $(Code::$variant => $name,)* }
            }

            /// The one-line description used in the documentation table.
            pub fn description(self) -> &'static str {
                match self { $(Code::$variant => concat!($($doc),*),)* }
            }
        }
    };
}

codes! {
    /// The file or folder cannot be read.
    Io = "QT001", "io";
    /// The file is not valid UTF-8.
    NotUtf8 = "QT002", "not-utf8";
    /// The file is empty (or holds only white space).
    Empty = "QT003", "empty-file";
    /// The file is not valid JSON (a syntax error, or a truncated file).
    Syntax = "QT004", "json-syntax";
    /// An object has a field the format does not define (a typo must not pass silently).
    UnknownField = "QT005", "unknown-field";
    /// A required field is missing.
    MissingField = "QT006", "missing-field";
    /// A value has the wrong JSON type.
    WrongType = "QT007", "wrong-type";
    /// A value is not one of the allowed enum values.
    UnknownValue = "QT008", "unknown-enum-value";
    /// The top level (or a group member) is not exactly one of the allowed shapes.
    Shape = "QT009", "wrong-shape";
    /// Two items of the same kind share an id (or two members of a group share a code).
    DuplicateId = "QT010", "duplicate-id";
    /// A flow, step, link or include names an id that does not exist.
    UnknownReference = "QT011", "unknown-reference";
    /// A step cannot be reached from the start step.
    Unreachable = "QT012", "unreachable-step";
    /// No end step can be reached from a step.
    DeadEnd = "QT013", "dead-end";
    /// A cycle in the step graph is not closed by a `rework` flow.
    Cycle = "QT014", "cycle-without-rework";
    /// A group's `include` names no file and no procedure among the inputs.
    MissingInclude = "QT015", "missing-include";
    /// A group's `include` leads back to a file already being included.
    CyclicInclude = "QT016", "cyclic-include";
    /// A value is out of its allowed range (a negative number, an empty list, a malformed id).
    InvalidValue = "QT017", "invalid-value";
    /// The input is beyond a limit of the tool (size, nesting, length).
    TooLarge = "QT018", "too-large";
    /// A path names no file to read (an empty folder, a folder where a file is expected).
    NoInput = "QT019", "no-input";
    /// A procedure has more than 4,096 scenarios (ways the decisions along it can go).
    TooManyScenarios = "QT020", "too-many-scenarios";
    /// A step has a `decision` question but fewer than two `alternative` or `reject` flows leave it (a warning).
    DecisionWithoutBranches = "QT021", "decision-without-branches";
    /// A field that decides a criterion is left out, so its default (`false`) is taken: write
    /// it, `false` included, so that an unknown is not taken for a "no" (a warning).
    DefaultTaken = "QT030", "default-taken";
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// The text a diagnostic points into: a whole file, or one record of a `.jsonl` catalogue.
#[derive(Debug, Clone)]
pub struct Source {
    /// The name shown to the user (`<stdin>` for standard input).
    pub name: Arc<str>,
    /// The text, valid UTF-8.
    pub text: Arc<str>,
    /// 0-based line of the file where `text` starts (non-zero for `.jsonl` records).
    pub first_line: usize,
}

impl Source {
    /// A source named `name` (a file, or `<stdin>`) holding `text`, starting at line 1.
    pub fn new(name: impl Into<Arc<str>>, text: impl Into<Arc<str>>) -> Self {
        Source {
            name: name.into(),
            text: text.into(),
            first_line: 0,
        }
    }

    /// 1-based line and column (in characters) of a byte offset, in the whole file.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let before = self.text.get(..offset).unwrap_or_default();
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let line = before.bytes().filter(|&b| b == b'\n').count();
        let column = before.get(line_start..).unwrap_or_default().chars().count();
        (self.first_line + line + 1, column + 1)
    }

    /// Byte offset of a 1-based line and column (as serde_json counts: bytes) inside `text`.
    pub fn offset_of(&self, line: usize, column: usize) -> usize {
        let mut offset = 0;
        for _ in 1..line {
            match self.text.get(offset..).and_then(|t| t.find('\n')) {
                Some(i) => offset += i + 1,
                None => return self.text.len(),
            }
        }
        floor_char_boundary(
            &self.text,
            (offset + column.saturating_sub(1)).min(self.text.len()),
        )
    }
}

/// The longest source line shown in a snippet.
const MAX_SNIPPET_LINE: usize = 400;

/// The longest message, help or label kept whole (bytes). They quote the offending value, and a
/// value can be megabytes long: a longer text keeps its start and its end (where the JSON path
/// is) around an ellipsis.
const MAX_MESSAGE: usize = 1024;

fn clip(s: String) -> String {
    if s.len() <= MAX_MESSAGE {
        return s;
    }
    let head = floor_char_boundary(&s, MAX_MESSAGE / 2);
    let mut tail = s.len() - MAX_MESSAGE / 4;
    while tail < s.len() && !s.is_char_boundary(tail) {
        tail += 1;
    }
    format!(
        "{} … ({} bytes left out) … {}",
        s.get(..head).unwrap_or_default(),
        tail - head,
        s.get(tail..).unwrap_or_default()
    )
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl SourceCode for Source {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self
            .text
            .read_span(span, context_lines_before, context_lines_after)?;
        // miette counts the column in bytes; show characters, as every position here does.
        let (_, column) = self.line_column(span.offset());
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_string(),
            inner.data(),
            *inner.span(),
            inner.line() + self.first_line,
            column.saturating_sub(1),
            inner.line_count(),
        )))
    }
}

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The input cannot be used as it is.
    Error,
    /// The input is used, but something is probably not what was meant.
    Warning,
}

/// One problem in the input.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// The stable code (`QT001`…) of the kind of problem.
    pub code: Code,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
    /// What would fix it.
    pub help: Option<String>,
    /// The file (or `<stdin>`).
    pub file: Arc<str>,
    /// 1-based line and column (characters) of the offending value, where there is one.
    pub position: Option<(usize, usize)>,
    /// The offending value: byte range inside `source.text`.
    span: Option<SourceSpan>,
    label: Option<String>,
    source: Option<Source>,
}

impl Diagnostic {
    /// A diagnostic about a whole file or path, with no position in it.
    pub fn for_file(code: Code, file: impl Into<Arc<str>>, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: Severity::Error,
            message: clip(message.into()),
            help: None,
            file: file.into(),
            position: None,
            span: None,
            label: None,
            source: None,
        }
    }

    /// A diagnostic pointing at bytes `start..end` of `source`.
    pub fn at(
        code: Code,
        source: &Source,
        start: usize,
        end: usize,
        message: impl Into<String>,
    ) -> Self {
        let start = floor_char_boundary(&source.text, start.min(source.text.len()));
        let end = floor_char_boundary(&source.text, end.clamp(start, source.text.len()));
        // A snippet of a very long line (minified JSON, a megabyte string) would flood the
        // terminal: keep the position, drop the snippet.
        let text = &source.text;
        let line_start = text
            .get(..start)
            .and_then(|t| t.rfind('\n'))
            .map_or(0, |i| i + 1);
        let line_end = text
            .get(end..)
            .and_then(|t| t.find('\n'))
            .map_or(text.len(), |i| end + i);
        let readable = line_end - line_start <= MAX_SNIPPET_LINE;
        Diagnostic {
            position: Some(source.line_column(start)),
            span: readable.then(|| SourceSpan::from(start..end)),
            source: readable.then(|| source.clone()),
            ..Diagnostic::for_file(code, source.name.clone(), message)
        }
    }

    /// The same diagnostic with `help` (what would fix it).
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(clip(help.into()));
        self
    }

    /// The same diagnostic with `label` (the words shown under the offending text).
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(clip(label.into()));
        self
    }

    /// The same diagnostic as a warning.
    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    /// Whether the rendered form shows the source around the problem (and names its place).
    pub fn has_snippet(&self) -> bool {
        self.source.is_some()
    }

    /// Whether it is an error (not a warning).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The 1-based line of the problem, when it has a place in a file.
    pub fn line(&self) -> Option<usize> {
        self.position.map(|p| p.0)
    }

    /// The 1-based column (in characters) of the problem, when it has a place in a file.
    pub fn column(&self) -> Option<usize> {
        self.position.map(|p| p.1)
    }

    /// This diagnostic as it may be shown on a terminal: every value it quotes (message, help,
    /// label, file name) and its source snippet with control and bidi characters shown as
    /// `\u{…}` ([`crate::escape`]); the highlighted span moves with its text.
    pub fn for_terminal(&self) -> Diagnostic {
        use crate::escape::{is_hidden, terminal, terminal_lines, terminal_lines_mapped};
        let mut d = self.clone();
        d.message = terminal_lines(&self.message).into_owned();
        d.help = self.help.as_deref().map(|h| terminal_lines(h).into_owned());
        d.label = self.label.as_deref().map(|l| terminal(l).into_owned());
        d.file = Arc::from(terminal(&self.file).as_ref());
        let renamed = d.file != self.file;
        if let Some(src) = &self.source
            && (renamed
                || src
                    .text
                    .chars()
                    .any(|c| is_hidden(c) && c != '\n' && c != '\t'))
        {
            let (text, map) = terminal_lines_mapped(&src.text);
            d.span = self.span.map(|s| {
                let start = map(s.offset());
                SourceSpan::from(start..map(s.offset() + s.len()))
            });
            d.source = Some(Source {
                name: d.file.clone(),
                text: Arc::from(text),
                first_line: src.first_line,
            });
        }
        d
    }

    /// The plain, one-line form: `file:line:column: error[QT011]: message`.
    pub fn to_plain_string(&self) -> String {
        let place = match self.position {
            Some((l, c)) => format!("{}:{l}:{c}", self.file),
            None => self.file.to_string(),
        };
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut s = format!("{place}: {severity}[{}]: {}", self.code, self.message);
        if let Some(help) = &self.help {
            s.push_str("\n  help: ");
            s.push_str(help);
        }
        s
    }
}

/// The JSON form of a diagnostic (`check --format json`).
#[derive(Debug, Serialize)]
pub struct DiagnosticRecord<'a> {
    /// The file.
    pub file: &'a str,
    /// The 1-based line, if the problem has a place.
    pub line: Option<usize>,
    /// The 1-based column, if the problem has a place.
    pub column: Option<usize>,
    /// The stable code, e.g. `QT001`.
    pub code: &'static str,
    /// The name of the code, e.g. `syntax`.
    pub name: &'static str,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong.
    pub message: &'a str,
    /// What would fix it.
    pub help: Option<&'a str>,
}

impl Diagnostic {
    /// The JSON form of this diagnostic.
    pub fn record(&self) -> DiagnosticRecord<'_> {
        DiagnosticRecord {
            file: &self.file,
            line: self.line(),
            column: self.column(),
            code: self.code.as_str(),
            name: self.code.name(),
            severity: self.severity,
            message: &self.message,
            help: self.help.as_deref(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Diagnostic {}

impl miette::Diagnostic for Diagnostic {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(format!("{}({})", self.code, self.code.name())))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.span?;
        let label = self.label.clone().or_else(|| Some("here".to_owned()));
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(
            label, span,
        ))))
    }

    fn url<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        None
    }
}

/// The longest id or value for which a "did you mean" is looked for: a typo is short, and the
/// similarity of two long strings costs time that grows with the product of their lengths.
const MAX_SUGGESTED_LEN: usize = 256;

/// The closest candidate to `wanted` by edit distance, if it is close enough to be a likely typo.
pub fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    if wanted.len() > MAX_SUGGESTED_LEN {
        return None;
    }
    let wanted = wanted.to_lowercase();
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        if c.len() > MAX_SUGGESTED_LEN {
            continue;
        }
        let score = strsim::jaro_winkler(&wanted, &c.to_lowercase());
        if best.is_none_or(|(s, _)| score > s) {
            best = Some((score, c));
        }
    }
    best.filter(|(s, _)| *s >= 0.7).map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut seen = std::collections::BTreeSet::new();
        for c in Code::ALL {
            assert!(seen.insert(c.as_str()), "duplicate code {c}");
            assert!(c.as_str().starts_with("QT") && c.as_str().len() == 5);
            assert!(!c.description().is_empty());
        }
    }

    #[test]
    fn line_column_counts_characters() {
        let s = Source::new("f", "{\n  \"tên\": 1\n}");
        let off = s.text.find('1').unwrap_or_default();
        assert_eq!(s.line_column(off), (2, 10));
        assert_eq!(s.offset_of(2, 11), off, "serde_json columns count bytes");
    }

    #[test]
    fn long_messages_keep_their_start_and_end() {
        let value = "ố".repeat(500_000);
        let d = Diagnostic::for_file(
            Code::UnknownValue,
            "f",
            format!("unknown value \"{value}\" (at procedure.steps[0].channel)"),
        )
        .with_help(value.clone())
        .with_label(value);
        assert!(d.message.len() < 2 * MAX_MESSAGE, "{}", d.message.len());
        assert!(d.message.starts_with("unknown value \"ốố"));
        assert!(d.message.ends_with("(at procedure.steps[0].channel)"));
        assert!(d.message.contains("bytes left out"));
        assert!(d.help.unwrap_or_default().len() < 2 * MAX_MESSAGE);
        assert!(d.label.unwrap_or_default().len() < 2 * MAX_MESSAGE);
        let short = Diagnostic::for_file(Code::Io, "f", "short");
        assert_eq!(short.message, "short");
    }

    #[test]
    fn closest_ignores_values_too_long_to_be_typos() {
        let long = "a".repeat(1_000_000);
        assert_eq!(closest(&long, ["a", "aa"]), None);
        assert_eq!(
            closest("tiep_nhn", [long.as_str(), "tiep_nhan"]),
            Some("tiep_nhan")
        );
    }

    #[test]
    fn closest_suggests_typos_only() {
        assert_eq!(
            closest("tiep_nhn", ["tiep_nhan", "nop", "tra"]),
            Some("tiep_nhan")
        );
        assert_eq!(closest("zzz", ["tiep_nhan", "nop"]), None);
    }
}

#[cfg(test)]
mod docs {
    use super::Code;

    /// The table of diagnostic codes in docs/DIAGNOSTICS.md is generated from [`Code`]; this test
    /// fails when the committed file is stale. `UPDATE_DOCS=1 cargo test -p quytrinh-model` rewrites it.
    #[test]
    fn diagnostics_doc_is_current() {
        let mut doc = String::from(
            "# Diagnostic codes\n\n\
             Generated from `crates/model/src/diag.rs` (`UPDATE_DOCS=1 cargo test -p quytrinh-model`).\n\
             Every problem `quytrinh` finds in an input has one of these stable codes, the file, line and\n\
             column of the offending value, and a suggested fix. Codes are never renumbered or reused.\n\
             Any error makes the command exit with code 2 without writing an output file.\n\n\
             | code | name | meaning |\n|---|---|---|\n",
        );
        for c in Code::ALL {
            doc.push_str(&format!(
                "| `{}` | `{}` | {} |\n",
                c.as_str(),
                c.name(),
                c.description()
            ));
        }
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/DIAGNOSTICS.md");
        if std::env::var_os("UPDATE_DOCS").is_some() {
            std::fs::write(&path, &doc).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert_eq!(
            committed, doc,
            "docs/DIAGNOSTICS.md is stale: run UPDATE_DOCS=1 cargo test -p quytrinh-model"
        );
    }
}
