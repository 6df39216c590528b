//! The results of a report as annotations of the input files: each blocker and finding at the
//! step (or procedure, or group) it is about, for code-review tools ([`crate::sarif`],
//! [`crate::github`]).
//!
//! The report knows each procedure's file and record line; where a step sits inside the file
//! comes from [`Positions`], which the caller makes from the files' text (this crate reads no
//! files). Without it, an annotation points at the record's line.

use std::collections::BTreeMap;

use quytrinh_model::{Lang, Place, Positions};

use crate::report::{
    Basis, Blocker, Finding, FindingDetail, GroupAnalysis, ProcedureAnalysis, Report, SourceRef,
};
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
    /// How serious it is.
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
    let at = Locator::new(report, places);
    let mut out = Vec::new();
    for p in &report.procedures {
        out.extend(p.blockers.iter().map(|b| at.blocker(p, b)));
        out.extend(p.findings.iter().map(|f| at.procedure_finding(p, f)));
    }
    for g in &report.groups {
        out.extend(g.findings.iter().map(|f| at.group_finding(g, f)));
    }
    out
}

/// What placing an annotation needs: the places inside each file, each procedure's source by
/// code (a group finding about a member's step points into the member's file), and the
/// report's language (its texts are in it; so are the citations).
struct Locator<'a> {
    places: &'a Places,
    sources: BTreeMap<&'a str, &'a SourceRef>,
    lang: Lang,
}

impl<'a> Locator<'a> {
    fn new(report: &'a Report, places: &'a Places) -> Self {
        Locator {
            places,
            sources: report
                .procedures
                .iter()
                .filter_map(|p| Some((p.code.as_str(), p.source.as_ref()?)))
                .collect(),
            lang: if report.lang == "en" {
                Lang::En
            } else {
                Lang::Vi
            },
        }
    }

    /// Where `find` places the annotation in the file of `source`, given that file's positions
    /// and the record's line; the record's line (column 1) when it cannot.
    fn place(
        &self,
        source: Option<&SourceRef>,
        find: impl FnOnce(&Positions, usize) -> Option<Place>,
    ) -> Place {
        let line = source.map_or(1, |s| s.line);
        source
            .and_then(|s| self.places.get(&s.file))
            .and_then(|positions| find(positions, line))
            .unwrap_or(Place {
                line,
                column: 1,
                end_line: line,
                end_column: 1,
            })
    }

    /// The place of `step` in procedure `code`, or of the procedure itself.
    fn in_procedure(&self, source: Option<&SourceRef>, code: &str, step: Option<&str>) -> Place {
        self.place(source, |positions, line| {
            step.and_then(|s| positions.step(line, code, s))
                .or_else(|| positions.procedure(line, code))
        })
    }

    /// A blocker, at its step: an error unless a provision requires it.
    fn blocker(&self, p: &ProcedureAnalysis, b: &Blocker) -> Annotation {
        let at = match (&b.step, &b.document) {
            (Some(s), Some(d)) => format!("{}/{s} [{d}]", p.code),
            (Some(s), None) => format!("{}/{s}", p.code),
            _ => p.code.clone(),
        };
        let source = p.source.as_ref();
        Annotation {
            severity: if b.justified {
                Severity::Warning
            } else {
                Severity::Error
            },
            rule: b.cause_code,
            title: format!("{} {at}", b.rule),
            message: message(&b.reason, &b.remedy, &Basis::cite_all(&b.basis, self.lang)),
            file: file(source),
            place: self.in_procedure(source, &p.code, b.step.as_deref()),
        }
    }

    /// A procedure's finding, at the step it is about or at the procedure.
    fn procedure_finding(&self, p: &ProcedureAnalysis, f: &Finding) -> Annotation {
        let source = p.source.as_ref();
        let step = finding_step(f).map(|(_, s)| s);
        self.finding(f, &p.code, source, self.in_procedure(source, &p.code, step))
    }

    /// A group's finding: at the member's step it is about, in the member's file; otherwise at
    /// the group.
    fn group_finding(&self, g: &GroupAnalysis, f: &Finding) -> Annotation {
        let (source, place) = match finding_step(f) {
            Some((Some(member), step)) => {
                let source = self.sources.get(member).copied();
                (source, self.in_procedure(source, member, Some(step)))
            }
            _ => {
                let source = g.source.as_ref();
                let place = self.place(source, |positions, line| positions.group(line, &g.code));
                (source, place)
            }
        };
        self.finding(f, &g.code, source, place)
    }

    /// A finding about `owner` (a procedure or group code), placed at `place`.
    fn finding(
        &self,
        f: &Finding,
        owner: &str,
        source: Option<&SourceRef>,
        place: Place,
    ) -> Annotation {
        Annotation {
            severity: finding_severity(f),
            rule: f.code,
            title: format!("{} {owner}", f.code),
            message: message(&f.reason, &f.remedy, &Basis::cite_all(&f.basis, self.lang)),
            file: file(source),
            place,
        }
    }
}

/// The file an annotation names; `None` for standard input.
fn file(source: Option<&SourceRef>) -> Option<String> {
    source
        .map(|s| s.file.clone())
        .filter(|f| f.as_str() != "<stdin>")
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
