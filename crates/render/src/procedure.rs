//! One procedure: a swimlane (cluster) per actor, the applicant's first; start and end
//! events; the step graph's flows.

use std::collections::HashMap;

use graphviz_rust::dot_structures::{Attribute, Graph, Stmt};
use quytrinh_model::{FlowKind, Lang, Procedure, Role};

use crate::dot::{a, digraph, edge, graph_attrs, html, html_with, node, q, subgraph};
use crate::style::{self, LegendRows, StepLabel};
use crate::text::{self, push_wrapped, wrapped};
use crate::{Options, Overlay};

pub(crate) fn graph(p: &Procedure, overlay: Option<&Overlay>, options: &Options) -> Graph {
    let lang = options.lang;
    let flows = flows(p);
    let label = StepLabel {
        procedure: p,
        overlay,
        lang,
        show_actor: false,
        all_documents: true,
        name_width: 30,
    };
    let drawn = steps_and_flows(p, &flows, "", label);

    // Lanes: one per actor, the applicant's first, then in the order listed.
    let mut lanes: Vec<usize> = (0..p.actors.len()).collect();
    lanes.sort_by_key(|&i| p.actors.get(i).is_none_or(|x| x.role != Role::Applicant));
    let lane_of_actor: HashMap<&str, usize> = lanes
        .iter()
        .enumerate()
        .filter_map(|(lane, &i)| p.actors.get(i).map(|x| (x.id.as_str(), lane)))
        .collect();
    let mut lane_stmts: Vec<Vec<Stmt>> = vec![Vec::new(); lanes.len()];
    let mut loose: Vec<Stmt> = Vec::new();
    let mut place = |step: usize, stmt: Stmt| {
        let lane = p
            .steps
            .get(step)
            .and_then(|s| lane_of_actor.get(s.actor.as_str()));
        match lane.and_then(|&l| lane_stmts.get_mut(l)) {
            Some(stmts) => stmts.push(stmt),
            None => loose.push(stmt),
        }
    };

    // Start and end events, in the lanes of the first and the end steps.
    let mut events: Vec<Stmt> = Vec::new();
    if !p.steps.is_empty() {
        place(0, event_node("start", lang.pick("Bắt đầu", "Start"), false));
        events.push(edge("start", "s0", vec![]));
    }
    for (i, _) in p
        .steps
        .iter()
        .enumerate()
        .filter(|(i, _)| drawn.is_end.get(*i).copied().unwrap_or(false))
    {
        let id = format!("end{i}");
        place(i, event_node(&id, lang.pick("Kết thúc", "End"), true));
        events.push(edge(format!("s{i}"), id, vec![]));
    }
    for (step, stmt) in drawn.nodes {
        place(step, stmt);
    }

    let mut stmts = style::defaults(options, title(p, overlay, &flows, lang), vec![]);
    let mut heads: Vec<String> = Vec::new();
    for (lane, (&actor_ix, inner)) in lanes.iter().zip(lane_stmts).enumerate() {
        let Some(actor) = p.actors.get(actor_ix) else {
            continue;
        };
        let head = format!("lane{lane}");
        let mut body = vec![graph_attrs(vec![
            html(
                "label",
                &format!(
                    r#"<B>{}</B><BR/><FONT POINT-SIZE="9"><I>{}</I></FONT>"#,
                    wrapped(&actor.name, 28),
                    text::role(actor.role, lang)
                ),
            ),
            a("fontsize", "11"),
            a("labeljust", "l"),
            a("style", "filled"),
            q(
                "fillcolor",
                if actor.role == Role::Applicant {
                    style::APPLICANT_LANE_FILL
                } else {
                    style::LANE_FILL
                },
            ),
            q("color", style::LANE_LINE),
        ])];
        body.push(node(&head, anchor_attrs()));
        body.extend(inner);
        stmts.push(subgraph(&format!("cluster_lane{lane}"), body));
        heads.push(head);
    }
    stmts.extend(loose);
    stmts.extend(keep_order(&heads));
    stmts.extend(events);
    stmts.extend(drawn.edges);
    digraph("procedure", stmts)
}

