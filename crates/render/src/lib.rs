//! Flowcharts of administrative procedures (Điều 17, Thông tư 01/2023/TT-VPCP: "sơ đồ hóa quy
//! trình"), as Graphviz DOT.
//!
//! [`render_procedure`] draws one procedure with a swimlane per actor, the applicant's first,
//! steps top to bottom in the order they happen; [`render_group`] draws a group of inter-linked
//! procedures (liên thông), one box per member, with the links between them in bold. Both take
//! an optional analysis [`Overlay`] that marks the blockers of the 8 criteria; without it the
//! diagram shows the model only.
//!
//! The crate is pure: model in, DOT text out. It knows nothing of files, the terminal or the
//! analyzer (the caller translates the analysis into an [`Overlay`]), and never runs Graphviz.
//! The output is deterministic: the same input gives byte-identical DOT.
//!
//! Safety of the output: node and cluster ids are ASCII and built by the renderer (`s0`,
//! `p1_s3`, `cluster_lane0`), never from user text; every piece of user text reaches the DOT
//! inside an HTML-like label, through the one escaping function [`escape_html`].

use std::collections::{BTreeMap, BTreeSet};

use quytrinh_model::{Catalog, Lang, LoadedGroup, Procedure};

mod compare;
mod dot;
pub mod escape;
#[cfg(feature = "analysis")]
pub mod from_analysis;
mod group;
mod mermaid;
mod procedure;
mod style;
pub mod table;
mod text;

pub use compare::{Side, render_compare};
pub use escape::escape_html;
pub use mermaid::{render_group_mermaid, render_procedure_mermaid};

/// graphviz-rust, re-exported so the CLI runs Graphviz (`--format svg`) through the same
/// version that built the graph, without naming the dependency twice.
pub use graphviz_rust;

/// How to draw.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// The language of all diagram text (Vietnamese by default).
    pub lang: Lang,
    /// The direction the steps run in.
    pub direction: Direction,
}

/// The direction the steps run in; swimlanes run across it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Direction {
    /// Steps top to bottom, one column per actor: the layout of the flowcharts ("lưu đồ") of
    /// Vietnamese process documents, and the most compact for 5–15 steps with wide labels.
    #[default]
    TopToBottom,
    /// Steps left to right, one row per actor (BPMN style).
    LeftToRight,
}

pub use quytrinh_model::Level;

/// The criteria (1–8) a step, document or procedure breaks: those that need re-engineering,
/// and those whose breaking a legal provision requires (`required_by`: justified by law).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Marks {
    pub criteria: BTreeSet<u8>,
    pub justified: BTreeSet<u8>,
}

impl Marks {
    pub fn add(&mut self, criterion: u8, justified: bool) {
        if justified {
            self.justified.insert(criterion);
        } else {
            self.criteria.insert(criterion);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.criteria.is_empty() && self.justified.is_empty()
    }

    fn merge(&mut self, other: &Marks) {
        self.criteria.extend(other.criteria.iter().copied());
        self.justified.extend(other.justified.iter().copied());
    }

    /// The justified criteria that are not also broken without justification.
    fn only_justified(&self) -> impl Iterator<Item = &u8> {
        self.justified.iter().filter(|c| !self.criteria.contains(c))
    }
}

/// What the analysis found for one procedure, in the renderer's own terms (so the renderer
/// does not depend on the analyzer). Build it with [`Overlay::add_blocker`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overlay {
    pub level: Option<Level>,
    /// Blockers tied to no step or document (criteria 1, 2, 7; a missing `pay` or
    /// `return_result` step): listed under the title.
    pub procedure: Marks,
    /// Blockers by step id.
    pub steps: BTreeMap<String, Marks>,
    /// Blockers by step id, then document id: the document handed over in that step.
    pub step_documents: BTreeMap<String, BTreeMap<String, Marks>>,
    /// Blockers by document id, tied to no step: shown wherever a step names the document.
    pub documents: BTreeMap<String, Marks>,
}

impl Overlay {
    /// Records one blocker: the criterion it breaks, where, and whether a legal provision
    /// requires it.
    pub fn add_blocker(
        &mut self,
        criterion: u8,
        step: Option<&str>,
        document: Option<&str>,
        justified: bool,
    ) {
        let marks = match (step, document) {
            (Some(s), Some(d)) => self
                .step_documents
                .entry(s.to_owned())
                .or_default()
                .entry(d.to_owned())
                .or_default(),
            (Some(s), None) => self.steps.entry(s.to_owned()).or_default(),
            (None, Some(d)) => self.documents.entry(d.to_owned()).or_default(),
            (None, None) => &mut self.procedure,
        };
        marks.add(criterion, justified);
    }

    /// Everything broken at a step: its own blockers and those of the documents it names.
    fn step_marks(&self, step: &quytrinh_model::Step) -> Marks {
        let mut m = self.steps.get(&step.id).cloned().unwrap_or_default();
        for doc in &step.documents {
            if let Some(d) = self.document_marks(&step.id, doc) {
                m.merge(&d);
            }
        }
        m
    }

    fn document_marks(&self, step: &str, doc: &str) -> Option<Marks> {
        let here = self.step_documents.get(step).and_then(|docs| docs.get(doc));
        let anywhere = self.documents.get(doc);
        match (here, anywhere) {
            (None, None) => None,
            (a, b) => {
                let mut m = Marks::default();
                for x in [a, b].into_iter().flatten() {
                    m.merge(x);
                }
                Some(m)
            }
        }
    }
}

/// What the analysis found for a group: its level, its members' overlays (by procedure code,
/// unique within a group) and the links that block it (by position in [`LoadedGroup::links`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GroupOverlay {
    pub level: Option<Level>,
    pub members: BTreeMap<String, Overlay>,
    pub blocking_links: BTreeSet<usize>,
}

/// The DOT of one procedure: a swimlane per actor, the steps in order, start and end events,
/// rework loops dashed, alternatives dotted, and the overlay's blockers in a warning colour.
pub fn render_procedure(
    procedure: &Procedure,
    overlay: Option<&Overlay>,
    options: &Options,
) -> String {
    dot::print(procedure::graph(procedure, overlay, options))
}

/// The DOT of a group of inter-linked procedures: one box per member with its steps (each
/// naming its actor), and the links between members as bold edges.
pub fn render_group(
    catalog: &Catalog,
    group: &LoadedGroup,
    overlay: Option<&GroupOverlay>,
    options: &Options,
) -> String {
    dot::print(group::graph(catalog, group, overlay, options))
}
