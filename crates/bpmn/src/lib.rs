//! BPMN 2.0 in and out: quytrinh's procedures and groups as BPMN 2.0 XML with diagram
//! interchange (BPMNDI) laid out by Graphviz, so Camunda Modeler and bpmn.io open them laid
//! out, and BPMN models (Camunda Modeler's, or our own) read back as procedures.
//!
//! Export is two steps, so this crate never runs a program: [`procedure_layout_dot`] (or
//! [`group_layout_dot`]) gives the DOT of an equivalent graph, the caller runs Graphviz
//! `dot -Tjson` on it, and [`procedure_bpmn`] (or [`group_bpmn`]) takes Graphviz's answer
//! ([`Layout::from_json`]) and writes the BPMN. Everything BPMN has no place for (channels,
//! actions, durations, documents, `required_by`, decisions, who chooses, reject flows, the
//! analysis marks) travels in the extension namespace [`QT`] (documented in docs/BPMN.md) and
//! again as readable `documentation`. The output is deterministic for a given Graphviz
//! version.
#![warn(missing_docs)]

mod export;
mod import;
mod layout;
mod plan;
mod tree;
mod xml;

use quytrinh_model::{Catalog, Lang, LoadedGroup, Procedure};
use quytrinh_render::{GroupOverlay, Overlay};

pub use import::{Guess, Imported, TaskPlace, import};
pub use layout::{Bounds, Layout, LayoutError};
pub use xml::QT;

use export::{GroupInfo, Pool};
use layout::CrossEdge;

/// The DOT of the graph Graphviz lays out for [`procedure_bpmn`].
pub fn procedure_layout_dot(procedure: &Procedure) -> String {
    layout::layout_dot(&[plan::plan(procedure, "")], &[])
}

/// A procedure as BPMN 2.0: a collaboration with one pool, a lane per actor in the fixed lane
/// order, laid out as Graphviz laid out [`procedure_layout_dot`] (`layout`).
pub fn procedure_bpmn(
    procedure: &Procedure,
    overlay: Option<&Overlay>,
    layout: &Layout,
    lang: Lang,
) -> String {
    let pools = [Pool {
        plan: plan::plan(procedure, ""),
        overlay,
    }];
    export::write(&pools, None, layout, lang).unwrap_or_default()
}

fn member_plans<'a>(catalog: &'a Catalog, group: &'a LoadedGroup) -> Vec<plan::Plan<'a>> {
    catalog
        .members(group)
        .enumerate()
        .map(|(m, p)| plan::plan(p, &format!("P{m}_")))
        .collect()
}

/// The message flows of a group's links, as node pairs of the layout graph.
fn cross_edges(plans: &[plan::Plan<'_>], group: &LoadedGroup) -> Vec<CrossEdge> {
    let find = |code: &str, step: Option<&String>, last: bool| -> Option<(usize, usize)> {
        let m = plans.iter().position(|p| p.procedure.code == code)?;
        let p = plans.get(m)?.procedure;
        let i = match step {
            Some(s) => p.steps.iter().position(|x| &x.id == s)?,
            None if last => p.steps.len().checked_sub(1)?,
            None => 0,
        };
        Some((m, i))
    };
    group
        .links
        .iter()
        .filter_map(|l| {
            Some((
                find(&l.from, l.from_step.as_ref(), true)?,
                find(&l.to, l.to_step.as_ref(), false)?,
            ))
        })
        .collect()
}

/// The DOT of the graph Graphviz lays out for [`group_bpmn`].
pub fn group_layout_dot(catalog: &Catalog, group: &LoadedGroup) -> String {
    let plans = member_plans(catalog, group);
    layout::layout_dot(&plans, &cross_edges(&plans, group))
}

/// A group as BPMN 2.0: a collaboration with a pool per member procedure (in the order of
/// the group) and a message flow per link.
pub fn group_bpmn(
    catalog: &Catalog,
    group: &LoadedGroup,
    overlay: Option<&GroupOverlay>,
    layout: &Layout,
    lang: Lang,
) -> String {
    let pools: Vec<Pool<'_>> = member_plans(catalog, group)
        .into_iter()
        .map(|plan| {
            let overlay = overlay.and_then(|o| o.members.get(&plan.procedure.code));
            Pool { plan, overlay }
        })
        .collect();
    let empty = std::collections::BTreeSet::new();
    let info = GroupInfo {
        group: &group.group,
        links: &group.links,
        level: overlay.and_then(|o| o.level),
        blocking_links: overlay.map_or(&empty, |o| &o.blocking_links),
    };
    export::write(&pools, Some(&info), layout, lang).unwrap_or_default()
}
