//! The results of a report as annotations of the input files: each blocker and finding at the
//! step (or procedure, or group) it is about, for code-review tools ([`crate::sarif`],
//! [`crate::github`]).
//!
//! The report knows each procedure's file and record line; where a step sits inside the file
//! comes from [`Positions`], which the caller makes from the files' text (this crate reads no
//! files). Without it, an annotation points at the record's line.

use std::collections::BTreeMap;

use quytrinh_model::{Lang, Place, Positions};

use crate::report::{Basis, Finding, FindingDetail, Report, SourceRef};
use crate::rules::FindingKind;

/// The places inside each input file, by the file name the report gives (`source.file`).
pub type Places = BTreeMap<String, Positions>;

/// How serious an annotation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// A blocker no legal provision requires: a re-engineering target.
    Error,
    /// A blocker a provision requires (`required_by`), or a finding.
    Warning,
    /// An option kept at the applicant's choice (`optional_channel`): no change needed.
    Note,
}

/// One blocker or finding, placed in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Annotation {
    pub severity: Severity,
    /// The stable code of its rule: the blocker's cause (`TC6-PRESENCE`) or the finding's
    /// (`F-TIMING`).
    pub rule: &'static str,
    /// The criterion (`TC6`) or finding code, and where: `TC6 1.001193/nop`.
    pub title: String,
    /// What is wrong, what would fix it, and the legal basis, in the report's language.
    pub message: String,
    /// The file, as the report names it; `None` for standard input.
    pub file: Option<String>,
    /// Where in the file; the record's line (column 1) when the step cannot be found.
    pub place: Place,
}

/// Every blocker and finding of `report`, in report order: each procedure's blockers, then its
/// findings, then each group's findings.
pub fn annotations(report: &Report, places: &Places) -> Vec<Annotation> {
    let sources: BTreeMap<&str, &SourceRef> = report
        .procedures
        .iter()
        .filter_map(|p| Some((p.code.as_str(), p.source.as_ref()?)))
        .collect();
    let locate = |source: Option<&SourceRef>, code: &str, step: Option<&str>, group: bool| {
        let line = source.map_or(1, |s| s.line);
        let at_line = Place {
            line,
            column: 1,
            end_line: line,
            end_column: 1,
        };
        let Some(positions) = source.and_then(|s| places.get(&s.file)) else {
            return at_line;
        };
        let found = if group {
            positions.group(line, code)
        } else {
            step.and_then(|s| positions.step(line, code, s))
                .or_else(|| positions.procedure(line, code))
        };
        found.unwrap_or(at_line)
    };
    let file = |source: Option<&SourceRef>| {
        source
            .map(|s| s.file.clone())
            .filter(|f| f.as_str() != "<stdin>")
    };
    // The report's texts are in its language; so are the citations.
    let lang = if report.lang == "en" {
        Lang::En
    } else {
        Lang::Vi
    };
    let mut out = Vec::new();
    for p in &report.procedures {
        let source = p.source.as_ref();
        for b in &p.blockers {
            let at = match (&b.step, &b.document) {
                (Some(s), Some(d)) => format!("{}/{s} [{d}]", p.code),
                (Some(s), None) => format!("{}/{s}", p.code),
                _ => p.code.clone(),
            };
            out.push(Annotation {
                severity: if b.justified {
                    Severity::Warning
                } else {
                    Severity::Error
                },
                rule: b.cause_code,
                title: format!("{} {at}", b.rule),
                message: message(&b.reason, &b.remedy, &Basis::cite_all(&b.basis, lang)),
                file: file(source),
                place: locate(source, &p.code, b.step.as_deref(), false),
            });
        }
        for f in &p.findings {
            out.push(Annotation {
                severity: finding_severity(f),
                rule: f.code,
                title: format!("{} {}", f.code, p.code),
                message: message(&f.reason, &f.remedy, &Basis::cite_all(&f.basis, lang)),
                file: file(source),
                place: locate(source, &p.code, finding_step(f).map(|(_, s)| s), false),
            });
        }
    }
    for g in &report.groups {
        for f in &g.findings {
            // A finding about a member's step points at that step, in the member's file.
            let (source, code, step, group) = match finding_step(f) {
                Some((Some(member), step)) => {
                    (sources.get(member).copied(), member, Some(step), false)
                }
                _ => (g.source.as_ref(), g.code.as_str(), None, true),
            };
            out.push(Annotation {
                severity: finding_severity(f),
                rule: f.code,
                title: format!("{} {}", f.code, g.code),
                message: message(&f.reason, &f.remedy, &Basis::cite_all(&f.basis, lang)),
                file: file(source),
                place: locate(source, code, step, group),
            });
        }
    }
    out
}

fn finding_severity(f: &Finding) -> Severity {
    if f.kind == FindingKind::OptionalChannel {
        Severity::Note
    } else {
        Severity::Warning
    }
}

/// The step a finding is about, with the member procedure when the finding names it.
fn finding_step(f: &Finding) -> Option<(Option<&str>, &str)> {
    match &f.detail {
        FindingDetail::FieldVerification { step, .. }
        | FindingDetail::OptionalChannel { step, .. } => Some((None, step)),
        FindingDetail::ResultAsked {
            procedure, step, ..
        } => Some((Some(procedure), step)),
        FindingDetail::SameDocument { asked, .. } => asked
            .first()
            .map(|a| (Some(a.procedure.as_str()), a.step.as_str())),
        FindingDetail::SingleWindow { steps, .. } => steps
            .get(1)
            .or(steps.first())
            .map(|a| (Some(a.procedure.as_str()), a.step.as_str())),
        FindingDetail::Timing { .. } | FindingDetail::Link { .. } => None,
    }
}

fn message(reason: &str, remedy: &str, clause: &str) -> String {
    let mut m = reason.to_owned();
    if !remedy.is_empty() {
        m.push_str("\n→ ");
        m.push_str(remedy);
    }
    if !clause.is_empty() {
        m.push_str("\n§ ");
        m.push_str(clause);
    }
    m
}
