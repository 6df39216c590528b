//! The analysis as the renderer's overlays (feature `analysis`).
//!
//! The renderer takes its own [`Overlay`] and [`GroupOverlay`], so it can draw without the
//! analyzer; this module is the one translation from `quytrinh-analyze`'s results, used by the
//! CLI, the property tests and the fuzz targets alike.

use quytrinh_analyze::{FindingDetail, GroupAnalysis, ProcedureAnalysis, Report};
use quytrinh_model::{Catalog, LoadedGroup};

use crate::{GroupOverlay, Level, Overlay};

/// The analyzer's level as the renderer's.
pub fn level(l: quytrinh_analyze::Level) -> Level {
    match l {
        quytrinh_analyze::Level::FullOnline => Level::FullOnline,
        quytrinh_analyze::Level::PartialOnline => Level::PartialOnline,
        quytrinh_analyze::Level::InformationOnly => Level::InformationOnly,
        quytrinh_analyze::Level::Offline => Level::Offline,
    }
}

/// The analysis of a procedure as the renderer's overlay: its level and every blocker.
pub fn overlay(a: &ProcedureAnalysis) -> Overlay {
    let mut o = Overlay {
        level: Some(level(a.level)),
        ..Overlay::default()
    };
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
    let mut o = GroupOverlay {
        level: Some(level(a.level)),
        ..GroupOverlay::default()
    };
    for id in &g.members {
        let (Some(p), Some(pa)) = (catalog.procedure(*id), report.procedures.get(id.0)) else {
            continue;
        };
        if pa.code == p.procedure.code {
            o.members.insert(pa.code.clone(), overlay(pa));
        }
    }
    for f in &a.findings {
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
