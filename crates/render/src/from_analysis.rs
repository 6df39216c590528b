//! The analysis as the renderer's overlays (feature `analysis`).
//!
//! The renderer takes its own [`Overlay`] and [`GroupOverlay`], so it can draw without the
//! analyzer; this module is the one translation from `quytrinh-analyze`'s results, used by the
//! CLI, the property tests and the fuzz targets alike.

use quytrinh_analyze::{Asked, FindingDetail, GroupAnalysis, ProcedureAnalysis, Report};
use quytrinh_model::{Catalog, LoadedGroup};

use crate::table::{CriticalPath, OptionalStep, TableFacts};
use crate::{GroupOverlay, Overlay, Repeated};

/// What the step table marks, from the analysis of its procedure: the critical path (its
/// total is the table's total) and the options kept at the applicant's choice (findings
/// `optional_channel`).
pub fn table_facts(a: &ProcedureAnalysis) -> TableFacts<'_> {
    TableFacts {
        critical_path: Some(CriticalPath {
            days: a.critical_path_days,
            steps: &a.critical_path,
        }),
        optional_steps: a
            .optional_channels()
            .map(|(criterion, step, instead)| OptionalStep {
                step,
                criterion,
                instead,
            })
            .collect(),
    }
}

/// The analysis of a procedure as the renderer's overlay: its level and every blocker.
pub fn overlay(a: &ProcedureAnalysis) -> Overlay {
    let mut o = Overlay {
        level: Some(a.level),
        critical_path: a.critical_path.clone(),
        critical_path_days: Some(a.critical_path_days),
        trips: Some(a.applicant_visits),
        criteria_met: Some(
            a.criteria
                .iter()
                .filter(|(_, s)| s.is_ok())
                .map(|(n, _)| n)
                .collect(),
        ),
        missing_for_partial: a.missing_for_partial.clone(),
        missing_for_full: a.missing_for_full.clone(),
        strategy_steps: a.strategy_steps.iter().cloned().collect(),
        ..Overlay::default()
    };
    for (criterion, step, instead) in a.optional_channels() {
        o.add_optional(criterion, step, instead);
    }
    for b in &a.blockers {
        o.add_blocker(
            b.criterion,
            b.step.as_deref(),
            b.document.as_deref(),
            b.justified,
        );
    }
    o
}

/// A group's overlay: its level, its members' overlays (each member's analysis taken by its
/// place in the catalogue; `report` is the analysis of `catalog`) and the links the analysis
/// reports as not online (matched to the group's links by their fields, each link once).
pub fn group_overlay(
    catalog: &Catalog,
    g: &LoadedGroup,
    a: &GroupAnalysis,
    report: &Report,
) -> GroupOverlay {
    group_overlay_by(catalog, g, a, |i, code| {
        report
            .procedures
            .get(i)
            .filter(|pa| pa.code == code)
            .map(overlay)
    })
}

/// [`group_overlay`] from the overlays of the catalogue's procedures, already made:
/// `procedures[i]` is the overlay of `catalog.procedures[i]` (so a caller that analysed each
/// procedure with `quytrinh_analyze::analyze_procedure` needs no [`Report`]).
pub fn group_overlay_from(
    catalog: &Catalog,
    g: &LoadedGroup,
    a: &GroupAnalysis,
    procedures: &[Overlay],
) -> GroupOverlay {
    group_overlay_by(catalog, g, a, |i, _| procedures.get(i).cloned())
}

/// A group's overlay, each member's overlay given by `member(place in the catalogue, code)`.
fn group_overlay_by(
    catalog: &Catalog,
    g: &LoadedGroup,
    a: &GroupAnalysis,
    member: impl Fn(usize, &str) -> Option<Overlay>,
) -> GroupOverlay {
    let mut o = GroupOverlay {
        level: Some(a.level),
        critical_path_days: Some(a.critical_path_days),
        trips: Some(a.applicant_visits),
        ..GroupOverlay::default()
    };
    for id in &g.members {
        let Some(p) = catalog.procedure(*id) else {
            continue;
        };
        let code = &p.procedure.code;
        if let Some(member) = member(id.0, code) {
            o.members.insert(code.clone(), member);
        }
    }
    for f in &a.findings {
        // The places after the first where the applicant files or hands over again.
        let mut again = |asked: &[Asked], skip: usize, what: &dyn Fn(&Asked) -> Repeated| {
            for x in asked.iter().skip(skip) {
                o.repeated
                    .entry(x.procedure.clone())
                    .or_default()
                    .entry(x.step.clone())
                    .or_default()
                    .insert(what(x));
            }
        };
        match &f.detail {
            FindingDetail::SingleWindow { steps, .. } => again(steps, 1, &|_| Repeated::Filing),
            // Asked by several members: every place after the first; held elsewhere already
            // (`available_from`): every place.
            FindingDetail::SameDocument {
                asked,
                available_from,
                ..
            } => {
                let skip = usize::from(available_from.is_none());
                again(asked, skip, &|x| Repeated::Document(x.name.clone()));
            }
            _ => {}
        }
        if let FindingDetail::Link {
            from,
            to,
            channel,
            label,
        } = &f.detail
        {
            let found = g.links.iter().enumerate().position(|(i, l)| {
                !o.blocking_links.contains(&i)
                    && &l.from == from
                    && &l.to == to
                    && l.channel == *channel
                    && l.label.as_ref() == label.as_ref()
            });
            if let Some(i) = found {
                o.blocking_links.insert(i);
            }
        }
    }
    o
}