/// Keeps clusters side by side in the order given: each cluster holds an invisible anchor
/// node; the anchors share the top rank and are chained by invisible edges.
pub(crate) fn keep_order(anchors: &[String]) -> Vec<Stmt> {
    let mut stmts = Vec::new();
    if anchors.len() > 1 {
        let mut same = vec![Stmt::Attribute(a("rank", "min"))];
        same.extend(anchors.iter().map(|h| node(h, vec![])));
        stmts.push(subgraph("order", same));
        for pair in anchors.windows(2) {
            if let [x, y] = pair {
                stmts.push(edge(x, y, vec![a("style", "invis")]));
            }
        }
    }
    stmts
}

/// The attributes of an invisible anchor node.
pub(crate) fn anchor_attrs() -> Vec<graphviz_rust::dot_structures::Attribute> {
    vec![
        a("shape", "point"),
        a("style", "invis"),
        a("width", "0"),
        a("height", "0"),
        q("label", ""),
    ]
}

fn event_node(id: &str, label: &str, end: bool) -> Stmt {
    node(
        id,
        vec![
            a("shape", "circle"),
            a("style", "filled"),
            q("fillcolor", style::START_FILL),
            q("color", style::START_LINE),
            a("penwidth", if end { "3" } else { "1.5" }),
            a("fontsize", "8"),
            a("width", "0.6"),
            a("fixedsize", "true"),
            html("label", &text::escape_html(label)),
        ],
    )
}

/// The graph's label: the title block with the legend.
fn title(
    p: &Procedure,
    overlay: Option<&Overlay>,
    flows: &[ResolvedFlow<'_>],
    lang: Lang,
) -> Attribute {
    let heading = format!("{} — {}", p.code, p.name);
    let facts = style::procedure_facts(p, lang);
    let extra: Vec<String> = style::procedure_marks_line(overlay, lang)
        .into_iter()
        .collect();
    let rows = LegendRows {
        overlay: overlay.is_some(),
        events: true,
        pay: p
            .steps
            .iter()
            .any(|s| s.action == quytrinh_model::Action::Pay),
        rework: flows.iter().any(|f| f.kind == FlowKind::Rework),
        alternative: flows.iter().any(|f| f.kind == FlowKind::Alternative),
        links: false,
    };
    html_with("label", 2048, |out| {
        style::title(
            out,
            &heading,
            &facts,
            overlay.and_then(|o| o.level),
            &extra,
            rows,
            lang,
        );
    })
}

/// A flow with its steps resolved to positions in `Procedure::steps`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ResolvedFlow<'a> {
    pub from: usize,
    pub to: usize,
    pub kind: FlowKind,
    pub label: Option<&'a str>,
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
            })
            .collect(),
        Some(flows) => {
            // Step ids sorted, each with its place (the last place for an id listed twice,
            // which validation rejects); a flow's ends are found by bisection.
            let mut ids: Vec<(&str, usize)> = p
                .steps
                .iter()
                .enumerate()
                .map(|(i, s)| (s.id.as_str(), i))
                .collect();
            ids.sort_unstable();
            let place = |id: &str| {
                let after = ids.partition_point(|&(x, _)| x <= id);
                let (x, i) = *ids.get(after.checked_sub(1)?)?;
                (x == id).then_some(i)
            };
            let mut resolved = Vec::with_capacity(flows.len());
            resolved.extend(flows.iter().filter_map(|f| {
                Some(ResolvedFlow {
                    from: place(&f.from)?,
                    to: place(&f.to)?,
                    kind: f.kind,
                    label: f.label.as_deref(),
                })
            }));
            resolved
        }
    }
}

/// A flow's label, wrapped.
fn edge_label(text: &str) -> Attribute {
    html_with("label", text.len() + 8, |out| push_wrapped(out, text, 24))
}

/// The nodes (each with the index of its step, for placing it) and edges of a step graph.
pub(crate) struct Drawn {
    pub nodes: Vec<(usize, Stmt)>,
    pub edges: Vec<Stmt>,
    /// End steps: no outgoing flow other than rework.
    pub is_end: Vec<bool>,
}

