//! One procedure: a swimlane per actor in the fixed lane order, numbered steps, decisions,
//! refusals, start and end events, the critical path, and the overlay's marks.

use std::collections::{BTreeMap, BTreeSet};

use dot_structures::{Attribute, Graph, Stmt};
use quytrinh_model::{ChosenBy, FlowKind, Lang, Procedure, Role};

use crate::dot::{a, digraph, edge, html, html_with, node, q};
use crate::layout::{self, Lane};
use crate::style::{self, Citations, Header, StepView, Used};
use crate::text::{self, push_wrapped};
use crate::{Options, Overlay, Repeated};

pub(crate) fn graph(p: &Procedure, overlay: Option<&Overlay>, options: &Options) -> Graph {
    let lang = options.lang;
    let mut ctx = Ctx::default();
    let part = Part {
        procedure: p,
        overlay,
        prefix: "",
        member: None,
        changes: &BTreeMap::new(),
        repeated: None,
        start: true,
        no_end: BTreeSet::new(),
        compact: false,
        blocked_documents_only: false,
    };
    let body = lanes_of_procedure(&part, "", lang, &mut ctx);
    let mut stmts = style::defaults(options, html("label", &header(p, overlay, lang).markup()));
    stmts.extend(body.stmts);
    stmts.extend(footer("", middle(&body.tails), &ctx, lang));
    digraph("procedure", stmts)
}

/// How a diagram draws (narrow labels for before/after), and what it collects while it
/// draws: what its legend must explain, what it cites.
#[derive(Debug, Default)]
pub(crate) struct Ctx {
    /// Narrow labels, flow labels placed after the layout (groups, before/after).
    pub compact: bool,
    /// Only the documents with a blocker (before/after).
    pub blocked_documents_only: bool,
    pub used: Used,
    pub citations: Citations,
    /// What each link of a group is and carries, numbered as its edge is labelled.
    pub links: Citations,
}

/// The footer node (legend and footnotes) below the lanes, hung from `tail` (the middle lane's,
/// so that the footer widens the drawing least).
pub(crate) fn footer(prefix: &str, tail: Option<&String>, ctx: &Ctx, lang: Lang) -> Vec<Stmt> {
    let id = format!("{prefix}footer");
    let mut stmts = vec![node(
        &id,
        vec![
            a("shape", "plaintext"),
            q("style", ""),
            html(
                "label",
                &style::footer(&ctx.used, &ctx.citations, &ctx.links, lang),
            ),
        ],
    )];
    if let Some(tail) = tail {
        stmts.push(edge(tail, &id, layout::invisible()));
    }
    stmts
}

/// The middle one of `ids`.
pub(crate) fn middle(ids: &[String]) -> Option<&String> {
    ids.get(ids.len() / 2)
}

/// The header of a procedure: code and name, facts, level and what is missing, time and trips,
/// procedure-wide blockers.
pub(crate) fn header(p: &Procedure, overlay: Option<&Overlay>, lang: Lang) -> Header {
    let mut h = Header::new(&format!("{} — {}", p.code, p.name));
    h.facts(&style::procedure_facts(p, lang));
    h.level(overlay.and_then(|o| o.level), overlay, lang);
    time_line(
        &mut h,
        overlay.and_then(|o| o.critical_path_days),
        p.time_limit_days,
        overlay.and_then(|o| o.trips),
        lang,
    );
    h.procedure_marks(overlay, lang);
    h
}

/// The time line of a header, or the time limit alone when there is no analysis.
pub(crate) fn time_line(
    h: &mut Header,
    total: Option<f64>,
    limit: Option<f64>,
    trips: Option<u32>,
    lang: Lang,
) {
    if total.is_none() && trips.is_none() {
        if let Some(limit) = limit.filter(|l| l.is_finite() && *l >= 0.0) {
            h.lines.push(text::escape_html(&format!(
                "{}: {}",
                lang.pick("Thời hạn giải quyết", "Time limit"),
                lang.duration(limit)
            )));
        }
    } else {
        h.time(total, limit, trips, lang);
    }
}

