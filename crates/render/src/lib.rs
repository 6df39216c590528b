//! Flowcharts of administrative procedures (Điều 17, Thông tư 01/2023/TT-VPCP: "sơ đồ hóa quy
//! trình"), as Graphviz DOT.
//!
//! [`render_procedure`] draws one procedure with a swimlane per actor in the fixed lane order
//! (`Procedure::lane_order`: applicant, agency, officials, other agencies, service providers),
//! steps numbered B1, B2… and drawn top to bottom (or left to right) in the order they happen;
//! [`render_group`] draws a group of inter-linked procedures (liên thông) in lanes per agency
//! across the group, each step tagged with its member, the links labelled with their channel;
//! [`render_compare`] stacks an as-is and a to-be diagram in one image. All take optional
//! analysis overlays ([`Overlay`], [`GroupOverlay`]): level and what is missing, blockers as
//! badges per criterion, the critical path against the time limit, trips, the way the verdict
//! follows and the options kept by the applicant's choice; without them the diagram shows the
//! model only. The legend lists only what a diagram uses; legal provisions are numbered
//! footnotes. No text is smaller than 10 pt.
//!
//! The crate is pure: model in, DOT text out. It knows nothing of files, the terminal or the
//! analyzer (the caller translates the analysis into an [`Overlay`]), and never runs Graphviz;
//! the one exception is its hidden `testing` module, test support for this crate and the
//! crates above.
//! The output is deterministic: the same input gives byte-identical DOT.
//!
//! Safety of the output: node ids are ASCII and built by the renderer (`s0`, `p1_s3`, `lh0`),
//! never from user text; every piece of user text reaches the DOT
//! inside an HTML-like label, through the one escaping function [`escape_html`].

#![warn(missing_docs)]

use std::collections::{BTreeMap, BTreeSet};

use quytrinh_model::{Catalog, Lang, LoadedGroup, Procedure};

mod compare;
mod dot;
pub mod escape;
#[cfg(feature = "analysis")]
pub mod from_analysis;
mod group;
mod layout;
mod mermaid;
mod procedure;
mod style;
pub mod table;
#[doc(hidden)]
pub mod testing;
mod text;

pub use compare::{Side, render_compare};
pub use escape::escape_html;
pub use mermaid::{render_group_mermaid, render_procedure_mermaid};

pub use dot::print as print_dot;
/// The graph types of graphviz-rust's design (its `dot-structures` crate), re-exported so a
/// caller that builds a graph of its own (the BPMN layout) uses the same types and
/// [`print_dot`], without naming the dependency twice. graphviz-rust itself (its parser and
/// printer) is only a dev-dependency: the tests parse every DOT back with it.
pub use dot_structures;

/// How many flows the lane ranking has looked at so far in this process (every diagram
/// kind): a count of work, not time, that tests compare across sizes to check drawing stays
/// linear in the steps.
pub fn rank_visits() -> usize {
    layout::rank_visits()
}

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
    /// Criteria broken that re-engineering can remedy.
    pub criteria: BTreeSet<u8>,
    /// Criteria broken because a legal provision requires it.
    pub justified: BTreeSet<u8>,
}

impl Marks {
    /// Records `criterion` as broken, justified by law or not.
    pub fn add(&mut self, criterion: u8, justified: bool) {
        if justified {
            self.justified.insert(criterion);
        } else {
            self.criteria.insert(criterion);
        }
    }

    /// Whether no criterion is broken.
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
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Overlay {
    /// The level of the service (mức độ), when analysed.
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
    /// The steps of the longest path by duration, in order (the critical path, "đường găng").
    pub critical_path: Vec<String>,
    /// Its length in days.
    pub critical_path_days: Option<f64>,
    /// Trips the applicant makes to an agency.
    pub trips: Option<u32>,
    /// The criteria met or not applicable (1–8), for the before/after summary.
    pub criteria_met: Option<BTreeSet<u8>>,
    /// The criteria still unmet for a partly online service (rules version 2).
    pub missing_for_partial: Vec<u8>,
    /// Every criterion still unmet for a fully online service (rules version 2).
    pub missing_for_full: Vec<u8>,
    /// The steps of the best strategy: the way the verdict follows when the applicant has a
    /// choice (rules version 2). Empty, or every step: the procedure offers no choice, and
    /// nothing is highlighted.
    pub strategy_steps: BTreeSet<String>,
    /// Steps the applicant may avoid by choice (`optional_channel` findings), by step id: kept
    /// by the applicant's choice, never blockers.
    pub optional: BTreeMap<String, Optional>,
}

/// A step kept by the applicant's choice: the criteria it would break, and the step the best
/// strategy takes instead.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Optional {
    /// The criteria the step would break.
    pub criteria: BTreeSet<u8>,
    /// The id of the first step the best strategy takes instead.
    pub instead: Option<String>,
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