/// Draws the steps as nodes `{prefix}s{i}` and the flows between them. A step with two or more
/// alternative flows leaving it gets a gateway diamond `{prefix}g{i}` the branches leave from.
pub(crate) fn steps_and_flows(
    p: &Procedure,
    flows: &[ResolvedFlow<'_>],
    prefix: &str,
    label: StepLabel<'_>,
) -> Drawn {
    let lang = label.lang;
    let mut nodes = Vec::new();
    let mut edges = Vec::new();
    // Per step, its outgoing flows other than rework, and its alternative ones: counted once,
    // so a procedure of many steps is drawn in linear time.
    let mut onward = vec![0usize; p.steps.len()];
    let mut alternatives_from = vec![0usize; p.steps.len()];
    for f in flows {
        if f.kind != FlowKind::Rework
            && let Some(n) = onward.get_mut(f.from)
        {
            *n += 1;
        }
        if f.kind == FlowKind::Alternative
            && let Some(n) = alternatives_from.get_mut(f.from)
        {
            *n += 1;
        }
    }
    let is_end: Vec<bool> = onward.iter().map(|&n| n == 0).collect();
    let ids: Vec<String> = (0..p.steps.len())
        .map(|i| format!("{prefix}s{i}"))
        .collect();
    let step_id = |i: usize| {
        ids.get(i)
            .cloned()
            .unwrap_or_else(|| format!("{prefix}s{i}"))
    };

    for (i, step) in p.steps.iter().enumerate() {
        let marks = label
            .overlay
            .map(|o| o.step_marks(step))
            .unwrap_or_default();
        let mut attrs = Vec::with_capacity(5);
        attrs.extend(style::step_shape(step));
        attrs.extend(style::step_colours(&marks).into_iter().flatten());
        attrs.push(html_with("label", 512, |out| {
            style::step_label(out, step, &marks, label);
        }));
        nodes.push((i, node(step_id(i), attrs)));

        let alternatives = alternatives_from.get(i).copied().unwrap_or(0);
        if alternatives >= 2 {
            let gateway = format!("{prefix}g{i}");
            nodes.push((
                i,
                node(
                    gateway.as_str(),
                    vec![
                        a("shape", "diamond"),
                        a("style", "filled"),
                        q("fillcolor", style::TASK_FILL),
                        q("color", style::ALTERNATIVE),
                        a("width", "0.35"),
                        a("height", "0.35"),
                        a("fixedsize", "true"),
                        a("fontsize", "9"),
                        html("label", "<B>×</B>"),
                    ],
                ),
            ));
            edges.push(edge(step_id(i), gateway, vec![]));
        }
    }

    for f in flows {
        let gated = f.kind == FlowKind::Alternative
            && alternatives_from.get(f.from).copied().unwrap_or(0) >= 2;
        let from = if gated {
            format!("{prefix}g{}", f.from)
        } else {
            step_id(f.from)
        };
        let to = step_id(f.to);
        let attrs = match f.kind {
            FlowKind::Normal => {
                let mut v = Vec::new();
                if let Some(l) = f.label {
                    v.push(edge_label(l));
                }
                v
            }
            FlowKind::Rework => vec![
                a("style", "dashed"),
                q("color", style::REWORK),
                q("fontcolor", style::REWORK),
                a("constraint", "false"),
                edge_label(f.label.unwrap_or(lang.pick("làm lại", "rework"))),
            ],
            FlowKind::Alternative => {
                let mut v = vec![
                    a("style", "dotted"),
                    a("penwidth", "1.8"),
                    q("color", style::ALTERNATIVE),
                    q("fontcolor", style::ALTERNATIVE),
                ];
                let text = f.label.or(if gated {
                    None
                } else {
                    Some(lang.pick("phương án", "alternative"))
                });
                if let Some(l) = text {
                    v.push(edge_label(l));
                }
                v
            }
            FlowKind::Reject => vec![
                a("style", "dashed"),
                q("color", style::REWORK),
                q("fontcolor", style::REWORK),
                edge_label(f.label.unwrap_or(lang.pick("từ chối", "refused"))),
            ],
        };
        edges.push(edge(from, to, attrs));
    }
    Drawn {
        nodes,
        edges,
        is_end,
    }
}