/// A procedure to draw into lanes.
#[derive(Debug)]
pub(crate) struct Part<'a> {
    pub procedure: &'a Procedure,
    pub overlay: Option<&'a Overlay>,
    /// Prefix of every node id (`p0_` for a group's first member).
    pub prefix: &'a str,
    /// A group member's colour and tag.
    pub member: Option<(&'static str, String)>,
    /// Changes by step id (before/after).
    pub changes: &'a BTreeMap<String, Vec<String>>,
    /// What steps ask again in a group, by step id.
    pub repeated: Option<&'a BTreeMap<String, BTreeSet<Repeated>>>,
    /// Draw a start event.
    pub start: bool,
    /// End steps that get no end event (they hand over to another member).
    pub no_end: BTreeSet<usize>,
    /// Narrow labels (groups, before/after).
    pub compact: bool,
    /// Only the documents with a blocker (before/after).
    pub blocked_documents_only: bool,
}

/// A procedure drawn in its own lanes (lane ids prefixed by `lane_prefix`).
pub(crate) fn lanes_of_procedure(
    part: &Part<'_>,
    lane_prefix: &str,
    lang: Lang,
    ctx: &mut Ctx,
) -> layout::Drawn {
    let p = part.procedure;
    let placed = draw_steps(part, lang, ctx);
    let order = p.lane_order();
    let mut lanes: Vec<Lane> = order
        .iter()
        .filter_map(|&i| p.actors.get(i))
        .map(|actor| Lane {
            title: layout::title(&actor.name, text::role(actor.role, lang), part.compact),
            applicant: actor.role == Role::Applicant,
            nodes: Vec::new(),
        })
        .collect();
    let lane_of: BTreeMap<&str, usize> = order
        .iter()
        .enumerate()
        .filter_map(|(k, &i)| p.actors.get(i).map(|x| (x.id.as_str(), k)))
        .collect();
    let mut loose = Vec::new();
    for n in placed.nodes {
        match lane_of.get(n.actor).and_then(|&k| lanes.get_mut(k)) {
            Some(lane) => lane.nodes.push((n.id, n.attrs)),
            None => loose.push(node(n.id, n.attrs)),
        }
    }
    let mut drawn = layout::draw(lane_prefix, lanes, &placed.order);
    drawn.stmts.extend(loose);
    drawn.stmts.extend(placed.edges);
    drawn
}

/// A node to place in the lane of `actor`.
#[derive(Debug)]
pub(crate) struct Placed<'a> {
    pub actor: &'a str,
    pub id: String,
    pub attrs: Vec<Attribute>,
}

/// The nodes and edges of a procedure's steps.
#[derive(Debug, Default)]
pub(crate) struct Steps<'a> {
    pub nodes: Vec<Placed<'a>>,
    pub edges: Vec<Stmt>,
    /// The edges that rank the nodes (every flow but rework, and the events').
    pub order: Vec<(String, String)>,
}