    /// Records an `optional_channel` finding: `step` breaks `criterion` but the applicant may
    /// take `instead`.
    pub fn add_optional(&mut self, criterion: u8, step: &str, instead: Option<&str>) {
        let o = self.optional.entry(step.to_owned()).or_default();
        o.criteria.insert(criterion);
        if o.instead.is_none() {
            o.instead = instead.map(str::to_owned);
        }
    }

    /// Whether `step` is on the way the verdict follows, drawn only where the applicant had a
    /// choice (some steps of `p` left out).
    fn in_strategy(&self, p: &Procedure, step: &quytrinh_model::Step) -> bool {
        self.strategy_steps.len() < p.steps.len() && self.strategy_steps.contains(&step.id)
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

/// The critical path of a procedure as places in its `steps`: the steps on it, and the pairs
/// of steps one after the other on it (the flows it takes).
#[derive(Debug, Default)]
pub(crate) struct Critical {
    pub steps: BTreeSet<usize>,
    pub pairs: BTreeSet<(usize, usize)>,
}

impl Critical {
    pub(crate) fn of(p: &Procedure, overlay: Option<&Overlay>) -> Self {
        let Some(o) = overlay.filter(|o| !o.critical_path.is_empty()) else {
            return Critical::default();
        };
        let place = |id: &String| p.steps.iter().position(|s| &s.id == id);
        Critical {
            steps: o.critical_path.iter().filter_map(place).collect(),
            pairs: o
                .critical_path
                .windows(2)
                .filter_map(|w| match w {
                    [x, y] => Some((place(x)?, place(y)?)),
                    _ => None,
                })
                .collect(),
        }
    }
}

/// What the analysis found for a group: its level, its members' overlays (by procedure code,
/// unique within a group) and the links that block it (by position in [`LoadedGroup::links`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GroupOverlay {
    /// The level of the group, when analysed.
    pub level: Option<Level>,
    /// Each member's overlay, by procedure code.
    pub members: BTreeMap<String, Overlay>,
    /// The links that block the group, by position in [`LoadedGroup::links`].
    pub blocking_links: BTreeSet<usize>,
    /// The longest chain of members along links, in days.
    pub critical_path_days: Option<f64>,
    /// Trips the applicant makes over the whole group.
    pub trips: Option<u32>,
    /// Steps that make the applicant file or hand over again what another member already has
    /// (`single_window`, `once_only` findings): by procedure code, then step id, what is asked
    /// again.
    pub repeated: BTreeMap<String, BTreeMap<String, BTreeSet<Repeated>>>,
}

/// Why a group member's step repeats what the applicant already gave another member.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Repeated {
    /// A second filing of a dossier in the group (one window wanted: `single_window`).
    Filing,
    /// A document asked again, by name (`once_only`).
    Document(String),
}

/// The DOT of one procedure: a swimlane per actor in the fixed order, numbered steps, start
/// and end events, decisions with their question, refusals, rework loops dashed, and the
/// overlay's marks (blocker badges, critical path, time against the limit).
pub fn render_procedure(
    procedure: &Procedure,
    overlay: Option<&Overlay>,
    options: &Options,
) -> String {
    dot::print(procedure::graph(procedure, overlay, options))
}

/// The DOT of a group of inter-linked procedures: a lane for the applicant and one per agency
/// across the group, each step tagged with its member (code on the member's colour) and naming
/// its actor, the links as bold labelled edges, the steps that repeat a filing marked.
pub fn render_group(
    catalog: &Catalog,
    group: &LoadedGroup,
    overlay: Option<&GroupOverlay>,
    options: &Options,
) -> String {
    dot::print(group::graph(catalog, group, overlay, options))
}