/// Draws the steps as nodes `{prefix}s{i}`, decisions as diamonds `{prefix}g{i}`, start and end
/// events, and the flows.
pub(crate) fn draw_steps<'a>(part: &Part<'a>, lang: Lang, ctx: &mut Ctx) -> Steps<'a> {
    let p = part.procedure;
    let prefix = part.prefix;
    let flows = flows(p);
    let shape = FlowShape::of(&flows, p.steps.len());
    let mut out = Steps::default();
    let step_id = |i: usize| format!("{prefix}s{i}");
    let place_of: BTreeMap<&str, usize> = p
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    let critical = crate::Critical::of(p, part.overlay);
    if !critical.pairs.is_empty() {
        ctx.used.critical = true;
    }

    if part.start
        && let Some(first) = p.steps.first()
    {
        let id = format!("{prefix}start");
        out.nodes.push(Placed {
            actor: &first.actor,
            id: id.clone(),
            attrs: event(lang.pick("Bắt đầu", "Start"), Event::Start),
        });
        out.order.push((id.clone(), step_id(0)));
        out.edges.push(edge(id, step_id(0), vec![]));
    }

    for (i, step) in p.steps.iter().enumerate() {
        let attrs = style::step_node(
            &step_view(part, (i, step), &place_of, &critical.steps, lang),
            lang,
            &mut ctx.used,
            &mut ctx.citations,
        );
        out.nodes.push(Placed {
            actor: &step.actor,
            id: step_id(i),
            attrs,
        });

        if shape.gated(i, Some(step)) {
            let chosen = shape.choice.get(i).copied().unwrap_or(false);
            let question = match (&step.decision, chosen) {
                (Some(q), _) => Some(q.as_str()),
                (None, true) => Some(lang.pick("Người nộp chọn", "Applicant chooses")),
                (None, false) => None,
            };
            if chosen {
                ctx.used.choice = true;
            } else {
                ctx.used.decision = true;
            }
            let gateway = format!("{prefix}g{i}");
            out.nodes.push(Placed {
                actor: &step.actor,
                id: gateway.clone(),
                attrs: gateway_attrs(question, part.compact),
            });
            let mut e = vec![];
            if critical.pairs.iter().any(|&(x, _)| x == i) {
                e.extend(critical_attrs());
            }
            out.order.push((step_id(i), gateway.clone()));
            out.edges.push(edge(step_id(i), gateway, e));
        }

        if shape.onward.get(i).copied().unwrap_or(0) == 0 && !part.no_end.contains(&i) {
            let refused = shape
                .entered
                .get(i)
                .is_some_and(|&(all, rej)| all > 0 && all == rej);
            let id = format!("{prefix}end{i}");
            let attrs = if refused {
                ctx.used.refusal = true;
                event(lang.pick("Từ chối", "Refused"), Event::Refused)
            } else {
                event(lang.pick("Kết thúc", "End"), Event::End)
            };
            out.nodes.push(Placed {
                actor: &step.actor,
                id: id.clone(),
                attrs,
            });
            out.order.push((step_id(i), id.clone()));
            out.edges.push(edge(step_id(i), id, vec![]));
        }
    }

    for f in &flows {
        let gated = matches!(f.kind, FlowKind::Alternative | FlowKind::Reject)
            && shape.gated(f.from, p.steps.get(f.from));
        let from = if gated {
            format!("{prefix}g{}", f.from)
        } else {
            step_id(f.from)
        };
        let mut attrs = flow_attrs(f, gated, part.compact, lang, ctx);
        if critical.pairs.contains(&(f.from, f.to)) && f.kind != FlowKind::Rework {
            attrs.retain(|Attribute(k, _)| !matches!(k, dot_structures::Id::Plain(k) if k == "color" || k == "penwidth" || k == "style"));
            attrs.extend(critical_attrs());
        }
        let back_from_rework = shape.rework_only.get(f.from).copied().unwrap_or(false);
        let into_rework_only = shape.rework_only.get(f.to).copied().unwrap_or(false);
        if back_from_rework {
            attrs.push(a("constraint", "false"));
        } else if f.kind != FlowKind::Rework || into_rework_only {
            out.order.push((from.clone(), step_id(f.to)));
        }
        out.edges.push(edge(from, step_id(f.to), attrs));
    }
    out
}

/// What the flows say of each step, by position.
struct FlowShape {
    /// Its onward flows (not rework).
    onward: Vec<usize>,
    /// Its branching flows (alternative and reject).
    branches: Vec<usize>,
    /// The flows into it, and how many of them are refusals.
    entered: Vec<(usize, usize)>,
    /// Whether the applicant chooses among its flows.
    choice: Vec<bool>,
    /// Whether only rework flows enter it (a `supplement` step).
    rework_only: Vec<bool>,
}

impl FlowShape {
    fn of(flows: &[ResolvedFlow<'_>], n: usize) -> FlowShape {
        let (onward, branches) = onward_and_branches(flows, n);
        let mut entered = vec![(0usize, 0usize); n];
        let mut choice = vec![false; n];
        for f in flows {
            if f.chosen_by == Some(ChosenBy::Applicant)
                && let Some(x) = choice.get_mut(f.from)
            {
                *x = true;
            }
            if let Some(e) = entered.get_mut(f.to) {
                e.0 += 1;
                if f.kind == FlowKind::Reject {
                    e.1 += 1;
                }
            }
        }
        // Steps entered only by rework flows (a `supplement` step) are drawn below the step
        // that sends them back; their own flows onward then run back up and rank nothing. The
        // first step is entered by the start (or by a link in a group) too: it stays at the top
        // even when rework sends the applicant back to it.
        let rework_only: Vec<bool> = (0..n)
            .map(|i| {
                if i == 0 {
                    return false;
                }
                let mut into = flows.iter().filter(|f| f.to == i).peekable();
                into.peek().is_some() && into.all(|f| f.kind == FlowKind::Rework)
            })
            .collect();
        FlowShape {
            onward,
            branches,
            entered,
            choice,
            rework_only,
        }
    }

    /// Whether the step at `i` ends in a gateway.
    fn gated(&self, i: usize, step: Option<&quytrinh_model::Step>) -> bool {
        decides(&self.branches, i, step)
    }
}

/// Per step: its onward flows (not rework) and its branching flows (alternative and reject).
pub(crate) fn onward_and_branches(
    flows: &[ResolvedFlow<'_>],
    n: usize,
) -> (Vec<usize>, Vec<usize>) {
    let mut onward = vec![0usize; n];
    let mut branches = vec![0usize; n];
    for f in flows {
        if f.kind != FlowKind::Rework
            && let Some(x) = onward.get_mut(f.from)
        {
            *x += 1;
        }
        if matches!(f.kind, FlowKind::Alternative | FlowKind::Reject)
            && let Some(x) = branches.get_mut(f.from)
        {
            *x += 1;
        }
    }
    (onward, branches)
}

/// Whether the step at `i` (of `branches`, by step) decides in a gateway after it: two
/// branches, or one and a question.
pub(crate) fn decides(branches: &[usize], i: usize, step: Option<&quytrinh_model::Step>) -> bool {
    let branching = branches.get(i).copied().unwrap_or(0);
    branching >= 2 || (branching >= 1 && step.is_some_and(|s| s.decision.is_some()))
}

/// What the node of step `i` shows (`place_of`: the position of each step id).
fn step_view<'a>(
    part: &Part<'a>,
    (i, step): (usize, &'a quytrinh_model::Step),
    place_of: &BTreeMap<&str, usize>,
    on_critical: &BTreeSet<usize>,
    lang: Lang,
) -> StepView<'a> {
    let p = part.procedure;
    let repeated = part
        .repeated
        .and_then(|r| r.get(&step.id))
        .map(|set| set.iter().map(|r| repeated_note(r, lang)).collect())
        .unwrap_or_default();
    let instead = part
        .overlay
        .and_then(|o| o.optional.get(&step.id)?.instead.as_deref())
        .and_then(|id| place_of.get(id))
        .map(|&k| lang.step_number(k));
    StepView {
        procedure: p,
        step,
        number: lang.step_number(i),
        overlay: part.overlay,
        member: part.member.clone(),
        actor: part
            .member
            .as_ref()
            .and_then(|_| p.actors.iter().find(|x| x.id == step.actor))
            .map(|x| x.name.as_str()),
        critical: on_critical.contains(&i),
        changes: part.changes.get(&step.id).cloned().unwrap_or_default(),
        repeated,
        instead,
        compact: part.compact,
        blocked_documents_only: part.blocked_documents_only,
    }
}

/// A decision's diamond: the question in it, or small and empty.
fn gateway_attrs(question: Option<&str>, compact: bool) -> Vec<Attribute> {
    let mut attrs = vec![
        a("shape", "diamond"),
        a("style", "filled"),
        q("fillcolor", style::TASK_FILL),
        q("color", style::ALTERNATIVE),
        a("penwidth", "1.5"),
        q("margin", "0.02,0.02"),
    ];
    match question {
        Some(text) => attrs.push(html_with("label", text.len() + 16, |out| {
            push_wrapped(out, text, if compact { 15 } else { 18 });
        })),
        None => {
            attrs.extend([
                a("width", "0.4"),
                a("height", "0.4"),
                a("fixedsize", "true"),
                q("label", ""),
            ]);
        }
    }
    attrs
}

/// The style and label of a flow's edge by its kind (`gated`: it leaves a gateway).
fn flow_attrs(
    f: &ResolvedFlow<'_>,
    gated: bool,
    compact: bool,
    lang: Lang,
    ctx: &mut Ctx,
) -> Vec<Attribute> {
    let mut attrs = Vec::new();
    // The line of each kind: its style, pen width (none: Graphviz's) and colour.
    let line = match f.kind {
        FlowKind::Normal => None,
        FlowKind::Rework => {
            ctx.used.rework = true;
            Some(("dashed", None, style::REWORK))
        }
        FlowKind::Alternative => {
            ctx.used.alternative = true;
            Some(("dotted", Some("1.8"), style::ALTERNATIVE))
        }
        FlowKind::Reject => {
            ctx.used.refusal = true;
            Some(("dashed", Some("1.5"), style::REFUSAL))
        }
    };
    if let Some((dash, pen, colour)) = line {
        attrs.push(a("style", dash));
        attrs.extend(pen.map(|w| a("penwidth", w)));
        attrs.extend([q("color", colour), q("fontcolor", colour)]);
    }
    if f.kind == FlowKind::Rework {
        // A loop back does not rank the steps.
        attrs.push(a("constraint", "false"));
    }
    let label = f.label.or(match f.kind {
        FlowKind::Rework => Some(lang.pick("làm lại", "rework")),
        FlowKind::Reject => Some(lang.pick("từ chối", "refused")),
        FlowKind::Alternative if !gated => Some(lang.pick("phương án", "alternative")),
        _ => None,
    });
    if let Some(l) = label {
        // Compact drawings place the labels of rework loops after the layout (`xlabel`),
        // taking no room; a branch keeps a real label, which Graphviz sets beside its own
        // edge (an `xlabel` may land nearer the other branch and name the wrong one).
        let key = if compact && f.kind == FlowKind::Rework {
            "xlabel"
        } else {
            "label"
        };
        let width = if compact { 12 } else { 22 };
        attrs.push(html_with(key, l.len() + 8, |out| {
            push_wrapped(out, l, width);
        }));
    }
    attrs
}

fn critical_attrs() -> [Attribute; 2] {
    [q("color", style::CRITICAL), a("penwidth", "2.8")]
}

fn repeated_note(r: &Repeated, lang: Lang) -> String {
    match r {
        Repeated::Filing => lang
            .pick(
                "↻ Nộp hồ sơ lần nữa trong nhóm (cần một cửa)",
                "↻ Files a second dossier in the group (one window wanted)",
            )
            .to_owned(),
        Repeated::Document(name) => {
            format!("↻ {}: {name}", lang.pick("Xuất trình lại", "Asked again"))
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Event {
    Start,
    End,
    Refused,
}

pub(crate) fn event(label: &str, kind: Event) -> Vec<Attribute> {
    let (fill, line, pen) = match kind {
        Event::Start => (style::START_FILL, style::START_LINE, "1.5"),
        Event::End => (style::START_FILL, style::START_LINE, "3.5"),
        Event::Refused => ("#fce4ec", style::REFUSAL, "3.5"),
    };
    vec![
        a("shape", "circle"),
        a("style", "filled"),
        q("fillcolor", fill),
        q("color", line),
        a("penwidth", pen),
        a("width", "0.75"),
        a("fixedsize", "true"),
        html("label", &text::escape_html(label)),
    ]
}

/// A flow with its steps resolved to positions in `Procedure::steps`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ResolvedFlow<'a> {
    pub from: usize,
    pub to: usize,
    pub kind: FlowKind,
    pub label: Option<&'a str>,
    pub chosen_by: Option<ChosenBy>,
}

/// The procedure's flows; without `flows`, the steps in the order listed. A flow naming an
/// unknown step (which validation rejects) is left out.
pub(crate) fn flows(p: &Procedure) -> Vec<ResolvedFlow<'_>> {
    match &p.flows {
        None => (1..p.steps.len())
            .map(|i| ResolvedFlow {
                from: i - 1,
                to: i,
                kind: FlowKind::Normal,
                label: None,
                chosen_by: None,
            })
            .collect(),
        Some(flows) => {
            let place: BTreeMap<&str, usize> = p
                .steps
                .iter()
                .enumerate()
                .map(|(i, s)| (s.id.as_str(), i))
                .collect();
            flows
                .iter()
                .filter_map(|f| {
                    Some(ResolvedFlow {
                        from: *place.get(f.from.as_str())?,
                        to: *place.get(f.to.as_str())?,
                        kind: f.kind,
                        label: f.label.as_deref(),
                        chosen_by: f.chosen_by,
                    })
                })
                .collect()
        }
    }
}
